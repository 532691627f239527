"""Report extraction end to end: real broker, Celery worker, index and models on a tmp data dir.

The example template runs as the ``mmrag.run_report`` Celery task over the ingested example
PDF: sent directly, fired by the embedded beat from a schedules file, and started through the
REST API (which serves the CSV).
"""

from __future__ import annotations

import csv
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from celery.signals import after_task_publish
from fastapi.testclient import TestClient

from mmrag.agents.reports import register_report_tasks
from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.api.app import create_app
from mmrag.platform.jobs import TaskState
from mmrag.platform.runtime import Runtime
from mmrag.platform.schedules import (
    SCHEDULES_ENV,
    TASK_RUN_REPORT,
    TASK_SYNC_FOLDER,
    start_embedded_beat,
)
from mmrag.platform.settings import Settings
from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TEMPLATE = EXAMPLES / "report_template.yaml"
PDF_NAME = "heronsgate_water_2024.pdf"
SYNC_CALLS: list[dict[str, Any]] = []
SYNC_SEEN = threading.Event()


def _record_sync(**kwargs: Any) -> None:
    SYNC_CALLS.append(kwargs)
    SYNC_SEEN.set()


def _register(app: Celery) -> None:
    register_tasks(app)
    register_report_tasks(app)
    app.task(name=TASK_SYNC_FOLDER)(_record_sync)  # stands in for the folder-sync worker


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), redis_url=None, qdrant_url=None)
    with Runtime(settings) as rt:
        rt.start_worker(_register)
        job = wait_for_job(
            rt, submit(rt, uploads_from_paths([EXAMPLES / "heronsgate_water_2024.pdf"])), 600
        )
        assert [f.state for f in job.files] == [TaskState.SUCCEEDED], job
        yield rt


