"""Unit scoring: relevance to the question, the specific-term check, and the answer-shape bonuses.

*Relevance* mixes IDF-weighted query-term overlap (IDF over the candidate units; a term that
names the document counts when the unit's document carries that name), the dense similarity
of the unit to the question (MiniLM) and the hit's retrieval rank. It is the one quantity the
refusal threshold is calibrated on. *Coverage*: every specific term of the question must occur
in the unit's context, as the same token (a near-miss name is another name); only speech,
where the recogniser mishears, matches a near spelling, within a strict bound. The *score*
ranks units: relevance plus small bonuses for the expected kind of value, a named table row or
chart item, a superlative's extreme line and a modality the question points to.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from mmrag.agents.answering.question import (
    BARE_YEAR,
    NAME,
    NUMBER_VALUE,
    Question,
    asks_for_other_than_time,
    is_calendar_word,
    periods,
    without_month_ranges,
    without_periods,
)
from mmrag.agents.answering.units import Unit, UnitKind, is_label, is_spoken, is_table
from mmrag.platform import chart_text
from mmrag.platform.embedding import TextEmbedder
from mmrag.platform.sparse import tokenize


@dataclass(frozen=True)
class ScoreWeights:
    """Weights of relevance and bonuses of the score (see the module docstring); their
    defaults and meanings are those of
    :class:`~mmrag.agents.answering.extractive.ExtractiveOptions`, which builds them."""

    w_lexical: float
    w_dense: float
    w_rank: float
    number_bonus: float
    answer_type_bonus: float
    hint_bonus: float
    named_bonus: float
    extreme_bonus: float
    label_penalty: float
    speech_ratio: float  # near spellings / sounds accepted in speech (sounds_alike)
    max_embedded_units: int


def score_units(
    question: Question,
    units: list[Unit],
    weights: ScoreWeights,
    embedder: TextEmbedder | None,
    hinted: Collection[str] = (),
) -> None:
    """Set relevance, score, coverage and eligibility of every unit."""
    hear_names(units, question.names, weights.speech_ratio - 0.05)
    score_lexical(units, question.terms, question.document_words)
    score_dense(question.text, units, weights, embedder)
    for unit in units:
        unit.relevance = (
            weights.w_lexical * unit.lexical
            + weights.w_dense * unit.dense
            + weights.w_rank / (1.0 + 0.5 * unit.hit_rank)
        )
        unit.typed = any(
            has_new_value(kind.value, unit.text, question.words) for kind in question.types
        )
        unit.score = unit.relevance + _bonus(question, unit, weights, hinted)
        unit.missing = missing_terms(question, unit, weights.speech_ratio)
        unit.eligible = (
            not unit.missing
            and _locally_specific(question, unit, weights.speech_ratio)
            and bool(unit.terms - question.words)  # it says something the question does not
        )


def _bonus(question: Question, unit: Unit, weights: ScoreWeights, hinted: Collection[str]) -> float:
    bonus = 0.0
    if question.numeric and any(t[:1].isdigit() and t not in question.words for t in unit.terms):
        bonus += weights.number_bonus
    if unit.typed:
        bonus += weights.answer_type_bonus
    if unit.chunk.modality.value in hinted:
        bonus += weights.hint_bonus
    if asked_extreme(question, unit.text):
        bonus += weights.extreme_bonus
    if names_row(unit, question) or names_item(unit.text, question):
        bonus += weights.named_bonus
    if unit.kind not in (UnitKind.ROW, UnitKind.READING) and (
        is_label(unit.text) or _names_its_document(unit)
    ):
        bonus -= weights.label_penalty
    return bonus


def _names_its_document(unit: Unit) -> bool:
    """A title or running head: most of the unit's words are its document's names."""
    own = set(tokenize(unit.text))
    return len(own) >= 3 and len(own & unit.doc_terms) >= 0.6 * len(own)


def score_lexical(
    units: list[Unit], q_terms: Sequence[str], document_words: Collection[str] = ()
) -> None:
    """IDF-weighted share of the question's terms in each unit (neighbours count a little).

    A term that names the document (``document_words``, or any term the unit's document
    names carry) counts in full for every unit of that document.
    """
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
                got += idf[term]
            elif term in unit.near_terms:
                got += 0.4 * idf[term]
            elif term in unit.context_terms and not is_table(unit.chunk):
                got += 0.2 * idf[term]
        unit.lexical = got / total


def score_dense(
    question: str, units: list[Unit], weights: ScoreWeights, embedder: TextEmbedder | None
) -> None:
    """Cosine similarity of the question to the most promising units (a latency cap)."""
    if weights.w_dense <= 0 or not units:
        return
    if embedder is None:
        from mmrag.platform.embedding import default_embedder

        embedder = default_embedder()
    ranked = sorted(
        units,
        key=lambda u: weights.w_lexical * u.lexical + weights.w_rank / (1 + u.hit_rank),
        reverse=True,
    )
    pool = ranked[: weights.max_embedded_units]
    vectors = embedder.embed_documents([question] + [u.embed_text for u in pool])
    q_vec = vectors[0]
    for unit, vec in zip(pool, vectors[1:], strict=True):
        unit.dense = max(0.0, sum(a * b for a, b in zip(q_vec, vec, strict=True)))


def missing_terms(question: Question, unit: Unit, speech_ratio: float) -> list[str]:
    """The question's specific terms the unit's context lacks. A term the document's names
    (file name, title, headings: "the Kestrel Valley report") or its opening (a letter's
    addressee, an e-mail's header: "Eleanor Fairbairn's kitchen") hold is found in every unit
    of it, and a given name whose family name is found is found ("Priya Anand" in a letter to
    "Ms P. Anand"), and an organisation's legal form or kind ("Services", "Ltd") is found
    when the rest of its name is."""
    spoken = is_spoken(unit.chunk)
    missing = [
        t
        for t in question.specific
        if not covered(t, unit.context_terms, spoken, speech_ratio)
        and t not in unit.doc_terms
        and t not in unit.scope_terms
    ]
    return [
        t
        for t in missing
        if not _given_name(t, question.names, missing, unit.scope_terms)
        and not _legal_form(t, question.names, missing)
    ]


#: Words that give an organisation's kind or legal form rather than its name: often left out
#: ("Tarrant Pianos" for "Tarrant Piano Services Ltd").
ORGANISATION_FORMS = "services service ltd limited inc plc llc co company group gmbh"


def _legal_form(term: str, names: Sequence[str], missing: Collection[str]) -> bool:
    """``term`` is the kind or legal form (:data:`ORGANISATION_FORMS`) closing a name of the
    question whose other words are all found ("services" of "tarrant piano services")."""
    if term not in _organisation_forms():
        return False
    for name in names:
        words = [t for w in name.split() for t in tokenize(w)]
        others = [t for t in words if t not in _organisation_forms()]
        if term in words and others and not any(t in missing for t in others):
            return True
    return False


@functools.cache
def _organisation_forms() -> frozenset[str]:
    return frozenset(tokenize(ORGANISATION_FORMS))


def _given_name(
    term: str, names: Sequence[str], missing: Collection[str], people: set[str]
) -> bool:
    """``term`` is the given name of a name of the question ("priya" of "priya anand") whose
    family name is found and is a person's there, by title or by this initial (``people``:
    keys of :func:`mmrag.agents.answering.units.person_keys`: "Ms Anand", "P. Anand"). A
    company's first word is not forgiven ("Westfield Mutual" is not "Eastfield Mutual")."""
    pairs = (name.split() for name in names)
    return any(
        tokenize(given) == [term]
        and not _missing_name(family, missing)
        and bool(people & {f"~{family}", f"{given[0]}~{family}"})
        for given, family in (words for words in pairs if len(words) == 2)
    )


