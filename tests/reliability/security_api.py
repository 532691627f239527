"""A real API server (uvicorn on a free port) over an embedded runtime, for the security tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from mmrag.agents.reports import register_report_tasks
from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.api.app import create_app
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings


def _register(app: Any) -> None:
    register_tasks(app)
    register_report_tasks(app)


@contextmanager
def serve(data_dir: Path, **settings: Any) -> Iterator[tuple[str, Runtime]]:
    """``(base url, runtime)`` of a server with an in-process worker; stopped on exit."""
    config = Settings(data_dir=data_dir, redis_url=None, qdrant_url=None, **settings)
    with Runtime(config) as runtime:
        runtime.start_worker(_register)
        app = create_app(runtime)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 60
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        port = server.servers[0].sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}", runtime
        finally:
            server.should_exit = True
            thread.join(10)


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF with ``text`` in Helvetica (offsets computed, not hard-coded)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def wait_job(client: httpx.Client, job_id: str, timeout_s: float = 300) -> dict[str, Any]:
    """The job once every file is finished (polled)."""
    deadline = time.monotonic() + timeout_s
    while True:
        job: dict[str, Any] = client.get(f"/v1/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running") or time.monotonic() > deadline:
            return job
        time.sleep(0.3)
