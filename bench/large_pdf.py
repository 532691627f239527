"""A 300-page PDF through the REST API: live progress events, throughput, unchanged re-ingest.

Builds a PDF of at least ``--pages`` pages by concatenating the dev corpus PDFs' pages (digital
ones; ``--include-scan`` adds the scanned ones), starts the API in this process on the embedded
default (fresh data dir, in-process worker, as ``mmrag serve`` does), uploads the PDF and reads
``GET /v1/jobs/{id}/events`` live, recording every event's arrival, stage, done/total and ETA.
The CLI's progress text is rendered from the same job by ``mmrag.cli.progress_label`` polled the
way ``mmrag ingest`` polls. Then the unchanged file is uploaded again (skipped by content hash)
and timed. With ``--cli-check`` the ``mmrag ingest`` command's own unchanged re-ingest is timed
too: the CLI identifies a file by its path and the API by ``upload://tenant/name``, so that
needs a CLI-ingested file, and a small corpus PDF keeps it short. Prints JSON; ``--out FILE``
also writes it.

    .venv/bin/python bench/large_pdf.py [--pages 300] [--include-scan] [--cli-check]
        [--out bench/results/large_pdf.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from benchio import emit

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

STAGES = {"queued": 0, "detect": 1, "extract": 2, "chunk": 2, "embed": 2, "finalize": 3, "done": 4}
STATES = {"queued": 0, "running": 1, "succeeded": 2, "failed": 2, "skipped": 2}
VENV_MMRAG = Path(sys.executable).with_name("mmrag")


def build_pdf(sources: list[Path], pages: int, dest: Path) -> list[dict[str, Any]]:
    """Concatenate the sources' pages (cycling through them) until ``pages``; returns the mix."""
    from pypdf import PdfReader, PdfWriter

    readers = [(p.name, PdfReader(p)) for p in sources]
    writer = PdfWriter()
    used: Counter[str] = Counter()
    while len(writer.pages) < pages:
        for name, reader in readers:
            for page in reader.pages:
                if len(writer.pages) >= pages:
                    break
                writer.add_page(page)
                used[name] += 1
    with dest.open("wb") as fh:
        writer.write(fh)
    return [{"file": name, "pages": count} for name, count in used.items()]


@dataclass
class Event:
    """One server-sent progress event of the (single-file) job, as the client saw it."""

    t: float  # seconds since the upload was sent
    kind: str
    state: str
    stage: str
    done: int
    total: int
    shards_done: int
    shards_total: int
    eta_s: float | None
    wall: float  # time.time() at arrival, to compare the ETA with what really happened


def read_events(client: Any, job_id: str, t0: float) -> list[Event]:
    """Consume the job's SSE stream until ``done``, stamping each event on arrival."""
    import httpx

    from mmrag.platform.jobs import FileTask

    events: list[Event] = []
    kind, data = "", []
    timeout = httpx.Timeout(30, read=3600)
    with client.stream("GET", f"/v1/jobs/{job_id}/events", timeout=timeout) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if line.startswith("event:"):
                kind = line.removeprefix("event:").strip()
            elif line.startswith("data:"):
                data.append(line.removeprefix("data:").removeprefix(" "))
            elif line == "" and data:
                task = FileTask.model_validate(json.loads("\n".join(data))["files"][0])
                events.append(
                    Event(
                        t=time.monotonic() - t0,
                        kind=kind,
                        state=task.state.value,
                        stage=task.stage,
                        done=task.done,
                        total=task.total,
                        shards_done=task.shards_done,
                        shards_total=task.shards_total,
                        eta_s=task.eta_s(),
                        wall=time.time(),
                    )
                )
                kind, data = "", []
    return events


def monotonic_violations(events: list[Event]) -> list[str]:
    """State, stage, done and total never go backwards; done never exceeds total."""
    problems = []
    before = (0, 0, 0, 0)
    for e in events:
        now = (STATES[e.state], STAGES[e.stage], e.done, e.total)
        if now[:2] < before[:2]:
            problems.append(f"{e.t:.1f}s: state/stage went back {before} -> {now}")
        if now[1] == before[1] and now[2] < before[2]:
            problems.append(f"{e.t:.1f}s: done went back in {e.stage}: {before[2]} -> {e.done}")
        if now[3] < before[3] or (e.total and not 0 <= e.done <= e.total):
            problems.append(f"{e.t:.1f}s: bad done/total {e.done}/{e.total}")
        before = now
    return problems


