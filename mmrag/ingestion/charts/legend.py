"""Legends: a small mark of a series' colour with the series' name just right of it.

Stacked and grouped bars (:mod:`.series`) look for filled patches, line charts (:mod:`.lines`)
for short strokes; both find the marks among the components of each colour's mask
(:func:`legend_marks`) and then read the name beside each mark (:func:`legend_entries`).

OCR is loose around legends: it takes a mark into the name's box ("+Beta", "-North basin"),
and it reads a row of entries side by side as one line ("Inflow -- Outflow -- Storage"). So a
name's line may start over its mark, loses its leading and trailing glyphs, and a line that
runs across other marks of the legend is cut there, by character offsets, where the text has a
space; with no space at a cut ("InflowOutflow") the entry gets no name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mmrag.ingestion.charts.axes import Box
from mmrag.ingestion.ocr.base import OcrLine

MarkTest = Callable[[int, int, int, int, int, float], bool]
"""Whether a component (x, y, width, height, area; then the text line height) is a legend mark."""

#: A mark read as glyphs before a name: "+", "--", "_-", "-o-" (a marker read as a letter or
#: digit between dashes), "0- " (one before a space); never the start of a word ("e-Bikes").
_LEADING_GLYPHS = re.compile(
    r"^(?:(?:[^\w(\[]|_)+(?:[^\W_](?:[^\w\s(\[]|_)+)?|[^\W_](?:[^\w\s(\[]|_)+(?=\s))\s*"
)
#: A mark read as glyphs after a name: " --", " +", "--" glued on; brackets and "%" stay.
_TRAILING_GLYPHS = re.compile(r"(?:\s+[^\w\s()\[\]%]+|[-–—_=~|*+•·■●▲◆]+)$")
_SNAP = 2  # characters a cut may move to reach a space
_REACH_BACK = 2.0  # line heights a loose box may start left of its mark


@dataclass(frozen=True)
class LegendEntry:
    """One legend entry: the series name and its mark's box (image pixels)."""

    name: str
    box: Box


def legend_marks(mask: npt.NDArray[np.uint8], line_height: float, is_mark: MarkTest) -> list[Box]:
    """The components of ``mask`` (one colour) that ``is_mark`` accepts, as boxes."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    return [
        (float(x), float(y), float(x + w), float(y + h))
        for x, y, w, h, area in stats[1:count].tolist()
        if is_mark(x, y, w, h, area, line_height)
    ]


def legend_entries(
    marks: Sequence[Box],
    lines: Sequence[OcrLine],
    line_height: float,
    every: Sequence[Box] = (),
) -> list[LegendEntry]:
    """Each of ``marks`` that has a name just right of it, top to bottom. ``every`` holds the
    marks of all the legend's colours: a text line running across one of them is cut there."""
    entries = []
    for mark in marks:
        name = text_right_of(mark, lines, line_height, every)
        if name:
            entries.append(LegendEntry(name, mark))
    return sorted(entries, key=lambda e: (e.box[1], e.box[0]))


def single_name(entries: Sequence[LegendEntry]) -> str | None:
    """The one name the entries give their colour, or None (none, or several)."""
    names = {entry.name for entry in entries}
    return names.pop() if len(names) == 1 else None


def text_right_of(
    mark: Box, lines: Sequence[OcrLine], line_height: float, every: Sequence[Box] = ()
) -> str:
    """The name on the text line that starts just right of ``mark`` (or over it, the mark read
    as a glyph, or, cut at the mark, before it) on its row and runs on past it, up to the next
    mark of ``every`` on the row; "" unless exactly one line gives a name."""
    cy = (mark[1] + mark[3]) / 2
    row = [m for m in every if m != mark and abs((m[1] + m[3]) / 2 - cy) <= 0.6 * line_height]
    before = max((m[2] for m in row if m[2] <= mark[0]), default=-float("inf"))
    stop = min((m[0] for m in row if m[0] >= mark[2]), default=float("inf"))
    names = [
        name
        for ln in lines
        if ln.box[0] <= mark[2] + 2.5 * line_height
        and ln.box[2] >= mark[2] + 0.5 * line_height
        and abs((ln.box[1] + ln.box[3]) / 2 - cy) <= 0.6 * line_height
        and (name := _name_between(ln, mark, (before, stop), row, line_height))
    ]
    return names[0] if len(names) == 1 else ""


def _name_between(
    line: OcrLine,
    mark: Box,
    neighbours: tuple[float, float],
    row: Sequence[Box],
    line_height: float,
) -> str:
    """The part of ``line`` right of ``mark`` and left of the next mark on the row, glyphs
    stripped: the line as a whole unless it runs over the mark before (``neighbours[0]``, its
    right edge) or the mark after (``neighbours[1]``, its left edge), where it is cut; "" when
    a cut falls inside a word, or the line starts far left of the mark with no mark between
    (a title on the legend's row, not a name)."""
    text = " ".join(line.text.split())
    before, stop = neighbours
    starts_before = line.box[0] < before - 0.5 * line_height  # the name before is on it
    if not starts_before and line.box[0] < mark[0] - _REACH_BACK * line_height:
        return ""
    ends_after = line.box[2] > stop + 0.5 * line_height
    gaps = [(m[0], m[2]) for m in (*row, mark) if line.box[0] < m[0] and m[2] < line.box[2]]
    first = _cut_at(text, line.box, gaps, mark[2]) if starts_before else 0
    last = _cut_at(text, line.box, gaps, stop) if ends_after else len(text)
    if first is None or last is None or last <= first:
        return ""
    return _TRAILING_GLYPHS.sub("", _LEADING_GLYPHS.sub("", text[first:last].strip())).strip()


def _cut_at(text: str, box: Box, gaps: Sequence[tuple[float, float]], x: float) -> int | None:
    """The index of the space in ``text`` nearest the character at ``x``, within
    :data:`_SNAP` characters (None when there is none). The characters are spread evenly over
    ``box`` less the ``gaps`` in it (the marks between merged names carry none)."""
    spans = _spans((box[0], box[2]), sorted(gaps))
    inked = sum(end - start for start, end in spans)
    if inked <= 0:
        return None
    before = sum(max(0.0, min(end, x) - start) for start, end in spans)
    index = round(before / inked * len(text))
    found = [i for i in range(index - _SNAP, index + _SNAP + 1) if 0 <= i < len(text)]
    spaces = [i for i in found if text[i] == " "]
    return min(spaces, key=lambda i: abs(i - index)) if spaces else None


def _spans(
    extent: tuple[float, float], gaps: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """``extent`` less the (sorted) ``gaps``."""
    spans = []
    start = extent[0]
    for gap_start, gap_end in gaps:
        if gap_start > start:
            spans.append((start, min(gap_start, extent[1])))
        start = max(start, gap_end)
    if start < extent[1]:
        spans.append((start, extent[1]))
    return spans
