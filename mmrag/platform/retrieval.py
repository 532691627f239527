"""Query-side retrieval: embed the question, search the index, return scored chunks."""

from __future__ import annotations

from mmrag.platform.embedding import TextEmbedder
from mmrag.platform.index.base import QueryVectors, SearchMode, VectorIndex
from mmrag.platform.models import SearchFilters, SearchHit
from mmrag.platform.sparse import BM25Encoder


class Retriever:
    """Hybrid (dense + BM25, RRF-fused) search over one index."""

    def __init__(
        self, index: VectorIndex, embedder: TextEmbedder, sparse: BM25Encoder | None = None
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.sparse = sparse or BM25Encoder()

    def search(
        self,
        query: str,
        filters: SearchFilters,
        k: int = 10,
        mode: SearchMode = SearchMode.HYBRID,
    ) -> list[SearchHit]:
        """Top-``k`` chunks for ``query`` under ``filters``."""
        dense = self.embedder.embed_query(query) if mode != SearchMode.SPARSE else None
        sparse = self.sparse.encode_query(query) if mode != SearchMode.DENSE else None
        if sparse is not None and not sparse.indices:
            sparse = None
        return self.index.search(QueryVectors(dense=dense, sparse=sparse), filters, k, mode)
