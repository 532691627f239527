"""Timed elements to chunks: transcript windows of ~20-25 s with one segment of overlap, frames alone."""

from __future__ import annotations

import math
from collections import Counter

from pydantic import BaseModel, Field, model_validator

from mmrag.platform.models import Chunk, Element, ElementKind, SourceFile, stable_id

_KIND_ORDER = {ElementKind.TRANSCRIPT: 0, ElementKind.FRAME: 1, ElementKind.GENERATED: 2}


class TimelineOptions(BaseModel):
    """Window sizes for transcript chunks (seconds)."""

    target_s: float = Field(default=22.0, gt=0)  # close a window once it spans this much
    max_s: float = Field(default=28.0, gt=0)  # hard cap; citations over 30 s are rejected
    overlap_segments: int = Field(default=1, ge=0)  # segments repeated at the start of the next
    keep_empty_frames: bool = False  # frames without OCR text have nothing to embed as text

    @model_validator(mode="after")
    def _target_within_max(self) -> TimelineOptions:
        if self.target_s > self.max_s:
            raise ValueError("target_s must not exceed max_s")
        return self


def chunk_timeline(
    elements: list[Element], source: SourceFile, options: TimelineOptions | None = None
) -> list[Chunk]:
    """Chunks of timed elements, sorted by time; each spans at most ``options.max_s`` seconds."""
    options = options or TimelineOptions()
    transcript = [e for e in elements if e.kind is ElementKind.TRANSCRIPT and e.text.strip()]
    others = [e for e in elements if e.kind is not ElementKind.TRANSCRIPT]
    drafts: list[tuple[ElementKind, list[Element]]] = [
        (ElementKind.TRANSCRIPT, window) for window in _windows(transcript, options)
    ]
    for element in others:
        if element.text.strip() or options.keep_empty_frames:
            drafts.append((element.kind, [element]))
    drafts.sort(key=lambda d: (_start(d[1][0]), _KIND_ORDER.get(d[0], 9), _end(d[1][-1])))
    seen: Counter[int] = Counter()
    chunks = []
    for kind, group in drafts:
        start_ms = round(_start(group[0]) * 1000)
        ordinal = seen[start_ms]
        seen[start_ms] += 1
        chunks.append(_chunk(kind, group, source, start_ms, ordinal, options.max_s))
    return chunks


def _windows(segments: list[Element], options: TimelineOptions) -> list[list[Element]]:
    """Consecutive segment groups: grow to ``target_s``, never past ``max_s``, overlap by N segments."""
    segs = [
        piece for seg in sorted(segments, key=_start) for piece in _split_long(seg, options.max_s)
    ]
    windows: list[list[Element]] = []
    i = 0
    while i < len(segs):
        j = i + 1  # exclusive end; a single segment always fits (split above)
        while j < len(segs) and _end(segs[j]) - _start(segs[i]) <= options.max_s:
            if _end(segs[j - 1]) - _start(segs[i]) >= options.target_s:
                break
            j += 1
        windows.append(segs[i:j])
        if j >= len(segs):
            break
        i = max(i + 1, j - options.overlap_segments)
    return windows


def _split_long(seg: Element, max_s: float) -> list[Element]:
    """A segment longer than ``max_s`` cut into equal parts, its words shared out by position."""
    start, span = _start(seg), _end(seg) - _start(seg)
    if span <= max_s:
        return [seg]
    words = seg.text.split()
    parts = max(2, math.ceil(span / (max_s * 0.8)))
    pieces = []
    for k in range(parts):
        text = " ".join(words[round(k * len(words) / parts) : round((k + 1) * len(words) / parts)])
        if not text:
            continue
        t0, t1 = start + span * k / parts, start + span * (k + 1) / parts
        prov = seg.provenance.model_copy(update={"t_start": round(t0, 3), "t_end": round(t1, 3)})
        pieces.append(seg.model_copy(update={"text": text, "provenance": prov}))
    return pieces


def _chunk(
    kind: ElementKind,
    group: list[Element],
    source: SourceFile,
    start_ms: int,
    ordinal: int,
    max_s: float,
) -> Chunk:
    first = group[0]
    t_start, t_end = _start(first), max(_end(e) for e in group)
    t_end = min(t_end, t_start + max_s)  # a long-lived frame is cited by its first seconds
    confidences = [e.confidence for e in group if e.confidence is not None]
    return Chunk(
        id=stable_id(source.source_id, source.content_hash, "t", start_ms, ordinal),
        text=" ".join(e.text.strip() for e in group if e.text.strip()),
        modality=first.modality,
        kind=kind,
        provenance=source.provenance(t_start=t_start, t_end=t_end, frame=first.provenance.frame),
        content_hash=source.content_hash,
        tenant=source.tenant,
        method=first.method,
        confidence=round(sum(confidences) / len(confidences), 4) if confidences else None,
        extra={"segments": len(group)} if kind is ElementKind.TRANSCRIPT else {},
    )


def _start(element: Element) -> float:
    return element.provenance.t_start or 0.0


def _end(element: Element) -> float:
    t_end = element.provenance.t_end
    return _start(element) if t_end is None else t_end
