"""PDFs: per page, the text layer (unstructured + table grids) or OCR, plus chart/figure regions."""

from __future__ import annotations

from pathlib import Path

from mmrag.ingestion.base import ExtractionResult, Plan, page_shards, page_units
from mmrag.ingestion.chunking import ChunkOptions, chunk_document
from mmrag.ingestion.pdf.furniture import drop_furniture
from mmrag.ingestion.pdf.text_layer import PdfOptions, inspect_pdf
from mmrag.ingestion.tables import join_continued_tables
from mmrag.platform.models import Chunk, Element, Shard, SourceFile
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore


def reading_order(elements: list[Element]) -> list[Element]:
    """Elements sorted by page, then top-to-bottom (elements without a box keep their order)."""
    indexed = list(enumerate(elements))
    indexed.sort(
        key=lambda pair: (
            pair[1].provenance.page or 0,
            pair[1].provenance.bbox[1] if pair[1].provenance.bbox else float(pair[0]),
            pair[0],
        )
    )
    return [element for _, element in indexed]


class PdfExtractor:
    """Digital text and tables where the text layer is usable, OCR where it is not, and regions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pdf_options = PdfOptions(max_pages=settings.max_pages)
        self.chunk_options = ChunkOptions()

    def plan(self, source: SourceFile) -> Plan:
        """Check the PDF (encryption, page limit) and split it into page ranges."""
        info = inspect_pdf(Path(source.path), self.pdf_options)
        return Plan(
            shards=page_shards(info.pages, self.settings.pages_per_shard),
            total_units=info.pages,
            pages=info.pages,
        )

    def extract(self, source: SourceFile, shard: Shard, blobs: BlobStore) -> ExtractionResult:
        """Elements of the shard's pages from every applicable stage, in parallel processes."""
        from mmrag.ingestion.ocr.engine import OcrOptions
        from mmrag.ingestion.pdf.layout import LayoutOptions
        from mmrag.ingestion.pdf.workers import extract_pages_parallel

        info = inspect_pdf(Path(source.path), self.pdf_options)
        first = shard.first_page or 1
        last = shard.last_page or info.pages
        pages = list(range(first, last + 1))
        ocr_pages = {p for p in info.pages_needing_ocr if first <= p <= last}
        result = extract_pages_parallel(
            source,
            pages,
            ocr_pages,
            blobs,
            self.pdf_options,
            OcrOptions(),
            LayoutOptions(),
            processes=self.settings.extract_processes,
        )
        result.pages = info.pages
        result.elements = join_continued_tables(drop_furniture(reading_order(result.elements)))
        return result

    def chunk(self, elements: list[Element], source: SourceFile) -> list[Chunk]:
        """Page-bounded chunks."""
        return chunk_document(elements, source, self.chunk_options)

    def units(self, shard: Shard) -> int:
        """Pages in the shard."""
        return page_units(shard)
