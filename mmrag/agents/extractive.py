"""Extractive answers without an LLM: quote the best evidence sentence or table row, or refuse.

Each top hit is split into *units* (sentences of prose, lines of slides/charts, rows of tables).
A unit's score mixes IDF-weighted query-term overlap (IDF over the candidate units), the dense
similarity of the unit to the question (MiniLM) and the hit's retrieval rank. The answer quotes
the best unit (and a second one when it is nearly as good), and cites only the hits it quotes.

Sufficiency: the question's *specific terms* (numbers and years, capitalised names that do not
start the sentence, identifiers such as ``na.locf`` or ``sexM``) must all occur in the quoted
unit's context (its chunk for prose, its own row for tables, plus heading and file name); a unit
that misses one is not eligible (tables: the whole table is the context). The best eligible
unit must also reach a minimum relevance. Otherwise the answer is a refusal (``found=False``).

Answer types: "how many hours", "which year", "who", "which month", "what version" ... expect a
value of that kind in the quote; a close runner-up that holds one replaces a best unit that
does not, and a quote without one is refused. Charts carry readings written at ingestion
("Bar values: ...", "Highest: ...", "Lowest: ..."): superlative questions quote the extreme
line, a question naming a bar quotes its item. Speech: a name said a few sentences earlier
scopes a sentence (never across a gap between retrieved windows), and names the recogniser
split or misheard still match.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from mmrag.platform.embedding import TextEmbedder
from mmrag.platform.models import (
    Answer,
    Chunk,
    Citation,
    ElementKind,
    Modality,
    SearchHit,
)
from mmrag.platform.sparse import STOP_WORDS, tokenize

log = logging.getLogger(__name__)

REFUSAL = "The indexed documents do not answer this question."

#: Question words that carry no content (beyond the sparse stop words).
GENERIC_TERMS = frozenset(
    tokenize(
        "many much name named called give given value number list say said mention mentioned "
        "according document documents kind type exactly approximately roughly"
    )
)
#: Capitalised words that name document structure rather than content ("Table 2", "Figure 3").
STRUCTURE_WORDS = frozenset(
    """figure fig table chart graph plot page section slide video recording appendix chapter
    image photo diagram panel part step item row rows column columns line lines""".split()
)
_NUMERIC_QUESTION = re.compile(
    r"\b(how (many|much|long|far|deep|high|tall|old|often|large|big|fast|heavy)|"
    r"what (?:\w+ )?(year|percentage|percent|proportion|share|number|amount|rate|depth|level|date|time|"
    r"temperature|volume|height|length|cost|price|version|release|value|total|reading|p-value|age)|"
    r"when|which year|in what year)\b",
    re.IGNORECASE,
)
_DURATION = r"\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:seconds?|s|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?)\b"
_LENGTH = (
    r"\d+(?:[.,]\d+)?\s*(?:mm|cm|m|km|(?:kilo|centi|milli)?(?:metres?|meters?)|feet|ft|miles?|"
    r"inch(?:es)?)\b"
)
_DURATION_VALUE = re.compile(_DURATION, re.I)
_LENGTH_VALUE = re.compile(_LENGTH, re.I)
_MONEY_VALUE = re.compile(
    r"[£$€]\s?\d|\d[\d,.]*\s*(pounds?|dollars?|euros?|thousand|million|billion|k)\b|"
    r"\b(hundred|thousand|million)\b",
    re.I,
)
_SHARE_VALUE = re.compile(r"\d\s*%|\bper ?cent\b|\b0?\.\d+\b", re.I)
#: Quantities: in a table their unit sits in the column header, so a bare number answers.
_QUANTITIES = (_DURATION_VALUE, _LENGTH_VALUE, _MONEY_VALUE, _SHARE_VALUE)
#: Answer types: a question pattern and what a unit that answers it contains.
_ANSWER_TYPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"\bhow long\b|\bhow many (days|hours|weeks|months|years|minutes)\b", re.I),
        _DURATION_VALUE,
    ),
    (
        re.compile(r"\bhow old\b|\bwhat (?:\w+ )?age\b", re.I),
        _DURATION_VALUE,
    ),
    (
        re.compile(r"\b(which|what) (?:\w+ )?(release|version)\b", re.I),
        re.compile(r"\b\d+\.\d+(?:[.-]\d+)*\b"),
    ),
    (
        re.compile(r"\bhow long is\b", re.I),  # a tunnel, a pipe: a length, not a duration
        _LENGTH_VALUE,
    ),
    (
        re.compile(r"\bhow (deep|high|tall|far|wide)\b|\b(depth|height|length|distance)\b", re.I),
        _LENGTH_VALUE,
    ),
    (
        re.compile(r"\b(which|what) year\b", re.I),
        re.compile(r"\b(1[6-9]|20)\d\d\b"),
    ),
    (
        re.compile(r"^\s*when\b|\bwhat date\b", re.I),
        re.compile(
            r"\b(1[6-9]|20)\d\d\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
            r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            re.I,
        ),
    ),
    (
        re.compile(
            r"^\s*(who|whom|whose)\b|\b(which|what) (company|firm|supplier|contractor|manager|"
            r"person|organi[sz]ation|agency|team|department|regiment|vessel|ship|consultant|"
            r"engineer|inspector|officer|author|speaker|presenter)\b",
            re.I,
        ),
        re.compile(  # a capitalised name mid-sentence, not a weekday or a month
            r"(?:(?<=[a-z0-9,;:] )|(?<=[A-Z]\. ))(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
            r"February|March|April|May|June|July|August|September|October|November|December)\b)"
            r"[A-Z][a-z]+(?: [A-Z][a-z]+)*"
        ),
    ),
    (
        re.compile(r"\b(which|what) month\b", re.I),
        re.compile(
            r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
            r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b",
            re.I,
        ),
    ),
    (
        re.compile(r"\b(which|what) day\b", re.I),
        re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.I),
    ),
    (
        re.compile(r"\b(phone|telephone|extension|fax)\b", re.I),
        re.compile(r"\d{2,}"),
    ),
    (
        re.compile(
            r"\bhow much (money|did \w+ (cost|pay|spend|give))\b|\bwhat (price|sum)\b|"
            r"\bcost(s|ing)?\b|\b(pay|paying|paid|spend|spent|budgeted)\b",
            re.I,
        ),
        _MONEY_VALUE,
    ),
    (
        re.compile(r"\b(percentage|percent|proportion|share|fraction)\b", re.I),
        _SHARE_VALUE,
    ),
)
#: Superlatives that ask for the largest (or the smallest) value of a series.
_MOST = re.compile(
    r"\b(most(?! recent| likely)|highest|largest|biggest|greatest|maximum|peak|top|wettest|hottest|warmest|"
    r"longest|heaviest|busiest|deepest|tallest|fastest|costliest|strongest|worst)\b",
    re.I,
)
_LEAST = re.compile(
    r"\b(least|lowest|smallest|fewest|minimum|driest|coldest|coolest|shortest|lightest|"
    r"quietest|shallowest|cheapest|slowest|weakest)\b",
    re.I,
)
#: Lines that ingestion writes for a chart's extreme values (see ingestion/bar_charts.py).
_EXTREME_LINE = {"max": "Highest:", "min": "Lowest:"}
_READING_PREFIXES = ("Highest:", "Lowest:", "Bar values", "Point values")
_FIGURE_REF = re.compile(r"\b(?:Figure|Fig\.)\s*(\d+)")
#: A table row read off a slide or scan ("F4 Anthracite/sand | Hours: 63.2; Status: due").
_TABLE_ROW = re.compile(r"\S \| [^|:]+: \S")
_WORD = re.compile(r"[\w][\w.:'’-]*[\w]|[\w]", re.UNICODE)
_ABBREV = frozenset(
    "e.g i.e fig figs no nos vs etc dr mr mrs ms st p pp vol approx ca al eq eqs sec ch jr sr inc "
    "ltd co cf resp est min max avg ref".split()
)
_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


class ExtractiveOptions(BaseModel):
    """How extractive answers are chosen and when they are refused."""

    max_hits: int = Field(default=10, ge=1)  # top hits whose units are candidates
    max_units: int = Field(default=2, ge=1, le=3)  # units quoted in the answer
    max_chars: int = Field(default=350, ge=80)  # answer length budget
    max_embedded_units: int = Field(default=48, ge=1)  # units scored densely (latency cap)
    w_lexical: float = 0.45
    w_dense: float = 0.40
    w_rank: float = 0.15
    number_bonus: float = 0.04  # a numeric question and a unit with a number not in it
    answer_type_bonus: float = 0.08  # the unit holds the expected kind of value (duration...)
    hint_bonus: float = 0.05  # the unit is of a modality the question names ("in the call")
    row_header_bonus: float = 0.06  # a table row whose header the question names ("ethnicty")
    extreme_bonus: float = 0.15  # "wettest month": the chart's "Highest: May 142.6" line
    attribution_bonus: float = 0.15  # "Who inspected ...?": the "Inspected by: ..." line
    second_unit_ratio: float = 0.9  # a second unit is quoted when it scores this close
    typed_runner_up_ratio: float = 0.7  # a typed unit this close replaces an untyped best
    label_penalty: float = 0.12  # titles, running heads and bare captions rarely answer
    min_score: float = 0.30  # combined score of the best eligible unit
    min_dense: float = 0.30  # ... and its dense similarity or its lexical coverage
    min_lexical: float = 0.25
    fuzzy_ratio: float = 0.8  # OCR/ASR tolerance when matching long specific terms
    refusal: str = REFUSAL


@dataclass
class Unit:
    """One candidate piece of evidence: a sentence, a slide line or a table row."""

    text: str
    hit_rank: int
    chunk: Chunk
    position: int
    terms: set[str]
    context_terms: set[str]  # where the specific terms may be found (chunk, heading, file)
    near_terms: set[str]  # terms of the neighbouring units (coreference: "it", "they")
    local_terms: set[str]  # the unit, its neighbours, heading/table title and file name
    doc_terms: set[str]  # heading and file name: they name the document, not the passage
    embed_text: str
    lexical: float = 0.0
    dense: float = 0.0
    score: float = 0.0
    eligible: bool = True
    typed: bool = False  # holds a value of the type the question asks for
    missing: list[str] = field(default_factory=list)


def extractive_answer(
    question: str,
    hits: Sequence[SearchHit],
    options: ExtractiveOptions | None = None,
    embedder: TextEmbedder | None = None,
    hinted: Collection[str] = (),
) -> Answer:
    """Answer ``question`` by quoting the best unit of ``hits``, or refuse when unsupported.

    ``hinted`` names modalities the question's wording points to ("in the call" -> audio);
    their units get a small bonus.
    """
    opts = options or ExtractiveOptions()
    started = time.perf_counter()
    top = list(hits[: opts.max_hits])
    units = drop_boilerplate(
        [u for rank, hit in enumerate(top) for u in split_hit(hit.chunk, rank)]
    )
    link_recording_neighbours(units)
    if not units:
        return _refusal(opts, started, "no evidence")
    q_terms = query_terms(question)
    hard = specific_terms(question)
    idents = identifier_terms(question)
    hear_names(units, name_phrases(question), opts.fuzzy_ratio - 0.05)
    _score_lexical(units, q_terms, opts)
    _score_dense(question, units, opts, embedder)
    numeric = bool(_NUMERIC_QUESTION.search(question))
    expected = [want for ask, want in _ANSWER_TYPES if ask.search(question)]
    q_set = set(tokenize(question))
    doc_names = _document_terms(units)
    extreme = _EXTREME_LINE.get(superlative(question) or "")
    asks_when = bool(_ASKS_WHEN.search(question))
    done_by = _WHO_DID.search(question)  # "Who presented ...?" -> "Presented by X"
    attribution = re.compile(rf"\b{done_by.group(1)} by\b", re.I) if done_by else None
    selection = bool(_ASKS_WHICH.search(question)) and not asks_when

    def _doc_terms(unit: Unit) -> set[str]:
        return doc_names.get(unit.chunk.provenance.source_id, set())

    for unit in units:
        bonus = opts.number_bonus if numeric and _has_new_number(unit, q_set) else 0.0
        unit.typed = any(_has_new_match(want, unit.text, q_set) for want in expected)
        if unit.typed:
            bonus += opts.answer_type_bonus
        if unit.chunk.modality.value in hinted:
            bonus += opts.hint_bonus
        if extreme and unit.text.startswith(extreme):
            bonus += opts.extreme_bonus
        if attribution is not None and attribution.search(unit.text):
            bonus += opts.attribution_bonus
        if _names_row(unit, q_set) or _names_item(unit.text, q_set):
            bonus += opts.row_header_bonus
        unit.score = (
            opts.w_lexical * unit.lexical
            + opts.w_dense * unit.dense
            + opts.w_rank / (1.0 + 0.5 * unit.hit_rank)
            + bonus
            - (opts.label_penalty if not _is_table(unit.chunk) and is_label(unit.text) else 0.0)
        )
        unit.missing = [
            t
            for t in hard
            if not _covered(t, unit.context_terms, opts.fuzzy_ratio, _is_spoken(unit.chunk))
            and not (_is_region(unit.chunk) and t[:1].isalpha() and t in _doc_terms(unit))
        ]
        unit.eligible = (
            not unit.missing
            and _locally_specific(unit, hard, idents, opts.fuzzy_ratio)
            and bool(unit.terms - q_set)  # it says something the question does not
            and (asks_when or not _dated(unit.text, selection))
        )
    eligible = sorted((u for u in units if u.eligible), key=lambda u: u.score, reverse=True)
    if not eligible:
        missing = sorted({t for u in units for t in u.missing})
        return _refusal(opts, started, "specific terms missing", missing=missing)
    if extreme:
        eligible = _extreme_first(eligible, extreme)
    eligible = _named_item_first(eligible, q_set)
    step = _step_after(question, eligible, units)
    if step is not None:  # "which stage comes after coagulation?": the next item of the list
        return _answer([(u, u.text) for u in step], opts, started, len(units))
    best = eligible[0]
    relevant = best.dense >= opts.min_dense or best.lexical >= opts.min_lexical
    if best.score < opts.min_score or not relevant:
        return _refusal(opts, started, "low relevance", score=round(best.score, 3))
    if extreme and best.text.startswith(extreme):
        chosen = [best]  # the reading answers alone; the rest of the chart is every other value
    else:
        chosen = _with_following(
            _choose(eligible, opts, typed_question=bool(expected)), units, opts
        )
    shown = _compose(chosen, q_terms, opts.max_chars)
    # The value must sit in the quoted answer itself or the unit right after it, not in a
    # later unit that the continuation happened to reach (another topic of the call).
    if expected and not any(_shows_type(u, part, expected, q_set) for u, part in shown[:2]):
        # The question asks for a year, an amount, a number...: a quote without one is no answer.
        return _refusal(opts, started, "no value of the asked type", score=round(best.score, 3))
    return _answer(shown, opts, started, len(units))


def _answer(
    shown: list[tuple[Unit, str]], opts: ExtractiveOptions, started: float, n_units: int
) -> Answer:
    """The quoted parts as the answer, citing each quoted chunk once."""
    text = " ".join(part for _, part in shown)
    citations: list[Citation] = []
    for unit, _ in shown:
        if any(c.chunk_id == unit.chunk.id for c in citations):
            continue
        cite = Citation.from_chunk(unit.chunk, round(unit.score, 4))
        cite.snippet = unit.text[:300]
        citations.append(cite)
    trace = _trace(started, n_units, shown[0][0], "answered")
    return Answer(answer=text, found=True, citations=citations, mode="extractive", trace=[trace])


# ---------------------------------------------------------------- terms and sufficiency


def query_terms(question: str) -> list[str]:
    """Distinct content terms of the question, in order."""
    seen: dict[str, None] = {}
    for term in tokenize(question):
        if term not in GENERIC_TERMS:
            seen.setdefault(term, None)
    return list(seen)


def specific_terms(question: str) -> list[str]:
    """Terms the evidence must contain: numbers, mid-sentence capitalised names, identifiers."""
    found: dict[str, None] = {}
    after_structure = False
    for match in _WORD.finditer(question):
        before = question[: match.start()].rstrip()
        sentence_start = not before or before.endswith((".", "?", "!", ":", '"', "“"))
        bare = match.group(0).strip(".:'’-")
        lower = bare.lower()
        if lower in _ABBREV:
            continue
        is_number = bare[:1].isdigit()
        is_ident = any(ch in bare for ch in "_.:") or (
            any(ch.isupper() for ch in bare[1:]) and any(ch.islower() for ch in bare)
        )
        is_name = bare[:1].isupper() and not sentence_start and lower not in STOP_WORDS
        if lower in STRUCTURE_WORDS:
            after_structure = True
            continue
        if (is_number and not after_structure) or is_ident or is_name:
            for term in tokenize(bare.replace(":", " ")):
                if term not in GENERIC_TERMS:
                    found.setdefault(term, None)
        after_structure = False
    return list(found)


_ASKS_WHEN = re.compile(r"\b(when|(which|what) (year|month|day|date|week|quarter))\b", re.I)
_ASKS_WHICH = re.compile(r"\bwhich\b", re.I)
_YEAR_LABEL = re.compile(r"(?:(?:1[6-9]|20)\d\d|Q[1-4]) ")
_DATED_READING = re.compile(rf"^(?:Highest|Lowest): {_YEAR_LABEL.pattern}")


def _dated(reading: str, selection: bool) -> bool:
    """A chart reading labelled by a year ("Highest: 2021 91", "Bar values: 2021 91"): it
    answers "which year" (an extreme) or "how many in 2021" (an item), but no selection of
    something else ("which pipe material ...", about the stacked segments)."""
    if _DATED_READING.match(reading):
        return True
    item = _READING.match(reading)
    return (
        selection
        and item is not None
        and "; " not in item.group(2)
        and _YEAR_LABEL.match(item.group(2)) is not None
    )


def superlative(question: str) -> str | None:
    """``"max"`` for "which month had the most ...", ``"min"`` for "the driest ...", else None."""
    most, least = _MOST.search(question), _LEAST.search(question)
    if most and not least:
        return "max"
    if least and not most:
        return "min"
    return None


def name_phrases(question: str) -> list[str]:
    """Multi-word names of the question ("Alder Creek"), lower case, as said."""
    phrases: list[str] = []
    current: list[str] = []
    for match in _WORD.finditer(question):
        before = question[: match.start()].rstrip()
        word = match.group(0).strip(".:'’-")
        lower = word.lower()
        is_name = (
            word[:1].isupper()
            and bool(before)
            and not before.endswith((".", "?", "!", ":"))
            and lower not in STOP_WORDS
            and lower not in STRUCTURE_WORDS
            and word.isalpha()
        )
        adjacent = bool(current) and question[: match.start()].endswith(" ")
        if is_name and (not current or adjacent):
            current.append(lower.removesuffix("'s"))
            continue
        if len(current) > 1:
            phrases.append(" ".join(current))
        current = [lower] if is_name else []
    if len(current) > 1:
        phrases.append(" ".join(current))
    return phrases


def hear_names(units: list[Unit], phrases: list[str], ratio: float) -> None:
    """A speech recogniser turns a name into other words ("Alder Creek" -> "all the Creek"):
    a transcript window whose words, run together, spell a multi-word name closely enough
    holds that name for its units (first letters must agree)."""
    if not phrases:
        return
    heard: dict[str, set[str]] = {}
    for unit in units:
        if not _is_spoken(unit.chunk):
            continue
        if unit.chunk.id not in heard:
            heard[unit.chunk.id] = _names_heard(unit.chunk.text, phrases, ratio)
        unit.context_terms |= heard[unit.chunk.id]
        unit.local_terms |= heard[unit.chunk.id]


def _names_heard(text: str, phrases: list[str], ratio: float) -> set[str]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    found: set[str] = set()
    for phrase in phrases:
        name = phrase.split()
        for size in (len(name), len(name) + 1):
            for i in range(len(words) - size + 1):
                if _sounds_like(name, words[i : i + size], ratio):
                    found.update(tokenize(phrase))
    return found


def _sounds_like(name: list[str], said: list[str], ratio: float) -> bool:
    """All but one word of ``name`` said as such, and the misheard one said alike ("alder
    creek" ~ "all the creek"; "stonegate dam" is not "stonegate pump")."""
    head = 0
    while head < min(len(name), len(said)) and name[head] == said[head]:
        head += 1
    tail = 0
    while tail < min(len(name), len(said)) - head and name[-1 - tail] == said[-1 - tail]:
        tail += 1
    rest_name = "".join(name[head : len(name) - tail])
    rest_said = "".join(said[head : len(said) - tail])
    if head + tail < len(name) - 1 or not rest_name or not rest_said:
        return False
    whole = difflib.SequenceMatcher(None, "".join(name), "".join(said)).ratio()
    part = difflib.SequenceMatcher(None, rest_name, rest_said).ratio()
    return rest_name[0] == rest_said[0] and part >= 0.5 and whole >= ratio


def identifier_terms(question: str) -> set[str]:
    """Terms of identifier-like words (``sexM:ethnicOTHER``, ``na.locf``): exact entity keys."""
    found: set[str] = set()
    for match in _WORD.finditer(question):
        bare = match.group(0).strip(".:'’-")
        if bare.lower() in _ABBREV or bare[:1].isdigit():
            continue
        if any(ch in bare for ch in "_.:") or (
            any(ch.isupper() for ch in bare[1:]) and any(ch.islower() for ch in bare)
        ):
            found.update(tokenize(bare.replace(":", " ")))
    return found


def _is_region(chunk: Chunk) -> bool:
    """A chart, figure or table: named by its document's prose, rarely by its own text."""
    return chunk.kind in (ElementKind.CHART, ElementKind.FIGURE) or _is_table(chunk)


def _document_terms(units: list[Unit]) -> dict[str, set[str]]:
    """Terms of each document's retrieved chunks: a name said anywhere in a document (its
    title page, its running head) covers a figure or table of that document."""
    terms: dict[str, set[str]] = {}
    for unit in units:
        terms.setdefault(unit.chunk.provenance.source_id, set()).update(unit.context_terms)
    return terms


def _locally_specific(unit: Unit, hard: list[str], idents: set[str], ratio: float) -> bool:
    """Most specific terms (identifiers: all) must be near the unit, not only in its chunk."""
    spoken = _is_spoken(unit.chunk)
    far = [t for t in hard if not _covered(t, unit.local_terms, ratio, spoken)]
    return len(far) <= len(hard) // 2 and not idents.intersection(far)


def drop_boilerplate(units: list[Unit]) -> list[Unit]:
    """Drop running headers/footers (the same line, digits ignored, on several pages).

    Table rows are data, never boilerplate (two ANOVA tables on a page share row shapes).
    Recordings are cut into overlapping time windows, so a sentence repeated in two windows
    of one recording is overlap, not boilerplate: it is kept once (in the better-ranked hit).
    """
    seen: dict[str, set[tuple[str, int | None]]] = {}
    for unit in units:
        if not _is_timed(unit.chunk) and not _is_table(unit.chunk):
            prov = unit.chunk.provenance
            seen.setdefault(_line_key(unit.text), set()).add((prov.source_id, prov.page))
    keep: list[Unit] = []
    quoted: set[tuple[str, str]] = set()
    for unit in sorted(units, key=lambda u: u.hit_rank):
        if _is_timed(unit.chunk):
            key = (unit.chunk.provenance.source_id, unit.text)
            if key not in quoted:
                quoted.add(key)
                keep.append(unit)
        elif _is_table(unit.chunk) or len(seen[_line_key(unit.text)]) < 2:
            keep.append(unit)
    return keep or units


def link_recording_neighbours(
    units: list[Unit], reach_back: int = 3, reach_ahead: int = 3, topic_back: int = 3
) -> None:
    """Recordings are cut into windows, but speech runs on: the sentences just before and after
    a unit, in time order across windows, are its neighbours ("The pipe on Pell Street split."
    "It was laid in 1928."). A speaker names a topic once and then talks about "it": the few
    sentences before a unit are part of its topic (local), and a wider span its context."""
    by_source: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.chunk.kind == ElementKind.TRANSCRIPT:  # speech, not slides
            by_source.setdefault(unit.chunk.provenance.source_id, []).append(unit)
    for recording in by_source.values():
        for spoken in _contiguous_runs(recording):
            _link_run(spoken, reach_back, reach_ahead, topic_back)


def _contiguous_runs(units: list[Unit]) -> list[list[Unit]]:
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


def _link_run(spoken: list[Unit], reach_back: int, reach_ahead: int, topic_back: int) -> None:
    """Share terms along one run of speech: neighbours, topic (before) and context (around)."""
    for i, unit in enumerate(spoken):
        for j in (i - 1, i + 1):
            if 0 <= j < len(spoken):
                unit.near_terms |= spoken[j].terms
        for other in spoken[max(0, i - reach_back) : i + reach_ahead + 1]:
            unit.context_terms |= other.terms
        for other in spoken[max(0, i - topic_back) : i]:
            unit.local_terms |= other.terms
        unit.local_terms |= unit.near_terms


def _line_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _is_timed(chunk: Chunk) -> bool:
    return chunk.provenance.t_start is not None


_WHO_DID = re.compile(r"^\s*who (\w+ed)\b", re.I)
_ATTRIBUTION = re.compile(
    r"\b(presented|prepared|written|reviewed|approved|inspected|signed|compiled|edited) by\b",
    re.I,
)
_CAPTION = re.compile(r"^\s*(figure|fig\.|table|chart|exhibit)\s*\d+[.:]?", re.IGNORECASE)


def is_label(text: str) -> bool:
    """A title, running head or caption: short, no sentence end, mostly capitalised words."""
    stripped = text.strip()
    if _CAPTION.match(stripped) and len(stripped) < 90:
        return True
    if len(stripped) > 140 or stripped.endswith((".", "?", "!")) or ":" in stripped:
        return False  # sentences and "key: value" lines carry content
    if _ATTRIBUTION.search(stripped):
        return False  # "Presented by Tomasz Wierzbicki, Plant Manager" says who
    words = [w for w in re.findall(r"[^\W\d_]+", stripped) if len(w) > 3]
    if len(words) < 2:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


def _covered(term: str, context: set[str], ratio: float, spoken: bool = False) -> bool:
    """``term`` or a near spelling of it is in ``context`` (OCR and ASR misspell names).

    Speech recognisers also mishear the end of a name they split ("Ridgeline" -> "ridge
    light"): in a transcript a long shared beginning with a slightly lower ratio matches.
    """
    if term in context:
        return True
    month = _month_key(term)
    if month in _MONTHS and any(_month_key(c) == month for c in context):
        return True  # "March" in the question, "Mar" on the chart's axis
    if term[:1].isdigit() or len(term) < 5:
        return False
    for c in context:
        if c[:1].isdigit() or abs(len(c) - len(term)) > 2:
            continue
        similarity = difflib.SequenceMatcher(None, term, c).ratio()
        if similarity >= ratio:
            return True
        if spoken and similarity >= ratio - 0.1 and term[:5] == c[:5]:
            return True
    return False


def _is_spoken(chunk: Chunk) -> bool:
    return chunk.kind == ElementKind.TRANSCRIPT


def _has_new_match(pattern: re.Pattern[str], text: str, question_terms: set[str]) -> bool:
    """Whether ``text`` holds a value of the expected type that the question does not."""
    for match in pattern.finditer(text):
        terms = set(tokenize(match.group(0)))
        if terms and not terms <= question_terms:
            return True
    return False


def _shows_type(
    unit: Unit, shown: str, expected: list[re.Pattern[str]], question_terms: set[str]
) -> bool:
    """The quoted text holds the asked kind of value (a table cell's unit sits in its header:
    there a new number is a quantity, but a year or a name must still be one)."""
    if any(_has_new_match(want, shown, question_terms) for want in expected):
        return True
    return (
        (_is_table(unit.chunk) or _TABLE_ROW.search(unit.text) is not None)
        and all(want in _QUANTITIES for want in expected)
        and any(t[:1].isdigit() and t not in question_terms for t in tokenize(shown))
    )


def _names_row(unit: Unit, question_terms: set[str]) -> bool:
    """The question names this table row by its header cell ("... for ethnicty?")."""
    if not _is_table(unit.chunk):
        return False
    header, sep, _ = unit.text.partition("|")
    terms = set(tokenize(header))
    return bool(sep) and bool(terms) and terms <= question_terms


def _names_item(text: str, question_terms: set[str]) -> bool:
    """The question names this chart reading item by its label ("... in 2020?")."""
    match = _READING.match(text)
    if match is None or "; " in match.group(2):
        return False
    item = re.sub(r"\s*\(.*\)\s*$", "", match.group(2))  # "PS-2 (x ≈983, y ≈189)"
    value = re.match(r"^(.*?)\s+[≈~]?-?\d[\d.,]*(?:\s*[^\s\d]\S*)?$", item)  # "Riverside 96 L"
    terms = {_month_key(t) for t in tokenize(value.group(1) if value else item)}
    return bool(terms) and terms <= {_month_key(t) for t in question_terms}


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _month_key(term: str) -> str:
    """Month names and their abbreviations as one key ("march", "mar" -> "mar"), else the term."""
    key = term[:3]
    if key in _MONTHS and term in _month_forms()[key]:
        return key
    return term


@functools.cache
def _month_forms() -> dict[str, set[str]]:
    """Each month's key with the stemmed terms of its name and abbreviation."""
    names = "january february march april may june july august september october november december"
    return {m: set(tokenize(f"{m} {full}")) for m, full in zip(_MONTHS, names.split(), strict=True)}


def _has_new_number(unit: Unit, question_terms: set[str]) -> bool:
    return any(t[:1].isdigit() and t not in question_terms for t in unit.terms)


# ---------------------------------------------------------------- units


def split_hit(chunk: Chunk, rank: int) -> list[Unit]:
    """The units of one chunk (table rows, slide/chart lines or sentences) with their context."""
    base_context = _context_terms(chunk)
    if _is_table(chunk):
        return _table_units(chunk, rank, base_context)
    chunk_terms = set(tokenize(chunk.text)) | base_context
    texts = _unit_texts(chunk)
    chart = chunk.kind in (ElementKind.CHART, ElementKind.FIGURE)
    first_line = chunk.text.strip().splitlines()[0] if chunk.text.strip() else ""
    title = first_line if chart else ""
    title_terms = set(tokenize(title))  # a chart's caption names what each label run is
    units: list[Unit] = []
    for pos, text in enumerate(texts):
        tokens = tokenize(text)
        terms = set(tokens) | title_terms
        if not terms:
            continue
        if chunk.kind == ElementKind.TRANSCRIPT:  # ASR splits names: "ridge line", "Ridgeline"
            terms |= joined_word_terms(text)
        if text.startswith(_READING_PREFIXES) and not chart:  # a slide's bar chart reading
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
                text,
                rank,
                chunk,
                pos,
                terms,
                chunk_terms | terms,
                set(),
                base_context,
                base_context,
                embed,
            )
        )
    for i, unit in enumerate(units):
        for j in (i - 1, i + 1):
            if 0 <= j < len(units):
                unit.near_terms |= units[j].terms
        unit.local_terms = unit.local_terms | unit.terms | unit.near_terms
        if chart:  # a chart is read as a whole: its title and labels scope every line
            unit.local_terms |= chunk_terms
    return units


