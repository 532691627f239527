"""The ``VectorIndex`` protocol every backend implements, and its value types."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from mmrag.platform.models import Chunk, SearchFilters, SearchHit

#: Named vectors in every collection.
DENSE_TEXT = "text"
SPARSE_BM25 = "bm25"
IMAGE = "image"


@dataclass(frozen=True)
class SparseVec:
    """A sparse vector: parallel lists of dimension ids and weights."""

    indices: list[int]
    values: list[float]


@dataclass(frozen=True)
class QueryVectors:
    """What a query is searched with; a missing vector skips that branch of the fusion."""

    dense: list[float] | None = None
    sparse: SparseVec | None = None
    image: list[float] | None = None


@dataclass(frozen=True)
class PointVectors:
    """The vectors stored with one chunk."""

    dense: list[float]
    sparse: SparseVec
    image: list[float] | None = None


class SearchMode(StrEnum):
    """How a search combines its branches."""

    HYBRID = "hybrid"  # dense + sparse (+ image) fused with reciprocal rank fusion
    DENSE = "dense"
    SPARSE = "sparse"
    IMAGE = "image"


@dataclass(frozen=True)
class CollectionSpec:
    """The shape of a collection: dense size, and an optional image vector size."""

    name: str
    dense_size: int = 384
    image_size: int | None = None
    payload_keywords: tuple[str, ...] = field(
        default=("tenant", "source_id", "modality", "kind", "content_hash", "uri")
    )
    payload_integers: tuple[str, ...] = field(default=("page",))


class VectorIndex(Protocol):
    """A collection of chunks with dense, sparse and optional image vectors."""

    spec: CollectionSpec

    def ensure_collection(self) -> None:
        """Create the collection and payload indexes if missing (idempotent)."""

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[PointVectors]) -> None:
        """Insert or overwrite points; ``chunk.id`` is the point id."""

    def delete_by_source(
        self, tenant: str, source_id: str, keep_content_hash: str | None = None
    ) -> None:
        """Delete a source's points, except those of ``keep_content_hash`` when given."""

    def search(
        self,
        query: QueryVectors,
        filters: SearchFilters,
        k: int = 10,
        mode: SearchMode = SearchMode.HYBRID,
    ) -> list[SearchHit]:
        """Top-``k`` chunks for ``query`` that match ``filters`` (tenant always applied)."""

    def count(self, filters: SearchFilters | None = None) -> int:
        """Exact number of points matching ``filters`` (all points when None)."""

    def retrieve(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks by point id, skipping ids that do not exist."""

    def scroll(self, filters: SearchFilters) -> Iterator[Chunk]:
        """Every chunk that matches ``filters``, in no particular order."""

    def snapshot(self, dest: Path) -> Path:
        """Write a restorable copy of the collection under ``dest``; return its path."""

    def close(self) -> None:
        """Flush and release the backend."""
