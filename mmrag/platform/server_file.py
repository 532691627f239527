"""The address file of a running mmrag server, so other clients of its data dir can use it.

``mmrag serve`` and ``mmrag ui`` write ``<data_dir>/run/server.json`` (mode 0600) with the API's
URL, the server's pid and a token made fresh at each start. A CLI command or MCP server on the
same data dir reads it, checks the server answers with that token, and sends its work through
the REST API instead of opening the index (which one process holds at a time). Anyone who can
read the file can read the data dir itself, so the token grants no more than that.

Only the standard library is imported here: the CLI reads this file before deciding whether it
needs the heavy parts of mmrag at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = "server.json"
TOKEN_HEADER = "X-MMRAG-Token"
"""Header carrying the per-start token (the local clients' credential)."""
TENANT_HEADER = "X-MMRAG-Tenant"
"""Header naming the tenant a token-holding local client acts for."""


@dataclass(frozen=True)
class ServerInfo:
    """Where a running server listens, who it is and its per-start token."""

    url: str
    pid: int
    token: str
    started_at: float
    version: str = ""


def server_file(data_dir: Path) -> Path:
    """``<data_dir>/run/server.json``."""
    return data_dir / "run" / FILE_NAME


def new_token() -> str:
    """A fresh random token for one server start."""
    return secrets.token_urlsafe(32)


def write_server_file(data_dir: Path, url: str, token: str, version: str = "") -> ServerInfo:
    """Record this process as the data dir's server (replacing any earlier, stale record)."""
    info = ServerInfo(
        url=url, pid=os.getpid(), token=token, started_at=time.time(), version=version
    )
    path = server_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(info), fh)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return info


def read_server_file(data_dir: Path) -> ServerInfo | None:
    """The recorded server, or ``None`` when there is no readable record."""
    try:
        data = json.loads(server_file(data_dir).read_text(encoding="utf-8"))
        return ServerInfo(
            url=str(data["url"]),
            pid=int(data["pid"]),
            token=str(data["token"]),
            started_at=float(data["started_at"]),
            version=str(data.get("version", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_server_file(data_dir: Path, token: str) -> None:
    """Remove the record if it is still the one written with ``token``."""
    info = read_server_file(data_dir)
    if info is not None and info.token == token:
        with contextlib.suppress(FileNotFoundError):
            server_file(data_dir).unlink()


def pid_alive(pid: int) -> bool:
    """True when a process with ``pid`` exists (zombies count as gone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (exited, not yet reaped) answers kill(0) but serves nothing
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def live_server(data_dir: Path) -> ServerInfo | None:
    """The recorded server if its process still exists; a record of a dead one is removed.

    Whether it answers is for the caller to check (:func:`mmrag.platform.api.remote.connect`).
    """
    info = read_server_file(data_dir)
    if info is None:
        return None
    if not pid_alive(info.pid):
        remove_server_file(data_dir, info.token)
        return None
    return info
