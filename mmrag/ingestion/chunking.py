"""Elements -> index chunks: page-bounded, sentence-aware, traceable to element boxes.

Rules:
- a chunk never crosses a page; the text-like elements of a page (per modality) are joined with
  blank lines and split with llama-index's ``SentenceSplitter``; each chunk maps back, through
  character offsets, to the elements it covers, and its bbox is the union of their boxes;
- ``chunk.text`` is always the document's own text (extractive answers quote it); the section
  title in effect is kept in ``chunk.heading`` and :func:`embedding_text` prepends it for
  embedding only;
- tables, charts, figures, frames and generated descriptions are chunks of their own; a long
  table is split by rows and every part repeats the caption line (its ``html`` stays whole); a
  table, chart or figure keeps the end of the text just before it on its page as its *lead*
  (``extra[LEAD]``: what the table is about, "the loadings of the model fitted to X");
- a table with numeric columns also gets a chunk of its column extremes (``extra[READING]``,
  :mod:`mmrag.ingestion.table_reading`): "which row has the highest X" is then one line;
- elements without a page (audio, video) become one chunk each, unless ``group_unpaged`` is
  set (text documents without pages): then each section (the elements under one heading) is
  chunked like a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any

from pydantic import BaseModel, Field

from mmrag.ingestion.table_reading import table_reading
from mmrag.ingestion.tables import html_rows, table_caption
from mmrag.platform.models import (
    LEAD,
    OPENING,
    BBox,
    Chunk,
    Element,
    ElementKind,
    SourceFile,
    stable_id,
)

STANDALONE = frozenset(
    {
        ElementKind.TABLE,
        ElementKind.CHART,
        ElementKind.FIGURE,
        ElementKind.FRAME,
        ElementKind.GENERATED,
    }
)
"""Kinds that are never merged with neighbouring text."""
LED = frozenset({ElementKind.TABLE, ElementKind.CHART, ElementKind.FIGURE})
"""Standalone kinds that text on their page introduces (they get a lead)."""
READING = "table_reading"
"""``extra`` key marking a table's column-extremes chunk."""
READING_ORDINAL = 100_000
"""Ordinals of reading chunks start here (ids never meet a page's own chunks)."""


class ChunkOptions(BaseModel):
    """Chunk sizes are in tokens of llama-index's default tokenizer (tiktoken cl100k)."""

    chunk_size: int = Field(default=200, ge=32)
    chunk_overlap: int = Field(default=30, ge=0)
    table_chunk_size: int = Field(default=400, ge=32)
    lead_max_chars: int = Field(default=200, ge=0)  # 0: no leads
    heading_max_chars: int = 200
    group_unpaged: bool = False  # chunk unpaged elements by section instead of one by one
    opening_chunks: int = Field(default=2, ge=0)  # marked extra[OPENING] (0: none)
    table_readings: bool = True  # a chunk of column extremes per table with numeric columns


@dataclass
class _Span:
    element: Element
    start: int
    end: int
    heading: str | None


def chunk_document(
    elements: list[Element], source: SourceFile, options: ChunkOptions | None = None
) -> list[Chunk]:
    """Chunks of ``elements`` (one file or shard, in reading order)."""
    opts = options or ChunkOptions()
    heading: str | None = None
    pages: dict[int | None, list[tuple[Element, str | None]]] = {}
    for element in elements:
        if element.kind is ElementKind.TITLE and element.text.strip():
            heading = " ".join(element.text.split())[: opts.heading_max_chars]
        pages.setdefault(element.provenance.page, []).append((element, heading))
    chunks: list[Chunk] = []
    for page, items in pages.items():
        if page is None and opts.group_unpaged:
            first = 0
            for _, section in groupby(items, key=lambda item: item[1]):
                part = _page_chunks(None, list(section), source, opts, first)
                chunks.extend(part)
                first += len(part)
            continue
        if page is None:
            for i, (element, head) in enumerate(items):
                chunks.append(_make_chunk(source, None, i, [element], element.text, head, None))
            continue
        chunks.extend(_page_chunks(page, items, source, opts))
    mark_opening(chunks, opts.opening_chunks)
    if opts.table_readings:
        chunks.extend(_reading_chunks(elements, source, opts))
    return chunks


def mark_opening(chunks: list[Chunk], count: int) -> None:
    """Mark (``extra[OPENING]``) the first ``count`` text chunks of a document's first page, or
    of a document without pages. Tables are not an opening (their row keys name one row each),
    a recording's chunks (timed) have none, nor has a shard that starts after page 1."""
    opening = [
        c
        for c in chunks
        if c.provenance.page in (None, 1)
        and c.provenance.t_start is None
        and c.kind is not ElementKind.TABLE
    ]
    for chunk in opening[:count]:
        chunk.extra[OPENING] = True


