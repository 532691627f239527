"""One extractor per media kind: plan shards, extract a shard, chunk its elements."""

from __future__ import annotations

import math
from typing import Protocol

from pydantic import BaseModel, Field

from mmrag.ingestion.base import ExtractionResult
from mmrag.platform.models import Chunk, Element, MediaKind, Shard, SourceFile
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore


class Plan(BaseModel):
    """How a file is split into tasks, and its size in progress units (pages or seconds)."""

    shards: list[Shard] = Field(min_length=1)
    total_units: int
    pages: int | None = None
    duration_s: float | None = None


class Extractor(Protocol):
    """The stages of one media kind."""

    def plan(self, source: SourceFile) -> Plan:
        """Validate the file against the limits and split it into shards."""

    def extract(self, source: SourceFile, shard: Shard, blobs: BlobStore) -> ExtractionResult:
        """Elements of one shard."""

    def chunk(self, elements: list[Element], source: SourceFile) -> list[Chunk]:
        """Index units for the elements of one shard."""

    def units(self, shard: Shard) -> int:
        """Progress units one shard stands for."""


def page_shards(pages: int, per_shard: int) -> list[Shard]:
    """Consecutive page ranges of at most ``per_shard`` pages."""
    count = max(1, math.ceil(pages / per_shard))
    return [
        Shard(index=i, first_page=i * per_shard + 1, last_page=min(pages, (i + 1) * per_shard))
        for i in range(count)
    ]


def page_units(shard: Shard) -> int:
    """Pages in a page-range shard."""
    if shard.first_page is None or shard.last_page is None:
        return 1
    return shard.last_page - shard.first_page + 1


def get_extractor(kind: MediaKind, settings: Settings) -> Extractor:
    """The extractor for ``kind``, configured from ``settings``."""
    if kind is MediaKind.PDF:
        from mmrag.ingestion.pdf_pipeline import PdfExtractor

        return PdfExtractor(settings)
    if kind is MediaKind.IMAGE:
        from mmrag.ingestion.image_pipeline import ImageExtractor

        return ImageExtractor(settings)
    if kind is MediaKind.OFFICE:
        from mmrag.ingestion.office import OfficeExtractor

        return OfficeExtractor(settings)
    if kind is MediaKind.TEXT:
        from mmrag.ingestion.text_docs import TextDocExtractor

        return TextDocExtractor(settings)
    from mmrag.ingestion.media_pipeline import AudioExtractor, VideoExtractor

    if kind is MediaKind.AUDIO:
        return AudioExtractor(settings)
    return VideoExtractor(settings)
