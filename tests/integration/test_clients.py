"""One data dir, many clients: ``mmrag serve`` (a subprocess on the embedded default) with the
CLI, an MCP server, the schedules file and a folder sync beside it, then SIGTERM.

Checks, in order: an empty index is reported (exit 4) with and without a server; the server
advertises itself in ``run/server.json`` (0600); ``ingest``, ``ask``, ``status`` and an MCP
``ask`` succeed through it; a folder sync picks up a dropped file and drops a deleted one, and a
scheduled report is written, each within 60 s, and both appear in ``mmrag schedules list`` and
``GET /v1/schedules``; SIGTERM ends the server and its children and frees the port; a locked
index is one line of error; a stale address file is ignored and removed.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from mcp import Client, StdioServerParameters

from mmrag.platform.api.remote import RemoteServer, connect
from mmrag.platform.runtime import Runtime
from mmrag.platform.server_file import read_server_file, server_file
from mmrag.platform.settings import Settings
from tests.doc_files import tiny_pdf

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = """name: pumps
fields:
  - name: station
    question: "Which station was repainted?"
    type: text
"""


def _env() -> dict[str, str]:
    drop = ("MMRAG_REDIS_URL", "MMRAG_QDRANT_URL", "MMRAG_API_KEYS", "MMRAG_SCHEDULES_FILE")
    # no MMRAG_LOG_LEVEL either: the server's task and schedule logs show at the default level
    return {k: v for k, v in os.environ.items() if k not in (*drop, "MMRAG_LOG_LEVEL")}


def _mmrag(
    *args: str, timeout: float = 600, flags: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, *flags, "-m", "mmrag.cli", *args]
    return subprocess.run(
        cmd, check=False, capture_output=True, text=True, env=_env(), timeout=timeout
    )


def _until(check: Callable[[], Any], timeout_s: float, what: str, log: Path | None = None) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(1)
    tail = log.read_text()[-4000:] if log is not None and log.is_file() else ""
    raise AssertionError(f"not within {timeout_s:.0f} s: {what}\n{tail}")


def _port_free(port: int) -> bool:
    """Nothing listens on ``port`` (a server could bind it; closed connections may linger)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


async def _mcp_ask(data_dir: Path, question: str) -> dict[str, Any]:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "mmrag.cli", "mcp", "--data-dir", str(data_dir)],
        env=_env(),
        cwd=str(REPO),
    )
    async with Client(params, read_timeout_seconds=120) as client:
        result = await client.call_tool("ask", {"question": question, "k": 3})
    assert not result.is_error, result.content
    data: dict[str, Any] = result.structured_content
    return data


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("clients")
    paths = {"root": root, "data": root / "data", "inbox": root / "inbox"}
    paths["inbox"].mkdir()
    paths["data"].mkdir()
    (root / "pumps.yaml").write_text(TEMPLATE)
    (paths["data"] / "schedules.yaml").write_text(
        "schedules:\n"
        f"  - {{name: inbox, task: sync_folder, every_s: 3, args: {{folder: {paths['inbox']}}}}}\n"
        f"  - {{name: pumps, task: report, every_s: 10, args: {{template: {root}/pumps.yaml}}}}\n"
    )
    return paths


@pytest.fixture(scope="module")
def server(tree: dict[str, Path]) -> Iterator[subprocess.Popen[str]]:
    data = tree["data"]
    empty = _mmrag("ask", "anything at all?", "--data-dir", str(data))
    assert empty.returncode == 4 and "Nothing is indexed yet" in empty.stderr, empty
    log = (tree["root"] / "serve.log").open("w")
    cmd = [sys.executable, "-m", "mmrag.cli", "serve", "--data-dir", str(data), "--port", "0"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True, env=_env())
    try:
        _until(lambda: connect(data) is not None, 180, "the server answers")
        yield proc
    finally:
        if proc.poll() is None:  # a failed step: stop it as a user would, then for sure
            proc.terminate()
            try:
                proc.wait(90)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(30)
        log.close()


def _documents(remote: RemoteServer) -> set[str]:
    return {d["filename"] for d in remote.call("GET", "/v1/documents")}


