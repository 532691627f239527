"""One contract for every VectorIndex backend: Qdrant Edge (on disk) and qdrant-client (local).

Real MiniLM embeddings and the project's BM25 encoder over a small, realistic multi-tenant corpus.
"""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mmrag.platform.embedding import default_embedder
from mmrag.platform.errors import IndexLocked, InputError
from mmrag.platform.index.base import (
    CollectionSpec,
    PointVectors,
    QueryVectors,
    SearchMode,
    VectorIndex,
)
from mmrag.platform.index.edge import EdgeIndex
from mmrag.platform.index.factory import close_shared_indexes, open_index, shared_index
from mmrag.platform.index.qdrant import QdrantIndex
from mmrag.platform.models import (
    Chunk,
    ElementKind,
    Modality,
    Provenance,
    SearchFilters,
    SearchHit,
    stable_id,
)
from mmrag.platform.settings import Settings
from mmrag.platform.sparse import BM25Encoder

pytestmark = pytest.mark.unit

ACME, GLOBEX = "acme", "globex"


@dataclass(frozen=True)
class Doc:
    tenant: str
    source: str
    modality: Modality
    page: int | None
    text: str


DOCS: list[Doc] = [
    # acme: pump manual (digital PDF text), pages 1-4
    Doc(
        ACME,
        "manual",
        Modality.TEXT,
        1,
        "The HX-220 centrifugal pump must be primed with water before the first start.",
    ),
    Doc(
        ACME,
        "manual",
        Modality.TEXT,
        1,
        "Read all safety instructions before installing the pump on site.",
    ),
    Doc(
        ACME,
        "manual",
        Modality.TEXT,
        2,
        "Replace the shaft seal kit, part number ZK-4471-B, every 8,000 operating hours.",
    ),
    Doc(
        ACME,
        "manual",
        Modality.TEXT,
        2,
        "The impeller kit, part number ZK-5520-C, ships with a spare gasket.",
    ),
    Doc(
        ACME,
        "manual",
        Modality.TEXT,
        3,
        "Maximum operating pressure is 16 bar at a fluid temperature of 90 degrees Celsius.",
    ),
    Doc(
        ACME,
        "manual",
        Modality.TEXT,
        3,
        "Noise emission stays below 70 dB(A) measured at one metre distance.",
    ),
    Doc(
        ACME,
        "manual",
        Modality.TABLE,
        4,
        "Model | Flow m3/h | Power kW\nHX-220 | 45 | 7.5\nHX-310 | 80 | 11",
    ),
    Doc(
        ACME,
        "manual",
        Modality.TEXT,
        4,
        "Warranty claims must be filed within 24 months of the purchase date.",
    ),
    # acme: quarterly report (scanned), pages 1-3
    Doc(
        ACME,
        "report",
        Modality.SCAN,
        1,
        "Revenue grew 12 percent year over year to 4.2 million euros in the third quarter.",
    ),
    Doc(
        ACME,
        "report",
        Modality.SCAN,
        1,
        "Operating costs fell by 3 percent because energy prices were lower.",
    ),
    Doc(
        ACME,
        "report",
        Modality.SCAN,
        2,
        "Headcount rose to 118 employees after the new service team was hired.",
    ),
    Doc(
        ACME,
        "report",
        Modality.CHART,
        2,
        "Bar chart: monthly pump shipments, peaking at 930 units in August.",
    ),
    Doc(ACME, "report", Modality.SCAN, 3, "The board approved a dividend of 0.35 euros per share."),
    Doc(
        ACME,
        "report",
        Modality.SCAN,
        3,
        "Cash reserves of 1.1 million euros cover nine months of expenses.",
    ),
    # acme: recorded meeting (audio transcript)
    Doc(
        ACME,
        "meeting",
        Modality.AUDIO,
        None,
        "We agreed to move the product launch from March to May because the supplier is late.",
    ),
    Doc(
        ACME,
        "meeting",
        Modality.AUDIO,
        None,
        "Marketing will prepare a trade fair booth for the spring exhibition.",
    ),
    Doc(
        ACME,
        "meeting",
        Modality.AUDIO,
        None,
        "The customer survey showed that installation is the most common complaint.",
    ),
    Doc(
        ACME,
        "meeting",
        Modality.AUDIO,
        None,
        "Next review meeting is on the fourteenth, same time, same room.",
    ),
    # acme: training video (speech + on-screen text)
    Doc(
        ACME,
        "training",
        Modality.VIDEO,
        None,
        "Always disconnect power and lock the breaker before opening the terminal box.",
    ),
    Doc(
        ACME,
        "training",
        Modality.VIDEO,
        None,
        "Tighten the flange bolts crosswise to 35 newton metres of torque.",
    ),
    Doc(
        ACME,
        "training",
        Modality.VIDEO,
        None,
        "Wear hearing protection when the pump runs at full load.",
    ),
    # acme: office handbook
    Doc(
        ACME,
        "handbook",
        Modality.TEXT,
        1,
        "The cafeteria opens at 7:30 and serves a vegetarian dish every day.",
    ),
    Doc(
        ACME,
        "handbook",
        Modality.TEXT,
        1,
        "Travel expenses are reimbursed within two weeks of submitting receipts.",
    ),
    Doc(
        ACME,
        "handbook",
        Modality.TEXT,
        2,
        "Employees get 28 days of paid vacation per calendar year.",
    ),
    Doc(
        ACME,
        "handbook",
        Modality.TEXT,
        2,
        "Parking permits for the north garage are issued by the front desk.",
    ),
    # globex: a different tenant with overlapping vocabulary (must never leak into acme results)
    Doc(
        GLOBEX,
        "recall",
        Modality.TEXT,
        1,
        "Confidential: the HX-220 pump recall affects serial numbers above 5000.",
    ),
    Doc(
        GLOBEX,
        "recall",
        Modality.TEXT,
        1,
        "Globex will replace every shaft seal kit ZK-4471-B free of charge.",
    ),
    Doc(
        GLOBEX,
        "recall",
        Modality.TEXT,
        2,
        "The product launch of the Globex dryer moves to the autumn.",
    ),
    Doc(GLOBEX, "manual", Modality.TEXT, 1, "Maximum operating pressure of the GX dryer is 4 bar."),
    Doc(
        GLOBEX,
        "manual",
        Modality.TEXT,
        2,
        "Employees get 30 days of paid vacation per calendar year.",
    ),
]

