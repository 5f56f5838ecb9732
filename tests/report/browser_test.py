#!/usr/bin/env python3
"""The HTML report in a real browser: headless Chromium renders the page of
each corpus given, takes a screenshot (PNG) and dumps the DOM it built.

Checks, per page:
  - no network request: Chromium runs with every request sent through a
    proxy that this script listens as, on the loopback interface (loopback
    included: --proxy-bypass-list=<-loopback>), so any http(s) or ws fetch
    the page made would arrive here. Chromium's own background services
    (component updates, accounts; hosts in BROWSER_SERVICES) ask too, page or
    no page, and are listed but allowed. A control page that loads an image
    from a made-up host and logs a console error must be caught by both
    checks, which proves the proxy and the console capture see what they
    should. (file: URLs never pass a proxy; html_numbers.py checks that the
    page names no URL at all.)
  - no console message of any level (--enable-logging=stderr: INFO:CONSOLE);
  - every chart (<svg class="chart">) has a <title>, a <desc> and at least
    one mark (class="mark"), or says "No data" (data-empty) when its table is
    empty; the page has as many charts as imr wrote;
  - the screenshot is a PNG of the requested size.

Exit 77 (a skip for ctest) when no Chromium is installed, unless
IMR_REQUIRE_BROWSER is set (scripts/test.sh sets it: CI installs Chromium).

Usage: browser_test.py --imr build/bin/imr --shots DIR CORPUS...
"""
import argparse
import html.parser
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading

BROWSER_SERVICES = {"update.googleapis.com", "accounts.google.com", "clients2.google.com", "redirector.gvt1.com",
                    "optimizationguide-pa.googleapis.com", "content-autofill.googleapis.com"}
CONTROL_HOST = "imr-report-control.invalid"
WIDTH, HEIGHT = 1000, 2400


