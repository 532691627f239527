"""Pure helpers for the UI: page thumbnails with highlighted regions, human-readable numbers."""

from __future__ import annotations

import io
import re

BBox = tuple[float, float, float, float]

_HIGHLIGHT_FILL = (255, 196, 0, 70)
_HIGHLIGHT_LINE = (230, 81, 0, 255)


def render_pdf_page(pdf: bytes, page: int, bbox: BBox | None = None, width_px: int = 900) -> bytes:
    """PNG of 1-based ``page`` of ``pdf``, ``width_px`` wide, with ``bbox`` (PDF points,
    origin top-left) highlighted; raises ``ValueError`` for a page the PDF does not have."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    doc = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(doc):
            raise ValueError(f"page {page} is outside 1..{len(doc)}")
        pdf_page = doc[page - 1]
        try:
            width_pt, _height_pt = pdf_page.get_size()
            scale = width_px / max(width_pt, 1.0)
            image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        finally:
            pdf_page.close()
    finally:
        doc.close()
    if bbox is not None:
        x0, y0, x1, y1 = (v * scale for v in bbox)
        box = (
            max(0.0, min(x0, x1)),
            max(0.0, min(y0, y1)),
            min(float(image.width - 1), max(x0, x1)),
            min(float(image.height - 1), max(y0, y1)),
        )
        if box[2] > box[0] and box[3] > box[1]:
            overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(overlay)
            line = max(2, width_px // 300)
            draw.rectangle(box, fill=_HIGHLIGHT_FILL, outline=_HIGHLIGHT_LINE, width=line)
            image = Image.alpha_composite(image, overlay)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_pdf_region(
    pdf: bytes, page: int, bbox: BBox, margin_pt: float = 12.0, width_px: int = 700
) -> bytes:
    """PNG of the ``bbox`` region (plus a margin) of 1-based ``page``, rendered sharp."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(doc):
            raise ValueError(f"page {page} is outside 1..{len(doc)}")
        pdf_page = doc[page - 1]
        try:
            width_pt, height_pt = pdf_page.get_size()
            x0 = max(0.0, min(bbox[0], bbox[2]) - margin_pt)
            x1 = min(width_pt, max(bbox[0], bbox[2]) + margin_pt)
            y0 = max(0.0, min(bbox[1], bbox[3]) - margin_pt)
            y1 = min(height_pt, max(bbox[1], bbox[3]) + margin_pt)
            if x1 - x0 < 1 or y1 - y0 < 1:
                raise ValueError("the region is empty")
            scale = min(4.0, width_px / (x1 - x0))
            # crop = (left, bottom, right, top) amounts to cut away, in points
            crop = (x0, height_pt - y1, width_pt - x1, y0)
            image = pdf_page.render(scale=scale, crop=crop).to_pil()
        finally:
            pdf_page.close()
    finally:
        doc.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def format_clock(seconds: float) -> str:
    """``102.4`` -> ``01:42`` (``h:mm:ss`` past an hour)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def format_size(size: int) -> str:
    """``1536`` -> ``1.5 KB``."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"  # pragma: no cover - loop always returns


def extent(pages: int | None, duration_s: float | None) -> str:
    """What a document spans: ``30 pages``, ``04:43`` or an empty string."""
    if pages:
        return f"{pages} page" + ("" if pages == 1 else "s")
    if duration_s:
        return format_clock(duration_s)
    return ""


def citation_label(file: str, location: str) -> str:
    """The one label of a source in the UI: its file and ``location`` as the API words it
    (``p.3``, ``slide 4``, ``sheet Budget, row 12``, ``01:42-02:05``, ``§ Setup``)."""
    location = " ".join(location.split())
    return f"{file} {location}" if location else file


_MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")


def anchor_id(key: str, n: int) -> str:
    """The HTML id of source card ``n`` of the message ``key``."""
    return f"src-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}-{n}"


def link_markers(text: str, sources: int, key: str) -> str:
    """Markdown ``text`` with each ``[n]`` (and ``[n, m]``) for ``1 <= n <= sources`` made a
    link to its source card; other brackets stay as they are."""

    def replace(match: re.Match[str]) -> str:
        numbers = [int(p) for p in match.group(1).split(",")]
        if not all(1 <= n <= sources for n in numbers):
            return match.group(0)
        return "".join(f"[\\[{n}\\]](#{anchor_id(key, n)})" for n in numbers)

    return _MARKER.sub(replace, text)
