"""The chart-reading toolkit shared by bar charts, line charts and scatter plots.

A chart's OCR gives loose words; this module keeps the readable ones (:func:`readable_lines`),
turns the numeric ones into values (:func:`parse_number`: "1,500", "$1.2M", "65%", "142 L";
:class:`ChartText` pairs a line with its number), fits a linear pixel -> value scale through an
axis's tick labels (:func:`fit_scale`, :func:`best_axis`), finds labels that line up in a row or
a column (:func:`aligned_groups`), and handles pixels: RGB (:func:`as_rgb`), one fill colour
(:func:`colour_mask`) and the clearly coloured, not grey, ones (:func:`saturated`).
:mod:`.bars`, :mod:`.lines` and :mod:`.scatter` build on it; none imports another.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from mmrag.ingestion.ocr.base import Image, OcrLine

_T = TypeVar("_T")

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in image pixels."""

MIN_OCR_SCORE = 0.5
"""OCR lines below this confidence are ignored."""

COLOUR_TOL = 30
"""Per-channel tolerance of one fill or line colour."""

MIN_SATURATION = 45
"""Max minus min channel of a clearly coloured (not grey, black or white) pixel."""

_UNSPACED_UNITS = frozenset({"%", "°", "k", "K", "M", "B", "bn"})
_NUMBER = re.compile(
    r"(?P<pre>[$€£¥]?)\s*(?P<num>[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
    r"(?P<unit>%|[A-Za-zµ°²³/]{1,5})?"
)


@dataclass(frozen=True)
class ParsedNumber:
    """A number printed on a chart: its value, display form, currency prefix and unit."""

    value: float
    text: str  # display form: "142.6", "142 L", "65%"
    prefix: str
    unit: str


def parse_number(text: str) -> ParsedNumber | None:
    """The number that ``text`` is ("1,500", "$1.2M", "65%", "142 L"), or None."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    raw = match["num"].replace("−", "-").replace("–", "-")
    value = float(raw.replace(",", ""))
    unit = match["unit"] or ""
    return ParsedNumber(value, _display(match["pre"], raw, unit), match["pre"], unit)


def _display(prefix: str, number: str, unit: str) -> str:
    """The value as printed, spaced consistently: "142 L", "65%", "$1.2M"."""
    space = "" if unit in _UNSPACED_UNITS else " "
    return f"{prefix}{number}{space}{unit}" if unit else f"{prefix}{number}"


@dataclass(frozen=True)
class LinearScale:
    """A linear map from a pixel coordinate to a value, fitted to an axis's numeric tick labels."""

    slope: float  # value per pixel
    intercept: float
    step: float  # spacing of the tick values
    low: float  # smallest tick value
    high: float  # largest tick value
    prefix: str
    unit: str

    def value_at(self, position: float) -> float:
        """The value at pixel coordinate ``position``."""
        return self.slope * position + self.intercept

    def position_of(self, value: float) -> float:
        """The pixel coordinate of ``value``."""
        return (value - self.intercept) / self.slope

    def estimate(self, position: float) -> tuple[float, str]:
        """The value at ``position`` and as text, to a power of ten near step / 10."""
        return self._rounded(self.value_at(position))

    def estimate_span(self, start: float, end: float) -> tuple[float, str]:
        """The value between pixel coordinates ``start`` and ``end`` (a stacked segment's
        length), rounded as :meth:`estimate` rounds."""
        return self._rounded(abs(self.value_at(start) - self.value_at(end)))

    def _rounded(self, value: float) -> tuple[float, str]:
        decimals = max(0, 1 - math.floor(math.log10(self.step)))
        value = round(value, decimals) + 0.0  # + 0.0: no "-0"
        return value, _display(self.prefix, f"{value:.{decimals}f}", self.unit)


def fit_scale(
    positions: Sequence[float], numbers: Sequence[ParsedNumber], min_span: float
) -> LinearScale | None:
    """A least-squares scale through tick labels at ``positions`` (pixels along the axis).

    None unless there are 2 or more distinct values, evenly spaced (residual within 3% of their
    range) and spread over at least ``min_span`` pixels. Either direction is returned.
    """
    values = np.array([n.value for n in numbers])
    places = np.array(positions, dtype=float)
    if len(values) < 2 or len(set(values.tolist())) != len(values) or len(places) != len(values):
        return None
    if np.ptp(places) < min_span:
        return None
    slope, intercept = (float(v) for v in np.polyfit(places, values, 1))
    span = float(np.ptp(values))
    residual = float(np.max(np.abs(slope * places + intercept - values)))
    if span <= 0 or slope == 0 or residual > 0.03 * span:
        return None
    order = np.sort(values)
    step = float(np.min(np.diff(order)))
    units = {(n.prefix, n.unit) for n in numbers}
    prefix, unit = units.pop() if len(units) == 1 else ("", "")
    return LinearScale(slope, intercept, step, float(order[0]), float(order[-1]), prefix, unit)


