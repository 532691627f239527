"""Durable store of documents, jobs and per-file tasks (SQLite embedded, PostgreSQL in scale-out)."""

from __future__ import annotations

import os
import time
import uuid
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field

from mmrag.platform.errors import NotFound
from mmrag.platform.liveness import process_token


class TaskState(StrEnum):
    """Life cycle of one file in a job."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"  # unchanged bytes: nothing to do

    @property
    def finished(self) -> bool:
        """True for the terminal states."""
        return self in (TaskState.SUCCEEDED, TaskState.FAILED, TaskState.SKIPPED)


class JobState(StrEnum):
    """Aggregate state of a job, derived from its file tasks."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    PARTIALLY_SUCCEEDED = "partially_succeeded"


class FileTask(BaseModel):
    """Progress and outcome of one file within a job."""

    task_id: str
    job_id: str
    tenant: str
    source_id: str
    uri: str
    filename: str
    content_hash: str
    media_kind: str
    state: TaskState
    stage: str = ""
    done: int = 0
    total: int = 0
    shards_total: int = 0
    shards_done: int = 0
    chunks: int = 0
    pages: int | None = None
    duration_s: float | None = None
    error: str | None = None
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    #: The process holding this work (see mmrag.platform.liveness); never shown to API clients.
    owner: str | None = Field(default=None, exclude=True)
    recoveries: int = 0  # times restarted after its owner died

    def eta_s(self) -> float | None:
        """Seconds left, extrapolated from progress so far (None when unknown)."""
        if self.started_at is None or self.total <= 0 or self.done <= 0 or self.state.finished:
            return None
        elapsed = time.time() - self.started_at
        return elapsed * (self.total - self.done) / self.done


class Job(BaseModel):
    """A set of files submitted together."""

    job_id: str
    tenant: str
    created_at: float
    state: JobState
    files: list[FileTask]

    @property
    def finished(self) -> bool:
        """True when every file reached a terminal state."""
        return all(f.state.finished for f in self.files)

    def count(self, state: TaskState) -> int:
        """How many files are in ``state``."""
        return sum(1 for f in self.files if f.state is state)


class Document(BaseModel):
    """An indexed source file (the active generation)."""

    source_id: str
    tenant: str
    uri: str
    filename: str
    content_hash: str
    media_kind: str
    mime: str
    size_bytes: int
    pages: int | None = None
    duration_s: float | None = None
    chunks: int = 0
    updated_at: float


