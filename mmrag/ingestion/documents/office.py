"""Office files through unstructured: DOCX, PPTX and XLSX, plus the pictures inside them.

Provenance: a DOCX chunk cites its section heading, and its page where Word recorded the
page breaks in the file; a PPTX chunk cites its slide (stored as the page, with
``page_unit="slide"``; a slide's speaker notes follow its text, charts and pictures); an XLSX
table cites its sheet (name and number) and its rows. Pictures embedded in DOCX/PPTX files
that are large enough go through the figure path of PDF pages (OCR of the picture + chart
reading), citing their slide and keeping the picture as the citation's frame. Charts drawn in
the file itself are read from their data (:mod:`mmrag.ingestion.documents.office_charts`).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mmrag.ingestion.base import ExtractionResult, quiet_library_loggers
from mmrag.ingestion.documents.common import DocumentExtractor, grid_tables, to_elements
from mmrag.ingestion.documents.office_charts import office_chart_elements
from mmrag.ingestion.tables import html_rows
from mmrag.platform.errors import CorruptFile, InputError
from mmrag.platform.models import Element, ElementKind, Modality, PageUnit, Shard, SourceFile
from mmrag.platform.sniff import PPTX_MIME, XLSX_MIME, sniff_file
from mmrag.platform.storage import BlobStore

log = logging.getLogger(__name__)

MIN_PICTURE_SIDE = 64  # px: smaller pictures are icons, bullets or rules
MIN_PICTURE_PIXELS = 20_000  # px²
MAX_PICTURES = 40  # pictures read per file (each costs an OCR pass)


class OfficeExtractor(DocumentExtractor):
    """DOCX, PPTX and XLSX files."""

    def extract(self, source: SourceFile, shard: Shard, blobs: BlobStore) -> ExtractionResult:
        """Elements of the whole file; picture problems are warnings, not failures."""
        _, mime = sniff_file(Path(source.path), source.filename)
        quiet_library_loggers("unstructured")
        result = ExtractionResult()
        pictures: list[tuple[int | None, bytes]]
        notes: list[Element] = []
        try:
            if mime == XLSX_MIME:
                result.elements = xlsx_elements(source) + office_chart_elements(source)
                return result
            if mime == PPTX_MIME:
                deck = open_deck(source.path)  # python-pptx parses the file once
                unit: PageUnit | None = "slide"
                charts = office_chart_elements(source, pptx_slide_parts(deck), unit)
                result.elements = _pptx_text(source) + charts
                notes = pptx_notes(source, deck)  # after the slide's pictures (slide_order)
                pictures = list(pptx_pictures(deck))
            else:
                result.elements = _docx_text(source) + office_chart_elements(source)
                pictures = [(None, blob) for blob in docx_pictures(source.path)]
                unit = None
        except InputError:
            raise
        except Exception as exc:  # python-docx/pptx/openpyxl raise many kinds on bad files
            raise CorruptFile(
                f"{source.filename}: cannot be read as an Office file ({exc})"
            ) from exc
        if len(pictures) > MAX_PICTURES:
            result.warnings.append(f"read the first {MAX_PICTURES} of {len(pictures)} pictures")
        for index, (page, blob) in enumerate(pictures[:MAX_PICTURES]):
            try:
                result.elements.extend(
                    picture_elements(blob, source, page, unit, index, blobs, self.settings)
                )
            except Exception as exc:  # one unreadable picture never fails the document
                log.warning("picture %d of %s skipped: %s", index, source.filename, exc)
                result.warnings.append(f"picture {index + 1} skipped: {exc}")
        if unit == "slide":
            result.elements = slide_order(result.elements + notes)
        return result


def _docx_text(source: SourceFile) -> list[Element]:
    from unstructured.partition.docx import partition_docx

    raw = partition_docx(filename=source.path, infer_table_structure=True)
    return to_elements(raw, source, "unstructured-docx")


def _pptx_text(source: SourceFile) -> list[Element]:
    from unstructured.partition.pptx import partition_pptx

    raw = partition_pptx(filename=source.path, infer_table_structure=True)
    return to_elements(raw, source, "unstructured-pptx", page_unit="slide")


def open_deck(path: str) -> Any:
    """The PPTX file at ``path`` parsed by python-pptx (its ``Presentation``)."""
    from pptx import Presentation

    return Presentation(path)


def pptx_notes(source: SourceFile, deck: Any) -> list[Element]:
    """Each slide's speaker notes (``deck``: :func:`open_deck` of ``source``) as a TEXT
    element citing that slide."""
    notes: list[Element] = []
    for number, slide in enumerate(deck.slides, start=1):
        frame = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
        text = frame.text.strip() if frame is not None else ""
        if text:
            notes.append(
                Element(
                    kind=ElementKind.TEXT,
                    modality=Modality.TEXT,
                    text=text,
                    provenance=source.provenance(page=number, page_unit="slide"),
                    method="python-pptx-notes",
                )
            )
    return notes


def slide_order(elements: list[Element]) -> list[Element]:
    """``elements`` slide by slide, each slide's in the order given (its text with its title
    first, then its charts, pictures and speaker notes): a chart is read under its slide's
    title, not the last slide's, and notes do not come before the title they belong to.
    Elements without a slide keep their place at the end."""
    last = 1 + max((e.provenance.page or 0 for e in elements), default=0)
    return sorted(elements, key=lambda e: e.provenance.page or last)


def xlsx_elements(source: SourceFile) -> list[Element]:
    """Every sheet as TABLE elements of a few rows each, citing the sheet and its rows.

    Sheets are read whole (``find_subtable=False``) so the HTML's row ``i`` is row ``i + 1``
    of the sheet; :func:`grid_tables` finds the tables and headers in it.
    """
    from unstructured.partition.xlsx import partition_xlsx

    out: list[Element] = []
    for raw in partition_xlsx(filename=source.path, find_subtable=False):
        html = getattr(raw.metadata, "text_as_html", None)
        if not html:
            continue
        out.extend(
            grid_tables(
                html_rows(html),
                source,
                "unstructured-xlsx",
                page=raw.metadata.page_number,
                page_unit="sheet",
                sheet=raw.metadata.page_name,
            )
        )
    return out


def docx_pictures(path: str) -> list[bytes]:
    """The pictures of a DOCX body, in the order of their relationships."""
    import docx

    document = docx.Document(path)
    rels = document.part.rels
    return [
        rel.target_part.blob
        for _, rel in sorted(rels.items(), key=lambda item: _rid_order(item[0]))
        if "/image" in rel.reltype and not rel.is_external
    ]


def _rid_order(rid: str) -> tuple[int, str]:
    digits = "".join(ch for ch in rid if ch.isdigit())
    return (int(digits) if digits else 0, rid)


def pptx_pictures(deck: Any) -> Iterator[tuple[int, bytes]]:
    """(slide number, picture bytes) for every picture on every slide of ``deck`` (groups
    included)."""
    for number, slide in enumerate(deck.slides, start=1):
        for shape in _walk(slide.shapes):
            image = getattr(shape, "image", None) if _is_picture(shape) else None
            if image is not None:
                yield number, image.blob


def pptx_slide_parts(deck: Any) -> list[str]:
    """The part name of each slide of ``deck`` in show order (``ppt/slides/slide3.xml``)."""
    return [str(slide.part.partname).lstrip("/") for slide in deck.slides]


def _is_picture(shape: Any) -> bool:
    from pptx.shapes.picture import Picture

    return isinstance(shape, Picture)


def _walk(shapes: Any) -> Iterator[Any]:
    for shape in shapes:
        inner = getattr(shape, "shapes", None)
        if inner is not None:
            yield from _walk(inner)
        else:
            yield shape


def picture_elements(
    blob: bytes,
    source: SourceFile,
    page: int | None,
    page_unit: PageUnit | None,
    index: int,
    blobs: BlobStore,
    settings: Any,
) -> list[Element]:
    """A picture through the figure path: OCR + chart reading, the picture kept as the frame.

    Pictures below :data:`MIN_PICTURE_SIDE` / :data:`MIN_PICTURE_PIXELS` are skipped, and so
    are those above the image pixel limit.
    """
    import numpy as np
    from PIL import Image

    from mmrag.ingestion.ocr.engine import get_ocr_engine
    from mmrag.ingestion.pdf.layout import LayoutOptions, region_elements

    with Image.open(io.BytesIO(blob)) as picture:
        width, height = picture.size
        if min(width, height) < MIN_PICTURE_SIDE or width * height < MIN_PICTURE_PIXELS:
            return []
        if width * height > settings.max_image_pixels:
            raise CorruptFile(f"{width}x{height} px is over the image pixel limit")
        rgb = np.asarray(picture.convert("RGB"), dtype=np.uint8)
    options = LayoutOptions()
    engine = get_ocr_engine(options.ocr)
    size = (float(width), float(height))
    box = (0.0, 0.0, size[0], size[1])
    elements = region_elements(
        source, page or 0, rgb, box, 72.0, size, index, blobs, engine, options
    )
    # The box is the picture's own; in a document without rendered pages it locates nothing.
    where = {"page": page, "page_unit": page_unit if page is not None else None}
    where |= {"bbox": None, "page_width": None, "page_height": None}
    return [
        e.model_copy(update={"provenance": e.provenance.model_copy(update=where)}) for e in elements
    ]
