"""The Celery application factory: queues, routes, reliability settings.

Tasks are registered by the ingestion package (``mmrag.ingestion.tasks.register_tasks``); the
platform only sends them by name, so it never imports ingestion.
"""

from __future__ import annotations

from celery import Celery
from kombu import Queue  # type: ignore[attr-defined]

from mmrag.platform.claims import SignedCelery, load_secret
from mmrag.platform.leases import LeaseKeeper
from mmrag.platform.schedules import TASK_RUN_REPORT
from mmrag.platform.settings import Settings

#: Queues, so heavy stages can be routed to their own workers.
QUEUES = ("light", "docs", "ocr", "media", "embed")

#: Task names (the contract between the platform and the ingestion workers).
TASK_INGEST_FILE = "mmrag.ingest_file"
TASK_EXTRACT_SHARD = "mmrag.extract_shard"
TASK_DELETE_DOCUMENT = "mmrag.delete_document"

#: Which queue a file's heavy work goes to, by media kind.
QUEUE_BY_MEDIA = {"pdf": "docs", "image": "ocr", "audio": "media", "video": "media"}


def create_celery_app(settings: Settings, broker_url: str) -> Celery:
    """A Celery app on ``broker_url`` (also its result backend); its tasks carry signed claims."""
    app = SignedCelery(
        "mmrag",
        broker=broker_url,
        backend=broker_url,
        set_as_current=False,
        secret=load_secret(settings),
    )
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        task_default_queue="light",
        task_queues=[Queue(name) for name in QUEUES],  # type: ignore[no-untyped-call]
        task_routes={
            TASK_INGEST_FILE: {"queue": "light"},
            TASK_DELETE_DOCUMENT: {"queue": "light"},
        },
        task_soft_time_limit=settings.task_soft_time_limit_s,
        task_time_limit=settings.task_time_limit_s,
        task_annotations={TASK_RUN_REPORT: report_time_limits(settings)},
        broker_connection_retry_on_startup=True,
        # A broker restart must not abort running shards: their outcome goes to the job store,
        # and a copy redelivered because its ack was lost is idempotent (or finds its file done).
        worker_cancel_long_running_tasks_on_connection_loss=False,
        broker_transport_options=broker_options(settings),
        result_backend_transport_options=broker_options(settings),
        result_expires=24 * 3600,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_track_started=False,
    )
    app.steps["consumer"].add(LeaseKeeper)  # long tasks keep their messages; dead workers' return
    return app


def report_time_limits(settings: Settings) -> dict[str, int]:
    """Celery soft and hard time limits of a report run (``MMRAG_REPORT_TIME_LIMIT_S``)."""
    hard = settings.report_time_limit_s
    return {"soft_time_limit": max(1, hard - 30), "time_limit": hard}


def broker_options(settings: Settings) -> dict[str, object]:
    """Redis transport options: a short visibility timeout (leases are renewed while a worker
    holds a message), a sweep that returns expired messages every few seconds, and the
    deployment's prefix on every key (queues, unacked messages, bindings, results).
    """
    timeout = settings.visibility_timeout_s
    return {
        "visibility_timeout": timeout,
        "unacked_restore_interval": max(1, min(10, timeout // 4)),
        "unacked_restore_throttle": 1,
        "global_keyprefix": key_prefix(settings),
    }


def key_prefix(settings: Settings) -> str:
    """The prefix of this deployment's broker keys (``<deployment>:``)."""
    return f"{settings.deployment}:" if settings.deployment else ""
