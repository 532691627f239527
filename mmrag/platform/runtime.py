"""The services one mmrag process uses, wired from settings (embedded or scale-out)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from celery import Celery

from mmrag.platform.broker import EmbeddedBroker
from mmrag.platform.embedding import TextEmbedder, default_embedder
from mmrag.platform.errors import ServiceUnavailable
from mmrag.platform.index.base import VectorIndex
from mmrag.platform.jobs import JobStore
from mmrag.platform.queue import QUEUES, create_celery_app
from mmrag.platform.recovery import recover_orphans
from mmrag.platform.retrieval import Retriever
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore
from mmrag.platform.worker import InThreadWorker

log = logging.getLogger(__name__)

TaskRegistrar = Callable[[Celery], None]
"""Registers task implementations on an app (the ingestion package provides one)."""


class Runtime:
    """Settings plus lazily opened services: job store, blobs, index, embedder, broker, Celery."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.blobs = BlobStore(settings.blob_dir)
        self.store = JobStore(settings.database_url or f"sqlite:///{settings.sqlite_path}")
        self._broker: EmbeddedBroker | None = None
        self._celery: Celery | None = None
        self._worker: InThreadWorker | None = None
        self._index: VectorIndex | None = None
        self._lock = threading.Lock()
        #: Set when this runtime is closing: task code leaves unfinished work for recovery.
        self.stopping = threading.Event()

    # --- services ---------------------------------------------------------------------------
    @property
    def index(self) -> VectorIndex:
        """The vector index (opened on first use, shared by every thread of this process)."""
        with self._lock:
            if self._index is None:
                from mmrag.platform.index.factory import shared_index

                self._index = shared_index(self.settings)
            return self._index

    @property
    def embedder(self) -> TextEmbedder:
        """The text embedder (loaded on first use)."""
        return default_embedder(self.settings.embed_batch_size)

    def retriever(self) -> Retriever:
        """A retriever over this runtime's index."""
        return Retriever(self.index, self.embedder)

    @property
    def broker_url(self) -> str:
        """The broker URL, starting the embedded broker when no Redis URL is configured."""
        if self.settings.redis_url:
            return self.settings.redis_url
        with self._lock:
            if self._broker is None:
                self._broker = EmbeddedBroker(self.settings.run_dir)
                self._broker.start()
            return self._broker.url

    @property
    def celery(self) -> Celery:
        """The Celery app bound to this runtime's broker."""
        if self._celery is None:
            self._celery = create_celery_app(self.settings, self.broker_url)
        return self._celery

    # --- workers ----------------------------------------------------------------------------
    def start_worker(
        self,
        register_tasks: TaskRegistrar,
        queues: Sequence[str] = QUEUES,
        concurrency: int = 1,
    ) -> None:
        """Run a real Celery worker in this process (the embedded default)."""
        if self._worker is not None:
            return
        register_tasks(self.celery)
        worker = InThreadWorker(self.celery, queues, concurrency=concurrency)
        worker.start()
        self._worker = worker
        if self.settings.embedded_broker:
            # the broker of a process that died took its messages along: adopt its work
            recover_orphans(self)

    def send_task(self, name: str, args: Sequence[Any], queue: str) -> None:
        """Enqueue a task by name (the platform never imports task code)."""
        try:
            # Outcomes go to the job store; nobody reads a Celery result of these tasks.
            self.celery.send_task(name, args=list(args), queue=queue, ignore_result=True)
        except Exception as exc:  # kombu raises many connection error types
            raise ServiceUnavailable(f"could not enqueue {name}: {exc}") from exc

    def close(self) -> None:
        """Stop the worker and broker, close the index and store."""
        self.stopping.set()
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        if self._index is not None:
            from mmrag.platform.index.factory import close_shared_indexes

            close_shared_indexes()
            self._index = None
        if self._broker is not None:
            self._broker.stop()
            self._broker = None
        self.store.close()

    def __enter__(self) -> Runtime:
        activate(self)
        return self

    def __exit__(self, *_: object) -> None:
        deactivate(self)
        self.close()


_CURRENT: Runtime | None = None


def activate(runtime: Runtime) -> None:
    """Make ``runtime`` the one that task code in this process uses."""
    global _CURRENT
    _CURRENT = runtime


def deactivate(runtime: Runtime) -> None:
    """Forget ``runtime`` if it is the active one."""
    global _CURRENT
    if _CURRENT is runtime:
        _CURRENT = None


def current_runtime() -> Runtime:
    """The active runtime of this process (created from the environment when none is)."""
    global _CURRENT
    if _CURRENT is None:
        from mmrag.platform.settings import get_settings

        _CURRENT = Runtime(get_settings())
    return _CURRENT
