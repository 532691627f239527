"""Drawn chart regions read from the PDF text layer instead of OCR; raster ones still OCR'd."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mmrag.ingestion.ocr.base import Image, OcrLine
from mmrag.ingestion.pdf.layout import (
    LayoutOptions,
    page_graphics,
    region_elements,
    region_layer_words,
)
from mmrag.ingestion.tables import TableOptions, Word, page_words, text_runs
from mmrag.platform import chart_text
from mmrag.platform.models import Element
from mmrag.platform.storage import BlobStore
from tests.sources import source_file

pytestmark = pytest.mark.unit

REGIONS = ["North", "South", "East", "West", "Central", "Coast"]
SALES = [412, 268, 355, 190, 487, 233]
PAGE = (612.0, 792.0)  # points
DPI = 150
Box = tuple[float, float, float, float]


class RecordingOcr:
    """An OCR engine double: counts its calls, reads nothing."""

    name = "recording"

    def __init__(self) -> None:
        self.calls = 0

    def recognize(self, image: Image) -> list[OcrLine]:
        self.calls += 1
        return []


def _draw_chart(ax: Any) -> None:
    bars = ax.bar(REGIONS, SALES, color="#4a7eb5", width=0.6)
    ax.bar_label(bars)
    ax.set_yticks([0, 100, 200, 300, 400, 500])
    ax.set_title("Widgets sold per region, 2024")
    ax.set_ylabel("Units sold")


def chart_pdf(path: Path, raster: bool = False) -> Box:
    """A letter page with a bar chart and its caption under it; the chart's box in points
    (top-left origin), as the layout stage would find it.

    The chart is drawn with vector paths and its labels, values and rotated y title are real
    text (matplotlib's PDF backend), or, with ``raster``, it is the same chart as a 150 dpi
    picture placed in that box (its words only pixels).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(PAGE[0] / 72, PAGE[1] / 72), dpi=72)  # 1 display unit = 1 point
    FigureCanvasAgg(fig)
    fig.text(0.1, 0.93, "Quarterly sales review", fontsize=16)
    fig.text(0.1, 0.90, "Sales rose in most regions; the chart below has the totals.")
    fig.text(0.15, 0.39, "Figure 1: Widgets sold per region.")
    ax = fig.add_axes((0.15, 0.45, 0.7, 0.35))
    _draw_chart(ax)
    bb = ax.get_tightbbox(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    if raster:
        ax.remove()
        picture = Figure(figsize=(bb.width / 72, bb.height / 72), dpi=DPI)
        canvas = FigureCanvasAgg(picture)
        _draw_chart(picture.add_axes((0.15, 0.12, 0.8, 0.78)))
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())[:, :, :3]
        holder = fig.add_axes(
            (bb.x0 / PAGE[0], bb.y0 / PAGE[1], bb.width / PAGE[0], bb.height / PAGE[1])
        )
        holder.imshow(pixels, interpolation="none")
        holder.axis("off")
    fig.savefig(path, format="pdf")
    return (bb.x0 - 4, PAGE[1] - bb.y1 - 4, bb.x1 + 4, PAGE[1] - bb.y0 + 4)


def _page_one(path: Path) -> tuple[Any, list[Box], list[Word]]:
    """Page 1 of ``path`` rendered at ``DPI`` (RGB), its raster images' boxes and its words."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[0]
        bitmap = page.render(scale=DPI / 72, rev_byteorder=True)
        image = np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
        bitmap.close()
        images, _ = page_graphics(page)
        return image, images, page_words(page, reading_frames=True)
    finally:
        doc.close()


def _read_region(
    path: Path, region: Box, tmp_path: Path, opts: LayoutOptions | None = None
) -> tuple[list[Element], RecordingOcr]:
    """Page 1 rendered, its text-layer decision for ``region`` and the region's elements."""
    options = opts or LayoutOptions()
    image, images, words = _page_one(path)
    engine = RecordingOcr()
    elements = region_elements(
        source_file(path),
        1,
        image,
        region,
        DPI,
        PAGE,
        0,
        BlobStore(tmp_path / "blobs"),
        engine,
        options,
        caption="Figure 1: Widgets sold per region.",
        layer_words=region_layer_words(words, images, region, "Figure 1", options),
    )
    return elements, engine


