"""Page rendering, image loading and skew estimation: everything that turns a file into pixels.

Conventions: images are RGB ``uint8`` arrays (H, W, 3). A pixel box at ``dpi`` maps to PDF points
(1/72 inch, top-left origin) by multiplying with ``72 / dpi``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from mmrag.ingestion.ocr.base import Image
from mmrag.platform.errors import CorruptFile, EncryptedFile, LimitExceeded

PageImage = tuple[int, Image, tuple[float, float]]
"""(1-based page number, RGB image, (page width, page height) in points)."""


def px_to_pt(
    box: tuple[float, float, float, float], dpi: float
) -> tuple[float, float, float, float]:
    """Convert a pixel box rendered at ``dpi`` into PDF points (both top-left origin)."""
    scale = 72.0 / dpi
    x0, y0, x1, y1 = box
    return (x0 * scale, y0 * scale, x1 * scale, y1 * scale)


def open_pdf(path: Path) -> object:
    """Open a PDF with pypdfium2, mapping failures to :class:`CorruptFile`/:class:`EncryptedFile`."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFile(f"{path.name}: password-protected PDF") from exc
        raise CorruptFile(f"{path.name}: cannot open PDF ({exc})") from exc


def iter_pdf_pages(path: Path, pages: list[int], dpi: float) -> Iterator[PageImage]:
    """Render ``pages`` (1-based) one at a time; only one bitmap is alive at any moment."""
    doc = open_pdf(path)
    try:
        total = len(doc)  # type: ignore[arg-type]
        for page_no in pages:
            if not 1 <= page_no <= total:
                raise LimitExceeded(f"{path.name}: page {page_no} outside 1..{total}")
            page = doc[page_no - 1]  # type: ignore[index]
            try:
                width, height = page.get_size()
                bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
                array = bitmap.to_numpy()
                if array.ndim == 2:
                    array = np.stack([array] * 3, axis=-1)
                image = np.ascontiguousarray(array[:, :, :3])
                bitmap.close()
            finally:
                page.close()
            yield page_no, image, (float(width), float(height))
    finally:
        doc.close()  # type: ignore[attr-defined]


def render_page(path: Path, page_no: int, dpi: float = 150.0) -> Image:
    """Render one 1-based page of a PDF to an RGB array."""
    for _, image, _ in iter_pdf_pages(path, [page_no], dpi):
        return image
    raise CorruptFile(f"{path.name}: page {page_no} could not be rendered")


def load_image(path: Path, max_pixels: int = 80_000_000) -> Image:
    """Decode an image file (PNG/JPEG/TIFF/WebP/...) to RGB with EXIF orientation applied.

    Raises :class:`LimitExceeded` before decoding when the header declares more than
    ``max_pixels`` pixels (decompression-bomb guard) and :class:`CorruptFile` on undecodable data.
    """
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    previous = PILImage.MAX_IMAGE_PIXELS
    PILImage.MAX_IMAGE_PIXELS = None  # we enforce our own limit below
    try:
        with PILImage.open(path) as img:
            width, height = img.size
            if width * height > max_pixels:
                raise LimitExceeded(
                    f"{path.name}: {width}x{height} = {width * height} pixels exceeds {max_pixels}"
                )
            img.seek(0)
            oriented = ImageOps.exif_transpose(img)
            rgb = oriented.convert("RGB")
            return np.asarray(rgb, dtype=np.uint8).copy()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile(f"{path.name}: cannot decode image ({exc})") from exc
    finally:
        PILImage.MAX_IMAGE_PIXELS = previous


def to_grey(image: Image) -> Image:
    """Greyscale view of an RGB or grey image."""
    if image.ndim == 2:
        return image
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return (image[:, :, :3].astype(np.float32) @ weights).astype(np.uint8)


def estimate_skew(image: Image, max_angle: float = 8.0) -> float:
    """Skew of text lines in degrees (positive: lines rise to the right), by projection profiles.

    Dark pixels are projected onto the vertical axis at candidate angles; the angle whose
    row histogram is sharpest (largest sum of squares) aligns the text lines.
    """
    grey = to_grey(image)
    height, width = grey.shape
    step = max(1, math.ceil(max(height, width) / 1200))
    small = grey[::step, ::step]
    threshold = _otsu(small)
    ys, xs = np.nonzero(small < threshold)
    if len(ys) < 50 or len(ys) > 0.6 * small.size:
        return 0.0
    if len(ys) > 60_000:
        pick = np.random.default_rng(0).choice(len(ys), 60_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    yf = ys.astype(np.float64)
    xf = xs.astype(np.float64) - small.shape[1] / 2.0

    def score(angle: float) -> float:
        rad = math.radians(angle)
        proj = yf * math.cos(rad) + xf * math.sin(rad)
        hist = np.bincount(np.round(proj - proj.min()).astype(np.int64))
        return float(np.square(hist.astype(np.float64)).sum())

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best_fine = float(max(fine, key=score))
    return round(best_fine, 2)


def _otsu(grey: Image) -> int:
    """Otsu's threshold of a greyscale image."""
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    omega = np.cumsum(hist) / total
    mu = np.cumsum(hist * np.arange(256)) / total
    mu_t = mu[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma_b = (mu_t * omega - mu) ** 2 / (omega * (1.0 - omega))
    sigma_b = np.nan_to_num(sigma_b)
    return int(np.argmax(sigma_b))