KIND = {
    Modality.TEXT: ElementKind.TEXT,
    Modality.TABLE: ElementKind.TABLE,
    Modality.SCAN: ElementKind.OCR_TEXT,
    Modality.CHART: ElementKind.CHART,
    Modality.AUDIO: ElementKind.TRANSCRIPT,
    Modality.VIDEO: ElementKind.TRANSCRIPT,
    Modality.IMAGE: ElementKind.FRAME,
}


def make_chunk(doc: Doc, n: int, content_hash: str = "gen1", text: str | None = None) -> Chunk:
    """A chunk for ``doc``; ids depend on the content hash, like the ingestion pipeline's."""
    timed = doc.page is None
    prov = Provenance(
        source_id=f"{doc.tenant}-{doc.source}",
        uri=f"file:///data/{doc.tenant}/{doc.source}",
        filename=f"{doc.source}.{'mp4' if timed else 'pdf'}",
        page=doc.page,
        bbox=None if timed else (72.0, 100.0 + 20 * n, 520.0, 118.0 + 20 * n),
        t_start=10.0 * n if timed else None,
        t_end=10.0 * n + 8.0 if timed else None,
    )
    return Chunk(
        id=stable_id(prov.source_id, content_hash, n),
        text=text if text is not None else doc.text,
        modality=doc.modality,
        kind=KIND[doc.modality],
        provenance=prov,
        content_hash=content_hash,
        tenant=doc.tenant,
        method="test",
    )


@pytest.fixture(scope="module")
def corpus() -> tuple[list[Chunk], list[PointVectors]]:
    """The chunks and their real vectors (embedded once per module)."""
    embedder = default_embedder()
    bm25 = BM25Encoder()
    chunks = [make_chunk(d, i) for i, d in enumerate(DOCS)]
    dense = embedder.embed_documents([c.text for c in chunks])
    vectors = [
        PointVectors(dense=v, sparse=bm25.encode_document(c.text))
        for c, v in zip(chunks, dense, strict=True)
    ]
    return chunks, vectors


def query(text: str) -> QueryVectors:
    sparse = BM25Encoder().encode_query(text)
    return QueryVectors(dense=default_embedder().embed_query(text), sparse=sparse)


def make_index(kind: str, tmp_path: Path, spec: CollectionSpec) -> VectorIndex:
    if kind == "edge":
        return EdgeIndex(tmp_path / "shard", spec)
    return QdrantIndex(spec, location=":memory:")


