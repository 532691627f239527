"""Evidence units: retrieved hits cut into the pieces an answer can quote.

Prose becomes sentences, a table its rows (each row carries its column labels, the table's
title scopes it), a chart its OCR text read whole plus each line with words and each line of
its reading (``mmrag.platform.chart_text``), a slide or a scan its lines, and speech its
sentences, linked in time order across the retrieved windows of one recording. Each unit knows
the terms of its neighbours, its chunk and its document's names (file name, headings, title).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from mmrag.agents.answering.question import ABBREVIATIONS, document_name_terms, initialisms
from mmrag.platform import chart_text
from mmrag.platform.models import OPENING, Chunk, ElementKind, Modality, SearchHit
from mmrag.platform.sparse import tokenize

_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_WORDY = re.compile(r"[^\W\d_]{3,}")
_CAPTION = re.compile(r"^\s*(figure|fig\.|table|chart|exhibit)\s*\d+[.:]?", re.IGNORECASE)
#: A table row read off a slide or scan ("F4 Anthracite/sand | Hours: 63.2; Status: due").
TABLE_ROW = re.compile(r"\S \| [^|:]+: \S")
#: What joins a chart's OCR lines when the chart is read as one unit.
CHART_JOIN = " · "


class UnitKind(StrEnum):
    """What a unit is; it decides how the answer span is cut from it."""

    SENTENCE = "sentence"  # prose or speech
    ROW = "row"  # a table row: "header | column: value; ..."
    READING = "reading"  # a line of a chart reading, or one item of it
    CHART = "chart"  # a chart's OCR text read whole (never quoted whole)
    LINE = "line"  # a short line of a slide, a scan or a chart


@dataclass
class Unit:
    """One candidate piece of evidence with the terms that score and scope it."""

    text: str
    kind: UnitKind
    hit_rank: int
    chunk: Chunk
    position: int
    terms: set[str]  # the unit's own terms (a table row: with its table's title)
    context_terms: set[str]  # where the specific terms may be found (chunk, heading, file)
    near_terms: set[str]  # terms of the neighbouring units (coreference: "it", "they")
    local_terms: set[str]  # the unit, its neighbours, heading/table title and file name
    doc_terms: set[str]  # names of its document: file name, headings, title
    embed_text: str
    lexical: float = 0.0
    dense: float = 0.0
    relevance: float = 0.0  # lexical, dense and rank combined: the calibrated quantity
    score: float = 0.0  # relevance plus the answer-shape bonuses: the ranking
    eligible: bool = True
    typed: bool = False  # holds a value of the type the question asks for
    missing: list[str] = field(default_factory=list)
    scope_terms: set[str] = field(default_factory=set)  # its document's opening (OPENING)


def units_of(hits: Sequence[SearchHit], title_pages: Sequence[Chunk] = ()) -> list[Unit]:
    """The units of ``hits`` (in rank order), running heads dropped, speech linked in time,
    each unit given its document's names (from the hits and ``title_pages``: first-page chunks
    of their documents that were not retrieved, for the title they show)."""
    units = drop_boilerplate(
        [u for rank, hit in enumerate(hits) for u in split_hit(hit.chunk, rank)]
    )
    link_recording_neighbours(units)
    chunks = [*(h.chunk for h in hits), *title_pages]
    names = document_names(chunks)
    scopes = document_scopes(chunks)
    for unit in units:
        unit.doc_terms |= names.get(unit.chunk.provenance.source_id, set())
        opening = scopes.get(unit.chunk.provenance.source_id, set())
        unit.scope_terms = opening | person_keys(unit.chunk.text)
    return units


_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(?:[A-Z]\.\s*)?([A-Z][\w'’-]+)")
_INITIALLED = re.compile(r"\b([A-Z])\.\s*([A-Z][\w'’-]+)")


def person_keys(text: str) -> set[str]:
    """Keys of the people ``text`` names by title or initial: "~anand" for "Ms Anand",
    "p~anand" for "P. Anand" (a given name of the question is found through them, see
    :func:`mmrag.agents.answering.scoring.missing_terms`)."""
    keys = {f"~{_bare(m.group(1))}" for m in _TITLED.finditer(text)}
    keys |= {f"{m.group(1).lower()}~{_bare(m.group(2))}" for m in _INITIALLED.finditer(text)}
    return keys


def _bare(name: str) -> str:
    """``name`` in lower case without a possessive ending ("Quarrie's" -> "quarrie")."""
    return re.sub(r"['’]s$", "", name.lower())


def document_scopes(chunks: Sequence[Chunk], reach: int = 600) -> dict[str, set[str]]:
    """Terms of each document's opening (the first ``reach`` characters of its chunks marked
    ``OPENING``: letterhead, addressee, subject line, e-mail header), where they are among
    ``chunks``. The names there scope every passage of the document: a letter's body does not
    repeat whom it is addressed to. They do not score a passage (see :class:`Unit`)."""
    scopes: dict[str, set[str]] = {}
    for chunk in chunks:
        if chunk.extra.get(OPENING):
            terms = scopes.setdefault(chunk.provenance.source_id, set())
            terms |= set(tokenize(chunk.text[:reach])) | person_keys(chunk.text[:reach])
    return scopes


def document_names(chunks: Sequence[Chunk]) -> dict[str, set[str]]:
    """Terms that name each document: its file name, the headings of its retrieved chunks and
    the first line of its first page (a title), with the initials of the file name's and the
    title's words ("AMC" for "auto-multiple-choice-manual.pdf")."""
    names: dict[str, set[str]] = {}
    for chunk in chunks:
        prov = chunk.provenance
        terms = names.setdefault(prov.source_id, set())
        terms |= document_name_terms(prov.filename)
        if chunk.heading:
            terms |= set(tokenize(chunk.heading))
        if prov.page == 1 and chunk.kind not in (ElementKind.TABLE, ElementKind.TRANSCRIPT):
            title = " ".join(title_lines(chunk.text))
            terms |= set(tokenize(title)) | initialisms(title)
    for source_terms in names.values():
        source_terms.update(_joined_pairs(sorted(source_terms)))
    return names