def joined_word_terms(text: str) -> set[str]:
    """Terms of adjacent word pairs written as one word ("stone gate" -> "stonegat")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return {t for a, b in itertools.pairwise(words) for t in tokenize(a + b)}


def _unit_texts(chunk: Chunk) -> list[str]:
    """Units of a chunk; a chart or figure region reads as its text lines and label runs, and
    a chart reading ("Bar values: Jan 88.4; Feb 71.2") also as one unit per bar or point."""
    if chunk.kind in (ElementKind.CHART, ElementKind.FIGURE):
        texts = chart_units([ln.strip() for ln in chunk.text.splitlines() if ln.strip()])
    else:
        texts = split_units(chunk.text)
    return [part for text in texts for part in (text, *reading_items(text))]


_READING = re.compile(r"^((?:Bar|Point) values(?: \([^)]*\))?): (.+)$")


def reading_items(text: str) -> list[str]:
    """The items of a chart reading line, each with the line's head ("Bar values: Feb 71.2")."""
    match = _READING.match(text)
    if match is None:
        return []
    head, values = match.groups()
    items = [item.strip() for item in values.split("; ") if item.strip()]
    return [f"{head}: {item}" for item in items] if len(items) > 1 else []


_WORDY = re.compile(r"[^\W\d_]{3,}")


