#!/usr/bin/env bash
# The whole test suite (installs what it needs first). Extra arguments go to pytest.
# Tests that need what this machine lacks (chromium for the site's browser tests, Virtuoso for the
# second triple store, ../shared for the review's text and the reference index) are skipped, not
# failed; the run ends with the list of skips and their reasons. In CI, .ci/run sets
# MSCEXO_REQUIRE_BROWSER/VIRTUOSO/SHARED=1, which turns those skips into failures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
.venv/bin/python -m pytest -rs "$@" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e
skips=$(grep -E '^SKIPPED ' "$log" || true)
if [ -n "$skips" ]; then
  count=$(awk '/^SKIPPED \[[0-9]+\]/ { gsub(/[^0-9]/, "", $2); n += $2 } END { print n }' "$log")
  echo
  echo "test.sh: $count test(s) skipped, NOT a full run; the reasons:"
  echo "$skips" | sed 's/^SKIPPED /  /'
  echo "test.sh: install what they name (or run .ci/run as root on Debian, which installs chromium and Virtuoso)" \
    "to run them; MSCEXO_REQUIRE_BROWSER=1, MSCEXO_REQUIRE_VIRTUOSO=1, MSCEXO_REQUIRE_SHARED=1 make them fail instead."
else
  echo "test.sh: no test skipped"
fi
exit "$code"
