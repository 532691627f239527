"""Vector index: one protocol, an embedded Qdrant Edge backend and a qdrant-client backend."""

from mmrag.platform.index.base import QueryVectors, SparseVec, VectorIndex

__all__ = ["QueryVectors", "SparseVec", "VectorIndex"]
