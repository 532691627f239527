"""A document's contents over the REST API: its indexed chunks with where each one comes from.

``GET /v1/documents/{source_id}/chunks`` reads the index (never the original) so a person sees
exactly what retrieval sees: text, table HTML, chart readings, transcript spans and keyframes,
each with page and box or time span, modality and extraction method.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, computed_field

from mmrag.platform.api.deps import MAX_CHUNK_PAGE, Tenant, problems
from mmrag.platform.models import (
    BBox,
    Chunk,
    Modality,
    PageUnit,
    SearchFilters,
    location_label,
)
from mmrag.platform.runtime import Runtime


class ChunkView(BaseModel):
    """One indexed chunk of a document, as a person inspects it."""

    chunk_id: str
    text: str
    modality: Modality
    kind: str
    method: str = ""
    confidence: float | None = None
    html: str | None = None
    heading: str | None = None
    page: int | None = None
    bbox: BBox | None = None
    t_start: float | None = None
    t_end: float | None = None
    frame: str | None = None
    page_unit: PageUnit | None = None
    sheet: str | None = None
    row_start: int | None = None
    row_end: int | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def location(self) -> str:
        """Where the chunk sits, as citations say it: ``p.3``, ``slide 2``, ``sheet Fleet,
        rows 2-9``, ``01:42-02:05``, ``§ Setup`` (:func:`~mmrag.platform.models.location_label`)."""
        return location_label(
            page=self.page,
            page_unit=self.page_unit,
            sheet=self.sheet,
            row_start=self.row_start,
            row_end=self.row_end,
            t_start=self.t_start,
            t_end=self.t_end,
            heading=self.heading,
        )

    @classmethod
    def of(cls, chunk: Chunk) -> ChunkView:
        """The view of an index chunk."""
        prov = chunk.provenance
        return cls(
            chunk_id=chunk.id,
            text=chunk.text,
            modality=chunk.modality,
            kind=chunk.kind.value,
            method=chunk.method,
            confidence=chunk.confidence,
            html=chunk.html,
            heading=chunk.heading,
            page=prov.page,
            bbox=prov.bbox,
            t_start=prov.t_start,
            t_end=prov.t_end,
            frame=prov.frame,
            page_unit=prov.page_unit,
            sheet=prov.sheet,
            row_start=prov.row_start,
            row_end=prov.row_end,
        )


class ChunkPage(BaseModel):
    """A page of a document's chunks in reading order, and counts for filtering."""

    source_id: str
    total: int = Field(description="Chunks matching the modality and text filters.")
    offset: int
    limit: int
    modalities: dict[str, int] = Field(description="Chunks of the document per modality.")
    chunks: list[ChunkView]


def reading_order(chunk: Chunk) -> tuple[float, float, float, float, float, str]:
    """Sort key: page (slide, sheet), time, row, then top-to-bottom and left-to-right."""
    prov = chunk.provenance
    bbox = prov.bbox or (0.0, 0.0, 0.0, 0.0)
    return (
        float(prov.page or 0),
        float(prov.t_start or 0.0),
        float(prov.row_start or 0),
        bbox[1],
        bbox[0],
        chunk.id,
    )


def chunk_page(
    chunks: list[Chunk],
    source_id: str,
    modalities: list[Modality] | None,
    q: str | None,
    offset: int,
    limit: int,
) -> ChunkPage:
    """Filter (modality, case-insensitive text), order and cut one page out of ``chunks``."""
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.modality.value] = counts.get(chunk.modality.value, 0) + 1
    wanted = set(modalities or [])
    needle = " ".join((q or "").split()).casefold()
    matching = [
        c
        for c in chunks
        if (not wanted or c.modality in wanted)
        and (not needle or needle in " ".join(c.text.split()).casefold())
    ]
    matching.sort(key=reading_order)
    page = matching[offset : offset + limit]
    return ChunkPage(
        source_id=source_id,
        total=len(matching),
        offset=offset,
        limit=limit,
        modalities=dict(sorted(counts.items())),
        chunks=[ChunkView.of(c) for c in page],
    )


def chunk_router(runtime: Runtime) -> APIRouter:
    """The ``/v1/documents/{source_id}/chunks`` route over ``runtime``."""
    router = APIRouter(prefix="/v1/documents", tags=["documents"])

    @router.get("/{source_id}/chunks", responses=problems(401, 404, 503))
    def document_chunks(
        source_id: str,
        tenant: Tenant,
        modality: Annotated[
            list[Modality] | None, Query(description="Only these modalities (repeatable).")
        ] = None,
        q: Annotated[
            str | None, Query(max_length=200, description="Only chunks containing this text.")
        ] = None,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_CHUNK_PAGE)] = 50,
    ) -> ChunkPage:
        """A document's indexed chunks in reading order, filtered by modality and text."""
        doc = runtime.store.get_document(source_id, tenant)  # 404 for another tenant's id
        filters = SearchFilters(tenant=tenant, source_ids=[doc.source_id])
        chunks = [c for c in runtime.index.scroll(filters) if c.content_hash == doc.content_hash]
        return chunk_page(chunks, doc.source_id, modality, q, offset, limit)

    return router
