"""The server index: a Qdrant collection through qdrant-client (or its local mode in tests).

``QdrantIndex(url=..., api_key=...)`` talks to a Qdrant server or cluster, shared by every mmrag
process. ``location=":memory:"`` or ``path=...`` run qdrant-client's pure-Python local mode
(single process, no payload indexes): the contract tests use it.
"""

from __future__ import annotations

import gzip
import json
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mmrag.platform.errors import ServiceUnavailable
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

DUMP_FORMAT = "mmrag-points/1"


class QdrantIndex:
    """A :class:`~mmrag.platform.index.base.VectorIndex` on one qdrant-client collection."""

    def __init__(
        self,
        spec: CollectionSpec,
        *,
        url: str | None = None,
        api_key: str | None = None,
        location: str | None = None,
        path: Path | None = None,
        options: IndexOptions | None = None,
        timeout_s: int = 30,
    ) -> None:
        from qdrant_client import QdrantClient

        if sum(x is not None for x in (url, location, path)) != 1:
            raise ValueError("give exactly one of url, location or path")
        self.spec = spec
        self.options = options or IndexOptions()
        self.server = url is not None
        self._lock = threading.RLock()
        self._client: Any
        if url is not None:
            self._client = QdrantClient(url=url, api_key=api_key, timeout=timeout_s)
        elif location is not None:
            self._client = QdrantClient(location=location)
        else:
            self._client = QdrantClient(path=str(path))
        self._closed = False
        self.ensure_collection()

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    def ensure_collection(self) -> None:
        """Create the collection (and, on a server, its payload indexes) if missing."""
        from qdrant_client import models

        name = self.spec.name
        with self._lock:
            client = self._open_client()
            try:
                exists = client.collection_exists(name)
            except Exception as exc:
                raise ServiceUnavailable(f"cannot reach Qdrant: {exc}") from exc
            if not exists:
                vectors = {
                    DENSE_TEXT: models.VectorParams(
                        size=self.spec.dense_size, distance=models.Distance.COSINE
                    )
                }
                if self.spec.image_size is not None:
                    vectors[IMAGE] = models.VectorParams(
                        size=self.spec.image_size, distance=models.Distance.COSINE
                    )
                client.create_collection(
                    name,
                    vectors_config=vectors,
                    sparse_vectors_config={
                        SPARSE_BM25: models.SparseVectorParams(modifier=models.Modifier.IDF)
                    },
                )
                log.info("created qdrant collection", extra={"collection": name})
            else:
                self._check_compatible()
            if self.server:  # local mode ignores payload indexes and warns about them
                schema = client.get_collection(name).payload_schema or {}
                wanted = [(k, models.PayloadSchemaType.KEYWORD) for k in self.spec.payload_keywords]
                wanted += [
                    (k, models.PayloadSchemaType.INTEGER) for k in self.spec.payload_integers
                ]
                for key, kind in wanted:
                    if key not in schema:
                        client.create_payload_index(name, key, field_schema=kind, wait=True)

    def close(self) -> None:
        """Close the client (idempotent)."""
        with self._lock:
            if not self._closed:
                self._client.close()
                self._closed = True

    # -- writes ----------------------------------------------------------------------------

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[PointVectors]) -> None:
        """Insert or overwrite points in batches; ``chunk.id`` is the point id."""
        from qdrant_client import models

        check_upsert(self.spec, chunks, vectors)
        pairs = list(zip(chunks, vectors, strict=True))
        for batch in batched(pairs, self.options.upsert_batch):
            points = [
                models.PointStruct(id=chunk.id, vector=_point_vector(vec), payload=chunk.payload())
                for chunk, vec in batch
            ]
            with self._lock:
                self._open_client().upsert(self.spec.name, points=points, wait=True)

    def delete_by_source(
        self, tenant: str, source_id: str, keep_content_hash: str | None = None
    ) -> None:
        """Delete a source's points, except those of ``keep_content_hash`` when given."""
        from qdrant_client import models

        flt = models.Filter(
            must=[_match("tenant", tenant), _match("source_id", source_id)],
            must_not=[_match("content_hash", keep_content_hash)]
            if keep_content_hash is not None
            else None,
        )
        with self._lock:
            self._open_client().delete(
                self.spec.name, points_selector=models.FilterSelector(filter=flt), wait=True
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
        from qdrant_client import models

        branches = plan_branches(query, mode, self.spec)
        if not branches or matches_nothing(filters) or k <= 0:
            return []
        flt = _qdrant_filter(filters)
        with self._lock:
            client = self._open_client()
            if mode == SearchMode.HYBRID:
                limit = self.options.prefetch_limit(k)
                response = client.query_points(
                    self.spec.name,
                    prefetch=[
                        models.Prefetch(
                            query=_query_vector(b),
                            using=b.using,
                            limit=limit,
                            filter=flt,
                            params=self._params(b, filters),
                        )
                        for b in branches
                    ],
                    query=models.RrfQuery(rrf=models.Rrf(k=self.options.rrf_k)),
                    query_filter=flt,
                    limit=k,
                    with_payload=True,
                )
            else:
                b = branches[0]
                response = client.query_points(
                    self.spec.name,
                    query=_query_vector(b),
                    using=b.using,
                    query_filter=flt,
                    search_params=self._params(b, filters),
                    limit=k,
                    with_payload=True,
                )
        return [
            SearchHit(chunk=Chunk.from_payload(str(p.id), p.payload or {}), score=float(p.score))
            for p in response.points
        ]

    def count(self, filters: SearchFilters | None = None) -> int:
        """Exact number of points matching ``filters`` (all points when None)."""
        if filters is not None and matches_nothing(filters):
            return 0
        flt = _qdrant_filter(filters) if filters is not None else None
        with self._lock:
            result = self._open_client().count(self.spec.name, count_filter=flt, exact=True)
        return int(result.count)

    def retrieve(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks by point id, in the order asked, skipping ids that do not exist."""
        wanted = valid_ids(ids)
        if not wanted:
            return []
        with self._lock:
            records = self._open_client().retrieve(
                self.spec.name, ids=wanted, with_payload=True, with_vectors=False
            )
        found = {str(r.id): Chunk.from_payload(str(r.id), r.payload or {}) for r in records}
        return [found[i] for i in wanted if i in found]

    def scroll(self, filters: SearchFilters) -> Iterator[Chunk]:
        """Every chunk matching ``filters``, a page at a time (the lock is held per page)."""
        if matches_nothing(filters):
            return
        for record in self._scroll_records(_qdrant_filter(filters), with_vectors=False):
            yield Chunk.from_payload(str(record.id), record.payload or {})

    # -- snapshots -------------------------------------------------------------------------

    def snapshot(self, dest: Path) -> Path:
        """Dump every point (id, vectors, payload) to ``dest/<name>-<utc time>.jsonl.gz``.

        A portable format any backend can load with :meth:`restore`; on a server, Qdrant's own
        snapshot API is the faster route for whole-cluster backups.
        """
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        target = dest / f"{self.spec.name}-{stamp}.jsonl.gz"
        partial = target.with_name(target.name + ".part")
        header = {
            "format": DUMP_FORMAT,
            "collection": self.spec.name,
            "dense_size": self.spec.dense_size,
            "image_size": self.spec.image_size,
        }
        n = 0
        with gzip.open(partial, "wt", encoding="utf-8", compresslevel=3) as out:
            out.write(json.dumps(header) + "\n")
            for record in self._scroll_records(None, with_vectors=True):
                out.write(json.dumps(_record_json(record)) + "\n")
                n += 1
        partial.replace(target)
        log.info("wrote index dump", extra={"path": str(target), "points": n})
        return target

    def restore(self, dump: Path) -> int:
        """Upsert every point of a :meth:`snapshot` dump into this collection; return the count."""
        from qdrant_client import models

        n = 0
        with gzip.open(dump, "rt", encoding="utf-8") as src:
            header = json.loads(src.readline())
            if header.get("format") != DUMP_FORMAT:
                raise ValueError(f"{dump} is not an mmrag index dump")
            batch: list[Any] = []
            for line in src:
                row = json.loads(line)
                vector = {
                    name: models.SparseVector(**value) if isinstance(value, dict) else value
                    for name, value in row["vector"].items()
                }
                batch.append(
                    models.PointStruct(id=row["id"], vector=vector, payload=row["payload"])
                )
                if len(batch) >= self.options.upsert_batch:
                    n += self._upsert_raw(batch)
                    batch = []
            n += self._upsert_raw(batch)
        return n

    # -- internals -------------------------------------------------------------------------

    def _upsert_raw(self, points: list[Any]) -> int:
        if points:
            with self._lock:
                self._open_client().upsert(self.spec.name, points=points, wait=True)
        return len(points)

    def _scroll_records(self, flt: Any, with_vectors: bool) -> Iterator[Any]:
        offset: Any = None
        while True:
            with self._lock:
                records, offset = self._open_client().scroll(
                    self.spec.name,
                    scroll_filter=flt,
                    limit=self.options.scroll_batch,
                    offset=offset,
                    with_payload=True,
                    with_vectors=with_vectors,
                )
            yield from records
            if offset is None:
                return

    def _open_client(self) -> Any:
        if self._closed:
            raise ServiceUnavailable(f"the index client for {self.spec.name!r} is closed")
        return self._client

    def _params(self, branch: Branch, filters: SearchFilters) -> Any:
        """Per-tenant IDF for the BM25 branch, so other tenants' text never shapes scores."""
        if branch.using != SPARSE_BM25 or not self.options.tenant_idf:
            return None
        from qdrant_client import models

        corpus = models.Filter(must=[_match("tenant", filters.tenant)])
        return models.SearchParams(idf=models.IdfCorpusParams(corpus=corpus))

    def _check_compatible(self) -> None:
        """Fail clearly when the stored collection has other vector sizes than the spec."""
        info = self._client.get_collection(self.spec.name)
        vectors = info.config.params.vectors
        stored = vectors if isinstance(vectors, dict) else {}
        for name, size in ((DENSE_TEXT, self.spec.dense_size), (IMAGE, self.spec.image_size)):
            params = stored.get(name)
            if size is not None and params is not None and params.size != size:
                raise ServiceUnavailable(
                    f"collection {self.spec.name!r} stores {name!r} vectors of size "
                    f"{params.size}, not {size}: use a new collection name for a new model"
                )
            if size is not None and params is None:
                raise ServiceUnavailable(
                    f"collection {self.spec.name!r} has no {name!r} vector: "
                    "use a new collection name to add one"
                )


def _point_vector(vec: PointVectors) -> dict[str, Any]:
    from qdrant_client import models

    out: dict[str, Any] = {
        DENSE_TEXT: vec.dense,
        SPARSE_BM25: models.SparseVector(indices=vec.sparse.indices, values=vec.sparse.values),
    }
    if vec.image is not None:
        out[IMAGE] = vec.image
    return out


def _query_vector(branch: Branch) -> Any:
    from qdrant_client import models

    if isinstance(branch.vector, SparseVec):
        return models.SparseVector(indices=branch.vector.indices, values=branch.vector.values)
    return branch.vector


def _match(key: str, value: str | int | list[str]) -> Any:
    from qdrant_client import models

    if isinstance(value, list):
        return models.FieldCondition(key=key, match=models.MatchAny(any=value))
    return models.FieldCondition(key=key, match=models.MatchValue(value=value))


def _qdrant_filter(filters: SearchFilters) -> Any:
    from qdrant_client import models

    return models.Filter(must=[_match(key, value) for key, value in filter_terms(filters)])


def _record_json(record: Any) -> dict[str, Any]:
    vector: dict[str, Any] = {}
    for name, value in (record.vector or {}).items():
        if hasattr(value, "indices"):
            vector[name] = {"indices": list(value.indices), "values": list(value.values)}
        else:
            vector[name] = list(value)
    return {"id": str(record.id), "vector": vector, "payload": record.payload or {}}
