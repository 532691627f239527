"""Synthetic search hits for the answering tests: one chunk of made-up text with provenance."""

from __future__ import annotations

from mmrag.platform.models import (
    Chunk,
    ElementKind,
    Modality,
    Provenance,
    SearchHit,
    stable_id,
)


def hit(
    text: str,
    kind: ElementKind = ElementKind.TEXT,
    modality: Modality = Modality.TEXT,
    name: str = "notes.pdf",
    **prov: object,
) -> SearchHit:
    """A hit on a chunk of ``text`` in file ``name`` (``page=``, ``t_start=``... as given)."""
    provenance = Provenance(source_id=stable_id(name), uri=name, filename=name, **prov)
    chunk = Chunk(
        id=stable_id(name, text),
        text=text,
        modality=modality,
        kind=kind,
        provenance=provenance,
        content_hash="e" * 64,
    )
    return SearchHit(chunk=chunk, score=1.0)
