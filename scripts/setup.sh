#!/usr/bin/env bash
# Install what mscexo-ld needs into ./.venv (idempotent). Used by quickstart.sh and test.sh.
# Needs: a Python 3.10+ with venv and pip ($PYTHON, else the newest python3.1x, else python3).
# A .venv made with an older Python (or a broken one) is removed and made again, with a message.
# Installs a Java runtime with apt when missing (HermiT, the OWL reasoner, runs on Java) if run as
# root; otherwise says how.
set -euo pipefail
cd "$(dirname "$0")/.."

min_python=3.10  # pyproject's requires-python (mscexo_ld/_version.py MIN_PYTHON)

# Exit status 0 when "$1" is a Python interpreter mscexo-ld supports.
supported() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' >/dev/null 2>&1
}

# "Python 3.x.y" as the interpreter "$1" says it, or what is wrong with it.
describe() {
  local version
  version=$("$1" --version 2>&1 | head -n 1) || true
  echo "${version:-a Python that does not run}"
}

if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing a Java runtime for the OWL reasoner (apt-get install default-jre-headless)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "setup: warning: no java found; the OWL reasoner check will be NOT RUN." >&2
    echo "setup: install one with: sudo apt-get install default-jre-headless" >&2
  fi
fi

if [ -e .venv ] && ! supported .venv/bin/python; then
  echo "setup: .venv was made with $(describe .venv/bin/python); mscexo-ld needs Python $min_python or newer:" \
    "removing .venv and making it again" >&2
  rm -rf .venv
fi

if [ ! -x .venv/bin/python ]; then
  python=""
  for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3.11 python3.10 python3; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && supported "$candidate"; then
      python=$candidate
      break
    fi
  done
  if [ -z "$python" ]; then
    echo "setup: error: no Python $min_python or newer found (python3 is $(describe python3))." >&2
    echo "setup: install one (e.g. sudo apt-get install python3.11 python3.11-venv, or from python.org)," \
      "then run: PYTHON=/path/to/python3.11 bash scripts/setup.sh" >&2
    exit 1
  fi
  echo "setup: creating .venv with $(describe "$python")" >&2
  if ! "$python" -m venv .venv; then
    rm -rf .venv
    echo "setup: error: '$python -m venv' failed; on Debian/Ubuntu install the venv module" \
      "(sudo apt-get install python3-venv) and run this again" >&2
    exit 1
  fi
fi

stamp=.venv/.mscexo-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing mscexo-ld and its dependencies into .venv" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
  .venv/bin/python -m pip install --quiet -e '.[test]'
  touch "$stamp"
fi
