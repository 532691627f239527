"""Scale-out throughput: a batch of small documents with 1 and 2 workers, and queue overhead.

Makes ``--docs`` one-page PDFs from the dev corpus PDFs' pages (cycling through them), each with
a unique metadata field so no two share bytes and none is skipped as unchanged. Starts a private
``redis-server`` on a free loopback port (not the machine's Redis; no persistence) and, for each
worker configuration, a separate ``mmrag worker`` process on a fresh data dir, as
tests/integration/test_scale_out.py does: the SQLite job store and the blobs are shared through
the data dir, and the worker owns the embedded (Edge) index, which one process may hold at a time.
Two-way configurations: ``prefork:2`` (two pool processes on one index) and ``threads:2`` (one
process, two threads sharing it) are run to record what happens; ``split:2`` runs two prefork:1
workers, each with its own data dir and Redis db and half the documents: two processes doing the
work without sharing an index, the scaling a shared index server (Qdrant) would allow. ``+omp1``
runs the workers with one OpenMP thread (torch's intra-op pool), so two workers don't run four
threads on two cores. Each run first ingests a warm-up batch, one file alone and then the rest
(worker start, model load, and the lazy imports, which two threads racing through them can
break), then times the batch from submit until every file has finished, with the worker
processes' CPU time. A run stops early when a worker process dies. The configurations take
turns, ``--rounds`` times, so load from others on the machine hits them alike.

Queue overhead is measured two ways: (1) in a 1-worker batch, the gap between one file's
``finished_at`` and the next file's ``started_at`` in the job store (ack, fetch, hand-off to the
pool child and the task's first store read); (2) round trips of a no-op task through the same
broker to a worker started like ``mmrag worker`` plus that one task, with the time from send to
the task starting (both clocks are this machine's) and to the client holding the result.
Prints JSON; ``--out FILE`` also writes it.

    .venv/bin/python bench/worker_throughput.py [--docs 100] [--rounds 2]
        [--configs prefork:1,split:2,prefork:1+omp1,split:2+omp1,threads:2,prefork:2]
        [--out bench/results/worker_throughput.json]

``python bench/worker_throughput.py noop-worker`` is the no-op worker's entry point.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from benchio import emit

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

NOOP_TASK = "bench.noop"
SOURCES = ("kestrel_water_report_2023.pdf", "xtableGallery.pdf")
WORKER_QUEUES = "light,docs,ocr,media,embed"  # mmrag worker's default
WARMUP_TIMEOUT_S = 240  # a shard retrying a locked index gives up after about 62 s
BATCH_TIMEOUT_S = 1200
EXCEPTION_LINE = re.compile(r"^[\w.]*(Error|Exception|Locked): ")


def make_documents(sources: list[Path], count: int, dest: Path, prefix: str) -> list[Path]:
    """``count`` one-page PDFs from the sources' pages in turn, each with distinct bytes."""
    from pypdf import PdfReader, PdfWriter

    pages = [(src.stem, i, page) for src in sources for i, page in enumerate(PdfReader(src).pages)]
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        stem, number, page = pages[n % len(pages)]
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": f"{stem} p{number + 1}", "/BenchId": uuid.uuid4().hex})
        path = dest / f"{prefix}_{n:03d}_{stem}_p{number + 1}.pdf"
        with path.open("wb") as fh:
            writer.write(fh)
        paths.append(path)
    return paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """A private, non-persistent redis-server on a free loopback port; yields its URL."""
    import redis

    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed")
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    cmd = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    cmd += ["--appendonly", "no", "--dir", str(workdir)]
    with (workdir / "redis.log").open("ab") as log:
        process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1) as client:
            for _ in range(100):
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.1)
            else:
                raise RuntimeError(f"redis-server did not start on port {port}")
        yield url
    finally:
        process.terminate()
        process.wait(30)


