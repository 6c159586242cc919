#!/usr/bin/env bash
# Fuzzes raamat's parsers with cargo-fuzz (libFuzzer). Needs the nightly
# toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Usage: fuzz/run.sh [SECONDS] [TARGET…]   (default: 600 s each, every target)
# The corpus starts from fuzz/seeds/, fuzz/regressions/ and the example site's
# Markdown; what libFuzzer finds is kept in fuzz/corpus/ (not committed), and
# a crash is written to fuzz/artifacts/<target>/. Copy a crash into
# fuzz/regressions/<target>/ and fix it: tests/fuzz_regressions.rs replays
# every file there in the normal test suite.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter markdown questions course_toml link)
for t in "${targets[@]}"; do
  corpus="corpus/$t"
  mkdir -p "$corpus"
  cp -n seeds/"$t"/* regressions/"$t"/* "$corpus"/ 2>/dev/null || true
  case "$t" in
    front_matter|markdown) find ../content -name '*.md' -exec cp -n {} "$corpus"/ \; ;;
    questions) cp -n ../courses/*/*.md "$corpus"/ ;;
    course_toml) for f in ../courses/*/course.toml; do cp -n "$f" "$corpus/$(basename "$(dirname "$f")").toml"; done ;;
  esac
  echo "== $t: $seconds s"
  cargo +nightly fuzz run "$t" "$corpus" -- -max_total_time="$seconds" -max_len=65536 -timeout=10
done
