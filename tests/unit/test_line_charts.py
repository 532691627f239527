"""Line chart reading on synthetic matplotlib charts of seeded random data, OCR'd by the project's
OCR engine (the reader sees what ingestion would see, not the drawn text).

Every expected value comes from the data drawn; tolerances are a tenth of the value axis' step.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pytest

from mmrag.ingestion.charts.lines import (
    LineChart,
    LinePoint,
    LineSeries,
    describe_line_chart,
    line_chart_text,
    read_line_chart,
)
from mmrag.ingestion.charts.reading import chart_reading_text
from mmrag.ingestion.ocr.base import Image, OcrLine
from mmrag.ingestion.ocr.engine import get_ocr_engine
from mmrag.platform import chart_text
from tests.unit.test_bar_charts import (
    Draw,
    grouped_bars,
    line_chart,
    monthly_rain,
    render,
    text_slide,
)
from tests.unit.test_scatter_charts import labelled_line, wells

pytestmark = pytest.mark.unit

YEARS = tuple(str(year) for year in range(2015, 2024))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUARTERS = ("Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023", "Q1 2024", "Q2 2024", "Q3 2024")
NAMES = ("North basin", "South basin", "Upper weir", "Mill race")


@dataclass(frozen=True)
class Spec:
    """How to draw one line chart: its lines, categories, style and the data's range."""

    lines: int
    categories: tuple[str, ...]
    marker: str | None = None
    style: str = "-"  # of the lines: "-", "--", "-."
    legend: str = "inside"  # "inside", "outside" (right of the plot), "below" (a row) or ""
    grid: str = "-"  # gridline style, "" for none
    low: float = 20.0
    high: float = 80.0
    seed: int = 0
    dpi: int = 100


@dataclass(frozen=True)
class Drawn:
    """A drawn chart: its pixels, the OCR engine's lines of them, and what was drawn."""

    image: Image
    lines: list[OcrLine]
    series: dict[str, tuple[float, ...]]  # legend name ("" without a legend) -> values
    categories: tuple[str, ...]
    step: float  # between the value axis' ticks


@functools.cache
def drawn(spec: Spec) -> Drawn:
    """``spec`` drawn from seeded random data and OCR'd (once per test session)."""
    rng = np.random.default_rng(spec.seed)
    names = NAMES[: spec.lines] if spec.legend else ("",)
    series = {
        name: tuple(float(v) for v in rng.uniform(spec.low, spec.high, len(spec.categories)))
        for name in names
    }
    axes: list[object] = []

    def draw(ax: object) -> None:
        axes.append(ax)
        for name, values in series.items():
            ax.plot(spec.categories, values, spec.style, marker=spec.marker, label=name or None)  # type: ignore[attr-defined]
        if spec.grid:
            ax.grid(True, linestyle=spec.grid)  # type: ignore[attr-defined]
        if spec.legend == "inside":
            ax.legend()  # type: ignore[attr-defined]
        elif spec.legend == "outside":
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # type: ignore[attr-defined]
        elif spec.legend == "below":
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=spec.lines)  # type: ignore[attr-defined]
        ax.set_title("Reservoir levels")  # type: ignore[attr-defined]
        ax.figure.tight_layout()  # type: ignore[attr-defined]

    image, _ = render(draw, dpi=spec.dpi)
    ticks = axes[0].get_yticks()  # type: ignore[attr-defined]
    step = float(np.median(np.diff(ticks)))
    return Drawn(image, get_ocr_engine().recognize(image), series, spec.categories, step)


def ocr_of(draw: Draw) -> tuple[Image, list[OcrLine]]:
    """A chart of the bar and scatter tests, OCR'd by the engine."""
    image, _ = render(draw)
    return image, get_ocr_engine().recognize(image)


CHARTS = {
    "one_line_years_no_legend": Spec(1, YEARS, legend=""),
    "two_lines_markers_legend_inside": Spec(2, YEARS, marker="o", seed=1),
    "four_lines_months_legend_outside_negative": Spec(
        4, MONTHS, marker="s", legend="outside", grid="--", low=-30, high=40, seed=2, dpi=150
    ),
    "two_lines_months_no_grid": Spec(2, MONTHS, grid="", seed=3, dpi=150),
    "one_named_line_quarters": Spec(1, QUARTERS, marker="D", legend="outside", low=100, high=400),
    "two_dashed_lines_legend_outside": Spec(2, MONTHS[:9], style="--", legend="outside", seed=6),
    "three_dash_dot_lines_markers": Spec(3, YEARS, style="-.", marker="^", seed=7, dpi=150),
    "three_lines_legend_below_in_a_row": Spec(3, MONTHS[:8], legend="below", seed=5, dpi=150),
}


