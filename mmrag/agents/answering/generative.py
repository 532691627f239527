"""The generative answerer: a few evidence units in a small prompt, a short cited reply, checked.

One path for a local GGUF model (:mod:`mmrag.agents.answering.local_model`) and an
OpenAI-compatible server (vLLM): both offer ``stream_chat``. The retrieved hits are cut into
units (sentences, table rows with their header, chart readings, speech sentences) and scored
as the extractive answerer does; the best few are numbered with short provenance
(``report.pdf p.3`` / ``call.wav 01:42``). The system prompt is fixed and first, so llama.cpp's
prompt cache reuses it between questions. The model replies with one short sentence ending in
``[n]`` marks, or ``NOT_FOUND`` (a grammar enforces that shape where the runtime takes one),
and :func:`mmrag.agents.answering.verify.verify_answer` keeps only what the cited units say.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, cast

from pydantic import BaseModel, Field

from mmrag.agents.answering.contrast import about_a_neighbour
from mmrag.agents.answering.extractive import ExtractiveOptions, ScoredEvidence, score_evidence
from mmrag.agents.answering.question import (
    DATE,
    MONEY,
    NAME,
    WHEN_TOLD,
    Question,
    asks_for_money,
    query_terms,
)
from mmrag.agents.answering.scoring import has_new_value, on_topic, same_word, topic_terms
from mmrag.agents.answering.units import Unit, UnitKind, is_spoken, split_sentences
from mmrag.agents.answering.verify import (
    NOT_FOUND,
    names_in,
    numbers_in,
    verify_answer,
    without_marks,
)
from mmrag.platform.embedding import TextEmbedder
from mmrag.platform.models import Answer, Citation, ElementKind, Modality, SearchHit, format_clock
from mmrag.platform.sparse import tokenize

log = logging.getLogger(__name__)
_WHEN = re.compile(r"\s*when\b", re.IGNORECASE)

SYSTEM_PROMPT = (
    "You answer a question from numbered evidence taken from the user's files. Reply with ONE "
    "short sentence that gives the answer and ends with [n], where n is the number of the "
    "evidence it comes from. Copy numbers, units and names exactly as the evidence writes "
    "them. Use nothing but the evidence. If the evidence does not contain the answer, reply "
    "NOT_FOUND."
)
#: The reply's shape: NOT_FOUND, or one or two runs of text each closed by citation marks.
ANSWER_GRAMMAR = r"""
root ::= "NOT_FOUND" | claim (" " claim)? "."?
claim ::= text cite cite?
text ::= [^\[\]\n]{1,120}
cite ::= " [" [1-9] "]"
"""
REWRITE_PROMPT = (
    "Rewrite the follow-up question as one standalone question, using the earlier question "
    "for what it refers to. Reply with the question only."
)
_FOLLOW_UP = re.compile(
    r"\b(it|its|they|their|them|that|this|those|these|there|he|she|his|her|him)\b", re.I
)
#: A sentence that leans on the one before it for what it is about.
_REFERS_BACK = re.compile(
    r"^\W*(it|its|they|their|them|this|these|that|those|he|she|his|her|there|such|both)\b",
    re.I,
)
_FRAGMENT_WORDS = 4  # fewer words: a fragment (a recogniser's break), read with the one before
_QUESTION_WORD = re.compile(
    r"^\s*(what|which|who|whom|when|where|how|why|is|are|was|were|do|does|did)\b", re.I
)


class Outcome(StrEnum):
    """How a generated answer ended (the ``outcome`` of its trace step)."""

    ANSWERED = "answered"  # a verified answer
    NOT_FOUND = "not_found"  # the model said the evidence does not answer
    UNSUPPORTED = "unsupported"  # the model answered, but its evidence does not say it
    UNSCOPED = "unscoped"  # supported, but about something the question does not ask
    UNTYPED = "untyped"  # supported, but not the kind of value asked for (a date for a version)


def generation_outcome(answer: Answer) -> Outcome | None:
    """The outcome of ``answer``'s generate step (None: no model wrote it)."""
    for step in answer.trace:
        if step.get("tool") == "generate" and "outcome" in step:
            return Outcome(str(step["outcome"]))
    return None