@pytest.fixture(params=["edge", "qdrant-local"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def index(
    backend: str, tmp_path: Path, corpus: tuple[list[Chunk], list[PointVectors]]
) -> Iterator[VectorIndex]:
    idx = make_index(backend, tmp_path, CollectionSpec(name="contract"))
    idx.upsert(*corpus)
    yield idx
    idx.close()


def texts(hits: list[SearchHit]) -> list[str]:
    return [h.chunk.text for h in hits]


ACME_F = SearchFilters(tenant=ACME)


def test_hybrid_finds_the_obvious_passage_first(index: VectorIndex) -> None:
    hits = index.search(query("How often should the shaft seal be replaced?"), ACME_F, k=5)
    assert hits[0].chunk.text.startswith("Replace the shaft seal kit")
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))
    assert 0 < hits[0].score <= 3 / 60 + 1e-6  # RRF: at most one 1/(k+1) per branch


def test_paraphrase_is_found_by_dense(index: VectorIndex) -> None:
    q = query("Why was the release postponed?")
    dense = index.search(q, ACME_F, k=3, mode=SearchMode.DENSE)
    assert dense[0].chunk.text.startswith("We agreed to move the product launch")
    sparse = index.search(q, ACME_F, k=10, mode=SearchMode.SPARSE)
    assert dense[0].chunk.id not in {h.chunk.id for h in sparse}  # no shared words
    hybrid = index.search(q, ACME_F, k=3)
    assert hybrid[0].chunk.id == dense[0].chunk.id


def test_exact_rare_token_is_found_by_sparse(index: VectorIndex) -> None:
    q = query("ZK-4471-B")
    sparse = index.search(q, ACME_F, k=3, mode=SearchMode.SPARSE)
    assert "ZK-4471-B" in sparse[0].chunk.text
    assert all("ZK-5520-C" not in t for t in texts(sparse[:1]))
    hybrid = index.search(q, ACME_F, k=3)
    assert "ZK-4471-B" in hybrid[0].chunk.text


def test_tenant_isolation(index: VectorIndex) -> None:
    q = query("HX-220 pump recall serial numbers")
    acme = index.search(q, ACME_F, k=50)
    assert acme and all(h.chunk.tenant == ACME for h in acme)
    assert not any("recall" in t for t in texts(acme))
    globex = index.search(q, SearchFilters(tenant=GLOBEX), k=50)
    assert {h.chunk.tenant for h in globex} == {GLOBEX}
    assert "recall" in globex[0].chunk.text
    assert index.search(q, SearchFilters(tenant="nobody"), k=5) == []
    assert index.count(SearchFilters(tenant=GLOBEX)) == sum(d.tenant == GLOBEX for d in DOCS)
    assert index.count(ACME_F) + index.count(SearchFilters(tenant=GLOBEX)) == len(DOCS)


def test_filters_by_source_modality_page_uri(index: VectorIndex) -> None:
    q = query("pump")
    by_source = index.search(q, SearchFilters(tenant=ACME, source_ids=["acme-report"]), k=50)
    assert by_source and {h.chunk.provenance.source_id for h in by_source} == {"acme-report"}
    two = SearchFilters(tenant=ACME, source_ids=["acme-report", "acme-meeting"])
    assert index.count(two) == sum(
        d.source in ("report", "meeting") and d.tenant == ACME for d in DOCS
    )

    media = SearchFilters(tenant=ACME, modalities=[Modality.AUDIO, Modality.VIDEO])
    hits = index.search(query("safety before opening"), media, k=50)
    assert hits and {h.chunk.modality for h in hits} <= {Modality.AUDIO, Modality.VIDEO}
    assert hits[0].chunk.text.startswith("Always disconnect power")

    page = SearchFilters(tenant=ACME, source_ids=["acme-manual"], page=2)
    hits = index.search(q, page, k=50)
    assert {(h.chunk.provenance.page, h.chunk.provenance.source_id) for h in hits} == {
        (2, "acme-manual")
    }
    assert index.count(page) == 2

    uri = SearchFilters(tenant=ACME, uri="file:///data/acme/handbook")
    assert {h.chunk.provenance.uri for h in index.search(q, uri, k=50)} == {uri.uri}
    assert index.count(uri) == 4
    assert index.search(q, SearchFilters(tenant=ACME, source_ids=[]), k=5) == []
    assert index.count(SearchFilters(tenant=ACME, modalities=[])) == 0


def test_reupsert_same_ids_does_not_duplicate(
    index: VectorIndex, corpus: tuple[list[Chunk], list[PointVectors]]
) -> None:
    chunks, vectors = corpus
    before = index.count()
    edited = [c.model_copy(update={"text": c.text + " (rev 2)"}) for c in chunks[:5]]
    index.upsert(edited, vectors[:5])
    index.upsert(chunks[5:], vectors[5:])
    assert index.count() == before == len(DOCS)
    assert index.retrieve([chunks[0].id])[0].text.endswith("(rev 2)")


