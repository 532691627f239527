"""Bar chart reading on synthetic matplotlib charts, with OCR lines taken from the drawn text."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from mmrag.ingestion.charts.bars import (
    Bar,
    BarChart,
    describe_bar_chart,
    read_bar_chart,
)
from mmrag.ingestion.charts.series import bar_chart_text
from mmrag.ingestion.ocr.base import Image, OcrLine

pytestmark = pytest.mark.unit

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
RAIN = [88.4, 71.2, 96.5, 118.3, 142.6, 64.0, 31.7, 22.9, 48.1, 103.8, 121.4, 97.0]
ZONES = ["Old Town", "Riverside", "Pinecrest", "Harlow Heights", "Millbrook", "Eastfield North"]
LEAKAGE = [142, 96, 71, 168, 88, 59]

Draw = Callable[[object], None]  # gets a matplotlib Axes


def render(
    draw: Draw, size: tuple[float, float] = (10, 7), dpi: int = 100
) -> tuple[Image, list[OcrLine]]:
    """The chart drawn by ``draw`` as RGB pixels, and one OcrLine per visible text artist."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    fig = Figure(figsize=size, dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    draw(fig.add_subplot())
    canvas.draw()
    rgb = np.ascontiguousarray(np.asarray(canvas.buffer_rgba())[:, :, :3])
    height, width = rgb.shape[:2]
    renderer = canvas.get_renderer()
    lines = []
    for text in fig.findobj(Text):
        content = text.get_text().strip()
        if not content or not text.get_visible():
            continue
        bb = text.get_window_extent(renderer)
        box = (bb.x0 - 3, height - bb.y1 - 3, bb.x1 + 3, height - bb.y0 + 3)  # OCR boxes are loose
        if box[2] > 0 and box[3] > 0 and box[0] < width and box[1] < height:
            lines.append(OcrLine(content.replace("\u2212", "-"), box, 0.98))
    lines.sort(key=lambda ln: (ln.box[1], ln.box[0]))
    return rgb, lines


def monthly_rain(ax: object) -> None:
    bars = ax.bar(MONTHS, RAIN, color="#4a7eb5", width=0.7)  # type: ignore[attr-defined]
    ax.bar_label(bars, fmt="%.1f")  # type: ignore[attr-defined]
    ax.set_yticks([0, 40, 80, 120, 160])  # type: ignore[attr-defined]
    ax.set_title("Monthly rainfall at Pike Ridge gauge, 2023")  # type: ignore[attr-defined]


def algae(ax: object) -> None:
    ax.bar(  # type: ignore[attr-defined]
        ["June", "July", "August"], [14, 31, 22], color=["#3d78b8", "#c0504d", "#6a9d3a"]
    )
    ax.set_yticks([0, 10, 20, 30])  # type: ignore[attr-defined]
    ax.set_title("Algae samples per month")  # type: ignore[attr-defined]


def leakage(ax: object) -> None:
    bars = ax.barh(ZONES, LEAKAGE, color="#c8773c", height=0.6)  # type: ignore[attr-defined]
    ax.bar_label(bars, labels=[f"{v} L" for v in LEAKAGE], padding=4)  # type: ignore[attr-defined]
    ax.invert_yaxis()  # type: ignore[attr-defined]
    ax.set_xticks([0, 50, 100, 150, 200])  # type: ignore[attr-defined]
    ax.set_title("Leakage by supply zone")  # type: ignore[attr-defined]


def pipe_breaks(ax: object) -> None:
    years = ["2019", "2020", "2021", "2022", "2023"]
    series = {
        "Cast iron": ([51, 44, 57, 38, 29], "#6b4f3a"),
        "Asbestos cement": ([22, 19, 21, 16, 13], "#c9a227"),
        "PVC": ([9, 7, 8, 8, 6], "#5b9bd5"),
        "Ductile iron": ([5, 4, 5, 4, 4], "#888888"),
    }
    bottom = np.zeros(5)
    container = None
    for name, (values, colour) in series.items():
        container = ax.bar(years, values, bottom=bottom, color=colour, label=name, width=0.6)  # type: ignore[attr-defined]
        bottom += values
    ax.bar_label(container, labels=[str(int(v)) for v in bottom], padding=3)  # type: ignore[attr-defined]
    ax.set_yticks([0, 20, 40, 60, 80, 100])  # type: ignore[attr-defined]
    ax.legend(loc="upper right")  # type: ignore[attr-defined]


def values_of(chart: BarChart) -> dict[str, float]:
    return {bar.label: bar.value for bar in chart.bars}


