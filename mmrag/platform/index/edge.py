"""The embedded index: one Qdrant Edge shard per collection, in this process.

A shard directory may be open in only one place at a time; open it through
:func:`mmrag.platform.index.factory.open_index` (which takes a cross-process lock) or
:func:`~mmrag.platform.index.factory.shared_index` (one instance per process).
Every call on the shard goes through one lock, so an instance is safe to share between threads.
"""

from __future__ import annotations

import json
import logging
import shutil
import tarfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from mmrag.platform.errors import IndexLocked, ServiceUnavailable
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
from mmrag.platform.index.filters import (
    Branch,
    IndexOptions,
    batched,
    check_upsert,
    filter_terms,
    matches_nothing,
    plan_branches,
    valid_ids,
)
from mmrag.platform.models import Chunk, SearchFilters, SearchHit

log = logging.getLogger(__name__)

CONFIG_FILE = "edge_config.json"


class EdgeIndex:
    """A :class:`~mmrag.platform.index.base.VectorIndex` on a Qdrant Edge shard at ``path``."""

    def __init__(
        self,
        path: Path,
        spec: CollectionSpec,
        options: IndexOptions | None = None,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.spec = spec
        self.options = options or IndexOptions()
        self._on_close = on_close
        self._lock = threading.RLock()
        self._shard: Any = None
        self.ensure_collection()

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._shard is None

    def ensure_collection(self) -> None:
        """Create or load the shard, add a missing image vector and the payload indexes."""
        from qdrant_edge import Distance, EdgeShard, PayloadSchemaType, UpdateOperation

        with self._lock:
            if self._shard is None:
                existing = self._stored_config()
                try:
                    if existing is None:
                        self._shard = EdgeShard.create(str(self.path), self._config())
                        log.info("created edge shard", extra={"path": str(self.path)})
                    else:
                        self._check_compatible(existing)
                        self._shard = EdgeShard.load(str(self.path))
                except Exception as exc:
                    if "WouldBlock" in str(exc):
                        raise IndexLocked(
                            f"the index at {self.path} is already open in this process; "
                            "share one instance (mmrag.platform.index.factory.shared_index)"
                        ) from exc
                    raise ServiceUnavailable(
                        f"cannot open the index at {self.path}: {exc}"
                    ) from exc
            stored = self._stored_config() or {}
            if self.spec.image_size is not None and IMAGE not in stored.get("vectors", {}):
                self._shard.update(
                    UpdateOperation.create_dense_vector(
                        IMAGE, self.spec.image_size, Distance.Cosine
                    )
                )
            schema = self._shard.info().payload_schema
            wanted = [(k, PayloadSchemaType.Keyword) for k in self.spec.payload_keywords]
            wanted += [(k, PayloadSchemaType.Integer) for k in self.spec.payload_integers]
            for key, kind in wanted:
                if key not in schema:
                    self._shard.update(UpdateOperation.create_field_index(key, kind))

    def close(self) -> None:
        """Flush and close the shard (idempotent), then release the process lock if any."""
        with self._lock:
            if self._shard is not None:
                self._shard.flush()
                self._shard.close()
                self._shard = None
                if self._on_close is not None:
                    self._on_close()
                    self._on_close = None

    def flush(self) -> None:
        """Persist pending changes (the WAL already makes every update durable)."""
        with self._lock:
            self._open_shard().flush()

    def optimize(self) -> bool:
        """Build HNSW/sparse indexes for grown segments; True if anything changed.

        Blocks this process (the engine keeps the GIL) for seconds to minutes on large shards:
        run it after an ingestion batch, not on the request path.
        """
        with self._lock:
            started = time.perf_counter()
            changed = bool(self._open_shard().optimize())
            log.info(
                "optimized edge shard",
                extra={
                    "path": str(self.path),
                    "changed": changed,
                    "s": time.perf_counter() - started,
                },
            )
            return changed

    # -- writes ----------------------------------------------------------------------------

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[PointVectors]) -> None:
        """Insert or overwrite points in batches; ``chunk.id`` is the point id."""
        from qdrant_edge import Point, UpdateOperation

        check_upsert(self.spec, chunks, vectors)
        pairs = list(zip(chunks, vectors, strict=True))
        for batch in batched(pairs, self.options.upsert_batch):
            points = [
                Point(id=chunk.id, vector=_point_vector(vec), payload=chunk.payload())
                for chunk, vec in batch
            ]
            with self._lock:
                self._open_shard().update(UpdateOperation.upsert_points(points))

    def delete_by_source(
        self, tenant: str, source_id: str, keep_content_hash: str | None = None
    ) -> None:
        """Delete a source's points, except those of ``keep_content_hash`` when given."""
        from qdrant_edge import FieldCondition, Filter, MatchValue, UpdateOperation

        must: list[Any] = [
            FieldCondition(key="tenant", match=MatchValue(tenant)),
            FieldCondition(key="source_id", match=MatchValue(source_id)),
        ]
        must_not: list[Any] | None = (
            [FieldCondition(key="content_hash", match=MatchValue(keep_content_hash))]
            if keep_content_hash is not None
            else None
        )
        with self._lock:
            self._open_shard().update(
                UpdateOperation.delete_points_by_filter(Filter(must=must, must_not=must_not))
            )

    # -- reads -----------------------------------------------------------------------------

    def search(
        self,
        query: QueryVectors,
        filters: SearchFilters,
        k: int = 10,
        mode: SearchMode = SearchMode.HYBRID,
    ) -> list[SearchHit]:
        """Top-``k`` chunks; hybrid fuses every available branch with RRF under the filter."""
        from qdrant_edge import Fusion, Prefetch, QueryRequest

        branches = plan_branches(query, mode, self.spec)
        if not branches or matches_nothing(filters) or k <= 0:
            return []
        flt = _edge_filter(filters)
        if mode == SearchMode.HYBRID:
            limit = self.options.prefetch_limit(k)
            request = QueryRequest(
                prefetches=[
                    Prefetch(
                        query=_nearest(b),
                        limit=limit,
                        filter=flt,
                        params=self._params(b, filters),
                    )
                    for b in branches
                ],
                query=cast(Any, Fusion.Rrf(k=self.options.rrf_k)),
                filter=flt,
                limit=k,
                with_payload=True,
            )
        else:
            request = QueryRequest(
                query=_nearest(branches[0]),
                filter=flt,
                limit=k,
                with_payload=True,
                params=self._params(branches[0], filters),
            )
        with self._lock:
            points = self._open_shard().query(request)
        return [
            SearchHit(chunk=Chunk.from_payload(str(p.id), p.payload or {}), score=float(p.score))
            for p in points
        ]

    def count(self, filters: SearchFilters | None = None) -> int:
        """Exact number of points matching ``filters`` (all points when None)."""
        from qdrant_edge import CountRequest

        if filters is not None and matches_nothing(filters):
            return 0
        flt = _edge_filter(filters) if filters is not None else None
        with self._lock:
            return int(self._open_shard().count(CountRequest(exact=True, filter=flt)))

    def retrieve(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks by point id, in the order asked, skipping ids that do not exist."""
        wanted = valid_ids(ids)
        if not wanted:
            return []
        with self._lock:
            records = self._open_shard().retrieve(wanted, True, False)
        found = {str(r.id): Chunk.from_payload(str(r.id), r.payload or {}) for r in records}
        return [found[i] for i in wanted if i in found]

    def scroll(self, filters: SearchFilters) -> Iterator[Chunk]:
        """Every chunk matching ``filters``, a page at a time (the lock is held per page)."""
        from qdrant_edge import ScrollRequest

        if matches_nothing(filters):
            return
        flt = _edge_filter(filters)
        offset: Any = None
        while True:
            request = ScrollRequest(
                offset=offset,
                limit=self.options.scroll_batch,
                filter=flt,
                with_payload=True,
                with_vector=False,
            )
            with self._lock:
                records, offset = self._open_shard().scroll(request)
            for rec in records:
                yield Chunk.from_payload(str(rec.id), rec.payload or {})
            if offset is None:
                return

    # -- snapshots -------------------------------------------------------------------------

    def snapshot(self, dest: Path) -> Path:
        """Flush and archive the shard directory as ``dest/<name>-<utc time>.tar.gz``.

        Restore with :meth:`restore`. Writes are blocked while the archive is written.
        """
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        target = dest / f"{self.spec.name}-{stamp}.tar.gz"
        partial = target.with_name(target.name + ".part")
        with self._lock:
            self._open_shard().flush()
            # compresslevel 1: the engine preallocates files, so most bytes are zeros
            with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
                tar.add(self.path, arcname="shard")
        partial.replace(target)
        log.info("wrote index snapshot", extra={"path": str(target)})
        return target

    @classmethod
    def restore(
        cls,
        archive: Path,
        path: Path,
        spec: CollectionSpec,
        options: IndexOptions | None = None,
    ) -> EdgeIndex:
        """Unpack a :meth:`snapshot` archive into the empty or missing ``path`` and open it."""
        path = Path(path)
        if path.exists() and any(path.iterdir()):
            raise FileExistsError(f"restore target {path} is not empty")
        staging = path.with_name(path.name + ".restoring")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
        if path.exists():
            path.rmdir()
        (staging / "shard").replace(path)
        staging.rmdir()
        return cls(path, spec, options)

    # -- internals -------------------------------------------------------------------------

    def _open_shard(self) -> Any:
        if self._shard is None:
            raise ServiceUnavailable(f"the index at {self.path} is closed")
        return self._shard

    def _params(self, branch: Branch, filters: SearchFilters) -> Any:
        """Per-tenant IDF for the BM25 branch, so other tenants' text never shapes scores."""
        if branch.using != SPARSE_BM25 or not self.options.tenant_idf:
            return None
        from qdrant_edge import FieldCondition, Filter, IdfParams, MatchValue, SearchParams

        corpus = Filter(must=[FieldCondition(key="tenant", match=MatchValue(filters.tenant))])
        return SearchParams(idf=IdfParams(corpus=corpus))

    def _config(self) -> Any:
        from qdrant_edge import (
            Distance,
            EdgeConfig,
            EdgeSparseVectorParams,
            EdgeVectorParams,
            Modifier,
        )

        vectors = {
            DENSE_TEXT: EdgeVectorParams(size=self.spec.dense_size, distance=Distance.Cosine)
        }
        if self.spec.image_size is not None:
            vectors[IMAGE] = EdgeVectorParams(size=self.spec.image_size, distance=Distance.Cosine)
        return EdgeConfig(
            vectors=vectors,
            sparse_vectors={SPARSE_BM25: EdgeSparseVectorParams(modifier=Modifier.Idf)},
        )

    def _stored_config(self) -> dict[str, Any] | None:
        file = self.path / CONFIG_FILE
        if not file.is_file():
            return None
        data: dict[str, Any] = json.loads(file.read_text())
        return data

    def _check_compatible(self, stored: dict[str, Any]) -> None:
        """Fail clearly when the shard on disk has other vector sizes than the spec."""
        vectors = stored.get("vectors", {})
        sizes = {DENSE_TEXT: self.spec.dense_size, IMAGE: self.spec.image_size}
        for name, size in sizes.items():
            have = vectors.get(name, {}).get("size")
            if size is not None and have is not None and have != size:
                raise ServiceUnavailable(
                    f"the index at {self.path} stores {name!r} vectors of size {have}, "
                    f"not {size}: use a new collection name for a new embedding model"
                )


def _point_vector(vec: PointVectors) -> dict[str, Any]:
    from qdrant_edge import SparseVector

    out: dict[str, Any] = {
        DENSE_TEXT: vec.dense,
        SPARSE_BM25: SparseVector(indices=vec.sparse.indices, values=vec.sparse.values),
    }
    if vec.image is not None:
        out[IMAGE] = vec.image
    return out


def _nearest(branch: Branch) -> Any:
    from qdrant_edge import Query, SparseVector

    vector: Any = branch.vector
    if isinstance(vector, SparseVec):
        vector = SparseVector(indices=vector.indices, values=vector.values)
    return Query.Nearest(vector, using=branch.using)


def _edge_filter(filters: SearchFilters) -> Any:
    from qdrant_edge import FieldCondition, Filter, MatchAny, MatchValue

    must: list[Any] = [
        FieldCondition(
            key=key, match=MatchAny(value) if isinstance(value, list) else MatchValue(value)
        )
        for key, value in filter_terms(filters)
    ]
    return Filter(must=must)
