"""Scatter plot reading on the dev corpus with the real OCR engine: Figure 5 of the Kestrel report
is read; its other charts, the zoo plot and the briefing video's slides are not.

True values of Figure 5, read off the page render (marker centres against the gridlines):
PS-7 at about (760, 471) kWh per ML, the highest; PS-2 at about (980, 188), the lowest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mmrag.ingestion.charts.scatter import ScatterChart, read_scatter_chart
from mmrag.ingestion.media.video import VideoOptions, extract_video
from mmrag.ingestion.ocr.base import Image
from mmrag.ingestion.ocr.engine import get_ocr_engine
from mmrag.ingestion.pdf.layout import extract_regions
from mmrag.platform.models import ElementKind, MediaKind
from mmrag.platform.storage import BlobStore
from tests.integration.test_bar_charts_corpus import (
    BRIEFING,
    KESTREL,
    _briefing_frame,
    _figure,
    _source,
)

pytestmark = pytest.mark.integration

STATIONS = {f"PS-{i}" for i in range(1, 10)}
PS7 = (760.0, 471.0)
PS2 = (980.0, 188.0)


def _read(image: Image) -> ScatterChart | None:
    return read_scatter_chart(image, get_ocr_engine().recognize(image))


def test_figure_5_crop_is_read(corpus_dir: Path) -> None:
    chart = _read(_figure(corpus_dir, 5, 0))
    assert chart is not None
    points = {p.label: p for p in chart.points}
    assert set(points) == STATIONS
    assert chart.x_title == "volume pumped, ML per year"
    assert chart.y_title == "kWh per ML"
    highest = max(chart.points, key=lambda p: p.y)
    lowest = min(chart.points, key=lambda p: p.y)
    assert highest.label == "PS-7"
    assert highest.note == "Quarry Road booster"
    assert highest.y == pytest.approx(PS7[1], abs=15)
    assert highest.x == pytest.approx(PS7[0], abs=40)
    assert lowest.label == "PS-2"
    assert lowest.y == pytest.approx(PS2[1], abs=15)
    assert lowest.x == pytest.approx(PS2[0], abs=40)
    assert [p.note for p in chart.points if p.label != "PS-7"] == [""] * 8


def test_layout_stage_appends_point_values_to_figure_5_only(
    corpus_dir: Path, tmp_path: Path
) -> None:
    source = _source(corpus_dir, KESTREL, MediaKind.PDF)
    result = extract_regions(source, [3, 4, 5], BlobStore(tmp_path / "blobs"))
    charts = [e for e in result.elements if e.kind is ElementKind.CHART]
    scatter = [e for e in charts if "Point values" in e.text]
    assert len(scatter) == 1  # not figures 1-4 or 6
    text = scatter[0].text
    assert scatter[0].provenance.page == 5
    assert "Bar values" not in text
    assert "Point values (x: volume pumped, ML per year; y: kWh per ML): " in text
    assert text.index("PS-7") < text.index("Point values")  # after the OCR text
    highest = re.search(r"^Highest: PS-7 Quarry Road booster \(y ≈(\d+) kWh per ML\)$", text, re.M)
    assert highest is not None
    assert float(highest[1]) == pytest.approx(PS7[1], abs=15)
    lowest = re.search(r"^Lowest: PS-2 \(y ≈(\d+) kWh per ML\)$", text, re.M)
    assert lowest is not None
    assert float(lowest[1]) == pytest.approx(PS2[1], abs=15)
    with_bars = {e.provenance.page for e in charts if "Bar values" in e.text}
    assert with_bars == {3, 4, 5}  # the bar charts are still read, by the same hook


@pytest.mark.parametrize(
    ("page_no", "index", "what"),
    [
        (3, 0, "figure 1, bars"),
        (3, 1, "figure 2, line chart with a marked point"),
        (4, 0, "figure 3, horizontal bars"),
        (4, 1, "figure 4, pie with a legend"),
        (5, 1, "figure 6, stacked bars with a legend"),
    ],
)
def test_other_kestrel_charts_are_not_scatter_plots(
    corpus_dir: Path, page_no: int, index: int, what: str
) -> None:
    assert _read(_figure(corpus_dir, page_no, index)) is None, what


def test_zoo_figure_gives_no_point_values(corpus_dir: Path, tmp_path: Path) -> None:
    source = _source(corpus_dir, "pdf/zoo.pdf", MediaKind.PDF)
    result = extract_regions(source, [21], BlobStore(tmp_path / "blobs"))
    assert result.elements  # the M-fluctuation plot is found and OCR'd
    assert not any("Point values" in e.text for e in result.elements)


@pytest.mark.parametrize("at_s", [2.0, 15.0, 22.0, 35.0])  # title, table, bar chart, text slides
def test_video_slides_are_not_scatter_plots(corpus_dir: Path, at_s: float) -> None:
    assert _read(_briefing_frame(corpus_dir, at_s)) is None


def test_video_frames_get_no_point_values(corpus_dir: Path, tmp_path: Path) -> None:
    source = _source(corpus_dir, BRIEFING, MediaKind.VIDEO)
    result = extract_video(
        source,
        BlobStore(tmp_path / "blobs"),
        VideoOptions(transcribe_audio=False),
        ocr=get_ocr_engine(),
    )
    frames = [e for e in result.elements if e.kind is ElementKind.FRAME]
    assert len([e for e in frames if "Bar values" in e.text]) == 1  # the same hook reads bars
    assert not any("Point values" in e.text for e in frames)
