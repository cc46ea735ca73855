#!/usr/bin/env bash
# The test suite (installs what it needs first), on every core (pytest-xdist, -n auto).
#   bash scripts/test.sh          the developer's run: every test except those marked `slow`, the
#                                 end-to-end ones that take tens of seconds to minutes each (wheel and
#                                 sdist installed into fresh venvs, builds SIGKILLed at random, Fuseki,
#                                 the site in a browser, benchmark runs). Measured 2026-12-05 on the
#                                 2-core machine: 420-490 CPU-seconds (user+sys) in all, 3.7 min wall at
#                                 load ~2 (10 min at load ~6); before build_linked, 520-530 CPU-s. About
#                                 230 CPU-s of it are 24 tests that each build or release the whole graph
#                                 (~8 CPU-s apiece): a faster `build` is what shortens this run most
#   bash scripts/test.sh --all    every test, the slow ones too: what CI runs (.ci/run); about 12 min of CPU
# MSCEXO_TEST_ALL=1 is the same as --all. Other arguments go to pytest, after these (so `-n 0`, or a
# test file, take precedence). The slow tests left out are reported as skipped, with that reason
# (MSCEXO_SKIP_SLOW=1, which tests/conftest.py reads), so the run ends saying it was not a full run.
# Tests that need what this machine lacks (chromium for the site's browser tests, Virtuoso for the
# second triple store, ../shared for the review's text and the reference index) are skipped, not
# failed; the run ends with the list of skips and their reasons. In CI, .ci/run sets
# MSCEXO_REQUIRE_BROWSER/VIRTUOSO/SHARED=1, which turns those skips into failures.
set -euo pipefail
cd "$(dirname "$0")/.."
all=${MSCEXO_TEST_ALL:-0}
if [ "${1:-}" = "--all" ]; then
  all=1
  shift
fi
bash scripts/setup.sh
if [ "$all" = 1 ]; then
  export MSCEXO_SKIP_SLOW=0
else
  export MSCEXO_SKIP_SLOW=1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
.venv/bin/python -m pytest -n auto --dist loadfile --no-loadscope-reorder -rs "$@" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e
skips=$(grep -E '^SKIPPED ' "$log" || true)
if [ -n "$skips" ]; then
  count=$(awk '/^SKIPPED \[[0-9]+\]/ { gsub(/[^0-9]/, "", $2); n += $2 } END { print n }' "$log")
  echo
  echo "test.sh: $count test(s) skipped, NOT a full run; the reasons:"
  echo "$skips" | sed 's/^SKIPPED /  /'
  echo "test.sh: install what they name (or run .ci/run as root on Debian, which installs chromium and Virtuoso)" \
    "to run them; MSCEXO_REQUIRE_BROWSER=1, MSCEXO_REQUIRE_VIRTUOSO=1, MSCEXO_REQUIRE_SHARED=1 make them fail instead." \
    "The slow ones: bash scripts/test.sh --all."
else
  echo "test.sh: no test skipped"
fi
exit "$code"
