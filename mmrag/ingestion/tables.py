"""Table detection from word geometry (no model): digital PDF pages and OCR'd pages alike.

A table is a run of text lines that break into several cells at wide gaps and whose cells
line up in the same columns. Lines become rows; the x-extent of the cells, projected over the
run, gives the columns. Each table is emitted with ``html`` and a linearised ``text`` that
keeps the row x column meaning (``<row header> | <col header>: <value>; ...``), and
:func:`merge_tables` puts it in place of the text elements it covers, and
:func:`join_continued_tables` gives the part of a table that a page break cut off, headerless,
its first part's header. The words come from
PDFium (:mod:`mmrag.ingestion.pdf.text_layer`) or from OCR boxes
(:mod:`mmrag.ingestion.ocr.tables`), so this module sits below both.
"""

from __future__ import annotations

import html as html_lib
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from statistics import median
from typing import Any

from pydantic import BaseModel

from mmrag.platform.models import BBox, Element, ElementKind, Modality, SourceFile

TABLE_METHOD = "pdfium-geometry"
"""Extraction method of the TABLE elements built from word geometry."""

_CAPTION = re.compile(r"^\s*(table|tab\.|tabelle|tableau)\s*[\dIVXivx]+", re.IGNORECASE)
_LEADER = re.compile(r"(?:\s*\.){3,}\s*")  # dot leaders of a table of contents
_WORDY = re.compile(r"[^\W_]|[%$€£#&<>^~{}\\]")


class TableOptions(BaseModel):
    """Thresholds of the geometric table detector (lengths are multiples of the font size)."""

    enabled: bool = True
    cell_gap: float = 0.9  # a gap wider than this (x font size) separates two cells of a line
    col_gap: float = 0.45  # narrowest empty vertical strip between two columns (x font size)
    size_change: float = 0.15  # a line whose font size differs more than this ends a table
    word_gap: float = 0.25  # a gap wider than this (x font size) separates two words
    max_row_gap: float = 2.2  # vertical gap between rows of one table (x font size)
    min_rows: int = 3  # lines, header included
    min_cols: int = 2
    max_avg_cell_chars: float = 28.0  # longer cells look like prose in a multi-column layout
    min_filled: float = 0.5  # share of non-empty cells
    caption_gap: float = 3.0  # how far above/below a caption may sit (x font size)
    max_caption_chars: int = 200


