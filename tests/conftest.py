"""Shared fixtures: offline model settings, an isolated data dir, and the dev corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Tests answer extractively unless they opt into a model (an installed local model must not
# change what other tests see); tests of the model path set their own mode.
os.environ.setdefault("MMRAG_ANSWER_MODE", "extractive")

REPO = Path(__file__).resolve().parent.parent


def corpus_root() -> Path:
    """The dev corpus built by ``scripts/obtain-corpus.sh`` (``MMRAG_CORPUS_DIR`` overrides)."""
    default = Path.home() / ".cache" / "mmrag" / "corpus"
    return Path(os.environ.get("MMRAG_CORPUS_DIR", default))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The dev corpus; fails (not skips) when it is missing, so CI cannot pass without it."""
    root = corpus_root()
    if not (root / "SHA256SUMS").is_file():
        pytest.fail(f"dev corpus missing at {root}: run `bash scripts/obtain-corpus.sh`")
    return root


@pytest.fixture(scope="session")
def qa_items(corpus_dir: Path) -> list[dict[str, object]]:
    """The dev questions (qa.jsonl next to the corpus, or in ``MMRAG_QA_FILE``)."""
    qa = Path(os.environ.get("MMRAG_QA_FILE", corpus_dir / "qa.jsonl"))
    return [json.loads(line) for line in qa.read_text().splitlines() if line.strip()]


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated ``MMRAG_DATA_DIR`` for one test."""
    path = tmp_path / "data"
    monkeypatch.setenv("MMRAG_DATA_DIR", str(path))
    from mmrag.platform.settings import get_settings

    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()