def test_delete_by_source_keeps_only_the_new_generation(
    index: VectorIndex, corpus: tuple[list[Chunk], list[PointVectors]]
) -> None:
    _, vectors = corpus
    manual = [i for i, d in enumerate(DOCS) if d.tenant == ACME and d.source == "manual"]
    gen2 = [
        make_chunk(DOCS[i], i, content_hash="gen2", text=DOCS[i].text + " v2") for i in manual[:3]
    ]
    index.upsert(gen2, [vectors[i] for i in manual[:3]])
    src = SearchFilters(tenant=ACME, source_ids=["acme-manual"])
    assert index.count(src) == len(manual) + 3
    other_tenant_before = index.count(SearchFilters(tenant=GLOBEX))

    index.delete_by_source(ACME, "acme-manual", keep_content_hash="gen2")
    remaining = list(index.scroll(src))
    assert len(remaining) == 3 and {c.content_hash for c in remaining} == {"gen2"}
    assert index.count(SearchFilters(tenant=GLOBEX)) == other_tenant_before

    index.delete_by_source(GLOBEX, "acme-manual")  # another tenant cannot delete acme's points
    assert index.count(src) == 3
    index.delete_by_source(ACME, "acme-manual")
    assert index.count(src) == 0
    assert index.count() == len(DOCS) - len(manual)


def test_retrieve_scroll_count(
    index: VectorIndex, corpus: tuple[list[Chunk], list[PointVectors]]
) -> None:
    chunks, _ = corpus
    ids = [chunks[3].id, stable_id("missing"), "not-a-uuid", chunks[0].id]
    got = index.retrieve(ids)
    assert [c.id for c in got] == [chunks[3].id, chunks[0].id]
    assert got[0] == chunks[3]  # payload round-trips to an identical chunk
    assert got[0].provenance.bbox == chunks[3].provenance.bbox
    meeting = list(index.scroll(SearchFilters(tenant=ACME, source_ids=["acme-meeting"])))
    assert len(meeting) == 4 and all(c.provenance.t_start is not None for c in meeting)
    assert len({c.id for c in index.scroll(ACME_F)}) == index.count(ACME_F) == 25
    assert index.count() == len(DOCS)


def test_bad_input_is_rejected(
    index: VectorIndex, corpus: tuple[list[Chunk], list[PointVectors]]
) -> None:
    chunks, vectors = corpus
    with pytest.raises(ValueError):
        index.upsert(chunks[:2], vectors[:1])
    with pytest.raises(ValueError):
        index.upsert(chunks[:1], [PointVectors(dense=[0.1] * 3, sparse=vectors[0].sparse)])
    with pytest.raises(InputError):
        index.search(QueryVectors(sparse=vectors[0].sparse), ACME_F, mode=SearchMode.DENSE)
    with pytest.raises(InputError):
        index.search(QueryVectors(image=[0.1] * 8), ACME_F, mode=SearchMode.IMAGE)
    assert index.count() == len(DOCS)


def test_snapshot_is_restorable(index: VectorIndex, backend: str, tmp_path: Path) -> None:
    archive = index.snapshot(tmp_path / "snaps")
    assert archive.is_file() and archive.stat().st_size > 0
    index.delete_by_source(ACME, "acme-manual")  # later changes must not affect the snapshot
    spec = CollectionSpec(name="contract")
    restored: VectorIndex
    if backend == "edge":
        restored = EdgeIndex.restore(archive, tmp_path / "restored", spec)
    else:
        restored = QdrantIndex(spec, location=":memory:")
        assert restored.restore(archive) == len(DOCS)
    try:
        assert restored.count() == len(DOCS)
        hits = restored.search(query("How often should the shaft seal be replaced?"), ACME_F, k=3)
        assert hits[0].chunk.text.startswith("Replace the shaft seal kit")
    finally:
        restored.close()


def _color_image_vector(r: float, g: float, b: float) -> list[float]:
    """A tiny deterministic 'image model': an 8-bin colour signature, L2-normalised."""
    raw = [r, g, b, r * g, g * b, r * b, (r + g + b) / 3, 1 - max(r, g, b)]
    norm = math.sqrt(sum(x * x for x in raw)) or 1.0
    return [x / norm for x in raw]


