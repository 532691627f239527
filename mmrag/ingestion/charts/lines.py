"""Line charts read from pixels and OCR boxes: each line's value at each category of the x axis.

A line chart's OCR gives its tick labels ("2019", "Mar", "40") and legend names, not its values.
This module

* calibrates the value axis: a column of numeric tick labels (:func:`~.axes.best_axis`);
* takes the categories from the nearest row of labels under it, on an evenly spaced grid (OCR
  boxes are loose; a row the OCR merged into one line is split into its words when every word
  is a time: "Jan Feb Mar", "2019 2020");
* finds each line as one clearly coloured colour in the plot, with its anti-aliased edge, each
  pixel going to the line whose colour explains it best; the greys drawn in the plot (axes,
  frames, a grey line) compete for their pixels too, and a grey line is read when the legend
  of the coloured lines names it (a report's "last year" in grey, dashed);
* names it by its legend entry: a short stroke (or a filled square) of its colour with the name
  just right of it (:mod:`.legend`, which also cuts a legend row the OCR read as one line);
* fits each line's straight segment between neighbouring categories (away from markers and
  crossings), moves the categories onto the grid through the lines' corners (exact, where the
  label boxes are not), and reads each line's value where its segments meet at a category
  (else its pixels there, else its segment extended);
* takes a point's value from the value label printed at it ("3,480" over the point) where one
  agrees with the reading to a tenth of a tick step: exact, not "≈".

The reading, in the format of :mod:`mmrag.platform.chart_text`::

    Line values (North basin): 2019 ≈51.2; 2020 ≈44; 2021 ≈57
    Highest (North basin): 2021 ≈57
    Lowest (North basin): 2020 ≈44

Precision beats recall: no reading without a numeric value axis (or with two that disagree),
with fewer than two categories or unevenly spaced ones, when a line bends between categories or
runs past the first or last one (points with no label: the extremes would be wrong), when a
colour is not a thin connected line (bars, areas, scatter points) or holds two lines, when
several lines are not all named by the legend, or when other ink is drawn in the plot (a grey
or black line the legend does not name, an arrow). Only a chart with a coloured line is read: a
grey line alone cannot be told from gridlines, axes and text strokes without a coloured legend
to place its entry. A line missed at some category (under the legend) gets its values but no
extremes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from mmrag.ingestion.charts.axes import (
    COLOUR_TOL,
    Box,
    ChartText,
    TickAxis,
    aligned_groups,
    as_rgb,
    best_axis,
    has_word,
    left_edge,
    readable_lines,
    reading_or_nothing,
    right_edge,
    saturated,
)
from mmrag.ingestion.charts.legend import (
    LegendEntry,
    legend_entries,
    legend_marks,
    single_name,
)
from mmrag.ingestion.ocr.base import Image, OcrLine
from mmrag.platform.chart_text import estimated, format_reading, line_head, values_line

Mask = npt.NDArray[np.bool_]

_MIN_TICKS = 3  # numeric labels on the value axis
_SPACING_TOL = 0.3  # of the pitch: a label's centre is this near its place on the grid
_MERGED_SLACK = 0.5  # of the pitch: a word's estimated centre in a line of merged labels
_CORNER_REACH = 0.2  # of the pitch: a line's corner is this near its category
_CORNER_FIT = 0.1  # of the pitch: the lines' corners are this near their evenly spaced grid
_CORNER_BLUR = 0.03  # of the pitch: a corner is located when its uncertainty is below this
_ROW_NOISE = 1.5  # pixels: how far a line's row, read in a column, strays from its centre
_MAX_LINES = 8  # more colours than this: not a line chart
_MAX_GREYS = 3  # greys drawn in the plot that are told apart (axes, frames, grey lines)
_LABEL_TOL = 0.1  # of the tick step: a value label this near the reading is the point's
_MIN_LINE_SHARE = 0.25  # pixels of a line's colour per pixel of the categories' span
_MAX_STRAY_SHARE = 0.15  # unexplained ink per pixel of the categories' span
_TIME_WORD = re.compile(
    r"^(?:\d{1,4}|q[1-4]|h[12]|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sept?"
    r"|oct|nov|dec|january|february|march|april|june|july|august|september|october|november"
    r"|december)\.?$",
    re.IGNORECASE,
)
"""A word that is a category on its own: a year or day number, a quarter, a month, a weekday."""
_SPECK = 2  # pixels: a run of this few in a column is noise
_FIT_COLUMNS = 12  # columns a segment is fitted through
_MAX_PAPER_SHARE = 0.6  # a line's anti-aliased edge: its colour blended with at most this of paper
_PAPER_DIFF = 24  # a pixel this near the paper in every channel is paper, not a line
_INK_MAX = 200  # a pixel with every channel above this (and grey) is paper, not ink


@dataclass(frozen=True)
class LinePoint:
    """One line's value at one category: the label, the value and its text as shown."""

    label: str
    value: float
    value_text: str  # to the axis' precision: "51.2", "44%"; or as its value label prints it
    labelled: bool = False  # taken from a value label printed at the point (exact)


@dataclass(frozen=True)
class LineSeries:
    """One line of the chart: its legend name ("" for the one line of an unnamed chart), its
    colour and its points, left to right."""

    name: str
    colour: tuple[int, int, int]
    points: tuple[LinePoint, ...]


@dataclass(frozen=True)
class LineChart:
    """The lines of one chart, in legend order, and the x axis' categories."""

    series: tuple[LineSeries, ...]
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Category:
    label: str
    x: float  # centre
    top: float  # of its label


@dataclass(frozen=True)
class _Plot:
    """Where the lines are read: the categories, the value axis and the pixel bounds."""

    categories: tuple[_Category, ...]
    axis: TickAxis
    line_height: float
    left: int
    top: int
    right: int
    bottom: int

    @property
    def pitch(self) -> float:
        """Pixels from one category to the next."""
        xs = [c.x for c in self.categories]
        return float(np.median(np.diff(xs)))

    @property
    def lowest_tick(self) -> float:
        """The row of the value axis' lowest tick label: no data lies further down."""
        return max(t.cy for t in self.axis.ticks)

    @property
    def span(self) -> float:
        """Pixels from the first category to the last."""
        return self.categories[-1].x - self.categories[0].x