def title_lines(text: str, most: int = 1, longest: int = 120) -> list[str]:
    """The lines a first page opens with that may be its title: up to ``most`` lines of at
    most ``longest`` characters and ten words, skipping stray letters (a drop cap, a logo's
    "M") and ending at the first line that is none (prose: a PDF's hard-wrapped lines are short
    too, so only the first counts by default)."""
    lines: list[str] = []
    for line in (ln.strip() for ln in text.strip().splitlines()):
        if len(re.findall(r"[^\W\d_]", line)) < 4:
            continue
        if len(line) > longest or len(line.split()) > 10 or len(lines) == most:
            break
        lines.append(line)
    return lines


def split_hit(chunk: Chunk, rank: int) -> list[Unit]:
    """The units of one chunk (table rows, chart/slide lines or sentences) with their context."""
    base_context = _context_terms(chunk)
    if is_table(chunk):
        return _table_units(chunk, rank, base_context)
    chunk_terms = set(tokenize(chunk.text)) | base_context
    chart = is_chart(chunk)
    first_line = chunk.text.strip().splitlines()[0] if chunk.text.strip() else ""
    title = first_line if chart else ""
    title_terms = set(tokenize(title))  # a chart's caption names what each label run is
    units: list[Unit] = []
    for pos, (text, kind) in enumerate(_unit_texts(chunk)):
        terms = set(tokenize(text)) | title_terms
        if not terms:
            continue
        if is_spoken(chunk):  # ASR splits names: "ridge line", "Ridgeline"
            terms |= joined_word_terms(text)
        if kind is UnitKind.READING and not chart:  # a slide's chart reading
            terms |= set(tokenize(first_line))
            embed = f"{first_line}: {text}"
        elif chart and pos > 0:
            embed = f"{title}: {text}"
        elif chunk.heading and len(text) < 60:
            embed = f"{chunk.heading}: {text}"
        else:
            embed = text
        units.append(
            Unit(
                text=text,
                kind=kind,
                hit_rank=rank,
                chunk=chunk,
                position=pos,
                terms=terms,
                context_terms=chunk_terms | terms,
                near_terms=set(),
                local_terms=set(base_context),
                doc_terms=set(base_context),
                embed_text=embed,
            )
        )
    for i, unit in enumerate(units):
        for j in (i - 1, i + 1):
            if 0 <= j < len(units):
                unit.near_terms |= units[j].terms
        unit.local_terms |= unit.terms | unit.near_terms
        if chart:  # a chart is read as a whole: its title and labels scope every line
            unit.local_terms |= chunk_terms
    return units


