"""A real API server (uvicorn on a free port) over an embedded runtime, for the security tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from mmrag.agents.reports import register_report_tasks
from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.api.app import create_app
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from tests.servers import serve_app


def _register(app: Any) -> None:
    register_tasks(app)
    register_report_tasks(app)


@contextmanager
def serve(data_dir: Path, **settings: Any) -> Iterator[tuple[str, Runtime]]:
    """``(base url, runtime)`` of a server with an in-process worker; stopped on exit."""
    config = Settings(data_dir=data_dir, redis_url=None, qdrant_url=None, **settings)
    with Runtime(config) as runtime:
        runtime.start_worker(_register)
        with serve_app(create_app(runtime)) as url:
            yield url, runtime


def wait_job(client: httpx.Client, job_id: str, timeout_s: float = 300) -> dict[str, Any]:
    """The job once every file is finished (polled)."""
    deadline = time.monotonic() + timeout_s
    while True:
        job: dict[str, Any] = client.get(f"/v1/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running") or time.monotonic() > deadline:
            return job
        time.sleep(0.3)
