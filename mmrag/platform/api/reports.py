"""Report runs over the REST API: start one, follow it, fetch its CSV / JSON / HTML / PNG.

A run is the ``mmrag.run_report`` Celery task (implemented by the agents' worker) with the run id
as its task id. Its folder ``<data_dir>/reports/runs/<tenant hash>/<run id>/`` holds ``run.json``
(who and what), the submitted ``template.yaml`` and, once finished, the report files; the state
comes from those files (``report.html`` is written last) or, before that, the task's result.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import time
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from mmrag.platform.api.deps import Tenant, problems
from mmrag.platform.errors import InputError, NotFound, ServiceUnavailable
from mmrag.platform.runtime import Runtime
from mmrag.platform.safe_yaml import YamlRefused, YamlTooComplex, load_yaml
from mmrag.platform.schedules import TASK_RUN_REPORT

ReportFile = Literal["report.csv", "report.json", "report.md", "report.html", "report.png"]
REPORT_FILES: tuple[ReportFile, ...] = (
    "report.csv",
    "report.json",
    "report.md",
    "report.html",
    "report.png",
)
_LAST_WRITTEN = "report.html"
MAX_TEMPLATE_CHARS = 100_000


def _deadline_s(limit_s: int) -> float:
    """Age after which a run with no outcome is over: the hard limit plus a grace period."""
    return limit_s + min(60.0, float(limit_s))


RunId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$", description="A report run id.")]


class ReportRequest(BaseModel):
    """A template (YAML or JSON text) to run, optionally over chosen documents."""

    template: str = Field(
        min_length=1,
        max_length=MAX_TEMPLATE_CHARS,
        description="Report template: a mapping with 'name' and 'fields' (see the CLI docs).",
    )
    source_ids: list[str] | None = Field(
        default=None,
        max_length=1000,
        description="Documents to cover (default: the template's selection, else all).",
    )


class ReportRun(BaseModel):
    """A report run: its state and, once it succeeded, the report (rows with cited values)."""

    run_id: str
    state: Literal["running", "succeeded", "failed"]
    template: str = ""
    title: str = ""
    created_at: float
    finished_at: float | None = None
    source_ids: list[str] | None = None
    error: str | None = None
    files: list[ReportFile] = Field(default_factory=list)
    report: dict[str, Any] | None = Field(
        default=None, description="report.json: fields, counts and one row per document."
    )


def _invalid(detail: str) -> InputError:
    return InputError(f"report template: {detail}")


def template_header(text: str, max_bytes: int = 4 * MAX_TEMPLATE_CHARS) -> dict[str, str]:
    """Name and title of a template; the full check happens in the worker.

    Aliases, deep nesting and oversized text raise ``YamlTooComplex``, before anything is built.
    """
    try:
        data = load_yaml(text, max_bytes=max_bytes)
    except YamlTooComplex as exc:
        raise YamlTooComplex(f"report template: {exc.message}") from None
    except YamlRefused as exc:
        raise _invalid(exc.message) from None
    if not isinstance(data, dict):
        raise _invalid("expected a mapping with 'name' and 'fields'")
    name, fields = data.get("name"), data.get("fields")
    if not isinstance(name, str) or not name.strip():
        raise _invalid("'name' is missing")
    if not isinstance(fields, list) or not fields:
        raise _invalid("'fields' must be a non-empty list")
    title = data.get("title")
    return {"template": name, "title": title if isinstance(title, str) else ""}


class ReportRuns:
    """Report runs of one runtime, each in its tenant's folder."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.root = runtime.settings.data_dir / "reports" / "runs"

    def folder(self, tenant: str, run_id: str) -> Path:
        """The run's folder (whether or not it exists)."""
        return self.root / hashlib.sha256(tenant.encode()).hexdigest()[:16] / run_id

    def start(self, tenant: str, request: ReportRequest) -> ReportRun:
        """Store the template and enqueue the task; one with no name or fields fails at once."""
        run_id = uuid.uuid4().hex
        meta: dict[str, Any] = {"run_id": run_id, "created_at": time.time()}
        meta["source_ids"] = request.source_ids
        try:
            limit = self.runtime.settings.max_template_bytes
            meta.update(template_header(request.template, limit))
        except YamlTooComplex:
            raise  # refused outright (4xx): no run, nothing stored
        except InputError as exc:
            meta["error"] = exc.message
        folder = self.folder(tenant, run_id)
        folder.mkdir(parents=True)
        (folder / "template.yaml").write_bytes(request.template.encode("utf-8", "replace"))
        (folder / "run.json").write_text(json.dumps(meta), encoding="utf-8")
        if "error" not in meta:
            self._enqueue(tenant, run_id, request.source_ids)
        return self.get(tenant, run_id, with_report=False)

    def _enqueue(self, tenant: str, run_id: str, source_ids: list[str] | None) -> None:
        folder = self.folder(tenant, run_id)
        kwargs = {
            "template_path": str(folder / "template.yaml"),
            "source_ids": source_ids,
            "out_dir": str(folder).replace("{", "{{").replace("}", "}}"),  # no placeholders
            "tenant": tenant,
        }
        try:
            self.runtime.celery.send_task(
                TASK_RUN_REPORT, kwargs=kwargs, task_id=run_id, queue="light"
            )
        except Exception as exc:  # kombu raises many connection error types
            raise ServiceUnavailable(f"could not enqueue the report: {exc}") from exc

    def get(self, tenant: str, run_id: str, with_report: bool = True) -> ReportRun:
        """A run of ``tenant`` (``NotFound`` for another tenant's)."""
        folder = self.folder(tenant, run_id)
        try:
            meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise NotFound(f"no report run {run_id}") from exc
        run = ReportRun.model_validate({**meta, "state": "running"})
        if run.error:  # refused before it was queued
            run.state = "failed"
            return run
        run.files = [name for name in REPORT_FILES if (folder / name).is_file()]
        if _LAST_WRITTEN in run.files:
            run.state = "succeeded"
            run.finished_at = (folder / _LAST_WRITTEN).stat().st_mtime
            if with_report:
                run.report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
            return run
        run.files = []  # still being written
        self._task_state(run)
        return run

    def _task_state(self, run: ReportRun) -> None:
        try:
            result = self.runtime.celery.AsyncResult(run.run_id)
            state = result.state
            outcome = result.result if state == "FAILURE" else None
        except Exception as exc:  # the result backend is the broker
            raise ServiceUnavailable(f"could not read the report's state: {exc}") from exc
        if state == "FAILURE":
            run.state = "failed"
            run.error = str(outcome) or type(outcome).__name__
        elif state == "SUCCESS":
            run.state = "failed"
            run.error = "the report task finished without writing its files"
        elif time.time() - run.created_at > _deadline_s(self.runtime.settings.report_time_limit_s):
            # Past its hard time limit a run is over: killed, its worker lost, or never picked up.
            run.state = "failed"
            run.error = (
                f"the report did not finish within {self.runtime.settings.report_time_limit_s} s "
                "(MMRAG_REPORT_TIME_LIMIT_S): it was stopped or its worker was lost"
            )

    def recent(self, tenant: str, limit: int) -> list[ReportRun]:
        """The tenant's runs, newest first."""
        parent = self.folder(tenant, "x").parent
        ids = [p.name for p in parent.iterdir()] if parent.is_dir() else []
        runs = []
        for run_id in ids:
            try:
                runs.append(self.get(tenant, run_id, with_report=False))
            except NotFound:
                continue
        runs.sort(key=lambda r: r.created_at, reverse=True)
        return runs[:limit]


