"""A table's column extremes, written as a chart reading's extreme lines.

"Which shop had the highest average spend?" asks for the row whose cell is the largest in one
column: a reader (or a small model) shown a few rows cannot answer it, and a long table is
split over several chunks. Each numeric column of a whole table is read once at ingestion
into the format of :mod:`mmrag.platform.chart_text` (the one definition of that text)::

    Highest (Average spend £): Kelmscott Yard 7.40
    Lowest (Average spend £): Station kiosk 4.20

and a column of a few words repeated down the rows (a status, a region) says how many rows
hold each::

    Row counts (status): Delivered 24; Cancelled 2; Returned 1

The item is the row's first cell (its key) and the cell as printed. A column counts as
numeric when at least :data:`MIN_ROWS` of its cells, and most of its filled ones, are
numbers (a currency sign, a sign, thousands separators, a percent sign or a short unit
allowed); a row whose key says it sums the others ("Total", "All shops") is left out, and a
column whose numbers are all equal has no extreme worth stating.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from mmrag.platform import chart_text

MIN_ROWS = 3
"""Numeric cells a column needs before its extremes are stated."""
MAX_CATEGORIES = 8
"""Distinct words a column may hold and still be counted (more: names, not categories)."""
CATEGORY_CHARS = 30
"""Longest value a counted column may hold (longer: a note or a sentence, not a category)."""
_NUMBER = re.compile(
    r"^\s*(\(?)([+\-−]?)\s*[£$€¥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\)?\s*"
    r"(%|[^\W\d_]{1,5}\.?)?\s*$"
)
#: A day and month ("12 Jan", "3 June"): a date, not a quantity with a unit.
_CALENDAR_UNIT = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
    r"june|july|august|mon|tue|wed|thu|fri|sat|sun)\.?$",
    re.I,
)
_SUMMARY_KEY = re.compile(
    r"^\s*(?:grand\s+)?(?:total|totals|sum|all\b|overall|average|mean)\b", re.I
)


def cell_number(cell: str) -> float | None:
    """The number a table cell states ("£1,214", "+15.5%", "9.0 h"; "(42)" is an accountant's
    -42), else None (also for a day and month, "12 Jan")."""
    match = _NUMBER.match(cell)
    if match is None:
        return None
    bracket, sign, whole, fraction, unit = match.groups()
    if unit and _CALENDAR_UNIT.match(unit):
        return None
    value = float(whole.replace(",", "") + (fraction or ""))
    negative = sign in ("-", "−") or (bracket and cell.strip().endswith(")"))
    return -value if negative else value


def column_label(header: str) -> str:
    """A column header as a reading line's qualifier: brackets and underscores as spaces
    (the qualifier sits in brackets itself: "Revenue (£000)" -> "Revenue £000")."""
    return " ".join(re.sub(r"[()\[\]_]", " ", header).split())


def table_reading(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The extreme lines of every numeric column of the table and the row counts of every
    column of a few repeated words (``""`` when it has neither)."""
    lines: list[str] = []
    keyed = [r for r in rows if r and r[0].strip() and not _SUMMARY_KEY.match(r[0])]
    for col in range(1, len(header)):
        cells = [(r[0].strip(), r[col].strip()) for r in keyed if col < len(r) and r[col].strip()]
        entries = [
            (value, f"{key} {cell}")
            for key, cell in cells
            if (value := cell_number(cell)) is not None
        ]
        label = column_label(header[col]) or f"column {col + 1}"
        if len(entries) >= MIN_ROWS and len(entries) * 3 >= len(cells) * 2:
            if len({value for value, _ in entries}) >= 2:
                lines.append(chart_text.extreme_lines(entries, of=label))
        elif not entries:
            lines.extend(_counts(label, [cell for _, cell in cells], len(keyed)))
    return "\n".join(lines)


def _counts(label: str, cells: list[str], rows: int) -> list[str]:
    """A column of a few repeated words: how many rows hold each (most first)."""
    counts = Counter(cells)
    few = 2 <= len(counts) <= min(MAX_CATEGORIES, rows // 2)
    if not few or any(len(cell) > CATEGORY_CHARS for cell in counts):
        return []
    items = [f"{cell} {n}" for cell, n in counts.most_common()]
    return [chart_text.values_line(chart_text.count_head(label), items)]
