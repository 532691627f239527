"""A real API server for tests (uvicorn on a free port, in a thread) and a check of the
problem responses it sends."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

PROBLEM = "application/problem+json"


@contextmanager
def serve_app(app: Any, start_timeout_s: float = 60) -> Iterator[str]:
    """Serve the ASGI ``app`` on 127.0.0.1 and a free port; yields its base URL once it
    accepts connections, stops it on exit."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout_s
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The body of ``response``, checked to be an RFC 9457 problem of ``status`` and ``code``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["type"] == code and body["detail"], body
    return body