def _unit_texts(chunk: Chunk) -> list[tuple[str, UnitKind]]:
    """A chart reads as its text whole, its lines with words and its reading (line by line and
    item by item); other chunks as sentences or short lines, with any reading split the same."""
    if is_chart(chunk):
        lines = [ln.strip() for ln in chunk.text.splitlines() if ln.strip()]
        texts = chart_units(lines)
        kinds = [UnitKind.CHART, *(UnitKind.LINE for _ in texts[1:])]
    else:
        texts = split_units(chunk.text)
        kinds = [UnitKind.SENTENCE for _ in texts]
    out: list[tuple[str, UnitKind]] = []
    for text, kind in zip(texts, kinds, strict=True):
        if kind is UnitKind.CHART:  # the whole chart, even when a reading line opens it
            out.append((text, kind))
        elif chart_text.is_reading_line(text):
            out.append((text, UnitKind.READING))
            out.extend((item, UnitKind.READING) for item in chart_text.item_lines(text))
        elif TABLE_ROW.search(text):
            out.append((text, UnitKind.ROW))
        elif kind is UnitKind.SENTENCE and _is_short_line(text):
            out.append((text, UnitKind.LINE))
        else:
            out.append((text, kind))
    return out


def _is_short_line(text: str) -> bool:
    return len(text) < 60 and not text.rstrip().endswith((".", "!", "?"))


def chart_units(lines: list[str]) -> list[str]:
    """A chart's OCR lines as units: the whole region read together (labels with their values),
    then each line with words after its title (subtitle, note, annotation) and each reading
    line (the first too, in a chart read from its data with no title) alone."""
    if not lines:
        return []
    wordy = [
        ln
        for i, ln in enumerate(lines)
        # a reading line however short ("Lowest: 2023 52"), the first one too (a chart read
        # from its data may have no title); other lines after the title when they hold words
        if chart_text.is_reading_line(ln)
        or (i > 0 and (len(_WORDY.findall(ln)) >= 2 or (len(ln) > 24 and bool(_WORDY.search(ln)))))
    ]
    return [CHART_JOIN.join(lines), *wordy]


def _table_units(chunk: Chunk, rank: int, base_context: set[str]) -> list[Unit]:
    lines = [ln.strip() for ln in chunk.text.splitlines() if ln.strip()]
    title = ""
    if lines and "|" not in lines[0] and ":" not in lines[0]:
        title = lines.pop(0)
    title_terms = set(tokenize(title))
    table_terms = base_context | set(tokenize(chunk.text))
    units: list[Unit] = []
    for pos, line in enumerate(lines):
        terms = set(tokenize(line))
        if not terms:
            continue
        label = title or chunk.heading or ""
        units.append(
            Unit(
                text=line,
                kind=_table_line_kind(line),
                hit_rank=rank,
                chunk=chunk,
                position=pos,
                terms=terms | title_terms,
                context_terms=table_terms,
                near_terms=set(),
                local_terms=base_context | title_terms | terms,
                doc_terms=set(base_context),
                embed_text=f"{label}: {line}" if label else line,
            )
        )
    return units


def _table_line_kind(line: str) -> UnitKind:
    """A table chunk's line: a row, a line of its column extremes (a reading) or other text."""
    if chart_text.is_reading_line(line):
        return UnitKind.READING
    return UnitKind.ROW if "|" in line else UnitKind.LINE


