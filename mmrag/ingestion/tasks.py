"""Celery tasks: thin wrappers that run the pipeline stages and record progress.

ingest_file (light queue): detect + plan shards -> extract_shard per page/time range (on the
media's queue) -> the shard that completes the set finalizes the file (swap generations, record
the document). Shard outcomes live in the job store, not in a result backend, so the fan-in
works on any broker and survives redelivery. A shard that fails records its error instead of
raising, so a file is never left running or half-indexed: on any shard error the new
generation's points are removed and the previous generation (if any) stays searchable.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded

from mmrag.ingestion.extractors import get_extractor
from mmrag.ingestion.indexing import index_chunks
from mmrag.platform.errors import InputError, MMRagError, NotFound, ServiceUnavailable
from mmrag.platform.jobs import Document, FileTask, ShardResult, TaskState
from mmrag.platform.liveness import process_token
from mmrag.platform.models import MediaKind, Shard, SourceFile
from mmrag.platform.queue import (
    QUEUE_BY_MEDIA,
    TASK_DELETE_DOCUMENT,
    TASK_EXTRACT_SHARD,
    TASK_INGEST_FILE,
)
from mmrag.platform.runtime import Runtime, current_runtime
from mmrag.platform.sniff import sniff_file

log = logging.getLogger(__name__)

_RETRY = {"autoretry_for": (ServiceUnavailable,), "retry_backoff": 2, "max_retries": 5}

#: Pauses between attempts to enqueue a shard: the fan-out rides out a ~30 s broker restart.
_ENQUEUE_BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0)


def source_for(runtime: Runtime, task: FileTask) -> SourceFile:
    """The SourceFile a task works on (its stored original)."""
    path = runtime.blobs.open_path(f"orig/{task.content_hash}")
    return SourceFile(
        source_id=task.source_id,
        tenant=task.tenant,
        uri=task.uri,
        filename=task.filename,
        path=str(path),
        content_hash=task.content_hash,
        media_kind=MediaKind(task.media_kind),
        size_bytes=path.stat().st_size,
    )


def _fail(runtime: Runtime, task_id: str, reason: str) -> None:
    runtime.store.update_task(
        task_id, state=TaskState.FAILED, stage="done", error=reason, finished_at=time.time()
    )
    log.warning("file failed", extra={"task_id": task_id, "reason": reason})


def run_ingest_file(task_id: str) -> dict[str, Any]:
    """Detect and plan; run one shard inline or fan the shards out to the media's queue."""
    runtime = current_runtime()
    task = load_task(runtime, task_id)
    if task.state.finished:
        return {"state": task.state.value}  # a redelivered message after completion
    _check_not_stopping(runtime, task_id)
    runtime.store.update_task(
        task_id,
        state=TaskState.RUNNING,
        stage="detect",
        started_at=time.time(),
        owner=process_token(),
    )
    try:
        source = source_for(runtime, task)
        plan = get_extractor(source.media_kind, runtime.settings).plan(source)
    except MMRagError as exc:
        _fail(runtime, task_id, exc.message)
        return {"error": exc.message}
    except Exception as exc:  # never leave a file "running" forever
        log.exception("planning failed", extra={"task_id": task_id})
        _fail(runtime, task_id, f"{type(exc).__name__}: {exc}")
        return {"error": str(exc)}
    runtime.store.update_task(
        task_id,
        stage="extract",
        total=plan.total_units,
        shards_total=len(plan.shards),
        done=0,
        pages=plan.pages,
        duration_s=plan.duration_s,
    )
    shards = [s.model_dump() for s in plan.shards]
    if len(shards) == 1:
        return run_extract_shard(task_id, shards[0])
    queue = QUEUE_BY_MEDIA.get(source.media_kind.value, "docs")
    for shard in shards:
        _enqueue(runtime, TASK_EXTRACT_SHARD, [task_id, shard], queue)
    return {"shards": len(shards)}


