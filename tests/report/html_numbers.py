#!/usr/bin/env python3
"""The numbers of `imr stats --format html` are those of `imr stats --format json`.

For each corpus given, renders the page and the JSON report of the same input,
parses the page and checks every element that carries data-json (the path of
the value it shows in the JSON report, see lib/imr/report/html_report.h):
counts must be equal, rates equal to the JSON's rounded to 0.1%; a zero
marked data-json-absent must be a key the JSON leaves out. It also
checks that the page renders from partials alike (`imr merge --format html`
of two shards is byte for byte the page of one run), that every table of
the page is checked (each row's number cells are there), and that the page is
self-contained: no script, no external reference of any kind.

Usage: html_numbers.py --imr build/bin/imr CORPUS...
"""
import argparse
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile


class Page(html.parser.HTMLParser):
    """Collects (data-json, text) of every tagged element, and the tags used."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells = []  # [path_json, text, absent]
        self.open = []  # stack of indexes into cells, or None
        self.tags = set()
        self.attributes = []  # (tag, name, value)
        self.number_cells_without_path = 0
        self.in_td = False
        self.td_has_path = False
        self.td_text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        path = dict(attrs).get("data-json")
        absent = dict(attrs).get("data-json-absent")
        if absent is not None:
            self.cells.append([absent, "", True])
            self.open.append(len(self.cells) - 1)
            path = absent
        elif path is not None:
            self.cells.append([path, "", False])
            self.open.append(len(self.cells) - 1)
        else:
            self.open.append(None)
        if tag == "td":
            self.in_td, self.td_has_path, self.td_text = True, path is not None, ""

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()
        if tag == "td" and self.in_td:
            self.in_td = False
            # A cell that is a plain count but names no JSON path is a number
            # the test cannot check; only derived shares, intervals and text
            # cells may lack a path.
            if not self.td_has_path and re.fullmatch(r"[0-9][0-9,]*", self.td_text.strip()):
                self.number_cells_without_path += 1

    def handle_data(self, data):
        for i in self.open:
            if i is not None:
                self.cells[i][1] += data
        if self.in_td:
            self.td_text += data


def resolve(document, path):
    value = document
    for part in path:
        if isinstance(part, str):
            if not isinstance(value, dict) or part not in value:
                raise KeyError(f"no member {part!r}")
            value = value[part]
        else:
            (field, wanted), = part.items()
            matches = [e for e in value if isinstance(e, dict) and e.get(field) == wanted]
            if len(matches) != 1:
                raise KeyError(f"{len(matches)} elements with {field} = {wanted!r}")
            value = matches[0]
    return value


def check_value(text, value):
    """None when the text shows the value, else why not."""
    text = text.strip()
    if text == "-":
        return None if value is None else f"shows '-' but JSON has {value!r}"
    if value is None:
        return f"shows {text!r} but JSON has null"
    if text.endswith("%"):
        shown = float(text[:-1])
        return None if abs(shown - 100 * value) <= 0.05 + 1e-9 else f"shows {text} but JSON has {value}"
    if re.fullmatch(r"[0-9][0-9,]*", text):
        return None if int(text.replace(",", "")) == value else f"shows {text} but JSON has {value}"
    if re.fullmatch(r"[0-9]+\.[0-9]+", text):
        return None if abs(float(text) - value) <= 0.005 + 1e-9 else f"shows {text} but JSON has {value}"
    return f"shows {text!r}, which is not a number"


def self_contained(page_text, page):
    problems = []
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base", "image", "use", "audio", "video"):
        if tag in page.tags:
            problems.append(f"has a <{tag}> element")
    for tag, name, value in page.attributes:
        if name in ("src", "srcset", "xlink:href", "action", "formaction", "poster", "data"):
            problems.append(f"<{tag}> has {name}={value!r}")
        if name == "href" and not value.startswith("#"):
            problems.append(f"<{tag}> links outside the page: {value!r}")
    for m in re.finditer(r"url\(\s*([^)]*)\)", page_text):
        if not m.group(1).strip("'\"").startswith("#"):
            problems.append(f"CSS fetches {m.group(0)!r}")
    if "@import" in page_text:
        problems.append("CSS @import")
    for scheme in ("http:", "https:", "ftp:", "file:", "data:"):
        if scheme in page_text.lower():
            problems.append(f"the page contains {scheme!r}")
    return problems


def run(imr, args):
    result = subprocess.run([imr] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if result.returncode not in (0, 1):
        sys.exit(f"html_numbers: imr {' '.join(args)} failed ({result.returncode}): {result.stderr.decode()}")
    return result.stdout.decode()


def check_corpus(imr, corpus, tmp):
    failures = []
    report = json.loads(run(imr, ["stats", "--format", "json", corpus]))
    page_text = run(imr, ["stats", "--format", "html", corpus])
    page = Page()
    page.feed(page_text)
    page.close()
    checked = 0
    for path_json, text, absent in page.cells:
        path = json.loads(path_json)
        if absent:
            # A zero for a key the JSON leaves out: the key must be absent.
            try:
                resolve(report, path)
                failures.append(f"{corpus}: {path_json}: shown as absent but the JSON has it")
            except (KeyError, TypeError):
                if text.strip() != "0":
                    failures.append(f"{corpus}: {path_json}: absent but shows {text!r}")
            checked += 1
            continue
        try:
            value = resolve(report, path)
        except (KeyError, TypeError) as e:
            failures.append(f"{corpus}: {path_json}: not in the JSON report ({e})")
            continue
        why = check_value(text, value)
        if why:
            failures.append(f"{corpus}: {path_json}: {why}")
        checked += 1
    if checked < 100:
        failures.append(f"{corpus}: only {checked} numbers carry a JSON path")
    if page.number_cells_without_path:
        failures.append(f"{corpus}: {page.number_cells_without_path} count cells carry no JSON path")
    failures += [f"{corpus}: not self-contained: {p}" for p in self_contained(page_text, page)]

    # Partials of two shards (files alternating), merged, render the same page.
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs) if os.path.isdir(corpus) else [corpus]
    shards = [files[0::2], files[1::2]]
    partials = []
    for i, shard in enumerate(s for s in shards if s):
        partials.append(os.path.join(tmp, f"shard{i}.json"))
        run(imr, ["stats", "--partial", "--out", partials[-1]] + shard)
    merged = run(imr, ["merge", "--format", "html"] + partials)
    if merged != page_text:
        failures.append(f"{corpus}: imr merge --format html of {len(partials)} shards differs from imr stats")
    print(f"html_numbers: {corpus}: {checked} numbers equal the JSON report; {len(partials)} shards merged "
          f"render the same page ({len(page_text)} bytes)")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--imr", required=True)
    parser.add_argument("corpora", nargs="+")
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in args.corpora:
            if not os.path.exists(corpus):
                print(f"html_numbers: {corpus} is absent; skipped")
                continue
            failures += check_corpus(args.imr, corpus, tmp)
    for f in failures[:50]:
        print("FAIL", f)
    if failures:
        print(f"html_numbers: {len(failures)} failures")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