@dataclass
class Word:
    """One word with its box in PDF points, top-left origin.

    ``turns``: quarter turns clockwise of its reading direction on the displayed page (0:
    left to right, 1: top to bottom, 3: bottom to top), see :func:`page_words`.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    turns: int = 0


@dataclass
class Segment:
    """Consecutive words of a line separated by normal spaces: one cell candidate."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Line:
    """Words sharing a baseline band, left to right, split into segments."""

    words: list[Word]
    segments: list[Segment] = field(default_factory=list)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return float(median(w.size for w in self.words))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class DetectedTable:
    """A table found on a page: its box (points, top-left origin), header, body rows, caption."""

    bbox: BBox
    header: list[str]
    rows: list[list[str]]
    caption: str | None = None

    def html(self) -> str:
        """``<table>`` with a caption, a header row and the body rows."""
        esc = html_lib.escape
        parts = ["<table>"]
        if self.caption:
            parts.append(f"<caption>{esc(self.caption)}</caption>")
        parts.append("<thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in self.header))
        parts.append("</tr></thead><tbody>")
        for row in self.rows:
            parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
        parts.append("</tbody></table>")
        return "".join(parts)

    @classmethod
    def from_html(cls, markup: str, bbox: BBox) -> DetectedTable | None:
        """The table that :meth:`html` wrote (None for markup it did not write)."""
        parser = _TableParser()
        parser.feed(markup)
        if not parser.header:
            return None
        return cls(bbox=bbox, header=parser.header, rows=parser.rows, caption=parser.caption)

    def text(self) -> str:
        """Caption line (when known), then one line per row: ``row | col: value; col: value``."""
        names = [h or f"column {i + 1}" for i, h in enumerate(self.header)]
        lines = [self.caption] if self.caption else []
        for row in self.rows:
            pairs = [f"{names[i]}: {v}" for i, v in enumerate(row) if i > 0 and v]
            lines.append(f"{row[0]} | {'; '.join(pairs)}" if row[0] else "; ".join(pairs))
        return "\n".join(line for line in lines if line)


class _TableParser(HTMLParser):
    """Reads back the ``<table>`` markup of :meth:`DetectedTable.html`."""

    def __init__(self) -> None:
        super().__init__()
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.caption: str | None = None
        self._cell: list[str] | None = None
        self._in: str = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr" and self._in == "tbody":
            self.rows.append([])
        elif tag in ("th", "td", "caption"):
            self._cell = []
        elif tag in ("thead", "tbody"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if self._cell is None or tag not in ("th", "td", "caption"):
            return
        text = "".join(self._cell)
        self._cell = None
        if tag == "caption":
            self.caption = text
        elif tag == "th":
            self.header.append(text)
        elif self.rows:
            self.rows[-1].append(text)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_words(
    page: Any, options: TableOptions | None = None, reading_frames: bool = False
) -> list[Word]:
    """Words of a pypdfium2 page with boxes in display points (top-left origin).

    Characters join a word in the word's own reading frame (:func:`turned`). With
    ``reading_frames`` each character's frame follows its rotation (PDFium's char angle, to the
    nearest quarter turn), so a y-axis title reads "Empirical" instead of one word per letter;
    without it every character is taken as upright on the unrotated page (the text path's
    behaviour).
    """
    import ctypes

    from pypdfium2 import raw

    opts = options or TableOptions()
    to_display = _display_transform(page)
    page_turns = round(page.get_rotation() / 90) % 4
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        count = raw.FPDFText_CountChars(tp)
        rect = raw.FS_RECTF()
        words: list[Word] = []
        chars: list[str] = []
        box: list[float] = []  # x0, y0, x1, y1 in the word's reading frame
        size = 0.0
        turns = page_turns
        for i in range(count):
            code = raw.FPDFText_GetUnicode(tp, i)
            ch = chr(code) if code else " "
            if ch.isspace() or code in (0xFFFE, 0xFFFF, 0x02):
                _flush(chars, box, size, turns, words)
                continue
            if not raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect)):
                continue
            char_turns = page_turns
            if reading_frames:
                char_turns += round(raw.FPDFText_GetCharAngle(tp, i) / (math.pi / 2))
            char_turns %= 4
            xa, ya = to_display(rect.left, rect.bottom)
            xb, yb = to_display(rect.right, rect.top)
            left, top, right, bottom = turned(
                (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)), char_turns
            )
            csize = raw.FPDFText_GetFontSize(tp, i) or (bottom - top)
            if chars:
                gap = left - box[2]
                same_line = char_turns == turns and abs(
                    (bottom + top) / 2 - (box[1] + box[3]) / 2
                ) < 0.5 * max(csize, 1)
                if not same_line or gap > opts.word_gap * csize or gap < -csize:
                    _flush(chars, box, size, turns, words)
            if not chars:
                box[:] = [left, top, right, bottom]
                size = csize
                turns = char_turns
            else:
                box[:] = [
                    min(box[0], left),
                    min(box[1], top),
                    max(box[2], right),
                    max(box[3], bottom),
                ]
            chars.append(ch)
        _flush(chars, box, size, turns, words)
        return [
            Word(
                w.text,
                max(0.0, w.x0),
                max(0.0, w.y0),
                min(width, w.x1),
                min(height, w.y1),
                w.size,
                w.turns,
            )
            for w in words
            if w.x1 > 0 and w.y1 > 0 and w.x0 < width and w.y0 < height
        ]
    finally:
        textpage.close()


def _flush(chars: list[str], box: list[float], size: float, turns: int, words: list[Word]) -> None:
    if chars:
        x0, y0, x1, y1 = turned((box[0], box[1], box[2], box[3]), -turns % 4)
        words.append(Word("".join(chars), x0, y0, x1, y1, size, turns))
        chars.clear()