def _enqueue(runtime: Runtime, name: str, args: list[Any], queue: str) -> None:
    """Send a task, waiting for a restarting broker instead of failing at once.

    Celery's own retry would need the same broker: unable to publish, it drops the message and
    the file stays running forever. (kombu also gives up when a reconnect happens mid-send.)
    """
    for pause in (*_ENQUEUE_BACKOFF_S, None):
        try:
            runtime.send_task(name, args, queue=queue)
            return
        except ServiceUnavailable as exc:
            if pause is None:
                raise
            log.warning("enqueue failed; retrying in %.1f s: %s", pause, exc.message)
            time.sleep(pause)


def run_extract_shard(task_id: str, shard_data: dict[str, Any]) -> dict[str, Any]:
    """Extract, chunk, embed and upsert one shard; the last shard to finish finalizes the file.

    Shard outcomes are recorded by (task, shard index), so a redelivered shard (worker killed,
    broker restarted) overwrites its own record instead of counting twice.
    """
    runtime = current_runtime()
    task = load_task(runtime, task_id)
    if task.state.finished:
        return {"state": task.state.value}
    _check_not_stopping(runtime, task_id)
    shard = Shard.model_validate(shard_data)
    outcome = _extract_shard(runtime, task, shard)
    if outcome.error is not None:
        _check_not_stopping(runtime, task_id)  # the error may be the shutdown itself
    task = runtime.store.record_shard(task_id, outcome)
    if task.shards_done >= task.shards_total and runtime.store.claim_finalize(task_id):
        return run_finalize_file(task_id)
    return outcome.model_dump()


def load_task(runtime: Runtime, task_id: str) -> FileTask:
    """The task of a message; an unknown id is logged as an error and fails the message.

    An unknown id means the message came from another deployment or database (a shared broker
    without distinct ``MMRAG_DEPLOYMENT`` prefixes, or a wrong ``MMRAG_DATABASE_URL``): say so
    loudly rather than let the sender's job wait forever in silence.
    """
    try:
        return runtime.store.get_task(task_id)
    except NotFound:
        log.error(
            "task %s is not in this worker's job store (deployment %r): it was sent by another "
            "deployment or for another database; failing it",
            task_id,
            runtime.settings.deployment,
        )
        raise UnknownTask(f"no such file task in this deployment's job store: {task_id}") from None


class UnknownTask(MMRagError):
    """A message names a file task this deployment's job store does not hold."""

    code = "unknown_task"


class Interrupted(MMRagError):
    """This process is shutting down: the file is left to the recovery at the next start."""

    code = "interrupted"


def _check_not_stopping(runtime: Runtime, task_id: str) -> None:
    if runtime.stopping.is_set():
        log.warning("shutting down: task %s is left for recovery", task_id)
        raise Interrupted(f"interrupted by shutdown: {task_id}")


def _retries_left() -> bool:
    """Whether Celery will retry the running task (True outside a worker: the caller decides)."""
    from celery import current_task

    request = getattr(current_task, "request", None)
    if current_task is None or request is None or not getattr(request, "id", None):
        return True
    limit = current_task.max_retries
    return limit is None or int(request.retries or 0) < int(limit)