class ChatModel(Protocol):
    """What the generative answerer needs of a model (LLMClient and LocalChatModel fit)."""

    model: str

    def stream_chat(
        self,
        messages: Sequence[dict[str, Any]],
        images: Sequence[Any] | None = None,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> Iterator[str]:
        """The reply, piece by piece."""


class GrammarChatModel(ChatModel, Protocol):
    """A model whose reply a GBNF grammar can constrain (the local llama.cpp model)."""

    accepts_grammar: bool

    def stream_chat(
        self,
        messages: Sequence[dict[str, Any]],
        images: Sequence[Any] | None = None,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        grammar: str | None = None,
    ) -> Iterator[str]:
        """The reply, piece by piece, in the shape ``grammar`` allows."""


def _grammar_model(llm: ChatModel) -> GrammarChatModel | None:
    """``llm`` as a grammar-taking model when it says it is one (``accepts_grammar``)."""
    return cast(GrammarChatModel, llm) if getattr(llm, "accepts_grammar", False) else None


class GenerativeOptions(BaseModel):
    """How many units go into the prompt and how long the reply may be."""

    units: int = Field(default=5, ge=1, le=9)  # numbered evidence items (marks are one digit)
    unit_chars: int = Field(default=260, ge=60)  # one item's text (longer is cut)
    evidence_chars: int = Field(default=1000, ge=200)  # all items together
    next_sentence: bool = True  # the best prose unit brings the sentence after it
    #: A speech unit comes with the sentences just before and after it: recognised sentence
    #: breaks are unreliable, and a value often sits next to the words the question matches.
    speech_window: bool = True
    max_tokens: int = Field(default=100, ge=8)
    grammar: bool = True  # constrain the reply where the runtime supports a grammar


@dataclass
class EvidenceUnit:
    """One numbered item of the prompt."""

    n: int
    text: str
    label: str
    hit: SearchHit
    unit: Unit  # the scored unit it shows (its ``missing`` terms scope the answer)


def unit_label(hit: SearchHit) -> str:
    """Short provenance: ``report.pdf p.3`` or ``call.wav 01:42``."""
    prov = hit.chunk.provenance
    if prov.page is not None:
        return f"{prov.filename} p.{prov.page}"
    if prov.t_start is not None:
        return f"{prov.filename} {format_clock(prov.t_start)}"
    return prov.filename


def select_units(
    question: str,
    hits: Sequence[SearchHit],
    embedder: TextEmbedder | None = None,
    options: GenerativeOptions | None = None,
    scoring: ExtractiveOptions | None = None,
    hinted: Collection[str] = (),
    scored: ScoredEvidence | None = None,
) -> list[EvidenceUnit]:
    """The best few units of ``hits`` for ``question``, within the prompt budget.

    Units are scored as the extractive answerer scores them (relevance plus the answer-shape
    bonuses: a value of the asked type, a row or chart item the question names, a
    superlative's extreme line; ``scored`` when that is done already); units whose context
    holds every specific term of the question come first, best first.
    """
    opts = options or GenerativeOptions()
    sc = scoring or ExtractiveOptions()
    top = list(hits[: sc.max_hits])
    scored = scored or score_evidence(question, hits, sc, embedder, hinted)
    units, asked = scored.units, scored.question.terms
    if not units:
        return []
    ranked = sorted(units, key=lambda u: (not u.missing, u.score), reverse=True)
    by_chunk: dict[str, list[Unit]] = {}
    for unit in units:
        by_chunk.setdefault(unit.chunk.id, []).append(unit)
    chosen: list[EvidenceUnit] = []
    seen: set[str] = set()
    budget = opts.evidence_chars
    for unit in ranked:
        if len(chosen) >= opts.units or budget <= 0:
            break
        key = _key(unit.text)
        if key in seen or not key:
            continue
        seen.add(key)
        text = unit.text
        same_chunk = by_chunk[unit.chunk.id]
        if opts.speech_window and is_spoken(unit.chunk):
            before, after = _neighbour(unit, same_chunk, -1), _neighbour(unit, same_chunk, 1)
            around = [u for u in (before, unit, after) if u is not None]
            around = [u for u in around if u is unit or _key(u.text) not in seen]
            text = " ".join(u.text for u in around)
            seen.update(_key(u.text) for u in around)
        elif opts.next_sentence and not chosen and _is_prose(unit):
            after = _neighbour(unit, same_chunk, 1)
            if after is not None:
                text = f"{text} {after.text}"
                seen.add(_key(after.text))
        text = focus_cut(
            text, min(opts.unit_chars * (2 if text != unit.text else 1), budget), asked
        )
        budget -= len(text)
        hit = top[unit.hit_rank]
        chosen.append(EvidenceUnit(len(chosen) + 1, text, unit_label(hit), hit, unit))
    return chosen


def build_messages(question: str, units: Sequence[EvidenceUnit]) -> list[dict[str, Any]]:
    """System prompt (fixed, first: cached by llama.cpp), then the evidence and the question."""
    evidence = "\n".join(f"[{u.n}] {u.label}\n{u.text}" for u in units)
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Evidence:\n{evidence}\n\nQuestion: {question}"},
    ]


