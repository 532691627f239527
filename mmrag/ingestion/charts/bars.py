"""Bar charts read from pixels and OCR boxes: which bar has which category and value.

Chart crops and video keyframes are OCR'd into loose words: "Jan", "88.4", "160", ... with no
pairing, and bars without value labels give no numbers at all. This module finds the bars (filled
axis-aligned rectangles of one colour sharing a baseline, stacked segments merged), pairs each
bar with the category label under (or left of) it and with the numeric label at its end, or
estimates its value from the value axis (a linear fit of numeric tick labels) when it has none.
Number parsing and the axis fit are the shared toolkit of :mod:`.axes` (scatter plots use it too).

Horizontal charts are read by turning the picture a quarter turn (left edge down), so one code
path handles both: in that *canonical* frame bars always rise from a common bottom, category
labels sit under the baseline and value labels above the bar ends.

Precision beats recall: anything ambiguous (a category label without a bar, two bars on one
label, labels that contradict the bar lengths, bars below the baseline) gives no reading.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from mmrag.ingestion.charts.axes import (
    LinearScale,
    ParsedNumber,
    aligned_groups,
    as_rgb,
    colour_mask,
    fit_scale,
    parse_number,
    readable_lines,
)
from mmrag.ingestion.ocr.base import Image, OcrLine
from mmrag.platform.chart_text import BAR_HEAD, STACKED_BAR_HEAD, estimated, format_reading

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
Orientation = Literal["vertical", "horizontal"]
Colour = npt.NDArray[np.int32]
"""An RGB triple."""

_BACKGROUND_DIST = 28  # colours this close to the background are background
_MAX_COLOURS = 12  # fill colours examined, most frequent first
_MIN_FILL = 0.85  # share of its bounding box a component must fill to be a rectangle
_MAX_SIDE = 2000  # larger images are searched for bars at a reduced size


@dataclass(frozen=True)
class Segment:
    """One coloured segment of a stacked bar: its fill colour and the value it spans."""

    colour: tuple[int, int, int]  # RGB of its fill (the legend entry of the same colour names it)
    value: float
    value_text: str
    estimated: bool  # read off the value axis, not from a label printed inside it
    series: str = ""  # the legend's name for the colour, once known


@dataclass(frozen=True)
class Bar:
    """One bar: its category label, value (as printed or estimated) and pixel box."""

    label: str
    value: float
    value_text: str  # "142.6", "142 L", or an estimate such as "31"
    estimated: bool  # read off the value axis, not from a printed label
    box: Box  # (x0, y0, x1, y1) in the analysed image, whole stack
    segments: int = 1  # fill colours stacked in this bar (1: a plain bar)
    parts: tuple[Segment, ...] = ()  # a stack's segments, bottom first (needs a value axis)


@dataclass(frozen=True)
class BarChart:
    """The bars of one chart, in reading order (left to right, or top to bottom)."""

    orientation: Orientation
    bars: tuple[Bar, ...]
    #: Side-by-side bars per category (each a ``part`` of its category's Bar), not stacks.
    grouped: bool = False

    @property
    def stacked(self) -> bool:
        """Whether any bar is a stack of segments."""
        return any(bar.segments > 1 for bar in self.bars)


@dataclass(frozen=True)
class _Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    colours: frozenset[int] = frozenset()  # fill colours (indices) of the merged segments
    #: (fill colour index, top, bottom) of each merged segment, in the canonical frame
    parts: tuple[tuple[int, float, float], ...] = ()

    @property
    def segments(self) -> int:
        return max(1, len(self.colours))

    @property
    def thickness(self) -> float:
        return self.x1 - self.x0

    @property
    def length(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class _Text:
    text: str
    box: Box  # canonical frame
    order: tuple[float, float]  # (y0, x0) in the original image: reading order
    height: float  # in the original image
    number: ParsedNumber | None

    @property
    def cx(self) -> float:
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True)
class _Axis(LinearScale):
    """The value axis of bars: a scale in canonical y pixels and its tick labels."""

    ticks: tuple[_Text, ...]


@dataclass(frozen=True)
class _Frame:
    """Scale of one canonical picture: its size, the line height and the filter size."""

    width: float
    height: float
    line_height: float
    kernel: int


def read_bar_chart(image: Image, lines: Sequence[OcrLine]) -> BarChart | None:
    """The bars of a bar chart in ``image``, or None when it is not one or pairing fails.

    ``lines`` are OCR lines of the same image (pixel boxes in its coordinates).
    """
    rgb = as_rgb(image)
    texts, line_height = readable_lines(lines)
    if len(texts) < 2:
        return None
    height, width = rgb.shape[:2]
    kernel = max(5, round(min(height, width) / 100))
    rects, palette = _filled_rectangles(rgb, texts, kernel)
    if len(rects) < 2:
        return None
    charts: list[BarChart] = []
    for orientation in ("vertical", "horizontal"):
        chart = _read_oriented(
            orientation, rects, texts, (width, height), line_height, kernel, palette
        )
        if chart is not None:
            charts.append(chart)
    if len(charts) == 2 and len(charts[0].bars) != len(charts[1].bars):
        charts = [max(charts, key=lambda c: len(c.bars))]
    return charts[0] if len(charts) == 1 else None


def describe_bar_chart(chart: BarChart) -> str:
    """Compact text: every bar's value, then the highest and lowest ("≈" marks estimates);
    "" for grouped bars (their values are read by series, :mod:`.series`)."""
    if chart.grouped:
        return ""
    items = [f"{bar.label} {shown(bar)}" for bar in chart.bars]
    head = STACKED_BAR_HEAD if chart.stacked else BAR_HEAD
    return format_reading(head, items, [(b.value, f"{b.label} {shown(b)}") for b in chart.bars])


def shown(item: Bar | Segment) -> str:
    """A bar's or segment's value as the reading shows it ("≈" for an estimate)."""
    return estimated(item.value_text) if item.estimated else item.value_text


# --- bars in pixels ---------------------------------------------------------------------------


def _filled_rectangles(
    rgb: Image, lines: Sequence[OcrLine], kernel: int
) -> tuple[list[_Rect], list[Colour]]:
    """Solid one-colour rectangles (text strokes, lines and markers removed), in ``rgb`` pixels,
    and the fill colours their ``colours`` indices point into."""
    import cv2

    factor = math.ceil(max(rgb.shape[:2]) / _MAX_SIDE)
    if factor > 1:
        small = np.asarray(
            cv2.resize(rgb, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA),
            dtype=np.uint8,
        )
        found, fills = _filled_rectangles(small, [], max(3, round(kernel / factor)))
        scaled = [
            _Rect(r.x0 * factor, r.y0 * factor, r.x1 * factor, r.y1 * factor, r.colours)
            for r in found
        ]
        return [r for r in scaled if _text_cover(r, lines) <= 0.5], fills
    height, width = rgb.shape[:2]
    colours = _dominant_colours(rgb)
    if not colours:
        return [], []
    background = colours[0]
    element = cv2.getStructuringElement(cv2.MORPH_RECT, (kernel, kernel))
    claimed: npt.NDArray[np.uint8] = np.zeros((height, width), dtype=np.uint8)  # taken pixels
    rects: list[_Rect] = []
    for index, colour in enumerate(colours[1:]):
        if int(np.max(np.abs(colour - background))) <= _BACKGROUND_DIST:
            continue
        raw = cv2.subtract(colour_mask(rgb, colour), claimed)
        claimed = np.asarray(cv2.bitwise_or(claimed, raw), dtype=np.uint8)
        mask = cv2.morphologyEx(raw, cv2.MORPH_OPEN, element)
        if cv2.countNonZero(mask) < kernel * kernel * 2:
            continue
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
        for x, y, w, h, area in stats[1:count].tolist():
            if area < _MIN_FILL * w * h or w * h > 0.5 * width * height:
                continue
            rect = _Rect(float(x), float(y), float(x + w), float(y + h), frozenset({index}))
            if _text_cover(rect, lines) <= 0.5:
                rects.append(rect)
    return rects, colours[1:]


def _dominant_colours(rgb: Image) -> list[Colour]:
    """Fill colours by pixel count, most frequent (the background) first, near ones merged."""
    sample = (rgb[::2, ::2].reshape(-1, 3) >> 4).astype(np.int32)
    counts = np.bincount(sample[:, 0] * 256 + sample[:, 1] * 16 + sample[:, 2], minlength=4096)
    min_count = max(40, int(0.0015 * sample.shape[0]))
    clusters: list[tuple[Colour, int]] = []
    for index in np.argsort(counts)[::-1][:64].tolist():
        count = int(counts[index])
        if count < 8:
            break
        centre = np.array([index // 256, (index // 16) % 16, index % 16], dtype=np.int32) * 16 + 8
        for i, (colour, total) in enumerate(clusters):
            if int(np.max(np.abs(colour - centre))) <= 16:
                clusters[i] = (colour, total + count)
                break
        else:
            clusters.append((centre, count))
    kept = [colour for colour, total in clusters if total >= min_count]
    return kept[: _MAX_COLOURS + 1]


def _text_cover(rect: _Rect, lines: Sequence[OcrLine]) -> float:
    """Share of ``rect`` covered by OCR text boxes (bold glyph stems look like small bars)."""
    area = rect.thickness * rect.length
    covered = sum(
        max(0.0, min(rect.x1, ln.box[2]) - max(rect.x0, ln.box[0]))
        * max(0.0, min(rect.y1, ln.box[3]) - max(rect.y0, ln.box[1]))
        for ln in lines
    )
    return covered / area if area > 0 else 1.0


# --- one orientation, in the canonical frame ----------------------------------------------------


def _to_canonical(box: Box, orientation: Orientation, width: float) -> Box:
    """Turn a horizontal chart's box a quarter turn so its bars rise from a common bottom."""
    if orientation == "vertical":
        return box
    x0, y0, x1, y1 = box
    return (y0, width - x1, y1, width - x0)


