#!/usr/bin/env bash
# The test suite (installs what it needs first), on every core (pytest-xdist, -n auto).
#   bash scripts/test.sh          the developer's run: every test except those marked `slow`, the
#                                 end-to-end ones that take several seconds to minutes each (wheel and
#                                 sdist installed into fresh venvs, builds SIGKILLed at random, Fuseki,
#                                 the site in a browser, benchmark runs, external tools' round trips,
#                                 whole builds run for one feature, load tests). Measured 2026-12-05 on
#                                 the 2-core machine, quiet, with the Fuseki and ROBOT jars fetched:
#                                 115-117 s wall, 216-220 CPU-seconds (982 passed); the same morning,
#                                 before --dist loadfile, the slow markers and cheaper bad-input cases,
#                                 217 s and 414 CPU-s (earlier, before build_linked, 520-530 CPU-s).
#                                 benchmarks/pipeline.py --tests times this command as issue 17's target 2
#   bash scripts/test.sh --all    every test, the slow ones too: what CI runs (.ci/run); about 12 min of CPU
# pytest-xdist gets whole files (--dist loadfile), in the order of collection (--no-loadscope-reorder),
# which tests/conftest.py makes costliest first (HEAVY_FIRST): a file's module fixtures (a release, a
# server, one Java for every Jena case) are made once per run, not once per worker; on ten such files
# with 2 workers this took 84 CPU-s and 50 s where the default --dist load took 130 CPU-s and 150 s.
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