def chart_units(lines: list[str]) -> list[str]:
    """A chart's OCR lines as units: the whole region read together (labels with their values),
    then each line with words (subtitle, note, annotation) alone, for questions about one."""
    if not lines:
        return []
    wordy = [
        ln
        for ln in lines[1:]
        if len(_WORDY.findall(ln)) >= 2
        or (len(ln) > 24 and _WORDY.search(ln))
        or ln.startswith(_READING_PREFIXES)  # "Lowest: 2023 52": a reading, however short
    ]
    return [" · ".join(lines), *wordy]


def _is_table(chunk: Chunk) -> bool:
    return chunk.kind == ElementKind.TABLE or chunk.modality == Modality.TABLE


def _context_terms(chunk: Chunk) -> set[str]:
    prov = chunk.provenance
    stem = re.sub(r"\.[A-Za-z0-9]{2,4}$", "", prov.filename)
    stem = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", stem)  # "xtableGallery" -> "xtable Gallery"
    parts = [chunk.heading or "", re.sub(r"[_\-]+", " ", stem)]
    tokens = tokenize(" ".join(parts))
    joined = {a + b for a, b in itertools.pairwise(tokens)}  # "king fisher"
    return set(tokens) | joined


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
        embed = f"{label}: {line}" if label else line
        local = base_context | title_terms | terms
        units.append(
            Unit(
                line,
                rank,
                chunk,
                pos,
                terms | title_terms,
                table_terms,
                set(),
                local,
                base_context,
                embed,
            )
        )
    return units


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
            word in _ABBREV or (len(word) == 1 and word.isalpha()) or following.islower()
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


