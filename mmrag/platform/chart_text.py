"""The chart-reading text: written by ingestion after a chart's OCR text, read by the answerers.

A reading is a values line and two extreme lines::

    Bar values: Jan 88.4; Feb 71.2; Jul ≈31
    Highest: Feb 71.2
    Lowest: Jul ≈31

The values line's head is ``Bar values``, ``Bar values (stack totals)``, ``Line values`` or
``Point values`` (optionally with the axes in brackets, ``Point values (x: volume; y: kWh per
ML)``); its items are separated by ``"; "``. A stacked or grouped chart whose legend names its
colours adds one values line per series (``Bar values (Cast iron): 2019 ≈51; ...``) with that
series' extremes (``Highest (Cast iron): 2021 ≈57``), and for stacks a reading of the series
totals (``Bar values (series totals): ...`` with its own extreme lines). A line chart is read
the same way, one reading per line drawn: ``Line values (North basin): 2019 ≈51.2; ...`` with
``Highest (North basin): 2021 ≈57``, or plain ``Line values: ...`` and ``Highest: ...`` for a
chart of one unnamed line (a line not read at every x label gets its values line alone).
A pie or donut chart reads ``Slice values: Residential 66.2%; ...``
(a share not printed on the chart is estimated from its angle). A table's reading (written at
ingestion from a whole table) is read the same way: extreme lines per numeric column
(``Highest (Revenue £000): Harbour Street 247``) and, for a column of a few repeated words,
how many rows hold each (``Row counts (status): Delivered 24; Cancelled 2``). ``≈`` marks a
value estimated from an axis or an angle rather than printed.
Ties on an extreme line are listed with ``"; "``. This module is the only definition of the
format: the writers format with it and the readers parse with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

ESTIMATE_MARK = "≈"
ITEM_SEPARATOR = "; "
BAR_HEAD = "Bar values"
STACKED_BAR_HEAD = "Bar values (stack totals)"
SERIES_TOTALS_HEAD = "Bar values (series totals)"
POINT_HEAD = "Point values"
LINE_HEAD = "Line values"
SLICE_HEAD = "Slice values"
COUNT_HEAD = "Row counts"
HIGHEST = "Highest"
LOWEST = "Lowest"

_VALUES = re.compile(r"^((?:(?:Bar|Line|Point|Slice) values|Row counts)(?: \([^)]*\))?): (.+)$")
_EXTREME = re.compile(r"^(Highest|Lowest)(?: \(([^)]*)\))?: (.+)$")
#: An item's value at its end ("Riverside 96 L", "Jan ≈31", "Q1 2023 ≈40": a unit never starts
#: with the estimate mark) or its bracketed values ("PS-2 (x ≈983, y ≈189)",
#: "PS-7 (y ≈471 kWh per ML)").
_ITEM_VALUE = re.compile(r"\s+(?:\(.*\)|[≈~]?-?\d[\d.,]*(?:\s*[^\s\d≈~]\S*)?)\s*$")


class LineKind(StrEnum):
    """What a reading line states."""

    VALUES = "values"
    HIGHEST = "highest"
    LOWEST = "lowest"


@dataclass(frozen=True)
class ReadingLine:
    """One parsed line of a chart reading: its kind, its head and its items."""

    kind: LineKind
    head: str
    items: tuple[str, ...]
    of: str = ""  # an extreme line's series ("Highest (Cast iron): 2021 ≈57"); "" for the chart


def estimated(value_text: str) -> str:
    """A value read off an axis, marked as an estimate (``"≈31"``)."""
    return f"{ESTIMATE_MARK}{value_text}"


def named_head(head: str, series: str = "") -> str:
    """A values ``head`` for one named series (``"Slice values (2025)"``), or ``head`` itself
    for a chart's only, unnamed series."""
    return f"{head} ({series})" if series else head


def series_head(series: str) -> str:
    """The values head of one series of a stacked chart (``"Bar values (Cast iron)"``)."""
    return f"{BAR_HEAD} ({series})"


