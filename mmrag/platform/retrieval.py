"""Query-side retrieval: embed the question, search the index, fuse, return scored chunks.

Hybrid search fuses the dense and BM25 branches by a convex combination of min-max normalised
scores (Bruch et al., "An Analysis of Fusion Functions for Hybrid Retrieval", 2023): unlike
rank-only RRF, a passage that BM25 scores far above the rest keeps that margin. RRF inside the
index stays available as ``fusion="rrf"``.
"""

from __future__ import annotations

from typing import Literal

from mmrag.platform.embedding import TextEmbedder
from mmrag.platform.index.base import QueryVectors, SearchMode, VectorIndex
from mmrag.platform.models import SearchFilters, SearchHit
from mmrag.platform.sparse import BM25Encoder

Fusion = Literal["convex", "rrf"]


def normalise(hits: list[SearchHit]) -> dict[str, float]:
    """Min-max normalised scores by chunk id (a single hit scores 1)."""
    if not hits:
        return {}
    scores = [h.score for h in hits]
    low, high = min(scores), max(scores)
    span = high - low
    return {h.chunk.id: (h.score - low) / span if span > 0 else 1.0 for h in hits}


def convex_fuse(branches: list[tuple[list[SearchHit], float]], k: int) -> list[SearchHit]:
    """Weighted sum of normalised branch scores; chunks missing from a branch get 0 there."""
    fused: dict[str, float] = {}
    chunks: dict[str, SearchHit] = {}
    for hits, weight in branches:
        for chunk_id, score in normalise(hits).items():
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * score
        for hit in hits:
            chunks.setdefault(hit.chunk.id, hit)
    ranked = sorted(fused, key=lambda cid: fused[cid], reverse=True)[:k]
    return [SearchHit(chunk=chunks[cid].chunk, score=round(fused[cid], 6)) for cid in ranked]


class Retriever:
    """Hybrid (dense MiniLM + BM25) search over one index."""

    def __init__(
        self,
        index: VectorIndex,
        embedder: TextEmbedder,
        sparse: BM25Encoder | None = None,
        fusion: Fusion = "convex",
        dense_weight: float = 0.5,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.sparse = sparse or BM25Encoder()
        self.fusion = fusion
        self.dense_weight = dense_weight

    def encode(self, query: str, mode: SearchMode = SearchMode.HYBRID) -> QueryVectors:
        """The query's vectors for ``mode`` (embed once, search under many filters)."""
        dense = self.embedder.embed_query(query) if mode != SearchMode.SPARSE else None
        sparse = self.sparse.encode_query(query) if mode != SearchMode.DENSE else None
        if sparse is not None and not sparse.indices:
            sparse = None
        return QueryVectors(dense=dense, sparse=sparse)

    def search(
        self,
        query: str,
        filters: SearchFilters,
        k: int = 10,
        mode: SearchMode = SearchMode.HYBRID,
    ) -> list[SearchHit]:
        """Top-``k`` chunks for ``query`` under ``filters``."""
        return self.search_vectors(self.encode(query, mode), filters, k, mode)

    def search_vectors(
        self,
        vectors: QueryVectors,
        filters: SearchFilters,
        k: int = 10,
        mode: SearchMode = SearchMode.HYBRID,
    ) -> list[SearchHit]:
        """Top-``k`` chunks for already encoded query vectors."""
        if mode != SearchMode.HYBRID or self.fusion == "rrf" or vectors.sparse is None:
            effective = (
                SearchMode.DENSE if mode == SearchMode.HYBRID and vectors.sparse is None else mode
            )
            return self.index.search(vectors, filters, k, effective)
        depth = max(50, 4 * k)
        dense = QueryVectors(dense=vectors.dense)
        sparse = QueryVectors(sparse=vectors.sparse)
        dense_hits = self.index.search(dense, filters, depth, SearchMode.DENSE)
        sparse_hits = self.index.search(sparse, filters, depth, SearchMode.SPARSE)
        return convex_fuse(
            [(dense_hits, self.dense_weight), (sparse_hits, 1.0 - self.dense_weight)], k
        )