def start_worker(
    data_dir: Path,
    url: str,
    pool: str,
    concurrency: int,
    log: Path,
    noop: bool = False,
    omp_threads: int | None = None,
) -> subprocess.Popen[bytes]:
    """``mmrag worker`` (or the no-op worker) as a separate process on ``data_dir``;
    ``omp_threads`` caps the OpenMP/MKL threads (torch's intra-op pool) in it.
    """
    env = dict(os.environ, MMRAG_REDIS_URL=url, MMRAG_DATA_DIR=str(data_dir))
    if omp_threads is not None:
        env |= {"OMP_NUM_THREADS": str(omp_threads), "MKL_NUM_THREADS": str(omp_threads)}
    if noop:
        cmd = [sys.executable, str(Path(__file__).resolve()), "noop-worker"]
    else:
        cmd = [sys.executable, "-m", "mmrag.cli", "worker"]
    cmd += ["--pool", pool, "--concurrency", str(concurrency)]
    with log.open("ab") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its live children."""
    import psutil

    total = 0.0
    for proc in worker_tree(pid):
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def pctl(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def ms_summary(seconds: list[float]) -> dict[str, float | int]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(pctl(ms, 0.5), 2),
        "p95_ms": round(pctl(ms, 0.95), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(max(ms), 2),
    }


@dataclass
class Stack:
    """One worker process with its own data dir (job store, blobs, embedded index)."""

    runtime: Any
    worker: subprocess.Popen[bytes]
    log: Path
    docs: list[Path]


def open_stacks(workdir: Path, url: str, config: Config, docs: list[Path]) -> list[Stack]:
    """One worker of ``pool:concurrency``; for ``split:N``, N prefork:1 workers, each with its
    own data dir and Redis db, sharing the documents out alternately.
    """
    from mmrag.platform.runtime import Runtime
    from mmrag.platform.settings import Settings

    split = config.pool == "split"
    count = config.concurrency if split else 1
    pool, concurrency = ("prefork", 1) if split else (config.pool, config.concurrency)
    base = url.rsplit("/", 1)[0]
    name = config.label.replace(":", "-").replace("+", "-")
    stacks = []
    for i in range(count):
        data_dir = workdir / f"data-{name}-{i}"
        log = workdir / f"worker-{name}-{i}.log"
        stack_url = f"{base}/{i}"
        worker = start_worker(
            data_dir, stack_url, pool, concurrency, log, omp_threads=config.omp_threads
        )
        settings = Settings(data_dir=data_dir, redis_url=stack_url, qdrant_url=None)
        stacks.append(Stack(Runtime(settings), worker, log, docs[i::count]))
    return stacks


def run_batch(
    stacks: list[Stack], pick: Callable[[Stack], list[Path]], timeout_s: float
) -> tuple[list[Any], float, float, str | None]:
    """Submit each stack's share (in parallel) and wait until every file has finished.

    Returns the files, the wall seconds, the longest submit call (hash, store and enqueue every
    file) and what went wrong, if anything: a worker process died, or the timeout passed.
    """
    from mmrag.platform.submission import submit, uploads_from_paths

    def submit_one(stack: Stack) -> tuple[str, float]:
        begin = time.perf_counter()
        job_id = submit(stack.runtime, uploads_from_paths(pick(stack)))
        return job_id, time.perf_counter() - begin

    start = time.perf_counter()
    with ThreadPoolExecutor(len(stacks)) as pool:
        submitted = list(pool.map(submit_one, stacks))
    submit_s = max(seconds for _, seconds in submitted)
    problem = None
    while True:
        jobs = [
            s.runtime.store.get_job(job_id)
            for s, (job_id, _) in zip(stacks, submitted, strict=True)
        ]
        if all(job.finished for job in jobs):
            break
        dead = [s.worker.returncode for s in stacks if s.worker.poll() is not None]
        if dead:
            problem = f"a worker process exited with code {dead[0]}"
            if dead[0] < 0:
                problem += f" ({signal.Signals(-dead[0]).name})"
            break
        if time.perf_counter() - start > timeout_s:
            problem = f"not finished in {timeout_s:.0f} s"
            break
        time.sleep(0.1)
    files = [f for job in jobs for f in job.files]
    return files, time.perf_counter() - start, submit_s, problem


def stacks_cpu_seconds(stacks: list[Stack]) -> float:
    return sum(tree_cpu_seconds(s.worker.pid) for s in stacks if s.worker.poll() is None)


def handoff_gaps(files: list[Any]) -> list[float]:
    """Idle time between one file finishing and the next starting, per serial worker."""
    gaps: list[float] = []
    for job_id in {f.job_id for f in files}:
        done = [f for f in files if f.job_id == job_id and f.started_at and f.finished_at]
        done.sort(key=lambda f: f.started_at)
        gaps += [max(0.0, b.started_at - a.finished_at) for a, b in pairwise(done)]
    return gaps


def throughput_run(
    workdir: Path, url: str, config: Config, docs: list[Path], warmup: list[Path]
) -> dict[str, Any]:
    """One worker configuration on fresh data dirs: warm-up batch, then the timed batch."""
    import redis

    with redis.Redis.from_url(url) as client:
        client.flushall()
    workdir.mkdir(parents=True, exist_ok=True)
    stacks = open_stacks(workdir, url, config, docs)
    run: dict[str, Any] = {"config": config.label}
    try:
        # one file alone first: the lazy imports then happen on one thread
        warm = [run_batch(stacks, lambda s: warmup[:1], WARMUP_TIMEOUT_S)]
        if warm[0][3] is None:
            warm.append(run_batch(stacks, lambda s: warmup[1:], WARMUP_TIMEOUT_S))
        warm_files = [f for files, *_ in warm for f in files]
        run["warmup_docs"] = len(warm_files)
        run["warmup_seconds"] = round(sum(w[1] for w in warm), 1)
        run["warmup_states"] = state_counts(warm_files)
        alive = [s.worker.pid for s in stacks if s.worker.poll() is None]
        run["os_processes"] = sum(len(worker_tree(pid)) for pid in alive)
        problem = next((w[3] for w in warm if w[3]), None)
        if problem is not None:
            run["failed"] = f"warm-up: {problem}; the timed batch was not run"
            return run
        cpu_before, load_before = stacks_cpu_seconds(stacks), os.getloadavg()[0]
        files, wall_s, submit_s, problem = run_batch(stacks, lambda s: s.docs, BATCH_TIMEOUT_S)
        cpu_s, load_after = stacks_cpu_seconds(stacks) - cpu_before, os.getloadavg()[0]
        if problem is not None:
            run["failed"] = f"timed batch: {problem}"
            run["states"] = state_counts(files)
            return run
    finally:
        for stack in stacks:
            stop_worker(stack.worker)
            stack.runtime.close()
        if "failed" in run:
            run["worker_log_errors"] = [e for s in stacks for e in log_errors(s.log, workdir)]
    run["submit_seconds"] = round(submit_s, 2)
    serial = config.concurrency == 1 or config.pool == "split"
    return run | batch_summary(files, wall_s, cpu_s, [load_before, load_after], serial)


def batch_summary(
    files: list[Any], wall_s: float, cpu_s: float, load: list[float], serial: bool
) -> dict[str, Any]:
    """The JSON fields of one timed batch."""
    busy = [f.finished_at - f.started_at for f in files if f.started_at and f.finished_at]
    waits = [f.started_at - f.created_at for f in files if f.started_at]
    summary: dict[str, Any] = {
        "docs": len(files),
        "states": state_counts(files),
        "errors": sorted({f.error for f in files if f.error})[:5],
        "chunks": sum(f.chunks for f in files),
        "wall_seconds": round(wall_s, 2),
        "docs_per_s": round(len(files) / wall_s, 3),
        "worker_cpu_seconds": round(cpu_s, 1),
        "worker_cpu_utilisation": round(cpu_s / wall_s, 2),
        "cpu_ms_per_doc": round(1000 * cpu_s / len(files), 1),
        "per_file_worker_ms": ms_summary(busy),
        "max_queue_wait_s": round(max(waits), 1),
        "loadavg_1m_before_after": [round(x, 2) for x in load],
    }
    if serial:
        summary["handoff_gap"] = ms_summary(handoff_gaps(files))
    return summary


def state_counts(files: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in files:
        counts[f.state.value] = counts.get(f.state.value, 0) + 1
    return counts


def worker_tree(pid: int) -> list[Any]:
    import psutil

    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


def log_errors(log: Path, workdir: Path, limit: int = 3) -> list[str]:
    """Distinct exception lines of a worker log, with the temp dir's path left out."""
    found: list[str] = []
    for line in log.read_text(errors="replace").splitlines():
        if EXCEPTION_LINE.match(line):
            clean = line.replace(str(workdir), "<tmp>").replace(sys.prefix, "<venv>")
            if clean not in found:
                found.append(clean)
    return found[:limit]