def _from_canonical(box: Box, orientation: Orientation, width: float) -> Box:
    if orientation == "vertical":
        return box
    a0, b0, a1, b1 = box
    return (width - b1, a0, width - b0, a1)


def _read_oriented(
    orientation: Orientation,
    rects: list[_Rect],
    lines: Sequence[OcrLine],
    size: tuple[int, int],
    line_height: float,
    kernel: int,
    palette: Sequence[Colour],
) -> BarChart | None:
    width, height = size
    frame = (
        _Frame(width, height, line_height, kernel)
        if orientation == "vertical"
        else _Frame(height, width, line_height, kernel)
    )
    canonical = []
    for r in rects:
        box = _to_canonical((r.x0, r.y0, r.x1, r.y1), orientation, width)
        parts = tuple((c, box[1], box[3]) for c in r.colours)
        canonical.append(_Rect(*box, r.colours, parts))
    texts = [_text(ln, orientation, width) for ln in lines]
    stacks = _merge_stacks(canonical, kernel)
    group = _bar_group(stacks, frame)
    bars = None
    if group is not None and not _has_bars_below(group, stacks, frame):
        bars = _pair(group, texts, frame, palette)
    grouped = bars is None
    if bars is None:
        bars = _pair_clusters(stacks, texts, frame, palette)
    if bars is None:
        return None
    mapped = tuple(replace(bar, box=_from_canonical(bar.box, orientation, width)) for bar in bars)
    return BarChart(orientation=orientation, bars=mapped, grouped=grouped)