def _missing_name(word: str, missing: Collection[str]) -> bool:
    """Some term of ``word`` is among the ``missing`` ones."""
    return any(t in missing for t in tokenize(word))


def on_topic(question: Question, unit: Unit) -> bool:
    """Some word of what the question asks about is in the unit, its neighbours or its heading.

    Those words are the question's content terms less its names and numbers (the coverage
    check's) and the words it names a document with ("in the zoo vignette"): a sentence about
    the Calder Mill engine does not answer "Who designed the weaving shed at Calder Mill?". A
    question of names and document words only is on topic anywhere its names are. A word
    matches its compounds and stems ("snow" / "snowfall") and a month its abbreviation, but
    not a paraphrase ("how deep" / "depth"): only a model's citations are held to it, not the
    extractive choice.
    """
    topic = topic_terms(question)
    near = unit.local_terms | unit.terms
    return not topic or any(same_word(t, near) for t in topic)


def topic_terms(question: Question) -> set[str]:
    """What the question asks about: its content terms less its names, numbers and the words
    it names a document with (see :func:`on_topic`)."""
    return set(question.terms) - set(question.specific) - question.document_words


def same_word(term: str, terms: Collection[str]) -> bool:
    """``term`` or the same month (:func:`covered`), or a word it begins or is begun by
    ("snow" / "snowfall")."""
    if covered(term, terms):
        return True
    if month_key(term) in _MONTHS:
        return False
    return len(term) >= 4 and any(
        len(t) >= 4 and (t.startswith(term) or term.startswith(t)) for t in terms
    )


