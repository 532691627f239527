"""Retrieved hits as numbered evidence with the images of their regions and frames.

The answer graph attaches these images for a vision model; the prompt's text evidence and the
check of the reply's citations live in :mod:`mmrag.agents.answering` (``generative``,
``verify``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from mmrag.platform.errors import NotFound
from mmrag.platform.models import Citation, Modality, SearchHit
from mmrag.platform.storage import BlobStore

log = logging.getLogger(__name__)

_IMAGE_MODALITIES = {Modality.CHART, Modality.IMAGE, Modality.VIDEO, Modality.SCAN}


@dataclass
class Evidence:
    """One numbered hit: its label and its image, if any."""

    n: int
    hit: SearchHit
    label: str
    image: bytes | None = None


def gather_evidence(
    hits: Sequence[SearchHit], blobs: BlobStore | None, limit: int, max_images: int
) -> list[Evidence]:
    """Number the top ``limit`` hits; attach region/frame images from ``blobs`` (up to a cap)."""
    items: list[Evidence] = []
    images = 0
    for n, hit in enumerate(hits[:limit], start=1):
        chunk = hit.chunk
        cite = Citation.from_chunk(chunk, hit.score)
        label = f"{cite.label()} ({chunk.modality.value}, {chunk.kind.value})"
        image = None
        key = chunk.provenance.frame
        if (
            key
            and blobs is not None
            and images < max_images
            and chunk.modality in _IMAGE_MODALITIES
        ):
            try:
                image = blobs.open_path(key).read_bytes()
                images += 1
            except (NotFound, OSError):
                log.warning("evidence image missing", extra={"key": key})
        items.append(Evidence(n, hit, label, image))
    return items