def _text(line: OcrLine, orientation: Orientation, width: float) -> _Text:
    return _Text(
        text=" ".join(line.text.split()),
        box=_to_canonical(line.box, orientation, width),
        order=(line.box[1], line.box[0]),
        height=line.box[3] - line.box[1],
        number=parse_number(line.text),
    )


def _merge_stacks(rects: list[_Rect], kernel: int) -> list[_Rect]:
    """Rectangles of the same width touching end to end (stacked segments) become one."""
    tol = max(3.0, kernel / 2)
    gap = kernel + 3.0  # a segment thinner than the filter leaves a gap this high
    stacks = sorted(rects, key=lambda r: (r.x0, r.y0))
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(stacks):
            for j in range(i + 1, len(stacks)):
                b = stacks[j]
                same_width = abs(a.x0 - b.x0) <= tol and abs(a.x1 - b.x1) <= tol
                touching = max(a.y0, b.y0) - min(a.y1, b.y1) <= gap
                if same_width and touching:
                    stacks[i] = _Rect(
                        min(a.x0, b.x0),
                        min(a.y0, b.y0),
                        max(a.x1, b.x1),
                        max(a.y1, b.y1),
                        a.colours | b.colours,
                        a.parts + b.parts,
                    )
                    del stacks[j]
                    merged = True
                    break
            if merged:
                break
    return stacks


