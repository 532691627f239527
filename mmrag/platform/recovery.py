"""Adopt the work a dead process left unfinished: restart it, or fail it with a reason.

On the embedded default the broker lives and dies with its mmrag process, so the messages of
a killed process are gone: its queued and running files would stay "queued"/"running" forever.
When a process starts its worker it looks for unfinished file tasks whose owner (see
:mod:`mmrag.platform.liveness`) no longer runs and, for each:

* removes the points the interrupted run wrote, unless they are the document's active
  generation (the same generation swap a failed run uses), so nothing is searchable for a
  file the document list does not show;
* restarts the file from the beginning, or, after ``max_recoveries`` restarts (a file that
  keeps killing its process, e.g. out of memory), fails it with that reason.

Claims are compare-and-set on the owner, so two processes starting at once never both take
the same task.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from mmrag.platform.errors import ServiceUnavailable
from mmrag.platform.index.base import VectorIndex
from mmrag.platform.jobs import FileTask, JobStore
from mmrag.platform.liveness import token_alive
from mmrag.platform.queue import TASK_INGEST_FILE
from mmrag.platform.settings import Settings

log = logging.getLogger(__name__)


class Runtime(Protocol):
    """What recovery needs of a runtime (``mmrag.platform.runtime.Runtime`` is one)."""

    settings: Settings
    store: JobStore

    @property
    def index(self) -> VectorIndex:
        """The vector index of the runtime's deployment."""

    def send_task(self, name: str, args: Sequence[Any], queue: str) -> None:
        """Enqueue a task by name."""


@dataclass
class Recovery:
    """What :func:`recover_orphans` did, by task id."""

    restarted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def orphaned(tasks: list[FileTask]) -> list[FileTask]:
    """The tasks whose owner is known to be dead (another host's owner is never judged)."""
    return [t for t in tasks if token_alive(t.owner) is False]


def recover_orphans(runtime: Runtime) -> Recovery:
    """Restart or fail every unfinished task of a dead owner; see the module docstring."""
    store = runtime.store
    unfinished = store.unfinished_tasks()
    outcome = Recovery()
    for task in orphaned(unfinished):
        give_up = task.recoveries >= runtime.settings.max_recoveries
        if give_up:
            attempts = task.recoveries + 1
            reason = (
                "the process ingesting this file ended unexpectedly (killed, crashed or out of "
                f"memory) on {attempts} attempt{'s' if attempts > 1 else ''}; not retried again"
            )
            claimed = store.fail_orphan(task.task_id, task.owner, reason)
        else:
            claimed = store.restart_orphan(task.task_id, task.owner)
        if not claimed:  # another process recovered it first
            continue
        try:
            _drop_partial_generation(runtime, task, unfinished)
        except ServiceUnavailable as exc:  # a restarted run's finalize removes them instead
            log.error("could not remove partial points of task %s: %s", task.task_id, exc.message)
        if give_up:
            outcome.failed.append(task.task_id)
            continue
        try:
            runtime.send_task(TASK_INGEST_FILE, [task.task_id], queue="light")
            outcome.restarted.append(task.task_id)
        except ServiceUnavailable as exc:  # left queued with this owner: found at the next start
            log.error("could not restart task %s: %s", task.task_id, exc.message)
    if outcome.restarted or outcome.failed:
        log.warning(
            "recovered work of dead processes: %d restarted, %d failed",
            len(outcome.restarted),
            len(outcome.failed),
        )
    return outcome


def _drop_partial_generation(runtime: Runtime, task: FileTask, unfinished: list[FileTask]) -> None:
    """Delete the points an interrupted run of ``task`` wrote, keeping the active generation."""
    if not task.content_hash:
        return
    others = [
        t
        for t in unfinished
        if t.task_id != task.task_id
        and t.source_id == task.source_id
        and t.content_hash == task.content_hash
        and token_alive(t.owner) is not False
    ]
    if others:  # a live run is writing these same points right now
        return
    document = runtime.store.find_document(task.source_id)
    keep = document.content_hash if document is not None else None
    if keep != task.content_hash:
        runtime.index.delete_by_source(task.tenant, task.source_id, keep)
