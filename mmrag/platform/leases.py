"""Renew the broker leases of the messages a worker holds, so the visibility timeout can be short.

On Redis a delivered, unacknowledged message sits in the ``unacked_index`` sorted set, scored
by its delivery time; any consumer puts it back in its queue once that score is older than the
visibility timeout. That timeout is how long a message of a dead worker waits, so it should be
minutes; but then a live worker's long task (a 20-page OCR shard) would be handed out twice.
The :class:`LeaseKeeper` consumer step re-scores every message this worker holds (running,
prefetched, or waiting for a retry's countdown) every quarter of the timeout: a live worker's
messages never expire, a dead worker's stop renewing and return within the timeout.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from celery import bootsteps

log = logging.getLogger(__name__)


class LeaseKeeper(bootsteps.StartStopStep):  # type: ignore[misc]
    """Consumer bootstep: a thread renewing the leases of this worker's unacked messages."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, consumer: Any) -> None:
        """Start renewing (the consumer's connection is up)."""
        options = consumer.app.conf.broker_transport_options or {}
        timeout = float(options.get("visibility_timeout", 3600))
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run,
            args=(consumer, max(0.5, timeout / 4)),
            name="mmrag-leases",
            daemon=True,
        )
        self._thread.start()

    def stop(self, consumer: Any) -> None:
        """Stop renewing (the messages are acked, rejected or restored by the consumer)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    shutdown = stop

    def _run(self, consumer: Any, interval: float) -> None:
        connection = None
        while not self._stop.wait(interval):
            try:
                tags = held_delivery_tags(consumer)
                if not tags:
                    continue
                if connection is None:
                    connection = consumer.app.connection_for_write()
                renew(connection.default_channel, tags)
            except Exception as exc:  # a broker outage: the consumer reconnects; retry next tick
                log.warning("renewing message leases failed: %s", exc)
                if connection is not None:
                    connection.release()
                    connection = None
        if connection is not None:
            connection.release()


def held_delivery_tags(consumer: Any) -> list[str]:
    """Delivery tags of the messages the consumer's channel holds unacknowledged."""
    task_consumer = getattr(consumer, "task_consumer", None)
    qos = getattr(getattr(task_consumer, "channel", None), "qos", None)
    delivered = getattr(qos, "_delivered", None)
    if not delivered:
        return []
    dirty = set(getattr(qos, "_dirty", ()))
    for _ in range(3):  # the consumer thread may change the dict while we copy it
        try:
            return [str(tag) for tag in list(delivered) if tag not in dirty]
        except RuntimeError:
            continue
    return []


def renew(channel: Any, tags: list[str]) -> int:
    """Re-score ``tags`` in the channel's unacked index (only those still there); returns count."""
    client = getattr(channel, "client", None)
    key = getattr(channel, "unacked_index_key", None)
    if client is None or key is None:  # not a Redis transport: nothing to renew
        return 0
    now = time.time()
    return int(client.zadd(key, dict.fromkeys(tags, now), xx=True, ch=True) or 0)