def noop_round_trips(workdir: Path, url: str, count: int, warmup: int) -> dict[str, Any]:
    """Send ``count`` no-op tasks one at a time to an idle prefork worker; time each round trip."""
    import redis

    from mmrag.platform.runtime import Runtime
    from mmrag.platform.settings import Settings

    with redis.Redis.from_url(url) as client:
        client.flushall()
    data_dir = workdir / "data-noop"
    settings = Settings(data_dir=data_dir, redis_url=url, qdrant_url=None)
    worker = start_worker(data_dir, url, "prefork", 1, workdir / "worker-noop.log", noop=True)
    to_start, round_trip = [], []
    try:
        with Runtime(settings) as runtime:
            app = runtime.celery
            for i in range(warmup + count):
                sent_wall = time.time()
                start = time.perf_counter()
                result = app.send_task(NOOP_TASK, queue="light")
                started_wall = float(result.get(timeout=120))
                elapsed = time.perf_counter() - start
                result.forget()
                if i >= warmup:
                    to_start.append(started_wall - sent_wall)
                    round_trip.append(elapsed)
    finally:
        stop_worker(worker)
    return {
        "worker": "prefork, concurrency 1, idle; tasks sent one at a time",
        "send_to_task_start": ms_summary(to_start),
        "round_trip_with_result": ms_summary(round_trip),
    }


