"""Blob storage: content-addressed originals and derived images under the data directory."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from mmrag.platform.errors import NotFound

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,300}$")
_CHUNK = 1024 * 1024


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


class BlobStore:
    """Files addressed by keys: ``orig/<sha256>`` for originals, ``derived/<sha256>/<name>``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        """Local path of ``key``; rejects keys that could escape the store."""
        if not _KEY.match(key) or ".." in key.split("/"):
            raise NotFound(f"invalid blob key: {key!r}")
        return self.root / key

    def exists(self, key: str) -> bool:
        """Whether ``key`` is stored."""
        return self.path(key).is_file()

    def open_path(self, key: str) -> Path:
        """Path of an existing blob, or :class:`NotFound`."""
        path = self.path(key)
        if not path.is_file():
            raise NotFound(f"blob not found: {key}")
        return path

    def put_original(self, src: Path, content_hash: str | None = None) -> str:
        """Copy ``src`` in under its content hash (no copy when already stored)."""
        content_hash = content_hash or sha256_file(src)
        key = f"orig/{content_hash}"
        dest = self.path(key)
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._atomic_copy(src, dest)
        return key

    def put_derived(self, content_hash: str, name: str, data: bytes) -> str:
        """Store bytes derived from a source (page render, crop, frame)."""
        key = f"derived/{content_hash}/{name}"
        dest = self.path(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, dest)
        return key

    def delete_source(self, content_hash: str) -> None:
        """Remove a source's original and everything derived from it."""
        self.path(f"orig/{content_hash}").unlink(missing_ok=True)
        shutil.rmtree(self.path(f"derived/{content_hash}"), ignore_errors=True)

    @staticmethod
    def _atomic_copy(src: Path, dest: Path) -> None:
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        os.close(fd)
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
