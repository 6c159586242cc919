#!/usr/bin/env python3
"""Save-to-browser latency of `raamat serve`.

For each site: start `raamat serve`, listen to its Server-Sent Events like an
open browser tab, append a marker to a page, and time from the write until the
server has announced the reload AND serves HTML containing the marker. The
reference, measured in the same run, is a full `raamat build` of the same site;
figures are reported as milliseconds and as a ratio to that reference.

Usage: python3 bench/serve_latency.py [--binary target/release/raamat] [--runs 15]
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate_site(root, entries):
    """A site of `entries` pages in each of et and ru (20 sections)."""
    shutil.copy(os.path.join(REPO, "raamat.toml"), os.path.join(root, "raamat.toml"))
    content = os.path.join(root, "content")
    for lang, title in (("et", "Avaleht"), ("ru", "Главная")):
        os.makedirs(content, exist_ok=True)
        open(os.path.join(content, f"_index.{lang}.md"), "w").write(f'+++\ntitle = "{title}"\n+++\nTere.\n')
    per_section = max(1, entries // 20)
    for s in range(20):
        folder = os.path.join(content, f"osa-{s:02}")
        os.makedirs(folder, exist_ok=True)
        for lang in ("et", "ru"):
            open(os.path.join(folder, f"_index.{lang}.md"), "w").write(f'+++\ntitle = "Osa {s} {lang}"\nweight = {s}\n+++\nSissejuhatus.\n')
        for p in range(per_section):
            for lang in ("et", "ru"):
                body = "\n\n".join(
                    f"## {p}.{k} Alajaotis {{#a{k}}}\n\nJuhtumikorraldaja kohtub kliendiga ja koostab plaani. " * 3
                    for k in range(4)
                )
                link = f"\n\nVaata ka [eelmist](lk-{p-1:04}.md#a1).\n" if p else "\n"
                open(os.path.join(folder, f"lk-{p:04}.{lang}.md"), "w").write(
                    f'+++\ntitle = "Lehekülg {s}-{p} {lang}"\nweight = {p}\n+++\n{body}{link}'
                )
    return per_section * 20 * 2 + 42


def full_build_ms(binary, root, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([binary, "build", "--root", root, "--quiet"], check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


class Events:
    """A Server-Sent Events client that waits for `event: reload`."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__raamat/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.buf = b""
        self.wait_for(b"event: hello")

    def wait_for(self, needle, timeout=10):
        self.sock.settimeout(timeout)
        while needle not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("event stream closed")
            self.buf += chunk
        self.buf = self.buf.split(needle, 1)[1]


def measure(binary, root, page, url, runs):
    proc = subprocess.Popen([binary, "serve", "--root", root, "--port", "0", "--quiet"], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        events = Events(port)
        path = os.path.join(root, page)
        original = open(path, encoding="utf-8").read()
        samples = []
        for i in range(runs):
            marker = f"mõõtmine-{i}-{time.time_ns()}"
            t = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original + f"\n\n{marker}\n")
            # Like an open tab: reload on every event until the page has the edit
            # (a reload left over from the previous write may come first).
            for _ in range(5):
                events.wait_for(b"event: reload")
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}{url}").read().decode()
                if marker in html:
                    break
            else:
                raise RuntimeError(f"run {i}: the served page never got the edit")
            samples.append((time.perf_counter() - t) * 1000)
            time.sleep(0.15)  # let the editor-like write settle before the next one
        open(path, "w", encoding="utf-8").write(original)
        return samples
    finally:
        proc.terminate()
        proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(REPO, "target/release/raamat"))
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--large", type=int, default=2000, help="pages per language of the generated site")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        example = os.path.join(tmp, "example")
        os.makedirs(example)
        for item in ("raamat.toml", "content", "courses"):
            src = os.path.join(REPO, item)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(example, item))
        large = os.path.join(tmp, "large")
        os.makedirs(large)
        pages = generate_site(large, args.large)
        for name, root, page, url in (
            ("example site: handbook page", example, "content/handbook/hindamine.et.md", "/et/handbook/hindamine/"),
            ("example site: course module", example, "courses/juhtumikorraldus/02-hindamine.et.md", "/et/courses/juhtumikorraldus/02-hindamine/"),
            (f"generated site ({pages} pages)", large, "content/osa-07/lk-0042.et.md", "/et/osa-07/lk-0042/"),
        ):
            reference = full_build_ms(args.binary, root)
            samples = measure(args.binary, root, page, url, args.runs)
            med, worst = statistics.median(samples), max(samples)
            rows.append((name, med, sorted(samples)[int(len(samples) * 0.9) - 1], worst, reference))
    print(f"{'site':34} {'median':>8} {'p90':>8} {'max':>8} {'full build':>11} {'median/full':>12}")
    for name, med, p90, worst, ref in rows:
        print(f"{name:34} {med:7.1f}ms {p90:7.1f}ms {worst:7.1f}ms {ref:9.1f}ms {med / ref:11.2f}x")


if __name__ == "__main__":
    sys.exit(main())
