"""Image files (PNG/JPEG/TIFF/WebP): OCR text plus figure/chart regions, as page 1.

Coordinate convention: an image is treated as a page rendered at 72 dpi, so one pixel is one
point. ``bbox`` values are therefore pixel coordinates of the EXIF-oriented image (OCR and figure
regions run on the page made upright, see ``ocr/upright.py``, and their boxes are mapped back),
and ``page_width``/``page_height`` are its pixel size.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from mmrag.ingestion.base import ExtractionResult
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
            source, 1, image, box, IMAGE_DPI, upright_size, index, blobs, engine, opts.layout
        ):
            result.elements.append(page.source_element(element, IMAGE_DPI, size))
    return result