def _locally_specific(question: Question, unit: Unit, speech_ratio: float) -> bool:
    """Most specific terms (identifiers: all) must be near the unit, not only in its chunk;
    terms the document's names hold count as near (identifiers excepted: a row key names one
    row)."""
    spoken = is_spoken(unit.chunk)
    far = [
        t
        for t in question.specific
        if not covered(t, unit.local_terms, spoken, speech_ratio)
        and (t in question.identifiers or t not in unit.doc_terms | unit.scope_terms)
    ]
    return len(far) <= len(question.specific) // 2 and not question.identifiers.intersection(far)


def covered(term: str, context: Collection[str], spoken: bool = False, ratio: float = 0.8) -> bool:
    """``term`` is in ``context`` as the same token, the same month ("march", "mar") or
    another form of the word (``_same_form``: "ethiopian", "ethiopia").

    In speech only, a word the recogniser may have made of the name also counts (see
    :func:`sounds_alike`). A near-miss name in a document ("westfield" for "eastfield") is
    another name.
    """
    if term in context:
        return True
    month = month_key(term)
    if month in _MONTHS and any(month_key(c) == month for c in context):
        return True
    if len(term) >= 5 and not term[:1].isdigit() and any(_same_form(term, c) for c in context):
        return True
    if not spoken or term[:1].isdigit() or len(term) < 5:
        return False
    return any(sounds_alike(term, c, ratio) for c in context)


def _same_form(term: str, other: str) -> bool:
    """Two forms of one word that stemming leaves apart: one is the other plus at most two
    letters, and they share five or more ("ethiopia" / "ethiopian"); "west" is not
    "westfield"."""
    short, long_ = sorted((term, other), key=len)
    return len(short) >= 5 and len(long_) - len(short) <= 2 and long_.startswith(short)


@functools.lru_cache(maxsize=1 << 16)
def sounds_alike(name: str, heard: str, ratio: float = 0.8) -> bool:
    """Whether a recogniser could have written ``heard`` for the spoken ``name``: a close
    spelling with the same first four letters ("ridgelin" / "ridgelight": it mishears the end
    of a name it splits), or the same consonant sounds (:func:`sound_key`, "gorsey" / "coursey",
    "brackenford" / "blackunford") with a loosely similar spelling ("dunmarra" is not "dinner")."""
    if abs(len(name) - len(heard)) > 3 or heard[:1].isdigit():
        return False
    matcher = difflib.SequenceMatcher(None, name, heard)
    if matcher.quick_ratio() < _LOOSE_SPELLING:
        return False
    spelling = matcher.ratio()
    if heard[:4] == name[:4] and spelling >= ratio:
        return True
    key, heard_key = sound_key(name), sound_key(heard)
    return (
        len(key) >= 3
        and spelling >= _LOOSE_SPELLING
        and difflib.SequenceMatcher(None, key, heard_key).ratio() >= ratio
    )


