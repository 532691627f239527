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


# --------------------------------------------------------------------------- documents


def test_office_files_are_known_by_their_content_types_not_their_names(tmp_path: Path) -> None:
    from mmrag.platform.sniff import DOCX_MIME, PPTX_MIME, XLSX_MIME
    from tests.doc_files import write_docx, write_pptx, write_xlsx

    docx = write_docx(tmp_path / "renamed.txt", picture=False)
    pptx = write_pptx(tmp_path / "slides.bin", picture=False)
    xlsx = write_xlsx(tmp_path / "noext")
    assert sniff_file(docx) == (MediaKind.OFFICE, DOCX_MIME)
    assert sniff_file(pptx) == (MediaKind.OFFICE, PPTX_MIME)
    assert sniff_file(xlsx) == (MediaKind.OFFICE, XLSX_MIME)


def test_other_zips_and_legacy_office_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    import zipfile

    plain = tmp_path / "report.docx"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")  # no [Content_Types].xml
    with pytest.raises(UnsupportedFileType, match="ZIP archive"):
        sniff_file(plain)
    odt = tmp_path / "letter.docx"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.oasis.opendocument.text"/></Types>',
        )
    with pytest.raises(UnsupportedFileType, match="not DOCX, PPTX or XLSX"):
        sniff_file(odt)
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(UnsupportedFileType, match="ZIP archive"):
        sniff_file(truncated)
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(UnsupportedFileType, match="legacy Office"):
        sniff_file(legacy)


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("README", b"My project\n\nIt does things.\n", "text/plain"),
        ("LICENSE", b"MIT License\n\nCopyright (c) 2025\n", "text/plain"),
        ("notes.txt", "Caf\u00e9 notes, \u00fcber gut\n".encode(), "text/plain"),
        ("notes.txt", "UTF-16 text\n".encode("utf-16"), "text/plain"),
        ("BMI.txt", b"BMI values for the cohort: 21, 23, 25\n", "text/plain"),
        ("guide.md", b"# Title\n\nText.\n", "text/markdown"),
        ("page.HTM", b"<p>fragment</p>", "text/html"),
        ("saved-page", b"<!DOCTYPE html><html><body>x</body></html>", "text/html"),
        ("data.csv", b"a,b\n1,2\n", "text/csv"),
        ("memo.eml", b"From: a@example.org\nSubject: Hi\n\nBody\n", "message/rfc822"),
        (
            "message",
            b"Received: by x\nFrom: a@example.org\nTo: b@example.org\n\nB\n",
            "message/rfc822",
        ),
        ("memo.eml", b"Just a note that is not a message.\n", "text/plain"),
        ("Subject.txt", b"Subject: one header is not a message\n\nText\n", "text/plain"),
    ],
)
def test_text_formats(tmp_path: Path, name: str, content: bytes, mime: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff_file(path) == (MediaKind.TEXT, mime)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.py", b"print('hello')\n"),  # text, but not a document type
        ("report.docx", b"plain text with an Office name\n"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("blob", bytes(range(256)) * 4),  # binary without a known signature
    ],
)
def test_unsupported_documents(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnsupportedFileType, match="unsupported file type"):
        sniff_file(path)


def test_the_given_name_picks_the_text_format_of_a_stored_original(tmp_path: Path) -> None:
    stored = tmp_path / "3f2a9c"  # originals are stored under their hash
    stored.write_bytes(b"# Heading\n\ntext\n")
    assert sniff_file(stored, "guide.md") == (MediaKind.TEXT, "text/markdown")
    assert sniff_file(stored) == (MediaKind.TEXT, "text/plain")
