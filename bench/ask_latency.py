"""Ask latency (p50/p95, first token), prompt tokens and LLM calls per question, by answer mode.

All modes run the same LangGraph agent over the same embedded index:

- ``extractive``: no model;
- ``local``: the local GGUF model in-process (``MMRAG_LOCAL_MODEL`` or the installed default,
  ``MMRAG_LLM_THREADS`` threads; ``--threads 1,2`` measures each count);
- ``fake``: a real local OpenAI-compatible HTTP server (``tests/fake_llm_server.py``) that
  answers from the prompt instantly, so the latency is mmrag's own on the remote path.

    .venv/bin/python bench/ask_latency.py [--root CORPUS] [--data-dir D] [--out FILE]
        [--modes extractive,local,fake] [--threads 1] [--limit N]

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

from mmrag.agents.answering.local_model import LocalChatModel
from mmrag.agents.evaluation import load_items, load_unanswerable
from mmrag.agents.evaluation.runner import referenced_files
from mmrag.agents.graph import build_qa_graph
from mmrag.agents.llm import LLMClient
from mmrag.agents.state import AgentDeps
from mmrag.cli import ingest_and_wait, needs_local_worker, open_runtime, start_local_worker
from mmrag.platform.model_store import DEFAULT_MODEL, model_path
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
    first_tokens: list[float] = []
    prompt_tokens: list[int] = []
    calls: list[int] = []
    images: list[int] = []
    found = 0
    for question in questions:
        before = len(server.requests) if server else 0
        started = time.perf_counter()
        first: float | None = None
        answer = None
        for kind, data in graph.stream(question, SearchFilters(), k):
            if kind == "token" and first is None:
                first = time.perf_counter() - started
            elif kind == "answer":
                answer = data
        latencies.append(time.perf_counter() - started)
        if first is not None:
            first_tokens.append(first)
        assert answer is not None
        found += answer.found
        generated = [t for t in answer.trace if t.get("tool") == "generate"]
        if generated and generated[0].get("prompt_tokens"):
            prompt_tokens.append(int(generated[0]["prompt_tokens"]))
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
    if first_tokens:
        result["first_token_p50_s"] = _percentile(first_tokens, 0.5)
        result["first_token_p95_s"] = _percentile(first_tokens, 0.95)
    if prompt_tokens:
        result["prompt_tokens"] = {
            "p50": _percentile([float(t) for t in prompt_tokens], 0.5),
            "max": max(prompt_tokens),
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
    parser.add_argument("--modes", default="extractive,local", help="extractive,local,fake")
    parser.add_argument("--threads", default="", help="local-model threads to compare: 1,2")
    parser.add_argument(
        "--limit", type=int, default=0, help="an evenly spread sample of N questions"
    )
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]

    items = load_items(args.root / "qa.jsonl", args.root)
    unanswerable = args.root / "unanswerable.txt"
    questions = [i.question for i in items]
    questions += load_unanswerable(unanswerable) if unanswerable.is_file() else []
    if args.limit:
        questions = questions[:: max(1, len(questions) // args.limit)][: args.limit]
    result: dict[str, Any] = {
        "benchmark": "ask_latency",
        "k": args.k,
        "cpu_count": os.cpu_count(),
        "loadavg_start": round(os.getloadavg()[0], 2),
    }
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
        settings = runtime.settings
        if "extractive" in modes:
            result["extractive"] = run_mode(base, questions, args.k, None)
        if "local" in modes:
            path = settings.local_model or model_path(settings.models_dir, DEFAULT_MODEL)
            counts = [int(t) for t in args.threads.split(",") if t.strip()] or [
                settings.llm_threads
            ]
            for threads in counts:
                llm = LocalChatModel(path, threads=threads, ctx=settings.llm_ctx)
                local = AgentDeps(
                    retriever=base.retriever,
                    llm=llm,
                    blobs=base.blobs,
                    embedder=base.embedder,
                    mode="local",
                )
                key = "local" if len(counts) == 1 else f"local_threads_{threads}"
                result[key] = {"model": llm.model, "threads": threads}
                result[key].update(run_mode(local, questions, args.k, None))
        if "fake" in modes:
            with FakeLLMServer() as server:
                remote = LLMClient(server.url, "bench-model", timeout_s=30.0)
                with_llm = AgentDeps(
                    retriever=base.retriever, llm=remote, blobs=base.blobs, embedder=base.embedder
                )
                result["llm_openai_compatible_local_server"] = run_mode(
                    with_llm, questions, args.k, server
                )
    result["loadavg_end"] = round(os.getloadavg()[0], 2)
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