_FILE_OK: dict[int | str, dict[str, Any]] = {
    200: {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}
}


def report_router(runtime: Runtime) -> APIRouter:
    """The ``/v1/reports`` routes over ``runtime``."""
    runs = ReportRuns(runtime)
    router = APIRouter(prefix="/v1/reports", tags=["reports"])

    @router.post("", status_code=202, responses=problems(400, 401, 413, 422, 503))
    def start_report(request: ReportRequest, tenant: Tenant) -> ReportRun:
        """Run a report template (asynchronously); follow it with ``GET /v1/reports/{run_id}``.

        The worker checks the template in full: a run with an unusable template ends ``failed``
        with the reason (at once when it has no name or fields). A template with YAML aliases or
        anchors, nested too deep or too big is refused with 422 and starts no run.
        """
        return runs.start(tenant, request)

    @router.get("", responses=problems(401, 503))
    def list_reports(
        tenant: Tenant, limit: Annotated[int, Query(ge=1, le=200)] = 20
    ) -> list[ReportRun]:
        """Recent report runs of the caller's tenant, newest first (without their rows)."""
        return runs.recent(tenant, limit)

    @router.get("/{run_id}", responses=problems(401, 404, 503))
    def get_report(run_id: RunId, tenant: Tenant) -> ReportRun:
        """A run's state; once succeeded, the report with a cited value or reason per cell."""
        return runs.get(tenant, run_id)

    @router.get(
        "/{run_id}/files/{name}",
        response_class=FileResponse,
        responses={**_FILE_OK, **problems(401, 404)},
    )
    def get_report_file(run_id: RunId, name: ReportFile, tenant: Tenant) -> FileResponse:
        """One file of a finished run: ``report.csv`` (a row per document), JSON, MD, HTML, PNG."""
        run = runs.get(tenant, run_id, with_report=False)
        if name not in run.files:
            raise NotFound(f"report run {run_id} has no {name} (state: {run.state})")
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(runs.folder(tenant, run_id) / name, media_type=media_type)

    return router