def noop_started() -> float:
    """The no-op task: the wall-clock time it started."""
    return time.time()


def noop_worker_main(argv: list[str]) -> None:
    """``mmrag worker`` (same runtime, tasks and worker argv) plus the no-op task."""
    from mmrag.application import open_runtime, register_all_tasks

    parser = argparse.ArgumentParser()
    parser.add_argument("--pool", default="prefork")
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args(argv)
    runtime = open_runtime(None)
    register_all_tasks(runtime.celery)
    runtime.celery.task(name=NOOP_TASK)(noop_started)
    worker_argv = ["worker", "-Q", WORKER_QUEUES, "-c", str(args.concurrency)]
    worker_argv += ["--pool", args.pool, "-l", "INFO", "--without-gossip", "--without-mingle"]
    runtime.celery.worker_main(worker_argv)


@dataclass(frozen=True)
class Config:
    """A worker configuration: ``pool:concurrency``, optionally ``+ompN`` (OpenMP threads)."""

    label: str
    pool: str
    concurrency: int
    omp_threads: int | None = None

    @property
    def baseline(self) -> str:
        """The 1-worker configuration with the same thread setting."""
        return self.label.replace(f"{self.pool}:{self.concurrency}", "prefork:1", 1)


def parse_configs(text: str) -> list[Config]:
    configs = []
    for item in text.split(","):
        label = item.strip()
        head, _, omp = label.partition("+omp")
        pool, _, count = head.partition(":")
        configs.append(Config(label, pool, int(count or 1), int(omp) if omp else None))
    return configs