def _bar_group(stacks: list[_Rect], frame: _Frame) -> list[_Rect] | None:
    """The largest set (>= 2) of equally thick, non-overlapping bars sharing a bottom edge."""
    tol = max(3.0, frame.kernel / 2)
    best: list[_Rect] | None = None
    for seed in stacks:
        group = [r for r in stacks if abs(r.y1 - seed.y1) <= tol]
        if len(group) < 2:
            continue
        thickness = float(np.median([r.thickness for r in group]))
        group = sorted(
            (r for r in group if 0.75 * thickness <= r.thickness <= 1.33 * thickness),
            key=lambda r: r.x0,
        )
        if not _plausible_bars(group, frame):
            continue
        area = sum(r.thickness * r.length for r in group)
        if best is None or (len(group), area) > (
            len(best),
            sum(r.thickness * r.length for r in best),
        ):
            best = group
    return best


def _plausible_bars(group: list[_Rect], frame: _Frame) -> bool:
    """Two or more bars with gaps between them (touching ones are grid cells or a histogram)."""
    if len(group) < 2:
        return False
    min_gap = max(2.0, 0.04 * group[0].thickness)
    if any(b.x0 - a.x1 < min_gap for a, b in itertools.pairwise(group)):
        return False
    return max(r.length for r in group) >= 0.1 * frame.height


def _has_bars_below(group: list[_Rect], stacks: list[_Rect], frame: _Frame) -> bool:
    """Whether bars hang below the baseline (negative values this reader does not handle)."""
    baseline = float(np.median([r.y1 for r in group]))
    thickness = float(np.median([r.thickness for r in group]))
    tol = max(3.0, frame.kernel / 2) + 2.0
    return any(
        abs(r.y0 - baseline) <= tol and 0.75 * thickness <= r.thickness <= 1.33 * thickness
        for r in stacks
        if r not in group
    )


# --- labels, ticks and values -------------------------------------------------------------------


def _pair(
    group: list[_Rect], texts: list[_Text], frame: _Frame, palette: Sequence[Colour]
) -> tuple[Bar, ...] | None:
    read = _labels_and_values(group, group, texts, frame)
    if read is None:
        return None
    labels, axis, values = read
    return tuple(
        Bar(
            label=" ".join(t.text for t in sorted(parts, key=lambda t: t.order)),
            value=value,
            value_text=text,
            estimated=estimated,
            box=(bar.x0, bar.y0, bar.x1, bar.y1),
            segments=bar.segments,
            parts=_segments(bar, axis, palette, texts),
        )
        for bar, parts, (value, text, estimated) in zip(group, labels, values, strict=True)
    )


