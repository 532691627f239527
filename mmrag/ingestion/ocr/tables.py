"""Tables on OCR'd pages: the word-geometry table finder of digital PDFs, fed with OCR boxes.

A scanned table comes out of OCR as separate boxes, one per cell, read column after column;
indexed as such, "what did piezometer P-3 read" finds a list of numbers with no row names.
Each OCR box becomes a word of :mod:`mmrag.ingestion.tables` (boxes in points, the box height
as the font size), so the same row/column/header rules build the grid, and the OCR elements the
table covers are replaced by one TABLE element (row-linearised text + HTML), as on digital pages.
"""

from __future__ import annotations

from mmrag.ingestion.ocr.base import OcrLine
from mmrag.ingestion.ocr.render import px_to_pt
from mmrag.ingestion.tables import (
    TableOptions,
    Word,
    covered,
    find_tables,
    group_lines,
    merge_tables,
)
from mmrag.platform.models import Element, ElementKind, SourceFile

METHOD = "ocr-table-grid"
BOX_TO_FONT = 0.6


def ocr_words(lines: list[OcrLine], dpi: float) -> list[Word]:
    """OCR boxes as table-finder words in points. A box holding several words ("Previous
    Change": two header cells read as one) is split at its spaces, each word placed by its
    share of the characters, so its words can fall into their own columns."""
    words = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        x0, y0, x1, y1 = px_to_pt(line.box, dpi)
        # An OCR box is padded around its glyphs: the font size is about 0.6 of its height.
        size = max(1.0, BOX_TO_FONT * (y1 - y0))
        per_char = (x1 - x0) / len(text)
        offset = 0
        for part in text.split(" "):
            if part:
                start = x0 + offset * per_char
                words.append(Word(part, start, y0, start + len(part) * per_char, y1, size))
            offset += len(part) + 1
    return words


def with_ocr_tables(
    elements: list[Element],
    lines: list[OcrLine],
    dpi: float,
    page_no: int,
    page_size_pts: tuple[float, float],
    source: SourceFile,
    options: TableOptions | None = None,
) -> list[Element]:
    """``elements`` of one OCR'd page with the tables found among its boxes merged in."""
    opts = options or TableOptions()
    words = ocr_words(lines, dpi)
    if not opts.enabled or len(words) < 4:
        return elements
    tables = find_tables(group_lines(words, opts), opts)
    if not tables:
        return elements
    merged = merge_tables(elements, tables, page_no, page_size_pts, source)
    for element in merged:
        if element.kind is ElementKind.TABLE:
            element.method = METHOD
    return merged


def text_with_tables(lines: list[OcrLine], options: TableOptions | None = None) -> str:
    """The lines' text, a table among them written as rows (``row | column: value``).

    For images without a page (video frames: boxes in pixels, read as points): a slide's table
    comes out of OCR one cell a line, so its rows are rebuilt before the text is indexed.
    """
    opts = options or TableOptions()
    plain = [ln.text.strip() for ln in lines]
    words = ocr_words(lines, 72.0)
    if not opts.enabled or len(words) < 4:
        return "\n".join(plain)
    tables = find_tables(group_lines(words, opts), opts)
    out: list[str] = []
    written: set[int] = set()
    for line, text in zip(lines, plain, strict=True):
        box = px_to_pt(line.box, 72.0)
        inside = next((i for i, t in enumerate(tables) if covered(box, _padded(t.bbox))), None)
        if inside is None:
            out.append(text)
        elif inside not in written:
            written.add(inside)
            out.append(tables[inside].text())
    return "\n".join(out)


def _padded(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2)
