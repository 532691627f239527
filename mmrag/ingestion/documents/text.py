"""Text documents through unstructured: plain text, Markdown, HTML, CSV and e-mail (EML).

Provenance: text has no pages, so a chunk cites its section heading (the title in effect);
a CSV table cites its rows (the header is row 1); an e-mail starts with its header lines
(From, To, Date, Subject) and its subject is the heading of its body.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from mmrag.ingestion.base import ExtractionResult, quiet_library_loggers
from mmrag.ingestion.documents.common import DocumentExtractor, grid_tables, to_elements
from mmrag.ingestion.tables import html_rows
from mmrag.platform.errors import CorruptFile
from mmrag.platform.models import Element, ElementKind, Modality, Shard, SourceFile
from mmrag.platform.sniff import sniff_file
from mmrag.platform.storage import BlobStore

_MAIL_HEADERS = ("From", "To", "Cc", "Date", "Subject")


class TextDocExtractor(DocumentExtractor):
    """TXT (and extensionless README/LICENSE files), MD, HTML, CSV and EML files."""

    def extract(self, source: SourceFile, shard: Shard, blobs: BlobStore) -> ExtractionResult:
        """Elements of the whole file, by the text format its bytes and name say it is."""
        _, mime = sniff_file(Path(source.path), source.filename)
        quiet_library_loggers("unstructured")
        try:
            if mime == "text/csv":
                elements = csv_elements(source)
            elif mime == "message/rfc822":
                elements = email_elements(source)
            else:
                elements = to_elements(_partition(mime, source.path), source, _method(mime))
        except (ValueError, UnicodeError, LookupError) as exc:
            raise CorruptFile(f"{source.filename}: cannot be read as {mime} ({exc})") from exc
        return ExtractionResult(elements=elements)


def _method(mime: str) -> str:
    return "unstructured-" + {
        "text/markdown": "md",
        "text/html": "html",
        "text/csv": "csv",
        "message/rfc822": "email",
    }.get(mime, "text")


def _partition(mime: str, path: str) -> list[Any]:
    """unstructured's partitioner for a text format (all run offline)."""
    if mime == "text/markdown":
        from unstructured.partition.md import partition_md

        return list(partition_md(filename=path))
    if mime == "text/html":
        from unstructured.partition.html import partition_html

        return list(partition_html(filename=path))
    from unstructured.partition.text import partition_text

    return list(partition_text(filename=path))


def csv_elements(source: SourceFile) -> list[Element]:
    """A CSV file as TABLE elements of a few rows each, citing their row numbers."""
    from unstructured.partition.csv import partition_csv

    out: list[Element] = []
    for raw in partition_csv(filename=source.path, infer_table_structure=True):
        html = getattr(raw.metadata, "text_as_html", None)
        if html:
            out.extend(grid_tables(html_rows(html), source, _method("text/csv")))
    return out


def email_elements(source: SourceFile) -> list[Element]:
    """Header lines and subject, then the body (HTML part preferred, else plain text).

    Attachments are not read.
    """
    from unstructured.partition.email import partition_email

    with Path(source.path).open("rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle, headersonly=True)
    headers: list[str] = []
    subject = ""
    for name in _MAIL_HEADERS:
        try:
            value = " ".join(str(message.get(name) or "").split())
        except (ValueError, IndexError, TypeError):  # a malformed header: leave it out
            continue
        if value:
            headers.append(f"{name}: {value}")
        if name == "Subject":
            subject = value
    method = _method("message/rfc822")
    out: list[Element] = []
    if subject:
        out.append(_text(source, ElementKind.TITLE, subject, method))
    if headers:
        out.append(_text(source, ElementKind.TEXT, "\n".join(headers), method))
    body = partition_email(filename=source.path, process_attachments=False)
    out.extend(to_elements(body, source, method))
    return out


def _text(source: SourceFile, kind: ElementKind, text: str, method: str) -> Element:
    return Element(
        kind=kind, modality=Modality.TEXT, text=text, provenance=source.provenance(), method=method
    )
