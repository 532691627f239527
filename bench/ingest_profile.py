"""Where PDF ingestion spends its time: seconds per stage, per text engine, in one run.

Stages: open, ocr_decision (inspect_pdf), text, tables, render (page scan + rendering and
text-layer words for the region stage), layout (the layout model), regions (crop OCR, or
text-layer lines for drawn figures, + chart reading), chunk, embed, sparse (BM25) and upsert
(embedded index). Each engine (``unstructured`` = the old text path,
``pdfium`` = the fast path) runs over every file, alternated ``--rounds`` times, so both see
the same machine load; the report gives per-stage medians and the ratios between engines.
Embedding is timed for both embedders (``torch`` = sentence-transformers, ``onnx``) on the same
chunks. The machine's load average is recorded: absolute numbers mean little on a busy host.

    .venv/bin/python bench/ingest_profile.py [FILES...] [--rounds 2] [--out FILE]
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchio import emit

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")

Timings = dict[str, float]


@contextmanager
def timed_calls(module: Any, name: str, timings: Timings, stage: str) -> Iterator[None]:
    """Add the time spent in ``module.name`` to ``timings[stage]`` while the block runs."""
    original: Callable[..., Any] | None = getattr(module, name, None)
    if original is None:  # not in this version of the code
        yield
        return

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings[stage] += time.perf_counter() - start

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def profile_extraction(path: Path, engine: str, blobs: Any) -> tuple[Timings, list[Any], Any]:
    """Stage seconds of extracting and chunking one PDF with ``engine``; also its chunks."""
    from mmrag.ingestion.chunking import chunk_document
    from mmrag.ingestion.pdf import layout
    from mmrag.ingestion.pdf import text_layer as pdf
    from mmrag.ingestion.pdf.layout import LayoutOptions, extract_regions
    from mmrag.platform.models import MediaKind, SourceFile

    source = SourceFile(
        source_id=path.name,
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash=f"profile-{path.name}",
        media_kind=MediaKind.PDF,
    )
    t: Timings = defaultdict(float)
    fields = pdf.PdfOptions.model_fields
    options = pdf.PdfOptions(**({"text_engine": engine} if "text_engine" in fields else {}))
    start = time.perf_counter()
    doc = pdf._open(path)
    pages = len(doc)
    doc.close()
    t["open"] = time.perf_counter() - start

    start = time.perf_counter()
    info = pdf.inspect_pdf(path, options)
    t["ocr_decision"] = time.perf_counter() - start

    start = time.perf_counter()
    with (
        timed_calls(pdf, "detect_tables", t, "tables"),
        timed_calls(pdf, "find_tables", t, "tables"),
    ):
        result = pdf.extract_pdf_text(source, options, skip_pages=set(info.pages_needing_ocr))
    t["text"] = time.perf_counter() - start - t["tables"]

    start = time.perf_counter()
    with (
        timed_calls(layout, "detect_regions", t, "layout"),
        timed_calls(layout, "region_elements", t, "regions"),
    ):
        regions = extract_regions(source, list(range(1, pages + 1)), blobs, LayoutOptions())
    t["render"] = time.perf_counter() - start - t["layout"] - t["regions"]

    start = time.perf_counter()
    chunks = chunk_document(pdf_reading_order(result.elements + regions.elements), source)
    t["chunk"] = time.perf_counter() - start
    return dict(t), chunks, pages


def pdf_reading_order(elements: list[Any]) -> list[Any]:
    from mmrag.ingestion.pdf.pipeline import reading_order

    return reading_order(elements)


def profile_indexing(chunks: list[Any], embedder: Any, index: Any) -> Timings:
    """Embed (one call per 64 chunks, as the worker does), BM25-encode and upsert ``chunks``."""
    from mmrag.ingestion.chunking import embedding_text
    from mmrag.platform.index.base import PointVectors
    from mmrag.platform.sparse import BM25Encoder

    t: Timings = defaultdict(float)
    sparse = BM25Encoder()
    for begin in range(0, len(chunks), 64):
        batch = chunks[begin : begin + 64]
        texts = [embedding_text(c) for c in batch]
        start = time.perf_counter()
        dense = embedder.embed_documents(texts)
        t["embed"] += time.perf_counter() - start
        start = time.perf_counter()
        vectors = [
            PointVectors(dense=d, sparse=sparse.encode_document(x))
            for d, x in zip(dense, texts, strict=True)
        ]
        t["sparse"] += time.perf_counter() - start
        start = time.perf_counter()
        index.upsert(batch, vectors)
        t["upsert"] += time.perf_counter() - start
    return dict(t)


def load_average() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--engines", default="unstructured,pdfium")
    parser.add_argument("--embedders", default="torch,onnx")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    files = args.files or sorted((args.corpus / "pdf").glob("*.pdf"))
    engines = [e for e in args.engines.split(",") if e]

    from mmrag.platform import embedding
    from mmrag.platform.index.factory import close_shared_indexes, shared_index
    from mmrag.platform.settings import Settings
    from mmrag.platform.storage import BlobStore

    embedders = {}
    for name in [e for e in args.embedders.split(",") if e]:
        start = time.perf_counter()
        if hasattr(embedding, "load_embedder"):
            embedders[name] = embedding.load_embedder(backend=name)
        else:  # the code before the ONNX embedder
            embedders[name] = embedding.MiniLMEmbedder()
        embedders[name].embed_documents(["warm up"])
        print(f"{name} embedder loaded in {time.perf_counter() - start:.1f} s", file=sys.stderr)

    load_before = load_average()
    per_engine: dict[str, list[Timings]] = defaultdict(list)
    per_embedder: dict[str, list[Timings]] = defaultdict(list)
    pages_total = 0
    chunk_counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), redis_url=None, qdrant_url=None)
        blobs = BlobStore(settings.blob_dir)
        index = shared_index(settings)
        try:
            for round_no in range(args.rounds):
                order = engines if round_no % 2 == 0 else engines[::-1]
                for engine in order:
                    total: Timings = defaultdict(float)
                    chunks_all: list[Any] = []
                    pages_total = 0
                    for path in files:
                        stages, chunks, pages = profile_extraction(path, engine, blobs)
                        pages_total += pages
                        chunks_all.extend(chunks)
                        for key, value in stages.items():
                            total[key] += value
                    chunk_counts[engine] = len(chunks_all)
                    per_engine[engine].append(dict(total))
                    names = list(embedders) if round_no % 2 == 0 else list(embedders)[::-1]
                    for name in names:
                        per_embedder[f"{engine}/{name}"].append(
                            profile_indexing(chunks_all, embedders[name], index)
                        )
                    print(f"round {round_no} {engine}: {dict(total)}", file=sys.stderr)
        finally:
            close_shared_indexes()

    def medians(runs: list[Timings]) -> Timings:
        keys = sorted({k for run in runs for k in run})
        return {k: round(statistics.median(run.get(k, 0.0) for run in runs), 3) for k in keys}

    extraction = {engine: medians(runs) for engine, runs in per_engine.items()}
    indexing = {key: medians(runs) for key, runs in per_embedder.items()}
    report: dict[str, Any] = {
        "benchmark": "pdf_ingest_profile",
        "files": [p.name for p in files],
        "pages": pages_total,
        "rounds": args.rounds,
        "chunks": chunk_counts,
        "extraction_seconds_median": extraction,
        "indexing_seconds_median": indexing,
    }
    if len(engines) == 2:
        old, new = engines
        report["extraction_ratio_old_over_new"] = {
            k: round(extraction[old][k] / extraction[new][k], 2)
            for k in extraction[old]
            if extraction[new].get(k, 0) > 0.001
        }
        report["extraction_total_seconds"] = {
            e: round(sum(extraction[e].values()), 2) for e in engines
        }
    for key, stages in indexing.items():
        engine = key.split("/")[0]
        if stages.get("embed"):
            report.setdefault("embed_passages_per_s", {})[key] = round(
                chunk_counts[engine] / stages["embed"], 1
            )
    report.update(
        {
            "load_average_before": load_before,
            "load_average_after": load_average(),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "cpu_count": os.cpu_count(),
            "python": sys.version.split()[0],
            "caveat": "shared 2-core host under load: compare ratios in this run, not seconds",
        }
    )
    emit(report, args.out)


if __name__ == "__main__":
    main()