class Proxy:
    """Accepts connections on 127.0.0.1 and records each request line."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests = []
        self.stopped = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            conn.settimeout(2)
            try:
                data = conn.recv(4096)
            except OSError:
                data = b""
            line = data.split(b"\r\n", 1)[0].decode(errors="replace")
            self.requests.append(line or "(connection without a request)")
            conn.close()  # nothing is served: the request fails

    def take(self):
        requests, self.requests = self.requests, []
        return requests

    def stop(self):
        self.stopped = True
        self.thread.join()
        self.sock.close()


def host_of(request):
    # "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1"
    parts = request.split()
    if len(parts) < 2:
        return ""
    target = parts[1]
    if "://" in target:
        target = target.split("://", 1)[1].split("/", 1)[0]
    return target.rsplit(":", 1)[0] if ":" in target else target


def find_browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_browser(browser, proxy, url, extra, profile):
    args = [browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            f"--user-data-dir={profile}", f"--proxy-server=http://127.0.0.1:{proxy.port}",
            "--proxy-bypass-list=<-loopback>", "--enable-logging=stderr", "--v=0",
            f"--window-size={WIDTH},{HEIGHT}"] + extra + [url]
    if os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
    result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")


def console_lines(stderr):
    return [line for line in stderr.splitlines() if "CONSOLE" in line]


class Charts(html.parser.HTMLParser):
    """Per <svg class="chart">: its id, whether empty, marks, title, desc."""

    def __init__(self):
        super().__init__()
        self.charts = []
        self.depth = 0  # inside a chart: nesting depth

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "chart" in (a.get("class") or "").split():
            self.charts.append({"id": a.get("data-chart"), "empty": "data-empty" in a, "marks": 0, "title": False,
                                "desc": False})
            self.depth = 1
            return
        if self.depth:
            self.depth += 1
            chart = self.charts[-1]
            if "mark" in (a.get("class") or "").split():
                chart["marks"] += 1
            if tag == "title" and self.depth == 2:
                chart["title"] = True
            if tag == "desc" and self.depth == 2:
                chart["desc"] = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def chart_problems(dom, written):
    parser = Charts()
    parser.feed(dom)
    problems = []
    if len(parser.charts) != written:
        problems.append(f"the DOM has {len(parser.charts)} charts, imr wrote {written}")
    for c in parser.charts:
        if not c["title"] or not c["desc"]:
            problems.append(f"chart {c['id']} lacks its <title> or <desc>")
        if c["marks"] == 0 and not c["empty"]:
            problems.append(f"chart {c['id']} has no marks")
        if c["marks"] != 0 and c["empty"]:
            problems.append(f"chart {c['id']} says it is empty but has marks")
    return problems, parser.charts


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def check_page(browser, proxy, page, shot, tmp):
    problems = []
    written = open(page, encoding="utf-8").read().count('<svg class="chart"')
    url = "file://" + os.path.abspath(page)
    dom, err = run_browser(browser, proxy, url, ["--dump-dom"], os.path.join(tmp, "profile-dom"))
    requests = proxy.take()
    _, err_shot = run_browser(browser, proxy, url, [f"--screenshot={shot}"], os.path.join(tmp, "profile-shot"))
    requests += proxy.take()
    page_requests = [r for r in requests if host_of(r) not in BROWSER_SERVICES]
    problems += [f"network request: {r}" for r in page_requests]
    problems += [f"console: {line}" for line in console_lines(err) + console_lines(err_shot)]
    found, charts = chart_problems(dom, written)
    problems += found
    size = png_size(shot) if os.path.exists(shot) else None
    if size != (WIDTH, HEIGHT):
        problems.append(f"screenshot {shot}: not a {WIDTH}x{HEIGHT} PNG ({size})")
    marks = sum(c["marks"] for c in charts)
    print(f"browser_test: {page}: {len(charts)} charts, {marks} marks, {len(page_requests)} page requests "
          f"({len(requests) - len(page_requests)} by the browser's own services), screenshot {shot}")
    return problems


def check_control(browser, proxy, tmp):
    """The checks must catch a page that fetches and logs."""
    control = os.path.join(tmp, "control.html")
    with open(control, "w") as f:
        f.write(f'<!DOCTYPE html><html><body><img src="http://{CONTROL_HOST}/x.png">'
                '<script>console.error("imr-control")</script></body></html>')
    _, err = run_browser(browser, proxy, "file://" + control, ["--dump-dom"], os.path.join(tmp, "profile-control"))
    requests = proxy.take()
    problems = []
    if not any(host_of(r) == CONTROL_HOST for r in requests):
        problems.append(f"control: the proxy did not see the control page's request (saw {requests})")
    if not any("imr-control" in line for line in console_lines(err)):
        problems.append("control: the console error of the control page was not captured")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--imr", required=True)
    parser.add_argument("--shots", required=True, help="folder for the screenshots")
    parser.add_argument("corpora", nargs="+")
    args = parser.parse_args()
    browser = find_browser()
    if browser is None:
        if os.environ.get("IMR_REQUIRE_BROWSER"):
            print("browser_test: FAIL: no Chromium, and IMR_REQUIRE_BROWSER is set (bash scripts/setup.sh installs it)")
            return 1
        print("browser_test: SKIP: Chromium is not installed (bash scripts/setup.sh installs the chromium package)")
        return 77
    os.makedirs(args.shots, exist_ok=True)
    problems = []
    proxy = Proxy()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            problems += check_control(browser, proxy, tmp)
            for corpus in args.corpora:
                if not os.path.exists(corpus):
                    print(f"browser_test: {corpus} is absent; skipped")
                    continue
                name = os.path.basename(os.path.normpath(corpus))
                page = os.path.join(tmp, f"{name}.html")
                subprocess.run([args.imr, "stats", "--format", "html", "--out", page, corpus], check=False,
                               stderr=subprocess.DEVNULL)
                problems += [f"{corpus}: {p}" for p in
                             check_page(browser, proxy, page, os.path.join(args.shots, f"report-{name}.png"), tmp)]
    finally:
        proxy.stop()
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