def _reading_chunks(elements: list[Element], source: SourceFile, opts: ChunkOptions) -> list[Chunk]:
    """One chunk per table with numeric columns: its column extremes
    (:mod:`mmrag.ingestion.table_reading`), over all of its parts (the row blocks of a sheet
    or CSV file are consecutive TABLE elements under the same header on the same page)."""
    heading: str | None = None
    groups: list[tuple[list[Element], list[list[str]], str | None]] = []
    previous: tuple[object, ...] | None = None
    for element in elements:
        if element.kind is ElementKind.TITLE and element.text.strip():
            heading = " ".join(element.text.split())[: opts.heading_max_chars]
        if element.kind is not ElementKind.TABLE or not element.html:
            previous = None
            continue
        rows = html_rows(element.html)
        grid = [row for row in rows if any(row)]
        if grid and not any(rows[0]):  # a headless table: its first row is data, not names
            grid.insert(0, [""] * len(grid[0]))
        if len(grid) < 2:
            previous = None
            continue
        prov = element.provenance
        key = (tuple(grid[0]), prov.page, prov.sheet)
        if key == previous:
            groups[-1][0].append(element)
            groups[-1][1].extend(grid[1:])
        else:
            groups.append(([element], grid, heading))
        previous = key
    chunks: list[Chunk] = []
    for i, (covered, grid, head) in enumerate(groups):
        reading = table_reading(grid[0], grid[1:])
        if not reading:
            continue
        caption = table_caption(covered[0].html or "")
        text = f"{caption}\n{reading}" if caption else reading
        page = covered[0].provenance.page
        ordinal = READING_ORDINAL + i
        chunks.append(
            _make_chunk(source, page, ordinal, covered, text, head, None, {READING: True})
        )
    return chunks


def _page_chunks(
    page: int | None,
    items: list[tuple[Element, str | None]],
    source: SourceFile,
    opts: ChunkOptions,
    first_ordinal: int = 0,
) -> list[Chunk]:
    """Chunks of one page, ordered by the position of their first element."""
    units: list[tuple[int, list[Element], str, str | None, str | None, dict[str, Any]]] = []
    groups: dict[str, list[tuple[int, Element, str | None]]] = {}
    before = ""  # the text element last seen on this page
    for pos, (element, head) in enumerate(items):
        if element.kind in STANDALONE:
            lead = lead_of(before, opts.lead_max_chars) if element.kind in LED else ""
            for part, (text, extra) in enumerate(_standalone_parts(element, opts)):
                led = {**extra, LEAD: lead} if lead else extra
                units.append((pos * 1000 + part, [element], text, head, element.html, led))
        elif element.text.strip():
            groups.setdefault(element.modality.value, []).append((pos, element, head))
            if element.kind is not ElementKind.TITLE:  # a title is the heading already
                before = element.text
    for group in groups.values():
        for first, covered, text, head in _split_group(group, opts):
            units.append((first * 1000, covered, text, head, None, {}))
    units.sort(key=lambda u: u[0])
    return [
        _make_chunk(source, page, ordinal, covered, text, head, html, extra)
        for ordinal, (_, covered, text, head, html, extra) in enumerate(units, first_ordinal)
    ]


def lead_of(text: str, max_chars: int) -> str:
    """The end of ``text`` (the words before a table or figure), at most ``max_chars`` long and
    starting at a sentence where one starts inside that tail, else at a word."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    tail = flat[len(flat) - max_chars :]
    sentence = re.search(r"[.!?:;]\s+(?=\S)", tail[: -max_chars // 4 or None])
    if sentence:
        return tail[sentence.end() :]
    space = tail.find(" ")
    return tail[space + 1 :] if space >= 0 else tail


def _split_group(
    group: list[tuple[int, Element, str | None]], opts: ChunkOptions
) -> list[tuple[int, list[Element], str, str | None]]:
    """Join a page's text elements and split them; each piece knows the elements it covers."""
    spans: list[_Span] = []
    positions: dict[int, int] = {}
    parts: list[str] = []
    cursor = 0
    for pos, element, head in group:
        text = element.text.strip()
        if parts:
            cursor += 2  # the "\n\n" separator
        spans.append(_Span(element, cursor, cursor + len(text), head))
        positions[id(element)] = pos
        parts.append(text)
        cursor += len(text)
    page_text = "\n\n".join(parts)
    out: list[tuple[int, list[Element], str, str | None]] = []
    search_from = 0
    for raw_piece in _splitter(opts.chunk_size, opts.chunk_overlap)(page_text):
        piece = raw_piece.strip()
        if not piece:
            continue
        start, end = _locate(page_text, piece, search_from)
        search_from = start + 1
        hit = [s for s in spans if s.start < end and s.end > start] or spans[:1]
        out.append((positions[id(hit[0].element)], [s.element for s in hit], piece, hit[0].heading))
    return out


