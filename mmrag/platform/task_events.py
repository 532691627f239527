"""INFO logs for every task a worker runs, and the run log of scheduled tasks.

Connected to Celery's task signals once per process by the worker's entry point; they fire in
the embedded worker thread, in ``mmrag worker`` processes and for tasks run eagerly
(``mmrag schedules run``).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from mmrag.platform.schedules import TASK_BY_KIND, entry_for_task, entry_tenant

if TYPE_CHECKING:
    from mmrag.platform.schedule_runs import ScheduleRuns

log = logging.getLogger(__name__)

_SCHEDULED_TASKS = frozenset(TASK_BY_KIND.values())
_LOCK = threading.Lock()
_INSTALLED = False
_STARTED: dict[str, tuple[float, str | None]] = {}  # task id -> (start, schedule run id)


def install_task_logging() -> None:
    """Log each task's start and end at INFO; record runs of schedule entries (idempotent)."""
    global _INSTALLED
    with _LOCK:
        if _INSTALLED:
            return
        from celery.signals import task_postrun, task_prerun

        task_prerun.connect(_on_prerun, weak=False)
        task_postrun.connect(_on_postrun, weak=False)
        _INSTALLED = True


def _on_prerun(
    task_id: str = "", task: Any = None, kwargs: dict[str, Any] | None = None, **_: Any
) -> None:
    name = getattr(task, "name", "?")
    log.info("task %s[%s] started", name, task_id)
    run_id = None
    if name in _SCHEDULED_TASKS:
        run_id = _start_run(name, kwargs or {})
    _STARTED[task_id] = (time.monotonic(), run_id)


def _on_postrun(
    task_id: str = "", task: Any = None, retval: Any = None, state: str | None = None, **_: Any
) -> None:
    name = getattr(task, "name", "?")
    start, run_id = _STARTED.pop(task_id, (time.monotonic(), None))
    outcome = (state or "done").lower()
    log.info("task %s[%s] %s in %.1f s", name, task_id, outcome, time.monotonic() - start)
    if run_id is None:
        return
    try:
        failed = state != "SUCCESS"
        summary = retval if isinstance(retval, dict) and not failed else None
        _run_log().finish(run_id, summary, error=str(retval) if failed else None)
    except Exception:  # the log must never fail the task
        log.exception("could not record the end of scheduled run %s", run_id)


def _start_run(task_name: str, kwargs: dict[str, Any]) -> str | None:
    from mmrag.platform.runtime import current_runtime

    try:
        settings = current_runtime().settings
        entry = entry_for_task(settings, task_name, kwargs)
        if entry is None:
            return None
        log.info("scheduled run of %r (%s)", entry.name, entry.task)
        return _run_log().start(entry.name, entry.task, entry_tenant(entry, settings))
    except Exception:
        log.exception("could not record a scheduled run of %s", task_name)
        return None


def _run_log() -> ScheduleRuns:
    from mmrag.platform.runtime import current_runtime
    from mmrag.platform.schedule_runs import ScheduleRuns

    return ScheduleRuns(current_runtime().store.engine)