@pytest.mark.parametrize("spec", CHARTS.values(), ids=CHARTS.keys())
def test_each_line_is_read_at_each_category(spec: Spec) -> None:
    case = drawn(spec)
    chart = read_line_chart(case.image, case.lines)
    assert chart is not None
    assert [s.name for s in chart.series] == list(case.series)  # in legend order
    for series in chart.series:
        truth = dict(zip(case.categories, case.series[series.name], strict=True))
        assert [p.label for p in series.points] == list(case.categories)
        for point in series.points:
            assert point.value == pytest.approx(truth[point.label], abs=0.1 * case.step)


@pytest.mark.parametrize("spec", CHARTS.values(), ids=CHARTS.keys())
def test_the_reading_names_each_line_and_its_extremes(spec: Spec) -> None:
    case = drawn(spec)
    lines = [
        chart_text.parse_line(ln) for ln in line_chart_text(case.image, case.lines).split("\n")
    ]
    assert all(ln is not None for ln in lines) and len(lines) == 3 * len(case.series)
    tolerance = 0.1 * case.step
    for name, (values, highest, lowest) in zip(
        case.series, zip(*[iter(lines)] * 3, strict=True), strict=True
    ):
        assert values is not None and highest is not None and lowest is not None
        assert values.head == chart_text.line_head(name)
        assert values.kind is chart_text.LineKind.VALUES
        assert all(
            item.split(" ")[-1].startswith(chart_text.ESTIMATE_MARK) for item in values.items
        )
        assert highest.kind is chart_text.LineKind.HIGHEST and highest.of == name
        assert lowest.kind is chart_text.LineKind.LOWEST and lowest.of == name
        truth = dict(zip(case.categories, case.series[name], strict=True))
        top = max(truth.values())
        bottom = min(truth.values())
        for item in highest.items:  # ties are listed; each is (nearly) the true highest
            assert truth[chart_text.item_label(item)] >= top - 2 * tolerance
        for item in lowest.items:
            assert truth[chart_text.item_label(item)] <= bottom + 2 * tolerance


def test_a_line_chart_gets_one_reading_the_line_reading() -> None:
    case = drawn(CHARTS["two_lines_markers_legend_inside"])
    text = chart_reading_text(case.image, case.lines)
    assert text == line_chart_text(case.image, case.lines)
    assert text.startswith("Line values (North basin): 2015 ≈")
    assert "Bar values" not in text and "Point values" not in text


def test_without_a_legend_several_lines_give_no_reading() -> None:
    case = drawn(CHARTS["two_lines_months_no_grid"])
    names = set(case.series)
    unnamed = [ln for ln in case.lines if ln.text.strip() not in names]
    assert line_chart_text(case.image, unnamed) == ""


def test_legend_names_the_ocr_glued_together_give_no_reading() -> None:
    """A legend row read as one line is cut at the marks between its names, where the text
    has a space; names glued into one word cannot be told apart."""
    case = drawn(CHARTS["three_lines_legend_below_in_a_row"])
    merged = [ln for ln in case.lines if "South basin" in ln.text and "Upper weir" in ln.text]
    assert merged  # the engine reads the row "South basin  Upper weir" as one line
    glued = [
        OcrLine(" ".join(ln.text.split()).replace("basin Upper", "basinUpper"), ln.box, ln.score)
        if ln in merged
        else ln
        for ln in case.lines
    ]
    assert line_chart_text(case.image, glued) == ""


def test_a_missing_category_label_gives_no_reading() -> None:
    """The line runs on past the labels it has: its points there have no category."""
    case = drawn(CHARTS["one_line_years_no_legend"])
    last = case.categories[-1]
    assert line_chart_text(case.image, [ln for ln in case.lines if ln.text != last]) == ""