def line_head(series: str = "") -> str:
    """The values head of one line of a line chart (``"Line values (North basin)"``), or
    ``"Line values"`` for the unnamed line of a one-line chart."""
    return named_head(LINE_HEAD, series)


def values_line(head: str, items: Sequence[str]) -> str:
    """``"<head>: item; item; ..."``."""
    return f"{head}: {ITEM_SEPARATOR.join(items)}"


def point_head(axes: Sequence[tuple[str, str]]) -> str:
    """The scatter values head, naming the axes that have titles (``("x", "volume")``)."""
    named = [f"{axis}: {title}" for axis, title in axes if title]
    return f"{POINT_HEAD} ({ITEM_SEPARATOR.join(named)})" if named else POINT_HEAD


def extreme_lines(entries: Sequence[tuple[float, str]], of: str = "") -> str:
    """``Highest: ...`` and ``Lowest: ...`` lines over (value, shown text) pairs (ties listed);
    ``of`` names the series they are extremes of (``Highest (Cast iron): ...``)."""
    top = max(value for value, _ in entries)
    bottom = min(value for value, _ in entries)
    highest = ITEM_SEPARATOR.join(text for value, text in entries if value == top)
    lowest = ITEM_SEPARATOR.join(text for value, text in entries if value == bottom)
    qualifier = f" ({of})" if of else ""
    return f"{HIGHEST}{qualifier}: {highest}\n{LOWEST}{qualifier}: {lowest}"


def format_reading(
    head: str, items: Sequence[str], extremes: Sequence[tuple[float, str]], of: str = ""
) -> str:
    """The whole reading: the values line, then the extreme lines (of series ``of``)."""
    return f"{values_line(head, items)}\n{extreme_lines(extremes, of)}"


def parse_line(line: str) -> ReadingLine | None:
    """The reading line ``line`` is, or None for any other text."""
    text = line.strip()
    values = _VALUES.match(text)
    if values is not None:
        return ReadingLine(LineKind.VALUES, values.group(1), _items(values.group(2)))
    extreme = _EXTREME.match(text)
    if extreme is not None:
        kind = LineKind.HIGHEST if extreme.group(1) == HIGHEST else LineKind.LOWEST
        return ReadingLine(kind, extreme.group(1), _items(extreme.group(3)), extreme.group(2) or "")
    return None


def count_head(column: str) -> str:
    """The head of a table column's row counts (``"Row counts (status)"``)."""
    return f"{COUNT_HEAD} ({column})"


def is_reading_line(line: str) -> bool:
    """Whether ``line`` is a values or an extreme line of a chart reading."""
    return parse_line(line) is not None


def item_lines(line: str) -> list[str]:
    """Each item of a values line on its own, with the line's head (``"Bar values: Feb 71.2"``);
    [] for a line of one item or no values line."""
    parsed = parse_line(line)
    if parsed is None or parsed.kind is not LineKind.VALUES or len(parsed.items) < 2:
        return []
    return [values_line(parsed.head, [item]) for item in parsed.items]


def item_label(item: str) -> str:
    """The label of one item, without its value (``"PS-2 (x ≈983, y ≈189)"`` -> ``"PS-2"``)."""
    return _ITEM_VALUE.sub("", item.strip()).strip()


def single_item(line: str) -> str | None:
    """The one item of a single-item values line, else None."""
    parsed = parse_line(line)
    if parsed is None or parsed.kind is not LineKind.VALUES or len(parsed.items) != 1:
        return None
    return parsed.items[0]


def extreme_kind(line: str) -> LineKind | None:
    """``HIGHEST`` or ``LOWEST`` for an extreme line, else None."""
    parsed = parse_line(line)
    return parsed.kind if parsed is not None and parsed.kind is not LineKind.VALUES else None


def _items(values: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in values.split(ITEM_SEPARATOR) if item.strip())