def test_vertical_bars_with_value_labels() -> None:
    chart = read_bar_chart(*render(monthly_rain))
    assert chart is not None
    assert chart.orientation == "vertical"
    assert [bar.label for bar in chart.bars] == MONTHS
    assert [bar.value for bar in chart.bars] == RAIN
    assert not any(bar.estimated for bar in chart.bars)
    text = describe_bar_chart(chart)
    assert text.startswith("Bar values: Jan 88.4; Feb 71.2; ")
    assert "\nHighest: May 142.6\nLowest: Aug 22.9" in text


def test_vertical_bars_without_labels_are_read_off_the_axis() -> None:
    chart = read_bar_chart(*render(algae))
    assert chart is not None
    assert all(bar.estimated for bar in chart.bars)
    assert values_of(chart) == pytest.approx({"June": 14, "July": 31, "August": 22}, abs=0.6)
    lines = describe_bar_chart(chart).splitlines()
    assert lines[0] == "Bar values: June ≈14; July ≈31; August ≈22"
    assert lines[1:] == ["Highest: July ≈31", "Lowest: June ≈14"]


def test_horizontal_bars_keep_the_unit_of_their_labels() -> None:
    chart = read_bar_chart(*render(leakage))
    assert chart is not None
    assert chart.orientation == "horizontal"
    assert [bar.label for bar in chart.bars] == ZONES  # top to bottom
    assert [bar.value_text for bar in chart.bars] == [f"{v} L" for v in LEAKAGE]
    text = describe_bar_chart(chart)
    assert "Highest: Harlow Heights 168 L" in text
    assert "Lowest: Eastfield North 59 L" in text


def test_stacked_segments_make_one_bar_worth_the_whole_stack() -> None:
    chart = read_bar_chart(*render(pipe_breaks))
    assert chart is not None
    assert chart.stacked
    assert values_of(chart) == {"2019": 87, "2020": 74, "2021": 91, "2022": 66, "2023": 52}
    assert all(bar.segments == 4 for bar in chart.bars)
    assert "Highest: 2021 91" in describe_bar_chart(chart)


def test_a_misread_value_label_falls_back_to_the_axis() -> None:
    image, lines = render(monthly_rain)
    misread = [OcrLine("1426", ln.box, ln.score) if ln.text == "142.6" else ln for ln in lines]
    chart = read_bar_chart(image, misread)
    assert chart is not None
    may = chart.bars[MONTHS.index("May")]
    assert may.estimated
    assert may.value == pytest.approx(142.6, abs=1.5)
    assert [b.value for b in chart.bars if b.label != "May"] == [v for v in RAIN if v != 142.6]


def test_a_bar_without_its_category_label_gives_no_reading() -> None:
    image, lines = render(monthly_rain)
    assert read_bar_chart(image, [ln for ln in lines if ln.text != "Jul"]) is None


def test_gridlines_over_the_bars_do_not_make_a_stack() -> None:
    def gridded(ax: object) -> None:
        algae(ax)
        ax.set_axisbelow(False)  # type: ignore[attr-defined]
        ax.grid(axis="y", color="white", linewidth=2)  # type: ignore[attr-defined]

    chart = read_bar_chart(*render(gridded))
    assert chart is not None
    assert not chart.stacked
    assert values_of(chart) == pytest.approx({"June": 14, "July": 31, "August": 22}, abs=0.6)


def test_a_large_image_is_searched_at_a_reduced_size() -> None:
    image, lines = render(leakage, dpi=300)
    assert image.shape[:2] == (2100, 3000)
    chart = read_bar_chart(image, lines)
    assert chart is not None
    assert [bar.value_text for bar in chart.bars] == [f"{v} L" for v in LEAKAGE]
    assert max(bar.box[2] for bar in chart.bars) > 2000  # boxes in the original's pixels


def test_a_greyscale_image_is_read() -> None:
    image, lines = render(algae)
    grey = np.ascontiguousarray(image.mean(axis=2).astype(np.uint8))
    chart = read_bar_chart(grey, lines)
    assert chart is not None
    assert values_of(chart) == pytest.approx({"June": 14, "July": 31, "August": 22}, abs=0.6)


def pie(ax: object) -> None:
    wedges, _ = ax.pie([66.2, 18.4, 9.7, 5.7])  # type: ignore[attr-defined]
    ax.legend(  # type: ignore[attr-defined]
        wedges, ["Residential 66.2%", "Commercial 18.4%", "Industrial 9.7%", "Public 5.7%"]
    )
    ax.set_title("Billed water by customer class, 2023")  # type: ignore[attr-defined]


