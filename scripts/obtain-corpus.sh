#!/usr/bin/env bash
# Build the dev corpus once into a cache outside the repo (MMRAG_CORPUS_DIR, default
# ~/.cache/mmrag/corpus) from shared/corpus/obtain.sh, and copy the QA files next to it.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${MMRAG_CORPUS_DIR:-$HOME/.cache/mmrag/corpus}
shared=${MMRAG_SHARED_DIR:-../shared}
if [ -f "$dest/SHA256SUMS" ] && [ -f "$dest/qa.jsonl" ]; then
  exit 0
fi
if [ ! -f "$shared/corpus/obtain.sh" ]; then
  echo "dev corpus not found: set MMRAG_CORPUS_DIR to a built corpus or MMRAG_SHARED_DIR to shared/" >&2
  exit 2
fi
mkdir -p "$dest"
bash "$shared/corpus/obtain.sh" "$dest"
cp "$shared/corpus/qa.jsonl" "$shared/corpus/unanswerable.txt" "$dest/"
