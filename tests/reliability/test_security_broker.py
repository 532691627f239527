"""The embedded broker is private, and a worker runs only task messages signed by mmrag.

A local process that reaches the broker (or a scale-out Redis) must not be able to run a task
as another tenant or make a report land in a folder of its choosing.
"""

from __future__ import annotations

import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
import redis
from celery import Celery

from mmrag.agents.reports import register_report_tasks
from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.claims import CLAIM_HEADER
from mmrag.platform.queue import broker_options
from mmrag.platform.runtime import Runtime
from mmrag.platform.schedules import TASK_RUN_REPORT
from mmrag.platform.settings import Settings

pytestmark = pytest.mark.integration

TEMPLATE = Path(__file__).resolve().parents[2] / "examples" / "report_template.yaml"


def _register(app: Celery) -> None:
    register_tasks(app)
    register_report_tasks(app)


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("sec"), redis_url=None, qdrant_url=None)
    with Runtime(settings) as rt:
        rt.start_worker(_register)
        yield rt


def _forger(url: str) -> Celery:
    """A Celery client of its own, as any local process could make one; it knows the default
    deployment's key prefix, so its message reaches the worker's queue."""
    options = broker_options(Settings())
    return Celery(
        "forger",
        broker=url,
        backend=url,
        set_as_current=False,
        broker_transport_options=options,
        result_backend_transport_options=options,
    )


def _outcome(result: Any, timeout_s: float = 120) -> tuple[str, Any]:
    """The final state and result of a sent task (polled: the worker runs in this process)."""
    deadline = time.monotonic() + timeout_s
    while result.state not in ("SUCCESS", "FAILURE") and time.monotonic() < deadline:
        time.sleep(0.2)
    return result.state, result.result


def test_embedded_broker_listens_on_a_private_socket_only(runtime: Runtime) -> None:
    url = runtime.broker_url
    assert url.startswith("redis+socket://")
    sock = Path(url.removeprefix("redis+socket://"))
    assert stat.S_IMODE(sock.stat().st_mode) & 0o077 == 0, "socket open to group/others"
    assert stat.S_IMODE(sock.parent.stat().st_mode) == 0o700
    server = runtime._broker._server  # type: ignore[union-attr]
    process = psutil.Process(server._process.pid)
    listening = [c for c in process.net_connections(kind="inet") if c.status == "LISTEN"]
    assert listening == [], f"the broker listens on TCP: {listening}"
    with redis.Redis(unix_socket_path=str(sock)) as client:
        assert client.ping()
        for command in (("CONFIG", "GET", "*"), ("DEBUG", "SLEEP", "0"), ("MODULE", "LIST")):
            with pytest.raises(redis.ResponseError, match="unknown command"):
                client.execute_command(*command)


@pytest.mark.parametrize("claim", [None, "0" * 64], ids=["unsigned", "bad-signature"])
def test_forged_report_task_is_refused_and_writes_nothing(
    runtime: Runtime, tmp_path: Path, claim: str | None
) -> None:
    target = tmp_path / "stolen"
    kwargs = {
        "template_path": str(TEMPLATE),
        "source_ids": None,
        "out_dir": str(target),
        "tenant": "other",
    }
    headers = {CLAIM_HEADER: claim} if claim else None
    forger = _forger(runtime.broker_url)
    try:
        sent = forger.send_task(TASK_RUN_REPORT, kwargs=kwargs, queue="light", headers=headers)
        state, outcome = _outcome(sent)
    finally:
        forger.close()
    assert state == "FAILURE" and "refused" in str(outcome) and "signature" in str(outcome)
    assert not target.exists(), "a forged task wrote its report"


def test_signed_report_task_cannot_write_outside_the_data_dir(
    runtime: Runtime, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere"
    sent = runtime.celery.send_task(
        TASK_RUN_REPORT,
        kwargs={"template_path": str(TEMPLATE), "out_dir": str(target), "tenant": "default"},
        queue="light",
    )
    state, outcome = _outcome(sent)
    assert state == "FAILURE" and "output folder refused" in str(outcome)
    assert not target.exists()


def test_secret_key_file_is_private(runtime: Runtime) -> None:
    key = runtime.settings.data_dir / "secret.key"
    assert key.is_file() and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text().strip()) >= 64