_META = sa.MetaData()
_DOCS = sa.Table(
    "documents",
    _META,
    sa.Column("source_id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False, index=True),
    sa.Column("uri", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("media_kind", sa.String(16), nullable=False),
    sa.Column("mime", sa.String(64), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("pages", sa.Integer),
    sa.Column("duration_s", sa.Float),
    sa.Column("chunks", sa.Integer, nullable=False, default=0),
    sa.Column("updated_at", sa.Float, nullable=False),
)
_JOBS = sa.Table(
    "jobs",
    _META,
    sa.Column("job_id", sa.String(64), primary_key=True),
    sa.Column("tenant", sa.String(128), nullable=False, index=True),
    sa.Column("created_at", sa.Float, nullable=False),
)
_TASKS = sa.Table(
    "file_tasks",
    _META,
    sa.Column("task_id", sa.String(64), primary_key=True),
    sa.Column("job_id", sa.String(64), sa.ForeignKey("jobs.job_id"), nullable=False, index=True),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("source_id", sa.String(64), nullable=False, index=True),
    sa.Column("uri", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("media_kind", sa.String(16), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("stage", sa.String(32), nullable=False, default=""),
    sa.Column("done", sa.Integer, nullable=False, default=0),
    sa.Column("total", sa.Integer, nullable=False, default=0),
    sa.Column("shards_total", sa.Integer, nullable=False, default=0),
    sa.Column("shards_done", sa.Integer, nullable=False, default=0),
    sa.Column("chunks", sa.Integer, nullable=False, default=0),
    sa.Column("pages", sa.Integer),
    sa.Column("duration_s", sa.Float),
    sa.Column("error", sa.Text),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("started_at", sa.Float),
    sa.Column("finished_at", sa.Float),
    sa.Column("owner", sa.String(200)),
    sa.Column("recoveries", sa.Integer, nullable=False, default=0, server_default="0"),
)
#: Columns added after the first release: created on an existing database at open.
_ADDED_COLUMNS = {"file_tasks": ("owner", "recoveries")}
_SHARDS = sa.Table(
    "shard_results",
    _META,
    sa.Column("task_id", sa.String(64), primary_key=True),
    sa.Column("shard_index", sa.Integer, primary_key=True),
    sa.Column("units", sa.Integer, nullable=False),
    sa.Column("chunks", sa.Integer, nullable=False),
    sa.Column("error", sa.Text),
)


class ShardResult(BaseModel):
    """The outcome of one shard of a file (recorded once, even when a task is redelivered)."""

    shard_index: int
    units: int
    chunks: int = 0
    error: str | None = None


def _job_state(files: Sequence[FileTask]) -> JobState:
    states = {f.state for f in files}
    if not files or states <= {TaskState.QUEUED}:
        return JobState.QUEUED
    if not all(s.finished for s in states):
        return JobState.RUNNING
    if TaskState.FAILED not in states:
        return JobState.SUCCEEDED
    if states == {TaskState.FAILED}:
        return JobState.FAILED
    return JobState.PARTIALLY_SUCCEEDED


class JobStore:
    """Documents, jobs and file tasks in one SQL database shared by API and workers."""

    def __init__(self, url: str) -> None:
        connect_args: dict[str, Any] = {}
        if url.startswith("sqlite"):
            connect_args = {"timeout": 30, "check_same_thread": False}
        self.engine = sa.create_engine(url, connect_args=connect_args, pool_pre_ping=True)
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        _META.create_all(self.engine)
        _add_missing_columns(self.engine)
        _after_fork_dispose(self.engine)

    @contextmanager
    def _tx(self) -> Iterator[sa.Connection]:
        with self.engine.begin() as conn:
            yield conn

    # --- jobs -------------------------------------------------------------------------------
    def create_job(self, tenant: str) -> str:
        """A new, empty job; returns its id."""
        job_id = uuid.uuid4().hex
        with self._tx() as conn:
            conn.execute(
                _JOBS.insert().values(job_id=job_id, tenant=tenant, created_at=time.time())
            )
        return job_id

    def add_task(
        self,
        job_id: str,
        *,
        tenant: str,
        source_id: str,
        uri: str,
        filename: str,
        content_hash: str,
        media_kind: str,
        state: TaskState = TaskState.QUEUED,
        error: str | None = None,
    ) -> str:
        """Register one file of a job; returns the task id."""
        task_id = uuid.uuid4().hex
        now = time.time()
        finished = now if state.finished else None
        with self._tx() as conn:
            conn.execute(
                _TASKS.insert().values(
                    task_id=task_id,
                    job_id=job_id,
                    tenant=tenant,
                    source_id=source_id,
                    uri=uri,
                    filename=filename,
                    content_hash=content_hash,
                    media_kind=media_kind,
                    state=state.value,
                    stage="done" if state.finished else "queued",
                    error=error,
                    created_at=now,
                    finished_at=finished,
                    owner=None if state.finished else process_token(),
                    recoveries=0,
                )
            )
        return task_id

    def get_job(self, job_id: str, tenant: str | None = None) -> Job:
        """A job with its file tasks; :class:`NotFound` for another tenant's job."""
        with self._tx() as conn:
            row = conn.execute(sa.select(_JOBS).where(_JOBS.c.job_id == job_id)).mappings().first()
            if row is None or (tenant is not None and row["tenant"] != tenant):
                raise NotFound(f"job not found: {job_id}")
            tasks = conn.execute(
                sa.select(_TASKS).where(_TASKS.c.job_id == job_id).order_by(_TASKS.c.created_at)
            ).mappings()
            files = [FileTask.model_validate(dict(t)) for t in tasks]
        return Job(
            job_id=job_id,
            tenant=row["tenant"],
            created_at=row["created_at"],
            state=_job_state(files),
            files=files,
        )

    def list_jobs(self, tenant: str, limit: int = 50) -> list[Job]:
        """Most recent jobs of a tenant."""
        with self._tx() as conn:
            ids = conn.execute(
                sa.select(_JOBS.c.job_id)
                .where(_JOBS.c.tenant == tenant)
                .order_by(_JOBS.c.created_at.desc())
                .limit(limit)
            ).scalars()
            job_ids = list(ids)
        return [self.get_job(j) for j in job_ids]

    def get_task(self, task_id: str) -> FileTask:
        """One file task."""
        with self._tx() as conn:
            row = conn.execute(sa.select(_TASKS).where(_TASKS.c.task_id == task_id)).mappings()
            first = row.first()
        if first is None:
            raise NotFound(f"task not found: {task_id}")
        return FileTask.model_validate(dict(first))

    def update_task(self, task_id: str, **fields: Any) -> None:
        """Set fields of a task (state values may be enums)."""
        values = {k: (v.value if isinstance(v, TaskState) else v) for k, v in fields.items()}
        with self._tx() as conn:
            conn.execute(_TASKS.update().where(_TASKS.c.task_id == task_id).values(**values))

    def record_shard(self, task_id: str, result: ShardResult) -> FileTask:
        """Store a shard's outcome (idempotent) and recompute the task's progress from all shards.

        The task row is locked first so concurrent shards of one file serialize: each count then
        sees every earlier shard (no lost fan-in) and a redelivered duplicate replaces, never
        collides with, its twin. (PostgreSQL's READ COMMITTED needs this; SQLite serializes.)
        """
        with self._tx() as conn:
            conn.execute(
                sa.select(_TASKS.c.task_id).where(_TASKS.c.task_id == task_id).with_for_update()
            )
            conn.execute(
                _SHARDS.delete().where(
                    (_SHARDS.c.task_id == task_id) & (_SHARDS.c.shard_index == result.shard_index)
                )
            )
            conn.execute(_SHARDS.insert().values(task_id=task_id, **result.model_dump()))
            done, count = conn.execute(
                sa.select(sa.func.coalesce(sa.func.sum(_SHARDS.c.units), 0), sa.func.count()).where(
                    _SHARDS.c.task_id == task_id
                )
            ).one()
            conn.execute(
                _TASKS.update()
                .where(_TASKS.c.task_id == task_id)
                .values(done=int(done), shards_done=int(count))
            )
        return self.get_task(task_id)

    def shard_results(self, task_id: str) -> list[ShardResult]:
        """Every recorded shard outcome of a task."""
        with self._tx() as conn:
            rows = conn.execute(
                sa.select(_SHARDS)
                .where(_SHARDS.c.task_id == task_id)
                .order_by(_SHARDS.c.shard_index)
            ).mappings()
            return [ShardResult.model_validate(dict(r)) for r in rows]

    def claim_finalize(self, task_id: str) -> bool:
        """Atomically move a running task to the finalize stage; True for exactly one caller."""
        with self._tx() as conn:
            result = conn.execute(
                _TASKS.update()
                .where(
                    (_TASKS.c.task_id == task_id)
                    & (_TASKS.c.state == TaskState.RUNNING.value)
                    & (_TASKS.c.stage != "finalize")
                )
                .values(stage="finalize")
            )
            return bool(result.rowcount == 1)

    def unfinished_tasks(self) -> list[FileTask]:
        """Tasks still queued or running (used to resubmit after a restart)."""
        open_states = [TaskState.QUEUED.value, TaskState.RUNNING.value]
        with self._tx() as conn:
            rows = conn.execute(sa.select(_TASKS).where(_TASKS.c.state.in_(open_states)))
            return [FileTask.model_validate(dict(r)) for r in rows.mappings()]

    def restart_orphan(self, task_id: str, dead_owner: str | None) -> bool:
        """Put a task whose owner died back to queued, owned by this process.

        Compare-and-set on the owner, so of several processes recovering at once exactly one
        wins; its earlier shard outcomes are dropped (the file is extracted again).
        """
        open_states = [TaskState.QUEUED.value, TaskState.RUNNING.value]
        owner_is = _TASKS.c.owner.is_(None) if dead_owner is None else _TASKS.c.owner == dead_owner
        with self._tx() as conn:
            result = conn.execute(
                _TASKS.update()
                .where((_TASKS.c.task_id == task_id) & _TASKS.c.state.in_(open_states) & owner_is)
                .values(
                    state=TaskState.QUEUED.value,
                    stage="queued",
                    done=0,
                    shards_done=0,
                    error=None,
                    started_at=None,
                    owner=process_token(),
                    recoveries=_TASKS.c.recoveries + 1,
                )
            )
            if result.rowcount != 1:
                return False
            conn.execute(_SHARDS.delete().where(_SHARDS.c.task_id == task_id))
        return True

    def fail_orphan(self, task_id: str, dead_owner: str | None, reason: str) -> bool:
        """Mark a task whose owner died failed with ``reason`` (compare-and-set on the owner)."""
        open_states = [TaskState.QUEUED.value, TaskState.RUNNING.value]
        owner_is = _TASKS.c.owner.is_(None) if dead_owner is None else _TASKS.c.owner == dead_owner
        with self._tx() as conn:
            result = conn.execute(
                _TASKS.update()
                .where((_TASKS.c.task_id == task_id) & _TASKS.c.state.in_(open_states) & owner_is)
                .values(
                    state=TaskState.FAILED.value,
                    stage="done",
                    error=reason,
                    finished_at=time.time(),
                    owner=None,
                )
            )
            return bool(result.rowcount == 1)

    # --- documents --------------------------------------------------------------------------
    def upsert_document(self, doc: Document) -> None:
        """Insert or replace the active generation of a document."""
        with self._tx() as conn:
            conn.execute(_DOCS.delete().where(_DOCS.c.source_id == doc.source_id))
            conn.execute(_DOCS.insert().values(**doc.model_dump()))

    def get_document(self, source_id: str, tenant: str | None = None) -> Document:
        """A document; :class:`NotFound` when missing or owned by another tenant."""
        with self._tx() as conn:
            row = conn.execute(sa.select(_DOCS).where(_DOCS.c.source_id == source_id)).mappings()
            first = row.first()
        if first is None or (tenant is not None and first["tenant"] != tenant):
            raise NotFound(f"document not found: {source_id}")
        return Document.model_validate(dict(first))

    def find_document(self, source_id: str) -> Document | None:
        """A document or None."""
        try:
            return self.get_document(source_id)
        except NotFound:
            return None

    def list_documents(self, tenant: str) -> list[Document]:
        """All documents of a tenant, newest first."""
        with self._tx() as conn:
            rows = conn.execute(
                sa.select(_DOCS).where(_DOCS.c.tenant == tenant).order_by(_DOCS.c.updated_at.desc())
            ).mappings()
            return [Document.model_validate(dict(r)) for r in rows]

    def delete_document(self, source_id: str) -> None:
        """Forget a document (its points and blobs are removed by the caller)."""
        with self._tx() as conn:
            conn.execute(_DOCS.delete().where(_DOCS.c.source_id == source_id))

    def hash_in_use(self, content_hash: str) -> bool:
        """Whether any document's active generation has these bytes."""
        with self._tx() as conn:
            row = conn.execute(
                sa.select(_DOCS.c.source_id).where(_DOCS.c.content_hash == content_hash).limit(1)
            ).first()
        return row is not None

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()


def _add_missing_columns(engine: sa.Engine) -> None:
    """Add columns newer releases defined to tables an older release created."""
    inspector = sa.inspect(engine)
    for table_name, names in _ADDED_COLUMNS.items():
        have = {c["name"] for c in inspector.get_columns(table_name)}
        table = _META.tables[table_name]
        for name in names:
            if name in have:
                continue
            column = table.c[name]
            ddl = column.type.compile(dialect=engine.dialect)
            default = " NOT NULL DEFAULT 0" if name == "recoveries" else ""
            with engine.begin() as conn:
                conn.execute(sa.text(f"ALTER TABLE {table_name} ADD COLUMN {name} {ddl}{default}"))


_ENGINES: weakref.WeakSet[sa.Engine] = weakref.WeakSet()
_FORK_HOOK: list[bool] = []  # set once the at-fork hook is registered


def _after_fork_dispose(engine: sa.Engine) -> None:
    """Give a forked child (a prefork pool process) its own connections.

    A pooled connection copied into a child shares the parent's socket and server session:
    two processes then interleave statements on one PostgreSQL session (e.g.
    ``DuplicatePreparedStatement``). ``dispose(close=False)`` drops the copies without closing
    the parent's connections; the child opens new ones on first use.
    """
    if not _FORK_HOOK:
        os.register_at_fork(after_in_child=_dispose_all_in_child)
        _FORK_HOOK.append(True)
    _ENGINES.add(engine)


def _dispose_all_in_child() -> None:
    for engine in list(_ENGINES):
        engine.dispose(close=False)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