def test_example_template_as_celery_task(runtime: Runtime) -> None:
    out = runtime.settings.data_dir / "out"  # a report task writes only inside the data dir
    sent = runtime.celery.send_task(
        TASK_RUN_REPORT,
        kwargs={
            "template_path": str(EXAMPLES / "report_template.yaml"),
            "source_ids": None,
            "out_dir": str(out / "{name}"),
        },
        queue="light",
    )
    assert sent.id
    folder = out / "heronsgate_summary"
    deadline = time.monotonic() + 300
    while not (folder / "report.html").is_file() and time.monotonic() < deadline:
        time.sleep(0.5)  # report.html is written last
    files = {p.name for p in folder.iterdir()}
    assert files == {"report.csv", "report.json", "report.md", "report.html", "report.png"}

    with (folder / "report.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [r["document"] for r in rows] == ["heronsgate_water_2024.pdf"]  # one row per document
    row = rows[0]
    assert row["customers_served"] == "48250" and row["customers_served_status"] == "found"
    assert row["customers_served_citation"] == "heronsgate_water_2024.pdf p.1"
    assert row["employees_status"] == "missing" and row["employees"] == ""
    assert row["employees_reason"]

    data = json.loads((folder / "report.json").read_text())
    cells = data["rows"][0]["fields"]
    customers = cells["customers_served"]
    assert customers["value"] == 48250 and customers["text"] == "48,250"
    assert customers["citation"]["page"] == 1 and "48,250" in customers["quote"]
    assert cells["lowest_reservoir_level"]["value"] == 49  # the lowest row of Table 1
    assert cells["uv_unit_in_service"]["value"] == "2024-06"
    # Never an invented value: every found value occurs in the passage it cites.
    for cell in cells.values():
        if cell["status"] == "found":
            assert cell["citation"] and cell["text"] in cell["quote"]
    assert "48,250" in (folder / "report.md").read_text()


def test_beat_schedule_fires_named_task(runtime: Runtime) -> None:
    folder = runtime.settings.data_dir / "inbox"
    (runtime.settings.data_dir / "schedules.yaml").write_text(
        "schedules:\n"
        f"  - {{name: inbox, task: sync_folder, every_s: 1, args: {{folder: {folder}}}}}\n"
    )
    beat = start_embedded_beat(runtime.celery, runtime.settings, max_interval=0.5)
    try:
        assert SYNC_SEEN.wait(60), "beat did not send the scheduled task"
    finally:
        beat.stop()
        time.sleep(0.2)
    assert SYNC_CALLS[0] == {"folder": str(folder)}


def _assert_cited_csv(path: Path) -> dict[str, str]:
    """The example report's CSV: one row, the known values, every found value cited by page."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["document"] for r in rows] == [PDF_NAME]  # one row per document
    row = rows[0]
    assert (row["customers_served"], row["customers_served_citation"]) == (
        "48250",
        f"{PDF_NAME} p.1",
    )
    assert row["lowest_reservoir_level"] == "49" and row["uv_unit_in_service"] == "2024-06"
    fields = [c.removesuffix("_status") for c in row if c.endswith("_status")]
    found = [f for f in fields if row[f"{f}_status"] == "found"]
    assert len(found) >= 3
    for name in found:
        assert row[name] and row[f"{name}_citation"].startswith(f"{PDF_NAME} p."), name
    for name in set(fields) - set(found):
        assert row[name] == "" and row[f"{name}_reason"], name
    return row


def _wait_for_task(runtime: Runtime, task_id: str, timeout_s: float = 600) -> Any:
    result = runtime.celery.AsyncResult(task_id)
    deadline = time.monotonic() + timeout_s
    while result.state not in ("SUCCESS", "FAILURE") and time.monotonic() < deadline:
        time.sleep(0.5)
    return result


def test_scheduled_report_writes_a_cited_csv(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schedules = tmp_path / "schedules.yaml"
    schedules.write_text(
        "schedules:\n"
        "  - name: water-weekly\n"
        "    task: report\n"
        "    every_s: 2\n"
        "    args:\n"
        f"      template: {TEMPLATE}\n"
        '      out_dir: "reports/{name}"\n'  # relative to the schedules file
    )
    monkeypatch.setenv(SCHEDULES_ENV, str(schedules))
    published: list[str] = []
    fired = threading.Event()

    def on_publish(sender: str | None = None, headers: Any = None, **_: Any) -> None:
        if sender == TASK_RUN_REPORT:
            published.append(headers["id"])
            fired.set()

    after_task_publish.connect(on_publish, weak=False)
    beat = start_embedded_beat(runtime.celery, runtime.settings, max_interval=0.5)
    try:
        assert fired.wait(60), "beat did not send the scheduled report"
    finally:
        beat.stop()
        after_task_publish.disconnect(on_publish)
    result = _wait_for_task(runtime, published[0])
    assert result.state == "SUCCESS", result.result
    folder = tmp_path / "reports" / "heronsgate_summary"
    assert result.result["files"]["csv"] == str(folder / "report.csv")
    assert result.result["documents"] == 1
    _assert_cited_csv(folder / "report.csv")
    for extra in published[1:]:  # a second tick before beat stopped: let it finish here
        _wait_for_task(runtime, extra)


def _follow(client: TestClient, run_id: str, **kwargs: Any) -> dict[str, Any]:
    deadline = time.monotonic() + 600
    while True:
        response = client.get(f"/v1/reports/{run_id}", **kwargs)
        assert response.status_code == 200, response.text
        run: dict[str, Any] = response.json()
        if run["state"] != "running" or time.monotonic() > deadline:
            return run
        time.sleep(0.5)


def test_report_over_the_api_serves_cited_values_and_csv(runtime: Runtime) -> None:
    api = create_app(runtime)
    with TestClient(api) as client:
        started = client.post("/v1/reports", json={"template": TEMPLATE.read_text()})
        assert started.status_code == 202, started.text
        assert started.json()["state"] == "running"
        run = _follow(client, started.json()["run_id"])
        assert run["state"] == "succeeded", run
        assert run["files"] == [
            "report.csv",
            "report.json",
            "report.md",
            "report.html",
            "report.png",
        ]
        cell = run["report"]["rows"][0]["fields"]["customers_served"]
        assert cell["value"] == 48250 and cell["citation"]["page"] == 1
        listed = client.get("/v1/reports").json()
        assert listed[0]["run_id"] == run["run_id"] and listed[0]["report"] is None
        csv_file = client.get(f"/v1/reports/{run['run_id']}/files/report.csv")
        assert csv_file.headers["content-type"].startswith("text/csv")
        out = runtime.settings.data_dir / "api-report.csv"
        out.write_bytes(csv_file.content)
        _assert_cited_csv(out)

        # The API only checks the outline; the worker's full check fails the run with a reason.
        bad = "name: bad\nfields:\n  - {name: x, question: Which colour is it, type: colour}\n"
        failed = _follow(
            client, client.post("/v1/reports", json={"template": bad}).json()["run_id"]
        )
        assert failed["state"] == "failed" and "fields[0]" in failed["error"], failed
        assert failed["files"] == [] and failed["report"] is None
        missing = client.get(f"/v1/reports/{failed['run_id']}/files/report.csv")
        assert missing.status_code == 404
        refused = client.post("/v1/reports", json={"template": "- just\n- a list\n"})
        assert refused.status_code == 202  # never queued: failed at once, with the reason
        assert refused.json()["state"] == "failed" and "mapping" in refused.json()["error"]


def test_report_runs_are_per_tenant(runtime: Runtime) -> None:
    api = create_app(runtime)
    api.state.settings = runtime.settings.model_copy(update={"api_keys": "ka:alpha,kb:beta"})
    alpha, beta = {"X-API-Key": "ka"}, {"X-API-Key": "kb"}
    with TestClient(api) as client:
        body = {"template": TEMPLATE.read_text()}
        assert client.post("/v1/reports", json=body).status_code == 401
        run_id = client.post("/v1/reports", json=body, headers=alpha).json()["run_id"]
        assert client.get(f"/v1/reports/{run_id}", headers=beta).status_code == 404
        assert client.get("/v1/reports", headers=beta).json() == []
        run = _follow(client, run_id, headers=alpha)
    # alpha has no documents: the report is empty, never another tenant's rows
    assert run["state"] == "succeeded" and run["report"]["rows"] == [], run
