#!/usr/bin/env bash
# Set everything up, ingest the bundled examples on the embedded default and answer a question
# with citations. `bash scripts/demo.sh --serve` then starts the UI and API.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export MMRAG_DATA_DIR=${MMRAG_DATA_DIR:-$PWD/data}
.venv/bin/mmrag ingest examples/heronsgate_water_2024.pdf examples/heronsgate_briefing.wav
.venv/bin/mmrag ask "${MMRAG_DEMO_QUESTION:-How many customers did Heronsgate Water serve in 2024?}"
if [ "${1:-}" = "--serve" ]; then
  exec .venv/bin/mmrag ui
fi
