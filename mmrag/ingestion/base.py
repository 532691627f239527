"""Shared types for extractors: results, plans and page-range helpers.

Every stage returns elements plus non-fatal warnings. The pipelines import these from here;
nothing here imports a pipeline or the registry (:mod:`extractors`), so there is no circle.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, Field

from mmrag.platform.models import Element, Shard


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


class Plan(BaseModel):
    """How a file is split into tasks, and its size in progress units (pages or seconds)."""

    shards: list[Shard] = Field(min_length=1)
    total_units: int
    pages: int | None = None
    duration_s: float | None = None


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