def _segments(
    bar: _Rect, axis: _Axis | None, palette: Sequence[Colour], texts: list[_Text]
) -> tuple[Segment, ...]:
    """A stack's segments, bottom first, each valued by its length on the value axis (or by a
    number printed inside it that agrees); () for a plain bar or without an axis.

    Adjacent segments meet in the middle of the thin gap between them (an edge line the
    rectangle finder leaves out), so the segments add up to the whole stack."""
    if bar.segments < 2 or axis is None or len(bar.parts) != bar.segments:
        return ()
    parts = sorted(bar.parts, key=lambda p: -p[2])
    edges = [bar.y1, *((a[1] + b[2]) / 2 for a, b in itertools.pairwise(parts)), bar.y0]
    tolerance = 0.04 * (axis.high - axis.low)
    found: list[Segment] = []
    for (colour, _, _), bottom, top in zip(parts, edges, edges[1:], strict=False):
        value, text = axis.estimate_span(top, bottom)
        inside = [
            t.number
            for t in texts
            if t.number is not None and bar.x0 <= t.cx <= bar.x1 and top <= t.cy <= bottom
        ]
        printed = inside[0] if len(inside) == 1 else None
        if printed is not None and abs(printed.value - value) <= tolerance:
            value, text = printed.value, printed.text
        found.append(Segment(_rgb(palette, colour), value, text, printed is None))
    return tuple(found)


def _pair_clusters(
    stacks: list[_Rect], texts: list[_Text], frame: _Frame, palette: Sequence[Colour]
) -> tuple[Bar, ...] | None:
    """Grouped bars: clusters of plain bars side by side, one of each fill colour, sharing the
    baseline, each cluster over one category label; every bar valued by its printed label or
    the value axis. Each category becomes a Bar whose ``parts`` are its bars, left to right."""
    tol = max(3.0, frame.kernel / 2)
    plain = [r for r in stacks if r.segments == 1]
    bottoms = [[r for r in plain if abs(r.y1 - seed.y1) <= tol] for seed in plain]
    flat = max(bottoms, key=len, default=[])
    if len(flat) < 4:
        return None
    thickness = float(np.median([r.thickness for r in flat]))
    flat = sorted(
        (r for r in flat if 0.75 * thickness <= r.thickness <= 1.33 * thickness), key=lambda r: r.x0
    )
    clusters: list[list[_Rect]] = [flat[:1]]
    for a, b in itertools.pairwise(flat):
        if b.x0 - a.x1 < -tol:
            return None  # overlapping bars
        if b.x0 - a.x1 > 0.25 * thickness:
            clusters.append([b])
        else:
            clusters[-1].append(b)
    if len(clusters) < 2 or any(
        len(c) < 2 or len({min(r.colours) for r in c}) != len(c) for c in clusters
    ):
        return None  # not one bar of each colour per cluster
    spans = [
        _Rect(c[0].x0, min(r.y0 for r in c), c[-1].x1, max(r.y1 for r in c), frozenset())
        for c in clusters
    ]
    read = _labels_and_values(spans, flat, texts, frame)
    if read is None:
        return None
    labels, _, values = read
    valued = dict(zip((id(r) for r in flat), values, strict=True))
    out: list[Bar] = []
    for cluster, span, parts in zip(clusters, spans, labels, strict=True):
        segments = tuple(Segment(_rgb(palette, min(r.colours)), *valued[id(r)]) for r in cluster)
        out.append(
            Bar(
                label=" ".join(t.text for t in sorted(parts, key=lambda t: t.order)),
                value=sum(p.value for p in segments),
                value_text="",
                estimated=any(p.estimated for p in segments),
                box=(span.x0, span.y0, span.x1, span.y1),
                segments=len(segments),
                parts=segments,
            )
        )
    return tuple(out)


def _labels_and_values(
    slots: list[_Rect], bars: list[_Rect], texts: list[_Text], frame: _Frame
) -> tuple[list[list[_Text]], _Axis | None, list[tuple[float, str, bool]]] | None:
    """The category label under each of ``slots`` (a bar, or a cluster of grouped bars), the
    value axis and each of ``bars``' (value, text, estimated); None when labels or values
    do not pair up."""
    baseline = float(np.median([r.y1 for r in bars]))
    labels = _category_labels(slots, texts, baseline, frame)
    if labels is None:
        return None
    used = {id(t) for parts in labels for t in parts}
    axis = _value_axis(bars, [t for t in texts if id(t) not in used], baseline, frame)
    used |= {id(t) for t in axis.ticks} if axis is not None else set()
    if _orphan_labels(slots, labels, texts, used, frame):
        return None
    printed = [_value_label(bar, [t for t in texts if id(t) not in used], frame) for bar in bars]
    values = _values(bars, printed, axis)
    return None if values is None else (labels, axis, values)


