"""SIGTERM and SIGINT end ``mmrag ui`` and ``mmrag mcp`` with every child they started.

``mmrag ui`` on the embedded default runs streamlit (a child process), the API (a thread) and
the embedded broker (valkey-server, a child process); ``mmrag mcp`` runs the broker and a worker.
After the signal the command exits, no child is left and the ports can be bound again.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from mmrag.platform.api.remote import connect
from mmrag.platform.server_file import server_file
from mmrag.ui.launch import wait_for_ui

pytestmark = pytest.mark.integration


def _env() -> dict[str, str]:
    drop = ("MMRAG_REDIS_URL", "MMRAG_QDRANT_URL", "MMRAG_API_URL", "MMRAG_API_KEYS")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _children_after_start(proc: subprocess.Popen[bytes], names: set[str]) -> list[psutil.Process]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        children = psutil.Process(proc.pid).children(recursive=True)
        seen = " ".join(" ".join(c.cmdline()) for c in children)
        if all(name in seen for name in names):
            return children
        assert proc.poll() is None, "the command exited early"
        time.sleep(0.5)
    raise AssertionError(f"children {names} did not start")


def _stop(proc: subprocess.Popen[bytes], sig: signal.Signals) -> int:
    proc.send_signal(sig)
    try:
        return proc.wait(90)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(30)
        raise AssertionError(f"still running 90 s after {sig.name}") from None


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_ui_ends_streamlit_api_and_broker(tmp_path: Path, sig: signal.Signals) -> None:
    data, ui_port, api_port = tmp_path / "data", _free_port(), _free_port()
    cmd = [sys.executable, "-m", "mmrag.cli", "ui", "--data-dir", str(data)]
    cmd += ["--port", str(ui_port), "--api-port", str(api_port)]
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_ui(ui_port, timeout_s=180)
        assert connect(data) is not None  # the embedded API advertises itself
        children = _children_after_start(proc, {"streamlit", "valkey-server"})
        assert _listening(ui_port) and _listening(api_port)
        _stop(proc, sig)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
    _gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [c.cmdline() for c in alive]
    assert not _listening(ui_port) and not _listening(api_port)
    assert not server_file(data).exists()
    assert proc.stderr is not None and b"Traceback" not in proc.stderr.read()


def test_mcp_stdio_ends_its_broker_on_sigterm(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "mmrag.cli", "mcp", "--data-dir", str(tmp_path / "data")]
    proc = subprocess.Popen(
        cmd, env=_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:  # a client opens the session and then stays silent (stdin open)
        assert proc.stdin is not None and proc.stdout is not None
        hello = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "lifecycle-test", "version": "0"},
            },
        }
        proc.stdin.write(json.dumps(hello).encode() + b"\n")
        proc.stdin.flush()
        reply = json.loads(proc.stdout.readline())
        assert reply["id"] == 1 and reply["result"]["serverInfo"]["name"] == "mmrag", reply
        children = _children_after_start(proc, {"valkey-server"})
        _stop(proc, signal.SIGTERM)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
        assert proc.stdin is not None
        proc.stdin.close()
    _gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [c.cmdline() for c in alive]
