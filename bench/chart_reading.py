"""Chart reading speed on synthetic matplotlib charts (the unit tests' drawings).

Times the whole reading text (bars with their series, else line charts, else labelled scatter
points) and, as baselines in the same run, the plain bar reading without series and the line
reading alone, best of ``--rounds`` per chart. The bar and scatter drawings (1000x700) come with
their drawn text as OCR lines; the line charts (1000x700 or 1500x1050) with the OCR engine's
lines (not timed). Prints JSON:

    .venv/bin/python bench/chart_reading.py [--rounds 5] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchio import emit  # noqa: E402


def _best(read: Callable[[Any, Any], object], image: Any, lines: Any, rounds: int) -> float:
    """The fastest of ``rounds`` calls of ``read(image, lines)``, in milliseconds."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        read(image, lines)
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 2)


def main(argv: list[str] | None = None) -> int:
    """Time the readers on each drawing and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    from mmrag.ingestion.charts.bars import read_bar_chart
    from mmrag.ingestion.charts.lines import read_line_chart
    from mmrag.ingestion.charts.reading import chart_reading_text
    from tests.unit import test_bar_charts as bars
    from tests.unit import test_line_charts as lines
    from tests.unit import test_scatter_charts as scatter

    drawings = {
        "bars_labelled": bars.monthly_rain,
        "bars_horizontal": bars.leakage,
        "stacked_with_legend": bars.pipe_breaks,
        "grouped_with_legend": bars.grouped_bars,
        "grouped_horizontal_labelled": bars.crops,
        "scatter_labelled": scatter.wells,
        "line_chart_no_reading": bars.line_chart,
    }
    pictures = {name: bars.render(draw) for name, draw in drawings.items()}
    for name, spec in lines.CHARTS.items():
        case = lines.drawn(spec)
        pictures[f"lines_{name}"] = (case.image, case.lines)
    charts: dict[str, Any] = {}
    for name, (image, ocr) in pictures.items():
        charts[name] = {
            "size": list(image.shape[:2]),
            "reading_ms": _best(chart_reading_text, image, ocr, args.rounds),
            "bars_only_ms": _best(read_bar_chart, image, ocr, args.rounds),
            "lines_only_ms": _best(read_line_chart, image, ocr, args.rounds),
            "reading_lines": len(chart_reading_text(image, ocr).splitlines()),
        }
    report = {
        "benchmark": "chart_reading",
        "what": "best of N: chart_reading_text (bars + series, else lines, else scatter) vs "
        "read_bar_chart and read_line_chart alone",
        "rounds": args.rounds,
        "charts": charts,
        "cpu_count": os.cpu_count(),
        "loadavg": list(os.getloadavg()),
        "python": platform.python_version(),
    }
    emit(report, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
