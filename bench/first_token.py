"""First-token latency of a streamed ``POST /v1/ask``, per answer mode, against the
non-streamed ask in the same run.

For each answer mode (``extractive``; ``local``: the installed GGUF model in-process) the real
server runs (``python -m mmrag.cli serve --port 0`` on a fresh data dir, ``MMRAG_ANSWER_MODE``
set) over three small synthetic Markdown documents ingested through it. Every question is asked
twice over HTTP, in two passes (all streamed, then all not streamed), each on a fresh server:
llama.cpp keeps earlier prompts in RAM and answers a repeated question several times faster
(a third pass, the non-streamed questions again, records that).

- streamed (``"stream": true``, server-sent events): time to the first ``token`` event, to the
  first event of any kind (what a person first sees: a token, or the whole answer when the mode
  writes no tokens), to the last ``token`` event, to the final ``answer`` event, and the number
  of ``token`` events;
- not streamed (the baseline): time to the whole JSON answer.

One warm-up ask per mode first (the server loads its models on the first question). Prints JSON
and writes ``--out``.

    .venv/bin/python bench/first_token.py [--modes extractive,local] [--out FILE]

``local`` is skipped, with a note in the JSON, when no model file is installed (``mmrag models
install``; ``MMRAG_MODELS_DIR`` / ``MMRAG_LOCAL_MODEL`` say where it is looked for).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from benchio import emit  # noqa: E402

from mmrag.platform.api.remote import connect  # noqa: E402
from mmrag.platform.model_store import DEFAULT_MODEL, model_path  # noqa: E402
from mmrag.platform.settings import Settings  # noqa: E402

DOCUMENTS = {
    "ferry_operations.md": """# Larkmoor Ferry Operations 2024

## Fleet
The Larkmoor ferry service ran four vessels in 2024. The largest, the Grey Heron, carries
310 passengers and 42 cars.

## Punctuality
Of 18,400 scheduled crossings, 96.2 percent left within five minutes of the timetable.
The main cause of delays was fog in November.
""",
    "library_renovation.md": """# Ashcombe Library Renovation

## Budget
The renovation of Ashcombe Library cost 2.7 million pounds, of which the town council paid
1.9 million and a heritage grant the rest.

## Works
A new reading room opened on the second floor in March 2025. The roof was replaced with
slate from a quarry in Delabole.
""",
    "wind_farm.md": """# Tollerby Wind Farm Annual Note

## Output
The Tollerby wind farm's 12 turbines generated 88 gigawatt-hours in 2024, enough for about
23,000 homes.

## Maintenance
Gearbox repairs kept turbine 7 out of service for 41 days in the summer.
""",
}
QUESTIONS = [
    "How many passengers does the Grey Heron carry?",
    "How much did the Ashcombe Library renovation cost?",
    "How many gigawatt-hours did the Tollerby turbines generate in 2024?",
    "What was the main cause of ferry delays?",
    "Which turbine was out of service for 41 days?",
]
WARMUP = "When did the new reading room open?"


def _env(mode: str) -> dict[str, str]:
    drop = ("MMRAG_REDIS_URL", "MMRAG_QDRANT_URL", "MMRAG_API_KEYS", "MMRAG_LLM_URL")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        MMRAG_ANSWER_MODE=mode,
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
    )
    return env


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def _stats(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {
        "p50_s": round(statistics.median(values), 3),
        "p95_s": _percentile(values, 0.95),
        "min_s": round(min(values), 3),
        "max_s": round(max(values), 3),
    }


def _server_side(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer trace's own timing: whole graph, and the model's first token and prompt."""
    trace = answer.get("trace") or []
    out: dict[str, Any] = {"server_ms": round(sum(float(t.get("ms") or 0) for t in trace), 1)}
    generated = [t for t in trace if t.get("tool") == "generate"]
    if generated:
        out["generate_first_token_ms"] = generated[0].get("first_token_ms")
        out["generate_ms"] = generated[0].get("ms")
        out["prompt_tokens"] = generated[0].get("prompt_tokens")
        out["cached_tokens"] = generated[0].get("cached_tokens")
    return out


