"""Field extraction: a field's value read from the evidence of an answer, never from prose alone.

The value is parsed from the passages of the cited chunks (then the retrieved but uncited ones),
its passage must mention the question's focus terms, and it must occur in the chunk it cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from mmrag.agents.answering.question import counted_term, document_name_terms, query_terms
from mmrag.agents.answering.units import split_sentences
from mmrag.agents.reports.results import FieldResult, FieldStatus
from mmrag.agents.reports.template import FieldType, ReportField
from mmrag.agents.reports.values import (
    Candidate,
    find_dates,
    find_numbers,
    fold,
    follows_label_word,
    split_list,
    supported,
    table_rows,
    unit_matches,
    validate,
    year_like,
)
from mmrag.platform.models import Answer, Chunk, Citation, ElementKind, Modality
from mmrag.platform.sparse import tokenize


class ReportOptions(BaseModel):
    """How values are chosen from evidence."""

    text_focus_share: float = Field(default=0.5, ge=0, le=1)  # text/list: share of focus terms
    fuzzy_prefix: int = Field(default=5, ge=3)  # stems sharing this prefix match (OCR, ASR)
    use_uncited_evidence: bool = True  # look in retrieved-but-uncited chunks of the document
    max_quote_chars: int = 400


_LOWEST = re.compile(r"\b(lowest|minimum|smallest|least|fewest|earliest|first|min)\b", re.I)
_HIGHEST = re.compile(
    r"\b(highest|maximum|largest|greatest|most|biggest|latest|last|max|top)\b", re.I
)
_PERCENT_Q = re.compile(r"\b(percentage|percent|proportion|share|fraction|rate)\b", re.I)
_YEAR_Q = re.compile(r"\b(year|when|since|founded|established)\b", re.I)
_WORDS = re.compile(r"\w+(?:[.,']\w+)*")
_CLAUSE = re.compile(r";|\s\|\s|[.!?](?=\s|$)|,(?=\s)|:(?=\s)")


@dataclass
class _Passage:
    text: str
    chunk: Chunk
    tier: int  # 0: quoted by the answer, 1: rest of a cited chunk, 2: uncited evidence
    order: int
    context: str = ""  # heading / table title (counts for relevance, not for the value)
    first: bool = False  # the first passage of its chunk


@dataclass
class _Scored:
    candidate: Candidate
    passage: _Passage
    relevance: float
    distance: int
    reasons: list[str] = field(default_factory=list)


def extract_field(
    item: ReportField,
    answer: Answer,
    chunks: Mapping[str, Chunk],
    options: ReportOptions | None = None,
) -> FieldResult:
    """Read ``item``'s value from the evidence of ``answer`` (``chunks`` by id: cited + retrieved).

    Only text of real chunks is parsed; the value's passage must mention the question's focus
    terms, and the value must occur in the chunk it cites.
    """
    opts = options or ReportOptions()
    if not answer.found:
        reason = _refusal_reason(answer)
        return FieldResult(
            field=item.name, status=FieldStatus.MISSING, reason=reason, answer=answer.answer
        )
    passages = _passages(answer, chunks, opts)
    if not passages:
        return FieldResult(
            field=item.name,
            status=FieldStatus.MISSING,
            answer=answer.answer,
            reason="the answer cites no evidence text",
        )
    keys = [t for t in query_terms(item.question) if not t[:1].isdigit()]
    doc_terms = document_name_terms(passages[0].chunk.provenance.filename)
    focus = [t for t in keys if t not in doc_terms] or keys
    head = counted_term(item.question)
    if head and head not in focus:
        focus.append(head)
    question_numbers = {c.value for c in find_numbers(item.question)}
    question_dates = {c.value for c in find_dates(item.question)}
    scored: list[_Scored] = []
    for passage in passages:
        for cand in _candidates(item, passage, question_numbers, question_dates):
            score = _score(cand, passage, keys, focus, head, item, opts)
            if score is not None:
                scored.append(score)
    if not scored:
        return FieldResult(
            field=item.name,
            status=FieldStatus.MISSING,
            answer=answer.answer,
            reason=f"the evidence holds no {item.type.value} about "
            f"{_words(item.question, [head] if head else focus) or 'the question'}",
        )
    return _pick(item, scored, answer, opts)


def _words(question: str, stems: Sequence[str]) -> str:
    """The question's own words for ``stems`` (for reasons people read)."""
    by_stem: dict[str, str] = {}
    for word in _WORDS.findall(question):
        for term in tokenize(word):
            by_stem.setdefault(term, word.lower())
    return ", ".join(by_stem.get(t, t) for t in stems)


def _refusal_reason(answer: Answer) -> str:
    for step in answer.trace:
        if step.get("outcome") == "refused":
            missing = step.get("missing")
            if isinstance(missing, list) and missing:
                names = ", ".join(str(m) for m in missing)
                return f"not in this document (no mention of {names})"
            return f"not in this document ({step.get('reason', 'no supporting evidence')})"
    return "not in this document"


