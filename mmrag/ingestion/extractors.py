"""The extractor registry: a dispatch table from media kind to its pipeline class.

Pipelines (``pdf.pipeline``, ``images.pipeline``, ``media.pipeline``, ``documents.office``,
``documents.text``) take :class:`Plan` and the page helpers from :mod:`mmrag.ingestion.base` and
never import this module back; a pipeline module is imported only when its kind is first asked
for, so a worker loads only the models its files need.
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from mmrag.ingestion.base import ExtractionResult, Plan, page_shards, page_units
from mmrag.platform.models import Chunk, Element, MediaKind, Shard, SourceFile
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore

__all__ = ["EXTRACTORS", "Extractor", "Plan", "get_extractor", "page_shards", "page_units"]


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


EXTRACTORS: dict[MediaKind, tuple[str, str]] = {
    MediaKind.PDF: ("mmrag.ingestion.pdf.pipeline", "PdfExtractor"),
    MediaKind.IMAGE: ("mmrag.ingestion.images.pipeline", "ImageExtractor"),
    MediaKind.OFFICE: ("mmrag.ingestion.documents.office", "OfficeExtractor"),
    MediaKind.TEXT: ("mmrag.ingestion.documents.text", "TextDocExtractor"),
    MediaKind.AUDIO: ("mmrag.ingestion.media.pipeline", "AudioExtractor"),
    MediaKind.VIDEO: ("mmrag.ingestion.media.pipeline", "VideoExtractor"),
}
"""Media kind -> (module, class) of its extractor; each class takes the settings."""


def get_extractor(kind: MediaKind, settings: Settings) -> Extractor:
    """The extractor for ``kind``, configured from ``settings``."""
    try:
        module_name, class_name = EXTRACTORS[kind]
    except KeyError:
        raise ValueError(f"no extractor for media kind {kind!r}") from None
    factory = getattr(importlib.import_module(module_name), class_name)
    return cast(Extractor, factory(settings))