def test_clients_schedules_and_sigterm(
    tree: dict[str, Path], server: subprocess.Popen[str]
) -> None:
    data, inbox, root = tree["data"], tree["inbox"], tree["root"]
    info = read_server_file(data)
    assert info is not None and info.pid == server.pid
    assert server_file(data).stat().st_mode & 0o777 == 0o600
    remote = connect(data)
    assert remote is not None
    log = root / "serve.log"

    empty = _mmrag("ask", "anything at all?", "--data-dir", str(data))
    assert empty.returncode == 4 and "Nothing is indexed yet" in empty.stderr, empty

    # ingest through the server, then ask and status through it
    memo = root / "memo.pdf"
    memo.write_bytes(tiny_pdf("Gatehouse memo: the Ferncliff pumping station was repainted."))
    ingested = _mmrag("ingest", str(memo), "--data-dir", str(data), "--json")
    assert ingested.returncode == 0, ingested.stderr
    [task] = json.loads(ingested.stdout)["files"]
    assert task["state"] == "succeeded" and task["uri"] == str(memo)
    asked = _mmrag("ask", "Which pumping station was repainted?", "--data-dir", str(data), "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["found"] and "Ferncliff" in answer["answer"]
    assert [c["file"] for c in answer["citations"]][:1] == ["memo.pdf"]
    status = _mmrag("status", "--data-dir", str(data))
    assert status.returncode == 0 and "memo.pdf" in status.stdout and info.url in status.stdout
    # the through-server path loads no models, nor the index, Celery or the job store
    traced = _mmrag(
        "ask", "Which pumping station?", "--data-dir", str(data), flags=("-X", "importtime")
    )
    assert traced.returncode == 0, traced.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0] for line in traced.stderr.splitlines()
    }
    assert not imported & {"torch", "sentence_transformers", "qdrant_edge", "celery", "sqlalchemy"}
    mcp_answer = asyncio.run(_mcp_ask(data, "Which pumping station was repainted?"))
    assert mcp_answer["found"] and mcp_answer["citations"][0]["file"] == "memo.pdf"

    # the folder sync picks up a dropped file, and drops it again once deleted
    dropped = inbox / "notice.pdf"
    dropped.write_bytes(tiny_pdf("Notice: the Alder Creek weir reopened in March."))
    _until(lambda: "notice.pdf" in _documents(remote), 60, "the dropped file is indexed", log)
    dropped.unlink()
    _until(lambda: "notice.pdf" not in _documents(remote), 60, "the deleted file is dropped", log)
    assert "memo.pdf" in _documents(remote)  # only files of the synced folder go

    # the scheduled report ran, and every run is listed with its summary
    reports = data / "reports" / "pumps"
    _until(lambda: list(reports.glob("*/report.csv")), 60, "a scheduled report", log)

    def finished_runs() -> list[dict[str, Any]]:
        out = _mmrag("schedules", "list", "--data-dir", str(data), "--json")
        assert out.returncode == 0, out.stderr
        entries = json.loads(out.stdout)
        done = [s for s in entries if s["last_run"] and s["last_run"]["state"] == "succeeded"]
        return done if len(done) == 2 else []

    listed = _until(finished_runs, 30, "both schedules have a succeeded run", log)
    assert {s["name"] for s in listed} == {"inbox", "pumps"}
    by_name = {s["name"]: s for s in remote.call("GET", "/v1/schedules")}
    assert set(by_name) == {"inbox", "pumps"}
    sync = by_name["inbox"]["last_run"]
    assert sync is not None and set(sync["summary"]) >= {"added", "updated", "removed", "failed"}
    ran = _mmrag("schedules", "run", "inbox", "--data-dir", str(data))
    assert ran.returncode == 0 and "inbox: succeeded" in ran.stdout, ran

    # SIGTERM: every child ends, the port is free, the address file is gone
    children = psutil.Process(server.pid).children(recursive=True)
    assert children, "the embedded broker runs as a child"
    port = int(info.url.rsplit(":", 1)[1])
    server.send_signal(signal.SIGTERM)
    server.wait(90)
    _gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, alive
    assert _port_free(port)
    assert not server_file(data).exists()
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]
    assert "scheduled run of 'inbox'" in text and "task mmrag.sync_folder" in text


def test_locked_index_and_stale_address_file(
    tree: dict[str, Path], server: subprocess.Popen[str]
) -> None:
    data = tree["data"]
    server.wait(90)  # stopped by the test above
    with Runtime(Settings(data_dir=data)) as runtime:
        _ = runtime.index  # this process holds the embedded index
        locked = _mmrag("status", "--data-dir", str(data))
    assert locked.returncode == 5, locked
    assert "in use by process" in locked.stderr and "Traceback" not in locked.stderr
    assert len(locked.stderr.strip().splitlines()) == 1, locked.stderr

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = {"url": "http://127.0.0.1:9", "pid": dead.pid, "token": "x", "started_at": 0}
    server_file(data).write_text(json.dumps(stale))
    status = _mmrag("status", "--data-dir", str(data))
    assert status.returncode == 0 and "memo.pdf" in status.stdout, status
    assert not server_file(data).exists()

    # without a server, ask opens the data dir itself: the same answer shape
    asked = _mmrag("ask", "Which pumping station was repainted?", "--data-dir", str(data), "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["found"] and "Ferncliff" in answer["answer"]
    assert set(answer["citations"][0]) == {
        "file",
        "uri",
        "page",
        "bbox",
        "t_start",
        "t_end",
        "modality",
        "score",
    }