def test_vector_chart_is_read_from_the_text_layer_without_ocr(tmp_path: Path) -> None:
    path = tmp_path / "vector.pdf"
    region = chart_pdf(path)
    elements, engine = _read_region(path, region, tmp_path)
    assert engine.calls == 0
    (chart,) = elements
    assert chart.method == "layout+text-layer"
    assert chart.confidence == 1.0
    lines = chart.text.splitlines()
    assert lines[:2] == ["Figure 1: Widgets sold per region.", "Widgets sold per region, 2024"]
    assert "Units sold" in lines  # the rotated y-axis title, read in order
    assert "Quarterly sales review" not in chart.text  # page text outside the region
    values = next(ln for ln in lines if ln.startswith(chart_text.BAR_HEAD))
    parsed = chart_text.parse_line(values)
    assert parsed is not None
    assert parsed.items == tuple(f"{r} {v}" for r, v in zip(REGIONS, SALES, strict=True))
    assert "Highest: Central 487" in chart.text
    assert "Lowest: West 190" in chart.text


def test_text_layer_off_ocrs_the_same_region(tmp_path: Path) -> None:
    path = tmp_path / "vector.pdf"
    region = chart_pdf(path)
    elements, engine = _read_region(path, region, tmp_path, LayoutOptions(text_layer_lines=False))
    assert engine.calls == 1
    assert all(e.method == "layout+recording" for e in elements)


def test_raster_covered_or_wordless_regions_need_ocr(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    path = tmp_path / "vector.pdf"
    region = chart_pdf(path)
    doc = pdfium.PdfDocument(str(path))
    try:
        words = page_words(doc[0], reading_frames=True)
    finally:
        doc.close()
    opts = LayoutOptions()
    assert region_layer_words(words, [], region, "", opts)
    photo = (region[0] + 10, region[1] + 10, region[2] - 10, region[3] - 10)  # an image in it
    assert region_layer_words(words, [photo], region, "", opts) == []
    logo = (region[0], region[1], region[0] + 30, region[1] + 30)  # 1-2% of it: still drawn
    assert region_layer_words(words, [logo], region, "", opts)
    caption_only = (region[0], 460.0, region[2], 475.0)  # the caption line's band
    caption = "Figure 1: Widgets sold per region."
    assert region_layer_words(words, [], caption_only, caption, opts) == []


def test_layer_line_boxes_sit_on_their_glyphs_in_the_upscaled_crop(tmp_path: Path) -> None:
    """Boxes map display points to crop pixels (y down, render scale, upscaling): each
    text-layer line's box holds dark glyph pixels of the image OCR would have seen."""
    import cv2

    from mmrag.ingestion.pdf.layout import layer_lines

    path = tmp_path / "vector.pdf"
    region = chart_pdf(path)
    image, _, words = _page_one(path)
    scale, factor = DPI / 72, 2.0
    x0, y0 = int(region[0] * scale), int(region[1] * scale)
    crop = image[y0 : int(region[3] * scale), x0 : int(region[2] * scale)]
    big = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    size = (big.shape[1], big.shape[0])
    inside = region_layer_words(words, [], region, "", LayoutOptions())
    lines = layer_lines(inside, (x0 / scale, y0 / scale), scale * factor, size)
    assert {"North", "Coast", "487", "500", "Units sold"} <= {ln.text for ln in lines}
    for line in lines:
        a, b, c, d = (round(v) for v in line.box)
        assert big[b:d, a:c].min() < 100, line  # glyph ink inside the box
        assert line.score == 1.0
    ylabel = next(ln for ln in lines if ln.text == "Units sold")
    assert ylabel.box[3] - ylabel.box[1] > 3 * (ylabel.box[2] - ylabel.box[0])  # upright box
    assert lines == sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))


def test_rotated_words_join_only_in_reading_frames(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    path = tmp_path / "vector.pdf"
    chart_pdf(path)
    doc = pdfium.PdfDocument(str(path))
    try:
        framed = page_words(doc[0], reading_frames=True)
        plain = page_words(doc[0])
    finally:
        doc.close()
    runs = [text for text, _ in text_runs(framed, TableOptions())]
    assert "Units sold" in runs and "Widgets sold per region, 2024" in runs
    assert {w.text for w in framed if w.turns == 3} == {"Units", "sold"}
    assert "Units" not in {w.text for w in plain}  # the text path's default is unchanged
    plain_words = {(w.text, round(w.x0, 3), round(w.y0, 3)) for w in plain}
    assert all(
        (w.text, round(w.x0, 3), round(w.y0, 3)) in plain_words for w in framed if not w.turns
    )