def turned(box: BBox, turns: int) -> BBox:
    """``box`` (top-left origin) turned ``turns`` quarter turns anticlockwise about the origin.

    It takes a box of text that reads ``turns`` quarter turns clockwise into that text's
    reading frame, where it reads left to right with its top up; ``turned(box, -turns % 4)``
    brings it back.
    """
    x0, y0, x1, y1 = box
    if turns == 1:  # reads top to bottom
        return y0, -x1, y1, -x0
    if turns == 2:  # upside down
        return -x1, -y1, -x0, -y0
    if turns == 3:  # reads bottom to top
        return -y1, x0, -y0, x1
    return box


def _display_transform(page: Any) -> Any:
    """Map pdfium page space (y up, unrotated) to display points with a top-left origin."""
    left, bottom, right, top = page.get_cropbox()
    rotation = page.get_rotation() % 360

    def to_display(x: float, y: float) -> tuple[float, float]:
        if rotation == 90:
            return y - bottom, x - left
        if rotation == 180:
            return right - x, y - bottom
        if rotation == 270:
            return top - y, right - x
        return x - left, top - y

    return to_display


def text_runs(words: Sequence[Word], options: TableOptions) -> list[tuple[str, BBox]]:
    """What an OCR detector boxes as one text line: runs of words on a line with no gap wider
    than ``options.cell_gap`` (a line's segments), as (text, display box), in every reading
    direction (each grouped in its own frame, so rotated labels read in order)."""
    runs: list[tuple[str, BBox]] = []
    for turns in sorted({w.turns for w in words}):
        framed = []
        for word in words:
            if word.turns == turns:
                x0, y0, x1, y1 = turned((word.x0, word.y0, word.x1, word.y1), turns)
                framed.append(Word(word.text, x0, y0, x1, y1, word.size, turns))
        for line in group_lines(framed, options):
            for segment in line.segments:
                box = (
                    segment.x0,
                    min(w.y0 for w in segment.words),
                    segment.x1,
                    max(w.y1 for w in segment.words),
                )
                runs.append((segment.text, turned(box, -turns % 4)))
    return runs


def group_lines(words: Sequence[Word], options: TableOptions) -> list[Line]:
    """Words -> lines (top to bottom), each split into segments at wide gaps."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: ((w.y0 + w.y1) / 2, w.x0)):
        centre = (word.y0 + word.y1) / 2
        target = None
        for line in reversed(lines[-3:]):
            if (
                line.y0 <= centre <= line.y1
                and abs(centre - (line.y0 + line.y1) / 2) < 0.5 * line.size
            ):
                target = line
                break
        if target is None:
            lines.append(Line([word]))
        else:
            target.words.append(word)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        line.segments = _segments(line.words, options)
    lines.sort(key=lambda ln: (ln.y0, ln.x0))
    return lines


def _segments(words: list[Word], options: TableOptions) -> list[Segment]:
    segments = [Segment([words[0]])]
    for prev, word in itertools.pairwise(words):
        if word.x0 - prev.x1 > options.cell_gap * max(prev.size, word.size, 1.0):
            segments.append(Segment([word]))
        else:
            segments[-1].words.append(word)
    return segments


def find_tables(lines: Sequence[Line], options: TableOptions) -> list[DetectedTable]:
    """Tables among ``lines`` (output of :func:`group_lines`), top to bottom."""
    tables: list[DetectedTable] = []
    used: set[int] = set()
    for run in _candidate_runs(lines, options):
        start, end = _trim(lines, *run, options)
        above = lines[start - 1] if start > 0 and start - 1 not in used else None
        if above is not None and lines[start].y0 - above.y1 > options.max_row_gap * above.size:
            above = None
        table = _build_table(lines[start:end], options, above)
        if table is None:
            continue
        table.caption = _caption(lines, start, end, options, used)
        used.update(range(start, end))
        tables.append(table)
    return tables


def detect_tables(page: Any, options: TableOptions | None = None) -> list[DetectedTable]:
    """Tables on a pypdfium2 page."""
    opts = options or TableOptions()
    if not opts.enabled:
        return []
    words = page_words(page, opts)
    if not words:
        return []
    return find_tables(group_lines(words, opts), opts)


def _candidate_runs(lines: Sequence[Line], options: TableOptions) -> list[tuple[int, int]]:
    """Maximal runs of close multi-segment lines (a single-cell line may sit inside a run)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if len(lines[i].segments) < 2:
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            prev, line = lines[j - 1], lines[j]
            if line.y0 - prev.y1 > options.max_row_gap * max(prev.size, line.size):
                break
            # a header row may use another size; a change further down ends the table
            if j > i + 1 and abs(line.size - prev.size) > options.size_change * max(
                prev.size, line.size
            ):
                break
            if len(line.segments) < 2:
                # a row with one filled cell continues the run only if a multi-cell row follows
                nxt = lines[j + 1] if j + 1 < len(lines) else None
                if (
                    nxt is None
                    or len(nxt.segments) < 2
                    or nxt.y0 - line.y1 > options.max_row_gap * line.size
                    or line.x1 - line.x0 > 0.5 * (lines[i].x1 - lines[i].x0)
                ):
                    break
            j += 1
        if j - i >= options.min_rows:
            runs.append((i, j))
        i = j
    return runs


