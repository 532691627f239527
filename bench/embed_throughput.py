"""Passages per second of the text embedders on the dev corpus PDFs' chunks, in one run.

The chunks come from the digital PDFs (PDFium text path, as ingestion makes them). The torch
(sentence-transformers), ONNX fp32 and ONNX int8 (when built) embedders embed them in worker-sized calls of 64,
alternated ``--rounds`` times. Besides wall-clock rates the report gives passages per CPU
second of this process (all its threads), which a busy shared host distorts far less, and the
cosine agreement of each ONNX embedder with torch. Prints JSON; ``--out FILE`` also writes it.

    .venv/bin/python bench/embed_throughput.py [--rounds 2] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchio import emit

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def corpus_texts(files: list[Path]) -> list[str]:
    """Embedding texts of the chunks of ``files``."""
    from mmrag.ingestion.chunking import chunk_document, embedding_text
    from mmrag.ingestion.pdf.text_layer import extract_pdf_text
    from mmrag.platform.models import MediaKind, SourceFile

    texts: list[str] = []
    for path in files:
        source = SourceFile(
            source_id=path.name,
            uri=str(path),
            filename=path.name,
            path=str(path),
            content_hash=path.name,
            media_kind=MediaKind.PDF,
        )
        elements = extract_pdf_text(source).elements
        texts.extend(embedding_text(c) for c in chunk_document(elements, source))
    return texts


def timed(embedder: Any, texts: list[str]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, vectors) of embedding ``texts`` in calls of 64."""
    import numpy as np

    wall, cpu = time.perf_counter(), time.process_time()
    vectors: list[list[float]] = []
    for begin in range(0, len(texts), 64):
        vectors.extend(embedder.embed_documents(texts[begin : begin + 64]))
    return time.perf_counter() - wall, time.process_time() - cpu, np.array(vectors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from mmrag.platform.embedding import load_embedder
    from mmrag.platform.embedding_onnx import OnnxMiniLMEmbedder, onnx_model_path

    texts = corpus_texts(sorted((args.corpus / "pdf").glob("*.pdf")))
    embedders: dict[str, Any] = {"torch": load_embedder("torch")}
    for name, quantized in (("onnx_fp32", False), ("onnx_int8", True)):
        if onnx_model_path(quantized).is_file():
            embedders[name] = OnnxMiniLMEmbedder(onnx_model_path(quantized))
    for embedder in embedders.values():
        embedder.embed_documents(["warm up"])
    load_before = [round(v, 2) for v in os.getloadavg()]
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in embedders}
    vectors: dict[str, Any] = {}
    for round_no in range(args.rounds):
        names = list(embedders) if round_no % 2 == 0 else list(embedders)[::-1]
        for name in names:
            wall, cpu, vectors[name] = timed(embedders[name], texts)
            runs[name].append((wall, cpu))
            print(f"round {round_no} {name}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr)
    cosines = {
        name: (vectors["torch"] * vectors[name]).sum(axis=1) for name in vectors if name != "torch"
    }
    rates = {
        name: {
            "wall_passages_per_s": round(len(texts) / statistics.median(w for w, _ in r), 1),
            "cpu_passages_per_s": round(len(texts) / statistics.median(c for _, c in r), 1),
        }
        for name, r in runs.items()
    }
    report = {
        "benchmark": "embed_throughput",
        "passages": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts), 1),
        "rounds": args.rounds,
        "rates": rates,
        "over_torch_wall": {
            name: round(r["wall_passages_per_s"] / rates["torch"]["wall_passages_per_s"], 2)
            for name, r in rates.items()
        },
        "cosine_vs_torch": {
            name: {"mean": round(float(c.mean()), 4), "min": round(float(c.min()), 4)}
            for name, c in cosines.items()
        },
        "load_average_before": load_before,
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
        "cpu_count": os.cpu_count(),
        "caveat": "shared 2-core host under load: wall rates are not this machine's speed",
    }
    emit(report, args.out)


if __name__ == "__main__":
    main()
