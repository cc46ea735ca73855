#!/usr/bin/env bash
# The main job: install, build the release into build/, validate it, and answer
# "which miRNAs carried by MSC-Exos act via PTEN?".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/mscexo-ld build
.venv/bin/mscexo-ld validate
.venv/bin/mscexo-ld query mirnas-via-gene --param gene=PTEN
