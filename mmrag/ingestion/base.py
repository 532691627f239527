"""Shared types for extractors: every stage returns elements plus non-fatal warnings."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mmrag.platform.models import Element


class ExtractionResult(BaseModel):
    """What an extractor produced for one file or shard (docling style: partial work is kept)."""

    elements: list[Element] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    pages: int | None = None  # total pages of the document, when known
    duration_s: float | None = None  # total media duration, when known


def quiet_library_loggers(*prefixes: str) -> None:
    """Lower chatty third-party loggers (some set INFO with their own handlers) to WARNING."""
    import logging

    for name in list(logging.root.manager.loggerDict):
        if name.startswith(prefixes):
            logging.getLogger(name).setLevel(logging.WARNING)