def _passages(answer: Answer, chunks: Mapping[str, Chunk], opts: ReportOptions) -> list[_Passage]:
    quotes = [q.strip() for q in re.split(r"…|\[\d+\]", answer.answer) if len(q.strip()) > 2]
    quotes += [c.snippet.rstrip("…") for c in answer.citations if c.snippet]
    cited = [c.chunk_id for c in answer.citations if c.chunk_id in chunks]
    seen: set[str] = set()
    passages: list[_Passage] = []
    order = 0
    for chunk_id in cited:
        if chunk_id in seen:
            continue
        seen.add(chunk_id)
        chunk = chunks[chunk_id]
        context, units = _units(chunk)
        table = _is_table(chunk)
        for i, text in enumerate(units):
            quoted = table or any(_overlaps(text, q) for q in quotes)
            passages.append(_Passage(text, chunk, 0 if quoted else 1, order, context, i == 0))
            order += 1
    if opts.use_uncited_evidence:
        for cite in answer.evidence:
            if cite.chunk_id in seen or cite.chunk_id not in chunks:
                continue
            seen.add(cite.chunk_id)
            context, units = _units(chunks[cite.chunk_id])
            for i, text in enumerate(units):
                passages.append(_Passage(text, chunks[cite.chunk_id], 2, order, context, i == 0))
                order += 1
    return passages


def _is_table(chunk: Chunk) -> bool:
    return chunk.kind == ElementKind.TABLE or chunk.modality == Modality.TABLE


def _units(chunk: Chunk) -> tuple[str, list[str]]:
    """(context, passages): table rows, or sentences of prose with layout line breaks healed."""
    heading = chunk.heading or ""
    if _is_table(chunk):
        lines = [ln.strip() for ln in chunk.text.splitlines() if ln.strip()]
        title = lines.pop(0) if lines and "|" not in lines[0] and ":" not in lines[0] else ""
        return f"{heading} {title}".strip(), lines
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n|\n", chunk.text) if b.strip()]
    segments: list[str] = []
    for block in blocks:
        heading_like = segments and len(segments[-1]) <= 60 and segments[-1][-1:] not in ".,;:"
        if segments and not (heading_like and block[:1].isupper()):
            segments[-1] = f"{segments[-1]} {block}"
        else:
            segments.append(block)
    units = [s for seg in segments for s in split_sentences(seg)]
    return heading, units


def _overlaps(unit: str, quote: str) -> bool:
    u, q = fold(unit), fold(quote)
    if not u or not q:
        return False
    if u in q or q in u:
        return True
    return len(q) >= 30 and (q[:30] in u or q[-30:] in u)


def _candidates(
    item: ReportField, passage: _Passage, q_numbers: set[Any], q_dates: set[Any]
) -> list[Candidate]:
    text = passage.text
    rules = item.validation
    if item.type is FieldType.NUMBER:
        out = []
        for cand in find_numbers(text):
            before = text[: cand.start]
            if cand.value in q_numbers or follows_label_word(before):
                continue
            if year_like(cand, text) and not _YEAR_Q.search(item.question):
                continue
            out.append(cand)
        return out
    if item.type is FieldType.DATE:
        return [c for c in find_dates(text, rules.day_first) if c.value not in q_dates]
    if item.type is FieldType.LIST:
        items = split_list(text)
        return [Candidate(items, text, 0, len(text), None, "; ".join(items))] if items else []
    if item.type is FieldType.TABLE:
        if not (_is_table(passage.chunk) and passage.first):
            return []  # the whole table, once: from its first row's passage
        rows = table_rows(passage.chunk)
        return [Candidate(rows, passage.chunk.text, 0, len(text), None, "")] if rows else []
    if rules.pattern:
        out = []
        for match in re.finditer(rules.pattern, text):
            span = 1 if match.groups() and match.group(1) is not None else 0
            value = match.group(span)
            out.append(Candidate(value, value, match.start(span), match.end(span), None, value))
        return out
    if rules.choices:
        out = []
        for choice in rules.choices:
            for match in re.finditer(r"(?<!\w)" + re.escape(choice) + r"(?!\w)", text, re.I):
                out.append(
                    Candidate(choice, match.group(0), match.start(), match.end(), None, choice)
                )
        return out
    return [Candidate(text, text, 0, len(text), None, text)]


def _matches(term: str, stems: Iterable[str], prefix: int) -> bool:
    for stem in stems:
        if stem == term:
            return True
        if (
            len(stem) >= prefix
            and len(term) >= prefix
            and (
                stem.startswith(term[:prefix]) and (term.startswith(stem) or stem.startswith(term))
            )
        ):
            return True
    return False