@dataclass(frozen=True)
class _Ink:
    """One line's pixels in the plot and the other lines' (where it may be hidden), stored by
    column (``[x, y]``): a line is read down narrow columns."""

    own: Mask
    others: Mask

    @classmethod
    def of(cls, own: Mask, others: Mask) -> _Ink:
        """The ink of image-shaped (``[y, x]``) masks."""
        return cls(np.ascontiguousarray(own.T), np.ascontiguousarray(others.T))


@dataclass(frozen=True)
class _Trace:
    """One colour's line: its colour, legend entries and pixels."""

    colour: tuple[int, int, int]
    entries: tuple[LegendEntry, ...]
    ink: _Ink


class _NotALine(Exception):
    """A colour is not one line with its points at the categories: two lines of one colour
    (two runs down most columns), or a line that bends between categories."""


def read_line_chart(image: Image, lines: Sequence[OcrLine]) -> LineChart | None:
    """The lines of a line chart in ``image``, or None when it is not one (or is ambiguous).

    ``lines`` are OCR lines of the same image (pixel boxes in its coordinates).
    """
    rgb = as_rgb(image)
    readable, line_height = readable_lines(lines)
    plot = _frame(rgb.shape[:2], readable, line_height)
    if plot is None:
        return None
    traces = _traces(rgb, plot, readable, _text_mask(rgb.shape[:2], lines, line_height))
    if traces is None:
        return None
    try:
        xs = [c.x for c in plot.categories]
        segments = [_segments(t.ink, xs, plot) for t in traces]
        plot = _calibrated(plot, segments)
        rows = [_rows(t.ink, found, plot) for t, found in zip(traces, segments, strict=True)]
    except _NotALine:
        return None
    return _named(traces, rows, plot, _value_labels(readable, plot))


def describe_line_chart(chart: LineChart) -> str:
    """Per line: its values, then its highest and lowest (``Highest (North basin): 2021 ≈57``;
    plain ``Highest: ...`` for the one line of an unnamed chart). "≈" marks every value: all
    are read off the axis. A line not read at every category (hidden under a legend, a gap in
    its data) gets its values only: the one missed could be its highest."""
    readings = []
    for series in chart.series:
        items = [
            f"{p.label} {p.value_text if p.labelled else estimated(p.value_text)}"
            for p in series.points
        ]
        head = line_head(series.name)
        if len(series.points) < len(chart.categories):
            readings.append(values_line(head, items))
            continue
        extremes = [(p.value, item) for p, item in zip(series.points, items, strict=True)]
        readings.append(format_reading(head, items, extremes, of=series.name))
    return "\n".join(readings)


def line_chart_text(image: Image, lines: Sequence[OcrLine]) -> str:
    """:func:`describe_line_chart` of the line chart in ``image``; "" when there is none."""
    return reading_or_nothing("line", lambda: read_line_chart(image, lines), describe_line_chart)


# --- axes ---------------------------------------------------------------------------------------


def _frame(shape: tuple[int, ...], lines: Sequence[OcrLine], line_height: float) -> _Plot | None:
    """The plot the lines are read in: its value axis and categories from the OCR lines; None
    without either, or when they leave no room for a plot."""
    texts = [ChartText.of(ln) for ln in lines if has_word(ln.text)]
    if len(texts) < _MIN_TICKS + 2:
        return None
    axis = _value_axis(texts, line_height, shape[1])
    if axis is None:
        return None
    categories = _categories(texts, axis, line_height, shape[1])
    if categories is None:
        return None
    plot = _plot(shape, axis, categories, line_height)
    small = min(plot.bottom - plot.top, plot.right - plot.left) < 2 * line_height
    return None if small else plot


def _value_axis(texts: Sequence[ChartText], line_height: float, width: int) -> TickAxis | None:
    """The column of numeric tick labels, values growing upwards, beside the plot; None when
    there is none or a second one on the other side disagrees (twin axes: which line is read
    on which?)."""
    numeric = [t for t in texts if t.number is not None]
    columns = aligned_groups(numeric, right_edge, 0.6 * line_height) + aligned_groups(
        numeric, left_edge, 0.6 * line_height
    )
    sides = [
        best_axis(
            [c for c in columns if (np.mean([t.cx for t in c]) < width / 2) == left],
            lambda t: t.cy,
            2 * line_height,
            rising=False,
        )
        for left in (True, False)
    ]
    found = [a for a in sides if a is not None and len(a.ticks) >= _MIN_TICKS]
    if len(found) == 2 and not _same_scale(found[0], found[1]):
        return None
    return found[0] if found else None


def _same_scale(one: TickAxis, other: TickAxis) -> bool:
    """Whether two axes give the same values at their ticks (one axis labelled on both sides)."""
    tolerance = 0.1 * one.scale.step
    return all(
        abs(one.scale.value_at(t.cy) - other.scale.value_at(t.cy)) <= tolerance
        for t in (*one.ticks, *other.ticks)
    )


def _categories(
    texts: Sequence[ChartText], axis: TickAxis, line_height: float, width: int
) -> tuple[_Category, ...] | None:
    """The x axis' categories: the nearest row of two labels or more under the value axis'
    lowest tick, on the plot's side of it, one label per text line or (OCR merged them) per
    word."""
    ticks = {id(t) for t in axis.ticks}
    column_left = min(t.box[0] for t in axis.ticks)
    column_right = max(t.box[2] for t in axis.ticks)
    on_left = (column_left + column_right) / 2 < width / 2
    lowest = max(t.cy for t in axis.ticks)
    below = [
        t
        for t in texts
        if id(t) not in ticks
        and t.box[1] >= lowest - 0.3 * line_height
        and t.height <= 1.8 * line_height
        and (t.cx > column_right if on_left else t.cx < column_left)
    ]
    rows = [
        row
        for row in aligned_groups(below, lambda t: t.cy, 0.5 * line_height, min_size=1)
        if len(row) > 1 or len(_time_words(row[0].text)) > 1  # a lone label: a legend entry
    ]
    if not rows:
        return None
    row = sorted(min(rows, key=lambda r: min(t.cy for t in r)), key=lambda t: t.cx)
    found = _on_grid(row, each_word=False) or _on_grid(row, each_word=True)
    if found is None or len({c.label.lower() for c in found}) != len(found):
        return None
    return found