def generate_answer(
    question: str,
    hits: Sequence[SearchHit],
    llm: ChatModel,
    mode: str,
    *,
    embedder: TextEmbedder | None = None,
    options: GenerativeOptions | None = None,
    scoring: ExtractiveOptions | None = None,
    refusal: str = "The indexed documents do not answer this question.",
    images: Callable[[Sequence[SearchHit]], list[bytes]] | None = None,
    on_token: Callable[[str], None] | None = None,
    hinted: Collection[str] = (),
    scored: ScoredEvidence | None = None,
) -> Answer:
    """Answer from the best units with ``llm``, verified; a refusal when nothing stands.

    ``images`` (for a vision model) returns images of the cited hits to attach; ``on_token``
    receives the reply as it is generated (before verification); ``hinted`` names the
    modalities the question points to (their units rank a little higher); ``scored``: the
    evidence already scored with ``scoring`` (else it is scored here).
    """
    opts = options or GenerativeOptions()
    started = time.perf_counter()
    scored = scored or score_evidence(question, hits, scoring, embedder, hinted)
    units = select_units(question, hits, embedder, opts, scoring, hinted, scored)
    selected_ms = round((time.perf_counter() - started) * 1000, 2)
    if not units:
        return Answer(
            answer=refusal, found=False, mode=mode, trace=[{"tool": "generate", "units": 0}]
        )
    messages = build_messages(question, units)
    distinct = list({u.hit.chunk.id: u.hit for u in units}.values())
    attached = images(distinct) if images is not None else []
    constrained = _grammar_model(llm) if opts.grammar else None
    gen_started = time.perf_counter()
    first_token_ms: float | None = None
    pieces: list[str] = []
    if constrained is not None:
        stream = constrained.stream_chat(
            messages, max_tokens=opts.max_tokens, grammar=ANSWER_GRAMMAR
        )
    else:
        stream = llm.stream_chat(messages, attached or None, max_tokens=opts.max_tokens)
    for piece in stream:
        if first_token_ms is None:
            first_token_ms = round((time.perf_counter() - gen_started) * 1000, 2)
        pieces.append(piece)
        if on_token is not None:
            on_token(piece)
    reply = "".join(pieces).strip()
    by_n = {u.n: u for u in units}
    checked = verify_answer(reply, {u.n: u.text for u in units}, question)
    trace: dict[str, object] = {
        "tool": "generate",
        "model": llm.model,
        "units": len(units),
        "images": len(attached),
        "prompt_chars": sum(len(str(m["content"])) for m in messages),
        "select_ms": selected_ms,
        "first_token_ms": first_token_ms,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "reply": reply[:400],
        "evidence": [f"[{u.n}] {u.label}: {u.text}" for u in units],
        "dropped": [f"{c.text[:80]}: {c.problem}" for c in checked.dropped],
    }
    usage = getattr(llm, "last_usage", None)
    if isinstance(usage, dict) and usage:
        trace["prompt_tokens"] = usage.get("prompt_tokens") or usage.get("prompt_n")
        trace["cached_tokens"] = usage.get("cache_n")
        trace["completion_tokens"] = usage.get("completion_tokens") or usage.get("predicted_n")
    cited = [by_n[n] for n in checked.cited]
    q = scored.question
    missing = unscoped_terms(q, cited)
    relevance = max((e.unit.relevance for e in cited), default=0.0)
    trace["cited_relevance"] = round(relevance, 4)
    floor = (scoring or ExtractiveOptions()).min_relevance
    outcome = Outcome.ANSWERED
    if checked.found and missing:  # about something else ("Eastfield" for "Westfield")
        checked.text, checked.reason = "", f"the cited evidence does not name: {', '.join(missing)}"
        outcome = Outcome.UNSCOPED
    elif checked.found and relevance < floor:  # a value copied from an unrelated passage
        checked.text, checked.reason = (
            "",
            f"the cited evidence is off the question ({relevance:.2f})",
        )
        outcome = Outcome.UNSCOPED
    elif checked.found and not of_asked_type(
        q, checked.text, all(is_spoken(e.unit.chunk) for e in cited)
    ):
        kinds = "/".join(t.name for t in q.types)
        checked.text, checked.reason = "", f"the answer holds no {kinds}"
        outcome = Outcome.UNTYPED
    elif checked.found and not priced(q, checked.text, [e.text for e in cited]):
        checked.text, checked.reason = "", "the answer holds no amount of money"
        outcome = Outcome.UNTYPED
    elif checked.found and not any(on_topic(q, e.unit) for e in cited):
        checked.text, checked.reason = "", "the cited evidence is about something else"
        outcome = Outcome.UNSCOPED
    elif checked.found and not any(
        e.unit.kind is not UnitKind.SENTENCE or value_on_topic(q, checked.text, e.text)
        for e in cited  # a row or a chart reading states its relations in its structure
    ):
        checked.text = ""
        checked.reason = "the answer's value sits in a sentence about something else"
        outcome = Outcome.UNSCOPED
    elif checked.found and (
        neighbour := about_a_neighbour(q, checked.text, [e.unit for e in cited], scored.units)
    ):
        checked.text, checked.reason = "", neighbour
        outcome = Outcome.UNSCOPED
    elif not checked.found:
        said_not_found = not reply or NOT_FOUND in reply.upper()
        outcome = Outcome.NOT_FOUND if said_not_found else Outcome.UNSUPPORTED
    trace["outcome"] = outcome.value
    if not checked.found:
        trace["refused"] = checked.reason
        return Answer(answer=refusal, found=False, mode=mode, trace=[trace])
    citations: list[Citation] = []
    for n in checked.cited:
        unit = by_n[n]
        cite = Citation.from_chunk(unit.hit.chunk, round(unit.unit.score, 4))
        cite.snippet = unit.text[:300]
        citations.append(cite)
    return Answer(answer=checked.text, found=True, citations=citations, mode=mode, trace=[trace])


