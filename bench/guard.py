#!/usr/bin/env python3
"""Regression guard: raamat's build time relative to the raw floor must not get worse.

Builds the 500-pages-per-language corpus of bench/corpus.py (tree layout, raamat's default
theme, the `product` set of bench/compare.py), times `raamat build` and the floor program
(bench/floor: the same Markdown rendered by pulldown-cmark in parallel, nothing else)
alternately, one warm-up each and then --runs runs each (a floor sample is the mean of
five runs, it is that short), and divides the medians. The
ratio, not the time, is compared with bench/baseline.json, so a slower machine moves both
sides; exit 1 when the ratio is more than 30 % (--tolerance) above the baseline's.
--update writes the measured figures as the new baseline.

The guarded ratio is of CPU time (user + system of the whole process, from wait4): on a
shared machine other processes stretch wall time unevenly (a 0.1 s floor run can take
five times as long when the cores are busy), while CPU time stays put. The wall-clock
ratio is printed beside it. CPU time does not see a loss of parallelism; bench/compare.py
reports both.

The floor is built when it is missing (cargo build --release of bench/floor, its own
workspace, into target/ of the repository).

Usage: python3 bench/guard.py [--binary target/release/raamat] [--runs 5] [--update]
"""
import argparse, datetime, json, os, platform, shutil, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
from compare import command, default_tmp, find_floor, run_once  # noqa: E402

REPO = corpus.REPO
BASELINE = os.path.join(REPO, "bench", "baseline.json")
FLOOR_REPEAT = 5


def build_floor():
    target = os.path.join(REPO, "target")
    print("building the floor program (bench/floor) into target/release/ ...", file=sys.stderr, flush=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", os.path.join(REPO, "bench", "floor", "Cargo.toml")],
                   check=True, env=dict(os.environ, CARGO_TARGET_DIR=target))
    return os.path.join(target, "release", "raamat-floor")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "raamat"))
    ap.add_argument("--floor", help="the floor program (default: target/release/raamat-floor, built if missing)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", type=int, default=500, help="pages per language")
    ap.add_argument("--tolerance", type=float, default=0.30, help="allowed growth of the ratio (0.30 = 30 %%)")
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--update", action="store_true", help="write the measured figures to the baseline")
    a = ap.parse_args()
    if not os.access(a.binary, os.X_OK):
        sys.exit(f"guard: no raamat binary at {a.binary} (cargo build --release, or --binary)")
    floor = find_floor(a.floor) if not a.floor else a.floor
    if not floor or not os.access(floor, os.X_OK):
        floor = build_floor()

    with tempfile.TemporaryDirectory(prefix="raamat-guard-", dir=default_tmp()) as tmp:
        site = os.path.join(tmp, "raamat")
        md = os.path.join(tmp, "floor")
        corpus.generate(site, "raamat", "product", a.pages)
        corpus.generate(md, "markdown", "engine", a.pages)
        jobs = {"raamat": command("raamat", a.binary, site, os.path.join(tmp, "out-raamat")),
                "floor": command("floor", floor, md, os.path.join(tmp, "out-floor"))}
        times = {"raamat": [], "floor": []}
        cpu = {"raamat": [], "floor": []}
        # The floor takes ~0.1 s, so one run of it is mostly start-up and scheduling noise:
        # each of its samples is the mean of FLOOR_REPEAT runs.
        repeat = {"raamat": 1, "floor": FLOOR_REPEAT}
        for i in range(a.runs + 1):  # the first round is the warm-up
            for name, cmd in jobs.items():
                wall = cpus = 0.0
                for _ in range(repeat[name]):
                    shutil.rmtree(cmd[-1] if name == "floor" else cmd[cmd.index("--out") + 1], ignore_errors=True)
                    w, _, c = run_once(cmd)
                    wall, cpus = wall + w / repeat[name], cpus + c / repeat[name]
                if i:
                    times[name].append(wall)
                    cpu[name].append(cpus)
    raamat_s, floor_s = statistics.median(times["raamat"]), statistics.median(times["floor"])
    raamat_cpu, floor_cpu = statistics.median(cpu["raamat"]), statistics.median(cpu["floor"])
    wall_ratio = raamat_s / floor_s
    ratio = raamat_cpu / floor_cpu
    now = dict(ratio=round(ratio, 3), raamat_cpu_median_s=round(raamat_cpu, 4), floor_cpu_median_s=round(floor_cpu, 4),
               wall_ratio=round(wall_ratio, 3), raamat_median_s=round(raamat_s, 4), floor_median_s=round(floor_s, 4),
               pages_per_language=a.pages, runs=a.runs, cores=os.cpu_count(), machine=platform.machine(),
               loadavg=round(os.getloadavg()[0], 2), date=datetime.date.today().isoformat())
    print(f"guard: {2 * a.pages} pages, median of {a.runs}: CPU raamat {raamat_cpu:.3f} s, floor {floor_cpu:.3f} s, "
          f"raamat / floor = {ratio:.2f}; wall raamat {raamat_s:.3f} s, floor {floor_s:.3f} s, "
          f"raamat / floor = {wall_ratio:.2f} (load average {os.getloadavg()[0]:.1f})")
    if a.update:
        with open(a.baseline, "w") as f:
            json.dump(now, f, indent=1)
            f.write("\n")
        print(f"guard: baseline written to {os.path.relpath(a.baseline, REPO)}")
        return 0
    if not os.path.exists(a.baseline):
        print(f"guard: no baseline at {a.baseline}; run python3 bench/guard.py --update", file=sys.stderr)
        return 1
    base = json.load(open(a.baseline))
    limit = base["ratio"] * (1 + a.tolerance)
    print(f"guard: baseline CPU raamat / floor = {base['ratio']:.2f} (from {base.get('date', '?')}); "
          f"limit {limit:.2f} (+{a.tolerance:.0%}); now {ratio:.2f}")
    if ratio > limit:
        print(f"guard: FAIL: raamat / floor is {ratio / base['ratio'] - 1:+.0%} against the baseline "
              f"(more than +{a.tolerance:.0%}). If the slowdown is intended, run python3 bench/guard.py --update "
              "and commit bench/baseline.json.", file=sys.stderr)
        return 1
    print("guard: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
