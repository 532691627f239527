"""Content sniffing decides the type from bytes, not names."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmrag.platform.errors import EmptyFile, UnsupportedFileType
from mmrag.platform.models import MediaKind
from mmrag.platform.sniff import sniff_bytes, sniff_file

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("head", "kind", "mime"),
    [
        (b"%PDF-1.7\n...", MediaKind.PDF, "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, MediaKind.IMAGE, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 8, MediaKind.IMAGE, "image/jpeg"),
        (b"RIFF\0\0\0\0WAVEfmt ", MediaKind.AUDIO, "audio/wav"),
        (b"RIFF\0\0\0\0WEBPVP8 ", MediaKind.IMAGE, "image/webp"),
        (b"ID3\x04\0\0\0\0", MediaKind.AUDIO, "audio/mpeg"),
        (b"\0\0\0\x20ftypisom\0\0\0\0", MediaKind.VIDEO, "video/mp4"),
        (b"\0\0\0\x20ftypM4A \0\0\0\0", MediaKind.AUDIO, "audio/mp4"),
        (b"\x1a\x45\xdf\xa3\0\0", MediaKind.VIDEO, "video/x-matroska"),
    ],
)
def test_known_signatures(head: bytes, kind: MediaKind, mime: str) -> None:
    assert sniff_bytes(head) == (kind, mime)


def test_empty_and_unknown_fail_clearly() -> None:
    with pytest.raises(EmptyFile, match="empty"):
        sniff_bytes(b"")
    with pytest.raises(UnsupportedFileType, match="unsupported file type"):
        sniff_bytes(b"just some text, not a document")


def test_extension_is_not_trusted(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("this is plain text pretending to be a PDF")
    with pytest.raises(UnsupportedFileType):
        sniff_file(fake)
    real = tmp_path / "noext"
    real.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert sniff_file(real)[0] is MediaKind.PDF
