"""Bar chart reading on the dev corpus with the real OCR engine: PDF figures and a video slide."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from mmrag.ingestion.charts.bars import BarChart, read_bar_chart
from mmrag.ingestion.media.video import VideoOptions, extract_video
from mmrag.ingestion.ocr.base import Image
from mmrag.ingestion.ocr.engine import get_ocr_engine
from mmrag.ingestion.ocr.render import open_pdf
from mmrag.ingestion.pdf.layout import extract_regions, page_graphics
from mmrag.platform.models import ElementKind, MediaKind, SourceFile
from mmrag.platform.storage import BlobStore

pytestmark = pytest.mark.integration

KESTREL = "pdf/kestrel_water_report_2023.pdf"
BRIEFING = "video/lake_survey_briefing.mp4"
DPI = 150
MIN_CROP_HEIGHT = 700  # what layout.region_elements upscales a crop to before OCR


def _source(corpus_dir: Path, rel: str, kind: MediaKind) -> SourceFile:
    path = corpus_dir / rel
    return SourceFile(
        source_id=rel,
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash=rel.replace("/", "_"),
        media_kind=kind,
    )


def _page(corpus_dir: Path, rel: str, page_no: int) -> tuple[Image, list[tuple[float, ...]]]:
    """The page rendered at 150 dpi and its raster figures' boxes in pixels (top to bottom)."""
    doc = open_pdf(corpus_dir / rel)
    try:
        page = doc[page_no - 1]  # type: ignore[index]
        bitmap = page.render(scale=DPI / 72, rev_byteorder=True)
        image = np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
        bitmap.close()
        figures, _ = page_graphics(page)
        page.close()
    finally:
        doc.close()  # type: ignore[attr-defined]
    boxes = [tuple(v * DPI / 72 for v in box) for box in figures]
    return image, sorted(boxes, key=lambda b: (b[1], b[0]))


def _figure(corpus_dir: Path, page_no: int, index: int) -> Image:
    """One raster figure of the Kestrel report, cropped and upscaled as the layout stage does."""
    import cv2

    image, boxes = _page(corpus_dir, KESTREL, page_no)
    x0, y0, x1, y1 = (round(v) for v in boxes[index])
    crop = np.ascontiguousarray(image[y0:y1, x0:x1])
    factor = min(3.0, MIN_CROP_HEIGHT / crop.shape[0])
    if factor > 1:
        crop = np.asarray(cv2.resize(crop, None, fx=factor, fy=factor), dtype=np.uint8)
    return crop


def _read(image: Image) -> BarChart | None:
    return read_bar_chart(image, get_ocr_engine().recognize(image))


def _briefing_frame(corpus_dir: Path, at_s: float) -> Image:
    import av

    with av.open(str(corpus_dir / BRIEFING)) as container:
        stream = container.streams.video[0]
        container.seek(int(at_s / stream.time_base), stream=stream, backward=True)
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= at_s:
                return np.ascontiguousarray(frame.to_ndarray(format="rgb24"))
    raise AssertionError(f"no frame at {at_s} s")


def _check_monthly_rainfall(chart: BarChart | None) -> None:
    assert chart is not None
    assert chart.orientation == "vertical"
    values = {bar.label: bar.value for bar in chart.bars}
    assert len(values) == 12
    assert max(values, key=lambda k: values[k]) == "May"
    assert values["May"] == 142.6
    assert min(values, key=lambda k: values[k]) == "Aug"
    assert values["Aug"] == 22.9
    assert not any(bar.estimated for bar in chart.bars)


def test_figure_1_crop_monthly_rainfall(corpus_dir: Path) -> None:
    _check_monthly_rainfall(_read(_figure(corpus_dir, 3, 0)))


def test_whole_page_3_render(corpus_dir: Path) -> None:
    image, _ = _page(corpus_dir, KESTREL, 3)
    _check_monthly_rainfall(_read(image))