def _extract_shard(runtime: Runtime, task: FileTask, shard: Shard) -> ShardResult:
    extractor = None
    # the previous shard left "embed"; the owner is whoever runs the file's work now
    runtime.store.update_task(task.task_id, stage="extract", owner=process_token())
    try:
        source = source_for(runtime, task)
        extractor = get_extractor(source.media_kind, runtime.settings)
        result = extractor.extract(source, shard, runtime.blobs)
        runtime.store.update_task(task.task_id, stage="chunk")
        chunks = extractor.chunk(result.elements, source)
        runtime.store.update_task(task.task_id, stage="embed")
        written = index_chunks(
            chunks, runtime.index, runtime.embedder, batch_size=runtime.settings.embed_batch_size
        )
    except ServiceUnavailable as exc:
        if _retries_left():
            raise  # transient: Celery retries the shard with backoff
        error = f"gave up after retries: {exc.message}"  # fail the file, never leave it running
    except InputError as exc:
        error = exc.message
    except SoftTimeLimitExceeded:
        error = (
            f"shard {shard.index} exceeded the {runtime.settings.task_soft_time_limit_s} s limit"
        )
    except Exception as exc:  # report it on the file; never leave the file running
        log.exception("shard failed", extra={"task_id": task.task_id, "shard": shard.index})
        error = f"{type(exc).__name__}: {exc}"
    else:
        return ShardResult(shard_index=shard.index, units=extractor.units(shard), chunks=written)
    units = extractor.units(shard) if extractor is not None else 0
    return ShardResult(shard_index=shard.index, units=units, error=error)


def run_finalize_file(task_id: str) -> dict[str, Any]:
    """Swap in the new generation when every shard succeeded; otherwise roll it back."""
    runtime = current_runtime()
    task = runtime.store.get_task(task_id)
    if task.state.finished:
        return {"state": task.state.value}
    results = runtime.store.shard_results(task_id)
    errors = [r.error for r in results if r.error]
    previous = runtime.store.find_document(task.source_id)
    keep_previous = previous.content_hash if previous else None
    if errors:
        if keep_previous != task.content_hash:
            runtime.index.delete_by_source(task.tenant, task.source_id, keep_previous)
        _fail(runtime, task_id, "; ".join(dict.fromkeys(errors)))
        return {"error": errors}
    chunks = sum(r.chunks for r in results)
    if chunks == 0:
        runtime.index.delete_by_source(task.tenant, task.source_id, keep_previous)
        _fail(runtime, task_id, "no content to index: no text, speech or on-screen text found")
        return {"error": "empty"}
    runtime.index.delete_by_source(task.tenant, task.source_id, keep_content_hash=task.content_hash)
    source = source_for(runtime, task)
    runtime.store.upsert_document(
        Document(
            source_id=task.source_id,
            tenant=task.tenant,
            uri=task.uri,
            filename=task.filename,
            content_hash=task.content_hash,
            media_kind=task.media_kind,
            mime=sniff_file(Path(source.path), task.filename)[1],
            size_bytes=source.size_bytes,
            pages=task.pages,
            duration_s=task.duration_s,
            chunks=chunks,
            updated_at=time.time(),
        )
    )
    if previous is not None and previous.content_hash != task.content_hash:
        _drop_blobs_if_unused(runtime, previous.content_hash)
    runtime.store.update_task(
        task_id,
        state=TaskState.SUCCEEDED,
        stage="done",
        chunks=chunks,
        finished_at=time.time(),
        done=task.total,
    )
    return {"chunks": chunks}


def run_delete_document(tenant: str, source_id: str) -> None:
    """Remove a document's points, blobs and record."""
    runtime = current_runtime()
    doc = runtime.store.get_document(source_id, tenant)
    runtime.index.delete_by_source(tenant, source_id)
    runtime.store.delete_document(source_id)
    _drop_blobs_if_unused(runtime, doc.content_hash)


def _drop_blobs_if_unused(runtime: Runtime, content_hash: str) -> None:
    if not runtime.store.hash_in_use(content_hash):
        runtime.blobs.delete_source(content_hash)


def register_tasks(app: Celery) -> None:
    """Register mmrag's ingestion tasks on ``app`` (idempotent)."""
    if TASK_INGEST_FILE in app.tasks:
        return
    app.task(name=TASK_INGEST_FILE, acks_late=True, **_RETRY)(run_ingest_file)
    app.task(name=TASK_EXTRACT_SHARD, acks_late=True, **_RETRY)(run_extract_shard)
    app.task(name=TASK_DELETE_DOCUMENT, acks_late=True, **_RETRY)(run_delete_document)
