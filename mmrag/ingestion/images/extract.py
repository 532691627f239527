"""Image files (PNG/JPEG/TIFF/WebP): OCR text plus figure/chart regions, as page 1.

Coordinate convention: an image is treated as a page rendered at 72 dpi, so one pixel is one
point. ``bbox`` values are therefore pixel coordinates of the EXIF-oriented image (OCR and figure
regions run on the page made upright, see ``ocr/upright.py``, and their boxes are mapped back),
and ``page_width``/``page_height`` are its pixel size.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from mmrag.ingestion.base import ExtractionResult
from mmrag.ingestion.ocr.base import OcrLine
from mmrag.ingestion.ocr.engine import get_ocr_engine, page_elements, read_page
from mmrag.ingestion.ocr.render import load_image
from mmrag.ingestion.pdf.layout import LayoutOptions, detect_regions, region_elements
from mmrag.platform.errors import InputError
from mmrag.platform.models import Modality, SourceFile
from mmrag.platform.storage import BlobStore

IMAGE_DPI = 72.0
"""Images are mapped to points at 72 dpi: 1 px = 1 pt."""


class ImageOptions(BaseModel):
    """How image files are read."""

    kind: str = "image"
    max_pixels: int = 80_000_000
    regions: bool = True  # also look for figure/chart regions
    layout: LayoutOptions = Field(default_factory=LayoutOptions)


def extract_image_file(
    source: SourceFile, blobs: BlobStore, options: ImageOptions | None = None
) -> ExtractionResult:
    """OCR an image file (modality IMAGE) and add CHART elements for figure regions in it."""
    opts = options or ImageOptions()
    source_image = load_image(Path(source.path), opts.max_pixels)
    height, width = source_image.shape[:2]
    size = (float(width), float(height))
    engine = get_ocr_engine(opts.layout.ocr)
    page, lines = read_page(source_image, engine, opts.layout.ocr)
    result = ExtractionResult(pages=1)
    result.elements.extend(
        page_elements(source, 1, page, lines, IMAGE_DPI, engine.name, size, Modality.IMAGE)
    )
    if not opts.regions:
        return result
    image = page.image
    try:
        regions = detect_regions(image, opts.layout)
    except InputError as exc:
        result.warnings.append(f"layout failed: {exc.message}")
        return result
    area = float(image.shape[0] * image.shape[1])
    upright_size = (float(image.shape[1]), float(image.shape[0]))
    for index, (box, _, _) in enumerate(regions):
        region_area = (box[2] - box[0]) * (box[3] - box[1])
        if region_area < opts.layout.min_region_frac * area or region_area > 0.9 * area:
            continue  # the whole image is already OCR'd above
        for element in region_elements(
            source,
            1,
            image,
            box,
            IMAGE_DPI,
            upright_size,
            index,
            blobs,
            engine,
            opts.layout,
            caption=title_above(lines, box),
        ):
            result.elements.append(page.source_element(element, IMAGE_DPI, size))
    return result


def title_above(
    lines: Sequence[OcrLine], box: tuple[float, float, float, float], most: int = 3
) -> str:
    """The text just above a figure region of an image (its title and subtitle: a chart's
    title is often outside the box the layout model draws around the plot), read from the
    page's OCR ``lines`` (same pixels as ``box``): the lines over the region's columns that
    end above its top, taken upwards while each is within two and a half line heights of
    the one below, at most ``most``, in reading order; "" when none is that close.
    """
    x0, top, x1, _ = box
    above = [
        ln
        for ln in lines
        if ln.box[3] <= top + 0.5 * (ln.box[3] - ln.box[1])
        and min(ln.box[2], x1) - max(ln.box[0], x0) > 0
        and ln.text.strip()
    ]
    taken: list[OcrLine] = []
    edge = top
    for line in sorted(above, key=lambda ln: -ln.box[3]):
        height = max(1.0, line.box[3] - line.box[1])
        if len(taken) >= most or edge - line.box[3] > 2.5 * height:
            break
        taken.append(line)
        edge = min(edge, line.box[1])
    return " ".join(ln.text.strip() for ln in sorted(taken, key=lambda ln: ln.box[1]))
