#!/usr/bin/env bash
# Regenerate the shipped release graph mscexo_ld/_data/mscexo.nt: the mscexo.nt that
# `mscexo-ld build` writes from the curated data/. Run after changing data/ or ontology/ and commit
# the result (tests/test_package.py fails while the shipped graph differs from a fresh build).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$python" -m mscexo_ld build --out "$out/build" >/dev/null
cp "$out/build/mscexo.nt" mscexo_ld/_data/mscexo.nt
echo "release-graph: wrote mscexo_ld/_data/mscexo.nt ($(wc -l <mscexo_ld/_data/mscexo.nt) triples)" >&2
