"""Report extraction end to end: real broker, Celery worker, index and models on a tmp data dir.

The example template runs as the ``mmrag.run_report`` Celery task over the ingested example
PDF; a beat schedule from a schedules file fires a task through the same broker.
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

from mmrag.agents.reports import register_report_tasks
from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.jobs import TaskState
from mmrag.platform.runtime import Runtime
from mmrag.platform.schedules import TASK_RUN_REPORT, TASK_SYNC_FOLDER, start_embedded_beat
from mmrag.platform.settings import Settings
from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
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


def test_example_template_as_celery_task(runtime: Runtime, tmp_path: Path) -> None:
    out = tmp_path / "out"
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