@lru_cache(maxsize=8)
def _splitter(chunk_size: int, chunk_overlap: int) -> Callable[[str], list[str]]:
    from llama_index.core.node_parser import SentenceSplitter

    splitter = SentenceSplitter(
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, paragraph_separator="\n\n"
    )
    return splitter.split_text


def _locate(text: str, piece: str, start: int) -> tuple[int, int]:
    """Character span of ``piece`` in ``text`` at or after ``start`` (whitespace-tolerant)."""
    at = text.find(piece, start)
    if at < 0:
        at = text.find(piece)
    if at >= 0:
        return at, at + len(piece)
    pattern = r"\s+".join(re.escape(tok) for tok in piece.split())
    match = re.compile(pattern).search(text, start) or re.compile(pattern).search(text)
    if match:
        return match.start(), match.end()
    return start, min(len(text), start + len(piece))


def _standalone_parts(element: Element, opts: ChunkOptions) -> list[tuple[str, dict[str, Any]]]:
    """A table longer than ``table_chunk_size`` -> row groups that repeat the caption line."""
    text = element.text.strip()
    if element.kind is not ElementKind.TABLE or _tokens(text) <= opts.table_chunk_size:
        return [(text, {})]
    lines = [line for line in text.split("\n") if line.strip()]
    has_caption = bool(element.html and "<caption>" in element.html)
    preamble = lines[:1] if has_caption and len(lines) > 1 else []
    rows = lines[len(preamble) :]
    budget = opts.table_chunk_size - _tokens("\n".join(preamble))
    groups: list[list[str]] = [[]]
    used = 0
    for row in rows:
        cost = _tokens(row) + 1
        if groups[-1] and used + cost > budget:
            groups.append([])
            used = 0
        groups[-1].append(row)
        used += cost
    return [
        ("\n".join(preamble + group), {"part": i + 1, "parts": len(groups)})
        for i, group in enumerate(groups)
    ]


def _tokens(text: str) -> int:
    return len(_tokenizer()(text))


@lru_cache(maxsize=1)
def _tokenizer() -> Callable[[str], list[int]]:
    from llama_index.core.utils import get_tokenizer

    return get_tokenizer()


def _make_chunk(
    source: SourceFile,
    page: int | None,
    ordinal: int,
    covered: list[Element],
    text: str,
    heading: str | None,
    html: str | None,
    extra: dict[str, Any] | None = None,
) -> Chunk:
    first = covered[0]
    prov = first.provenance
    kinds = {e.kind for e in covered}
    rows = [e.provenance for e in covered if e.provenance.row_start is not None]
    methods = list(dict.fromkeys(e.method for e in covered if e.method))
    confidences = [e.confidence for e in covered if e.confidence is not None]
    provenance = source.provenance(
        page=page,
        bbox=union_bbox([e.provenance.bbox for e in covered]),
        page_width=prov.page_width,
        page_height=prov.page_height,
        t_start=prov.t_start,
        t_end=max(
            (e.provenance.t_end for e in covered if e.provenance.t_end is not None), default=None
        ),
        frame=prov.frame,
        page_unit=prov.page_unit,
        sheet=prov.sheet,
        row_start=min((p.row_start or 0 for p in rows), default=None),
        row_end=max((p.row_end or p.row_start or 0 for p in rows), default=None),
    )
    return Chunk(
        id=stable_id(source.source_id, source.content_hash, page, ordinal),
        text=text,
        modality=first.modality,
        kind=kinds.pop() if len(kinds) == 1 else ElementKind.TEXT,
        provenance=provenance,
        content_hash=source.content_hash,
        tenant=source.tenant,
        html=html,
        heading=heading,
        method="+".join(methods),
        confidence=min(confidences) if confidences else None,
        extra=extra or {},
    )


def union_bbox(boxes: list[BBox | None]) -> BBox | None:
    """The smallest box holding every given box (None when there is none)."""
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (
        min(b[0] for b in real),
        min(b[1] for b in real),
        max(b[2] for b in real),
        max(b[3] for b in real),
    )


def embedding_text(chunk: Chunk) -> str:
    """What to embed for ``chunk``: its heading (section context) then its text."""
    if chunk.heading and not chunk.text.startswith(chunk.heading):
        return f"{chunk.heading}\n{chunk.text}"
    return chunk.text