def line_chart(ax: object) -> None:
    ax.plot(MONTHS, RAIN, marker="o", linewidth=2)  # type: ignore[attr-defined]
    ax.plot(MONTHS, [v * 0.8 for v in RAIN], linestyle="--", color="grey")  # type: ignore[attr-defined]
    ax.set_yticks([0, 40, 80, 120, 160])  # type: ignore[attr-defined]
    ax.set_title("Combined storage")  # type: ignore[attr-defined]


def text_slide(ax: object) -> None:
    ax.axis("off")  # type: ignore[attr-defined]
    for i, line in enumerate(["Next steps", "- Lab analysis 12", "- Report due 15 Nov", "2024"]):
        ax.text(0.05, 0.9 - 0.2 * i, line, fontsize=24, transform=ax.transAxes)  # type: ignore[attr-defined]


def grouped_bars(ax: object) -> None:
    x = np.arange(4)
    ax.bar(x - 0.2, [10, 20, 15, 25], width=0.4, label="2022")  # type: ignore[attr-defined]
    ax.bar(x + 0.2, [12, 18, 17, 22], width=0.4, label="2023")  # type: ignore[attr-defined]
    ax.set_xticks(x, ["Q1", "Q2", "Q3", "Q4"])  # type: ignore[attr-defined]
    ax.set_yticks([0, 10, 20, 30])  # type: ignore[attr-defined]
    ax.legend()  # type: ignore[attr-defined]


def zero_bar(ax: object) -> None:
    ax.bar(["A", "B", "C", "D"], [5, 8, 0, 6])  # type: ignore[attr-defined]
    ax.set_yticks([0, 2, 4, 6, 8])  # type: ignore[attr-defined]


def negative_bars(ax: object) -> None:
    ax.bar(["A", "B", "C", "D"], [5, -3, 4, -2])  # type: ignore[attr-defined]
    ax.axhline(0, color="black")  # type: ignore[attr-defined]
    ax.set_yticks([-4, -2, 0, 2, 4, 6])  # type: ignore[attr-defined]


def coloured_boxes(ax: object) -> None:
    """Two filled panels with captions under them: boxes, but no value axis or labels."""
    from matplotlib.patches import Rectangle

    ax.axis("off")  # type: ignore[attr-defined]
    ax.add_patch(Rectangle((0.05, 0.2), 0.4, 0.7, color="#2e6da4"))  # type: ignore[attr-defined]
    ax.add_patch(Rectangle((0.55, 0.2), 0.4, 0.7, color="#c0504d"))  # type: ignore[attr-defined]
    ax.text(0.25, 0.1, "Photo A", ha="center", transform=ax.transAxes)  # type: ignore[attr-defined]
    ax.text(0.75, 0.1, "Photo B", ha="center", transform=ax.transAxes)  # type: ignore[attr-defined]


def heatmap(ax: object) -> None:
    """Grid cells with category labels under the columns and numeric rows (years) beside them."""
    cells = np.array([[1, 2, 3, 1, 2], [3, 1, 2, 3, 1], [2, 3, 1, 2, 3], [1, 1, 3, 2, 2]])
    ax.imshow(cells, origin="lower", cmap="viridis", aspect="auto")  # type: ignore[attr-defined]
    ax.set_xticks(range(5), ["A", "B", "C", "D", "E"])  # type: ignore[attr-defined]
    ax.set_yticks(range(4), ["2020", "2021", "2022", "2023"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "draw",
    [pie, line_chart, text_slide, zero_bar, negative_bars, coloured_boxes, heatmap],
    ids=lambda f: f.__name__,
)
def test_not_a_readable_bar_chart(draw: Draw) -> None:
    image, lines = render(draw)
    assert read_bar_chart(image, lines) is None
    assert bar_chart_text(image, lines) == ""


def test_a_photo_like_noise_image_is_not_a_bar_chart() -> None:
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, size=(700, 1000, 3), dtype=np.uint8)
    lines = [OcrLine("12", (100, 100, 140, 130), 0.9), OcrLine("Jan", (300, 650, 350, 690), 0.9)]
    assert read_bar_chart(noise, lines) is None


def test_describe_marks_estimates_and_lists_ties() -> None:
    box = (0.0, 0.0, 1.0, 1.0)
    chart = BarChart(
        orientation="vertical",
        bars=(
            Bar("A", 31.0, "31", True, box),
            Bar("B", 12.5, "12.5 L", False, box),
            Bar("C", 31.0, "31", True, box),
        ),
    )
    assert describe_bar_chart(chart) == (
        "Bar values: A ≈31; B 12.5 L; C ≈31\nHighest: A ≈31; C ≈31\nLowest: B 12.5 L"
    )