def test_image_vector_search(
    backend: str, tmp_path: Path, corpus: tuple[list[Chunk], list[PointVectors]]
) -> None:
    chunks, vectors = corpus
    colors = {"red": (0.9, 0.1, 0.1), "green": (0.1, 0.8, 0.2), "blue": (0.1, 0.2, 0.9)}
    idx = make_index(backend, tmp_path, CollectionSpec(name="images", image_size=8))
    try:
        idx.upsert(chunks, vectors)  # text-only points coexist with image points
        frames = []
        for n, name in enumerate(colors):
            doc = Doc(ACME, "photos", Modality.IMAGE, 1, f"photo of a {name} pump housing")
            frames.append(make_chunk(doc, 100 + n))
        bm25 = BM25Encoder()
        dense = default_embedder().embed_documents([c.text for c in frames])
        idx.upsert(
            frames,
            [
                PointVectors(
                    dense=d, sparse=bm25.encode_document(c.text), image=_color_image_vector(*rgb)
                )
                for c, d, rgb in zip(frames, dense, colors.values(), strict=True)
            ],
        )
        q = QueryVectors(image=_color_image_vector(0.8, 0.15, 0.1))
        hits = idx.search(q, ACME_F, k=3, mode=SearchMode.IMAGE)
        assert hits[0].chunk.text == "photo of a red pump housing"
        assert len(hits) == 3 and hits[0].score > hits[1].score  # only image points have the vector
        red = default_embedder().embed_query("red pump")
        hybrid = idx.search(QueryVectors(dense=red, image=q.image), ACME_F, k=3)
        assert hybrid[0].chunk.text == "photo of a red pump housing"
        assert idx.search(q, SearchFilters(tenant=GLOBEX), k=3, mode=SearchMode.IMAGE) == []
    finally:
        idx.close()


# -- Edge-specific: persistence, locking, sharing -------------------------------------------


def test_edge_reopen_keeps_points(
    tmp_path: Path, corpus: tuple[list[Chunk], list[PointVectors]]
) -> None:
    spec = CollectionSpec(name="contract")
    idx = EdgeIndex(tmp_path / "shard", spec)
    idx.upsert(*corpus)
    first = idx.search(query("dividend per share"), ACME_F, k=3)
    idx.close()
    idx.close()  # idempotent
    again = EdgeIndex(tmp_path / "shard", spec)
    try:
        assert again.count() == len(DOCS)
        assert [h.chunk.id for h in again.search(query("dividend per share"), ACME_F, k=3)] == [
            h.chunk.id for h in first
        ]
    finally:
        again.close()
    with pytest.raises(Exception, match="size"):
        EdgeIndex(tmp_path / "shard", CollectionSpec(name="contract", dense_size=512))


_HOLD_LOCK = """
import sys, time
from mmrag.platform.index.factory import open_index
from mmrag.platform.settings import Settings
index = open_index(Settings())
print("open", flush=True)
sys.stdin.readline()
index.close()
"""


def test_edge_lock_across_processes(tmp_path: Path) -> None:
    env = dict(os.environ, MMRAG_DATA_DIR=str(tmp_path / "data"))
    env.pop("MMRAG_QDRANT_URL", None)
    settings = Settings(data_dir=tmp_path / "data", qdrant_url=None)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(IndexLocked, match=rf"process {holder.pid}\b.*MMRAG_QDRANT_URL"):
            open_index(settings)
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    index = open_index(settings)  # free again once the other process closed it
    try:
        with pytest.raises(IndexLocked, match="this process"):
            open_index(settings)
    finally:
        index.close()
    open_index(settings).close()


def test_shared_index_is_one_instance_per_process(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", qdrant_url=None)
    try:
        a = shared_index(settings)
        b = shared_index(Settings(data_dir=tmp_path / "data", qdrant_url=None))
        assert a is b and isinstance(a, EdgeIndex)
        other = shared_index(
            Settings(data_dir=tmp_path / "data", qdrant_url=None, collection="other")
        )
        assert other is not a
    finally:
        close_shared_indexes()
    assert a.closed
    reopened = shared_index(settings)
    try:
        assert reopened is not a and not reopened.closed  # type: ignore[attr-defined]
    finally:
        close_shared_indexes()


def test_edge_is_thread_safe(
    tmp_path: Path, corpus: tuple[list[Chunk], list[PointVectors]]
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    chunks, vectors = corpus
    idx = EdgeIndex(tmp_path / "shard", CollectionSpec(name="contract"))
    q = query("warranty claims")
    try:
        with ThreadPoolExecutor(4) as pool:
            writes = [
                pool.submit(idx.upsert, [c], [v]) for c, v in zip(chunks, vectors, strict=True)
            ]
            reads = [pool.submit(idx.search, q, ACME_F, 3) for _ in range(20)]
            for f in writes + reads:
                f.result()
        assert idx.count() == len(DOCS)
        assert idx.search(q, ACME_F, k=1)[0].chunk.text.startswith("Warranty claims")
    finally:
        idx.close()
