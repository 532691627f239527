"""Run a real Celery worker inside this process (embedded mode) on a background thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from celery import Celery
from celery.worker import WorkController

from mmrag.platform.errors import ServiceUnavailable

log = logging.getLogger(__name__)


class _SignallingWorkController(WorkController):  # type: ignore[misc]
    """A WorkController that tells when its consumer is ready."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.ready = threading.Event()
        super().__init__(*args, **kwargs)

    def on_consumer_ready(self, consumer: Any) -> None:
        self.ready.set()


class InThreadWorker:
    """A Celery worker consuming ``queues`` from a daemon thread of this process."""

    def __init__(
        self,
        app: Celery,
        queues: Sequence[str],
        concurrency: int = 1,
        pool: str = "solo",
    ) -> None:
        self.app = app
        self.queues = list(queues)
        self.concurrency = concurrency
        self.pool = pool
        self._controller: _SignallingWorkController | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 60.0) -> None:
        """Start consuming; returns once the consumer is ready."""
        self.app.finalize()
        self.app.set_current()
        controller = _SignallingWorkController(
            app=self.app,
            concurrency=self.concurrency,
            pool=self.pool,
            queues=self.queues,
            loglevel="WARNING",
            without_heartbeat=True,
            without_mingle=True,
            without_gossip=True,
            hostname=f"embedded-{threading.get_native_id()}@mmrag",
        )
        thread = threading.Thread(
            target=self._run, args=(controller,), name="mmrag-worker", daemon=True
        )
        thread.start()
        if not controller.ready.wait(timeout):
            raise ServiceUnavailable("the embedded Celery worker did not start in time")
        self._controller, self._thread = controller, thread
        log.info("in-process worker ready", extra={"queues": self.queues})

    def _run(self, controller: _SignallingWorkController) -> None:
        # The solo pool runs tasks on this thread and looks them up on Celery's *current* app,
        # which is thread-local: without this it is the process default app, which holds only
        # the tasks registered before it was first used (and has no result backend).
        self.app.set_current()
        controller.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the current task and stop."""
        if self._controller is None or self._thread is None:
            return
        from celery.worker import state

        state.should_terminate = 0
        self._thread.join(timeout)
        if self._thread.is_alive():  # a long task is still running: stop consuming at once
            log.warning("worker did not stop in %.0f s; terminating", timeout)
            self._controller.terminate(in_sighandler=False)
            self._thread.join(timeout)
        state.should_terminate = None
        self._controller = None
        self._thread = None
