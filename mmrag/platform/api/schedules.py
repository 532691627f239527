"""``GET /v1/schedules``: the schedule entries of the caller's tenant with their last run."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mmrag.platform.api.deps import Tenant, problems
from mmrag.platform.runtime import Runtime
from mmrag.platform.schedule_runs import ScheduleRun, ScheduleRuns
from mmrag.platform.schedules import entry_tenant, load_schedules, schedules_path


class ScheduleInfo(BaseModel):
    """One entry of the schedules file and how its latest run went."""

    name: str
    task: str = Field(description="report or sync_folder.")
    cron: str | None = None
    every_s: float | None = None
    enabled: bool
    last_run: ScheduleRun | None = None


def schedule_router(runtime: Runtime) -> APIRouter:
    """The ``GET /v1/schedules`` route over ``runtime``."""
    router = APIRouter()

    @router.get("/v1/schedules", responses=problems(401))
    def list_schedules(tenant: Tenant) -> list[ScheduleInfo]:
        """Schedule entries (reports, folder syncs) of the caller's tenant, with their last run."""
        settings = runtime.settings
        runs = ScheduleRuns(runtime.store.engine)
        return [
            ScheduleInfo(
                name=entry.name,
                task=entry.task,
                cron=entry.cron,
                every_s=entry.every_s,
                enabled=entry.enabled,
                last_run=runs.last(entry.name),
            )
            for entry in load_schedules(schedules_path(settings))
            if entry_tenant(entry, settings) == tenant
        ]

    return router