def _rgb(palette: Sequence[Colour], index: int) -> tuple[int, int, int]:
    """Fill colour ``index`` of ``palette`` as an RGB triple."""
    if index >= len(palette):
        return (0, 0, 0)
    red, green, blue = (int(v) for v in palette[index][:3])
    return (red, green, blue)


def _pitch(group: list[_Rect]) -> float:
    gaps = [b.cx - a.cx for a, b in itertools.pairwise(group)]
    return max(float(np.median(gaps)), group[0].thickness)


def _category_labels(
    group: list[_Rect], texts: list[_Text], baseline: float, frame: _Frame
) -> list[list[_Text]] | None:
    """For each bar, the text line(s) under it (nearest by centre); None unless one each."""
    tol = max(3.0, frame.kernel / 2)
    lh = frame.line_height
    pitch = _pitch(group)
    off_centre = max(0.3 * pitch, 0.6 * lh)  # a label is centred on its bar
    assigned: list[list[_Text]] = [[] for _ in group]
    for text in texts:
        if not baseline - tol <= text.box[1] <= baseline + 4 * lh:
            continue
        if text.box[2] - text.box[0] > 1.5 * pitch or text.height > 1.8 * lh:
            continue  # a footer, an axis title or rotated text, not one bar's label
        distances = [abs(text.cx - bar.cx) for bar in group]
        nearest = int(np.argmin(distances))
        if distances[nearest] <= min(pitch / 2, off_centre):
            assigned[nearest].append(text)
    labels: list[list[_Text]] = []
    for candidates in assigned:
        chosen = _first_row(candidates, baseline, frame)
        if not chosen:
            return None
        labels.append(chosen)
    names = [" ".join(t.text for t in parts).lower() for parts in labels]
    if len(set(names)) != len(names) or not _one_row([parts[0] for parts in labels], lh):
        return None
    return labels


def _one_row(firsts: list[_Text], line_height: float) -> bool:
    """Whether the labels' first lines line up (by top, centre or bottom): one label row."""
    tops = [t.box[1] for t in firsts]
    centres = [t.cy for t in firsts]
    bottoms = [t.box[3] for t in firsts]
    return any(float(np.ptp(edge)) <= 0.6 * line_height for edge in (tops, centres, bottoms))


def _first_row(candidates: list[_Text], baseline: float, frame: _Frame) -> list[_Text]:
    """The label right under the baseline, with the lines that continue it."""
    lh = frame.line_height
    ordered = sorted(candidates, key=lambda t: t.box[1])
    if not ordered or ordered[0].box[1] > baseline + 1.5 * lh + frame.kernel:
        return []
    chosen = [ordered[0]]
    for text in ordered[1:]:
        if text.box[1] - max(t.box[3] for t in chosen) > 0.6 * lh:
            break
        chosen.append(text)
    return chosen


def _orphan_labels(
    group: list[_Rect],
    labels: list[list[_Text]],
    texts: list[_Text],
    used: set[int],
    frame: _Frame,
) -> bool:
    """Whether another text sits in the category row where a bar could be (a zero bar?)."""
    row = float(np.median([t.cy for parts in labels for t in parts[:1]]))
    pitch = _pitch(group)
    first, last = group[0].cx - 1.1 * pitch, group[-1].cx + 1.1 * pitch
    half_row = 0.5 * frame.line_height
    return any(
        abs(t.cy - row) <= half_row and first <= t.cx <= last for t in texts if id(t) not in used
    )


def _value_label(bar: _Rect, texts: list[_Text], frame: _Frame) -> ParsedNumber | None:
    """The numeric label just beyond the bar's end (or just inside it, for a single bar)."""
    lh = frame.line_height
    best: tuple[float, ParsedNumber] | None = None
    for text in texts:
        if text.number is None or abs(text.cx - bar.cx) > 0.5 * bar.thickness + 0.25 * lh:
            continue
        gap = bar.y0 - text.box[3]
        outside = -0.3 * lh <= gap <= 1.2 * lh + frame.kernel
        inside = (
            bar.segments == 1
            and bar.y0 - 0.3 * lh <= text.box[1] <= bar.y0 + lh
            and text.box[3] <= bar.y1
        )
        if (outside or inside) and (best is None or abs(gap) < best[0]):
            best = (abs(gap), text.number)
    return best[1] if best is not None else None


