#!/usr/bin/env bash
# Set everything up and run every check: lint, format, types, import layers, unit + integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/system-deps.sh
bash scripts/obtain-corpus.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 UNSTRUCTURED_DISABLE_NOTICE=1 TOKENIZERS_PARALLELISM=false
echo "==> ruff" >&2
.venv/bin/ruff check mmrag tests bench
.venv/bin/ruff format --check mmrag tests bench
echo "==> mypy --strict mmrag" >&2
.venv/bin/mypy mmrag
echo "==> pytest" >&2
.venv/bin/python -m pytest -m "unit or integration" "$@"
