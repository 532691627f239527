"""Pie and donut charts: each slice's name and share, read from the pixels and the OCR lines.

A pie is a disc (a donut a ring) of coloured slices. :func:`find_disc` takes the largest
coloured component and accepts it when it is round: nearly every pixel of each ring between its
inner radius (0 for a pie) and its rim is coloured. :func:`read_slices` walks the ring in half
degrees and cuts it where the colour changes, so each slice has a colour and an angular extent.
A slice is named and valued from the OCR lines around the disc: a line's centre lies at an
angle from the disc's centre, and a line inside the slice or just outside its rim belongs to
it (a percentage is its printed value, other words its name); a legend (a patch of the slice's
colour with a name beside it) names slices that have no label of their own. A slice without a
printed value gets its angular share, marked as an estimate; a legend entry may carry the value
on its name's line or on the line under it ("Residential" over "66.2%"). The reading (format of
:mod:`mmrag.platform.chart_text`)::

    Slice values: Residential 66.2%; Commercial 18.4%; Industrial 9.7%
    Highest: Residential 66.2%
    Lowest: Industrial 9.7%

Precision beats recall: a colour seen in two places on the ring, a slice without exactly one
name, or printed percentages that disagree with the angles give no reading.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mmrag.ingestion.charts.axes import (
    COLOUR_TOL,
    MIN_SATURATION,
    Box,
    as_rgb,
    colour_mask,
    parse_number,
    readable_lines,
    reading_or_nothing,
    saturated,
)
from mmrag.ingestion.charts.legend import legend_entries, legend_marks, single_name
from mmrag.ingestion.ocr.base import Image, OcrLine
from mmrag.platform.chart_text import SLICE_HEAD, estimated, format_reading

_MIN_RADIUS = 30  # pixels: a smaller disc is a marker or an icon
_ROUNDNESS = 0.85  # share of each ring between the inner radius and the rim that is coloured
_MAX_HOLE = 0.75  # a donut's hole, as a share of its radius
_STEP = 0.5  # degrees between samples of the ring
_MIN_SLICE = 1.5  # degrees: a shorter run of one colour is an edge or anti-aliasing
_LABEL_REACH = 1.2  # a label's box comes within this many radii of the centre (a title does not)
_SHARE_TOLERANCE = 3.0  # percentage points between a printed share and the slice's angle
_MISREAD_PERCENT = re.compile(r"(\d{1,3}(?:\.\d)?)(?:%\S|96|9%)")  # "48.4%" read as "48.496"


@dataclass(frozen=True)
class Disc:
    """A round coloured component: centre and radii in image pixels (inner 0 for a pie)."""

    cx: float
    cy: float
    radius: float
    inner: float


@dataclass
class Slice:
    """One slice: its colour, where it starts and how far it reaches (degrees), name, value."""

    colour: tuple[int, int, int]
    start: float
    extent: float
    name: str = ""
    value: str = ""

    @property
    def share(self) -> float:
        """Percentage of the disc."""
        return 100.0 * self.extent / 360.0

    def holds(self, angle: float) -> bool:
        """Whether ``angle`` (degrees) lies within the slice."""
        return (angle - self.start) % 360.0 <= self.extent


def pie_chart_text(image: Image, lines: Sequence[OcrLine]) -> str:
    """The reading of the pie or donut chart in ``image``; "" when there is none to read."""
    return reading_or_nothing("pie", lambda: read_pie(image, lines), describe_pie)


def describe_pie(slices: Sequence[Slice]) -> str:
    """The slices (largest first) as a reading: values line, highest and lowest."""
    items = [f"{s.name} {s.value}" for s in slices]
    extremes = [(s.share, f"{s.name} {s.value}") for s in slices]
    return format_reading(SLICE_HEAD, items, extremes)


def read_pie(image: Image, lines: Sequence[OcrLine]) -> list[Slice] | None:
    """The named, valued slices of the pie in ``image`` (largest first), or None."""
    rgb = as_rgb(image)
    disc = find_disc(rgb)
    if disc is None:
        return None
    slices = read_slices(rgb, disc)
    if slices is None or len(slices) < 2:
        return None
    texts, line_height = readable_lines(lines)
    if not _label(slices, disc, texts) or not _name_from_legend(slices, rgb, texts, line_height):
        return None
    for piece in slices:
        piece.value = piece.value or estimated(f"{piece.share:.0f}%")
    return sorted(slices, key=lambda s: -s.share)


def find_disc(rgb: Image) -> Disc | None:
    """The largest coloured component when it is a disc or a ring, else None: round (no
    pixels past its rim, every ring between its inner radius and 0.92 of its rim coloured)."""
    import cv2

    mask = saturated(rgb)
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))  # white edges
    mask = np.asarray(closed, np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count < 2:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h = (int(v) for v in stats[best, :4])
    if min(w, h) < 2 * _MIN_RADIUS or not 0.85 <= w / h <= 1.18:
        return None
    ys, xs = np.nonzero(labels == best)
    cx, cy = x + w / 2.0, y + h / 2.0
    radius = (w + h) / 4.0
    if len(xs) > 1.06 * math.pi * radius**2:  # corners beyond the circle: a box, not a disc
        return None
    distance = np.hypot(xs + 0.5 - cx, ys + 0.5 - cy)
    rings = np.bincount(np.minimum(distance, radius).astype(np.int64), minlength=int(radius) + 1)
    circumference = 2 * math.pi * (np.arange(len(rings)) + 0.5)
    coverage = rings / circumference
    rim = int(0.92 * radius)
    inner = rim
    while inner > 0 and coverage[inner - 1] >= _ROUNDNESS:
        inner -= 1
    if inner > _MAX_HOLE * radius or np.any(coverage[inner:rim] < _ROUNDNESS):
        return None
    return Disc(cx, cy, radius, float(inner))


def read_slices(rgb: Image, disc: Disc) -> list[Slice] | None:
    """The slices around ``disc``: runs of one colour along its ring, or None if ambiguous."""
    angles = np.arange(0.0, 360.0, _STEP)
    radii = np.linspace(disc.inner + 0.25 * (disc.radius - disc.inner), 0.85 * disc.radius, 4)
    colours: list[tuple[int, int, int] | None] = []
    for angle in angles:
        rad = math.radians(angle)
        xs = np.clip((disc.cx + radii * math.cos(rad)).astype(int), 0, rgb.shape[1] - 1)
        ys = np.clip((disc.cy - radii * math.sin(rad)).astype(int), 0, rgb.shape[0] - 1)
        colours.append(_typical(rgb[ys, xs]))
    runs = _runs(angles, colours)
    if runs is None:
        return None
    total = sum(extent for _, _, extent in runs)
    if total < 330.0:  # grey slices or a gap the walk cannot assign
        return None
    scale = 360.0 / total  # edges between slices belong to both halves
    return [Slice(colour, start, extent * scale) for colour, start, extent in runs]


def _typical(pixels: npt.NDArray[np.uint8]) -> tuple[int, int, int] | None:
    """The colour most samples share, or None for an edge, a label or a grey sample."""
    values = pixels.astype(np.int32)
    spread = values.max(axis=1) - values.min(axis=1)
    coloured = values[spread >= MIN_SATURATION]
    if len(coloured) < len(values) / 2:
        return None
    median = np.median(coloured, axis=0)
    close = np.abs(coloured - median).max(axis=1) <= COLOUR_TOL
    if close.sum() < len(values) / 2:
        return None
    r, g, b = (int(v) for v in np.median(coloured[close], axis=0))
    return (r, g, b)


def _same(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return max(abs(x - y) for x, y in zip(a, b, strict=True)) <= COLOUR_TOL


@dataclass
class _Run:
    colour: tuple[int, int, int]
    start: float
    samples: int

    @property
    def end(self) -> float:
        return self.start + self.samples * _STEP


def _runs(
    angles: npt.NDArray[np.float64], colours: Sequence[tuple[int, int, int] | None]
) -> list[tuple[tuple[int, int, int], float, float]] | None:
    """(colour, start, extent) of each run of one colour around the ring (wrapping at 360);
    None when one colour makes two runs (slices that cannot be told apart)."""
    runs: list[_Run] = []
    for angle, colour in zip(angles.tolist(), colours, strict=True):
        if colour is None:
            continue
        if runs and _same(runs[-1].colour, colour) and angle - runs[-1].end <= 2.0:
            runs[-1].samples += 1
        else:
            runs.append(_Run(colour, float(angle), 1))
    if len(runs) >= 2 and _same(runs[0].colour, runs[-1].colour):
        runs[-1].samples += runs.pop(0).samples  # the run that crosses 0 degrees
    kept = [r for r in runs if r.samples * _STEP >= _MIN_SLICE]
    for i, run in enumerate(kept):
        if any(_same(run.colour, other.colour) for other in kept[i + 1 :]):
            return None
    return [(r.colour, r.start % 360.0, r.samples * _STEP) for r in kept]


def _label(slices: list[Slice], disc: Disc, lines: Sequence[OcrLine]) -> bool:
    """Name and value the slices from the OCR lines in or just around them; False when the
    printed percentages disagree with the slices' angles (labels paired wrongly)."""
    names: dict[int, list[str]] = {}
    values: dict[int, list[str]] = {}
    for line in lines:
        x, y = (line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2
        near_x = min(max(disc.cx, line.box[0]), line.box[2])  # the box's point nearest the centre
        near_y = min(max(disc.cy, line.box[1]), line.box[3])
        reach = math.hypot(near_x - disc.cx, near_y - disc.cy)
        if math.hypot(x - disc.cx, y - disc.cy) < 0.9 * disc.inner:
            continue  # a donut's centre total
        if reach > _LABEL_REACH * disc.radius:
            continue  # a title, a note or the legend
        angle = math.degrees(math.atan2(disc.cy - y, x - disc.cx)) % 360.0
        owner = next((i for i, s in enumerate(slices) if s.holds(angle)), None)
        if owner is None:
            continue
        name, value = _split_label(line.text, slices[owner].share)
        if name:
            names.setdefault(owner, []).append(name)
        if value:
            values.setdefault(owner, []).append(value)
    for i, piece in enumerate(slices):
        if len(names.get(i, [])) == 1:
            piece.name = names[i][0]
        if len(values.get(i, [])) == 1:
            piece.value = values[i][0]
    return all(_agrees(piece) for piece in slices)


def _split_label(text: str, share: float) -> tuple[str, str]:
    """A label's name and value: "66.2%" -> ("", "66.2%"), "Residential 66.2%" ->
    ("Residential", "66.2%"), "Residential" -> ("Residential", ""). OCR often reads a "%" on
    a coloured slice as "%6" or "96" ("48.496"); such a reading counts as that percentage when
    it agrees with the slice's ``share`` (the angle decides, not the glyphs)."""
    words = text.strip().split()
    if not words:
        return "", ""
    value = _value(words[-1], share)
    if value is None:
        return " ".join(words).strip(" :-(),"), ""
    return " ".join(words[:-1]).strip(" :-(),"), value


def _value(word: str, share: float) -> str | None:
    """The value ``word`` prints (see :func:`_split_label`), or None when it is no number."""
    misread = _MISREAD_PERCENT.fullmatch(word)
    if misread is not None and abs(float(misread.group(1)) - share) <= _SHARE_TOLERANCE:
        return f"{misread.group(1)}%"
    number = parse_number(word)
    return number.text if number is not None else None


def _agrees(piece: Slice) -> bool:
    """A printed percentage lies within the tolerance of the slice's angular share."""
    number = parse_number(piece.value) if piece.value else None
    if number is None or number.unit != "%":
        return True
    return abs(number.value - piece.share) <= _SHARE_TOLERANCE


def _name_from_legend(
    slices: list[Slice], rgb: Image, lines: Sequence[OcrLine], line_height: float
) -> bool:
    """Name each unnamed slice by the legend entry of its colour; False if one stays unnamed."""
    unnamed = [s for s in slices if not s.name]
    if not unnamed:
        return True
    if line_height <= 0:
        return False
    marks = {
        s.colour: legend_marks(colour_mask(rgb, s.colour), line_height, _is_patch) for s in unnamed
    }
    every = [box for boxes in marks.values() for box in boxes]
    for piece in unnamed:
        entries = legend_entries(marks[piece.colour], lines, line_height, every)
        name = single_name(entries)
        if name is not None:
            piece.name, value = _split_label(name, piece.share)
            value = value or _value_below(entries[0].box, lines, line_height, piece.share)
        elif len(marks[piece.colour]) == 1:  # a two-line entry centred on its mark
            piece.name, value = _two_line_entry(marks[piece.colour][0], lines, line_height, piece)
        if not piece.name:
            return False
        candidate = Slice(piece.colour, piece.start, piece.extent, value=value)
        if not piece.value and candidate.value and _agrees(candidate):
            piece.value = candidate.value
    return all(s.name for s in slices) and len({s.name for s in slices}) == len(slices)


def _two_line_entry(
    mark: Box, lines: Sequence[OcrLine], line_height: float, piece: Slice
) -> tuple[str, str]:
    """(name, value) of a legend entry whose name and value lines sit right of ``mark``, one
    above the other around its middle ("North yard" over "15.3%"); ("", "") unless exactly one
    of those lines is a name."""
    names, values = [], []
    for line in _beside(mark, lines, line_height, (-1.2, 1.2)):
        value = _value(line.text.strip(), piece.share)
        if value is None:
            names.append(line.text.strip())
        else:
            values.append(value)
    if len(names) != 1:
        return "", ""
    return names[0], values[0] if len(values) == 1 else ""


def _value_below(mark: Box, lines: Sequence[OcrLine], line_height: float, share: float) -> str:
    """The value printed on the line under a legend entry's name ("Residential" over "66.2%"),
    or "": a line starting right of the mark, just below its row, that is a number."""
    for line in _beside(mark, lines, line_height, (0.6, 2.0)):
        value = _value(line.text.strip(), share)
        if value is not None:
            return value
    return ""


def _beside(
    mark: Box, lines: Sequence[OcrLine], line_height: float, rows: tuple[float, float]
) -> list[OcrLine]:
    """The lines that start just right of ``mark`` and whose middle lies ``rows`` (line
    heights, low and high) below the mark's middle (negative: above)."""
    cy = (mark[1] + mark[3]) / 2
    return [
        line
        for line in lines
        if rows[0] * line_height <= (line.box[1] + line.box[3]) / 2 - cy <= rows[1] * line_height
        and mark[2] - line_height <= line.box[0] <= mark[2] + 2.5 * line_height
    ]


def _is_patch(x: int, y: int, width: int, height: int, area: int, line_height: float) -> bool:
    """A legend patch: a small filled square-ish box about a text line high."""
    del x, y
    return (
        area >= 12
        and 0.25 * line_height <= min(width, height)
        and max(width, height) <= 3.0 * line_height
        and area >= 0.6 * width * height
    )