def test_figure_3_horizontal_leakage(corpus_dir: Path) -> None:
    chart = _read(_figure(corpus_dir, 4, 0))
    assert chart is not None
    assert chart.orientation == "horizontal"
    texts = [bar.value_text for bar in chart.bars]
    assert texts == ["142 L", "96 L", "71 L", "168 L", "88 L", "59 L"]
    assert chart.bars[3].label == "Harlow Heights"


def test_figure_6_stacked_totals(corpus_dir: Path) -> None:
    chart = _read(_figure(corpus_dir, 5, 1))
    assert chart is not None
    assert chart.stacked
    assert {bar.label: bar.value for bar in chart.bars} == {
        "2019": 87,
        "2020": 74,
        "2021": 91,
        "2022": 66,
        "2023": 52,
    }


@pytest.mark.parametrize(
    ("page_no", "index", "what"),
    [(3, 1, "line chart"), (4, 1, "pie chart"), (5, 0, "scatter plot")],
)
def test_other_kestrel_charts_are_not_bar_charts(
    corpus_dir: Path, page_no: int, index: int, what: str
) -> None:
    assert _read(_figure(corpus_dir, page_no, index)) is None, what


def test_video_slide_without_value_labels_is_read_off_the_axis(corpus_dir: Path) -> None:
    chart = _read(_briefing_frame(corpus_dir, 22.0))
    assert chart is not None
    values = {bar.label: bar.value for bar in chart.bars}
    assert list(values) == ["June", "July", "August"]
    assert all(bar.estimated for bar in chart.bars)
    assert max(values, key=lambda k: values[k]) == "July"
    assert values == pytest.approx({"June": 14, "July": 31, "August": 22}, abs=2)


def test_video_text_slides_are_not_bar_charts(corpus_dir: Path) -> None:
    for at_s in (2.0, 15.0, 35.0):  # title, table and "next steps" slides
        assert _read(_briefing_frame(corpus_dir, at_s)) is None, at_s


def test_layout_stage_appends_bar_values_to_chart_text(corpus_dir: Path, tmp_path: Path) -> None:
    source = _source(corpus_dir, KESTREL, MediaKind.PDF)
    result = extract_regions(source, [3, 4, 5], BlobStore(tmp_path / "blobs"))
    charts = [e for e in result.elements if e.kind is ElementKind.CHART]
    with_bars = {e.provenance.page: e.text for e in charts if "Bar values" in e.text}
    assert set(with_bars) == {3, 4, 5}  # figures 1, 3 and 6; not the line, pie or scatter
    assert len(charts) > len(with_bars)
    assert "Highest: May 142.6\nLowest: Aug 22.9" in with_bars[3]
    assert with_bars[3].index("Jan") < with_bars[3].index("Bar values")  # after the OCR text
    assert "Highest: Harlow Heights 168 L" in with_bars[4]
    assert "Highest: 2021 91" in with_bars[5]


def test_zoo_line_figure_gives_no_bar_values(corpus_dir: Path, tmp_path: Path) -> None:
    source = _source(corpus_dir, "pdf/zoo.pdf", MediaKind.PDF)
    result = extract_regions(source, [21], BlobStore(tmp_path / "blobs"))
    assert result.elements  # the M-fluctuation plot is found and OCR'd
    assert not any("Bar values" in e.text for e in result.elements)


def test_video_frames_carry_bar_values(corpus_dir: Path, tmp_path: Path) -> None:
    source = _source(corpus_dir, BRIEFING, MediaKind.VIDEO)
    result = extract_video(
        source,
        BlobStore(tmp_path / "blobs"),
        VideoOptions(transcribe_audio=False),
        ocr=get_ocr_engine(),
    )
    frames = [e for e in result.elements if e.kind is ElementKind.FRAME]
    with_bars = [e for e in frames if "Bar values" in e.text]
    assert len(with_bars) == 1
    frame = with_bars[0]
    assert frame.text.startswith("Algae samples per month")
    highest = re.search(r"^Highest: July ≈(\d+(?:\.\d+)?)$", frame.text, re.M)
    assert highest is not None
    assert float(highest[1]) == pytest.approx(31, abs=2)
    assert (frame.provenance.t_start or 0.0) <= 22.0 <= (frame.provenance.t_end or 0.0)