def _join_broken_blocks(blocks: list[str]) -> list[str]:
    """Re-join prose that element boundaries cut mid-sentence ("... published as" + "Zeileis ...")."""
    joined: list[str] = []
    for block in blocks:
        prev = joined[-1].rstrip() if joined else ""
        if len(prev) >= 40 and prev[-1:].isalnum() and "\n" not in prev.strip():
            joined[-1] = f"{prev} {block.strip()}"
        else:
            joined.append(block)
    return joined


def split_units(text: str) -> list[str]:
    """Split prose into sentences; short-line text (slides, charts, OCR labels) into lines."""
    units: list[str] = []
    for block in _join_broken_blocks(re.split(r"\n\s*\n", text)):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        mean_len = sum(len(ln) for ln in lines) / len(lines)
        if len(lines) > 1 and mean_len < 50:
            units.extend(_merge_continuations(lines))
            continue
        joined = re.sub(r"(\w)-\s*\n\s*([a-z])", r"\1\2", "\n".join(lines))
        units.extend(split_sentences(re.sub(r"\s+", " ", joined)))
    return [u for part in units for u in _split_long(part)]


def _merge_continuations(lines: list[str]) -> list[str]:
    merged: list[str] = []
    for line in lines:
        if merged and line[:1].islower() and not merged[-1].endswith((".", "!", "?", ":")):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    return merged


