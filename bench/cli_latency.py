"""``mmrag ask`` wall time as a user sees it: through a running server, and cold without one.

Both paths run the real command (``python -m mmrag.cli ask Q --data-dir D``) as a fresh
subprocess each time, on one data dir holding ``examples/heronsgate_water_2024.pdf``:

- ``through_server``: ``mmrag serve`` runs on the data dir (its address in run/server.json);
  the command finds it and asks over its REST API. One warm-up ask first (the server loads
  its models on the first question), then ``--runs`` timed asks.
- ``cold_no_server`` (the baseline, same run): the server is stopped; each ask opens the index
  and loads the embedder and the answering models itself, as every ``mmrag ask`` did before.

Also recorded: the CLI's own start-up (``mmrag --version``), the server's own answer time for
the same call made in-process (so CLI overhead = CLI p50 - server p50), the load average (the
machine may be shared) and whether the through-server path imported torch or
sentence-transformers (``python -X importtime``).

    .venv/bin/python bench/cli_latency.py [--runs 10] [--cold-runs 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchio import emit  # noqa: E402

from mmrag.platform.api.remote import connect  # noqa: E402

PDF = REPO / "examples" / "heronsgate_water_2024.pdf"
QUESTIONS = [
    "How many customers did Heronsgate Water serve in 2024?",
    "When did the ultraviolet disinfection unit enter service?",
    "What was the average daily demand?",
]
HEAVY = ("torch", "sentence_transformers", "transformers", "qdrant_edge", "celery")


def _env() -> dict[str, str]:
    drop = ("MMRAG_REDIS_URL", "MMRAG_QDRANT_URL", "MMRAG_API_KEYS", "MMRAG_LOG_LEVEL")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _cli(
    *args: str, python_flags: tuple[str, ...] = ()
) -> tuple[float, subprocess.CompletedProcess[str]]:
    cmd = [sys.executable, *python_flags, "-m", "mmrag.cli", *args]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return elapsed, proc


def _stats(values: list[float]) -> dict[str, Any]:
    ordered = sorted(values)
    return {
        "runs": len(values),
        "p50_s": round(statistics.median(ordered), 3),
        "p95_s": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        "min_s": round(ordered[0], 3),
        "max_s": round(ordered[-1], 3),
    }


def _asks(data_dir: Path, runs: int) -> list[float]:
    times = []
    for i in range(runs):
        elapsed, proc = _cli("ask", QUESTIONS[i % len(QUESTIONS)], "--data-dir", str(data_dir))
        assert "heronsgate_water_2024.pdf" in proc.stdout, proc.stdout
        times.append(elapsed)
    return times


def _server_side(data_dir: Path, runs: int) -> list[float]:
    """The call ``mmrag ask`` makes, timed inside this process (no CLI start-up)."""
    remote = connect(data_dir)
    assert remote is not None
    times = []
    for i in range(runs):
        arguments = {"question": QUESTIONS[i % len(QUESTIONS)], "k": 5}
        start = time.perf_counter()
        remote.call("POST", "/v1/local/tools/ask", {"arguments": arguments})
        times.append(time.perf_counter() - start)
    return times


def _heavy_imports(data_dir: Path) -> list[str]:
    _, proc = _cli(
        "ask", QUESTIONS[0], "--data-dir", str(data_dir), python_flags=("-X", "importtime")
    )
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "cli_latency.json")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="mmrag-cli-bench-"))
    data = root / "data"
    log = (root / "serve.log").open("w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "mmrag.cli", "serve", "--data-dir", str(data), "--port", "0"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 300
        while connect(data) is None:
            if serve.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("mmrag serve did not start")
            time.sleep(0.5)
        ingest_s, _ = _cli("ingest", str(PDF), "--data-dir", str(data))
        startup = [_cli("--version")[0] for _ in range(5)]
        warmup_s = _asks(data, 1)[0]
        load_before = os.getloadavg()[0]
        through = _asks(data, args.runs)
        server_side = _server_side(data, args.runs)
        load_after = os.getloadavg()[0]
        heavy = _heavy_imports(data)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(120)
        log.close()
    cold = _asks(data, args.cold_runs)
    shutil.rmtree(root, ignore_errors=True)

    report = {
        "what": "mmrag ask wall time per fresh CLI process, one data dir with one PDF",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1min_during_server_runs": [round(load_before, 1), round(load_after, 1)],
        },
        "cli_startup_version_s": _stats(startup),
        "through_server": {
            **_stats(through),
            "first_ask_after_server_start_s": round(warmup_s, 3),
            "heavy_modules_imported": heavy,
            "server_side_same_call": _stats(server_side),
            "cli_overhead_p50_s": round(
                statistics.median(through) - statistics.median(server_side), 3
            ),
        },
        "cold_no_server": _stats(cold),
        "speedup_p50": round(statistics.median(cold) / statistics.median(through), 1),
        "ingest_through_server_s": round(ingest_s, 2),
        "note": "machine shared with other jobs (2 cores); compare the two paths within this run",
    }
    emit(report, args.out)


if __name__ == "__main__":
    main()
