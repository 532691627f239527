"""Start the Streamlit UI as a child process pointed at an API."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

APP_PATH = Path(__file__).with_name("app.py")


def launch_ui(api_url: str, port: int, api_key: str | None = None) -> subprocess.Popen[bytes]:
    """Run ``streamlit run app.py`` on ``port`` (headless), talking to ``api_url``."""
    env = dict(os.environ, MMRAG_API_URL=api_url)
    if api_key:
        env["MMRAG_API_KEY"] = api_key
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.maxUploadSize",
        "500",
        "--client.toolbarMode",
        "viewer",
    ]
    return subprocess.Popen(command, env=env)


def wait_for_ui(port: int, timeout_s: float = 60.0, host: str = "127.0.0.1") -> None:
    """Block until the UI on ``port`` answers its health check (``TimeoutError`` otherwise)."""
    deadline = time.monotonic() + timeout_s
    url = f"http://{host}:{port}/_stcore/health"
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the UI did not start on port {port} within {timeout_s:.0f} s")


def stop_ui(process: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    """End the UI process and anything it started (SIGTERM, then SIGKILL after ``timeout_s``)."""
    import psutil

    try:
        tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    for proc in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.terminate()
    _gone, alive = psutil.wait_procs(tree, timeout=timeout_s)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(alive, timeout=timeout_s)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout_s)
