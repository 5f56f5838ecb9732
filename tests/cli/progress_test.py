#!/usr/bin/env python3
"""The progress line through a pseudo-terminal, and never in a pipe or a file.

Runs imr with its standard error on a pseudo-terminal (Python's pty module)
or on a pipe, its standard output on a pipe, a file or the terminal, and
plays what reached the terminal on a small screen model (carriage return,
erase to end of line, newline), so the checks see what a person would:

  - stats with stderr on a terminal: the line is drawn (bytes of the total,
    letters, MB/s, elapsed) and the final one stays on a line of its own;
    standard output is byte for byte the output of a run without a terminal;
  - stderr on a pipe: no control character reaches it, and stdout is the same;
  - --quiet on a terminal: no line; --progress on a pipe: the line;
  - extract writing records to the terminal: no line (they would interleave);
    with --out: the line;
  - an input problem reported while the line shows: the message is whole on
    its own line of the screen, the progress line below it.

Usage: progress_test.py --imr build/bin/imr --sample data/sample
"""
import argparse
import os
import pty
import subprocess
import sys
import tempfile

ERASE = b"\r\x1b[K"


def run(cmd, stderr_tty, stdout_tty=False, tmp="."):
    """Runs cmd; returns (stdout bytes, stderr bytes, terminal bytes)."""
    out_path = os.path.join(tmp, "stdout")
    master, slave = pty.openpty()
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=slave if stdout_tty else out,
                                stderr=slave if stderr_tty else subprocess.PIPE)
        os.close(slave)
        terminal = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not chunk:
                break
            terminal += chunk
        err = b"" if stderr_tty else proc.stderr.read()
        proc.wait()
    os.close(master)
    with open(out_path, "rb") as f:
        stdout = f.read()
    return stdout, err, terminal


def screen(data):
    """The lines a terminal shows after `data` (no wrapping, no scrolling back)."""
    lines, col = [""], 0
    i = 0
    text = data.decode(errors="replace")
    while i < len(text):
        if text.startswith("\x1b[K", i):
            lines[-1] = lines[-1][:col]
            i += 3
            continue
        c = text[i]
        if c == "\r":
            col = 0
        elif c == "\n":
            lines.append("")
            col = 0
        else:
            line = lines[-1]
            lines[-1] = line[:col] + c + line[col + 1:]
            col += 1
        i += 1
    return [l for l in lines if l]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--imr", required=True)
    parser.add_argument("--sample", required=True)
    args = parser.parse_args()
    imr, sample = args.imr, args.sample
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        plain, _, _ = run([imr, "stats", "--format", "json", sample], stderr_tty=False, tmp=tmp)

        out, _, term = run([imr, "stats", "--format", "json", sample], stderr_tty=True, tmp=tmp)
        shown = screen(term)
        check(out == plain, "stats, stderr on a terminal: stdout differs from a run without one")
        check(ERASE in term, "stats, stderr on a terminal: no progress line drawn")
        check(len(shown) == 1 and "(100%), 300 letters, " in shown[0] and "MB/s" in shown[0]
              and " elapsed" in shown[0], f"stats, stderr on a terminal: the final line is not shown: {shown}")
        check(term.endswith(b"\n"), "stats: the final progress line does not end its line")

        out, err, _ = run([imr, "stats", "--format", "json", sample], stderr_tty=False, tmp=tmp)
        check(out == plain and b"\x1b" not in err and b"\r" not in err,
              f"stats, stderr on a pipe: control characters or a different stdout: {err[:200]!r}")

        _, _, term = run([imr, "stats", "--quiet", "--format", "json", sample], stderr_tty=True, tmp=tmp)
        check(term == b"", f"stats --quiet on a terminal wrote {term[:200]!r}")

        out, err, _ = run([imr, "stats", "--progress", "--format", "json", sample], stderr_tty=False, tmp=tmp)
        check(out == plain, "stats --progress: stdout differs")
        check(ERASE in err and b"300 letters" in err, f"stats --progress on a pipe: no line: {err[:200]!r}")

        _, _, term = run([imr, "extract", "--no-text", sample], stderr_tty=True, stdout_tty=True, tmp=tmp)
        check(ERASE not in term, "extract writing records to the terminal drew a progress line among them")
        records = os.path.join(tmp, "records.jsonl")
        _, _, term = run([imr, "extract", "--no-text", "--out", records, sample], stderr_tty=True, tmp=tmp)
        check(ERASE in term and any("300 letters" in l for l in screen(term)),
              "extract --out on a terminal: no progress line")

        # A problem reported while the line shows.
        corpus = os.path.join(tmp, "corpus")
        os.makedirs(corpus)
        with open(os.path.join(corpus, "a-junk.txt"), "w") as f:
            f.write("this is not a letter\n")
        letter = sorted(os.listdir(os.path.join(sample)))
        src = os.path.join(sample, next(n for n in letter if n.endswith(".txt")))
        with open(src, "rb") as f, open(os.path.join(corpus, "b-letters.txt"), "wb") as g:
            g.write(f.read())
        _, _, term = run([imr, "stats", "--progress", "--format", "json", corpus], stderr_tty=True, tmp=tmp)
        shown = screen(term)
        message = [l for l in shown if "a-junk.txt:byte 0: skipped 21 bytes that belong to no letter" in l]
        check(len(message) == 1 and message[0].endswith("letter"), f"the message is not whole on its line: {shown}")
        check(len(shown) == 2 and " letters, " in shown[-1], f"the progress line is not below the message: {shown}")

    for f in failures:
        print("FAIL", f)
    print(f"progress_test: {'FAILED' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
