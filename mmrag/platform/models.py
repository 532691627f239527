"""The data model shared by every layer: elements, chunks, provenance, search hits and answers."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, computed_field

#: Namespace for every deterministic id mmrag derives (uuid5).
ID_NAMESPACE = uuid.UUID("6f1c2a8e-5b0e-4f7a-9a43-2d6c3b1e9f10")


def stable_id(*parts: object) -> str:
    """A deterministic UUID string for ``parts``: the same input always gives the same id."""
    return str(uuid.uuid5(ID_NAMESPACE, "\x1f".join(str(p) for p in parts)))


class Modality(StrEnum):
    """Where a piece of evidence came from; stored as the ``modality`` payload."""

    TEXT = "text"  # digital text layer of a document
    TABLE = "table"  # a table (digital or recognised)
    CHART = "chart"  # a chart or figure region, read from pixels
    SCAN = "scan"  # OCR of a page without a usable text layer
    IMAGE = "image"  # an image file
    AUDIO = "audio"  # speech in an audio file
    VIDEO = "video"  # speech or on-screen text of a video


class ElementKind(StrEnum):
    """What an element is, independent of its modality."""

    TITLE = "title"
    TEXT = "text"
    LIST_ITEM = "list_item"
    TABLE = "table"
    FIGURE = "figure"
    CHART = "chart"
    CAPTION = "caption"
    OCR_TEXT = "ocr_text"
    TRANSCRIPT = "transcript"
    FRAME = "frame"
    GENERATED = "generated"  # a model-written description (marked as such)


PageUnit = Literal["slide", "sheet"]
"""What ``Provenance.page`` counts in a presentation (slides) or a workbook (sheets)."""

BBox = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in PDF points (1/72 inch), origin at the top-left of the page."""


class Provenance(BaseModel):
    """Exactly where a piece of evidence sits in its source file."""

    source_id: str
    uri: str
    filename: str
    page: int | None = None  # 1-based physical page
    bbox: BBox | None = None
    page_width: float | None = None
    page_height: float | None = None
    t_start: float | None = None  # seconds
    t_end: float | None = None
    frame: str | None = None  # blob key of a keyframe or crop image
    page_unit: PageUnit | None = None  # what ``page`` counts when it is not a page
    sheet: str | None = None  # spreadsheet sheet name
    row_start: int | None = None  # 1-based rows of a sheet or CSV file (the header row is 1)
    row_end: int | None = None

    def in_margin(self, margin: float) -> bool:
        """Whether the box lies wholly in the top or bottom ``margin`` (share of the page
        height) of its page; False without a box or a page height."""
        if self.bbox is None or not self.page_height:
            return False
        _, top, _, bottom = self.bbox
        return bottom <= margin * self.page_height or top >= (1 - margin) * self.page_height


class Element(BaseModel):
    """One extracted unit (paragraph, title, table, region, transcript segment, frame)."""

    kind: ElementKind
    modality: Modality
    text: str
    html: str | None = None
    provenance: Provenance
    method: str  # which extractor produced it, e.g. "unstructured-fast", "rapidocr"
    confidence: float | None = None


#: ``Chunk.extra`` key of a table's or figure's *lead*: the end of the text that introduces it
#: on its page ("The loadings of the components fitted to USArrests:"). Written by chunking,
#: read by answering as the table's context (what its rows are about), never shown as its text.
LEAD = "lead"

#: ``Chunk.extra`` key set (True) on a document's opening chunks: the first ones of its first
#: page, or of a document without pages (a letterhead and addressee, a subject line, an e-mail's
#: From/To header). The names there scope the whole document ("Eleanor Fairbairn's kitchen" is
#: the kitchen of the letter's addressee). Written by chunking, read by answering.
OPENING = "opening"