def _score(
    cand: Candidate,
    passage: _Passage,
    keys: list[str],
    focus: list[str],
    head: str | None,
    item: ReportField,
    opts: ReportOptions,
) -> _Scored | None:
    text = passage.text
    words = [(m.start(), set(tokenize(m.group(0)))) for m in _WORDS.finditer(text)]
    context_stems = set(tokenize(passage.context))
    sentence_stems = set().union(*(s for _, s in words)) | context_stems
    present = [t for t in focus if _matches(t, sentence_stems, opts.fuzzy_prefix)]
    need = 1
    if item.type in (FieldType.TEXT, FieldType.LIST) and focus:
        need = max(1, round(opts.text_focus_share * len(focus) + 1e-9))
    if focus and len(present) < need:
        return None
    if head and not _matches(head, sentence_stems, opts.fuzzy_prefix):
        return None  # "how many employees": a passage that never says employees
    if item.type in (FieldType.NUMBER, FieldType.DATE, FieldType.TEXT) and (
        item.type is not FieldType.TEXT or item.validation.pattern or item.validation.choices
    ):
        bounds = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text) + 1]
        lo = max(b for b in bounds if b <= cand.start)
        hi = min(b for b in bounds if b > cand.start)
        clause = [s for pos, s in words if lo <= pos < hi]
        clause_stems = set().union(*clause) if clause else set()
        in_clause = sum(1 for t in keys if _matches(t, clause_stems, opts.fuzzy_prefix))
        in_sentence = sum(1 for t in keys if _matches(t, sentence_stems, opts.fuzzy_prefix))
        relevance = 2.0 * in_clause + in_sentence
        index = next((i for i, (pos, _) in enumerate(words) if pos >= cand.start), len(words))
        key_pos = [
            i
            for i, (_, s) in enumerate(words)
            if any(_matches(t, s, opts.fuzzy_prefix) for t in keys)
        ]
        distance = min((abs(i - index) for i in key_pos), default=99)
        if item.type is FieldType.NUMBER and _PERCENT_Q.search(item.question) and cand.unit == "%":
            relevance += 1.0
    else:
        relevance = float(len(present))
        distance = 0
    return _Scored(cand, passage, relevance, distance)


def _pick(
    item: ReportField, scored: list[_Scored], answer: Answer, opts: ReportOptions
) -> FieldResult:
    rejected: list[tuple[_Scored, str]] = []
    passing: list[_Scored] = []
    for s in scored:
        reason = _check(item, s)
        if reason:
            rejected.append((s, reason))
        else:
            passing.append(s)
    if not passing:
        best, reason = sorted(rejected, key=lambda r: _rank_key(r[0]))[0]
        return FieldResult(
            field=item.name,
            status=FieldStatus.INVALID,
            text=best.candidate.surface[: opts.max_quote_chars],
            quote=best.passage.text[: opts.max_quote_chars],
            reason=reason,
            citation=_citation(best),
            answer=answer.answer,
        )
    tier = min(s.passage.tier for s in passing)
    pool = sorted((s for s in passing if s.passage.tier == tier), key=_rank_key)
    best = pool[0]
    if item.type in (FieldType.NUMBER, FieldType.DATE):
        ties = [
            s
            for s in pool
            if s.relevance == best.relevance and s.candidate.unit == best.candidate.unit
        ]
        if len(ties) > 1 and _LOWEST.search(item.question):
            best = min(ties, key=lambda s: (s.candidate.value, _rank_key(s)))
        elif len(ties) > 1 and _HIGHEST.search(item.question):
            best = max(ties, key=lambda s: (s.candidate.value, [-x for x in _rank_key(s)]))
    cand = best.candidate
    unit = unit_matches(cand, best.passage.text, item.units) if item.units else cand.unit
    if item.type is FieldType.NUMBER and unit and unit.isalpha() and not item.units:
        unit = None if unit.lower() in {"in", "on", "at", "the", "and", "of"} else unit
    return FieldResult(
        field=item.name,
        status=FieldStatus.FOUND,
        value=cand.value,
        text=cand.surface[: opts.max_quote_chars],
        unit=unit if item.type is FieldType.NUMBER else None,
        quote=best.passage.text[: opts.max_quote_chars],
        citation=_citation(best),
        answer=answer.answer,
    )


def _rank_key(s: _Scored) -> tuple[float, float, float, float]:
    return (s.passage.tier, -s.relevance, s.distance, s.passage.order + s.candidate.start / 1e6)


def _check(item: ReportField, s: _Scored) -> str | None:
    cand = s.candidate
    if (
        item.type is FieldType.NUMBER
        and item.units
        and unit_matches(cand, s.passage.text, item.units) is None
    ):
        return f"{cand.display} is not in {' or '.join(item.units)}"
    reason = validate(item, cand)
    if reason:
        return reason
    chunk_text = s.passage.chunk.text
    pieces = cand.value if item.type is FieldType.LIST else [cand.surface]
    if item.type is FieldType.TABLE:
        pieces = []
    for piece in pieces:
        if not supported(
            str(piece), chunk_text, cand.value if item.type is FieldType.NUMBER else None
        ):
            return f"{str(piece)[:80]!r} does not occur in the cited evidence"
    return None


def _citation(s: _Scored) -> Citation:
    cite = Citation.from_chunk(s.passage.chunk, 0.0)
    cite.snippet = s.passage.text[:300]
    return cite