def test_a_stacked_chart_with_a_legend_is_read_by_series() -> None:
    text = bar_chart_text(*render(pipe_breaks))
    lines = text.splitlines()
    assert lines[:3] == [
        "Bar values (stack totals): 2019 87; 2020 74; 2021 91; 2022 66; 2023 52",
        "Highest: 2021 91",
        "Lowest: 2023 52",
    ]
    assert "Bar values (Cast iron): 2019 ≈51; 2020 ≈44; 2021 ≈57; 2022 ≈38; 2023 ≈29" in lines
    assert "Bar values (Ductile iron): 2019 ≈5; 2020 ≈4; 2021 ≈5; 2022 ≈4; 2023 ≈4" in lines
    assert lines[-3:] == [
        "Bar values (series totals): Cast iron ≈219; Asbestos cement ≈91; PVC ≈38; "
        "Ductile iron ≈22",
        "Highest: Cast iron ≈219",
        "Lowest: Ductile iron ≈22",
    ]


def test_values_printed_inside_segments_are_taken_as_printed() -> None:
    def labelled(ax: object) -> None:
        bottom = np.zeros(3)
        for name, values, colour in (
            ("Coach", [12.5, 14.0, 9.5], "#3d78b8"),
            ("Rail", [30.5, 22.0, 26.5], "#c0504d"),
        ):
            bars = ax.barh(
                ["North", "South", "West"], values, left=bottom, color=colour, label=name
            )  # type: ignore[attr-defined]
            ax.bar_label(bars, fmt="%.1f", label_type="center")  # type: ignore[attr-defined]
            bottom += values
        ax.set_xticks([0, 10, 20, 30, 40, 50])  # type: ignore[attr-defined]
        ax.legend(loc="lower right")  # type: ignore[attr-defined]

    lines = bar_chart_text(*render(labelled)).splitlines()
    assert "Bar values (Coach): West 9.5; South 14.0; North 12.5" in lines  # top to bottom
    assert "Bar values (Rail): West 26.5; South 22.0; North 30.5" in lines
    assert "Highest: Rail 79.0" in lines


def test_a_stack_without_a_legend_gives_only_its_totals() -> None:
    image, lines = render(pipe_breaks)
    names = {"Cast iron", "Asbestos cement", "PVC", "Ductile iron"}
    text = bar_chart_text(image, [ln for ln in lines if ln.text not in names])
    assert text.startswith("Bar values (stack totals): 2019 87;")
    assert "Cast iron" not in text and "series totals" not in text


def crops(ax: object) -> None:
    """Grouped horizontal bars with printed values: three crops per field."""
    fields = np.arange(3)
    for i, (crop, values, colour) in enumerate(
        (
            ("Wheat", [4.1, 3.6, 4.4], "#d4a017"),
            ("Barley", [3.2, 3.9, 2.8], "#6a9d3a"),
            ("Oats", [2.5, 2.2, 3.0], "#3d78b8"),
        )
    ):
        bars = ax.barh(fields + (i - 1) * 0.25, values, height=0.25, color=colour, label=crop)  # type: ignore[attr-defined]
        ax.bar_label(bars, fmt="%.1f", padding=2)  # type: ignore[attr-defined]
    ax.set_yticks(fields, ["North farm", "Mill field", "Low meadow"])  # type: ignore[attr-defined]
    ax.set_xticks([0, 1, 2, 3, 4, 5])  # type: ignore[attr-defined]
    ax.legend(loc="lower right")  # type: ignore[attr-defined]


def test_grouped_bars_are_read_by_series_with_their_extremes() -> None:
    lines = bar_chart_text(*render(grouped_bars)).splitlines()
    assert lines == [
        "Bar values (2022): Q1 ≈10; Q2 ≈20; Q3 ≈15; Q4 ≈25",
        "Highest (2022): Q4 ≈25",
        "Lowest (2022): Q1 ≈10",
        "Bar values (2023): Q1 ≈12; Q2 ≈18; Q3 ≈17; Q4 ≈22",
        "Highest (2023): Q4 ≈22",
        "Lowest (2023): Q1 ≈12",
    ]


def test_grouped_horizontal_bars_keep_their_printed_values() -> None:
    lines = bar_chart_text(*render(crops)).splitlines()
    assert "Bar values (Wheat): Low meadow 4.4; Mill field 3.6; North farm 4.1" in lines
    assert "Highest (Barley): Mill field 3.9" in lines
    assert "Lowest (Oats): Mill field 2.2" in lines
    assert not any("series totals" in line for line in lines)  # sums of rates mean nothing


def test_grouped_bars_without_a_legend_give_no_reading() -> None:
    image, lines = render(grouped_bars)
    assert bar_chart_text(image, [ln for ln in lines if ln.text not in {"2022", "2023"}]) == ""