def _columns(lines: Sequence[Line], options: TableOptions) -> list[tuple[float, float]]:
    """Column x-ranges from the word extents projected over the run's multi-cell lines.

    A vertical gap free of words separates two columns when at least one line has a cell
    break across it, so a narrow space inside a text column never splits it.
    """
    rows = [line for line in lines if len(line.segments) >= 2]
    size = float(median(line.size for line in rows))
    spans = sorted((w.x0, w.x1) for line in rows for w in line.words)
    groups: list[list[float]] = []
    for x0, x1 in spans:
        if groups and x0 <= groups[-1][1] + options.col_gap * size:
            groups[-1][1] = max(groups[-1][1], x1)
        else:
            groups.append([x0, x1])
    columns: list[list[float]] = [groups[0]] if groups else []
    for group in groups[1:]:
        gap = (columns[-1][1], group[0])
        if any(_breaks_at(line, gap, options) for line in rows):
            columns.append(group)
        else:
            columns[-1][1] = max(columns[-1][1], group[1])
    return [(a, b) for a, b in columns]


def _breaks_at(line: Line, gap: tuple[float, float], options: TableOptions) -> bool:
    """True when ``line`` has a cell break (a wide gap between two words) across ``gap``."""
    for prev, word in zip(line.words, line.words[1:], strict=False):
        if prev.x1 <= gap[0] + 0.01 and word.x0 >= gap[1] - 0.01:
            return word.x0 - prev.x1 > options.cell_gap * max(prev.size, word.size, 1.0)
    return False


