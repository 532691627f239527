"""One entry point for reading values off a chart picture: bar charts, else labelled scatter plots.

Bars are tried first; a scatter reading is only sought when no bars were read, so one picture
never gets two readings.
"""

from __future__ import annotations

from collections.abc import Sequence

from mmrag.ingestion.charts.scatter import scatter_chart_text
from mmrag.ingestion.charts.series import bar_chart_text
from mmrag.ingestion.ocr.base import Image, OcrLine


def chart_reading_text(image: Image, lines: Sequence[OcrLine]) -> str:
    """Values read off the chart in ``image`` as the reading text of
    :mod:`mmrag.platform.chart_text`; "" when it is neither kind of chart.

    ``lines`` are OCR lines of the same image (pixel boxes in its coordinates).
    """
    return bar_chart_text(image, lines) or scatter_chart_text(image, lines)
