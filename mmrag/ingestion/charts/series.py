"""Stacked and grouped bars by series: each fill colour named by its legend entry.

:mod:`.bars` reads a stacked chart's bars with their totals and, where a value axis is read,
every segment's value and fill colour (a grouped chart's side-by-side bars likewise). A legend
is a small patch of each fill colour with its name just to the right (:mod:`.legend`). This
module finds that patch for every segment colour (away from the bars), names the segments, and
writes one values line per series and a line of series totals
(with their highest and lowest) after the stack totals, in the reading format of
:mod:`mmrag.platform.chart_text`::

    Bar values (Cast iron): 2019 ≈51; 2020 ≈44; 2021 ≈57
    Highest (Cast iron): 2021 ≈57
    Lowest (Cast iron): 2020 ≈44
    Bar values (series totals): Cast iron ≈152; PVC ≈24
    Highest: Cast iron ≈152
    Lowest: PVC ≈24

Precision beats recall: a colour without exactly one legend name, or two colours with one
name, gives no series lines (the stack totals stay).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from mmrag.ingestion.charts.axes import Box, as_rgb, colour_mask, readable_lines
from mmrag.ingestion.charts.bars import (
    Bar,
    BarChart,
    Segment,
    describe_bar_chart,
    read_bar_chart,
    shown,
)
from mmrag.ingestion.charts.legend import legend_entries, legend_marks, single_name
from mmrag.ingestion.ocr.base import Image, OcrLine
from mmrag.platform.chart_text import (
    SERIES_TOTALS_HEAD,
    estimated,
    format_reading,
    series_head,
)

log = logging.getLogger(__name__)

_MIN_PATCH_AREA = 12  # pixels of a legend patch
_PATCH_MIN = 0.3  # a patch's shorter side, in text line heights (thinner: a stroke or a rule)


def bar_chart_text(image: Image, lines: Sequence[OcrLine]) -> str:
    """The reading of the bar chart in ``image`` (:func:`~.bars.describe_bar_chart`), with
    the series lines of a stacked or grouped chart whose legend names its colours; "" when
    there is no bar chart (or grouped bars without a legend)."""
    try:
        chart = read_bar_chart(image, lines)
        if chart is None:
            return ""
        text = describe_bar_chart(chart)
        named = name_series(chart, image, lines)
        series = describe_series(named) if named is not None else ""
        return "\n".join(part for part in (text, series) if part)
    except Exception:  # an optional enrichment must never fail the ingestion
        log.warning("bar chart reading failed", exc_info=True)
        return ""


def name_series(chart: BarChart, image: Image, lines: Sequence[OcrLine]) -> BarChart | None:
    """``chart`` with every segment named by the legend entry of its colour; None when the
    chart has no valued segments or a colour has no single legend name."""
    if not chart.stacked or not all(bar.parts for bar in chart.bars):
        return None
    rgb = as_rgb(image)
    texts, line_height = readable_lines(lines)
    colours = sorted({part.colour for bar in chart.bars for part in bar.parts})
    patches = {colour: _patches(rgb, colour, chart.bars, line_height) for colour in colours}
    every = [patch for found in patches.values() for patch in found]
    names: dict[tuple[int, int, int], str] = {}
    for colour in colours:
        name = single_name(legend_entries(patches[colour], texts, line_height, every))
        if name is None:
            return None
        names[colour] = name
    if len(set(names.values())) != len(names):
        return None
    bars = tuple(
        replace(bar, parts=tuple(replace(p, series=names[p.colour]) for p in bar.parts))
        for bar in chart.bars
    )
    return replace(chart, bars=bars)


def describe_series(chart: BarChart) -> str:
    """Per series (in the order the first bar shows them): its values line with its highest
    and lowest (``Highest (Cast iron): 2021 ≈57``); for stacks, then the series totals with
    theirs."""
    series: dict[str, list[tuple[Bar, Segment]]] = {}
    for bar in chart.bars:
        for part in bar.parts:
            series.setdefault(part.series, []).append((bar, part))
    lines = [
        format_reading(
            series_head(name),
            [f"{bar.label} {shown(part)}" for bar, part in items],
            [(part.value, f"{bar.label} {shown(part)}") for bar, part in items],
            of=name,
        )
        for name, items in series.items()
    ]
    if not chart.grouped:
        totals = [(name, _total([part for _, part in items])) for name, items in series.items()]
        entries = [(value, f"{name} {text}") for name, (value, text) in totals]
        lines.append(format_reading(SERIES_TOTALS_HEAD, [text for _, text in entries], entries))
    return "\n".join(lines)


def _total(parts: Sequence[Segment]) -> tuple[float, str]:
    """The sum of a series' segments, to the most decimals its values show (≈ if any is)."""
    decimals = max(
        (len(p.value_text.rpartition(".")[2]) if "." in p.value_text else 0) for p in parts
    )
    value = round(sum(p.value for p in parts), decimals) + 0.0
    text = f"{value:.{decimals}f}"
    return value, estimated(text) if any(p.estimated for p in parts) else text


def _patches(
    rgb: np.ndarray, colour: tuple[int, int, int], bars: Sequence[Bar], line_height: float
) -> list[Box]:
    """The small patches of ``colour`` outside the bars: its legend marks."""
    mask = colour_mask(rgb, colour)
    height, width = mask.shape[:2]
    for bar in bars:  # the bars are not the legend
        x0, y0, x1, y1 = (round(v) for v in bar.box)
        mask[max(0, y0 - 2) : min(height, y1 + 3), max(0, x0 - 2) : min(width, x1 + 3)] = 0
    return legend_marks(mask, line_height, _is_patch)


def _is_patch(x: int, y: int, w: int, h: int, area: int, line_height: float) -> bool:
    """A solid patch about a line high, not a glyph's stroke, a rule or a frame line."""
    sized = _PATCH_MIN * line_height <= min(w, h) and h <= 2.5 * line_height
    solid = area >= _MIN_PATCH_AREA and area >= 0.6 * w * h
    return sized and solid and w <= 8 * line_height