def _trim(lines: Sequence[Line], start: int, end: int, options: TableOptions) -> tuple[int, int]:
    """Drop edge lines with fewer cells than usual whose cells would merge columns."""
    counts = sorted(len(line.segments) for line in lines[start:end])
    typical = counts[len(counts) // 2]
    while end - start > options.min_rows:
        ncols = len(_columns(lines[start:end], options))
        if (
            len(lines[start].segments) < typical
            and len(_columns(lines[start + 1 : end], options)) > ncols
        ):
            start += 1
        elif (
            len(lines[end - 1].segments) < typical
            and len(_columns(lines[start : end - 1], options)) > ncols
        ):
            end -= 1
        else:
            break
    return start, end


def _build_table(
    lines: Sequence[Line], options: TableOptions, above: Line | None = None
) -> DetectedTable | None:
    """The grid of ``lines``; ``above`` is the line just over them, a header candidate."""
    columns = _columns(lines, options)
    if len(columns) < options.min_cols:
        return None
    grid = [_cells(line, columns) for line in lines]
    header_row: list[str] | None = None
    if above is not None and _data_like(grid[0]) and len(above.words) >= options.min_cols:
        # The first row holds values, so the header is the line above, trimmed off the run
        # because its cells straddle column gaps (OCR reads "Previous Change" as one box).
        header_row = _cells(above, columns)
    keep = [
        i
        for i in range(len(columns))
        if any(_WORDY.search(row[i]) for row in [*grid, *([header_row] if header_row else [])])
    ]
    grid = [[row[i] for i in keep] for row in grid]
    if header_row is not None:
        grid.insert(0, [header_row[i] for i in keep])
    if len(keep) < options.min_cols:
        return None
    filled = [c for row in grid for c in row if c]
    total = len(grid) * len(keep)
    multi = sum(1 for row in grid if sum(1 for c in row if c) >= 2)
    if (
        len(filled) / total < options.min_filled
        or sum(len(c) for c in filled) / len(filled) > options.max_avg_cell_chars
        or multi < options.min_rows - 1
    ):
        return None
    bbox = (
        min(ln.x0 for ln in lines),
        min(ln.y0 for ln in lines),
        max(ln.x1 for ln in lines),
        max(ln.y1 for ln in lines),
    )
    if header_row is None and headless(grid):
        grid.insert(0, [""] * len(keep))
    return DetectedTable(bbox=bbox, header=grid[0], rows=grid[1:])


def headless(grid: Sequence[Sequence[str]]) -> bool:
    """The first row of ``grid`` is data, not a header: it holds an amount (a decimal, a
    currency sign, a percentage, a thousands separator or a number past any year) in a column
    of numbers, like the rows below it (a receipt's "SUBTOTAL 146.00", a form's totals), or
    the grid is a list of fields (:func:`field_list`).
    Years and small counts ("2024", "Q1", "1") may head columns and leave the row a header."""
    if len(grid) < 2:
        return False
    if field_list(grid):
        return True
    first = _cell_kinds(grid[0])
    amounts = [c for c, kind in zip(grid[0], first, strict=False) if kind == "n" and _amount(c)]
    return bool(amounts) and _agrees(first, _column_kinds(grid[1:]))


def field_list(grid: Sequence[Sequence[str]]) -> bool:
    """``grid`` is a two-column list of fields ("Claim reference | TDM/25/078431", "Date of
    loss | 11/09/2025"): word labels on the left, values of mixed kinds on the right (codes and
    dates, words, amounts), and a first row that is one more field: its value has a digit or
    three words or more ("Policyholder | Mr and Mrs A. Kettering"), where a header's right cell
    names one kind of value in a word or two ("Amount", "Notes")."""
    if len(grid) < 3 or any(len(row) != 2 for row in grid):
        return False
    labels = [row[0].strip() for row in grid]
    if not all(
        label and not re.search(r"\d", label) and len(label.split()) <= 4 for label in labels
    ):
        return False
    first = grid[0][1].strip()
    if not first or (not re.search(r"\d", first) and len(first.split()) < 3):
        return False
    return len({_value_shape(row[1]) for row in grid[1:] if row[1].strip()}) >= 2


def _value_shape(cell: str) -> str:
    """A value's kind for :func:`field_list`: a number, a text with digits (a date, a code, an
    address) or words."""
    text = cell.strip()
    if _NUMBER_CELL.match(text):
        return "number"
    return "coded" if re.search(r"\d", text) else "words"


def _amount(cell: str) -> bool:
    text = cell.strip()
    if re.search(r"[.,%$€£¥]", text):
        return True
    return float(re.sub(r"[^\d]", "", text) or 0) > 2100


def _cells(line: Line, columns: list[tuple[float, float]]) -> list[str]:
    cells = [""] * len(columns)
    for word in line.words:
        col = _column_of(word, columns)
        cells[col] = f"{cells[col]} {word.text}".strip()
    return [_LEADER.sub("", c).strip() for c in cells]


_DECIMAL = re.compile(r"^[+-]?\d[\d,]*\.\d+%?$")


def _data_like(row: list[str]) -> bool:
    """A row of values, not of names: half of its cells or more are decimal numbers."""
    filled = [c for c in row if c]
    return bool(filled) and sum(bool(_DECIMAL.match(c)) for c in filled) * 2 >= len(filled)


def _column_of(word: Word, columns: list[tuple[float, float]]) -> int:
    centre = (word.x0 + word.x1) / 2
    for i, (_, x1) in enumerate(columns):
        if centre <= x1:
            return i
    return len(columns) - 1


def _caption(
    lines: Sequence[Line], start: int, end: int, options: TableOptions, used: set[int]
) -> str | None:
    """A caption line right above or below the table: ``Table N ...`` first, else the line above."""
    size = lines[start].size
    above = start - 1 if start > 0 and start - 1 not in used else None
    below = end if end < len(lines) else None
    near_above = above is not None and (
        lines[start].y0 - lines[above].y1 <= options.caption_gap * size
    )
    near_below = (
        below is not None and lines[below].y0 - lines[end - 1].y1 <= options.caption_gap * size
    )
    candidates = []
    if near_above and above is not None:
        candidates.append(lines[above])
    if near_below and below is not None:
        candidates.append(lines[below])
    for line in candidates:
        if _CAPTION.match(line.text) and len(line.text) <= options.max_caption_chars:
            return line.text
    if near_above and above is not None:
        line = lines[above]
        if len(line.segments) == 1 and len(line.text) <= 80 and not line.text.endswith((",", ";")):
            return line.text
    return None


def covered(box: BBox, region: BBox, share: float = 0.5) -> bool:
    """True when at least ``share`` of ``box``'s area lies inside ``region``."""
    ix = min(box[2], region[2]) - max(box[0], region[0])
    iy = min(box[3], region[3]) - max(box[1], region[1])
    if ix <= 0 or iy <= 0:
        return False
    area = max((box[2] - box[0]) * (box[3] - box[1]), 1e-6)
    return ix * iy / area >= share


def merge_tables(
    elements: list[Element],
    tables: list[DetectedTable],
    page_no: int,
    size: tuple[float, float],
    source: SourceFile,
) -> list[Element]:
    """Replace the text elements a table covers with one TABLE element, in reading order."""
    out = list(elements)
    for table in tables:
        element = Element(
            kind=ElementKind.TABLE,
            modality=Modality.TABLE,
            text=table.text(),
            html=table.html(),
            provenance=source.provenance(
                page=page_no, bbox=table.bbox, page_width=size[0], page_height=size[1]
            ),
            method=TABLE_METHOD,
        )
        region = (table.bbox[0] - 2, table.bbox[1] - 2, table.bbox[2] + 2, table.bbox[3] + 2)
        hits = [
            i
            for i, el in enumerate(out)
            if el.kind is not ElementKind.TABLE
            and el.provenance.bbox is not None
            and covered(el.provenance.bbox, region)
        ]
        if hits:
            at = hits[0]
            out = [el for i, el in enumerate(out) if i not in set(hits)]
        else:
            at = next(
                (
                    i
                    for i, el in enumerate(out)
                    if el.provenance.bbox is not None and el.provenance.bbox[1] > table.bbox[1]
                ),
                len(out),
            )
        out.insert(at, element)
    return out


def continued(previous: DetectedTable, table: DetectedTable) -> DetectedTable | None:
    """``table`` read as the rest of ``previous``, which ended the page before; None if it is not.

    A table cut by a page break often goes on without its header: the detector then takes the
    first row of values for the header, and every row is linearised under wrong column names.
    It is a continuation when it has as many columns, its "header" holds a number and matches
    ``previous``'s body column by column (number under number, text under text), and
    ``previous``'s own header does not (names over numbers). It then takes ``previous``'s
    header and its first row becomes a body row. A repeated header, or a caption of its own
    (a new table), leaves it alone.
    """
    if table.caption or len(table.header) != len(previous.header):
        return None
    if table.header == previous.header:
        return None
    rows = [list(table.header), *table.rows] if any(table.header) else list(table.rows)
    if not rows:  # a header seen headless (:func:`headless`) is read as its first row
        return None
    body = _column_kinds(previous.rows)
    first, names = _cell_kinds(rows[0]), _cell_kinds(previous.header)
    if "n" not in first or not _agrees(first, body) or _agrees(names, body):
        return None
    caption = f"{previous.caption} (continued)" if previous.caption else None
    return DetectedTable(bbox=table.bbox, header=list(previous.header), rows=rows, caption=caption)


_NUMBER_CELL = re.compile(r"^[-+−]?[$€£¥]?\d[\d,]*(?:\.\d+)?\s*%?$")


def _cell_kinds(row: Sequence[str]) -> list[str]:
    """Per cell: "n" (a number), "t" (text) or "" (empty)."""
    return ["" if not c else "n" if _NUMBER_CELL.match(c.strip()) else "t" for c in row]


def _column_kinds(rows: Sequence[Sequence[str]]) -> list[str]:
    """Per column, the kind most of its filled cells have ("" for an empty column)."""
    kinds = [_cell_kinds(row) for row in rows]
    width = max((len(k) for k in kinds), default=0)
    out = []
    for col in range(width):
        seen = [k[col] for k in kinds if col < len(k) and k[col]]
        out.append(max(("n", "t"), key=seen.count) if seen else "")
    return out


def _agrees(row: Sequence[str], columns: Sequence[str]) -> bool:
    """True when every filled cell kind of ``row`` is its column's kind (empty ones agree)."""
    filled = [(r, c) for r, c in zip(row, columns, strict=False) if r and c]
    return bool(filled) and all(r == c for r, c in filled)


def join_continued_tables(elements: list[Element], margin: float = 0.12) -> list[Element]:
    """Elements (reading order) with tables that go on over a page break read as one table.

    A TABLE that opens a page continues the TABLE that closed the page before when nothing but
    short margin lines (a running foot or head, ``margin`` of the page height) lies between
    them and :func:`continued` accepts the pair; its text and html are rebuilt under the first
    part's header. A table over three pages is joined part by part.
    """
    out = list(elements)
    previous: int | None = None  # index of the last TABLE seen, while only margin lines follow
    for i, element in enumerate(out):
        if element.kind is ElementKind.TABLE and element.html and previous is not None:
            before, after = out[previous], element
            page_before, page_after = before.provenance.page, after.provenance.page
            if page_before is not None and page_after == page_before + 1:
                joined = _joined(before, after)
                if joined is not None:
                    out[i] = after = joined
            previous = i
        elif element.kind is ElementKind.TABLE and element.html:
            previous = i
        elif previous is not None and not _in_margin(element, margin):
            previous = None
    return out


def _joined(before: Element, after: Element) -> Element | None:
    """``after`` rebuilt as the continuation of ``before`` (both TABLE elements), or None."""
    if before.provenance.bbox is None or after.provenance.bbox is None:
        return None
    first = DetectedTable.from_html(before.html or "", before.provenance.bbox)
    rest = DetectedTable.from_html(after.html or "", after.provenance.bbox)
    if first is None or rest is None:
        return None
    table = continued(first, rest)
    if table is None:
        return None
    return after.model_copy(update={"text": table.text(), "html": table.html()})


def _in_margin(element: Element, margin: float) -> bool:
    """A short line in the top or bottom ``margin`` of its page (a running head or foot)."""
    return len(element.text) <= 80 and element.provenance.in_margin(margin)


class _RowParser(HTMLParser):
    """Cell texts of every ``<tr>`` of an HTML table (nested markup flattened)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._close_cell()
            if not self.rows:
                self.rows.append([])
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag in ("td", "th"):  # <td/>: an empty cell
            self._close_cell()
            if not self.rows:
                self.rows.append([])
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "tr"):
            self._close_cell()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None


def html_rows(html: str) -> list[list[str]]:
    """The rows of the HTML table ``html``, each a list of cell texts (empty rows kept)."""
    parser = _RowParser()
    parser.feed(html)
    parser.close()
    parser._close_cell()
    return parser.rows


def table_caption(html: str) -> str:
    """The text of the ``<caption>`` of the HTML table ``html`` ("" when it has none)."""
    match = re.search(r"<caption[^>]*>(.*?)</caption>", html, re.I | re.S)
    if match is None:
        return ""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())
