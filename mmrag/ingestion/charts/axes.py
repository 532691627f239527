"""The chart-reading toolkit shared by bar charts and scatter plots: numbers and axes.

A chart's OCR gives loose words; this module turns the numeric ones into values
(:func:`parse_number`: "1,500", "$1.2M", "65%", "142 L"), fits a linear pixel -> value scale
through an axis's tick labels (:func:`fit_scale`), finds labels that line up in a row or a
column (:func:`aligned_groups`) and normalises pixels to RGB (:func:`as_rgb`).
:mod:`.bars` and :mod:`.scatter` both build on it; neither imports the other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from mmrag.ingestion.ocr.base import Image

_T = TypeVar("_T")

MIN_OCR_SCORE = 0.5
"""OCR lines below this confidence are ignored."""

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
    items: Sequence[_T], coordinate: Callable[[_T], float], tol: float
) -> list[list[_T]]:
    """Groups (of 2 or more) of ``items`` whose ``coordinate`` lines up within ``tol``."""
    groups: list[list[_T]] = []
    for item in sorted(items, key=coordinate):
        if groups and coordinate(item) - coordinate(groups[-1][-1]) <= tol:
            groups[-1].append(item)
        else:
            groups.append([item])
    return [g for g in groups if len(g) >= 2]


def as_rgb(image: Image) -> Image:
    """``image`` as contiguous RGB (a greyscale one repeated, an alpha channel dropped)."""
    if image.ndim == 2:
        return np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))
    return np.ascontiguousarray(image[:, :, :3])