# ---------------------------------------------------------------- scoring


def _score_lexical(units: list[Unit], q_terms: list[str], opts: ExtractiveOptions) -> None:
    n = len(units)
    df: Counter[str] = Counter()
    for unit in units:
        df.update(t for t in q_terms if t in unit.terms)
    idf = {t: math.log((n + 1) / (df[t] + 0.5)) for t in q_terms}
    total = sum(idf.values()) or 1.0
    for unit in units:
        got = 0.0
        for term in q_terms:
            if term in unit.terms or term in unit.doc_terms:
                got += idf[term]  # document-level terms count for every unit of the chunk
            elif term in unit.near_terms:
                got += 0.4 * idf[term]
            elif term in unit.context_terms and not _is_table(unit.chunk):
                got += 0.2 * idf[term]
        unit.lexical = got / total


def _score_dense(
    question: str, units: list[Unit], opts: ExtractiveOptions, embedder: TextEmbedder | None
) -> None:
    if opts.w_dense <= 0:
        return
    if embedder is None:
        from mmrag.platform.embedding import default_embedder

        embedder = default_embedder()
    ranked = sorted(
        units, key=lambda u: opts.w_lexical * u.lexical + opts.w_rank / (1 + u.hit_rank)
    )
    pool = ranked[::-1][: opts.max_embedded_units]
    vectors = embedder.embed_documents([question] + [u.embed_text for u in pool])
    q_vec = vectors[0]
    for unit, vec in zip(pool, vectors[1:], strict=True):
        unit.dense = max(0.0, sum(a * b for a, b in zip(q_vec, vec, strict=True)))


