"""Who owns a piece of work: a token naming this process, and whether a token's process lives.

A token is ``host|boot id|pid|start time``. On the same host and boot, a process is alive when
its pid exists with the same start time (so a reused pid is not mistaken for the owner); a token
from an earlier boot is dead; a token from another host cannot be judged here (None).
"""

from __future__ import annotations

import functools
import os
import socket
from pathlib import Path

import psutil

_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


@functools.cache
def _boot_id() -> str:
    try:
        return _BOOT_ID.read_text().strip()
    except OSError:  # not Linux: the boot time stands in for the boot id
        return f"boot-{psutil.boot_time():.0f}"


def process_token(pid: int | None = None) -> str:
    """The owner token of process ``pid`` (default: this process)."""
    return _token(os.getpid() if pid is None else pid)


@functools.lru_cache(maxsize=64)
def _token(pid: int) -> str:
    started = psutil.Process(pid).create_time()
    return f"{socket.gethostname()}|{_boot_id()}|{pid}|{started:.2f}"


def token_alive(token: str | None) -> bool | None:
    """True/False for a process of this host; None when the token is from another host."""
    if not token:
        return False
    parts = token.split("|")
    if len(parts) != 4:
        return False
    host, boot, pid_text, started_text = parts
    if host != socket.gethostname():
        return None
    if boot != _boot_id():
        return False
    try:
        proc = psutil.Process(int(pid_text))
        return bool(
            abs(proc.create_time() - float(started_text)) < 1.0
            and proc.status() != psutil.STATUS_ZOMBIE
        )
    except (psutil.Error, ValueError):
        return False