def split_sentences(text: str) -> list[str]:
    """Sentence split that respects abbreviations, initials and decimals."""
    sentences: list[str] = []
    start = 0
    for match in _SENT_END.finditer(text):
        end = match.end()
        before = text[start : match.start() + 1]
        last = before.rsplit(None, 1)[-1] if before.split() else ""
        word = last.rstrip(".!?").lower().lstrip("(\"'")
        following = text[end : end + 1]
        if text[match.start()] == "." and (
            word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or following.islower()
        ):
            continue
        sentences.append(text[start:end].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def _split_long(text: str, limit: int = 400) -> list[str]:
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for clause in re.split(r"(?<=[;,])\s+", text):
        if current and len(current) + len(clause) + 1 > limit:
            pieces.append(current)
            current = clause
        else:
            current = f"{current} {clause}".strip()
    if current:
        pieces.append(current)
    return [p[: limit + 100] for p in pieces]


def joined_word_terms(text: str) -> set[str]:
    """Terms of adjacent word pairs written as one word ("stone gate" -> "stonegat")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return {t for a, b in itertools.pairwise(words) for t in tokenize(a + b)}


def _joined_pairs(tokens: Sequence[str]) -> set[str]:
    return {a + b for a, b in itertools.pairwise(tokens)}


def _context_terms(chunk: Chunk) -> set[str]:
    """Heading, lead (the text introducing a table) and file name terms: they scope every unit
    of the chunk."""
    tokens = tokenize(f"{chunk.heading or ''} {chunk.lead}")
    terms = set(tokens) | document_name_terms(chunk.provenance.filename)
    return terms | _joined_pairs(tokens)  # "king fisher"


def drop_boilerplate(units: list[Unit]) -> list[Unit]:
    """Drop running headers/footers (the same line, digits ignored, on several pages).

    Table rows are data, never boilerplate (two tables on a page share row shapes).
    Recordings are cut into overlapping time windows, so a sentence repeated in two windows
    of one recording is overlap, not boilerplate: it is kept once (in the better-ranked hit).
    """
    seen: dict[str, set[tuple[str, int | None]]] = {}
    for unit in units:
        if not is_timed(unit.chunk) and not is_table(unit.chunk):
            prov = unit.chunk.provenance
            seen.setdefault(_line_key(unit.text), set()).add((prov.source_id, prov.page))
    keep: list[Unit] = []
    quoted: set[tuple[str, str]] = set()
    for unit in sorted(units, key=lambda u: u.hit_rank):
        if is_timed(unit.chunk):
            key = (unit.chunk.provenance.source_id, unit.text)
            if key not in quoted:
                quoted.add(key)
                keep.append(unit)
        elif is_table(unit.chunk) or len(seen[_line_key(unit.text)]) < 2:
            keep.append(unit)
    return keep or units


def link_recording_neighbours(
    units: list[Unit], reach_back: int = 3, reach_ahead: int = 3, topic_back: int = 3
) -> None:
    """Speech runs on across windows: the sentences just before and after a unit, in time
    order, are its neighbours; the few before it its topic (local terms), a wider span its
    context. Never across a gap between retrieved windows."""
    by_source: dict[str, list[Unit]] = {}
    for unit in units:
        if is_spoken(unit.chunk):
            by_source.setdefault(unit.chunk.provenance.source_id, []).append(unit)
    for recording in by_source.values():
        for run in contiguous_runs(recording):
            for i, unit in enumerate(run):
                for j in (i - 1, i + 1):
                    if 0 <= j < len(run):
                        unit.near_terms |= run[j].terms
                for other in run[max(0, i - reach_back) : i + reach_ahead + 1]:
                    unit.context_terms |= other.terms
                for other in run[max(0, i - topic_back) : i]:
                    unit.local_terms |= other.terms
                unit.local_terms |= unit.near_terms


def contiguous_runs(units: list[Unit]) -> list[list[Unit]]:
    """Units of one recording in time order, split where a window between them was not
    retrieved (the sentences on either side of a gap are not neighbours)."""
    ordered = sorted(units, key=lambda u: (u.chunk.provenance.t_start or 0.0, u.position))
    runs: list[list[Unit]] = []
    reach = -1.0
    for unit in ordered:
        prov = unit.chunk.provenance
        start, end = prov.t_start or 0.0, prov.t_end or prov.t_start or 0.0
        if runs and start <= reach + 1.0:
            runs[-1].append(unit)
        else:
            runs.append([unit])
        reach = max(reach, end) if len(runs[-1]) > 1 else end
    return runs


def next_unit(unit: Unit, units: Sequence[Unit]) -> Unit | None:
    """The unit right after ``unit`` in reading order: in its chunk, or (speech) in the next
    retrieved window of the same recording that continues it."""
    same = [u for u in units if u.chunk.id == unit.chunk.id and u.position > unit.position]
    if same:
        following = min(same, key=lambda u: u.position)
        return (
            following if following.position == unit.position + 1 or is_spoken(unit.chunk) else None
        )
    if not is_spoken(unit.chunk):
        return None
    for run in contiguous_runs(
        [u for u in units if u.chunk.provenance.source_id == unit.chunk.provenance.source_id]
    ):
        if unit in run:
            i = run.index(unit)
            return run[i + 1] if i + 1 < len(run) else None
    return None


def _line_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def is_label(text: str) -> bool:
    """A title, running head or caption: short, no sentence end, mostly capitalised words."""
    stripped = text.strip()
    if _CAPTION.match(stripped) and len(stripped) < 90:
        return True
    if len(stripped) > 140 or stripped.endswith((".", "?", "!")) or ":" in stripped:
        return False  # sentences and "key: value" lines carry content
    if " by " in stripped:
        return False  # "Presented by Ann Lee, Plant Manager" says who
    words = [w for w in re.findall(r"[^\W\d_]+", stripped) if len(w) > 3]
    if len(words) < 2:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


def is_table(chunk: Chunk) -> bool:
    """A table chunk (rows of ``header | column: value; ...``)."""
    return chunk.kind == ElementKind.TABLE or chunk.modality == Modality.TABLE


def is_chart(chunk: Chunk) -> bool:
    """A chart or figure region."""
    return chunk.kind in (ElementKind.CHART, ElementKind.FIGURE)


def is_spoken(chunk: Chunk) -> bool:
    """Speech (a transcript window), where the recogniser may mishear names."""
    return chunk.kind == ElementKind.TRANSCRIPT


def is_timed(chunk: Chunk) -> bool:
    """A chunk with a time span (speech, video frames)."""
    return chunk.provenance.t_start is not None
