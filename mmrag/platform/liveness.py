"""Who owns a piece of work: a token naming this process, and whether a token's process lives.

A token is ``host|boot id|pid|start time``. On the same host and boot, a process is alive when
its pid exists with the same start time (so a reused pid is not mistaken for the owner); a token
from an earlier boot is dead; a token from another host cannot be judged here (None).

On Linux the start time is counted from boot (``/proc/<pid>/stat``): a wall-clock start time
(boot time + ticks) moves when the clock is stepped, and a long-lived process would then look
like another one with its pid (a live owner judged dead, its work recovered twice).
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
    return f"{socket.gethostname()}|{_boot_id()}|{pid}|{_started(pid):.2f}"


def _started(pid: int) -> float:
    """When process ``pid`` started: seconds after boot on Linux (unmoved by clock steps), else
    its wall-clock creation time. Raises psutil.NoSuchProcess when there is no such process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime, in ticks
    except FileNotFoundError as exc:
        raise psutil.NoSuchProcess(pid) from exc
    except (OSError, ValueError, IndexError):  # not Linux
        return float(psutil.Process(pid).create_time())


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
            abs(_started(proc.pid) - float(started_text)) < 1.0
            and proc.status() != psutil.STATUS_ZOMBIE
        )
    except (psutil.Error, ValueError):
        return False