_AFTER = re.compile(
    r"\b(?:comes?|follows?|is|happens?|step|stage)\s+(?:right |immediately |directly )?after "
    r"(?:the |a |an )?([^?,;]+)",
    re.I,
)
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*–])\s+")


def _step_after(question: str, eligible: list[Unit], units: list[Unit]) -> tuple[Unit, Unit] | None:
    """For "which stage comes right after coagulation?": an eligible list item that is exactly
    that step ("2. Coagulation") and the item after it in the same list."""
    match = _AFTER.search(question)
    if match is None:
        return None
    wanted = set(tokenize(match.group(1)))
    if not wanted:
        return None
    at = {(u.chunk.id, u.position): u for u in units}
    for unit in eligible:
        if not _LIST_ITEM.match(unit.text):
            continue
        item = set(tokenize(_LIST_ITEM.sub("", unit.text)))
        nxt = at.get((unit.chunk.id, unit.position + 1))
        if item and item <= wanted and nxt is not None and _LIST_ITEM.match(nxt.text):
            return unit, nxt
    return None


def _extreme_first(eligible: list[Unit], prefix: str) -> list[Unit]:
    """For "the wettest month": a chart's "Highest: ..." line goes first, as relevant as the best
    unit, when the best unit reads that chart whole (which holds the line among every other
    value) or is prose that points to it ("Figure 5 plots each station's energy use")."""
    best = eligible[0]
    pointed = set(_FIGURE_REF.findall(best.text))
    for unit in eligible[1:]:
        if not unit.text.startswith(prefix):
            continue
        caption = _FIGURE_REF.match(unit.chunk.text.lstrip())
        same_source = unit.chunk.provenance.source_id == best.chunk.provenance.source_id
        if unit.chunk.id == best.chunk.id or (
            same_source and caption is not None and caption.group(1) in pointed
        ):
            return _promoted(unit, eligible)
    return eligible