def of_asked_type(question: Question, answer: str, spoken: bool = False) -> bool:
    """``answer`` holds a value of a kind the question asks for (any answer when it asks for
    no particular kind; any new number when it asks only for quantities: their cue words are
    loose, "per share" or "paying members", and "80 characters" is a length); citation marks
    are not values. From ``spoken`` evidence a name needs no capital letter (a recogniser
    writes "the ashcombe trust"): any new content word will do.
    """
    if not question.types:
        return True
    text = without_marks(answer)
    if spoken and NAME in question.types and _heard_name(text, question.words):
        return True
    if DATE in question.types and _WHEN.match(question.text) and WHEN_TOLD.search(text):
        return True  # "when" is also answered by a clock time or an event ("before you leave")
    if all(kind.quantity for kind in question.types) and numbers_in(text) - numbers_in(
        question.text
    ):
        return True  # a quantity's cue words are loose ("per share", "paying members"): a number
    return any(has_new_value(kind.value, text, question.words) for kind in question.types)


def priced(question: Question, answer: str, evidence: Sequence[str]) -> bool:
    """An answer to what something costs (:func:`~mmrag.agents.answering.question.asks_for_money`)
    is an amount of money: its value carries a currency ("£12", "40 pounds") or comes from
    evidence that writes amounts of money (a "Cost (£)" column, "the fee was 120"). A count
    read off a chart of sessions does not say what a session costs. True for other questions.
    """
    if not asks_for_money(question):
        return True
    text = without_marks(answer)
    if MONEY.value.search(text):
        return True
    column = MONEY.column
    return column is not None and any(column.search(e) for e in evidence)


