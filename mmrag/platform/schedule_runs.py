"""The log of scheduled runs (reports, folder syncs), kept in the job store's database.

Each run of a schedule entry gets one row: when it started and finished, how it ended and its
summary (a report's counts and files; a folder sync's added/updated/removed/failed). ``mmrag
schedules list``, ``GET /v1/schedules`` and the worker read and write it here.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field

_META = sa.MetaData()
_RUNS = sa.Table(
    "schedule_runs",
    _META,
    sa.Column("run_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(128), nullable=False, index=True),
    sa.Column("task", sa.String(64), nullable=False),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("started_at", sa.Float, nullable=False),
    sa.Column("finished_at", sa.Float),
    sa.Column("summary", sa.Text),
    sa.Column("error", sa.Text),
)


class ScheduleRun(BaseModel):
    """One run of a schedule entry."""

    run_id: str
    name: str
    task: str
    tenant: str
    state: str = Field(description="running, succeeded or failed.")
    started_at: float
    finished_at: float | None = None
    summary: dict[str, Any] | None = None
    error: str | None = None


class ScheduleRuns:
    """Runs of schedule entries in the database behind ``engine`` (the job store's)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        _META.create_all(engine)

    def start(self, name: str, task: str, tenant: str) -> str:
        """Record that a run began; returns its id."""
        run_id = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                _RUNS.insert().values(
                    run_id=run_id,
                    name=name,
                    task=task,
                    tenant=tenant,
                    state="running",
                    started_at=time.time(),
                )
            )
        return run_id

    def finish(
        self, run_id: str, summary: dict[str, Any] | None = None, error: str | None = None
    ) -> None:
        """Record how a run ended (``error`` set: failed)."""
        with self.engine.begin() as conn:
            conn.execute(
                _RUNS.update()
                .where(_RUNS.c.run_id == run_id)
                .values(
                    state="failed" if error else "succeeded",
                    finished_at=time.time(),
                    summary=None if summary is None else json.dumps(summary, default=str),
                    error=error,
                )
            )

    def recent(self, name: str | None = None, limit: int = 20) -> list[ScheduleRun]:
        """Runs, newest first (of one entry when ``name`` is given)."""
        query = sa.select(_RUNS).order_by(_RUNS.c.started_at.desc()).limit(limit)
        if name is not None:
            query = query.where(_RUNS.c.name == name)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            ScheduleRun(
                **{k: v for k, v in row.items() if k != "summary"},
                summary=json.loads(row["summary"]) if row["summary"] else None,
            )
            for row in rows
        ]

    def last(self, name: str) -> ScheduleRun | None:
        """The newest run of ``name``."""
        runs = self.recent(name, limit=1)
        return runs[0] if runs else None
