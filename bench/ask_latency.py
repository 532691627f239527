"""Ask latency (p50/p95) and LLM calls per question, extractive vs LLM mode, on the dev corpus.

Both modes run the same LangGraph agent over the same embedded index. LLM mode talks to a real
local OpenAI-compatible HTTP server (``tests/fake_llm_server.py``: it answers from the prompt
it receives, instantly, so the latency measured is mmrag's own: retrieval, evidence and image
gathering, prompt building, HTTP, citation checking). The server counts the calls and the
images each call carries.

    .venv/bin/python bench/ask_latency.py [--root CORPUS] [--data-dir D] [--out FILE]

The corpus is ingested into ``--data-dir`` first (unchanged files are skipped, so a data dir
from ``mmrag eval`` is reused). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mmrag.agents.evaluation import load_items, load_unanswerable
from mmrag.agents.evaluation.runner import referenced_files
from mmrag.agents.graph import build_qa_graph
from mmrag.agents.llm import LLMClient
from mmrag.agents.state import AgentDeps
from mmrag.cli import ingest_and_wait, needs_local_worker, open_runtime, start_local_worker
from mmrag.platform.models import SearchFilters
from tests.fake_llm_server import FakeLLMServer


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 4)


def _images(request: dict[str, Any]) -> int:
    return sum(
        1
        for message in request.get("messages", [])
        if isinstance(message.get("content"), list)
        for part in message["content"]
        if isinstance(part, dict) and part.get("type") == "image_url"
    )


def run_mode(deps: AgentDeps, questions: list[str], k: int, server: FakeLLMServer | None) -> Any:
    """Ask every question once (after one warm-up); latency and LLM traffic per question."""
    graph = build_qa_graph(deps)
    graph.invoke(questions[0], SearchFilters(), k)  # warm-up: model loads, caches
    latencies: list[float] = []
    calls: list[int] = []
    images: list[int] = []
    found = 0
    for question in questions:
        before = len(server.requests) if server else 0
        started = time.perf_counter()
        answer = graph.invoke(question, SearchFilters(), k)
        latencies.append(time.perf_counter() - started)
        found += answer.found
        if server is not None:
            new = server.requests[before:]
            calls.append(len(new))
            images.extend(_images(r) for r in new)
    result: dict[str, Any] = {
        "questions": len(questions),
        "p50_s": _percentile(latencies, 0.5),
        "p95_s": _percentile(latencies, 0.95),
        "mean_s": round(statistics.fmean(latencies), 4),
        "found_rate": round(found / len(questions), 4),
    }
    if server is not None:
        result["llm_calls_per_question"] = {
            "mean": round(statistics.fmean(calls), 3),
            "max": max(calls),
        }
        result["images_per_call"] = {
            "mean": round(statistics.fmean(images), 3) if images else 0.0,
            "max": max(images, default=0),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    """Ingest (or reuse) the corpus, time both modes, print JSON."""
    default_root = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=default_root)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: a fresh temp dir")
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    items = load_items(args.root / "qa.jsonl", args.root)
    unanswerable = args.root / "unanswerable.txt"
    questions = [i.question for i in items]
    questions += load_unanswerable(unanswerable) if unanswerable.is_file() else []
    with (
        tempfile.TemporaryDirectory(prefix="mmrag-ask-") as tmp,
        open_runtime(args.data_dir or Path(tmp)) as runtime,
    ):
        if needs_local_worker(runtime.settings):
            start_local_worker(runtime)
        ingest_and_wait(runtime, referenced_files(items))
        base = AgentDeps(
            retriever=runtime.retriever(), blobs=runtime.blobs, embedder=runtime.embedder
        )
        extractive = run_mode(base, questions, args.k, None)
        with FakeLLMServer() as server:
            llm = LLMClient(server.url, "bench-model", timeout_s=30.0)
            with_llm = AgentDeps(
                retriever=base.retriever, llm=llm, blobs=base.blobs, embedder=base.embedder
            )
            llm_mode = run_mode(with_llm, questions, args.k, server)
    result = {
        "benchmark": "ask_latency",
        "k": args.k,
        "cpu_count": os.cpu_count(),
        "loadavg_start": round(os.getloadavg()[0], 2),
        "extractive": extractive,
        "llm_openai_compatible_local_server": llm_mode,
    }
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
