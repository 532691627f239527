"""Where the data dir is, decided without loading the settings machinery (the CLI's fast path)."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    """Per-user data directory (``$XDG_DATA_HOME/mmrag`` or ``~/.local/share/mmrag``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mmrag"


def configured_data_dir(given: Path | None = None) -> Path:
    """``given`` (a ``--data-dir``), else ``$MMRAG_DATA_DIR``, else :func:`default_data_dir`;
    the same directory :class:`~mmrag.platform.settings.Settings` resolves to."""
    if given is not None:
        return given.expanduser().resolve()
    configured = os.environ.get("MMRAG_DATA_DIR")
    return Path(configured) if configured else default_data_dir()