class Chunk(BaseModel):
    """The unit that is embedded and indexed: one point in the index."""

    id: str
    text: str
    modality: Modality
    kind: ElementKind
    provenance: Provenance
    content_hash: str
    tenant: str = "default"
    html: str | None = None
    heading: str | None = None
    method: str = ""
    confidence: float | None = None
    extra: dict[str, str | float | int | bool | None] = Field(default_factory=dict)

    @property
    def lead(self) -> str:
        """The text that introduces this table or figure on its page (:data:`LEAD`), or ""."""
        value = self.extra.get(LEAD)
        return value if isinstance(value, str) else ""

    def payload(self) -> dict[str, object]:
        """The flat payload stored with the point."""
        prov = self.provenance
        return {
            "text": self.text,
            "modality": self.modality.value,
            "kind": self.kind.value,
            "source_id": prov.source_id,
            "uri": prov.uri,
            "filename": prov.filename,
            "page": prov.page,
            "bbox": list(prov.bbox) if prov.bbox else None,
            "page_width": prov.page_width,
            "page_height": prov.page_height,
            "t_start": prov.t_start,
            "t_end": prov.t_end,
            "frame": prov.frame,
            "page_unit": prov.page_unit,
            "sheet": prov.sheet,
            "row_start": prov.row_start,
            "row_end": prov.row_end,
            "content_hash": self.content_hash,
            "tenant": self.tenant,
            "html": self.html,
            "heading": self.heading,
            "method": self.method,
            "confidence": self.confidence,
            **self.extra,
        }

    @classmethod
    def from_payload(cls, point_id: str, payload: dict[str, object]) -> Chunk:
        """Rebuild a chunk from an index payload (inverse of :meth:`payload`)."""
        bbox = payload.get("bbox")
        prov = Provenance(
            source_id=str(payload["source_id"]),
            uri=str(payload["uri"]),
            filename=str(payload.get("filename") or payload["uri"]),
            page=_opt_int(payload.get("page")),
            bbox=_opt_bbox(bbox),
            page_width=_opt_float(payload.get("page_width")),
            page_height=_opt_float(payload.get("page_height")),
            t_start=_opt_float(payload.get("t_start")),
            t_end=_opt_float(payload.get("t_end")),
            frame=_opt_str(payload.get("frame")),
            page_unit=_opt_unit(payload.get("page_unit")),
            sheet=_opt_str(payload.get("sheet")),
            row_start=_opt_int(payload.get("row_start")),
            row_end=_opt_int(payload.get("row_end")),
        )
        known = set(cls.model_fields) | set(Provenance.model_fields) | {"bbox"}
        extra = {
            k: v
            for k, v in payload.items()
            if k not in known and isinstance(v, str | float | int | bool | type(None))
        }
        return cls(
            id=point_id,
            text=str(payload.get("text", "")),
            modality=Modality(str(payload["modality"])),
            kind=ElementKind(str(payload["kind"])),
            provenance=prov,
            content_hash=str(payload.get("content_hash", "")),
            tenant=str(payload.get("tenant", "default")),
            html=_opt_str(payload.get("html")),
            heading=_opt_str(payload.get("heading")),
            method=str(payload.get("method") or ""),
            confidence=_opt_float(payload.get("confidence")),
            extra=extra,
        )


def _opt_bbox(value: object) -> BBox | None:
    if not isinstance(value, list | tuple) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return (x0, y0, x1, y1)


def _opt_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _opt_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _opt_unit(value: object) -> PageUnit | None:
    if value == "slide":
        return "slide"
    return "sheet" if value == "sheet" else None


class SearchFilters(BaseModel):
    """Payload filters every search can apply; ``tenant`` is always enforced."""

    tenant: str = "default"
    source_ids: list[str] | None = None
    modalities: list[Modality] | None = None
    page: int | None = None
    uri: str | None = None


class SearchHit(BaseModel):
    """A chunk returned by the index with its fused score."""

    chunk: Chunk
    score: float


class Citation(BaseModel):
    """A reference a person can follow: file plus page/bbox or a time span."""

    file: str
    uri: str
    source_id: str
    chunk_id: str
    modality: Modality
    page: int | None = None
    bbox: BBox | None = None
    t_start: float | None = None
    t_end: float | None = None
    frame: str | None = None
    score: float = 0.0
    snippet: str = ""
    page_unit: PageUnit | None = None
    sheet: str | None = None
    row_start: int | None = None
    row_end: int | None = None
    heading: str | None = None  # section title in effect, for documents without pages

    @computed_field  # type: ignore[prop-decorator]
    @property
    def location(self) -> str:
        """Where in its file the evidence sits, for people (see :func:`location_label`)."""
        return location_label(
            page=self.page,
            page_unit=self.page_unit,
            sheet=self.sheet,
            row_start=self.row_start,
            row_end=self.row_end,
            t_start=self.t_start,
            t_end=self.t_end,
            heading=self.heading,
        )

    def label(self) -> str:
        """Human form: ``file p.3``, ``file 01:42-02:05``, ``deck.pptx slide 4``,
        ``book.xlsx sheet Fleet, rows 2-9``, ``data.csv rows 2-9`` or ``notes.md § Setup``."""
        return f"{self.file} {self.location}".strip()

    @classmethod
    def from_chunk(cls, chunk: Chunk, score: float) -> Citation:
        """The citation for one retrieved chunk."""
        prov = chunk.provenance
        return cls(
            file=prov.filename,
            uri=prov.uri,
            source_id=prov.source_id,
            chunk_id=chunk.id,
            modality=chunk.modality,
            page=prov.page,
            bbox=prov.bbox,
            t_start=prov.t_start,
            t_end=prov.t_end,
            frame=prov.frame,
            score=score,
            snippet=chunk.text[:300],
            page_unit=prov.page_unit,
            sheet=prov.sheet,
            row_start=prov.row_start,
            row_end=prov.row_end,
            heading=chunk.heading,
        )