def _on_grid(row: Sequence[ChartText], *, each_word: bool) -> tuple[_Category, ...] | None:
    """The row's labels on the evenly spaced grid through their places: one label per text
    line or (``each_word``: the OCR merged neighbouring labels) one per word, a merged line's
    words placed by their character offsets. Words are split only where every word is a time
    ("2019", "Mar", "Q3"), never a name of several words. None when there are fewer than two
    places, one is off the grid (OCR boxes are loose: a merged line's looser), or a line of one
    label is wider than a step and a half."""
    places = _places(row, each_word=each_word)
    if places is None or len(places) < 2:
        return None
    pitch, first = _fit([(i, x) for i, (_, x, _, _) in enumerate(places)])
    if pitch <= 0 or (not each_word and max(t.width for t in row) > 1.5 * pitch):
        return None
    if any(abs(x - first - pitch * i) > slack * pitch for i, (_, x, _, slack) in enumerate(places)):
        return None
    return tuple(
        _Category(label, first + pitch * i, top) for i, (label, _, top, _) in enumerate(places)
    )


def _places(
    row: Sequence[ChartText], *, each_word: bool
) -> list[tuple[str, float, float, float]] | None:
    """(label, estimated centre, top, allowed slack in steps) of each label of the row; None
    for a split that is not allowed or changes nothing."""
    if not each_word:
        return [(t.text, t.cx, t.box[1], _SPACING_TOL) for t in row]
    words = [_time_words(t.text) for t in row]
    if all(len(w) == 1 for w in words) or not all(words):
        return None
    places: list[tuple[str, float, float, float]] = []
    for text, parts in zip(row, words, strict=True):
        offset = 0
        for word in parts:
            middle = (offset + len(word) / 2) / len(text.text)
            slack = _SPACING_TOL if len(parts) == 1 else _MERGED_SLACK
            places.append((word, text.box[0] + middle * text.width, text.box[1], slack))
            offset += len(word) + 1
    return places


def _time_words(text: str) -> list[str]:
    """The words of ``text`` when every one is a time ("Jan Feb Mar"), else []."""
    words = text.split(" ")
    return words if all(_TIME_WORD.match(w) for w in words) else []


def _plot(
    shape: tuple[int, ...], axis: TickAxis, categories: tuple[_Category, ...], line_height: float
) -> _Plot:
    """The pixels lines are read in: half a step beyond the outer categories (not over the
    value axis' labels), from two tick steps above the top tick read down to the category
    labels."""
    height, width = shape[:2]
    pitch = float(np.median(np.diff([c.x for c in categories])))
    left = categories[0].x - 0.5 * pitch
    right = categories[-1].x + 0.5 * pitch
    column_left = min(t.box[0] for t in axis.ticks)
    column_right = max(t.box[2] for t in axis.ticks)
    if column_right <= categories[0].x:
        left = max(left, column_right + 1)
    else:
        right = min(right, column_left - 1)
    scale = axis.scale
    top = scale.position_of(scale.high + 2 * scale.step)  # OCR drops a lone "0" at the top
    bottom = min(c.top for c in categories)
    return _Plot(
        categories,
        axis,
        line_height,
        max(0, round(left)),
        max(0, round(top)),
        min(width, round(right)),
        min(height, round(bottom)),
    )


def _text_mask(shape: tuple[int, ...], lines: Sequence[OcrLine], line_height: float) -> Mask:
    """True inside the box of every OCR line with a word (any confidence), widened a little:
    text, not lines. A line without one ("■", "+") is a marker read as a glyph, and one more
    than two lines high is graphics read as a letter (a "V" of dashes as an "X")."""
    mask = np.zeros(shape[:2], dtype=bool)
    pad = max(1.0, 0.15 * line_height)
    height, width = shape[:2]
    for ln in lines:
        if not has_word(ln.text) or ln.box[3] - ln.box[1] > 2 * line_height:
            continue
        x0, y0, x1, y1 = ln.box
        mask[
            max(0, int(y0 - pad)) : min(height, int(np.ceil(y1 + pad))),
            max(0, int(x0 - pad)) : min(width, int(np.ceil(x1 + pad))),
        ] = True
    return mask


# --- lines in pixels ----------------------------------------------------------------------------


def _traces(
    rgb: Image, plot: _Plot, lines: Sequence[OcrLine], text_mask: Mask
) -> list[_Trace] | None:
    """Each coloured line in the plot with its legend entries and pixels; None when there is
    none, a colour is not a line, or other ink is drawn in the plot."""
    paper = _paper(rgb[plot.top : plot.bottom, plot.left : plot.right])
    colours = _line_colours(rgb, plot, text_mask, paper)
    if not colours:
        return None
    greys = _grey_colours(rgb, plot, text_mask)
    masks = _line_masks(rgb, [*colours, *greys], paper)
    masks[len(colours) :] = _without_rules(masks[len(colours) :], plot)
    marks = [_strokes(mask, plot.line_height) for mask in masks]
    for i in range(len(colours), len(masks)):  # text is drawn in greys: its glyphs are no marks
        marks[i] = [m for m in marks[i] if not _mostly_text(m, text_mask)]
    every = [mark for found in marks for mark in found]
    entries = [legend_entries(found, lines, plot.line_height, every) for found in marks]
    traces = [
        _trace(mask, _others(masks, i), colour, plot, entries[i], text_mask)
        for i, (mask, colour) in enumerate(zip(masks, [*colours, *greys], strict=True))
    ]
    found = [t for t in traces[: len(colours)] if t is not None]
    if len(found) < len(colours):
        return None
    legend = [e.box for t in found for e in t.entries]
    read, named = list(masks[: len(colours)]), []
    greys_drawn = [
        (mask, t)
        for mask, t in zip(masks[len(colours) :], traces[len(colours) :], strict=True)
        if t is not None
    ]
    if len(greys_drawn) == 1:  # one grey line: its swatch's flat fill may fall to another grey
        pooled = tuple(e for found_entries in entries[len(colours) :] for e in found_entries)
        greys_drawn = [(greys_drawn[0][0], replace(greys_drawn[0][1], entries=pooled))]
    for mask, trace in greys_drawn:
        grey = _legend_named(trace, legend, plot.line_height)
        if grey is not None:
            read.append(mask)
            named.append(grey)
    if _stray_ink(rgb, plot, read, text_mask):
        return None
    # Where a line may be hidden: under another line, not an axis or text of the same grey,
    # nor the pale grey fringe that resampling leaves along a coloured line.
    import cv2

    kernel = np.ones((3, 3), np.uint8)
    solid = read[: len(colours)] + [
        np.asarray(cv2.erode(m, kernel), np.uint8) for m in read[len(colours) :]
    ]
    return [
        replace(t, ink=_Ink(t.ink.own, np.ascontiguousarray(_others(solid, k).T)))
        for k, t in enumerate([*found, *named])
    ]


def _legend_named(trace: _Trace, legend: Sequence[Box], line_height: float) -> _Trace | None:
    """A grey line with its entries in the legend of the coloured lines (``legend``: their
    marks; on the row of one, or in the column under it), when they give it one name; else
    None (an axis, a frame, or a grey line the legend does not name: its dashes beside value
    labels are no legend)."""
    kept = tuple(
        e
        for e in trace.entries
        if any(
            abs(_middle(e.box) - _middle(box)) <= 0.6 * line_height
            or (
                abs(e.box[0] - box[0]) <= 0.6 * line_height
                and abs(_middle(e.box) - _middle(box)) <= 4 * line_height
            )
            for box in legend
        )
    )
    if not kept or single_name(kept) is None:
        return None
    own = trace.ink.own.copy()  # [x, y]: not the legend's marks (a swatch's grey outline)
    pad = round(0.3 * line_height)
    for box in legend:
        x0, y0, x1, y1 = (round(v) for v in box)
        own[max(0, x0 - pad) : x1 + pad, max(0, y0 - pad) : y1 + pad] = False
    return replace(trace, entries=kept, ink=_Ink(own, trace.ink.others))


def _middle(box: Box) -> float:
    return (box[1] + box[3]) / 2


def _line_colours(
    rgb: Image, plot: _Plot, text_mask: Mask, paper: npt.NDArray[np.int32]
) -> list[tuple[int, int, int]]:
    """The clearly coloured colours with enough pixels in the plot to be lines, most first
    (the pale fringes that anti-aliasing leaves around a line are not colours of their own);
    [] when there are too many (a photo, a heatmap)."""
    crop = rgb[plot.top : plot.bottom, plot.left : plot.right]
    region = (
        saturated(crop).astype(bool) & ~text_mask[plot.top : plot.bottom, plot.left : plot.right]
    )
    pixels = crop[region].astype(np.int32)
    least = _MIN_LINE_SHARE * plot.span
    found: list[npt.NDArray[np.int32]] = []
    for centre, _, near in _modes(pixels, _colour_bins, least, 3 * _MAX_LINES):
        if any(_is_tint(centre, line, paper) for line in found):
            continue  # the anti-aliased edge of a line found before
        if near < least:
            break
        found.append(centre)
    if len(found) > _MAX_LINES:
        return []
    return [(int(c[0]), int(c[1]), int(c[2])) for c in found]


def _grey_colours(rgb: Image, plot: _Plot, text_mask: Mask) -> list[tuple[int, int, int]]:
    """The greys inked in the plot (not text, gridline-pale or paper) with enough pixels to be
    a line, most first: an axis, a frame, a grey line. Each takes its own pixels from the
    coloured lines (a mid grey is also a pale blend of a dark colour with the paper), and a
    grey line that the legend names is read like a coloured one."""
    crop = rgb[plot.top : plot.bottom, plot.left : plot.right]
    region = (
        ~saturated(crop).astype(bool)
        & (_channel_max(crop) < _INK_MAX)
        & ~text_mask[plot.top : plot.bottom, plot.left : plot.right]
    )
    pixels = crop[region].astype(np.int32)
    least = _MIN_LINE_SHARE * plot.span
    found: list[npt.NDArray[np.int32]] = []
    for centre, in_bin, near in _modes(pixels, _grey_bins, least, 3 * _MAX_GREYS):
        # one grey drawn, not the spread of pale blends an anti-aliased edge leaves (every
        # grey is a blend of black and the paper: a tint test cannot tell them apart)
        if in_bin >= least / 2 and near >= least:
            found.append(centre)
            if len(found) >= _MAX_GREYS:
                break
    return [(int(c[0]), int(c[1]), int(c[2])) for c in found]


def _modes(
    pixels: npt.NDArray[np.int32],
    bins: Callable[[npt.NDArray[np.int32]], npt.NDArray[np.int32]],
    least: float,
    rounds: int,
) -> Iterator[tuple[npt.NDArray[np.int32], int, int]]:
    """The colours of ``pixels``, most common first: each round takes the fullest of the
    ``bins`` and yields its median colour, the pixels in that bin and the pixels within
    :data:`~.axes.COLOUR_TOL` of it, which are then set aside; until fewer than ``least``
    pixels are left or ``rounds`` are done."""
    for _ in range(rounds):
        if len(pixels) < least:
            return
        keys = bins(pixels)
        counts = np.bincount(keys)
        mode = int(np.argmax(counts))
        centre = np.median(pixels[keys == mode], axis=0).astype(np.int32)
        near = np.all(np.abs(pixels - centre) <= COLOUR_TOL, axis=1)
        pixels = pixels[~near]
        yield centre, int(counts[mode]), int(np.count_nonzero(near))


