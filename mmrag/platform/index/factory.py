"""Open the configured index: a Qdrant server when ``MMRAG_QDRANT_URL`` is set, else Edge.

The embedded (Edge) index lives in ``<data_dir>/index/<collection>/`` and may be open in one
process only: :func:`open_index` takes an exclusive lock file there and raises
:class:`~mmrag.platform.errors.IndexLocked` when another process holds it. Inside one process,
use :func:`shared_index` so the API and an in-thread worker share one shard.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import threading
from pathlib import Path
from typing import IO

from mmrag.platform.errors import IndexLocked
from mmrag.platform.index.base import CollectionSpec, VectorIndex
from mmrag.platform.index.filters import IndexOptions
from mmrag.platform.settings import Settings

log = logging.getLogger(__name__)

LOCK_FILE = "mmrag.lock"
SHARD_DIR = "shard"


def default_spec(settings: Settings) -> CollectionSpec:
    """The collection the settings name; the image vector stays off until a model defines it."""
    return CollectionSpec(name=settings.collection)


def edge_dir(settings: Settings, spec: CollectionSpec) -> Path:
    """The directory of one embedded collection (lock file plus the shard)."""
    return settings.index_dir / spec.name


def open_index(
    settings: Settings,
    spec: CollectionSpec | None = None,
    options: IndexOptions | None = None,
) -> VectorIndex:
    """A new index for ``settings``: QdrantIndex on a URL, else a locked EdgeIndex."""
    spec = spec or default_spec(settings)
    if settings.qdrant_url:
        from mmrag.platform.index.qdrant import QdrantIndex

        return QdrantIndex(
            spec, url=settings.qdrant_url, api_key=settings.qdrant_api_key, options=options
        )
    from mmrag.platform.index.edge import EdgeIndex

    root = edge_dir(settings, spec)
    lock = acquire_lock(root / LOCK_FILE)
    try:
        return EdgeIndex(root / SHARD_DIR, spec, options, on_close=lock.close)
    except BaseException:
        lock.close()
        raise


def acquire_lock(path: Path) -> IO[str]:
    """Take an exclusive, non-blocking lock on ``path`` and write our pid into it.

    The lock lasts until the returned file is closed (or the process ends).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise
        where = " (this process)" if holder == str(os.getpid()) else ""
        raise IndexLocked(
            f"the embedded index at {path.parent} is in use by process {holder}{where}. "
            "Stop the other mmrag process, or set MMRAG_QDRANT_URL to a Qdrant server "
            "to share one index across processes."
        ) from exc
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


_SHARED: dict[tuple[str, str], VectorIndex] = {}
_SHARED_LOCK = threading.Lock()


def shared_index(settings: Settings, spec: CollectionSpec | None = None) -> VectorIndex:
    """One open index per (data dir or URL, collection) in this process; reopened if closed."""
    spec = spec or default_spec(settings)
    where = settings.qdrant_url or str(settings.index_dir.resolve())
    key = (where, spec.name)
    with _SHARED_LOCK:
        index = _SHARED.get(key)
        if index is None or getattr(index, "closed", False):
            index = open_index(settings, spec)
            _SHARED[key] = index
        return index


def close_shared_indexes() -> None:
    """Close every index :func:`shared_index` opened (call at process shutdown and in tests)."""
    with _SHARED_LOCK:
        indexes = list(_SHARED.values())
        _SHARED.clear()
    for index in indexes:
        try:
            index.close()
        except Exception:  # keep closing the others
            log.exception("closing an index failed")
