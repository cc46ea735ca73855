#!/usr/bin/env bash
# Regenerate the shipped release graph mscexo_ld/_data/mscexo.nt: the mscexo.nt that
# `mscexo-ld build` writes from the curated data/. Run after changing data/ or ontology/ and commit
# the result (tests/test_package.py fails while the shipped graph differs from a fresh build).
# With the review's text ($MSCEXO_SOURCE_TEXT or ../shared/seed/), the quote anchors
# (mscexo_ld/_data/quote-anchors.tsv) are recomputed first; the direct edges are copied too.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$python" -m mscexo_ld build --out "$out/build" >/dev/null
text=${MSCEXO_SOURCE_TEXT:-../shared/seed/msc-exos-review.txt}
if [ -f "$text" ]; then
  "$python" -m mscexo_ld.rdf.anchors "$out/build/mscexo.nt" "$text"
  "$python" -m mscexo_ld build --out "$out/build" >/dev/null
else
  echo "release-graph: the review's text ($text) is absent: quote anchors kept as committed" >&2
fi
cp "$out/build/mscexo.nt" mscexo_ld/_data/mscexo.nt
cp "$out/build/direct-edges.nq" mscexo_ld/_data/direct-edges.nq
cp "$out/build/hierarchy.nq" mscexo_ld/_data/hierarchy.nq
echo "release-graph: wrote mscexo_ld/_data/mscexo.nt ($(wc -l <mscexo_ld/_data/mscexo.nt) triples)" >&2
