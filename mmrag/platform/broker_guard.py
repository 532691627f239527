"""Keep the embedded broker from outliving the mmrag process that started it.

A guard (a tiny ``sh``) blocks reading a pipe whose only writer is the mmrag process; when that
process ends in any way (SIGKILL included) the kernel closes the pipe and the guard stops the
broker. A record in the broker's folder names the broker and its owner, so a broker orphaned
by an earlier crash (whose guard was killed too) is found and stopped at the next start.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psutil

from mmrag.platform.liveness import process_token, token_alive

log = logging.getLogger(__name__)

OWNER_FILE = "owner.json"


class BrokerGuard:
    """Stops the broker process ``pid`` once this process is gone."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        read_end, self._write_end = os.pipe()  # not inherited by other children
        script = (
            "trap '' INT HUP; read _ignored; "
            f"if grep -q valkey /proc/{pid}/comm 2>/dev/null; then kill -TERM {pid}; fi"
        )
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                ["sh", "-c", script],
                stdin=read_end,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a terminal's Ctrl-C is for mmrag, not for the guard
            )
        finally:
            os.close(read_end)

    def stop(self) -> None:
        """Dismiss the guard (before the broker is stopped on purpose)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None
        if self._write_end >= 0:
            os.close(self._write_end)
            self._write_end = -1


def record_owner(broker_dir: Path, broker_pid: int, socket_dir: str) -> None:
    """Write who runs the broker in ``broker_dir`` (read by :func:`reap_stale_broker`)."""
    record = {
        "broker": process_token(broker_pid),
        "owner": process_token(),
        "socket_dir": socket_dir,
    }
    path = broker_dir / OWNER_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record))
    tmp.replace(path)


def reap_stale_broker(broker_dir: Path) -> bool:
    """Stop a broker left in ``broker_dir`` by a process that no longer runs; True if one was.

    A broker whose owner is alive (another mmrag process on this data dir) is left alone.
    """
    path = broker_dir / OWNER_FILE
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return False
    if token_alive(record.get("owner")) is not False:
        return False
    reaped = False
    if token_alive(record.get("broker")):
        pid = int(str(record["broker"]).split("|")[2])
        try:
            proc = psutil.Process(pid)
            proc.terminate()
            try:
                proc.wait(5)
            except psutil.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            reaped = True
            log.warning("stopped a broker orphaned by a dead mmrag process", extra={"pid": pid})
        except psutil.Error:
            pass
    socket_dir = Path(str(record.get("socket_dir") or ""))
    if socket_dir.name.startswith("mmrag-broker-") and socket_dir.parent == Path(
        tempfile.gettempdir()
    ):
        shutil.rmtree(socket_dir, ignore_errors=True)
    path.unlink(missing_ok=True)
    return reaped


def clear_owner(broker_dir: Path) -> None:
    """Forget the record after a clean stop."""
    (broker_dir / OWNER_FILE).unlink(missing_ok=True)