def _promoted(unit: Unit, eligible: list[Unit]) -> list[Unit]:
    """``unit`` first, as relevant as the best unit it stands in for (its chart, its pointer)."""
    best = eligible[0]
    unit.dense = max(unit.dense, best.dense)
    unit.lexical = max(unit.lexical, best.lexical)
    unit.score = max(unit.score, best.score)
    return [unit, *(u for u in eligible if u is not unit)]


def _named_item_first(eligible: list[Unit], question_terms: set[str]) -> list[Unit]:
    """When the best unit reads a whole chart, the bar or point the question names ("in
    March") answers instead, in the chart's own reading ("Bar values: Mar 96.5")."""
    best = eligible[0]
    if not _is_region(best.chunk) or _is_table(best.chunk) or best.position != 0:
        return eligible
    for unit in eligible[1:]:
        if unit.chunk.id == best.chunk.id and _names_item(unit.text, question_terms):
            return _promoted(unit, eligible)
    return eligible


def _choose(eligible: list[Unit], opts: ExtractiveOptions, typed_question: bool) -> list[Unit]:
    best = eligible[0]
    if typed_question and not best.typed:
        # The best match only sets the scene ("The pump failed."): quote it with the adjacent
        # unit that holds the asked-for value ("A contractor, Tideway, will inspect it."), in order.
        for unit in eligible[1:]:
            adjacent = unit.chunk.id == best.chunk.id and abs(unit.position - best.position) == 1
            if adjacent and unit.typed and len(best.text) + len(unit.text) <= opts.max_chars:
                return sorted([best, unit], key=lambda u: u.position)
        # A unit without the asked kind of value cannot answer: a close runner-up with one can.
        for unit in eligible[1:]:
            if unit.score < opts.typed_runner_up_ratio * best.score:
                break
            if unit.typed and not is_label(unit.text):
                best = unit
                eligible = [unit, *(u for u in eligible if u is not unit)]
                break
    chosen = [best]
    if best.text.startswith(_READING_PREFIXES):
        return chosen  # one bar or point reading; the chart's other units repeat it
    for unit in eligible[1:]:
        if len(chosen) >= opts.max_units:
            break
        if unit.score < opts.second_unit_ratio * best.score:
            break
        if unit.text == best.text or len(best.text) + len(unit.text) > opts.max_chars:
            continue
        chosen.append(unit)
    return chosen


