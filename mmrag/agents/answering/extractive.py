"""Extractive answers without a model: the shortest span of the evidence that answers, or a refusal.

The retrieved hits are cut into units (:mod:`.units`) and scored (:mod:`.scoring`). The best
eligible unit (every specific term of the question in its context) answers when its relevance
reaches one calibrated threshold; otherwise the answer is a refusal (``found=False``). The
answer is the shortest span that answers: the value of the asked type with its unit (a
duration, a year, a name, an amount ...), a table row's header with the cells the question
names, or one line of a chart's reading. The sentence, row or reading line it rests on is
``Answer.quote``; the answer cites the chunk it comes from.

When the question asks for a kind of value and the best unit holds none, the value may sit in
the next sentence (it is quoted with the best one) or in a close runner-up; with no such
value anywhere the answer is a refusal. A superlative question prefers its chart's extreme
line, and a chart read whole is never quoted whole: one of its lines answers.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from mmrag.agents.answering.contrast import neighbour_problem
from mmrag.agents.answering.question import BARE_YEAR, NUMBER_VALUE, Question, analyse
from mmrag.agents.answering.scoring import (
    ScoreWeights,
    asked_extreme,
    has_new_number,
    names_item,
    names_row,
    new_values,
    same_word,
    score_units,
)
from mmrag.agents.answering.units import CHART_JOIN, Unit, UnitKind, next_unit, units_of
from mmrag.platform import chart_text
from mmrag.platform.embedding import TextEmbedder
from mmrag.platform.models import Answer, Chunk, Citation, SearchHit
from mmrag.platform.sparse import STOP_WORDS, tokenize

log = logging.getLogger(__name__)

REFUSAL = "The indexed documents do not answer this question."

#: Relevance (0.45 lexical + 0.40 dense + 0.15 rank) the answering unit must reach; calibrated
#: on the dev set's answerable vs unanswerable questions (README, "Extractive answers").
MIN_RELEVANCE = 0.28


class ExtractiveOptions(BaseModel):
    """How extractive answers are chosen and when they are refused."""

    max_hits: int = Field(default=10, ge=1)  # top hits whose units are candidates
    max_chars: int = Field(default=200, ge=40)  # the answer span's length budget
    max_quote_chars: int = Field(default=400, ge=80)  # the supporting quote's budget
    max_embedded_units: int = Field(default=160, ge=1)  # units scored densely (latency cap)
    w_lexical: float = 0.45
    w_dense: float = 0.40
    w_rank: float = 0.15
    number_bonus: float = 0.04  # a numeric question and a unit with a number not in it
    answer_type_bonus: float = 0.08  # the unit holds the expected kind of value
    hint_bonus: float = 0.05  # the unit is of a modality the question names ("in the call")
    named_bonus: float = 0.06  # a table row or chart item the question names
    extreme_bonus: float = 0.15  # a superlative question and its chart's extreme line
    label_penalty: float = 0.12  # titles, running heads and bare captions rarely answer
    runner_up_ratio: float = 0.7  # a unit this close may replace the best (a value, an extreme)
    min_relevance: float = MIN_RELEVANCE  # the refusal threshold
    speech_ratio: float = 0.8  # near spellings accepted in speech only
    refusal: str = REFUSAL

    def weights(self) -> ScoreWeights:
        """The scoring weights of these options."""
        return ScoreWeights(
            w_lexical=self.w_lexical,
            w_dense=self.w_dense,
            w_rank=self.w_rank,
            number_bonus=self.number_bonus,
            answer_type_bonus=self.answer_type_bonus,
            hint_bonus=self.hint_bonus,
            named_bonus=self.named_bonus,
            extreme_bonus=self.extreme_bonus,
            label_penalty=self.label_penalty,
            speech_ratio=self.speech_ratio,
            max_embedded_units=self.max_embedded_units,
        )


def answered_by_lookup(answer: Answer, whole: bool = False) -> bool:
    """``answer`` is extractive and one value looked up in a table row or a chart reading
    whose labels (see :func:`is_lookup`) are about the question; ``whole``: or that whole row
    or reading line."""
    key = "structured" if whole else "lookup"
    return answer.found and any(
        step.get("tool") == "extractive" and step.get(key) is True for step in answer.trace
    )


def is_lookup(q: Question, unit: Unit) -> bool:
    """``unit`` is a table row or a chart reading line that the question *looks up*: its
    structure's labels (the table's title and column names; the chart's title and the line's
    series or column) share a word with the question besides numbers
    (the looked-up item alone, "Old Town" in a leakage chart, does not make a chart about
    complaints in Old Town), and the question names the
    row (its key, or a name or number of its key: "filter F4" for "F4 Anthracite/sand") or,
    for a chart's highest/lowest line, asks for that extreme.
    A question that leaves the row to be found ("which shop had the highest spend?", "which
    channel earned less than last year?", "who signed the letter?") selects or compares:
    that is no lookup of the row a score happened to rank first. A highest/lowest line is
    looked up only when its labels name what the superlative ranks by (``Question.measure``:
    "the minimum age" is not the lowest of a "players" column)."""
    if unit.kind is UnitKind.ROW:
        key, _, cells = unit.text.partition("|")
        labels = unit.terms - set(tokenize(unit.text)) | {
            t for cell in cells.split(";") for t in tokenize(cell.partition(":")[0])
        }
        named = names_row(unit, q) or bool(set(tokenize(key)) & set(q.specific))  # "filter F4"
    elif unit.kind is UnitKind.READING:
        line = chart_text.parse_line(unit.text)
        of = set(tokenize(line.of)) if line is not None else set()  # a series or column
        labels = unit.terms - set(tokenize(unit.text)) | of
        if line is not None and "%" in line.of:
            labels |= _percent_words()
        named = _names_reading(q, unit.text) and (
            line is None
            or line.kind is chart_text.LineKind.VALUES
            or all(same_word(t, labels) for t in q.measure)  # "minimum age": not "players"
        )
    else:
        return False
    return named and any(not t[:1].isdigit() for t in labels & set(q.terms))


@functools.cache
def _percent_words() -> frozenset[str]:
    """What a "%" column names (stemmed on first use: the stemmer loads NLTK)."""
    return frozenset(tokenize("percent percentage share rate"))


def _names_reading(q: Question, text: str) -> bool:
    """The question asks for this chart reading line: its extreme for a superlative ("the
    most", not "the second-largest"), or one of its items by label ("... in March?")."""
    line = chart_text.parse_line(text)
    if line is None:
        return False
    if line.kind is not chart_text.LineKind.VALUES:
        return asked_extreme(q, text) and not _ORDINAL_EXTREME.search(q.text)
    return any(names_item(chart_text.values_line(line.head, [item]), q) for item in line.items)


#: A superlative that asks for a rank below the top ("the second-largest", "third highest").
_ORDINAL_EXTREME = re.compile(
    r"\b(?:second|third|fourth|fifth|\d+(?:nd|rd|th))[- ](?:\w+est|most|least|biggest)\b", re.I
)


def pins_value(unit: Unit, span: str) -> bool:
    """``span`` (the answer taken from ``unit``) is one value of a table or chart, not a whole
    row or values line that leaves the choice of cell to the reader ("Lowfield | 2022: 110;
    2023: 120" for "what was the Lowfield mill's output?")."""
    if unit.kind is UnitKind.ROW:
        cells = [c for c in unit.text.partition("|")[2].split(";") if c.strip()]
        return len(cells) <= 1 or span.strip() != unit.text.strip()
    if unit.kind is UnitKind.READING:
        parsed = chart_text.parse_line(span)
        return not (
            parsed is not None
            and parsed.kind is chart_text.LineKind.VALUES
            and len(parsed.items) > 1
        )
    return False


@dataclass
class ScoredEvidence:
    """A question analysed and the units of its top hits scored: computed once per question
    and read by both answerers (the extractive one and the evidence for a model)."""

    question: Question
    units: list[Unit]


def score_evidence(
    question: str,
    hits: Sequence[SearchHit],
    options: ExtractiveOptions | None = None,
    embedder: TextEmbedder | None = None,
    hinted: Collection[str] = (),
    title_pages: Sequence[Chunk] = (),
) -> ScoredEvidence:
    """The units of the first ``max_hits`` hits, scored for ``question`` (see
    :func:`mmrag.agents.answering.scoring.score_units`); ``title_pages``: first-page chunks
    of their documents, read for the documents' titles only."""
    opts = options or ExtractiveOptions()
    q = analyse(question)
    units = units_of(list(hits[: opts.max_hits]), title_pages)
    if units:
        score_units(q, units, opts.weights(), embedder, hinted)
    return ScoredEvidence(q, units)


def extractive_answer(
    question: str,
    hits: Sequence[SearchHit],
    options: ExtractiveOptions | None = None,
    embedder: TextEmbedder | None = None,
    hinted: Collection[str] = (),
    scored: ScoredEvidence | None = None,
) -> Answer:
    """Answer ``question`` with the shortest supported span of ``hits``, or refuse.

    ``hinted`` names modalities the question's wording points to ("in the call" -> audio);
    their units get a small bonus. ``scored``: the evidence already scored with these
    options (else it is scored here).
    """
    opts = options or ExtractiveOptions()
    started = time.perf_counter()
    scored = scored or score_evidence(question, hits, opts, embedder, hinted)
    q, units = scored.question, scored.units
    if not units:
        return _refusal(opts, started, "no evidence")
    eligible = sorted((u for u in units if u.eligible), key=lambda u: u.score, reverse=True)
    if not eligible:
        missing = sorted({t for u in units for t in u.missing})
        return _refusal(opts, started, "specific terms missing", missing=missing)
    best = eligible[0]
    chosen = _choose(q, eligible, opts)
    relevance = max(chosen.relevance, best.relevance if chosen.chunk.id == best.chunk.id else 0.0)
    info: dict[str, object] = {
        "relevance": round(relevance, 4),
        "unit": chosen.kind.value,
        "structured": is_lookup(q, chosen),  # a row or reading the question is about
        "lookup": False,  # ... and the answer is one value of it (set below)
    }
    if relevance < opts.min_relevance:
        return _refusal(opts, started, "low relevance", **info)
    support = _support(q, chosen, units, opts)
    if support is None:
        return _refusal(opts, started, "no value of the asked type", **info)
    span = answer_span(q, support[-1], opts.max_chars)
    neighbour = neighbour_problem(q, span, support[-1], units)
    if neighbour:  # another period's value, a row the question does not pick
        return _refusal(opts, started, neighbour, **info)
    info["lookup"] = bool(info["structured"]) and pins_value(support[-1], span)
    if not q.types and not q.numeric and support[-1].kind is UnitKind.SENTENCE:
        follower = next_unit(chosen, units)  # a short lead-in continues in the next sentence
        if (
            follower is not None
            and len(span) <= opts.max_chars // 2
            and len(span) + 1 + len(follower.text) <= opts.max_chars
        ):
            span = f"{span} {follower.text}"
            support = [chosen, follower]
    quote = " ".join(u.text for u in support)
    return _answer(span, _clip(quote, opts.max_quote_chars), support, started, len(units), info)


def _support(
    q: Question, chosen: Unit, units: list[Unit], opts: ExtractiveOptions
) -> list[Unit] | None:
    """The units the answer rests on: ``chosen``, or (a typed question) ``chosen`` and the
    following units up to the first that holds the asked kind of value and shares a term with
    the question (within the quote budget: the value often sits a sentence or two after the
    words the question matches);
    None when no such value is there."""
    if not q.types or _holds_type(q, chosen):
        return [chosen]
    support = [chosen]
    size = len(chosen.text)
    current = chosen
    for _ in range(2):
        follower = next_unit(current, units)
        if follower is None or size + 1 + len(follower.text) > opts.max_quote_chars:
            return None
        support.append(follower)
        size += 1 + len(follower.text)
        if _holds_type(q, follower) and follower.terms & set(q.terms):
            return support  # the value, in a sentence that is still about the question
        current = follower
    return None


def _choose(q: Question, eligible: list[Unit], opts: ExtractiveOptions) -> Unit:
    """The unit that answers: the best, or a close unit that fits the question's shape better
    (a superlative's extreme line, a unit with the asked kind of value), and never a chart read
    whole when one of its own lines is eligible."""
    best = eligible[0]
    close = [
        u
        for u in eligible
        if u.score >= opts.runner_up_ratio * best.score or u.chunk.id == best.chunk.id
    ]
    if q.extreme is not None:
        extreme = [u for u in close if asked_extreme(q, u.text)]
        if extreme:  # one whose item is of the asked kind ("which month": "Jun 40.5") first
            return next((u for u in extreme if _holds_type(q, u)), extreme[0])
    if q.extreme is None:  # the bar or row the question names ("in March", "for Site B")
        named = [u for u in close if names_row(u, q) or names_item(u.text, q)]
        if named:
            return named[0]
    if best.kind is UnitKind.CHART:
        own = [u for u in eligible if u.chunk.id == best.chunk.id and u is not best]
        named = [u for u in own if names_item(u.text, q)]
        if named or own:
            return max(named or own, key=lambda u: (u.lexical, u.score))
    return best


def _close(eligible: list[Unit], opts: ExtractiveOptions) -> list[Unit]:
    """Eligible units nearly as good as the best, or of its chunk, best first."""
    best = eligible[0]
    return [
        u
        for u in eligible
        if u.score >= opts.runner_up_ratio * best.score or u.chunk.id == best.chunk.id
    ]


def _holds_type(q: Question, unit: Unit) -> bool:
    """The unit holds a value of an asked type; a table row or chart reading holds a quantity
    as a bare number when its table or chart says what the numbers are in its labels (a
    header, caption or axis title: "%" for a share, "cost" or "£" for money), so a count of
    breaks is not read as a percentage."""
    if any(new_values(kind.value, unit.text, q.words) for kind in q.types):
        return True
    quantity = all(kind.quantity for kind in q.types)
    tabular = unit.kind in (UnitKind.ROW, UnitKind.READING)
    labelled = any(kind.column is None or kind.column.search(unit.chunk.text) for kind in q.types)
    return quantity and tabular and labelled and has_new_number(unit.text, q.words)


# ---------------------------------------------------------------- the answer span


def answer_span(q: Question, unit: Unit, budget: int = 200) -> str:
    """The shortest text of ``unit`` that answers ``q``: a reading line or item, a row's header
    with its matching cells, or the value of the asked type with its unit; else the sentence
    (or its clauses that match the question best) within ``budget`` characters."""
    if unit.kind is UnitKind.READING:
        return _clip(_reading_span(q, unit.text), budget)
    if unit.kind is UnitKind.ROW:
        return _clip(_row_span(q, unit.text), budget)
    text = _best_line(q, unit.text) if unit.kind is UnitKind.CHART else unit.text
    value = _value_span(q, text)
    if value:
        return _clip(value, budget)
    if len(text) <= budget:
        return text
    return _clip(_best_clauses(q, text, budget), budget)


def _reading_span(q: Question, line: str) -> str:
    """A values line of several items answers with the item the question names."""
    parsed = chart_text.parse_line(line)
    if parsed is None or parsed.kind is not chart_text.LineKind.VALUES or len(parsed.items) < 2:
        return line
    for item in parsed.items:
        if names_item(chart_text.values_line(parsed.head, [item]), q):
            return chart_text.values_line(parsed.head, [item])
    return line


def _row_span(q: Question, row: str) -> str:
    """The row header with the cells whose column the question names (or that hold the value)."""
    header, _, rest = row.partition("|")
    cells = [c.strip() for c in rest.split(";") if c.strip()]
    kept = _matching_cells(cells, q)
    if not kept:  # no column named: the whole row is the shortest sure answer
        return row
    return f"{header.strip()} | {'; '.join(kept)}"


def _matching_cells(cells: list[str], q: Question) -> list[str]:
    """The cells that match the question best: its terms in the column header (weighted by
    1 / cells holding them), and a header that marks the asked kind of value ("% full" for a
    percentage, "Cost (£k)" for an amount) counts as one more term."""
    headers = [c.partition(":")[0] for c in cells]
    cell_terms = [set(tokenize(h)) for h in headers]
    df = Counter(t for terms in cell_terms for t in terms if t in q.terms)
    scores = [sum(1.0 / df[t] for t in terms if t in df) for terms in cell_terms]
    for i, header in enumerate(headers):
        if any(kind.column is not None and kind.column.search(header) for kind in q.types):
            scores[i] += 1.0
    top = max(scores, default=0.0)
    if top <= 0:
        return []
    return [c for c, sc in zip(cells, scores, strict=True) if sc >= 0.5 * top]


def _best_line(q: Question, whole: str) -> str:
    """The line of a chart read whole that matches the question best (ties: the first)."""
    lines = [ln for ln in whole.split(CHART_JOIN) if ln.strip()]
    wanted = set(q.terms)

    def fit(line: str) -> tuple[int, int]:
        terms = set(tokenize(line))
        return len(terms & wanted), int(bool(terms - q.words))

    return max(lines, key=fit) if lines else whole


_UNIT_WORD = re.compile(r"\s*([^\W\d_][\w/%°.'’-]*|%|°\w*)")


def _value_span(q: Question, text: str) -> str:
    """The value of an asked type nearest the question's words in ``text``, with its unit."""
    kinds = [kind.value for kind in q.types]
    if not kinds and q.numeric:
        kinds = [NUMBER_VALUE]
    anchors = _anchor_positions(q, text)
    best: tuple[float, int, int, str] | None = None
    for order, pattern in enumerate(kinds):
        for match in new_values(pattern, text, q.words):
            value = match.group(0).strip()
            # What the question already says is not the answer; judged on the value itself, not
            # on the unit words after it ("48,250 customers" answers "how many customers").
            terms = set(tokenize(value))
            said = len(terms & q.words) / len(terms) if terms else 1.0
            if pattern is NUMBER_VALUE:
                if BARE_YEAR.match(value):
                    continue  # a year dates a quantity, it is not one
                value = _with_unit(text, match)
            distance = min((abs(match.start() - a) for a in anchors), default=0)
            key = (said, distance, order, value)
            if best is None or key[:3] < best[:3]:
                best = key
    return best[3] if best else ""


def _anchor_positions(q: Question, text: str) -> list[int]:
    """Where the question's own terms occur in ``text`` (start offsets of matching words)."""
    terms = set(q.terms)
    return [m.start() for m in re.finditer(r"[\w'’-]+", text) if set(tokenize(m.group(0))) & terms]


def _with_unit(text: str, match: re.Match[str]) -> str:
    """A bare number with the words that follow it as its unit ("3.1 litres per second"): up to
    three words, not across punctuation, stopping at a stop word (except "per")."""
    end = match.end()
    words = 0
    while words < 3:
        nxt = _UNIT_WORD.match(text, end)
        if nxt is None:
            break
        word = nxt.group(1).rstrip(".")
        if not word or (word.lower() in STOP_WORDS and word.lower() != "per"):
            break
        end = nxt.start(1) + len(word)
        words += 1
    return text[match.start() : end].strip()


def _best_clauses(q: Question, text: str, budget: int) -> str:
    """The run of clauses (cut at , ; :) with the most question terms that fits ``budget``."""
    clauses = [c for c in re.split(r"(?<=[,;:])\s+", text) if c]
    terms = set(q.terms)
    best, best_hits = clauses[0], -1
    for i in range(len(clauses)):
        run = ""
        for clause in clauses[i:]:
            candidate = f"{run} {clause}".strip()
            if len(candidate) > budget:
                break
            run = candidate
            hits = len(set(tokenize(run)) & terms)
            if hits > best_hits:
                best, best_hits = run, hits
    return best


def _clip(text: str, budget: int) -> str:
    if len(text) <= budget:
        return text
    return text[: budget - 1].rsplit(" ", 1)[0] + "…"


# ---------------------------------------------------------------- answers and refusals


def _answer(
    span: str,
    quote: str,
    support: list[Unit],
    started: float,
    n_units: int,
    info: dict[str, object],
) -> Answer:
    citations: list[Citation] = []
    for unit in support:
        if any(c.chunk_id == unit.chunk.id for c in citations):
            continue
        cite = Citation.from_chunk(unit.chunk, round(unit.score, 4))
        cite.snippet = unit.text[:300]
        citations.append(cite)
    best = support[0]
    trace: dict[str, object] = {
        "tool": "extractive",
        "outcome": "answered",
        "units": n_units,
        "best_score": round(best.score, 4),
        "best_dense": round(best.dense, 4),
        "best_lexical": round(best.lexical, 4),
        **info,
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }
    return Answer(
        answer=span, found=True, citations=citations, mode="extractive", trace=[trace], quote=quote
    )


def _refusal(opts: ExtractiveOptions, started: float, reason: str, **info: object) -> Answer:
    trace: dict[str, object] = {
        "tool": "extractive",
        "outcome": "refused",
        "reason": reason,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        **info,
    }
    log.info("extractive refusal", extra={"reason": reason})
    return Answer(answer=opts.refusal, found=False, citations=[], mode="extractive", trace=[trace])
