"""One entry point for reading values off a chart picture: bar charts, line charts, pie and
donut charts, labelled scatter plots.

The readers are tried in that order and the first reading wins, so one picture never gets two
readings: a line chart is only sought when no bars were read, a pie when neither, a scatter
plot when none of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from mmrag.ingestion.charts.lines import line_chart_text
from mmrag.ingestion.charts.pies import pie_chart_text
from mmrag.ingestion.charts.scatter import scatter_chart_text
from mmrag.ingestion.charts.series import bar_chart_text
from mmrag.ingestion.ocr.base import Image, OcrLine


def chart_reading_text(image: Image, lines: Sequence[OcrLine]) -> str:
    """Values read off the chart in ``image`` as the reading text of
    :mod:`mmrag.platform.chart_text`; "" when it is none of these kinds of chart.

    ``lines`` are OCR lines of the same image (pixel boxes in its coordinates).
    """
    return (
        bar_chart_text(image, lines)
        or line_chart_text(image, lines)
        or pie_chart_text(image, lines)
        or scatter_chart_text(image, lines)
    )
