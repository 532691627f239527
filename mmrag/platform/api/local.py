"""Routes for the local clients of a running server (the CLI and MCP server on its data dir).

They read server paths and act for any tenant, so they answer only callers that present the
per-start token of ``<data_dir>/run/server.json`` (see :mod:`mmrag.platform.server_file`), and
they stay out of the published OpenAPI spec. Work that needs the agents (reports, tools) is
passed in by the composition root, as ``ask`` is for :func:`~mmrag.platform.api.app.create_app`.
"""

from __future__ import annotations

import asyncio
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, FastAPI, Request
from pydantic import BaseModel, Field

from mmrag.platform.errors import InputError, Unauthorized
from mmrag.platform.runtime import Runtime
from mmrag.platform.server_file import TENANT_HEADER, TOKEN_HEADER
from mmrag.platform.status import status_report

ToolCall = Callable[[str, dict[str, Any], str, list[Path] | None], dict[str, Any]]
"""Runs a named agent tool for a tenant, reading only below the given folders."""
ReportCall = Callable[[Path, Path | None, list[str] | None, str], dict[str, Any]]
"""Runs a report template file (template, out dir, source ids, tenant); returns its summary."""

ScheduleCall = Callable[[str], dict[str, Any]]
"""Runs the named schedule entry now; returns its run record."""


@dataclass(frozen=True)
class LocalCalls:
    """What the composition root wires in."""

    call_tool: ToolCall | None = None
    run_report: ReportCall | None = None
    run_schedule: ScheduleCall | None = None


def local_tenant(request: Request) -> str:
    """The tenant a token-holding caller acts for; 401 without the server's token."""
    token: str | None = getattr(request.app.state, "local_token", None)
    given = request.headers.get(TOKEN_HEADER, "")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Unauthorized(f"local routes need this server's token (header {TOKEN_HEADER})")
    tenant = request.headers.get(TENANT_HEADER) or str(request.app.state.settings.tenant)
    if len(tenant) > 128:
        raise InputError("tenant names are at most 128 characters")
    return tenant


LocalTenant = Annotated[str, Depends(local_tenant)]


class IngestPaths(BaseModel):
    """Files or folders on this machine to ingest under their absolute paths."""

    paths: list[str] = Field(min_length=1, max_length=10_000)
    force: bool = False


class ReportFile(BaseModel):
    """A report template file to run, and where to write the report."""

    template_path: str
    out: str | None = None
    source_ids: list[str] | None = None


class ToolArguments(BaseModel):
    """A tool call: its arguments and the folders the caller may read."""

    arguments: dict[str, Any] = Field(default_factory=dict)
    allowed_roots: list[str] | None = None


def _absolute(raw: str) -> Path:
    path = Path(raw).expanduser()
    if not path.is_absolute():
        raise InputError(f"{raw}: give an absolute path")
    return path


def add_local_routes(api: FastAPI, runtime: Runtime, token: str, calls: LocalCalls) -> None:
    """Mount ``/v1/local/*`` on ``api``, answering callers that hold ``token``."""
    api.state.local_token = token
    router = APIRouter(prefix="/v1/local", include_in_schema=False)
    settings = runtime.settings

    @router.get("/ping")
    def ping(tenant: LocalTenant) -> dict[str, Any]:
        """Who answers: pid, data dir and how many documents the tenant has."""
        return {
            "pid": os.getpid(),
            "data_dir": str(settings.data_dir),
            "documents": len(runtime.store.list_documents(tenant)),
        }

    @router.get("/status")
    def status(tenant: LocalTenant) -> dict[str, Any]:
        """What ``mmrag status`` prints: mode, services, documents, chunks, recent jobs."""
        return status_report(runtime, tenant)

    @router.post("/ingest", status_code=202)
    def ingest(request: IngestPaths, tenant: LocalTenant) -> dict[str, Any]:
        """Ingest files of this machine by path (their uri is the absolute path)."""
        from mmrag.platform.submission import submit, uploads_from_paths

        paths = [_absolute(p) for p in request.paths]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise InputError(f"no such file or folder: {', '.join(missing)}")
        uploads = uploads_from_paths(paths)
        if not uploads:
            raise InputError("no files found")
        job_id = submit(runtime, uploads, tenant, request.force)
        return {"job_id": job_id}

    @router.post("/report")
    async def report(request: ReportFile, tenant: LocalTenant) -> dict[str, Any]:
        """Run a report template file now; returns the run's summary."""
        if calls.run_report is None:
            raise InputError("this server runs no reports")
        template = _absolute(request.template_path)
        out = _absolute(request.out) if request.out else None
        return await asyncio.to_thread(calls.run_report, template, out, request.source_ids, tenant)

    @router.post("/tools/{name}")
    async def tool(
        name: str, request: Annotated[ToolArguments, Body()], tenant: LocalTenant
    ) -> dict[str, Any]:
        """Run one agent tool (as the MCP server would) and return its output."""
        if calls.call_tool is None:
            raise InputError("this server runs no tools")
        roots = None if request.allowed_roots is None else [Path(r) for r in request.allowed_roots]
        return await asyncio.to_thread(calls.call_tool, name, request.arguments, tenant, roots)

    @router.post("/schedules/{name}/run")
    async def run_schedule(name: str, _tenant: LocalTenant) -> dict[str, Any]:
        """Run one schedule entry now (as the scheduler would) and return its run record."""
        if calls.run_schedule is None:
            raise InputError("this server runs no schedules")
        return await asyncio.to_thread(calls.run_schedule, name)

    api.include_router(router)
