#!/usr/bin/env bash
# Install what mscexo-ld needs into ./.venv (idempotent). Used by quickstart.sh and test.sh.
# Needs: python3 (3.10+) with venv and pip. Installs a Java runtime with apt when missing
# (HermiT, the OWL reasoner, runs on Java) if run as root; otherwise says how.
set -euo pipefail
cd "$(dirname "$0")/.."

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

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  python3 -m venv .venv
fi
stamp=.venv/.mscexo-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing mscexo-ld and its dependencies into .venv" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
  .venv/bin/python -m pip install --quiet -e '.[test]'
  touch "$stamp"
fi