def _median_of(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [float(r[key]) for r in rows if r.get(key) is not None]
    return round(statistics.median(values), 1) if values else None


def ask_streamed(client: httpx.Client, question: str) -> dict[str, Any]:
    """One streamed ask: event times (seconds from sending) and the token-event count."""
    started = time.perf_counter()
    first_event = first_token = last_token = answer_at = None
    tokens = 0
    answer: dict[str, Any] = {}
    event, data = "message", ""
    body = {"question": question, "stream": True}
    with client.stream("POST", "/v1/ask", json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.partition(":")[2].strip()
            elif line.startswith("data:"):
                data = line.partition(":")[2].strip()
            elif not line and data:
                now = time.perf_counter() - started
                first_event = now if first_event is None else first_event
                if event == "token":
                    tokens += 1
                    first_token = now if first_token is None else first_token
                    last_token = now
                elif event == "answer":
                    answer_at, answer = now, json.loads(data)
                elif event == "error":
                    raise RuntimeError(f"streamed ask failed: {data}")
                event, data = "message", ""
    assert answer_at is not None, "the stream ended without an answer event"
    return {
        "first_event_s": first_event,
        "first_token_s": first_token,
        "last_token_s": last_token,
        "answer_s": answer_at,
        "token_events": tokens,
        "mode": answer.get("mode"),
        "found": answer.get("found"),
        "answer": answer.get("answer", "")[:160],
        "server": _server_side(answer),
    }


def ask_whole(client: httpx.Client, question: str) -> dict[str, Any]:
    """One non-streamed ask: time to the whole JSON answer."""
    started = time.perf_counter()
    response = client.post("/v1/ask", json={"question": question})
    response.raise_for_status()
    elapsed = time.perf_counter() - started
    answer = response.json()
    return {
        "total_s": elapsed,
        "mode": answer.get("mode"),
        "found": answer.get("found"),
        "server_not_streamed": _server_side(answer),
    }


@contextlib.contextmanager
def serving(mode: str, data: Path, docs: list[Path], log: Path) -> Iterator[httpx.Client]:
    """A fresh ``mmrag serve`` in ``mode`` on ``data`` with ``docs`` ingested (unchanged files
    are skipped), and an HTTP client of it; stopped on exit."""
    serve = subprocess.Popen(
        [sys.executable, "-m", "mmrag.cli", "serve", "--data-dir", str(data), "--port", "0"],
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        env=_env(mode),
    )
    try:
        deadline = time.monotonic() + 300
        while (server := connect(data)) is None:
            if serve.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mmrag serve did not start (log: {log})")
            time.sleep(0.5)
        cli = [sys.executable, "-m", "mmrag.cli", "ingest", *map(str, docs), "--data-dir"]
        subprocess.run([*cli, str(data)], env=_env(mode), check=True, capture_output=True)
        with httpx.Client(base_url=server.info.url, timeout=600.0) as client:
            yield client
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(120)


def run_mode(mode: str, data: Path, docs: list[Path], log: Path) -> dict[str, Any]:
    """Ingest on a server of its own, time every question streamed on a fresh server, then not
    streamed on another (each after a warm-up ask), then the non-streamed questions once more
    on that server."""
    with serving(mode, data, docs, log):
        pass  # the server that ingested ran the next asks ~0.5 s slower: keep it out of both
    with serving(mode, data, docs, log) as client:
        warm = time.perf_counter()
        warm_answer = ask_whole(client, WARMUP)
        warmup_s = time.perf_counter() - warm
        streamed_pass = [ask_streamed(client, q) for q in QUESTIONS]
    # A fresh server: llama.cpp keeps earlier prompts in RAM and would serve them again.
    with serving(mode, data, docs, log) as client:
        ask_whole(client, WARMUP)
        whole_pass = [ask_whole(client, q) for q in QUESTIONS]
        repeat_pass = [ask_whole(client, q)["total_s"] for q in QUESTIONS]
    per_question = [
        {"question": q, "streamed": streamed, **whole}
        for q, streamed, whole in zip(QUESTIONS, streamed_pass, whole_pass, strict=True)
    ]

    def col(key: str) -> list[float]:
        return [q["streamed"][key] for q in per_question if q["streamed"][key] is not None]

    totals = [q["total_s"] for q in per_question]
    firsts = col("first_event_s")
    result: dict[str, Any] = {
        "answer_mode_reported": sorted({q["streamed"]["mode"] for q in per_question}),
        "warmup_ask_s": round(warmup_s, 3),
        "warmup_mode": warm_answer["mode"],
        "questions": len(per_question),
        "streamed_first_token_s": _stats(col("first_token_s")),
        "streamed_first_event_s": _stats(firsts),
        "streamed_last_token_s": _stats(col("last_token_s")),
        "streamed_answer_event_s": _stats(col("answer_s")),
        "token_events": {
            "p50": statistics.median(q["streamed"]["token_events"] for q in per_question),
            "max": max(q["streamed"]["token_events"] for q in per_question),
        },
        "baseline_not_streamed_total_s": _stats(totals),
        "repeated_question_not_streamed_total_s": _stats(repeat_pass),
        "streamed_text_earlier_than_answer_event_p50_s": (
            round(statistics.median(col("answer_s")) - statistics.median(col("first_token_s")), 3)
            if col("first_token_s")
            else 0.0
        ),
        "server_model_first_token_ms_p50": _median_of(
            [q["streamed"]["server"] for q in per_question]
            + [q["server_not_streamed"] for q in per_question],
            "generate_first_token_ms",
        ),
        "first_visible_p50_vs_total_p50": round(
            statistics.median(firsts) / statistics.median(totals), 3
        ),
        "found_rate_streamed": sum(bool(q["streamed"]["found"]) for q in per_question)
        / len(per_question),
        "per_question": [
            {
                "question": q["question"],
                "total_s": round(q["total_s"], 3),
                "server_not_streamed": q["server_not_streamed"],
                **{
                    k: (round(v, 3) if isinstance(v, float) else v)
                    for k, v in q["streamed"].items()
                },
            }
            for q in per_question
        ],
    }
    return result


def main() -> None:
    """Ingest the synthetic documents, time each mode, print and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default="extractive,local")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "first_token.json")
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]

    settings = Settings()
    model = settings.local_model or model_path(settings.models_dir, DEFAULT_MODEL)
    report: dict[str, Any] = {
        "benchmark": "first_token",
        "what": (
            "POST /v1/ask over HTTP to `mmrag serve` (embedded index), 3 synthetic Markdown "
            "documents, 5 questions; streamed (SSE) event times vs the non-streamed ask"
        ),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_1min_start": round(os.getloadavg()[0], 2),
        },
        "settings": {
            "k": 5,
            "llm_threads": settings.llm_threads,
            "llm_ctx": settings.llm_ctx,
            "local_model": model.name,
            "order": (
                "documents ingested on a server of their own; then all questions streamed on a "
                "fresh server, then all not streamed on another: "
                "no ask meets its own prompt in llama.cpp's prompt cache; the repeated pass "
                "shows what that cache does"
            ),
        },
    }
    with tempfile.TemporaryDirectory(prefix="mmrag-first-token-") as tmp:
        root = Path(tmp)
        docs = []
        for name, text in DOCUMENTS.items():
            (root / name).write_text(text)
            docs.append(root / name)
        for mode in modes:
            if mode == "local" and not model.is_file():
                report["local"] = {
                    "skipped": f"no local model file {model.name} (run `mmrag models install`)"
                }
                continue
            started = time.perf_counter()
            report[mode] = run_mode(mode, root / f"data-{mode}", docs, root / f"{mode}.log")
            report[mode]["mode_wall_s"] = round(time.perf_counter() - started, 1)
    report["machine"]["loadavg_1min_end"] = round(os.getloadavg()[0], 2)
    report["note"] = (
        "2-core machine shared with other jobs; compare streamed and non-streamed within a mode. "
        "extractive writes no token events: its first visible event is the answer itself. "
        "local: the model's first token (server trace, both passes) is most of the time; the "
        "answer is one short sentence, so streaming shows it only the generation time earlier."
    )
    emit(report, args.out)


if __name__ == "__main__":
    main()