def run_rounds(
    work: Path,
    url: str,
    configs: list[Config],
    rounds: int,
    batches: tuple[list[Path], list[Path]],
) -> list[dict[str, Any]]:
    """Every configuration once per round, so a neighbour's load hits them alike; one that
    failed is not tried again. ``batches`` is (docs, warm-up docs); each run has a fresh data dir.
    """
    docs, warmup = batches
    runs: list[dict[str, Any]] = []
    failed: set[Config] = set()
    for round_no in range(1, rounds + 1):
        for config in configs:
            if config in failed:
                continue
            run = throughput_run(work / f"round{round_no}", url, config, docs, warmup)
            runs.append({"round": round_no, **run})
            if "failed" in run:
                failed.add(config)
    return runs


def per_config(runs: list[dict[str, Any]], configs: list[Config]) -> dict[str, dict[str, Any]]:
    """Median docs/s of each configuration over its runs, and the speedup over its baseline
    (prefork:1 with the same thread setting) and over the default prefork:1.
    """
    rates: dict[str, list[float]] = {}
    for r in runs:
        if "docs_per_s" in r:
            rates.setdefault(r["config"], []).append(r["docs_per_s"])
    medians = {key: statistics.median(values) for key, values in rates.items()}
    summary: dict[str, dict[str, Any]] = {}
    for config in configs:
        if config.label not in medians:
            summary[config.label] = {"runs": 0, "failed": True}
            continue
        base = medians.get(config.baseline)
        default = medians.get("prefork:1")
        rate = medians[config.label]
        summary[config.label] = {
            "runs": len(rates[config.label]),
            "docs_per_s_median": round(rate, 3),
            "docs_per_s_all": rates[config.label],
            "speedup_vs_1_worker": round(rate / base, 2) if base else None,
            "speedup_vs_prefork:1": round(rate / default, 2) if default else None,
        }
    return summary


def main() -> None:
    if sys.argv[1:2] == ["noop-worker"]:
        noop_worker_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument(
        "--configs",
        default="prefork:1,split:2,prefork:1+omp1,split:2+omp1,threads:2,prefork:2",
        help="Worker configurations, pool:concurrency, comma-separated.",
    )
    parser.add_argument("--rounds", type=int, default=2, help="Runs of each configuration.")
    parser.add_argument("--noop-tasks", type=int, default=200)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    sources = [args.corpus / "pdf" / name for name in SOURCES]
    configs = parse_configs(args.configs)
    warm_count = 2 * max(c.concurrency for c in configs)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs = make_documents(sources, args.docs, work / "docs", "doc")
        warmup = make_documents(sources[::-1], warm_count, work / "warmup", "warm")
        with redis_server(work / "redis") as url:
            runs = run_rounds(work, url, configs, args.rounds, (docs, warmup))
            overhead = noop_round_trips(work, url, args.noop_tasks, warmup=20)

    result = {
        "benchmark": "worker_throughput",
        "documents": {
            "count": args.docs,
            "kind": "one-page PDFs, pages of " + " and ".join(SOURCES) + " in turn",
            "distinct_bytes": True,
        },
        "broker": "private redis-server on loopback (no persistence)",
        "job_store": "SQLite in the shared data dir",
        "index": "embedded Edge index owned by the worker process",
        "configs": {
            "prefork:1": "mmrag worker --pool prefork --concurrency 1 (one pool process)",
            "split:2": "two prefork:1 workers, each with its own data dir (job store, blobs, "
            "index) and Redis db, half the documents each: two processes without a shared "
            "index, as a Qdrant server would allow",
            "threads:2": "mmrag worker --pool threads --concurrency 2 (one process, 2 threads)",
            "prefork:2": "mmrag worker --pool prefork --concurrency 2 (two pool processes)",
            "+omp1": "the worker runs with OMP_NUM_THREADS=MKL_NUM_THREADS=1 (one torch thread)",
        },
        "runs": runs,
        "by_config": per_config(runs, configs),
        "queue_overhead_noop": overhead,
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
