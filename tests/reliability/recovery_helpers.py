"""Shared pieces of the recovery tests: a generated multi-page PDF, `mmrag serve` as a child
process, the REST calls they make, and the point set a clean ingest of a file must produce.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from mmrag.platform.jobs import FileTask
from mmrag.platform.models import MediaKind, SourceFile
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore

WORDS = "river valley station harbour lantern orchard meadow quarry bridge tunnel signal".split()


def make_pdf(path: Path, pages: int, seed: int = 0) -> Path:
    """A text PDF of ``pages`` pages (a digital text layer: no OCR needed), distinct per seed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for page in range(1, pages + 1):
            fig = plt.figure(figsize=(8.27, 11.69))
            topic = WORDS[(page + seed) % len(WORDS)]
            fig.text(0.1, 0.92, f"Part {seed}, section {page}: the {topic}", fontsize=16)
            for i in range(12):
                line = " ".join(WORDS[(page * 7 + i * 3 + j + seed) % len(WORDS)] for j in range(9))
                fig.text(0.1, 0.85 - i * 0.05, f"Note {i + 1} on page {page}: {line}.", fontsize=9)
            pdf.savefig(fig)
            plt.close(fig)
    return path


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without any MMRAG_* setting (the embedded default), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MMRAG_")}
    env.update(extra)
    return env


class Server:
    """`mmrag serve` on a data dir, as a child process."""

    def __init__(self, data_dir: Path, log: Path, **env: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "mmrag.cli", "serve", "--data-dir", str(data_dir)]
        cmd += ["--port", str(self.port)]
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                cmd, env=clean_env(**env), stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 180
        while True:
            assert self.process.poll() is None, f"serve exited: {log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, "serve did not answer in time"
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)

    def upload(self, *paths: Path) -> str:
        """POST the files; returns the job id."""
        files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
        response = httpx.post(f"{self.url}/v1/documents", files=files, timeout=120)
        assert response.status_code == 202, response.text
        return str(response.json()["job_id"])

    def job(self, job_id: str) -> dict[str, Any]:
        """GET the job."""
        response = httpx.get(f"{self.url}/v1/jobs/{job_id}", timeout=30)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def wait_job(self, job_id: str, timeout_s: float = 600) -> dict[str, Any]:
        """Poll until every file of the job is finished; the job as last seen."""
        deadline = time.monotonic() + timeout_s
        while True:
            job = self.job(job_id)
            if all(f["state"] in ("succeeded", "failed", "skipped") for f in job["files"]):
                return job
            if time.monotonic() > deadline:
                return job
            time.sleep(0.5)

    def documents(self) -> list[dict[str, Any]]:
        """GET the document list."""
        response = httpx.get(f"{self.url}/v1/documents", timeout=30)
        assert response.status_code == 200, response.text
        return list(response.json())

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 90) -> int:
        """Send ``sig`` and wait for the exit; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"serve did not exit {timeout_s} s after signal {sig}") from None


def brokers_of(data_dir: Path) -> list[psutil.Process]:
    """Live valkey-server processes whose files are under ``data_dir``."""
    found = []
    for proc in psutil.process_iter(["name", "cmdline", "cwd"]):
        try:
            text = " ".join(proc.info["cmdline"] or []) + " " + (proc.info["cwd"] or "")
            is_broker = "valkey" in (proc.info["name"] or "") and str(data_dir) in text
            if is_broker and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def wait_no_brokers(data_dir: Path, timeout_s: float = 15) -> list[psutil.Process]:
    """Wait until no broker of ``data_dir`` is left; returns those still alive at the deadline."""
    deadline = time.monotonic() + timeout_s
    while (left := brokers_of(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def clean_point_ids(settings: Settings, task: FileTask) -> set[str]:
    """Chunk ids of the task's file extracted inline (no worker, no index): the exact clean set."""
    from mmrag.ingestion.extractors import get_extractor

    blobs = BlobStore(settings.blob_dir)
    path = blobs.open_path(f"orig/{task.content_hash}")
    source = SourceFile(
        source_id=task.source_id,
        tenant=task.tenant,
        uri=task.uri,
        filename=task.filename,
        path=str(path),
        content_hash=task.content_hash,
        media_kind=MediaKind(task.media_kind),
        size_bytes=path.stat().st_size,
    )
    extractor = get_extractor(source.media_kind, settings)
    ids: set[str] = set()
    for shard in extractor.plan(source).shards:
        result = extractor.extract(source, shard, blobs)
        ids |= {c.id for c in extractor.chunk(result.elements, source)}
    return ids
