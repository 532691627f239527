"""Telling a dead owner from a live one, and what recovery does with a dead owner's task."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from mmrag.platform.index.factory import close_shared_indexes
from mmrag.platform.jobs import JobStore, TaskState
from mmrag.platform.liveness import process_token, token_alive
from mmrag.platform.recovery import recover_orphans
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings

pytestmark = pytest.mark.integration


def _dead_token() -> str:
    """The owner token of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    token = process_token(child.pid)
    child.kill()
    child.wait()
    return token


def test_owner_tokens_tell_dead_from_live() -> None:
    assert token_alive(process_token()) is True
    assert token_alive(_dead_token()) is False
    host, boot, pid, started = process_token().split("|")
    assert token_alive(f"{host}|another-boot|{pid}|{started}") is False  # before a reboot
    assert token_alive(f"{host}|{boot}|{pid}|{float(started) - 100:.2f}") is False  # reused pid
    assert token_alive(f"not-{socket.gethostname()}|{boot}|{pid}|{started}") is None
    assert token_alive(None) is False


def test_a_clock_step_does_not_make_a_live_owner_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wall-clock creation time moves when the clock is stepped (boot time = now - uptime);
    a live owner's token must not: its work would be recovered twice."""
    token = process_token()
    stepped = psutil.Process.create_time
    monkeypatch.setattr(psutil.Process, "create_time", lambda self: stepped(self) + 5.0)
    assert token_alive(token) is True


def _orphan(store: JobStore, owner: str) -> str:
    job = store.create_job("default")
    task_id = store.add_task(
        job,
        tenant="default",
        source_id="src",
        uri="upload://default/a.pdf",
        filename="a.pdf",
        content_hash="h",
        media_kind="pdf",
    )
    store.update_task(task_id, state=TaskState.RUNNING, stage="extract", owner=owner)
    return task_id


def test_restart_claims_a_dead_owners_task_once(tmp_path: Path) -> None:
    store = JobStore(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
    dead = _dead_token()
    task_id = _orphan(store, dead)
    assert store.restart_orphan(task_id, dead)
    assert not store.restart_orphan(task_id, dead), "a second recoverer must lose the claim"
    task = store.get_task(task_id)
    assert (task.state, task.stage, task.recoveries) == (TaskState.QUEUED, "queued", 1)
    assert task.owner == process_token()
    assert "owner" not in task.model_dump()  # not shown to API clients
    store.close()


def test_a_file_that_keeps_killing_its_process_is_failed_with_a_reason(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_recoveries=0)
    with Runtime(settings) as runtime:
        live = _orphan(runtime.store, process_token())
        dead = _orphan(runtime.store, _dead_token())
        outcome = recover_orphans(runtime)
        assert outcome.failed == [dead] and outcome.restarted == []
        failed = runtime.store.get_task(dead)
        assert failed.state is TaskState.FAILED
        assert (
            failed.error is not None
            and "ended unexpectedly (killed, crashed or out of memory) on 1 attempt;"
            in failed.error
        )
        assert runtime.store.get_task(live).state is TaskState.RUNNING  # a live owner's work
        close_shared_indexes()