_LOOSE_SPELLING = 0.6
_DIGRAPHS = (("ph", "f"), ("ck", "k"), ("gh", ""), ("th", "t"), ("sh", "s"), ("ch", "k"))
_SOUND_CLASSES = str.maketrans("bpdtgkqcjvfzslrmnx", "ppttkkkkkffssrrnnk")


def sound_key(word: str) -> str:
    """The consonant sounds of ``word`` with the pairs a recogniser confuses merged: voiced and
    voiceless (b/p, d/t, g/k, v/f, z/s), the liquids l/r and the nasals m/n; vowels, h, w and y
    dropped, repeats collapsed ("Brackenford" and "blackunford" -> "prknfrt")."""
    w = re.sub(r"[^a-z]", "", word.lower())
    for spelling, sound in _DIGRAPHS:
        w = w.replace(spelling, sound)
    w = re.sub(r"c(?=[eiy])", "s", w).translate(_SOUND_CLASSES)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouhwy]", "", w))


def hear_names(units: list[Unit], phrases: list[str], ratio: float) -> None:
    """A speech recogniser turns a name into other words ("Alder Creek" -> "all the Creek"):
    a transcript window whose words, run together, spell a multi-word name closely enough holds
    that name for its units (the first letters must agree, and all but one word be said as is)."""
    if not phrases:
        return
    heard: dict[str, set[str]] = {}
    for unit in units:
        if not is_spoken(unit.chunk):
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
                if sounds_like(name, words[i : i + size], ratio):
                    found.update(tokenize(phrase))
    return found


def sounds_like(name: list[str], said: list[str], ratio: float) -> bool:
    """All but one word of ``name`` said as such, and the misheard one said alike, starting
    with the same sound ("alder creek" ~ "all the creek", "pell street" ~ "bell street";
    "stonegate dam" is not "stonegate pump")."""
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
    return _first_sound(rest_name) == _first_sound(rest_said) and part >= 0.5 and whole >= ratio


def _first_sound(word: str) -> str:
    """The first letter as its sound class ("pell" and "bell" both start with a p-sound)."""
    return (sound_key(word[0]) or word[0]) if word else ""


def has_new_value(pattern: re.Pattern[str], text: str, question_words: Collection[str]) -> bool:
    """Whether ``text`` holds a value of the pattern's kind that the question does not."""
    return bool(new_values(pattern, text, question_words))


def new_values(
    pattern: re.Pattern[str], text: str, question_words: Collection[str]
) -> list[re.Match[str]]:
    """Matches of ``pattern`` in ``text`` that say something the question does not.

    For names (capitalised runs), a month or weekday is no name, and neither is one word that
    only starts the sentence ("Everyone", "Until").
    """
    words = set(question_words)
    found = []
    for match in pattern.finditer(text):
        terms = set(tokenize(match.group(0)))
        if not terms or terms <= words:
            continue
        if pattern is NAME.value:
            value = match.group(0)
            before = text[: match.start()].rstrip()
            starts = not before or before.endswith((".", "!", "?", '"', "“"))
            if all(is_calendar_word(w) for w in value.split()) or (starts and " " not in value):
                continue
        found.append(match)
    return found


def has_new_number(text: str, question_words: Collection[str]) -> bool:
    """A number the question does not state."""
    return has_new_value(NUMBER_VALUE, text, question_words)


def asked_extreme(question: Question, text: str) -> bool:
    """``text`` is the extreme line a superlative question asks for (highest for "most"),
    of the whole chart or of a series (a table's column) the question names
    (:func:`names_series`): "Highest (PVC): 2019 ≈9" does not
    answer "which year had the most breaks?". A line whose items are times (years, months)
    does not answer a question asking "which <thing>" ("which pipe material ...?")."""
    line = chart_text.parse_line(text)
    if line is None or question.extreme is None:
        return False
    wanted = (
        chart_text.LineKind.HIGHEST if question.extreme == "max" else chart_text.LineKind.LOWEST
    )
    if line.kind is not wanted or not names_series(line.of, question):
        return False
    labels = [chart_text.item_label(item) for item in line.items]
    times = labels and all(BARE_YEAR.match(x) or is_calendar_word(x) for x in labels)
    return not (times and asks_for_other_than_time(question.text))


