"""Pie and donut chart reading on synthetic matplotlib charts (OCR lines from the drawn text)."""

from __future__ import annotations

import numpy as np
import pytest

from mmrag.ingestion.charts.pies import find_disc, pie_chart_text, read_pie
from mmrag.ingestion.charts.series import bar_chart_text
from mmrag.ingestion.ocr.base import OcrLine
from mmrag.platform.chart_text import SLICE_HEAD, LineKind, parse_line
from tests.unit.test_bar_charts import algae, render

pytestmark = pytest.mark.unit

COLOURS = ["#3d78b8", "#c0504d", "#6a9d3a", "#e8a33d", "#8064a2", "#2ca5a5"]


def _shares(seed: int, count: int) -> tuple[list[str], list[float]]:
    """Random slice names and percentages (one decimal, summing to 100)."""
    rng = np.random.default_rng(seed)
    names = [
        f"{w} {c}"
        for w, c in zip(
            ["North", "South", "East", "West", "Upper", "Lower"],
            ["yard", "depot", "works", "mill", "quay", "farm"],
            strict=True,
        )
    ][:count]
    raw = rng.uniform(4, 40, count)
    shares = np.round(100 * raw / raw.sum(), 1)
    shares[0] = round(100 - shares[1:].sum(), 1)
    return names, [float(v) for v in shares]


def _pie(  # type: ignore[no-untyped-def]
    names: list[str],
    shares: list[float],
    *,
    donut: bool,
    legend: bool,
    values_in_legend: bool = False,
):
    def draw(ax: object) -> None:
        wedges = ax.pie(  # type: ignore[attr-defined]
            shares,
            labels=None if legend else names,
            colors=COLOURS[: len(shares)],
            autopct=None if values_in_legend else "%.1f%%",
            pctdistance=0.8 if donut else 0.65,
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.45, "edgecolor": "white"} if donut else {"edgecolor": "white"},
        )[0]
        if legend:
            entries = (
                [f"{n}\n{v:.1f}%" for n, v in zip(names, shares, strict=True)]
                if values_in_legend
                else names
            )
            ax.legend(wedges, entries, loc="center left", bbox_to_anchor=(1.0, 0.5))  # type: ignore[attr-defined]
        ax.set_title("Deliveries by site")  # type: ignore[attr-defined]

    return draw


@pytest.mark.parametrize(
    ("seed", "count", "donut", "legend"),
    [
        (1, 3, False, False),
        (2, 4, True, False),
        (3, 5, False, True),
        (4, 6, True, True),
    ],
)
def test_slices_are_named_and_valued(seed: int, count: int, donut: bool, legend: bool) -> None:
    names, shares = _shares(seed, count)
    image, lines = render(_pie(names, shares, donut=donut, legend=legend))
    slices = read_pie(image, lines)
    assert slices is not None, (names, shares)
    read = {s.name: s.value for s in slices}
    assert read == {n: f"{v:.1f}%" for n, v in zip(names, shares, strict=True)}
    for piece in slices:  # the angles agree with the printed shares
        assert abs(piece.share - float(piece.value.rstrip("%"))) < 2.0


def test_the_reading_uses_the_chart_text_format() -> None:
    names, shares = _shares(5, 4)
    image, lines = render(_pie(names, shares, donut=False, legend=False))
    text = pie_chart_text(image, lines)
    parsed = [parse_line(line) for line in text.splitlines()]
    assert parsed[0] is not None and parsed[0].kind is LineKind.VALUES
    assert parsed[0].head == SLICE_HEAD and len(parsed[0].items) == 4
    top = max(range(4), key=lambda i: shares[i])
    assert parsed[1] is not None and parsed[1].kind is LineKind.HIGHEST
    assert parsed[1].items == (f"{names[top]} {shares[top]:.1f}%",)


def test_unprinted_shares_are_estimated_from_the_angles() -> None:
    names, shares = _shares(6, 3)

    def draw(ax: object) -> None:
        ax.pie(shares, labels=names, colors=COLOURS[:3])  # type: ignore[attr-defined]

    image, lines = render(draw)
    slices = read_pie(image, lines) or []
    assert {s.name for s in slices} == set(names)
    for piece in slices:
        expected = shares[names.index(piece.name)]
        assert piece.value.startswith("≈") and abs(float(piece.value[1:-1]) - expected) <= 1.5


def test_other_pictures_give_no_pie_reading() -> None:
    image, lines = render(algae)  # a bar chart
    assert bar_chart_text(image, lines) and pie_chart_text(image, lines) == ""
    blank = np.full((400, 600, 3), 255, np.uint8)
    assert find_disc(blank) is None and pie_chart_text(blank, []) == ""
    square = blank.copy()
    square[100:300, 200:400] = (61, 120, 184)  # a coloured square is not a disc
    assert find_disc(square) is None


def test_labels_that_disagree_with_the_angles_give_no_reading() -> None:
    names, shares = ["North yard", "South depot", "East works"], [50.0, 30.0, 20.0]
    image, lines = render(_pie(names, shares, donut=False, legend=False))
    assert read_pie(image, lines) is not None
    # swap the printed 50.0% and 30.0%: the labels no longer fit their slices
    swap = {"50.0%": "30.0%", "30.0%": "50.0%"}
    swapped = [OcrLine(swap.get(ln.text, ln.text), ln.box, ln.score) for ln in lines]
    assert read_pie(image, swapped) is None


@pytest.mark.parametrize(
    ("seed", "count", "donut", "legend", "values_in_legend"),
    [(2, 4, True, False, False), (3, 5, False, True, False), (8, 4, False, True, True)],
)
def test_slices_are_read_with_real_ocr(
    seed: int, count: int, donut: bool, legend: bool, values_in_legend: bool
) -> None:
    """RapidOCR reads a "%" on a coloured slice as "%6" or "96"; the angles settle it. A legend
    may print each share under its name."""
    from mmrag.ingestion.ocr.engine import get_ocr_engine

    names, shares = _shares(seed, count)
    draw = _pie(names, shares, donut=donut, legend=legend, values_in_legend=values_in_legend)
    image, _ = render(draw)
    slices = read_pie(image, get_ocr_engine().recognize(image))
    assert slices is not None
    assert {s.name: s.value for s in slices} == {
        n: f"{v:.1f}%" for n, v in zip(names, shares, strict=True)
    }
