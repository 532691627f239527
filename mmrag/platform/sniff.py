"""Decide what a file is from its first bytes, never from its name."""

from __future__ import annotations

from pathlib import Path

from mmrag.platform.errors import EmptyFile, UnsupportedFileType
from mmrag.platform.models import MediaKind

_SIGNATURES: list[tuple[bytes, int, MediaKind, str]] = [
    (b"%PDF-", 0, MediaKind.PDF, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, MediaKind.IMAGE, "image/png"),
    (b"\xff\xd8\xff", 0, MediaKind.IMAGE, "image/jpeg"),
    (b"II*\x00", 0, MediaKind.IMAGE, "image/tiff"),
    (b"MM\x00*", 0, MediaKind.IMAGE, "image/tiff"),
    (b"GIF87a", 0, MediaKind.IMAGE, "image/gif"),
    (b"GIF89a", 0, MediaKind.IMAGE, "image/gif"),
    (b"BM", 0, MediaKind.IMAGE, "image/bmp"),
    (b"fLaC", 0, MediaKind.AUDIO, "audio/flac"),
    (b"OggS", 0, MediaKind.AUDIO, "audio/ogg"),
    (b"ID3", 0, MediaKind.AUDIO, "audio/mpeg"),
    (b"\x1a\x45\xdf\xa3", 0, MediaKind.VIDEO, "video/x-matroska"),
]
_MP4_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"F4A ")


def sniff_bytes(head: bytes) -> tuple[MediaKind, str]:
    """(kind, mime) for a file starting with ``head`` (at least 64 bytes when available)."""
    if not head:
        raise EmptyFile("the file is empty (0 bytes)")
    # PDFs may have a little garbage before the header; the spec allows 1024 bytes.
    if b"%PDF-" in head[:1024]:
        return MediaKind.PDF, "application/pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return MediaKind.AUDIO, "audio/wav"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return MediaKind.IMAGE, "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return MediaKind.VIDEO, "video/x-msvideo"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _MP4_AUDIO_BRANDS:
            return MediaKind.AUDIO, "audio/mp4"
        if brand.startswith(b"qt"):
            return MediaKind.VIDEO, "video/quicktime"
        return MediaKind.VIDEO, "video/mp4"
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0:
        return MediaKind.AUDIO, "audio/mpeg"  # MPEG audio frame sync without an ID3 tag
    for signature, offset, kind, mime in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return kind, mime
    raise UnsupportedFileType(
        "unsupported file type: not a PDF, image (PNG/JPEG/TIFF/WebP/GIF/BMP), "
        "audio (WAV/MP3/M4A/FLAC/OGG) or video (MP4/MOV/MKV/WebM/AVI) by its content"
    )


def sniff_file(path: Path) -> tuple[MediaKind, str]:
    """(kind, mime) of the file at ``path``."""
    with path.open("rb") as handle:
        head = handle.read(2048)
    kind, mime = sniff_bytes(head)
    if kind is MediaKind.VIDEO and mime == "video/x-matroska" and b"webm" in head[:64]:
        mime = "video/webm"
    if kind is MediaKind.AUDIO and mime == "audio/ogg" and b"theora" in head[:256].lower():
        return MediaKind.VIDEO, "video/ogg"
    return kind, mime
