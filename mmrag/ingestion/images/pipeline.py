"""Image files: OCR and layout regions, like a one-page scan."""

from __future__ import annotations

from mmrag.ingestion.base import ExtractionResult, Plan
from mmrag.ingestion.chunking import ChunkOptions, chunk_document
from mmrag.platform.models import Chunk, Element, Shard, SourceFile
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore


class ImageExtractor:
    """PNG/JPEG/TIFF/WebP/GIF/BMP through the OCR + region path."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.chunk_options = ChunkOptions()

    def plan(self, source: SourceFile) -> Plan:
        """One shard; the pixel limit is checked when the image is decoded."""
        return Plan(shards=[Shard(index=0, first_page=1, last_page=1)], total_units=1, pages=1)

    def extract(self, source: SourceFile, shard: Shard, blobs: BlobStore) -> ExtractionResult:
        """OCR text blocks and regions of the image."""
        from mmrag.ingestion.images.extract import ImageOptions, extract_image_file

        options = ImageOptions(max_pixels=self.settings.max_image_pixels)
        return extract_image_file(source, blobs, options)

    def chunk(self, elements: list[Element], source: SourceFile) -> list[Chunk]:
        """Region- and block-bounded chunks."""
        return chunk_document(elements, source, self.chunk_options)

    def units(self, shard: Shard) -> int:
        """One image."""
        return 1
