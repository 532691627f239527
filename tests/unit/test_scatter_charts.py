"""Labelled scatter plot reading on synthetic matplotlib charts, OCR lines from the drawn text.

Decided: a line chart whose markers carry labels is not read as a scatter plot (its markers sit
on the line, so they are not separate blobs; precision first), and neither is a plot with an
unlabelled point (it might be the highest).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from mmrag.ingestion.charts.reading import chart_reading_text
from mmrag.ingestion.charts.scatter import (
    ScatterChart,
    ScatterPoint,
    describe_scatter_chart,
    read_scatter_chart,
    scatter_chart_text,
)
from mmrag.ingestion.ocr.base import OcrLine
from tests.unit.test_bar_charts import line_chart, monthly_rain, pie, render, text_slide

pytestmark = pytest.mark.unit

Draw = Callable[[object], None]  # gets a matplotlib Axes

WELLS = ["W-1", "W-2", "W-3", "W-4", "W-5", "W-6", "W-7", "W-8"]
DEPTH = [120.0, 340.0, 560.0, 810.0, 1040.0, 1330.0, 1610.0, 1870.0]  # x: m
YIELD = [42.0, 18.5, 61.0, 27.0, 88.5, 35.0, 12.0, 54.0]  # y: L/s
NOTE_AT = 4  # W-5 is annotated


def _thousands(ax: object) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))  # type: ignore[attr-defined]


def wells(ax: object) -> None:
    """Round markers labelled up-right, one red point with an annotation under its label."""
    colours = ["#3b75af"] * len(WELLS)
    colours[NOTE_AT] = "#c0392b"
    ax.scatter(DEPTH, YIELD, s=80, c=colours, zorder=3)  # type: ignore[attr-defined]
    for name, x, y in zip(WELLS, DEPTH, YIELD, strict=True):
        ax.annotate(name, (x, y), xytext=(6, 6), textcoords="offset points")  # type: ignore[attr-defined]
    ax.annotate(  # type: ignore[attr-defined]
        "Borehole field",
        (DEPTH[NOTE_AT], YIELD[NOTE_AT]),
        xytext=(8, -14),
        textcoords="offset points",
        color="#c0392b",
        fontweight="bold",
    )
    ax.set_xlim(0, 2000)  # type: ignore[attr-defined]
    ax.set_ylim(0, 100)  # type: ignore[attr-defined]
    ax.set_xticks([0, 500, 1000, 1500, 2000])  # type: ignore[attr-defined]
    ax.set_yticks([0, 20, 40, 60, 80, 100])  # type: ignore[attr-defined]
    _thousands(ax)
    ax.grid(color="#dddddd")  # type: ignore[attr-defined]
    ax.set_axisbelow(True)  # type: ignore[attr-defined]
    ax.set_xlabel("bore depth, m")  # type: ignore[attr-defined]
    ax.text(0, 1.03, "yield (L/s)", transform=ax.transAxes, ha="right", va="bottom")  # type: ignore[attr-defined]
    ax.set_title("Well yield against depth", pad=24)  # type: ignore[attr-defined]


SITES = ["Alder", "Birch", "Cedar", "Dunmore", "Elm"]
COVER = [12.0, 48.0, 30.0, 75.0, 57.0]  # x: % canopy
TEMP = [3.5, 1.2, 2.6, -0.8, 0.4]  # y: % change


def squares(ax: object) -> None:
    """Square markers of several colours, labels right of them, percent ticks on the y axis."""
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
    ax.scatter(COVER, TEMP, s=90, marker="s", c=colours)  # type: ignore[attr-defined]
    for name, x, y in zip(SITES, COVER, TEMP, strict=True):
        ax.annotate(name, (x, y), xytext=(9, 0), textcoords="offset points", va="center")  # type: ignore[attr-defined]
    ax.set_xlim(0, 100)  # type: ignore[attr-defined]
    ax.set_ylim(-2, 4)  # type: ignore[attr-defined]
    ax.set_xticks([0, 25, 50, 75, 100])  # type: ignore[attr-defined]
    ax.set_yticks([-2, -1, 0, 1, 2, 3, 4], [f"{v}%" for v in range(-2, 5)])  # type: ignore[attr-defined]


def by_label(chart: ScatterChart) -> dict[str, ScatterPoint]:
    return {point.label: point for point in chart.points}


def test_labelled_points_are_read_off_both_axes() -> None:
    chart = read_scatter_chart(*render(wells))
    assert chart is not None
    points = by_label(chart)
    assert set(points) == set(WELLS)
    assert [p.label for p in chart.points] == WELLS  # left to right
    for name, x, y in zip(WELLS, DEPTH, YIELD, strict=True):
        assert points[name].x == pytest.approx(x, abs=25), name  # 1.25% of the x range
        assert points[name].y == pytest.approx(y, abs=1.25), name
    assert points["W-5"].note == "Borehole field"
    assert [p.note for p in chart.points if p.label != "W-5"] == [""] * 7
    assert chart.x_title == "bore depth, m"
    assert chart.y_title == "yield (L/s)"


def test_describe_names_the_axes_and_the_extremes() -> None:
    chart = read_scatter_chart(*render(wells))
    assert chart is not None
    lines = describe_scatter_chart(chart).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Point values (x: bore depth, m; y: yield (L/s)): W-1 (x ≈1")
    assert "; W-5 Borehole field (x ≈1" in lines[0]
    top = by_label(chart)["W-5"].y_text
    bottom = by_label(chart)["W-7"].y_text
    assert lines[1] == f"Highest: W-5 Borehole field (y ≈{top} L/s)"
    assert lines[2] == f"Lowest: W-7 (y ≈{bottom} L/s)"


def test_square_markers_of_many_colours_with_percent_ticks() -> None:
    chart = read_scatter_chart(*render(squares))
    assert chart is not None
    points = by_label(chart)
    assert set(points) == set(SITES)
    for name, x, y in zip(SITES, COVER, TEMP, strict=True):
        assert points[name].x == pytest.approx(x, abs=1.25), name
        assert points[name].y == pytest.approx(y, abs=0.08), name
    text = describe_scatter_chart(chart)
    assert text.startswith("Point values: Alder (x ≈")  # no axis titles
    assert points["Alder"].y_text.endswith("%")
    highest = text.splitlines()[1]
    assert highest.startswith("Highest: Alder (y ≈3.") and highest.endswith("%)")
    assert text.splitlines()[2].startswith("Lowest: Dunmore (y ≈-0.")


def test_a_large_render_is_read_in_its_own_pixels() -> None:
    image, lines = render(wells, dpi=250)
    chart = read_scatter_chart(image, lines)
    assert chart is not None
    assert by_label(chart)["W-5"].y == pytest.approx(88.5, abs=1.25)
    assert max(p.box[2] for p in chart.points) > 1500


def test_a_point_drawn_larger_for_emphasis_is_still_read() -> None:
    def emphasised(ax: object) -> None:
        wells(ax)
        ax.scatter([DEPTH[NOTE_AT]], [YIELD[NOTE_AT]], s=220, c="#c0392b", zorder=4)  # type: ignore[attr-defined]

    chart = read_scatter_chart(*render(emphasised))
    assert chart is not None
    assert set(by_label(chart)) == set(WELLS)
    assert by_label(chart)["W-5"].y == pytest.approx(88.5, abs=1.25)
    assert "\nHighest: W-5 Borehole field (y ≈" in describe_scatter_chart(chart)


def test_describe_lists_ties() -> None:
    box = (0.0, 0.0, 1.0, 1.0)
    chart = ScatterChart(
        x_title="",
        y_title="Cost",
        y_unit="Cost",
        points=(
            ScatterPoint("A", "", 1.0, 5.0, "1", "5", box),
            ScatterPoint("B", "new", 2.0, 9.0, "2", "9", box),
            ScatterPoint("C", "", 3.0, 9.0, "3", "9", box),
        ),
    )
    assert describe_scatter_chart(chart) == (
        "Point values (y: Cost): A (x ≈1, y ≈5); B new (x ≈2, y ≈9); C (x ≈3, y ≈9)\n"
        "Highest: B new (y ≈9 Cost); C (y ≈9 Cost)\nLowest: A (y ≈5 Cost)"
    )


# --- what is not read ---------------------------------------------------------------------------


def unlabelled(ax: object) -> None:
    ax.scatter(DEPTH, YIELD, s=80)  # type: ignore[attr-defined]
    ax.set_xticks([0, 500, 1000, 1500, 2000])  # type: ignore[attr-defined]
    ax.set_yticks([0, 20, 40, 60, 80, 100])  # type: ignore[attr-defined]


def one_point_unlabelled(ax: object) -> None:
    ax.scatter(DEPTH, YIELD, s=80)  # type: ignore[attr-defined]
    for name, x, y in list(zip(WELLS, DEPTH, YIELD, strict=True))[1:]:
        ax.annotate(name, (x, y), xytext=(6, 6), textcoords="offset points")  # type: ignore[attr-defined]
    ax.set_xticks([0, 500, 1000, 1500, 2000])  # type: ignore[attr-defined]
    ax.set_yticks([0, 20, 40, 60, 80, 100])  # type: ignore[attr-defined]


def two_points(ax: object) -> None:
    ax.scatter(DEPTH[:2], YIELD[:2], s=80)  # type: ignore[attr-defined]
    for name, x, y in list(zip(WELLS, DEPTH, YIELD, strict=True))[:2]:
        ax.annotate(name, (x, y), xytext=(6, 6), textcoords="offset points")  # type: ignore[attr-defined]
    ax.set_xticks([0, 500, 1000])  # type: ignore[attr-defined]
    ax.set_yticks([0, 20, 40, 60])  # type: ignore[attr-defined]


def no_axes(ax: object) -> None:
    """Labelled dots without tick labels: nothing to calibrate against."""
    ax.scatter(DEPTH, YIELD, s=80)  # type: ignore[attr-defined]
    for name, x, y in zip(WELLS, DEPTH, YIELD, strict=True):
        ax.annotate(name, (x, y), xytext=(6, 6), textcoords="offset points")  # type: ignore[attr-defined]
    ax.set_xticks([])  # type: ignore[attr-defined]
    ax.set_yticks([])  # type: ignore[attr-defined]


def labelled_line(ax: object) -> None:
    """A line chart whose markers carry names: its markers sit on the line (not read)."""
    ax.plot(DEPTH, YIELD, marker="o", markersize=9, linewidth=2)  # type: ignore[attr-defined]
    for name, x, y in zip(WELLS, DEPTH, YIELD, strict=True):
        ax.annotate(name, (x, y), xytext=(6, 6), textcoords="offset points")  # type: ignore[attr-defined]
    ax.set_xticks([0, 500, 1000, 1500, 2000])  # type: ignore[attr-defined]
    ax.set_yticks([0, 20, 40, 60, 80, 100])  # type: ignore[attr-defined]


def bubbles(ax: object) -> None:
    """A bubble chart: a third value in the sizes, which this reader does not read."""
    sizes = [40, 45, 50, 55, 280, 320, 45, 50]
    ax.scatter(DEPTH, YIELD, s=sizes, alpha=1.0)  # type: ignore[attr-defined]
    for name, x, y in zip(WELLS, DEPTH, YIELD, strict=True):
        ax.annotate(name, (x, y), xytext=(6, 6), textcoords="offset points")  # type: ignore[attr-defined]
    ax.set_xticks([0, 500, 1000, 1500, 2000])  # type: ignore[attr-defined]
    ax.set_yticks([0, 20, 40, 60, 80, 100])  # type: ignore[attr-defined]


def scatter_with_bars(ax: object) -> None:
    """Bars behind labelled dots: other coloured graphics, so no reading."""
    ax.bar(DEPTH, YIELD, width=80, color="#9bbfdf")  # type: ignore[attr-defined]
    wells(ax)


def bars_with_legend(ax: object) -> None:
    """Square legend swatches named beside them, over numeric axes (years): bars, not points."""
    from matplotlib.lines import Line2D

    years = np.arange(2019, 2024)
    series = {"Cast iron": "#6b4f3a", "Asbestos cement": "#c9a227", "PVC": "#5b9bd5"}
    bottom = np.zeros(5)
    for values, colour in zip(
        ([51, 44, 57, 38, 29], [22, 19, 21, 16, 13], [9, 7, 8, 8, 6]), series.values(), strict=True
    ):
        ax.bar(years, values, bottom=bottom, color=colour, width=0.6)  # type: ignore[attr-defined]
        bottom += values
    handles = [
        Line2D([], [], marker="s", linestyle="", markersize=12, color=c) for c in series.values()
    ]
    ax.legend(handles, list(series), loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)  # type: ignore[attr-defined]
    ax.set_xticks(years, [str(v) for v in years])  # type: ignore[attr-defined]
    ax.set_yticks([0, 20, 40, 60, 80, 100])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "draw",
    [
        monthly_rain,
        bars_with_legend,
        line_chart,
        labelled_line,
        pie,
        text_slide,
        unlabelled,
        one_point_unlabelled,
        two_points,
        no_axes,
        bubbles,
        scatter_with_bars,
    ],
    ids=lambda f: f.__name__,
)
def test_not_a_readable_scatter_plot(draw: Draw) -> None:
    image, lines = render(draw)
    assert read_scatter_chart(image, lines) is None
    assert scatter_chart_text(image, lines) == ""


def test_a_photo_like_noise_image_is_not_a_scatter_plot() -> None:
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, size=(700, 1000, 3), dtype=np.uint8)
    _, lines = render(wells)  # a chart's words over a photo's pixels
    assert read_scatter_chart(noise, lines) is None


def test_black_markers_are_not_read() -> None:
    """Only coloured markers are looked for: black ones are like text strokes and axis lines."""
    image, lines = render(wells)
    grey = np.repeat(image.mean(axis=2, keepdims=True).astype(np.uint8), 3, axis=2)
    assert read_scatter_chart(grey, lines) is None


def test_duplicate_labels_give_no_reading() -> None:
    image, lines = render(wells)
    renamed = [OcrLine("W-1", ln.box, ln.score) if ln.text == "W-2" else ln for ln in lines]
    assert read_scatter_chart(image, renamed) is None


# --- the single entry point and speed -----------------------------------------------------------


def test_chart_reading_gives_one_reading_per_picture() -> None:
    scatter = chart_reading_text(*render(wells))
    assert scatter.startswith("Point values (x: bore depth, m; ")
    assert "\nHighest: W-5 Borehole field (y ≈" in scatter
    bars = chart_reading_text(*render(monthly_rain))
    assert bars.startswith("Bar values: Jan 88.4; ")
    assert "Point values" not in bars
    assert chart_reading_text(*render(text_slide)) == ""