def aligned_groups(
    items: Sequence[_T], coordinate: Callable[[_T], float], tol: float, min_size: int = 2
) -> list[list[_T]]:
    """Groups (of ``min_size`` or more) of ``items`` whose ``coordinate`` lines up within
    ``tol``."""
    groups: list[list[_T]] = []
    for item in sorted(items, key=coordinate):
        if groups and coordinate(item) - coordinate(groups[-1][-1]) <= tol:
            groups[-1].append(item)
        else:
            groups.append([item])
    return [g for g in groups if len(g) >= min_size]


def as_rgb(image: Image) -> Image:
    """``image`` as contiguous RGB (a greyscale one repeated, an alpha channel dropped)."""
    if image.ndim == 2:
        return np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))
    return np.ascontiguousarray(image[:, :, :3])


def colour_mask(rgb: Image, colour: npt.ArrayLike) -> npt.NDArray[np.uint8]:
    """The pixels of ``rgb`` within :data:`COLOUR_TOL` of ``colour`` (255, else 0)."""
    import cv2

    centre = np.asarray(colour, dtype=np.int32)
    low = np.clip(centre - COLOUR_TOL, 0, 255).astype(np.uint8)
    high = np.clip(centre + COLOUR_TOL, 0, 255).astype(np.uint8)
    return np.asarray(cv2.inRange(rgb, low, high), dtype=np.uint8)


def saturated(rgb: Image) -> npt.NDArray[np.uint8]:
    """1 where a pixel is clearly coloured (its channels differ by :data:`MIN_SATURATION` or
    more), 0 where it is grey, black or white."""
    import cv2

    red, green, blue = cv2.split(rgb)
    spread = cv2.subtract(cv2.max(cv2.max(red, green), blue), cv2.min(cv2.min(red, green), blue))
    return np.asarray(spread >= MIN_SATURATION, dtype=np.uint8)


# --- OCR text ------------------------------------------------------------------------------------


def readable_lines(lines: Sequence[OcrLine]) -> tuple[list[OcrLine], float]:
    """The OCR lines a chart is read with (text, confident) and their median height."""
    texts = [ln for ln in lines if ln.text.strip() and ln.score >= MIN_OCR_SCORE]
    height = float(np.median([ln.box[3] - ln.box[1] for ln in texts])) if texts else 0.0
    return texts, height


def has_word(text: str) -> bool:
    """Whether OCR text has a letter or digit (a lone "●" or "+" is a marker read as a glyph)."""
    return any(ch.isalnum() for ch in text)


@dataclass(frozen=True)
class ChartText:
    """One OCR line of a chart: its text (spaces normalised), box, and the number it is."""

    text: str
    box: Box
    number: ParsedNumber | None

    @classmethod
    def of(cls, line: OcrLine) -> ChartText:
        """``line`` with its number parsed."""
        text = " ".join(line.text.split())
        return cls(text, line.box, parse_number(text))

    @property
    def cx(self) -> float:
        """Horizontal centre."""
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return (self.box[1] + self.box[3]) / 2

    @property
    def width(self) -> float:
        """Box width."""
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        """Box height."""
        return self.box[3] - self.box[1]


def left_edge(text: ChartText) -> float:
    """The left edge of ``text``'s box (to align a column of labels by)."""
    return text.box[0]


def right_edge(text: ChartText) -> float:
    """The right edge of ``text``'s box."""
    return text.box[2]


@dataclass(frozen=True)
class TickAxis:
    """A value axis: its scale and the tick labels it was fitted to."""

    scale: LinearScale
    ticks: tuple[ChartText, ...]


def best_axis(
    groups: Sequence[Sequence[ChartText]],
    along: Callable[[ChartText], float],
    min_span: float,
    *,
    rising: bool,
) -> TickAxis | None:
    """The group of numeric labels (or the group less a stray end label) with the most ticks
    that fit a scale along ``along`` (pixels).

    ``rising``: values grow with the pixel coordinate (x); else against it (y, upwards).
    """
    best: TickAxis | None = None
    for group in groups:
        ordered = sorted(group, key=along)
        for ticks in (ordered, ordered[1:], ordered[:-1], ordered[1:-1]):
            if len(ticks) < 2 or (best is not None and len(ticks) <= len(best.ticks)):
                continue
            numbers = [t.number for t in ticks if t.number is not None]
            scale = fit_scale([along(t) for t in ticks], numbers, min_span)
            if scale is not None and (scale.slope > 0) == rising:
                best = TickAxis(scale, tuple(ticks))
    return best


def reading_or_nothing(
    kind: str, read: Callable[[], _T | None], describe: Callable[[_T], str]
) -> str:
    """``describe`` of what ``read`` returns; "" when it reads nothing or fails (a chart
    reading is an optional enrichment: it must never fail the ingestion, so a failure is only
    logged)."""
    try:
        chart = read()
    except Exception:
        log.warning("%s chart reading failed", kind, exc_info=True)
        return ""
    return describe(chart) if chart is not None else ""
