"""Embed chunks (dense MiniLM + BM25 sparse) in batches and upsert them."""

from __future__ import annotations

from collections.abc import Sequence

from mmrag.ingestion.chunking import embedding_text
from mmrag.platform.embedding import TextEmbedder
from mmrag.platform.index.base import PointVectors, VectorIndex
from mmrag.platform.models import Chunk
from mmrag.platform.sparse import BM25Encoder


def index_chunks(
    chunks: Sequence[Chunk],
    index: VectorIndex,
    embedder: TextEmbedder,
    sparse: BM25Encoder | None = None,
    batch_size: int = 64,
) -> int:
    """Embed and upsert ``chunks`` in batches; returns how many were written."""
    sparse = sparse or BM25Encoder()
    written = 0
    for start in range(0, len(chunks), batch_size):
        batch = list(chunks[start : start + batch_size])
        texts = [embedding_text(c) for c in batch]
        dense = embedder.embed_documents(texts)
        vectors = [
            PointVectors(dense=d, sparse=sparse.encode_document(t))
            for d, t in zip(dense, texts, strict=True)
        ]
        index.upsert(batch, vectors)
        written += len(batch)
    return written