def _with_following(chosen: list[Unit], units: list[Unit], opts: ExtractiveOptions) -> list[Unit]:
    """Continue the best unit with the units that follow it in its source, within the budget.

    The asked-for value often sits in the sentence after the best match ("The pipe split on
    Pell Street." "It was laid in 1928."); quoting on, in document order, keeps the answer in
    the document's own words. For recordings the next time window continues the quote. Other
    chosen units follow if room is left. Table rows are quoted alone.
    """
    best = chosen[0]
    if (
        _is_region(best.chunk)
        or _TABLE_ROW.search(best.text)
        or best.text.startswith(_READING_PREFIXES)
    ):
        return chosen  # a table row or a chart (read whole or by line) answers alone
    following = _units_after(best, units)
    result = [best]
    total = len(best.text)
    for unit in following:
        if total + 1 + len(unit.text) > opts.max_chars:
            break
        result.append(unit)
        total += 1 + len(unit.text)
    for unit in chosen[1:]:
        if unit not in result and total + 1 + len(unit.text) <= opts.max_chars:
            result.append(unit)
            total += 1 + len(unit.text)
    return result


def _units_after(best: Unit, units: list[Unit]) -> list[Unit]:
    """Units after ``best`` in reading order: its chunk, then (recordings) later windows."""
    same_chunk = sorted(
        (u for u in units if u.chunk.id == best.chunk.id and u.position > best.position),
        key=lambda u: u.position,
    )
    prov = best.chunk.provenance
    if prov.t_start is None or prov.t_end is None:
        consecutive: list[Unit] = []
        for unit in same_chunk:
            if unit.position != (consecutive[-1].position if consecutive else best.position) + 1:
                break
            consecutive.append(unit)
        return consecutive
    consecutive = list(same_chunk)  # gaps are overlap kept in the neighbouring window
    seen = {best.text, *(u.text for u in consecutive)}
    later = sorted(
        (
            u
            for u in units
            if u.chunk.provenance.source_id == prov.source_id
            and u.chunk.id != best.chunk.id
            and u.chunk.provenance.t_start is not None
            and prov.t_start < u.chunk.provenance.t_start <= prov.t_end
        ),
        key=lambda u: (u.chunk.provenance.t_start or 0.0, u.position),
    )
    for unit in later:
        if unit.text not in seen:
            consecutive.append(unit)
            seen.add(unit.text)
    return consecutive