def location_label(
    *,
    page: int | None = None,
    page_unit: PageUnit | None = None,
    sheet: str | None = None,
    row_start: int | None = None,
    row_end: int | None = None,
    t_start: float | None = None,
    t_end: float | None = None,
    heading: str | None = None,
) -> str:
    """Where a piece of evidence sits in its file, as people read it (no file name).

    ``p.3``; ``slide 4`` (presentations); ``sheet Fleet, rows 2-9`` or ``sheet Fleet``
    (workbooks; the sheet's number when it has no name); ``rows 2-9`` (CSV files);
    ``01:42-02:05`` (audio, video); ``§ Setup`` (the section of a document without pages);
    '' when the provenance says nothing more than the file. The API sends it as the
    ``location`` of citations and chunks, so every client labels evidence the same way.
    """
    rows = _rows_label(row_start, row_end)
    if page_unit == "sheet":
        name = sheet or (str(page) if page is not None else "")
        return ", ".join(p for p in (f"sheet {name}" if name else "", rows) if p)
    if page is not None:
        return f"slide {page}" if page_unit == "slide" else f"p.{page}"
    if t_start is not None:
        return format_clock(t_start) + (f"-{format_clock(t_end)}" if t_end is not None else "")
    if rows:
        return rows
    if heading:
        return f"§ {heading}"
    return ""


def _rows_label(start: int | None, end: int | None) -> str:
    """``row 4`` or ``rows 2-9`` (empty without rows)."""
    if start is None:
        return ""
    if end is None or end == start:
        return f"row {start}"
    return f"rows {start}-{end}"


def format_clock(seconds: float) -> str:
    """``102.4`` -> ``01:42`` (``h:mm:ss`` past an hour)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class Answer(BaseModel):
    """What ``ask`` returns: the answer text, whether the corpus answers it, and citations."""

    answer: str
    found: bool
    citations: list[Citation] = Field(default_factory=list)  # what the answer relies on
    evidence: list[Citation] = Field(default_factory=list)  # ranked retrieved results
    mode: str = "extractive"  # extractive, local (GGUF model) or remote (MMRAG_LLM_URL)
    trace: list[dict[str, object]] = Field(default_factory=list)
    quote: str = ""  # the verbatim sentence, row or reading line a short answer rests on
    mode_reason: str = ""  # why this mode: e.g. the fallback to extractive and its cause


class MediaKind(StrEnum):
    """What a file is, decided from its bytes (not its name)."""

    PDF = "pdf"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    OFFICE = "office"  # DOCX, PPTX, XLSX
    TEXT = "text"  # plain text, Markdown, HTML, CSV, e-mail (EML)


class SourceFile(BaseModel):
    """One file being ingested: identity, bytes on disk and detected type."""

    source_id: str
    tenant: str = "default"
    uri: str  # stable identity of the document (absolute path, or upload://name)
    filename: str  # what citations show
    path: str  # local file to read (the stored original)
    content_hash: str
    media_kind: MediaKind
    mime: str = ""
    size_bytes: int = 0

    def provenance(self, **fields: object) -> Provenance:
        """Provenance for an element of this file; ``fields`` set page/bbox/time."""
        return Provenance(
            source_id=self.source_id,
            uri=self.uri,
            filename=self.filename,
            **fields,
        )


class Shard(BaseModel):
    """A slice of a file processed by one task: a page range or a time range."""

    index: int = 0
    first_page: int | None = None  # 1-based, inclusive
    last_page: int | None = None
    t_start: float | None = None
    t_end: float | None = None