def value_on_topic(question: Question, answer: str, evidence: str) -> bool:
    """The values ``answer`` adds (numbers, names) sit in a sentence of ``evidence`` that is
    about what the question asks (:func:`~mmrag.agents.answering.scoring.topic_terms`): a
    passage may hold the question's words and a name in different sentences ("The gravel was
    delivered on Monday. Hollins is repainting the gatehouse." does not say who delivered it).
    A sentence that refers back ("It ...", "They ..."), is a fragment of a few words (a
    recogniser's break) or follows a question (a call's or an FAQ's answer: "How much is the
    kayaking? 22 pounds a head.") is read with the sentence before it. True when no sentence
    holds a value of the answer (nothing to place) or the question names nothing to ask about.
    """
    topic = topic_terms(question)
    text = without_marks(answer)
    numbers = numbers_in(text) - numbers_in(question.text)
    names = [n.lower() for n in names_in(text) if not set(tokenize(n)) <= question.words]
    if not topic or not (numbers or names):
        return True
    sentences = split_sentences(evidence)
    placed = False
    for i, sentence in enumerate(sentences):
        lower = sentence.lower()
        if not (numbers & numbers_in(sentence) or any(n in lower for n in names)):
            continue
        placed = True
        context = sentence
        if i and (
            _REFERS_BACK.match(sentence)
            or len(sentence.split()) < _FRAGMENT_WORDS
            or sentences[i - 1].rstrip().endswith("?")
        ):
            context = f"{sentences[i - 1]} {sentence}"
        if any(same_word(t, set(tokenize(context))) for t in topic):
            return True
    return not placed


def _heard_name(answer: str, question_words: Collection[str]) -> bool:
    """A word of ``answer`` that may be a name as a recogniser writes it: alphabetic, new to
    the question and not part of an address or a quantity ("the ashcombe trust", not
    "training@example.org" or "42 pounds")."""
    plain = re.sub(r"\S*[@/]\S*|\S*\d\S*(?:\s+[a-z]+)?", " ", answer)
    return bool({t for t in tokenize(plain) if t.isalpha()} - set(question_words))


def unscoped_terms(question: Question, cited: Sequence[EvidenceUnit]) -> list[str]:
    """The question's specific terms (numbers, names, identifiers) that no cited unit's
    context holds (its chunk, heading, file name or document names), and identifiers that a
    cited table row does not hold itself (a row key names one row): the answer would be about
    something else."""
    if not cited:
        return []

    def lacks(e: EvidenceUnit) -> set[str]:
        gaps = set(e.unit.missing)
        if e.unit.kind is UnitKind.ROW:
            gaps |= question.identifiers - e.unit.terms
        return gaps

    gaps = [lacks(e) for e in cited]
    terms = dict.fromkeys([*question.specific, *sorted(question.identifiers)])
    return [t for t in terms if all(t in g for g in gaps)]


def is_follow_up(question: str) -> bool:
    """A turn that leans on the previous one: a pronoun, or very short."""
    words = question.split()
    return bool(_FOLLOW_UP.search(question)) or len(words) < 4


def standalone_question(
    question: str, earlier: Sequence[str], llm: ChatModel | None = None, max_tokens: int = 48
) -> str:
    """``question`` rewritten to stand alone, given the ``earlier`` questions of the thread
    (oldest first; the last one is the turn just before).

    With a model: asked to rewrite (its reply is kept only if it is a plausible question).
    Without one: the earlier questions' content terms that this one lacks are appended.
    """
    if llm is not None:
        if len(earlier) == 1:
            context = f"Earlier question: {earlier[0]}"
        else:
            context = "Earlier questions:\n" + "\n".join(earlier)
        messages = [
            {"role": "system", "content": REWRITE_PROMPT},
            {"role": "user", "content": f"{context}\nFollow-up question: {question}"},
        ]
        try:
            reply = "".join(llm.stream_chat(messages, max_tokens=max_tokens)).strip()
        except Exception as exc:  # the merge below still works
            log.warning("question rewrite failed", extra={"error": str(exc)})
            reply = ""
        reply = reply.strip().strip('"').splitlines()[0].strip() if reply.strip() else ""
        if 3 <= len(reply.split()) <= 40 and NOT_FOUND not in reply:
            return reply
    return merge_subject(question, " ".join(earlier))


