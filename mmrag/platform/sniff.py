"""Decide what a file is from its bytes; a name only picks among text formats.

Binary formats are recognised by their signature (Office files by the ``[Content_Types].xml``
inside the ZIP, never by their extension). Text is recognised as text from its bytes; then
the extension says which text format it is (``.md``, ``.html``, ``.csv``; ``.eml`` files and
HTML documents are also recognised by their content), and files without an extension
(README, LICENSE) are plain text. Text with another extension (source code, JSON, SVG) is
not a document type mmrag ingests.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path, PurePath

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
    # MPEG audio frame sync without an ID3 tag (FF FE is the BOM of UTF-16 text instead)
    frame_sync = len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0
    if frame_sync and head[:2] != codecs.BOM_UTF16_LE:
        return MediaKind.AUDIO, "audio/mpeg"
    if head[:2] == b"BM" and head[6:10] == b"\0\0\0\0":  # "BM", size, zero reserved words
        return MediaKind.IMAGE, "image/bmp"
    for signature, offset, kind, mime in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return kind, mime
    raise UnsupportedFileType(
        "unsupported file type: not a PDF, image (PNG/JPEG/TIFF/WebP/GIF/BMP), "
        "audio (WAV/MP3/M4A/FLAC/OGG) or video (MP4/MOV/MKV/WebM/AVI) by its content"
    )


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX_MIME,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        PPTX_MIME
    ),
    b"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": PPTX_MIME,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX_MIME,
}
_CONTENT_TYPES_MAX = 1 << 20  # bytes of [Content_Types].xml read at most
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Text formats by extension (lower case, with the dot); "" is a file without an extension.
TEXT_MIMES = {
    "": "text/plain",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".log": "text/plain",
    ".rst": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".csv": "text/csv",
    ".eml": "message/rfc822",
}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.I | re.S)
_MAIL_HEADER = re.compile(
    rb"^(from|to|cc|subject|date|message-id|mime-version|received|return-path|"
    rb"delivered-to|reply-to|content-type|x-[a-z0-9-]+):[ \t]",
    re.I,
)
_HEADER_LINE = re.compile(rb"^([!-9;-~]+:|[ \t])")
_ALLOWED_CONTROL = frozenset(b"\t\n\r\f\b\x1b")

_UNSUPPORTED = (
    "unsupported file type: not a PDF, image (PNG/JPEG/TIFF/WebP/GIF/BMP), audio "
    "(WAV/MP3/M4A/FLAC/OGG), video (MP4/MOV/MKV/WebM/AVI), Office document (DOCX/PPTX/XLSX) "
    "or text document (TXT/MD/HTML/CSV/EML) by its content"
)


def sniff_file(path: Path, name: str | None = None) -> tuple[MediaKind, str]:
    """(kind, mime) of the file at ``path``; ``name`` (default: the path's name) is the name
    whose extension picks the text format, e.g. the uploaded name of a stored original."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    try:
        kind, mime = sniff_bytes(head)
    except UnsupportedFileType:
        return sniff_document(path, head, name if name is not None else path.name)
    if kind is MediaKind.VIDEO and mime == "video/x-matroska" and b"webm" in head[:64]:
        mime = "video/webm"
    if kind is MediaKind.AUDIO and mime == "audio/ogg" and b"theora" in head[:256].lower():
        return MediaKind.VIDEO, "video/ogg"
    return kind, mime


def sniff_document(path: Path, head: bytes, name: str) -> tuple[MediaKind, str]:
    """(kind, mime) of an Office or text document; raises UnsupportedFileType otherwise."""
    if head.startswith(b"PK\x03\x04"):
        return MediaKind.OFFICE, _office_mime(path)
    if head.startswith(_OLE):
        raise UnsupportedFileType(
            "unsupported file type: a legacy Office (OLE) file such as .doc/.xls/.ppt/.msg; "
            "save it as DOCX, XLSX or PPTX"
        )
    if not looks_like_text(head):
        raise UnsupportedFileType(_UNSUPPORTED)
    return MediaKind.TEXT, text_mime(head, name)


def _office_mime(path: Path) -> str:
    """The Office format a ZIP holds, from the main part named in ``[Content_Types].xml``."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX:
                raise UnsupportedFileType(
                    "unsupported file type: a ZIP archive, not an Office file"
                )
            with archive.open(info) as member:
                types = member.read(_CONTENT_TYPES_MAX + 1)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
        raise UnsupportedFileType(
            f"unsupported file type: a ZIP archive, not a DOCX/PPTX/XLSX file ({exc})"
        ) from exc
    for content_type, mime in _OFFICE_MAIN_PARTS.items():
        if b'ContentType="' + content_type + b'"' in types:
            return mime
    raise UnsupportedFileType(
        "unsupported file type: a ZIP-based file that is not DOCX, PPTX or XLSX "
        "(macro-enabled and OpenDocument files are not supported)"
    )


def looks_like_text(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a file) is text: UTF-16 with a BOM, or UTF-8 /
    a single-byte encoding without NUL bytes and with almost no control characters."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in _ALLOWED_CONTROL)
    return controls <= len(head) // 100


def text_mime(head: bytes, name: str) -> str:
    """The text format of a text file: by its extension, or by its content for e-mail
    and HTML; raises UnsupportedFileType for text with another extension."""
    text = head.removeprefix(codecs.BOM_UTF8)
    suffix = PurePath(name).suffix.lower() if name else ""
    if suffix and not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ""  # "notes.2024" or "v1.2 final": not an extension
    if suffix not in TEXT_MIMES:
        raise UnsupportedFileType(
            f"unsupported file type: text with the extension {suffix!r} is not a document type "
            "mmrag ingests (TXT/MD/HTML/CSV/EML or no extension)"
        )
    if suffix in ("", ".txt", ".eml") and looks_like_email(text):
        return "message/rfc822"
    if suffix in ("", ".txt") and _HTML_START.match(text):
        return "text/html"
    if suffix == ".eml":
        return "text/plain"  # not a message after all: read it as text
    return TEXT_MIMES[suffix]


def looks_like_email(head: bytes) -> bool:
    """RFC 5322 header block: header lines from the first line on, two or more of them known
    mail headers (From, To, Subject, Date, Received, ...)."""
    lines = head.splitlines()
    known = 0
    for line in lines[:200]:
        if not line.strip():
            break
        if not _HEADER_LINE.match(line):
            return False
        known += bool(_MAIL_HEADER.match(line))
    return known >= 2