def stage_seconds(events: list[Event], end: float) -> dict[str, float]:
    """Time spent in each stage as the stream showed it (each event's stage until the next)."""
    spent: Counter[str] = Counter()
    for e, nxt in pairwise([*events, None]):
        spent[e.stage] += (nxt.t if nxt else end) - e.t
    return {stage: round(s, 1) for stage, s in spent.items()}


def eta_samples(events: list[Event], finished_at: float, count: int = 12) -> list[dict[str, Any]]:
    """About ``count`` evenly spread ETA readings with the time that was actually left."""
    with_eta = [e for e in events if e.eta_s is not None]
    step = max(1, len(with_eta) // count)
    return [
        {
            "t_s": round(e.t, 1),
            "done": e.done,
            "total": e.total,
            "eta_s": round(e.eta_s or 0, 1),
            "actual_left_s": round(finished_at - e.wall, 1),
        }
        for e in with_eta[::step]
    ]


@dataclass
class CliView:
    """What ``mmrag ingest`` would show: its progress text, polled as it polls the job."""

    labels: list[tuple[float, str]] = field(default_factory=list)

    def watch(self, runtime: Any, job_id: str, t0: float) -> None:
        from mmrag.cli import progress_label
        from mmrag.platform.submission import wait_for_job

        def show(job: Any) -> None:
            label = progress_label(job)
            if not self.labels or self.labels[-1][1] != label:
                self.labels.append((round(time.monotonic() - t0, 1), label))

        wait_for_job(runtime, job_id, on_progress=show)


def start_server(runtime: Any) -> tuple[Any, threading.Thread, str]:
    """uvicorn on a free port over ``runtime``, as ``mmrag serve`` wires it."""
    import uvicorn

    from mmrag.application import create_server_app

    app = create_server_app(runtime)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="bench-api", daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


def upload(client: Any, pdf: Path) -> str:
    with pdf.open("rb") as fh:
        response = client.post(
            "/v1/documents", files=[("files", (pdf.name, fh, "application/pdf"))]
        )
    response.raise_for_status()
    return str(response.json()["job_id"])


def api_run(pdf: Path, data_dir: Path) -> dict[str, Any]:
    """Ingest ``pdf`` through the API with live events, then upload it again unchanged."""
    import httpx

    from mmrag.application import start_local_worker
    from mmrag.platform.embedding import default_embedder
    from mmrag.platform.runtime import Runtime
    from mmrag.platform.settings import Settings

    settings = Settings(data_dir=data_dir, redis_url=None, qdrant_url=None)
    with Runtime(settings) as runtime:
        start = time.perf_counter()
        default_embedder()
        embedder_load_s = time.perf_counter() - start
        start_local_worker(runtime)
        server, thread, url = start_server(runtime)
        try:
            with httpx.Client(base_url=url, timeout=120) as client:
                t0 = time.monotonic()
                job_id = upload(client, pdf)
                accepted_s = time.monotonic() - t0
                cli = CliView()
                watcher = threading.Thread(target=cli.watch, args=(runtime, job_id, t0))
                watcher.start()
                events = read_events(client, job_id, t0)
                wall_s = time.monotonic() - t0
                watcher.join()
                job = client.get(f"/v1/jobs/{job_id}").json()
                [doc] = client.get("/v1/documents").json()

                t1 = time.monotonic()
                again_id = upload(client, pdf)
                again = read_events(client, again_id, t1)
                reingest_s = time.monotonic() - t1
        finally:
            server.should_exit = True
            thread.join(30)
    return {
        "embedder_load_s": embedder_load_s,
        "accepted_s": accepted_s,
        "events": events,
        "wall_s": wall_s,
        "cli": cli,
        "job": job,
        "doc": doc,
        "reingest_s": reingest_s,
        "reingest_state": again[-1].state,
    }


def cli_check(sample: Path, data_dir: Path) -> dict[str, Any]:
    """``mmrag ingest`` twice on a small file: the second run is the CLI's unchanged re-ingest."""
    runs = []
    for _ in range(2):
        start = time.perf_counter()
        proc = subprocess.run(
            [str(VENV_MMRAG), "ingest", str(sample), "--data-dir", str(data_dir), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        state = json.loads(proc.stdout)["files"][0]["state"]
        runs.append({"seconds": round(time.perf_counter() - start, 2), "state": state})
    return {"file": sample.name, "first": runs[0], "unchanged": runs[1]}


def sha256_seconds(path: Path) -> float:
    from mmrag.platform.storage import sha256_file

    start = time.perf_counter()
    sha256_file(path)
    return time.perf_counter() - start


def summarize(run: dict[str, Any], pages: int) -> dict[str, Any]:
    """The JSON fields derived from one API run."""
    events: list[Event] = run["events"]
    progress = [e for e in events if e.kind == "progress"]
    task = run["job"]["files"][0]
    times = [0.0, *(e.t for e in progress)]
    gaps = [b - a for a, b in pairwise(times)]
    running = [e for e in progress if e.state == "running"]
    running_gaps = [b.t - a.t for a, b in pairwise(running)]
    cli_labels: list[tuple[float, str]] = run["cli"].labels
    return {
        "pages": pages,
        "state": task["state"],
        "chunks": task["chunks"],
        "shards": task["shards_total"],
        "document_pages": run["doc"]["pages"],
        "upload_accepted_s": round(run["accepted_s"], 2),
        "wall_seconds": round(run["wall_s"], 1),
        "pages_per_s": round(pages / run["wall_s"], 3),
        "worker_seconds": round(task["finished_at"] - task["started_at"], 1),
        "embedder_load_s": round(run["embedder_load_s"], 1),
        "stage_seconds": stage_seconds(progress, run["wall_s"]),
        "progress_events": len(progress),
        "events_while_running": len(running),
        "distinct_stage_done": len({(e.stage, e.done) for e in progress}),
        "distinct_done_values": len({e.done for e in progress}),
        "first_event_s": round(progress[0].t, 2),
        "max_gap_between_events_s": round(max(gaps), 1),
        "max_gap_while_running_s": round(max(running_gaps, default=0.0), 1),
        "median_gap_while_running_s": round(sorted(running_gaps)[len(running_gaps) // 2], 1)
        if running_gaps
        else None,
        "monotonic_violations": monotonic_violations(progress),
        "ends_with_done_event": events[-1].kind == "done",
        "event_timeline": [[round(e.t, 1), e.stage, e.done, e.total] for e in progress],
        "eta_samples": eta_samples(progress, task["finished_at"]),
        "cli_progress_labels": len(cli_labels),
        "cli_progress_samples": [
            [t, label] for t, label in cli_labels[:: max(1, len(cli_labels) // 12)]
        ],
        "reingest_api_seconds": round(run["reingest_s"], 3),
        "reingest_api_state": run["reingest_state"],
    }


class RssSampler:
    """Peak RSS of this process and of it plus its child processes (extraction workers)."""

    def __init__(self, every_s: float = 0.5) -> None:
        self.every_s = every_s
        self.peak_self_mb = 0.0
        self.peak_tree_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(self.every_s):
            own = me.memory_info().rss
            total = own
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
            self.peak_self_mb = max(self.peak_self_mb, own / 2**20)
            self.peak_tree_mb = max(self.peak_tree_mb, total / 2**20)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--include-scan", action="store_true", help="Also use scan/*.pdf.")
    parser.add_argument("--cli-check", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    sources = sorted((args.corpus / "pdf").glob("*.pdf"))
    if args.include_scan:
        sources += sorted((args.corpus / "scan").glob("*.pdf"))

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / f"large_{args.pages}p.pdf"
        mix = build_pdf(sources, args.pages, pdf)
        size_mb = pdf.stat().st_size / 1e6
        hash_s = sha256_seconds(pdf)
        load_before = [round(v, 2) for v in os.getloadavg()]
        with RssSampler() as rss:
            run = api_run(pdf, Path(tmp) / "api-data")
        load_after = [round(v, 2) for v in os.getloadavg()]
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cli = cli_check(sources[0], Path(tmp) / "cli-data") if args.cli_check else None

    result = {
        "benchmark": "large_pdf_api_progress",
        "file_mb": round(size_mb, 1),
        "built_from": mix,
        **summarize(run, args.pages),
        "sha256_seconds": round(hash_s, 3),
        "reingest_cli": cli,
        "peak_rss_mb": round(peak_rss_mb, 1),
        "peak_rss_worker_mb": round(rss.peak_self_mb, 1),
        "peak_rss_with_extraction_processes_mb": round(rss.peak_tree_mb, 1),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
