"""Hybrid query latency of the embedded (Qdrant Edge) index at 10k and 100k chunks.

Baseline in the same run: qdrant-client's local mode at 10k (what the DESIGN replaces).

Corpus: ``--base-texts`` realistic short passages are generated from templates (manuals,
finance, meetings, HR, support tickets with part numbers and figures) and embedded with the
real MiniLM model. The remaining points are derived from them: the dense vector gets small
Gaussian noise (then re-normalised), the text gets its words shuffled and a random reference
code added, and is BM25-encoded for real. The JSON says so under ``corpus``.

Timings: query embedding (MiniLM, one query at a time) is measured separately from the index
call; the index numbers are ``VectorIndex.search`` only (filter on tenant, k=10, hybrid =
dense + sparse prefetch fused with RRF), each over ``--queries`` queries.

    .venv/bin/python bench/query_latency.py [--sizes 10000 100000] [--queries 200]
        [--base-texts 3000] [--baseline-queries 20] [--optimize] [--out FILE]

qdrant-client's local mode scans in pure Python (seconds per query at 10k), so the baseline runs
only ``--baseline-queries`` hybrid queries (the first ones of the same query set).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np

from mmrag.platform.embedding import default_embedder
from mmrag.platform.index.base import (
    CollectionSpec,
    PointVectors,
    QueryVectors,
    SearchMode,
    VectorIndex,
)
from mmrag.platform.index.edge import EdgeIndex
from mmrag.platform.index.filters import IndexOptions
from mmrag.platform.index.qdrant import QdrantIndex
from mmrag.platform.models import (
    Chunk,
    ElementKind,
    Modality,
    Provenance,
    SearchFilters,
    stable_id,
)
from mmrag.platform.sparse import BM25Encoder

PRODUCTS = ["HX-220", "HX-310", "GX-40", "Aquaflow 7", "TerraPump S", "MX-900", "Vortex 12"]
PARTS = ["shaft seal", "impeller", "bearing", "gasket", "motor", "control board", "valve"]
TEMPLATES = [
    "Replace the {part} of the {product} every {n} operating hours (kit {code}).",
    "The {product} delivers {n} litres per minute at {m} bar with the standard {part}.",
    "Maximum fluid temperature for the {product} is {m} degrees; the {part} is rated higher.",
    "Revenue of the {product} line grew {m} percent to {n} thousand euros in Q{q}.",
    "Operating costs for {part} production fell {m} percent in quarter {q}.",
    "In the meeting we agreed to delay the {product} launch by {m} weeks because of the {part}.",
    "Customer ticket {code}: the {part} of a {product} leaks after {n} hours of use.",
    "Safety: disconnect power before opening the {product}; check the {part} for damage.",
    "Employees working on the {product} assembly get {m} days of training on the {part}.",
    "Warranty for the {product} {part} is {m} months from the date of purchase.",
    "Chart: monthly shipments of the {product} peaked at {n} units in month {q}.",
    "The {part} supplier for the {product} raised prices by {m} percent this year.",
]
QUESTIONS = [
    "How often must the {part} of the {product} be changed?",
    "What flow rate does the {product} reach?",
    "How hot can the liquid in the {product} be?",
    "How did sales of the {product} develop in Q{q}?",
    "Why was the {product} release postponed?",
    "Which tickets mention {code}?",
    "What should I do before opening the {product}?",
    "How long is the warranty on the {product} {part}?",
    "When did {product} shipments peak?",
    "Did the {part} supplier increase prices?",
]
TENANTS = ["default"] * 9 + ["t1", "t2", "t3", "t4"]
MODALITIES = [Modality.TEXT, Modality.TEXT, Modality.SCAN, Modality.TABLE, Modality.AUDIO]


def fill(template: str, rng: random.Random) -> str:
    """One template filled with random products, parts, figures and codes."""
    return template.format(
        product=rng.choice(PRODUCTS),
        part=rng.choice(PARTS),
        n=rng.randint(10, 9000),
        m=rng.randint(2, 95),
        q=rng.randint(1, 4),
        code=f"ZK-{rng.randint(1000, 9999)}-{rng.choice('ABCDEF')}",
    )


def build_corpus(
    size: int, base_texts: list[str], base_dense: np.ndarray, seed: int
) -> tuple[list[Chunk], list[PointVectors]]:
    """``size`` chunks: the base texts as-is, then noisy/shuffled derivatives of them."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    bm25 = BM25Encoder()
    chunks: list[Chunk] = []
    vectors: list[PointVectors] = []
    for i in range(size):
        j = i % len(base_texts)
        if i < len(base_texts):
            text, dense = base_texts[j], base_dense[j]
        else:
            words = base_texts[j].split()
            rng.shuffle(words)
            text = " ".join(words) + f" ref {rng.randint(10000, 99999)}"
            noisy = base_dense[j] + nrng.normal(0.0, 0.02, base_dense.shape[1])
            dense = noisy / np.linalg.norm(noisy)
        source = f"src-{i // 50}"
        modality = MODALITIES[(i // 50) % len(MODALITIES)]
        timed = modality == Modality.AUDIO
        prov = Provenance(
            source_id=source,
            uri=f"file:///corpus/{source}",
            filename=f"{source}.{'wav' if timed else 'pdf'}",
            page=None if timed else 1 + (i % 50) // 5,
            t_start=None if not timed else float(i % 50) * 20,
            t_end=None if not timed else float(i % 50) * 20 + 18,
        )
        chunks.append(
            Chunk(
                id=stable_id("bench", i),
                text=text,
                modality=modality,
                kind=ElementKind.TRANSCRIPT if timed else ElementKind.TEXT,
                provenance=prov,
                content_hash=f"h{i // 50}",
                tenant=TENANTS[(i // 50) % len(TENANTS)],
            )
        )
        vectors.append(PointVectors(dense=dense.tolist(), sparse=bm25.encode_document(text)))
    return chunks, vectors


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50/p95/mean in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
    }


def latencies(
    index: VectorIndex, queries: list[QueryVectors], flt: SearchFilters, mode: SearchMode
) -> list[float]:
    """Seconds per ``index.search`` call, one call per query (after one warm-up call)."""
    index.search(queries[0], flt, 10, mode)
    out = []
    for q in queries:
        start = time.perf_counter()
        index.search(q, flt, 10, mode)
        out.append(time.perf_counter() - start)
    return out


def measure(
    index: VectorIndex, queries: list[QueryVectors], modes: Sequence[SearchMode]
) -> dict[str, Any]:
    """Latency per mode under the tenant filter, plus hybrid under a modality filter."""
    flt = SearchFilters(tenant="default")
    result: dict[str, Any] = {
        m.value: percentiles(latencies(index, queries, flt, m)) for m in modes
    }
    filtered = SearchFilters(tenant="default", modalities=[Modality.SCAN, Modality.TABLE])
    result["hybrid_modality_filter"] = percentiles(
        latencies(index, queries, filtered, SearchMode.HYBRID)
    )
    return result


def top_ids(
    index: VectorIndex, queries: list[QueryVectors], mode: SearchMode, k: int
) -> list[list[str]]:
    flt = SearchFilters(tenant="default")
    return [[h.chunk.id for h in index.search(q, flt, k, mode)] for q in queries]


def build(index: VectorIndex, chunks: list[Chunk], vectors: list[PointVectors]) -> float:
    start = time.perf_counter()
    for lo in range(0, len(chunks), 1000):
        index.upsert(chunks[lo : lo + 1000], vectors[lo : lo + 1000])
    return time.perf_counter() - start


def disk_usage(path: Path) -> dict[str, float]:
    used = apparent = 0
    for file in path.rglob("*"):
        if file.is_file():
            st = file.stat()
            used += st.st_blocks * 512
            apparent += st.st_size
    return {"disk_mb": round(used / 2**20, 1), "apparent_mb": round(apparent / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--base-texts", type=int, default=3000)
    parser.add_argument("--baseline-size", type=int, default=10_000)
    parser.add_argument(
        "--baseline-queries", type=int, default=20, help="qdrant-client local mode is slow"
    )
    parser.add_argument("--optimize", action="store_true", help="also measure after optimize()")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    rng = random.Random(7)
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "corpus": {
            "real_embedded_texts": args.base_texts,
            "derivation": "remaining points = base dense vector + N(0, 0.02) noise, re-normalised; "
            "text = base words shuffled + random ref code, BM25-encoded for real",
            "tenants": "9/13 of sources in tenant 'default', rest in 4 others",
        },
        "query": {"k": 10, "filter": "tenant", "prefetch_per_branch": 50, "fusion": "RRF k=60"},
    }

    embedder = default_embedder()
    base_texts = [fill(rng.choice(TEMPLATES), rng) for _ in range(args.base_texts)]
    start = time.perf_counter()
    base_dense = np.asarray(embedder.embed_documents(base_texts), dtype=np.float32)
    report["corpus"]["embed_texts_per_s"] = round(
        args.base_texts / (time.perf_counter() - start), 1
    )

    question_texts = [fill(rng.choice(QUESTIONS), rng) for _ in range(args.queries)]
    bm25 = BM25Encoder()
    embed_lat = []
    queries: list[QueryVectors] = []
    for text in question_texts:
        t0 = time.perf_counter()
        dense = embedder.embed_query(text)
        embed_lat.append(time.perf_counter() - t0)
        queries.append(QueryVectors(dense=dense, sparse=bm25.encode_query(text)))
    report["query_embedding"] = percentiles(embed_lat)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="mmrag-bench-"))
    spec = CollectionSpec(name="bench")
    all_modes = (SearchMode.HYBRID, SearchMode.DENSE, SearchMode.SPARSE)
    base_q = queries[: args.baseline_queries]
    results: list[dict[str, Any]] = []
    edge_ids: dict[str, list[list[str]]] = {}
    try:
        for size in sorted(set(args.sizes)):
            chunks, vectors = build_corpus(size, base_texts, base_dense, seed=size)
            path = work / f"edge-{size}"
            shutil.rmtree(path, ignore_errors=True)
            edge = EdgeIndex(path, spec)
            row: dict[str, Any] = {"backend": "edge", "points": size, "queries": len(queries)}
            row["upsert_s"] = round(build(edge, chunks, vectors), 2)
            row["search"] = measure(edge, queries, all_modes)
            edge.options = IndexOptions(tenant_idf=False)
            row["hybrid_global_idf"] = percentiles(
                latencies(edge, queries, SearchFilters(tenant="default"), SearchMode.HYBRID)
            )
            edge.options = IndexOptions()
            if size == args.baseline_size:
                edge_ids["dense"] = top_ids(edge, base_q, SearchMode.DENSE, 1)
                edge_ids["hybrid"] = top_ids(edge, base_q, SearchMode.HYBRID, 10)
            if args.optimize:
                t0 = time.perf_counter()
                edge.optimize()
                row["optimize_s"] = round(time.perf_counter() - t0, 1)
                row["search_after_optimize"] = measure(edge, queries, all_modes)
            edge.close()
            row.update(disk_usage(path))
            row["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            results.append(row)
            print(json.dumps(row), flush=True)
            del chunks, vectors

        size = args.baseline_size
        chunks, vectors = build_corpus(size, base_texts, base_dense, seed=size)
        local = QdrantIndex(spec, location=":memory:")
        row = {"backend": "qdrant-client local (:memory:)", "points": size, "queries": len(base_q)}
        row["upsert_s"] = round(build(local, chunks, vectors), 2)
        row["search"] = measure(local, base_q, [SearchMode.HYBRID])
        if edge_ids:
            dense_ids = top_ids(local, base_q, SearchMode.DENSE, 1)
            hybrid_ids = top_ids(local, base_q, SearchMode.HYBRID, 10)
            row["dense_top1_agreement_with_edge"] = round(
                sum(a == b for a, b in zip(dense_ids, edge_ids["dense"], strict=True))
                / len(base_q),
                3,
            )
            row["hybrid_top10_overlap_with_edge"] = round(
                statistics.fmean(
                    len(set(a) & set(b)) / max(1, len(b))
                    for a, b in zip(hybrid_ids, edge_ids["hybrid"], strict=True)
                ),
                3,
            )
        local.close()
        results.append(row)
        print(json.dumps(row), flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    report["results"] = results
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