def _compose(chosen: list[Unit], q_terms: list[str], budget: int) -> list[tuple[Unit, str]]:
    """The quoted units in order, each whole while the budget lasts (only the last is cut)."""
    shown: list[tuple[Unit, str]] = []
    left = budget
    for unit in chosen:
        if left < 40:
            break
        part = _display(unit, q_terms, left)
        shown.append((unit, part))
        left -= len(part) + 1
    return shown


def _display(unit: Unit, q_terms: list[str], budget: int) -> str:
    """The unit's own words; long table rows keep the row header and matching cells."""
    text = unit.text
    if len(text) <= budget:
        return text
    if _is_table(unit.chunk) and "|" in text:
        header, _, cells = text.partition("|")
        kept = _matching_cells([c.strip() for c in cells.split(";")], q_terms)
        short = f"{header.strip()} | {'; '.join(kept)}" if kept else text
        if len(short) <= budget:
            return short
        text = short
    cut = text[: budget - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _matching_cells(cells: list[str], q_terms: list[str]) -> list[str]:
    """The cells that match the question best (terms weighted by 1 / cells holding them)."""
    cell_terms = [set(tokenize(c)) for c in cells]
    df = Counter(t for terms in cell_terms for t in terms if t in q_terms)
    scores = [sum(1.0 / df[t] for t in terms if t in df) for terms in cell_terms]
    top = max(scores, default=0.0)
    if top <= 0:
        return []
    return [c for c, sc in zip(cells, scores, strict=True) if sc >= 0.5 * top]


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


def _trace(started: float, n_units: int, best: Unit, outcome: str) -> dict[str, object]:
    return {
        "tool": "extractive",
        "outcome": outcome,
        "units": n_units,
        "best_score": round(best.score, 4),
        "best_dense": round(best.dense, 4),
        "best_lexical": round(best.lexical, 4),
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }
