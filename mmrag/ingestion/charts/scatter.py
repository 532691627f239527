"""Labelled scatter plots read from pixels and OCR boxes: which point has which label and values.

A scatter plot's OCR gives loose words ("PS-7", "450", "1,500", "kWh per ML") and no positions
of the points. This module finds the markers (small filled discs or squares of one non-grey
colour, all about one size), calibrates both axes from their numeric tick labels (a linear fit
each, via :func:`mmrag.ingestion.charts.axes.fit_scale`), and pairs every marker with the short
text label beside it; a longer text beside a point ("Quarry Road booster") becomes its note.

Precision beats recall: no reading when a marker has no label, a label is ambiguous, either axis
cannot be calibrated, or the picture holds other coloured graphics (bars, pie wedges, lines: a
line chart's markers sit on its line and are not read; photos). Only coloured markers are
looked for: black or grey ones cannot be told from text strokes and axis lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mmrag.ingestion.charts.axes import (
    MIN_OCR_SCORE,
    Box,
    ChartText,
    LinearScale,
    TickAxis,
    aligned_groups,
    as_rgb,
    best_axis,
    has_word,
    left_edge,
    reading_or_nothing,
    right_edge,
    saturated,
)
from mmrag.ingestion.ocr.base import Image, OcrLine
from mmrag.platform.chart_text import estimated, format_reading, point_head

_MIN_MARKER = 5  # px: smaller blobs are noise or punctuation
_MAX_MARKER_FRAC = 0.06  # of the image's shorter side: larger blobs are not markers
_MIN_ROUNDNESS = 0.35  # inscribed radius / shorter side (disc, square: ~0.5; strokes: ~0.15)
_MAX_CORE_STD = 16.0  # per-channel spread of a marker's inner pixels: one flat colour
_MAX_CANDIDATES = 400  # more marker-like blobs than this: a photo or a texture
_MAX_STRAY = 0.5  # coloured pixels outside markers and text, per marker pixel
_MIN_POINTS = 3
_SHORT_LABEL = (2, 20)  # words, characters: a point's name rather than an annotation
_NOT_A_TITLE = re.compile(r"^(fig(ure)?|table|source)\b", re.I)


@dataclass(frozen=True)
class ScatterPoint:
    """One labelled point: its label, note, values read off the axes and marker box."""

    label: str  # "PS-7"
    note: str  # a longer annotation beside the point ("Quarry Road booster"), or ""
    x: float
    y: float
    x_text: str  # the values as shown, to the axes' precision: "761", "47.5%"
    y_text: str
    box: Box  # the marker, (x0, y0, x1, y1) in image pixels


@dataclass(frozen=True)
class ScatterChart:
    """The labelled points of one scatter plot, left to right, and its axis titles."""

    x_title: str  # "" when OCR found none
    y_title: str
    y_unit: str  # written after y values when the ticks have no unit ("kWh per ML")
    points: tuple[ScatterPoint, ...]


@dataclass(frozen=True)
class _Marker:
    box: Box
    cx: float
    cy: float
    area: int  # pixels of its component

    @property
    def size(self) -> float:
        return max(self.box[2] - self.box[0], self.box[3] - self.box[1])


def read_scatter_chart(image: Image, lines: Sequence[OcrLine]) -> ScatterChart | None:
    """The labelled points of a scatter plot in ``image``, or None when it is not one.

    ``lines`` are OCR lines of the same image (pixel boxes in its coordinates).
    """
    rgb = as_rgb(image)
    texts = [ChartText.of(ln) for ln in lines if ln.score >= MIN_OCR_SCORE and has_word(ln.text)]
    if len(texts) < _MIN_POINTS + 4:  # labels and two ticks per axis at least
        return None
    markers, odd = _markers(rgb, texts)
    if len(markers) < _MIN_POINTS:
        return None
    line_height = float(np.median([t.height for t in texts]))
    x_axis = _x_axis(texts, markers, line_height)
    y_axis = _y_axis(texts, markers, line_height)
    if x_axis is None or y_axis is None:
        return None
    if any(_in_plot(m, x_axis, y_axis) for m in odd):
        return None  # a point of another size (a bubble chart?) would go unread
    inside = [m for m in markers if _in_plot(m, x_axis, y_axis)]
    return _chart(inside, texts, x_axis, y_axis, line_height, rgb.shape[1])


def _chart(
    markers: list[_Marker],
    texts: list[ChartText],
    x_axis: TickAxis,
    y_axis: TickAxis,
    line_height: float,
    width: int,
) -> ScatterChart | None:
    """Name the markers from the non-numeric texts, then the axes from what is left."""
    ticks = {id(t) for t in (*x_axis.ticks, *y_axis.ticks)}
    free = [t for t in texts if id(t) not in ticks and t.number is None]
    named = _label_points(markers, free, line_height)
    if named is None or len(named) < _MIN_POINTS:
        return None
    used = {id(t) for _, parts in named for t in parts}
    rest = [t for t in free if id(t) not in used]
    x_title = _x_title(rest, x_axis, line_height)
    y_title = _y_title(rest, y_axis, line_height, width)
    points = [_point(marker, parts, x_axis.scale, y_axis.scale) for marker, parts in named]
    unit = "" if y_axis.scale.unit or y_axis.scale.prefix else _unit_of(y_title)
    return ScatterChart(x_title, y_title, unit, tuple(sorted(points, key=lambda p: p.x)))


def describe_scatter_chart(chart: ScatterChart) -> str:
    """Compact text: every point's values, then the highest and lowest by the y (vertical) value.

    "≈" marks values read off the axes.
    """
    head = point_head([("x", chart.x_title), ("y", chart.y_title)])
    items = [f"{_name(p)} (x {estimated(p.x_text)}, y {estimated(p.y_text)})" for p in chart.points]
    unit = f" {chart.y_unit}" if chart.y_unit else ""
    extremes = [(p.y, f"{_name(p)} (y {estimated(p.y_text)}{unit})") for p in chart.points]
    return format_reading(head, items, extremes)


def scatter_chart_text(image: Image, lines: Sequence[OcrLine]) -> str:
    """:func:`describe_scatter_chart` of the scatter plot in ``image``; "" when there is none."""
    return reading_or_nothing(
        "scatter", lambda: read_scatter_chart(image, lines), describe_scatter_chart
    )


def _name(point: ScatterPoint) -> str:
    return f"{point.label} {point.note}" if point.note else point.label


# --- markers in pixels --------------------------------------------------------------------------


def _markers(rgb: Image, texts: Sequence[ChartText]) -> tuple[list[_Marker], list[_Marker]]:
    """Marker blobs of about one size, and the other disc-like blobs; neither when coloured
    graphics other than discs and text are about (bars, wedges, lines, a photo)."""
    import cv2

    coloured = saturated(rgb)
    count, found, boxes, centres = cv2.connectedComponentsWithStats(coloured, connectivity=8)
    labels = np.asarray(found, dtype=np.int32)
    stats = np.asarray(boxes, dtype=np.int32)
    centroids = np.asarray(centres, dtype=np.float64)
    candidates = _marker_shaped(stats[1:count], min(rgb.shape[:2]))
    if len(candidates) > _MAX_CANDIDATES:
        return [], []
    discs = [
        marker
        for index in candidates
        if (marker := _flat_disc(index + 1, stats, centroids, labels, rgb)) is not None
        and _text_cover(marker.box, texts) <= 0.6
    ]
    markers = _common_size(discs)
    if len(markers) < _MIN_POINTS:
        return [], []
    stray = _stray_colour(coloured, discs, texts)
    if stray > _MAX_STRAY * sum(m.area for m in markers):
        return [], []
    return markers, [d for d in discs if d not in markers]


def _marker_shaped(stats: npt.NDArray[np.int32], short_side: int) -> list[int]:
    """Indices of components about as wide as high, small, and filling their box like a disc."""
    if len(stats) == 0:
        return []
    w, h, area = stats[:, 2], stats[:, 3], stats[:, 4]
    largest = max(_MIN_MARKER, _MAX_MARKER_FRAC * short_side)
    ok = (
        (np.minimum(w, h) >= _MIN_MARKER)
        & (np.maximum(w, h) <= largest)
        & (np.maximum(w, h) <= 1.4 * np.minimum(w, h))
        & (area >= 0.6 * w * h)
    )
    return [int(i) for i in np.flatnonzero(ok)]


def _flat_disc(
    label: int,
    stats: npt.NDArray[np.int32],
    centroids: npt.NDArray[np.float64],
    labels: npt.NDArray[np.int32],
    rgb: Image,
) -> _Marker | None:
    """The component as a marker when it is solid (not a ring or a glyph) and of one colour."""
    import cv2

    x, y, w, h, area = (int(v) for v in stats[label])
    inside = (labels[y : y + h, x : x + w] == label).astype(np.uint8)
    depth = cv2.distanceTransform(np.pad(inside, 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
    radius = float(depth.max())
    if radius < _MIN_ROUNDNESS * min(w, h):
        return None
    core = rgb[y : y + h, x : x + w][depth >= max(1.5, 0.5 * radius)]
    if len(core) == 0 or float(core.std(axis=0).max()) > _MAX_CORE_STD:
        return None
    cx, cy = (float(v) for v in centroids[label])
    return _Marker((float(x), float(y), float(x + w), float(y + h)), cx, cy, area)


def _common_size(discs: list[_Marker]) -> list[_Marker]:
    """The markers of one plot: the discs within half to twice the most common size (a point
    drawn larger for emphasis is still a point; punctuation and bubbles are not)."""
    best: list[_Marker] = []
    for seed in discs:
        alike = [d for d in discs if abs(d.size - seed.size) <= 0.3 * seed.size]
        if len(alike) > len(best):
            best = alike
    if not best:
        return []
    size = float(np.median([d.size for d in best]))
    return [d for d in discs if 0.5 * size <= d.size <= 2 * size]


def _text_cover(box: Box, texts: Sequence[ChartText]) -> float:
    """Share of ``box`` inside OCR text boxes (a coloured letter "o" looks like a disc)."""
    area = (box[2] - box[0]) * (box[3] - box[1])
    covered = sum(
        max(0.0, min(box[2], t.box[2]) - max(box[0], t.box[0]))
        * max(0.0, min(box[3], t.box[3]) - max(box[1], t.box[1]))
        for t in texts
    )
    return covered / area if area > 0 else 1.0


def _stray_colour(
    coloured: npt.NDArray[np.uint8], discs: Sequence[_Marker], texts: Sequence[ChartText]
) -> int:
    """Coloured pixels neither in a disc nor in a text box: bars, wedges, lines, photos."""
    explained = np.zeros_like(coloured)
    height, width = coloured.shape
    for x0, y0, x1, y1 in [d.box for d in discs] + [t.box for t in texts]:
        explained[
            max(0, int(y0)) : min(height, int(np.ceil(y1)) + 1),
            max(0, int(x0)) : min(width, int(np.ceil(x1)) + 1),
        ] = 1
    return int(np.count_nonzero(coloured & (1 - explained)))


# --- axes ---------------------------------------------------------------------------------------


def _x_axis(
    texts: Sequence[ChartText], markers: Sequence[_Marker], line_height: float
) -> TickAxis | None:
    """The row of numeric tick labels under the markers whose values grow to the right."""
    numeric = [t for t in texts if t.number is not None]
    lowest_markers = sorted(m.cy for m in markers)[-_MIN_POINTS]  # 3 or more markers above it
    rows = [
        row
        for row in aligned_groups(numeric, lambda t: t.cy, 0.5 * line_height)
        if min(t.box[1] for t in row) >= lowest_markers
    ]
    return best_axis(rows, lambda t: t.cx, 2 * line_height, rising=True)


def _y_axis(
    texts: Sequence[ChartText], markers: Sequence[_Marker], line_height: float
) -> TickAxis | None:
    """The column of numeric tick labels beside the markers whose values grow upwards."""
    numeric = [t for t in texts if t.number is not None]
    xs = sorted(m.cx for m in markers)
    left_of, right_of = xs[_MIN_POINTS - 1], xs[-_MIN_POINTS]
    aligned = aligned_groups(numeric, left_edge, 0.6 * line_height) + aligned_groups(
        numeric, right_edge, 0.6 * line_height
    )
    columns = [
        column
        for column in aligned
        if max(t.box[2] for t in column) <= left_of or min(t.box[0] for t in column) >= right_of
    ]
    return best_axis(columns, lambda t: t.cy, 2 * line_height, rising=False)


def _in_plot(marker: _Marker, x_axis: TickAxis, y_axis: TickAxis) -> bool:
    """Whether the marker is within a tick step of both axes' ranges, inside the tick labels."""
    sx, sy = x_axis.scale, y_axis.scale
    x_ends = sorted(sx.position_of(v) for v in (sx.low - sx.step, sx.high + sx.step))
    y_ends = sorted(sy.position_of(v) for v in (sy.low - sy.step, sy.high + sy.step))
    above_ticks = marker.cy < min(t.box[1] for t in x_axis.ticks)
    beside_ticks = not (
        min(t.box[0] for t in y_axis.ticks) <= marker.cx <= max(t.box[2] for t in y_axis.ticks)
    )
    within = x_ends[0] <= marker.cx <= x_ends[1] and y_ends[0] <= marker.cy <= y_ends[1]
    return above_ticks and beside_ticks and within


# --- labels and titles --------------------------------------------------------------------------


def _label_points(
    markers: Sequence[_Marker], texts: Sequence[ChartText], line_height: float
) -> list[tuple[_Marker, list[ChartText]]] | None:
    """Each marker with its label (then notes); None when one has none or two share a label."""
    if not markers:
        return None
    diameter = float(np.median([m.size for m in markers]))
    reach = max(2 * diameter, line_height)
    near: list[list[tuple[float, ChartText]]] = [[] for _ in markers]
    for text in texts:
        if text.height > 1.8 * line_height:
            continue  # rotated or display text
        distances = sorted((_distance(m, text.box), i) for i, m in enumerate(markers))
        nearest, index = distances[0]
        if nearest > reach:
            continue
        if len(distances) > 1 and distances[1][0] - nearest < 0.5 * diameter:
            continue  # as near to another point: whose it is cannot be told
        near[index].append((nearest, text))
    named: list[tuple[_Marker, list[ChartText]]] = []
    for marker, candidates in zip(markers, near, strict=True):
        if not candidates:
            return None  # an unnamed point could be the highest or lowest
        shorts = [c for c in candidates if _is_short(c[1].text)] or candidates
        label = min(shorts, key=lambda c: c[0])[1]
        notes = sorted((t for _, t in candidates if t is not label), key=lambda t: t.box[1::-1])
        named.append((marker, [label, *notes]))
    names = [parts[0].text.lower() for _, parts in named]
    return named if len(set(names)) == len(names) else None


def _distance(marker: _Marker, box: Box) -> float:
    """From the marker's centre to the nearest point of ``box`` (0 inside it)."""
    dx = max(box[0] - marker.cx, 0.0, marker.cx - box[2])
    dy = max(box[1] - marker.cy, 0.0, marker.cy - box[3])
    return float(np.hypot(dx, dy))


def _is_short(text: str) -> bool:
    words, chars = _SHORT_LABEL
    return len(text.split()) <= words and len(text) <= chars


def _x_title(texts: Sequence[ChartText], x_axis: TickAxis, line_height: float) -> str:
    """The text right under the x tick labels and within their span, if any."""
    bottom = max(t.box[3] for t in x_axis.ticks)
    left = min(t.box[0] for t in x_axis.ticks)
    right = max(t.box[2] for t in x_axis.ticks)
    candidates = [
        t
        for t in texts
        if bottom - 0.3 * line_height <= t.box[1] <= bottom + 2 * line_height
        and t.box[0] < right
        and t.box[2] > left
        and _may_be_title(t, line_height)
    ]
    return min(candidates, key=lambda t: t.box[1]).text if candidates else ""


def _y_title(texts: Sequence[ChartText], y_axis: TickAxis, line_height: float, width: int) -> str:
    """The short text right above the y tick labels (a horizontal axis title), if any."""
    top = min(y_axis.ticks, key=lambda t: t.box[1])
    left = min(t.box[0] for t in y_axis.ticks) - line_height
    right = max(t.box[2] for t in y_axis.ticks) + line_height
    candidates = [
        t
        for t in texts
        if top.box[1] - 2 * line_height <= t.box[3] <= top.cy
        and t.box[0] < right
        and t.box[2] > left
        and t.width <= 0.35 * width
        and _may_be_title(t, line_height)
    ]
    return max(candidates, key=lambda t: t.box[3]).text if candidates else ""


def _may_be_title(text: ChartText, line_height: float) -> bool:
    return text.height <= 1.8 * line_height and _NOT_A_TITLE.match(text.text) is None


def _unit_of(title: str) -> str:
    """What a y value is counted in: a title's closing "(kWh/ML)", or a short title itself."""
    match = re.search(r"\(([^()]+)\)\s*$", title)
    if match is not None:
        return match[1].strip()
    return title if len(title.split()) <= 4 else ""


def _point(
    marker: _Marker, parts: list[ChartText], sx: LinearScale, sy: LinearScale
) -> ScatterPoint:
    x, x_text = sx.estimate(marker.cx)
    y, y_text = sy.estimate(marker.cy)
    note = " ".join(t.text for t in parts[1:])
    return ScatterPoint(parts[0].text, note, x, y, x_text, y_text, marker.box)
