"""Backend-neutral pieces of the index backends: options, filter terms, query plan, validation.

Both backends translate the same :func:`filter_terms` and :func:`plan_branches` into their own
request classes, so Edge and qdrant-client apply identical filters and fusion.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, Field

from mmrag.platform.errors import InputError
from mmrag.platform.index.base import (
    DENSE_TEXT,
    IMAGE,
    SPARSE_BM25,
    CollectionSpec,
    PointVectors,
    QueryVectors,
    SearchMode,
    SparseVec,
)
from mmrag.platform.models import Chunk, SearchFilters

T = TypeVar("T")

#: One payload condition: ``key == value`` for a scalar, ``key in values`` for a list.
FilterTerm = tuple[str, str | int | list[str]]


class IndexOptions(BaseModel):
    """Tuning shared by every index backend."""

    rrf_k: int = Field(default=60, ge=1, description="RRF rank constant: score = sum 1/(k+rank)")
    prefetch_factor: int = Field(default=4, ge=1, description="each branch fetches factor*k")
    prefetch_min: int = Field(default=50, ge=1, description="... but at least this many")
    upsert_batch: int = Field(default=256, ge=1)
    scroll_batch: int = Field(default=256, ge=1)
    tenant_idf: bool = Field(
        default=True,
        description="BM25 IDF from the tenant's own points only (no cross-tenant leak)",
    )

    def prefetch_limit(self, k: int) -> int:
        """How many candidates each fused branch contributes for a top-``k`` search."""
        return max(self.prefetch_factor * k, self.prefetch_min)


@dataclass(frozen=True)
class Branch:
    """One nearest-neighbour search over one named vector."""

    using: str
    vector: list[float] | SparseVec


def filter_terms(filters: SearchFilters) -> list[FilterTerm]:
    """The conditions every point of a search must meet; the tenant is always first."""
    terms: list[FilterTerm] = [("tenant", filters.tenant)]
    if filters.source_ids is not None:
        terms.append(("source_id", list(filters.source_ids)))
    if filters.modalities is not None:
        terms.append(("modality", [m.value for m in filters.modalities]))
    if filters.page is not None:
        terms.append(("page", filters.page))
    if filters.uri is not None:
        terms.append(("uri", filters.uri))
    return terms


def matches_nothing(filters: SearchFilters) -> bool:
    """True when a filter lists no allowed values (``source_ids=[]``): nothing can match."""
    return filters.source_ids == [] or filters.modalities == []


def plan_branches(query: QueryVectors, mode: SearchMode, spec: CollectionSpec) -> list[Branch]:
    """The vector searches a query runs in ``mode``; an empty sparse query contributes none.

    Raises InputError when a dense or image search lacks its vector, or the collection has
    no image vector.
    """
    if mode == SearchMode.IMAGE and spec.image_size is None:
        raise InputError(f"collection {spec.name!r} has no image vector")
    sparse = query.sparse if query.sparse is not None and query.sparse.indices else None
    candidates = {
        DENSE_TEXT: query.dense if mode in (SearchMode.HYBRID, SearchMode.DENSE) else None,
        SPARSE_BM25: sparse if mode in (SearchMode.HYBRID, SearchMode.SPARSE) else None,
        IMAGE: query.image
        if mode in (SearchMode.HYBRID, SearchMode.IMAGE) and spec.image_size is not None
        else None,
    }
    branches = [Branch(name, vec) for name, vec in candidates.items() if vec is not None]
    if not branches and mode in (SearchMode.DENSE, SearchMode.IMAGE):
        raise InputError(f"a {mode.value} search needs a {mode.value} query vector")
    sizes = {DENSE_TEXT: spec.dense_size, IMAGE: spec.image_size}
    for branch in branches:
        size = sizes.get(branch.using)
        if isinstance(branch.vector, SparseVec):
            check_sparse(branch.vector)
        elif size is not None and len(branch.vector) != size:
            raise InputError(f"{branch.using} query has {len(branch.vector)} dims, expected {size}")
    return branches


def check_upsert(
    spec: CollectionSpec, chunks: Sequence[Chunk], vectors: Sequence[PointVectors]
) -> None:
    """Reject malformed input before it reaches the engine (Edge panics on some of it)."""
    if len(chunks) != len(vectors):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
    for chunk, vec in zip(chunks, vectors, strict=True):
        try:
            uuid.UUID(chunk.id)
        except ValueError as exc:
            raise ValueError(f"chunk id {chunk.id!r} is not a UUID") from exc
        if len(vec.dense) != spec.dense_size:
            raise ValueError(f"dense vector has {len(vec.dense)} dims, expected {spec.dense_size}")
        if vec.image is not None:
            if spec.image_size is None:
                raise ValueError(f"collection {spec.name!r} has no image vector")
            if len(vec.image) != spec.image_size:
                raise ValueError(
                    f"image vector has {len(vec.image)} dims, expected {spec.image_size}"
                )
        check_sparse(vec.sparse)


def check_sparse(vec: SparseVec) -> None:
    """Indices and values must pair up, be unique and fit in uint32."""
    if len(vec.indices) != len(vec.values):
        raise ValueError(f"sparse vector: {len(vec.indices)} indices, {len(vec.values)} values")
    if len(set(vec.indices)) != len(vec.indices):
        raise ValueError("sparse vector has duplicate indices")
    if vec.indices and (min(vec.indices) < 0 or max(vec.indices) > 0xFFFFFFFF):
        raise ValueError("sparse vector indices must fit in uint32")


def valid_ids(ids: Sequence[str]) -> list[str]:
    """The ids that can name a point (UUID strings); others cannot exist in the index."""
    out: list[str] = []
    for pid in ids:
        try:
            out.append(str(uuid.UUID(str(pid))))
        except ValueError:
            continue
    return out


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