def merge_subject(question: str, previous: str) -> str:
    """The follow-up with the previous question's missing subject words added."""
    have = set(query_terms(question))
    words = [
        w
        for w in re.findall(r"[\w'’.-]+", previous)
        if set(query_terms(w)) and not set(query_terms(w)) <= have and not _QUESTION_WORD.match(w)
    ]
    subject = " ".join(dict.fromkeys(w.strip(".") for w in words))
    return f"{question.rstrip('?').strip()} ({subject})?" if subject else question


def _is_prose(unit: Unit) -> bool:
    return unit.chunk.kind not in (ElementKind.TABLE, ElementKind.CHART, ElementKind.FIGURE) and (
        unit.chunk.modality != Modality.TABLE
    )


def _key(text: str) -> str:
    """A unit's text for duplicate checks: lower case, punctuation as spaces."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def _neighbour(unit: Unit, same_chunk: list[Unit], step: int) -> Unit | None:
    """The unit ``step`` positions after (negative: before) ``unit`` in its chunk."""
    found = [u for u in same_chunk if u.position == unit.position + step]
    return found[0] if found else None


def focus_cut(text: str, limit: int, terms: Collection[str] = ()) -> str:
    """``text`` in at most ``limit`` characters, keeping what the question asks about (its
    content ``terms``): a table row ("key | a: 1; b: 2") keeps its key and the cells whose
    header or value the question names, then the others in order as they fit; prose keeps the
    window of words with the most question terms (the head when none is there). "…" marks
    every cut, so a wide row's last column or a long sentence's end is not silently lost."""
    if len(text) <= limit:
        return text
    key, bar, rest = text.partition(" | ")
    if bar and "; " in rest and len(key) + 8 < limit:
        return _cut_row(key, rest.split("; "), limit, terms)
    return _cut_window(text, limit, terms)


def _names(part: str, terms: Collection[str]) -> int:
    """How many of ``terms`` the words of ``part`` hold."""
    have = set(tokenize(part))
    return sum(1 for t in terms if same_word(t, have))


def _cut_row(key: str, cells: list[str], limit: int, terms: Collection[str]) -> str:
    named = sorted(range(len(cells)), key=lambda i: -_names(cells[i], terms))
    named = [i for i in named if _names(cells[i], terms)]
    order = named + [i for i in range(len(cells)) if i not in named]
    used, keep = len(key) + 3 + 2, set()  # " | " and a closing "; …"
    for i in order:
        if used + len(cells[i]) + 2 <= limit:
            keep.add(i)
            used += len(cells[i]) + 2
    parts: list[str] = []
    for i, cell in enumerate(cells):
        if i in keep:
            parts.append(cell)
        elif not parts or parts[-1] != "…":
            parts.append("…")
    return f"{key} | {'; '.join(parts)}"


def _cut_window(text: str, limit: int, terms: Collection[str]) -> str:
    """The window of ``text`` with the most question terms, centred on them (a value sits
    before or after the words a question matches)."""
    words = list(re.finditer(r"\S+", text))
    width = limit - 2  # room for a leading and a trailing "…"
    best, first = 0, 0
    for i, word in enumerate(words if terms else []):
        inside = [w.group(0) for w in words[i:] if w.end() - word.start() <= width]
        found = _names(" ".join(inside), terms)
        if found > best:
            best, first = found, i
    start = 0
    if best:
        hits = [w for w in words[first:] if w.end() - words[first].start() <= width]
        hits = [w for w in hits if _names(w.group(0), terms)]
        middle = (hits[0].start() + hits[-1].end()) // 2
        ideal = max(0, min(middle - width // 2, len(text) - width))
        start = next(w.start() for w in words if w.start() >= ideal or w.start() >= hits[0].start())
    window = text[start : start + width]
    if start + width < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + window
