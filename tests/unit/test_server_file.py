"""The server address file and the remote client's error mapping, on synthetic inputs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import urllib.error
from pathlib import Path

import pytest

from mmrag.platform.api.remote import _problem, connect
from mmrag.platform.errors import IndexLocked, InputError, MMRagError, NotFound, ServiceUnavailable
from mmrag.platform.server_file import (
    live_server,
    pid_alive,
    read_server_file,
    remove_server_file,
    server_file,
    write_server_file,
)

pytestmark = pytest.mark.unit


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_written_file_is_private_and_read_back(tmp_path: Path) -> None:
    info = write_server_file(tmp_path, "http://127.0.0.1:1234", "tok", "9.9")
    path = server_file(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_server_file(tmp_path) == info
    assert info.pid == os.getpid() and info.version == "9.9"
    assert live_server(tmp_path) == info  # this process is alive


def test_remove_only_with_the_token_that_wrote_it(tmp_path: Path) -> None:
    write_server_file(tmp_path, "http://127.0.0.1:1", "first", "")
    remove_server_file(tmp_path, "someone-else")
    assert server_file(tmp_path).exists()
    remove_server_file(tmp_path, "first")
    assert not server_file(tmp_path).exists()


def test_a_dead_servers_file_is_ignored_and_removed(tmp_path: Path) -> None:
    pid = _dead_pid()
    assert not pid_alive(pid)
    path = server_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps({"url": "http://127.0.0.1:9", "pid": pid, "token": "t", "started_at": 0})
    )
    assert live_server(tmp_path) is None
    assert not path.exists()
    assert connect(tmp_path) is None


@pytest.mark.parametrize("content", ["", "{not json", '{"url": 1}', "[]"])
def test_unreadable_file_means_no_server(tmp_path: Path, content: str) -> None:
    path = server_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(content)
    assert read_server_file(tmp_path) is None


def test_a_live_pid_that_does_not_answer_is_not_used(tmp_path: Path) -> None:
    # this process is alive but serves nothing at that address
    write_server_file(tmp_path, "http://127.0.0.1:9", "tok", "")
    assert connect(tmp_path) is None


def _http_error(status: int, body: bytes) -> urllib.error.HTTPError:
    return urllib.error.HTTPError("http://x/y", status, "err", {}, io.BytesIO(body))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "body", "cls", "code"),
    [
        (503, {"type": "index_locked", "detail": "held by 12"}, IndexLocked, "index_locked"),
        (404, {"type": "not_found", "detail": "no such job"}, NotFound, "not_found"),
        (
            422,
            {"type": "invalid_report_template", "detail": "bad"},
            InputError,
            "invalid_report_template",
        ),
        (503, {"type": "something_new", "detail": "down"}, ServiceUnavailable, "something_new"),
        (422, {"detail": [{"loc": ["body", "k"], "msg": "too big"}]}, InputError, "invalid_input"),
    ],
)
def test_problems_come_back_as_the_servers_error(
    status: int, body: dict[str, object], cls: type[MMRagError], code: str
) -> None:
    error = _problem(_http_error(status, json.dumps(body).encode()))
    assert isinstance(error, cls) and error.code == code
    detail = body["detail"]
    assert error.message == (detail if isinstance(detail, str) else json.dumps(detail))


def test_a_body_that_is_not_json_still_maps_by_status() -> None:
    error = _problem(_http_error(502, b"<html>bad gateway</html>"))
    assert isinstance(error, ServiceUnavailable) and "502" in error.message
