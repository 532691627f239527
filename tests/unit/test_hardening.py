"""Hostile-input helpers of the platform: bounded YAML, upload paths, task claims, masking,
report folders and authentication policy (synthetic inputs, no services)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from mmrag.agents.reports import TemplateError, load_template, register_report_tasks
from mmrag.platform.api.app import check_auth, validation_detail
from mmrag.platform.claims import load_secret, sign_claim, verify_claim
from mmrag.platform.errors import InputError
from mmrag.platform.jobs import FileTask, Job, JobState, TaskState
from mmrag.platform.queue import create_celery_app
from mmrag.platform.safe_yaml import YamlRefused, YamlTooComplex, load_yaml
from mmrag.platform.schedules import (
    SCHEDULES_ENV,
    TASK_RUN_REPORT,
    ScheduleError,
    confine_out_dir,
    load_schedules,
)
from mmrag.platform.settings import SecretMaskingFormatter, Settings, mask_secrets
from mmrag.platform.submission import public_job, relative_upload_path

pytestmark = pytest.mark.unit

BOMB = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\n"


def test_yaml_aliases_and_anchors_are_refused() -> None:
    with pytest.raises(YamlTooComplex, match="anchors"):
        load_yaml(BOMB, max_bytes=10_000)
    with pytest.raises(YamlTooComplex, match="anchors"):
        load_yaml("- &x 1\n- 2\n", max_bytes=10_000)
    with pytest.raises(YamlRefused):
        load_yaml("- *x\n", max_bytes=10_000)  # an alias with no anchor: not YAML


def test_yaml_depth_nodes_and_size_are_bounded() -> None:
    with pytest.raises(YamlTooComplex, match="nested deeper than 5"):
        load_yaml("[" * 6 + "]" * 6, max_bytes=10_000, max_depth=5)
    assert load_yaml("[" * 5 + "]" * 5, max_bytes=10_000, max_depth=5) == [[[[[]]]]]
    with pytest.raises(YamlTooComplex, match="more than 10 values"):
        load_yaml("[" + ",".join(["1"] * 20) + "]", max_bytes=10_000, max_nodes=10)
    with pytest.raises(YamlTooComplex, match="over the limit of 100"):
        load_yaml("x: " + "y" * 200, max_bytes=100)


def test_yaml_and_json_documents_load_and_errors_quote_no_input() -> None:
    assert load_yaml('{"name": "n", "fields": [1, 2.5, null]}', max_bytes=1000) == {
        "name": "n",
        "fields": [1, 2.5, None],
    }
    secret_text = "SECRET-INPUT-" * 50
    with pytest.raises(YamlRefused) as err:
        load_yaml(f"a: [{secret_text}\nb: ]]]", max_bytes=100_000)
    assert "line" in err.value.message and "SECRET-INPUT" not in err.value.message
    assert len(err.value.message) < 300


def test_schedules_and_templates_with_aliases_are_refused(tmp_path: Path) -> None:
    schedules = tmp_path / "schedules.yaml"
    schedules.write_text("base: &b {task: report}\nschedules: [*b]\n")
    with pytest.raises(ScheduleError, match="refused"):
        load_schedules(schedules)
    template = tmp_path / "t.yaml"
    template.write_text("name: t\n" + BOMB + "fields: [*c]\n")
    with pytest.raises(TemplateError, match="refused"):
        load_template(template)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2023/summary.pdf", "2023/summary.pdf"),
        ("2024\\summary.pdf", "2024/summary.pdf"),
        ("../../etc/passwd.pdf", "etc/passwd.pdf"),
        ("/abs/file.pdf", "abs/file.pdf"),
        ("a/./b//c.pdf", "a/b/c.pdf"),
        ("a/../../b.pdf", "b.pdf"),
        ("nul\x00byte/x\x07.pdf", "nulbyte/x.pdf"),
        ("..", "upload"),
        (None, "upload"),
    ],
)
def test_upload_paths_are_normalised_and_confined(name: str | None, expected: str) -> None:
    assert relative_upload_path(name) == expected


def test_claims_sign_name_and_arguments() -> None:
    key = b"k" * 32
    claim = sign_claim(key, "mmrag.run_report", [], {"tenant": "a", "out_dir": "/x"})
    assert verify_claim(key, "mmrag.run_report", (), {"out_dir": "/x", "tenant": "a"}, claim)
    assert not verify_claim(key, "mmrag.run_report", [], {"tenant": "b", "out_dir": "/x"}, claim)
    assert not verify_claim(key, "mmrag.delete_document", [], {"tenant": "a"}, claim)
    assert not verify_claim(b"o" * 32, "mmrag.run_report", [], {"tenant": "a"}, claim)
    assert not verify_claim(key, "mmrag.run_report", [], {"tenant": "a"}, None)


def test_secret_is_made_once_private_or_taken_from_settings(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = load_secret(settings)
    assert load_secret(settings) == first and len(first) == 64
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0
    assert load_secret(Settings(data_dir=tmp_path, secret_key="shared-key")) == b"shared-key"


def test_report_task_has_time_limits(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, report_time_limit_s=600)
    app = create_celery_app(settings, "memory://")
    register_report_tasks(app)
    task = app.tasks[TASK_RUN_REPORT]
    assert task.time_limit == 600 and 0 < task.soft_time_limit < 600


def test_report_folders_are_confined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCHEDULES_ENV, str(tmp_path / "conf" / "schedules.yaml"))
    settings = Settings(data_dir=tmp_path / "data")
    inside = confine_out_dir(settings, tmp_path / "data" / "reports" / "r")
    assert inside == (tmp_path / "data" / "reports" / "r").resolve()
    assert confine_out_dir(settings, tmp_path / "conf" / "reports")  # next to the schedules
    for outside in (tmp_path / "elsewhere", tmp_path / "data" / ".." / "x", Path("/tmp/x")):
        with pytest.raises(InputError, match="refused"):
            confine_out_dir(settings, outside)


def test_secrets_are_masked_in_text_and_logs() -> None:
    text = "broker redis://:pw1@h:6379/0 db postgresql+psycopg://u:pw2@db/x key api_key=pw3"
    masked = mask_secrets(text)
    assert all(s not in masked for s in ("pw1", "pw2", "pw3")) and "redis://:***@h" in masked
    assert mask_secrets("redis://redis:6379/0") == "redis://redis:6379/0"
    record = logging.LogRecord("x", logging.WARNING, "f", 1, "lost %s", ("redis://:pw@h/0",), None)
    assert "pw@" not in SecretMaskingFormatter("%(message)s").format(record)


def test_auth_policy() -> None:
    check_auth(Settings())  # embedded default on loopback: no keys needed
    check_auth(Settings(), host="127.0.0.1")
    with pytest.raises(InputError, match="MMRAG_API_KEYS"):
        check_auth(Settings(), host="0.0.0.0")
    with pytest.raises(InputError, match="MMRAG_AUTH=required"):
        check_auth(Settings(auth="required"))
    check_auth(Settings(auth="disabled"), host="0.0.0.0")
    check_auth(Settings(auth="required", api_keys="k:t"), host="0.0.0.0")


def test_validation_detail_never_echoes_input() -> None:
    errors = [
        {"loc": ("body", "k"), "msg": "Input should be a valid integer", "input": "SECRET"}
    ] * 12
    detail = validation_detail(errors)
    assert "SECRET" not in detail and "body.k" in detail and "and 2 more" in detail


def test_failure_reasons_name_the_file_not_hash_or_path() -> None:
    digest = "ab" * 32
    task = FileTask(
        task_id="t",
        job_id="j",
        tenant="default",
        source_id="s",
        uri="upload://default/a/report.pdf",
        filename="report.pdf",
        content_hash=digest,
        media_kind="pdf",
        state=TaskState.FAILED,
        error=f"{digest}: cannot parse the PDF (open /srv/data/blobs/orig/ab/{digest} failed)",
        created_at=0.0,
    )
    job = Job(job_id="j", tenant="default", state=JobState.FAILED, files=[task], created_at=0.0)
    [shown] = public_job(job).files
    assert shown.error is not None and shown.error.startswith("report.pdf: cannot parse")
    assert digest not in shown.error and "/srv/data" not in shown.error
