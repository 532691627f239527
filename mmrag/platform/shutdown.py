"""SIGTERM and SIGINT end an mmrag process the way a normal exit does.

Without a handler SIGTERM (``docker stop``, systemd, ``kill``) ends Python at once: no
``finally`` or ``with`` block runs, so the in-process worker and the embedded broker are never
stopped. :func:`install_signal_handlers` turns the first SIGTERM into ``SystemExit`` and the
first SIGINT into ``KeyboardInterrupt`` in the main thread, so the same unwinding (and
``Runtime.close``) runs as on a normal return. A second signal while that cleanup runs exits at
once (the embedded broker still goes: its guard stops it when this process ends).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from types import FrameType

log = logging.getLogger(__name__)

HANDLED = (signal.SIGTERM, signal.SIGINT)


class _Handler:
    def __init__(self) -> None:
        self.fired = False

    def __call__(self, signum: int, _frame: FrameType | None) -> None:
        if self.fired:
            log.warning("signal %d during shutdown: exiting now", signum)
            os._exit(128 + signum)
        self.fired = True
        log.info("signal %d: shutting down", signum)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)


def install_signal_handlers() -> bool:
    """Handle SIGTERM/SIGINT as described above; False when not on the main thread (no-op)."""
    if threading.current_thread() is not threading.main_thread():
        return False
    handler = _Handler()
    for sig in HANDLED:
        signal.signal(sig, handler)
    return True