def test_a_category_label_missing_inside_the_row_gives_no_reading() -> None:
    """The labels left are not one per point: the line's bends are off their grid."""
    case = drawn(CHARTS["two_lines_markers_legend_inside"])
    middle = case.categories[len(case.categories) // 2]
    assert line_chart_text(case.image, [ln for ln in case.lines if ln.text != middle]) == ""


def test_a_greyscale_picture_gives_no_reading() -> None:
    """Grey lines cannot be told from gridlines and text: only coloured lines are read."""
    case = drawn(CHARTS["one_line_years_no_legend"])
    grey = np.ascontiguousarray(case.image.mean(axis=2).astype(np.uint8))
    assert line_chart_text(grey, case.lines) == ""


# --- what is not a line chart -------------------------------------------------------------------


def test_bar_charts_and_scatter_plots_keep_their_own_reading() -> None:
    bars = ocr_of(monthly_rain)
    assert line_chart_text(*bars) == ""
    assert chart_reading_text(*bars).startswith("Bar values: ")
    scatter = ocr_of(wells)
    assert line_chart_text(*scatter) == ""
    assert "Line values" not in chart_reading_text(*scatter)


@pytest.mark.parametrize(
    "draw",
    [grouped_bars, line_chart, labelled_line, text_slide],
    ids=lambda f: f.__name__,
)
def test_not_a_readable_line_chart(draw: Draw) -> None:
    """Grouped bars without a legend (the bar reader declines them too), a line beside a grey
    one (which would go unread), a line bending between its x ticks (its points have no label)
    and a text slide."""
    assert line_chart_text(*ocr_of(draw)) == ""


def test_describe_marks_estimates_and_lists_ties() -> None:
    points = (
        LinePoint("2021", 57.0, "57"),
        LinePoint("2022", 44.0, "44"),
        LinePoint("2023", 57.0, "57"),
    )
    text = describe_line_chart(LineChart((LineSeries("Cast iron", (0, 0, 0), points),)))
    assert text == (
        "Line values (Cast iron): 2021 ≈57; 2022 ≈44; 2023 ≈57\n"
        "Highest (Cast iron): 2021 ≈57; 2023 ≈57\n"
        "Lowest (Cast iron): 2022 ≈44"
    )
    unnamed = describe_line_chart(LineChart((LineSeries("", (0, 0, 0), points[:2]),)))
    assert unnamed.splitlines() == [
        "Line values: 2021 ≈57; 2022 ≈44",
        "Highest: 2021 ≈57",
        "Lowest: 2022 ≈44",
    ]


def test_a_line_not_read_at_every_category_states_no_extremes() -> None:
    """The category it was not read at (under the legend, a gap) could hold its highest."""
    points = (LinePoint("2021", 57.0, "57"), LinePoint("2023", 44.0, "44"))
    chart = LineChart((LineSeries("Cast iron", (0, 0, 0), points),), ("2021", "2022", "2023"))
    assert describe_line_chart(chart) == "Line values (Cast iron): 2021 ≈57; 2023 ≈44"


THIS_YEAR = (31.0, 44.0, 38.0, 52.0, 61.0, 57.0, 66.0, 49.0)
LAST_YEAR = (27.0, 35.0, 41.0, 45.0, 50.0, 63.0, 58.0, 43.0)


def _this_and_last_year(ax: object, *, name_grey: bool = True, labels: bool = False) -> None:
    """A coloured line and a grey dashed one (last year's, hollow markers), as report charts
    draw a comparison; ``labels``: this year's values printed above its points."""
    months = MONTHS[:8]
    ax.plot(months, THIS_YEAR, "-o", color="#4b2e83", label="2025")  # type: ignore[attr-defined]
    ax.plot(  # type: ignore[attr-defined]
        months,
        LAST_YEAR,
        "--s",
        color="#9e9e9e",
        markerfacecolor="white",
        label="2024" if name_grey else None,
    )
    if labels:
        for month, value in zip(months, THIS_YEAR, strict=True):
            ax.annotate(  # type: ignore[attr-defined]
                f"{value:.0f}",
                (month, value),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=8,
            )
    ax.set_yticks([20, 30, 40, 50, 60, 70])  # type: ignore[attr-defined]
    ax.grid(True, axis="y", color="#e4e4e4")  # type: ignore[attr-defined]
    ax.legend(loc="upper left")  # type: ignore[attr-defined]
    ax.set_title("Visitors per month (thousands)")  # type: ignore[attr-defined]


def test_a_grey_line_the_legend_names_is_read_beside_the_coloured_one() -> None:
    image, lines = render(_this_and_last_year)
    chart = read_line_chart(image, lines)
    assert chart is not None
    assert sorted(s.name for s in chart.series) == ["2024", "2025"]
    for series in chart.series:
        truth = THIS_YEAR if series.name == "2025" else LAST_YEAR
        assert [p.label for p in series.points] == list(MONTHS[:8])
        for point, value in zip(series.points, truth, strict=True):
            assert point.value == pytest.approx(value, abs=1.0)  # a tenth of the 10 step


def test_a_grey_line_the_legend_does_not_name_leaves_the_chart_unread() -> None:
    image, lines = render(functools.partial(_this_and_last_year, name_grey=False))
    assert read_line_chart(image, lines) is None  # which series is it? not said


def test_value_labels_at_the_points_give_their_exact_values() -> None:
    image, lines = render(functools.partial(_this_and_last_year, labels=True))
    chart = read_line_chart(image, lines)
    assert chart is not None
    this_year = next(s for s in chart.series if s.name == "2025")
    assert [(p.value, p.labelled) for p in this_year.points] == [(v, True) for v in THIS_YEAR]
    last_year = next(s for s in chart.series if s.name == "2024")
    assert not any(p.labelled for p in last_year.points)  # no labels: read off the axis
    text = describe_line_chart(chart)
    assert "Line values (2025): Jan 31; Feb 44;" in text and "Highest (2025): Jul 66" in text
