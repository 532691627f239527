"""An image file's figure region takes its title from the OCR lines just above it."""

from __future__ import annotations

import pytest

from mmrag.ingestion.images.extract import title_above
from mmrag.ingestion.ocr.base import OcrLine

pytestmark = pytest.mark.unit

PLOT = (100.0, 200.0, 700.0, 600.0)  # the region the layout model drew around the bars


def _line(text: str, top: float, x0: float = 120.0, x1: float = 500.0) -> OcrLine:
    return OcrLine(text, (x0, top, x1, top + 20.0), 0.95)


def test_the_title_and_subtitle_above_a_plot_name_it() -> None:
    lines = [
        _line("Ferry crossings by route", 130.0),
        _line("Calendar year 2025", 160.0),
        _line("Harbour line", 300.0),  # a label inside the plot
    ]
    assert title_above(lines, PLOT) == "Ferry crossings by route Calendar year 2025"


def test_text_far_above_or_beside_the_plot_is_no_title() -> None:
    far = [_line("Annual report of the ferry company", 20.0)]
    assert title_above(far, PLOT) == ""
    beside = [_line("Notes", 175.0, x0=720.0, x1=800.0)]
    assert title_above(beside, PLOT) == ""


def test_at_most_a_few_lines_are_taken() -> None:
    lines = [_line(f"line {i}", 180.0 - 25.0 * i) for i in range(6)]
    assert title_above(lines, PLOT, most=3) == "line 2 line 1 line 0"
