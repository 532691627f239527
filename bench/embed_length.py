"""How many word pieces of a passage to embed: speed and recall@5 at 128 and 256, in one run.

all-MiniLM-L6-v2 was trained on 128 word pieces; its sentence-transformers config allows 256.
Speed: the dev corpus PDFs' chunks (as ingestion makes them) embedded by the ONNX embedders
(fp32, and int8 when built) at each length, alternated ``--rounds`` times; passages per second
of wall time and of this process's CPU time. Recall: with ``--sets dev,unseen,...`` each set is
ingested into a fresh data dir at each length and asked through ``bench/eval_cached.py`` in
extractive mode (retrieval is the same in every answer mode); recall@5 per set and modality.
Prints JSON; ``--out FILE`` also writes it.

    .venv/bin/python bench/embed_length.py [--sets dev,unseen,unseen2,unseen3] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchio import emit
from embed_throughput import corpus_texts, timed

os.environ.setdefault("HF_HUB_OFFLINE", "1")
LENGTHS = (256, 128)
#: Recall is measured for these (name, MMRAG_EMBED_BACKEND, MMRAG_EMBED_MAX_TOKENS).
CONFIGS = (
    ("fp32_256", "onnx", 256),
    ("fp32_128", "onnx", 128),
    ("int8_passages_128", "onnx-int8-passages", 128),
)


def speed(corpus: Path, rounds: int) -> dict[str, Any]:
    """Passages per second of each ONNX embedder at each length."""
    from mmrag.platform.embedding_onnx import OnnxMiniLMEmbedder, onnx_model_path

    texts = corpus_texts(sorted((corpus / "pdf").glob("*.pdf")))
    embedders: dict[str, Any] = {}
    for precision, quantized in (("fp32", False), ("int8", True)):
        if onnx_model_path(quantized).is_file():
            for length in LENGTHS:
                embedder = OnnxMiniLMEmbedder(onnx_model_path(quantized), max_tokens=length)
                embedder.embed_documents(["warm up"])
                embedders[f"{precision}_{length}"] = embedder
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in embedders}
    for round_no in range(rounds):
        names = list(embedders) if round_no % 2 == 0 else list(embedders)[::-1]
        for name in names:
            wall, cpu, _ = timed(embedders[name], texts)
            runs[name].append((wall, cpu))
            print(f"round {round_no} {name}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr)
    return {
        "passages": len(texts),
        "rates": {
            name: {
                "wall_passages_per_s": round(len(texts) / statistics.median(w for w, _ in r), 1),
                "cpu_passages_per_s": round(len(texts) / statistics.median(c for _, c in r), 1),
            }
            for name, r in runs.items()
        },
    }


def recall(sets: list[str], work: Path) -> dict[str, Any]:
    """recall@5 of each set in each of :data:`CONFIGS` (a fresh ingest per set and config; an
    eval report already in ``work``, ``<set>_<config>.json``, is read instead of run again)."""
    here = Path(__file__).resolve().parent
    found: dict[str, Any] = {}
    for name in sets:
        for config, backend, length in CONFIGS:
            out = work / f"{name}_{config}.json"
            if out.is_file():
                found.setdefault(name, {})[config] = _recall_of(json.loads(out.read_text()))
                continue
            env = {
                **os.environ,
                "MMRAG_EMBED_BACKEND": backend,
                "MMRAG_EMBED_MAX_TOKENS": str(length),
                "MMRAG_ANSWER_MODE": "extractive",
            }
            subprocess.run(
                [
                    sys.executable,
                    str(here / "eval_cached.py"),
                    "--set",
                    name,
                    "--data-dir",
                    str(work / f"data_{name}_{config}"),
                    "--cache",
                    str(work / "replies.jsonl"),
                    "--out",
                    str(out),
                ],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            found.setdefault(name, {})[config] = _recall_of(json.loads(out.read_text()))
    return found


def _recall_of(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "recall_at_5": report["overall"]["recall_at_k"],
        "by_modality": {m: v["recall_at_k"] for m, v in sorted(report["by_modality"].items())},
        "questions": report["overall"]["n"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sets", default="", help="comma-separated sets to measure recall on")
    parser.add_argument("--work", type=Path, help="keep (and reuse) the eval reports here")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    load_before = [round(v, 2) for v in os.getloadavg()]
    report: dict[str, Any] = {"benchmark": "embed_length", "lengths": list(LENGTHS)}
    report["recall_configs"] = {name: {"backend": b, "max_tokens": n} for name, b, n in CONFIGS}
    report["speed"] = speed(args.corpus, args.rounds)
    sets = [s for s in args.sets.split(",") if s]
    if sets and args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        report["recall"] = recall(sets, args.work)
    elif sets:
        with tempfile.TemporaryDirectory(prefix="mmrag-embed-length-") as tmp:
            report["recall"] = recall(sets, Path(tmp))
    report["load_average_before"] = load_before
    report["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    report["cpu_count"] = os.cpu_count()
    emit(report, args.out)


if __name__ == "__main__":
    main()