def _value_axis(
    group: list[_Rect], texts: list[_Text], baseline: float, frame: _Frame
) -> _Axis | None:
    """A linear position -> value map from numeric tick labels beside the bars, if any."""
    lh = frame.line_height
    tol = max(3.0, frame.kernel / 2)
    numeric = [t for t in texts if t.number is not None and t.cy <= baseline + lh]
    left = [t for t in numeric if t.box[2] <= group[0].x0 + tol]
    right = [t for t in numeric if t.box[0] >= group[-1].x1 - tol]
    candidates: list[_Axis] = []
    for side, edge in ((left, 2), (right, 0)):
        for column in aligned_groups(side, _edge_of(edge), 0.6 * lh):
            axis = _fit_axis(column, group, baseline, frame)
            if axis is not None:
                candidates.append(axis)
    if not candidates:
        return None
    return max(candidates, key=lambda a: len(a.ticks))


def _edge_of(edge: int) -> Callable[[_Text], float]:
    """A text's box coordinate ``edge`` (0: left, 1: top, 2: right, 3: bottom)."""
    return lambda text: text.box[edge]


def _fit_axis(
    ticks: list[_Text], group: list[_Rect], baseline: float, frame: _Frame
) -> _Axis | None:
    numbers = [t.number for t in ticks if t.number is not None]
    scale = fit_scale([t.cy for t in ticks], numbers, 2 * frame.line_height)
    if scale is None or scale.slope >= 0:
        return None  # values must grow upwards
    ends = [scale.value_at(y) for y in [baseline, *(r.y0 for r in group)]]
    if min(ends) < scale.low - scale.step or max(ends) > scale.high + scale.step:
        return None  # the bars reach beyond the ticks: not their axis
    return _Axis(**asdict(scale), ticks=tuple(ticks))


def _values(
    group: list[_Rect], printed: list[ParsedNumber | None], axis: _Axis | None
) -> list[tuple[float, str, bool]] | None:
    """(value, text, estimated) per bar: printed labels checked against lengths, else the axis."""
    if axis is None:
        if any(p is None for p in printed) or not _consistent_without_axis(group, printed):
            return None
        return [(p.value, p.text, False) for p in printed if p is not None]
    if np.ptp([bar.length for bar in group]) < 2 and None in printed:
        return None  # equal "bars" read off an axis: grid cells (a heatmap), not data
    tolerance = 0.04 * (axis.high - axis.low)
    out: list[tuple[float, str, bool]] = []
    disagreements = 0
    for bar, number in zip(group, printed, strict=True):
        estimate = axis.value_at(bar.y0)
        if number is not None and abs(number.value - estimate) <= tolerance:
            out.append((number.value, number.text, False))
            continue
        disagreements += number is not None
        out.append((*axis.estimate(bar.y0), True))
    labelled = sum(p is not None for p in printed)
    return None if labelled and disagreements * 2 >= labelled else out


def _consistent_without_axis(group: list[_Rect], printed: list[ParsedNumber | None]) -> bool:
    """Printed values must follow the bar lengths (a linear map, larger bar, larger value)."""
    lengths = np.array([bar.length for bar in group])
    values = np.array([p.value for p in printed if p is not None])
    if len(values) == 2:
        return bool((values[1] - values[0]) * (lengths[1] - lengths[0]) >= 0)
    if np.ptp(lengths) < 2:
        return bool(np.ptp(values) <= 0.03 * max(1e-9, float(np.max(np.abs(values)))))
    slope, intercept = np.polyfit(lengths, values, 1)
    residual = float(np.max(np.abs(slope * lengths + intercept - values)))
    return bool(slope > 0 and residual <= 0.03 * float(np.max(np.abs(values))) + 2 * abs(slope))
