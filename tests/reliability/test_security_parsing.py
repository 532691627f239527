"""Hostile YAML: an alias bomb is refused at once (4xx) while the server keeps answering, and a
report run that never finishes is shown failed instead of running forever."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mmrag.platform.api.reports import ReportRequest, ReportRuns
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from tests.reliability.security_api import serve

pytestmark = pytest.mark.integration


def alias_bomb(levels: int) -> str:
    """A "billion laughs" YAML: each level is a list of nine aliases of the level below."""
    lines = [
        'name: bomb\nfields: [{name: x, question: q, type: text}]\na0: &a0 ["lol","lol","lol"]'
    ]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("parsing")) as (base, _runtime):
        yield base


@pytest.mark.parametrize("levels", [9, 10])
def test_alias_bomb_is_refused_while_healthz_answers(url: str, levels: int) -> None:
    bomb = alias_bomb(levels)
    assert len(bomb) < 600  # a few hundred bytes that stand for 9**levels values
    outcome: dict[str, Any] = {}

    def post_bomb() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            start = time.monotonic()
            outcome["response"] = client.post("/v1/reports", json={"template": bomb})
            outcome["seconds"] = time.monotonic() - start

    sender = threading.Thread(target=post_bomb)
    health: list[int] = []
    with httpx.Client(base_url=url, timeout=30) as client:
        sender.start()
        while sender.is_alive() or not health:
            health.append(client.get("/healthz").status_code)
        sender.join()
        runs = client.get("/v1/reports").json()
    response: httpx.Response = outcome["response"]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert "alias" in detail or "anchor" in detail
    assert len(response.content) < 1000 and "lol" not in response.text  # nothing expanded
    assert outcome["seconds"] < 5  # a generous bound: the bomb is refused unread
    assert set(health) == {200}
    assert runs == []  # no run was started


def test_deeply_nested_or_oversized_template_is_refused(url: str) -> None:
    with httpx.Client(base_url=url, timeout=60) as client:
        nested = "name: n\nfields: " + "[" * 200 + "]" * 200
        response = client.post("/v1/reports", json={"template": nested})
        assert response.status_code == 422 and "nested deeper" in response.json()["detail"]
        assert "[[[[" not in response.text


def test_a_run_that_never_finishes_is_shown_failed(tmp_path: Path) -> None:
    """No worker consumes the run (as after a kill mid-run): past its time limit it is failed."""
    settings = Settings(
        data_dir=tmp_path / "data", redis_url=None, qdrant_url=None, report_time_limit_s=1
    )
    with Runtime(settings) as runtime:
        runs = ReportRuns(runtime)
        template = "name: slow\nfields: [{name: x, question: What is x, type: text}]\n"
        run = runs.start("default", ReportRequest(template=template))
        assert run.state == "running"
        time.sleep(2.5)  # the 1 s limit plus its grace
        after = runs.get("default", run.run_id)
    assert after.state == "failed"
    assert after.error is not None and "did not finish within 1 s" in after.error
