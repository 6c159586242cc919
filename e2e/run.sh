#!/usr/bin/env bash
# End-to-end tests of the SCORM packages and the course runtime (course.js) in Chromium,
# with scorm-again as the LMS. Runnable from a clean clone:
#   e2e/run.sh                          build with `cargo run -- build`, then test public/courses/*
#   RAAMAT_PACKAGES=/dir e2e/run.sh     test the zips under /dir (<id>/<id>-<lang>-scorm12.zip …), no build
#   RAAMAT_PACKAGES=fixture e2e/run.sh  test course.js on the hand-written fixture only, no build
# Extra arguments go to `node --test` (e.g. --test-name-pattern=resume).
set -euo pipefail
if [ -n "${RAAMAT_PACKAGES:-}" ] && [ "$RAAMAT_PACKAGES" != fixture ]; then
  RAAMAT_PACKAGES=$(cd "$RAAMAT_PACKAGES" && pwd)
  export RAAMAT_PACKAGES
fi
cd "$(dirname "$0")"
E2E=$(pwd)
REPO=$(cd .. && pwd)

# System tools: Chromium (tests run Debian's build, no browser download) and xmllint.
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "e2e: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "e2e: missing ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

# Node packages, exactly as locked (npm ci); scripts off, so nothing downloads a browser.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# The packages under test.
if [ -z "${RAAMAT_PACKAGES:-}" ] && [ "${RAAMAT_SKIP_BUILD:-0}" != 1 ]; then
  echo "e2e: cargo run -- build" >&2
  (cd "$REPO" && cargo run --quiet -- build)
fi

exec node --test --test-concurrency="${RAAMAT_TEST_CONCURRENCY:-2}" "$@" "$E2E"/tests/*.test.js
