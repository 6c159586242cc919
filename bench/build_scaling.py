#!/usr/bin/env python3
"""How `raamat build` time grows with the number of pages.

Generates sites of increasing size (pages in et and ru, 20 sections, four
numbered headings and a cross-link per page) and times full builds. The
reference is the smallest site, measured in the same run: time per page should
stay flat (ratio near 1.0) if the build is linear.

Usage: python3 bench/build_scaling.py [--binary target/release/raamat] [--sizes 500,2000,5000]
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_latency import REPO, generate_site  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(REPO, "target/release/raamat"))
    ap.add_argument("--sizes", default="500,2000,5000", help="pages per language")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as root:
            pages = generate_site(root, size)
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                subprocess.run([args.binary, "build", "--root", root, "--quiet"], check=True, stdout=subprocess.DEVNULL)
                times.append((time.perf_counter() - t) * 1000)
            rows.append((pages, statistics.median(times)))
    base = rows[0][1] / rows[0][0]
    print(f"{'pages':>7} {'build':>10} {'ms/page':>8} {'per-page vs smallest':>21}")
    for pages, ms in rows:
        print(f"{pages:7} {ms:8.0f}ms {ms / pages:8.3f} {ms / pages / base:20.2f}x")


if __name__ == "__main__":
    sys.exit(main())
