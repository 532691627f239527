"""A SourceFile for a file on disk, as the ingestion tests hand one to an extractor."""

from __future__ import annotations

from pathlib import Path

from mmrag.platform.models import MediaKind, SourceFile


def source_file(path: Path, kind: MediaKind = MediaKind.PDF, content_hash: str = "") -> SourceFile:
    """``path`` as a source of ``kind``, identified (and content-hashed, unless given) by its
    name without the extension."""
    return SourceFile(
        source_id=path.stem,
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash=content_hash or path.stem,
        media_kind=kind,
    )
