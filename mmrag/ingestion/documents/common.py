"""Documents that unstructured partitions without pages to render: the parts their families share.

- :func:`to_elements` turns unstructured elements into mmrag elements (titles become the
  section headings of the chunks after them; tables become TABLE elements with HTML and a
  row-by-row text, like the tables found on PDF pages);
- :func:`grid_tables` turns the rows of a sheet or CSV file into TABLE elements of a few rows
  each, every one citing its sheet and row numbers;
- :class:`DocumentExtractor` is the one-shard plan and the by-section chunking they share.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mmrag.ingestion.base import ExtractionResult, Plan
from mmrag.ingestion.chunking import ChunkOptions, chunk_document
from mmrag.ingestion.tables import DetectedTable, html_rows
from mmrag.platform.models import (
    Chunk,
    Element,
    ElementKind,
    Modality,
    PageUnit,
    Shard,
    SourceFile,
)
from mmrag.platform.settings import Settings

_SKIP = {"PageBreak", "PageNumber", "Image", "Header", "Footer"}
_KINDS = {
    "Title": ElementKind.TITLE,
    "ListItem": ElementKind.LIST_ITEM,
    "FigureCaption": ElementKind.CAPTION,
    "Table": ElementKind.TABLE,
}
TITLE_MAX_WORDS = 20
BLOCK_CHARS = 1200
"""Text of one spreadsheet/CSV table element at most (about 300 tokens: one chunk)."""
_NO_BOX = (0.0, 0.0, 0.0, 0.0)  # DetectedTable wants a box; a sheet or a DOCX table has none


def to_elements(
    raw: Iterable[Any],
    source: SourceFile,
    method: str,
    page_unit: PageUnit | None = None,
) -> list[Element]:
    """unstructured elements -> mmrag elements, in order (page breaks and empties dropped).

    ``page`` is unstructured's ``page_number`` (known for slides, and for DOCX files whose
    page breaks Word recorded); ``page_unit`` says what it counts.
    """
    out: list[Element] = []
    for raw_el in raw:
        category = getattr(raw_el, "category", "") or type(raw_el).__name__
        text = (getattr(raw_el, "text", "") or "").strip()
        if category in _SKIP or not text:
            continue
        page = getattr(raw_el.metadata, "page_number", None)
        prov = source.provenance(page=page, page_unit=page_unit if page is not None else None)
        kind = _KINDS.get(category, ElementKind.TEXT)
        if kind is ElementKind.TITLE and len(text.split()) > TITLE_MAX_WORDS:
            kind = ElementKind.TEXT
        if kind is ElementKind.TABLE:
            out.append(_table_element(raw_el, text, prov, method))
            continue
        out.append(
            Element(kind=kind, modality=Modality.TEXT, text=text, provenance=prov, method=method)
        )
    return out


def _table_element(raw_el: Any, text: str, prov: Any, method: str) -> Element:
    """A table with its HTML; its text names the column of every value (``row | col: v``)."""
    html = getattr(raw_el.metadata, "text_as_html", None)
    grid = [row for row in html_rows(html) if any(row)] if html else []
    if len(grid) >= 2 and max(len(r) for r in grid) >= 2:
        width = max(len(r) for r in grid)
        grid = [r + [""] * (width - len(r)) for r in grid]
        table = DetectedTable(bbox=_NO_BOX, header=grid[0], rows=grid[1:])
        text, html = table.text() or text, table.html()
    return Element(
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
        text=text,
        html=html,
        provenance=prov,
        method=method,
    )


def grid_tables(
    grid: list[list[str]],
    source: SourceFile,
    method: str,
    *,
    page: int | None = None,
    page_unit: PageUnit | None = None,
    sheet: str | None = None,
    first_row: int = 1,
    max_chars: int = BLOCK_CHARS,
) -> list[Element]:
    """The rows of a sheet or CSV file (``grid[i]`` is row ``first_row + i``) -> elements.

    The first filled row is the header; after an empty row, a row with no number in it
    starts a new table with that row as its header. Data rows are grouped into TABLE
    elements of at most ``max_chars`` of text, each citing its first and last row (and the
    sheet); a header with no rows under it (a note, a title) becomes a TEXT element.
    """
    width = max((len(r) for r in grid), default=0)
    keep = [c for c in range(width) if any(_cell(r, c) for r in grid)]
    reader = _GridReader(source, method, page, page_unit, sheet, max_chars)
    gap = True
    for i, row in enumerate(grid):
        cells = [_cell(row, c) for c in keep]
        if not any(cells):
            gap = True
            continue
        if reader.header is None or (gap and not any(_numeric(c) for c in cells)):
            reader.end_table()
            reader.header = (first_row + i, cells)
        else:
            reader.add_row(first_row + i, cells)
        gap = False
    reader.end_table()
    return reader.out


class _GridReader:
    """Collects the tables of one grid, block by block."""

    def __init__(
        self,
        source: SourceFile,
        method: str,
        page: int | None,
        page_unit: PageUnit | None,
        sheet: str | None,
        max_chars: int,
    ) -> None:
        self.source, self.method, self.max_chars = source, method, max_chars
        self.page, self.page_unit, self.sheet = page, page_unit, sheet
        self.out: list[Element] = []
        self.header: tuple[int, list[str]] | None = None
        self.block: list[tuple[int, list[str]]] = []
        self.used = 0
        self.rows = 0  # data rows of the current table

    def add_row(self, number: int, cells: list[str]) -> None:
        """A data row of the current table."""
        cost = sum(len(c) + 4 for c in cells)
        if self.block and self.used + cost > self.max_chars:
            self.flush()
        self.block.append((number, cells))
        self.used += cost
        self.rows += 1

    def flush(self) -> None:
        """The rows collected so far -> one TABLE element."""
        if self.header is not None and self.block:
            caption = f"Sheet {self.sheet}" if self.sheet else None
            table = DetectedTable(
                bbox=_NO_BOX,
                header=self.header[1],
                rows=[r for _, r in self.block],
                caption=caption,
            )
            self._emit(
                ElementKind.TABLE, table.text(), table.html(), self.block[0][0], self.block[-1][0]
            )
        self.block, self.used = [], 0

    def end_table(self) -> None:
        """Close the current table; a lone header row is kept as text."""
        self.flush()
        if self.header is not None and self.rows == 0:
            number, cells = self.header
            self._emit(ElementKind.TEXT, " | ".join(c for c in cells if c), None, number, number)
        self.header, self.rows = None, 0

    def _emit(self, kind: ElementKind, text: str, html: str | None, start: int, end: int) -> None:
        prov = self.source.provenance(
            page=self.page, page_unit=self.page_unit, sheet=self.sheet, row_start=start, row_end=end
        )
        modality = Modality.TABLE if kind is ElementKind.TABLE else Modality.TEXT
        self.out.append(
            Element(
                kind=kind,
                modality=modality,
                text=text,
                html=html,
                provenance=prov,
                method=self.method,
            )
        )


def _cell(row: list[str], col: int) -> str:
    return row[col].strip() if col < len(row) else ""


def _numeric(cell: str) -> bool:
    cleaned = cell.replace(",", "").replace("%", "").replace(" ", "").lstrip("+-$€£")
    try:
        float(cleaned)
    except ValueError:
        return False
    return True


class DocumentExtractor:
    """One shard per file (documents without pages to render are small and fast to read);
    chunks follow the sections (or pages, slides and sheets where the format has them)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.chunk_options = ChunkOptions(group_unpaged=True)

    def plan(self, source: SourceFile) -> Plan:
        """One shard for the whole file."""
        return Plan(shards=[Shard(index=0)], total_units=1)

    def extract(self, source: SourceFile, shard: Shard, blobs: Any) -> ExtractionResult:
        """Elements of the file (subclasses)."""
        raise NotImplementedError

    def chunk(self, elements: list[Element], source: SourceFile) -> list[Chunk]:
        """Section-, page-, slide- or sheet-bounded chunks."""
        return chunk_document(elements, source, self.chunk_options)

    def units(self, shard: Shard) -> int:
        """One file."""
        return 1