def names_series(of: str, question: Question) -> bool:
    """The question names the series or column ``of`` an extreme line is about ("" for a whole
    chart): every word of it, by stem or compound, a column header's unit and numbers aside
    ("Revenue £000", "order total gbp"), and the periods it names (:func:`periods`: "H1 2025"
    by "the first half of 2025"); "South basin" is not named by "the North basin"."""
    plain = tokenize(without_periods(of))
    words = [t for t in plain if t.isalpha() and t not in _UNIT_WORDS]
    named = periods(of, years=True)  # "H1 2025" is named by "the first half of 2025"
    if named:
        asked = periods(question.text, years=True)
        if not all(members <= asked.get(kind, set()) for kind, members in named.items()):
            return False
    if not words:
        return bool(named) or set(tokenize(of)) <= question.words
    return all(same_word(t, question.words) for t in words)


#: Words of a column header that give its unit rather than what it counts.
_UNIT_WORDS = frozenset("gbp usd eur pct percent per cent kg km mm cm hrs hr mins min".split())


def names_row(unit: Unit, question: Question) -> bool:
    """The question names this table row by its header cell: the header's terms in the
    question, in order and side by side ("sex:group" is not named by "... sex ... for group",
    which names the row "group")."""
    if unit.kind is not UnitKind.ROW:
        return False
    header, sep, _ = unit.text.partition("|")
    terms = _word_forms(header)
    if not sep or not set(tokenize(header)):
        return False
    said = _word_forms(question.text)
    return any(said[i : i + len(terms)] == terms for i in range(len(said) - len(terms) + 1))


def _word_forms(text: str) -> list[str]:
    """Every word of ``text`` in order, stemmed as the index stems it; stop words kept (so
    "soil and dose" does not read as "soil:dose")."""
    return [next(iter(tokenize(w)), w) for w in re.findall(r"[^\W_]+", text.lower())]


def names_item(text: str, question: Question) -> bool:
    """The question names this chart reading's one item by its label ("... in March?", not a
    month that bounds the period asked about: "from March to May"), and the reading's series
    names no other period than the question asks about ("Bar values (H1 2024): May 30.9" is
    not named by "... in May 2025?")."""
    item = chart_text.single_item(text)
    said = set(tokenize(without_month_ranges(question.text)))  # not "from April to June"
    if item is None:
        return False
    label = chart_text.item_label(item)
    if not (names_label(label, said) or _same_months(label, question, said)):
        return False
    series = re.search(r"\(([^)]*)\)", text.partition(":")[0])
    return series is None or periods_fit(series.group(1), question)


def _same_months(label: str, question: Question, said: Collection[str]) -> bool:
    """A label that is a range of months ("Oct-Dec") is named by a question that asks for
    those months ("from October to December"), the label's other words said too."""
    months = periods(label).get("month")
    if not months or months != periods(question.text).get("month"):
        return False
    return names_label(without_month_ranges(label), said) or not tokenize(
        without_month_ranges(label)
    )


def periods_fit(label: str, question: Question) -> bool:
    """``label`` names no period of a kind the question names other than the one it asks."""
    asked = periods(question.text, years=True)
    return all(
        members & asked[kind]
        for kind, members in periods(label, years=True).items()
        if kind in asked
    )


def names_label(label: str, question_words: Collection[str]) -> bool:
    """Every word of a chart item's ``label`` is a word of the question (months by key)."""
    terms = {month_key(t) for t in tokenize(label)}
    return bool(terms) and terms <= {month_key(t) for t in question_words}


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def month_key(term: str) -> str:
    """Month names and their abbreviations as one key ("march", "mar" -> "mar"), else the term."""
    key = term[:3]
    if key in _MONTHS and term in _month_forms()[key]:
        return key
    return term


@functools.cache
def _month_forms() -> dict[str, set[str]]:
    names = "january february march april may june july august september october november december"
    return {m: set(tokenize(f"{m} {full}")) for m, full in zip(_MONTHS, names.split(), strict=True)}