def _colour_bins(pixels: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
    """A bin per colour, 8 levels of each channel to a step."""
    return np.asarray(
        (pixels[:, 0] >> 3) * 1024 + (pixels[:, 1] >> 3) * 32 + (pixels[:, 2] >> 3), np.int32
    )


def _grey_bins(pixels: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
    """A bin per grey level (the largest channel), 8 levels to a step."""
    return np.asarray(pixels.max(axis=1) >> 3, np.int32)


def _without_rules(
    masks: Sequence[npt.NDArray[np.uint8]], plot: _Plot
) -> list[npt.NDArray[np.uint8]]:
    """The grey ``masks`` less the straight horizontal and vertical runs longer than a text
    line that any of them holds (axes, frames, gridlines), the pixels next to those (their
    edges resampled into a paler grey) and the tick marks under the value axis' lowest tick."""
    import cv2

    if not masks:
        return []
    union = np.zeros_like(masks[0])
    for mask in masks:
        union |= mask
    floor = round(plot.lowest_tick + 0.15 * plot.line_height)
    length = max(3, round(1.5 * plot.line_height))
    rules = np.zeros_like(union)
    depth = max(7, round(0.5 * plot.line_height))  # a swatch is this thick, a rule is not
    for long, thick in (((1, length), (depth, 1)), ((length, 1), (1, depth))):
        run = np.asarray(cv2.morphologyEx(union, cv2.MORPH_OPEN, np.ones(long, np.uint8)) > 0)
        block = np.asarray(cv2.morphologyEx(union, cv2.MORPH_OPEN, np.ones(thick, np.uint8)) > 0)
        rules[run & ~block] = 255  # thin: not a filled legend swatch
    near = np.asarray(cv2.dilate(rules, np.ones((5, 5), np.uint8)), np.uint8)
    near[floor:] = 255
    return [np.asarray(mask & ~near, np.uint8) for mask in masks]


def _mostly_text(box: Box, text_mask: Mask) -> bool:
    """Whether most of ``box`` lies under OCR text (a glyph, not a legend mark)."""
    x0, y0, x1, y1 = (round(v) for v in box)
    area = text_mask[y0 : max(y1, y0 + 1), x0 : max(x1, x0 + 1)]
    return area.size > 0 and float(area.mean()) > 0.5


def _paper(crop: Image) -> npt.NDArray[np.int32]:
    """The plot's background: its most common colour."""
    sample = crop[::2, ::2].reshape(-1, 3).astype(np.int32)
    keys = (sample[:, 0] >> 3) * 1024 + (sample[:, 1] >> 3) * 32 + (sample[:, 2] >> 3)
    mode = int(np.argmax(np.bincount(keys)))
    return np.asarray(np.median(sample[keys == mode], axis=0), np.int32)


def _is_tint(
    colour: npt.NDArray[np.int32], line: npt.NDArray[np.int32], paper: npt.NDArray[np.int32]
) -> bool:
    """Whether ``colour`` is ``line`` blended with the paper (the anti-aliased edge of it)."""
    share, off = _blend(colour.reshape(1, 3), line, paper)
    return 0.0 < float(share[0]) < 1.0 and float(off[0]) <= COLOUR_TOL


def _line_masks(
    rgb: Image, colours: Sequence[tuple[int, int, int]], paper: npt.NDArray[np.int32]
) -> list[npt.NDArray[np.uint8]]:
    """The pixels of each line (255, else 0): its colour, and its anti-aliased edge (the colour
    blended with the paper, mostly the colour) that a thin line is mostly made of. A pixel goes
    to the line whose colour explains it best (an orange line's edge is not a red line)."""
    import cv2

    difference = np.asarray(cv2.absdiff(rgb, np.full_like(rgb, paper.astype(np.uint8))), np.uint8)
    inked = np.flatnonzero(_channel_max(difference) > _PAPER_DIFF)
    pixels = rgb.reshape(-1, 3)[inked]  # a line's pixels are not (nearly) paper: a few in all
    distances = []
    for colour in colours:
        share, off = _blend(pixels, np.asarray(colour, np.int32), paper)
        off[(share > _MAX_PAPER_SHARE) | (share < -1.0)] = np.inf
        distances.append(off)
    stacked = np.stack(distances)
    best = np.argmin(stacked, axis=0)
    close = stacked.min(axis=0) <= COLOUR_TOL
    masks = []
    for i in range(len(colours)):
        mask = np.zeros(rgb.shape[0] * rgb.shape[1], dtype=np.uint8)
        mask[inked[(best == i) & close]] = 255
        masks.append(mask.reshape(rgb.shape[:2]))
    return masks


def _channel_max(image: Image) -> npt.NDArray[np.uint8]:
    """Each pixel's largest channel."""
    import cv2

    red, green, blue = cv2.split(image)
    return np.asarray(cv2.max(cv2.max(red, green), blue), dtype=np.uint8)


def _blend(
    pixels: npt.NDArray[np.integer], line: npt.NDArray[np.int32], paper: npt.NDArray[np.int32]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """For each pixel, its share of paper as a blend of ``line`` and ``paper`` (0: the line's
    colour, 1: the paper's) and its largest channel distance from that blend."""
    towards = (paper - line).astype(np.float32)
    length = float(towards @ towards)
    away = pixels.astype(np.float32) - line.astype(np.float32)
    share = (away @ towards) / length if length else np.zeros(len(away), np.float32)
    off = np.abs(away - share[:, None] * towards).max(axis=1)
    return share.astype(np.float32), off.astype(np.float32)


def _others(masks: Sequence[npt.NDArray[np.uint8]], index: int) -> Mask:
    """The pixels of every line but ``index``, widened by a pixel (their anti-aliased edge):
    where line ``index`` may be hidden under (or drawn over) another."""
    import cv2

    union = np.zeros(masks[index].shape, dtype=np.uint8)
    for i, mask in enumerate(masks):
        if i != index:
            union |= mask
    return np.asarray(cv2.dilate(union, np.ones((3, 3), np.uint8)) > 0)


def _strokes(mask: npt.NDArray[np.uint8], line_height: float) -> list[Box]:
    """The legend marks among a line's pixels: short horizontal strokes (dashes joined)."""
    import cv2

    reach = np.ones((1, max(3, round(0.4 * line_height))), np.uint8)
    joined = np.asarray(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, reach), np.uint8)
    return legend_marks(joined, line_height, _is_stroke)


def _trace(
    mask: npt.NDArray[np.uint8],
    others: Mask,
    colour: tuple[int, int, int],
    plot: _Plot,
    entries: Sequence[LegendEntry],
    text_mask: Mask,
) -> _Trace | None:
    """The line of ``colour`` (its pixels ``mask``, its legend ``entries``): its pixels in the
    plot (text and legend marks removed); None when it is not a thin connected line within
    the categories."""
    pixels = np.zeros(mask.shape, dtype=bool)
    inside = (slice(plot.top, plot.bottom), slice(plot.left, plot.right))
    pixels[inside] = mask[inside] > 0
    pixels &= ~text_mask
    pad = round(0.3 * plot.line_height)
    for entry in entries:
        x0, y0, x1, y1 = (round(v) for v in entry.box)
        pixels[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = False
    if not _is_line(pixels, plot):
        return None
    return _Trace(colour, tuple(entries), _Ink.of(pixels, others))


def _is_stroke(x: int, y: int, w: int, h: int, area: int, line_height: float) -> bool:
    """A legend mark of a line: a short horizontal stroke (a marker may sit on it) or a filled
    square swatch of its colour (reportlab's legends)."""
    del x, y
    stroke = 0.8 * line_height <= w <= 4 * line_height and h <= 1.2 * line_height
    swatch = (
        0.4 * line_height <= min(w, h)
        and max(w, h) <= 2.2 * line_height
        and max(w, h) <= 1.3 * min(w, h)
        and area >= 0.7 * w * h
    )
    return (stroke and w >= 1.8 * h and area >= w) or swatch


def _is_line(pixels: Mask, plot: _Plot) -> bool:
    """Within the labelled categories (a line running past them has points without a label),
    thin (most pixels near an edge: not bars or an area) and connected along x (dashes a
    little apart, not scattered points)."""
    import cv2

    present = np.flatnonzero(pixels.any(axis=0))
    if len(present) < 0.25 * plot.span or pixels[plot.top].any():
        return False  # too little of it, or cut off at the top: tick labels are missing
    lh = plot.line_height
    margin = max(0.3 * plot.pitch, 0.4 * lh)
    if present[0] < plot.categories[0].x - margin or present[-1] > plot.categories[-1].x + margin:
        return False
    crop = pixels[plot.top : plot.bottom, plot.left : plot.right].astype(np.uint8)
    depth = cv2.distanceTransform(crop, cv2.DIST_L2, 3)[crop > 0]
    if float(np.percentile(depth, 75)) > max(3.0, 0.25 * lh):
        return False
    reach = 2 * max(2, round(0.2 * lh)) + 1
    joined = cv2.dilate(crop, np.ones((reach, reach), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    covered = np.zeros(crop.shape[1], dtype=bool)
    for x, _, w, _, _ in stats[1:count].tolist():
        if w >= 0.5 * plot.pitch:
            covered[x : x + w] = True
    start, end = present[0] - plot.left, present[-1] - plot.left + 1
    return bool(np.count_nonzero(covered[start:end]) >= 0.6 * (end - start))


@dataclass(frozen=True)
class _Run:
    """One run of a line's pixels down a narrow column: its median row, and whether another
    line touches it (part of it may be hidden, the median off)."""

    row: float
    hidden: bool


def _runs(ink: _Ink, x: float, plot: _Plot) -> list[_Run]:
    """The separate runs of the line's pixels in a 3-pixel column at ``x`` (a gap that another
    line covers does not separate them), specks left out: a pixel or two anywhere, and where
    there are several runs, the small ones touching another line (where lines cross, blended
    pixels can take a third line's colour)."""
    column = round(x)
    columns = slice(max(0, column - 1), column + 2)
    band = ink.own[columns, plot.top : plot.bottom]
    rows = np.flatnonzero(band.any(axis=0))
    if len(rows) == 0:
        return []
    covered = np.asarray(ink.others[columns, plot.top : plot.bottom].any(axis=0), dtype=bool)
    gaps = np.flatnonzero(np.diff(rows) > 0.5 * plot.line_height)
    breaks = [g + 1 for g in gaps.tolist() if not covered[rows[g] + 1 : rows[g + 1]].all()]
    weights = band[:, rows].sum(axis=0)
    runs = [
        (
            _Run(
                plot.top + float(np.median(np.repeat(run, count))),
                bool(covered[max(0, run[0] - 2) : run[-1] + 3].any()),
            ),
            int(count.sum()),
        )
        for run, count in zip(np.split(rows, breaks), np.split(weights, breaks), strict=True)
    ]
    runs = [(run, size) for run, size in runs if size > _SPECK]
    if len(runs) > 1:
        runs = [(run, size) for run, size in runs if not run.hidden or size > 3 * _SPECK]
    return [run for run, _ in runs]


def _level(ink: _Ink, x: float, plot: _Plot, *, clean: bool = False) -> float | None:
    """The line's row at ``x``; None where it has no pixels or two runs (a marker and a dash
    leaving it), or, ``clean``, where another line touches them."""
    runs = _runs(ink, x, plot)
    if len(runs) != 1 or (clean and runs[0].hidden):
        return None
    return runs[0].row


@dataclass(frozen=True)
class _Segment:
    """A straight piece of a line between two categories: row = slope * x + intercept."""

    slope: float
    intercept: float

    def at(self, x: float) -> float:
        """The segment's row at column ``x`` (extended beyond its ends)."""
        return self.slope * x + self.intercept


def _calibrated(plot: _Plot, lines: Sequence[Sequence[_Segment | None]]) -> _Plot:
    """``plot`` with its categories moved onto the evenly spaced grid through the corners of
    the lines' segments (a category's label box is loose by a few pixels; a line's bend at it
    is exact); unchanged where fewer than two categories have a visible bend. Raises
    :class:`_NotALine` when the corners are off that grid (labels and points do not pair up)."""
    xs = [c.x for c in plot.categories]
    corners: list[tuple[float, float]] = []
    for segments in lines:
        for k in range(1, len(xs) - 1):
            left, right = segments[k - 1], segments[k]
            reach = _SPACING_TOL + _CORNER_REACH  # the labels' places are loose
            corner = _corner(left, right, xs[k], plot, reach) if left and right else None
            if corner is not None:
                corners.append((float(k), corner))
    if len({k for k, _ in corners}) < 2:
        return plot
    pitch, first = _fit(corners)
    if any(abs(x - first - pitch * k) > _CORNER_FIT * pitch for k, x in corners):
        raise _NotALine  # the bends are not evenly spaced: labels and points do not pair up
    moved = (replace(c, x=first + pitch * k) for k, c in enumerate(plot.categories))
    return replace(plot, categories=tuple(moved))


def _rows(ink: _Ink, segments: Sequence[_Segment | None], plot: _Plot) -> tuple[float | None, ...]:
    """The line's row at each category: where its segments either side meet, else its pixels
    there (where no other line touches them), else its one segment extended, else its pixels
    however touched; None where it has none of these. Raises :class:`_NotALine` when it is
    read at fewer than two categories or half of them."""
    xs = [c.x for c in plot.categories]
    rows: list[float | None] = []
    for k, x in enumerate(xs):
        left = segments[k - 1] if k > 0 else None
        right = segments[k] if k < len(segments) else None
        if left is not None and right is not None:
            corner = _corner(left, right, x, plot)
            rows.append(left.at(corner) if corner is not None else (left.at(x) + right.at(x)) / 2)
            continue
        one = left or right
        row = _level(ink, x, plot, clean=True)
        if row is None:
            row = one.at(x) if one is not None else _level(ink, x, plot)
        rows.append(row)
    read = [r for r in rows if r is not None]
    if len(read) < max(2, len(rows) / 2):
        raise _NotALine
    return tuple(rows)


def _segments(ink: _Ink, xs: Sequence[float], plot: _Plot) -> list[_Segment | None]:
    """The line's segment from each category to the next (fitted over their middle half, so
    a few pixels' error in the categories' places does not matter)."""
    return [_segment(ink, a, b, plot) for a, b in itertools.pairwise(xs)]


def _segment(ink: _Ink, start: float, end: float, plot: _Plot) -> _Segment | None:
    """The line from one category to the next, fitted over the middle half (away from markers
    and joins); None where too little of it is drawn. Raises :class:`_NotALine` where it is
    not straight, measured across the line (points between the categories: their values have
    no label), or where most columns hold two runs of its colour (two lines, one colour)."""
    quarter = (end - start) / 4
    columns = np.unique(np.round(np.linspace(start + quarter, end - quarter, _FIT_COLUMNS)))
    found: list[tuple[float, float]] = []
    doubled = 0
    for x in columns.tolist():
        runs = _runs(ink, x, plot)
        doubled += len(runs) > 1
        if len(runs) == 1 and not runs[0].hidden:
            found.append((x, runs[0].row))
    if doubled > len(columns) / 2:
        raise _NotALine  # two lines of one colour
    if len(found) < 3:
        return None
    slope, intercept = _fit(found)
    across = float(np.hypot(1.0, slope))  # rows per pixel across a line this steep
    if max(abs(slope * x + intercept - row) for x, row in found) > _tolerance(plot) * across:
        raise _NotALine
    return _Segment(slope, intercept)


def _corner(
    left: _Segment, right: _Segment, x: float, plot: _Plot, reach: float = _CORNER_REACH
) -> float | None:
    """Where two segments meet (the data point at category ``x``); None where the line bends
    too little for that to be located to a few pixels (nearly straight on). Raises
    :class:`_NotALine` when it bends more than ``reach`` steps away from the category."""
    turn = abs(left.slope - right.slope)
    if turn == 0 or _ROW_NOISE / turn > _CORNER_BLUR * plot.pitch:
        return None
    corner = (right.intercept - left.intercept) / (left.slope - right.slope)
    if abs(corner - x) > reach * plot.pitch:
        raise _NotALine
    return corner


def _fit(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The least-squares line through (x, y) ``points``: its slope and intercept."""
    xs, ys = (np.array(v, dtype=np.float64) for v in zip(*points, strict=True))
    slope, intercept = np.polyfit(xs, ys, 1)
    return float(slope), float(intercept)


def _tolerance(plot: _Plot) -> float:
    """Pixels a straight line's rows may stray from it (anti-aliasing, line width)."""
    return max(3.0, 0.2 * plot.line_height)


def _stray_ink(
    rgb: Image, plot: _Plot, masks: Sequence[npt.NDArray[np.uint8]], text_mask: Mask
) -> bool:
    """Whether the plot holds much ink that is neither a read line (with its anti-aliased edge
    and legend mark), text, nor a straight rule (gridlines, axes, frames): a grey or black
    line, an arrow, a shape."""
    import cv2

    lh = plot.line_height
    floor = plot.lowest_tick - 0.5 * lh  # the axis line and its tick marks
    bottom = max(plot.top + 1, round(min(plot.bottom - 0.6 * lh, floor)))
    crop = rgb[plot.top : bottom, plot.left : plot.right]
    ink = saturated(crop).astype(bool) | (_channel_max(crop) < _INK_MAX)
    lines = np.zeros(crop.shape[:2], dtype=np.uint8)
    for mask in masks:
        lines |= mask[plot.top : bottom, plot.left : plot.right]
    size = max(3, round(0.25 * lh)) * 2 + 1
    near_lines = np.asarray(cv2.dilate(lines, np.ones((size, size), np.uint8)) > 0)
    free = ~near_lines & ~text_mask[plot.top : bottom, plot.left : plot.right]
    ink &= free
    # gridlines, dashed or not: most of their row (column) clear of lines and text is ink
    ink[ink.sum(axis=1) >= 0.4 * np.maximum(free.sum(axis=1), 1), :] = False
    ink[:, ink.sum(axis=0) >= 0.4 * np.maximum(free.sum(axis=0), 1)] = False
    inked = ink.astype(np.uint8)
    length = max(3, round(lh))
    rules = [
        np.asarray(cv2.morphologyEx(inked, cv2.MORPH_OPEN, np.ones(shape, np.uint8)) > 0)
        for shape in ((1, length), (length, 1))
    ]
    stray = int(np.count_nonzero(ink & ~rules[0] & ~rules[1]))
    return stray > _MAX_STRAY_SHARE * plot.span


# --- names and values ---------------------------------------------------------------------------


def _named(
    traces: Sequence[_Trace],
    rows: Sequence[tuple[float | None, ...]],
    plot: _Plot,
    labels: Sequence[ChartText] = (),
) -> LineChart | None:
    """The chart with each line named by its legend entry, in legend order; None when there
    are several lines and one has no single name, or two share one."""
    names = [single_name(t.entries) for t in traces]
    if len(traces) > 1 and (None in names or len(set(names)) != len(names)):
        return None
    taken = _labels_taken(rows, plot, labels)
    series = [
        (
            _legend_place(trace, name),
            LineSeries(name or "", trace.colour, _points(read, plot, taken[k])),
        )
        for k, (name, trace, read) in enumerate(zip(names, traces, rows, strict=True))
    ]
    ordered = tuple(s for _, s in sorted(series, key=lambda pair: pair[0]))
    return LineChart(ordered, tuple(c.label for c in plot.categories))


def _legend_place(trace: _Trace, name: str | None) -> tuple[float, float]:
    """Where the line's legend entry is (top to bottom, left to right)."""
    boxes = [e.box for e in trace.entries if e.name == name]
    return (boxes[0][1], boxes[0][0]) if boxes else (0.0, 0.0)


def _labels_taken(
    rows: Sequence[tuple[float | None, ...]], plot: _Plot, labels: Sequence[ChartText]
) -> list[list[ChartText | None]]:
    """For each line, at each category, the value label that is its point's
    (:func:`_label_at`), or None. The lines at a category keep their order: with as many
    labels as points there, the labels go to the points in the order of their values (two
    lines a little apart: each takes its own label, not its neighbour's nearer one)."""
    taken: list[list[ChartText | None]] = [[None] * len(plot.categories) for _ in rows]
    for c, category in enumerate(plot.categories):
        points = [(k, line[c]) for k, line in enumerate(rows) if line[c] is not None]
        values = {k: plot.axis.scale.value_at(row) for k, row in points if row is not None}
        near = [
            t
            for t in labels
            if t.number is not None
            and abs(t.cx - category.x) <= plot.pitch / 3
            and any(abs(t.cy - row) <= 2 * plot.line_height for _, row in points if row is not None)
        ]
        if len(near) == len(points) > 1:
            by_value = sorted(values, key=lambda k: values[k])
            for k, label in zip(by_value, sorted(near, key=_label_value), strict=True):
                if abs(_label_value(label) - values[k]) <= _LABEL_TOL * plot.axis.scale.step:
                    taken[k][c] = label
            continue
        for k, row in points:
            if row is not None:
                taken[k][c] = _label_at(category.x, row, values[k], near, plot)
    return taken


def _label_value(label: ChartText) -> float:
    return label.number.value if label.number is not None else 0.0


def _points(
    rows: Sequence[float | None], plot: _Plot, labels: Sequence[ChartText | None] = ()
) -> tuple[LinePoint, ...]:
    """The line's value at every category it was read at: its value label there (``labels``,
    one per category, see :func:`_labels_taken`), else read off the axis to its precision."""
    points = []
    for i, (category, row) in enumerate(zip(plot.categories, rows, strict=True)):
        if row is None:
            continue
        value, text = plot.axis.scale.estimate(row)
        label = labels[i] if i < len(labels) else None
        if label is not None and label.number is not None:
            points.append(LinePoint(category.label, label.number.value, label.text, True))
        else:
            points.append(LinePoint(category.label, value, text))
    return tuple(points)


def _value_labels(lines: Sequence[OcrLine], plot: _Plot) -> list[ChartText]:
    """The numbers printed inside the plot (not the value axis' ticks, not under the plot):
    the value labels of points, where the chart has them."""
    ticks = {t.box for t in plot.axis.ticks}
    texts = [ChartText.of(ln) for ln in lines]
    return [
        t
        for t in texts
        if t.number is not None
        and t.box not in ticks
        and plot.left <= t.cx <= plot.right
        and t.cy < plot.lowest_tick + 0.5 * plot.line_height
    ]


def _label_at(
    x: float, row: float, value: float, labels: Sequence[ChartText], plot: _Plot
) -> ChartText | None:
    """The value label of the point at (``x``, ``row``) read as ``value``: a number centred
    within a third of a step of the category, within two text lines above or below the
    point, whose value is within a tenth of the axis' tick step of the reading and clearly
    nearer to it than any other such label (two lines' labels side by side); None without."""
    step = plot.axis.scale.step
    near = sorted(
        (
            (abs(t.number.value - value), t)
            for t in labels
            if t.number is not None
            and abs(t.cx - x) <= plot.pitch / 3
            and abs(t.cy - row) <= 2 * plot.line_height
            and abs(t.number.value - value) <= _LABEL_TOL * step
        ),
        key=lambda pair: pair[0],
    )
    if not near or (len(near) > 1 and near[1][0] < 2 * near[0][0]):
        return None
    return near[0][1]
