"""Question analysis: content terms, specific terms, the asked answer type, document-naming words.

Everything here reads only the question. *Query terms* are its content words (stemmed).
*Specific terms* (numbers, mid-sentence capitalised names, identifiers such as ``na.locf``)
are what the evidence must contain. *Document words* name the document, chapter, file or
section the question is about ("in the zoo vignette", "according to the 2023 report"): they
are matched against a document's names (title, file name, headings), not its passage. The
*answer types* say what kind of value answers ("how long" -> a duration, "which year" -> a
year, "who" -> a name) and how to find that value in a sentence. *Periods* are the
qualifiers that exclude each other (a half, a quarter, a month, a weekday, a year): read the
same way in a question and in a label, so "the first half of 2025" names "H1 2025".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from mmrag.platform.sparse import STOP_WORDS, tokenize

#: Question words that carry no content (beyond the sparse stop words), before stemming.
GENERIC_WORDS = (
    "many much name named called give given value number list say said mention mentioned "
    "according document documents kind type exactly approximately roughly"
)


@functools.cache
def generic_terms() -> frozenset[str]:
    """The stems of :data:`GENERIC_WORDS` (computed on first use: stemming loads NLTK)."""
    return frozenset(tokenize(GENERIC_WORDS))


#: What tokenizing an ordinal ("1st", "22nd", "3rd", "12th") leaves after its number.
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
#: Words that name document structure rather than content ("Table 2", "Figure 3").
STRUCTURE_WORDS = frozenset(
    """figure fig table chart graph plot page section slide video recording appendix chapter
    image photo diagram panel part step item row rows column columns line lines""".split()
)
#: Nouns that name a whole document or a part of one ("the zoo vignette", "the 2023 report").
DOCUMENT_NOUNS = frozenset(
    """chapter section vignette report document file paper manual guide handbook presentation
    slides slide deck video recording call briefing gallery appendix article book booklet notes
    minutes transcript excerpt memo letter brochure leaflet orientation tutorial documentation
    readme spreadsheet workbook sheet newsletter bulletin proceedings thesis specification
    standard policy plan""".split()
)
ABBREVIATIONS = frozenset(
    "e.g i.e fig figs no nos vs etc dr mr mrs ms st p pp vol approx ca al eq eqs sec ch jr sr inc "
    "ltd co cf resp est min max avg ref".split()
)
WORD = re.compile(r"[\w][\w.:'’-]*[\w]|[\w]", re.UNICODE)

MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAY_PATTERN = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
"""A weekday's or (MONTH_PATTERN) a month's name or abbreviation; match them case-blind."""
_YEAR = r"(?:1[6-9]|20)\d\d"
#: A number with what follows it as its unit: up to three words, never across punctuation.
_NUMBER = r"[£$€]?\s?[≈~]?-?\d[\d,]*(?:\.\d+)?"
_DURATION = (
    r"\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:seconds?|s|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|"
    r"months?|years?)\b"
)
_LENGTH = (
    r"\d+(?:[.,]\d+)?\s*(?:mm|cm|m|km|(?:kilo|centi|milli)?(?:metres?|meters?)|feet|ft|miles?|"
    r"inch(?:es)?)\b"
)
_NAME = (
    r"(?:[A-Z]\.\s?)*[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*"
    r"(?:\s(?:[A-Z]\.\s?)*[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*)*"
)
_CALENDAR_WORD = re.compile(rf"^(?:{MONTH_PATTERN}|{WEEKDAY_PATTERN})\b", re.I)


@dataclass(frozen=True)
class AnswerType:
    """A kind of value a question asks for, and how to find one in text.

    ``quantity``: in a table the unit sits in the column header, so a bare number answers;
    ``column`` then finds the header words of a column that holds this kind ("% full",
    "Cost (£k)", "Hours").
    """

    name: str
    ask: re.Pattern[str]
    value: re.Pattern[str]
    quantity: bool = False
    column: re.Pattern[str] | None = None


def _i(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


DURATION = AnswerType(
    "duration",
    _i(
        r"\bhow (long|old)\b|\bhow many (seconds|minutes|hours|days|weeks|months|years)\b|"
        r"\bwhat (?:\w+ )?age\b"
    ),
    _i(_DURATION),
    quantity=True,
    column=_i(r"\b(hours?|hrs?|days?|minutes?|mins?|weeks?|months?|years?|duration|age)\b"),
)
LENGTH = AnswerType(
    "length",
    _i(r"\bhow (long is|deep|high|tall|far|wide)\b|\b(depth|height|length|distance|width)\b"),
    _i(_LENGTH),
    quantity=True,
    column=_i(r"\b(km|m|cm|mm|miles?|metres?|meters?|length|depth|height|distance|width)\b"),
)
VERSION = AnswerType(
    "version",
    _i(r"\b(which|what) (?:\w+ )?(release|version)\b"),
    re.compile(r"\b\d+\.\d+(?:[.-]\d+)*\b"),
)
YEAR = AnswerType("year", _i(r"\b(which|what) year\b"), re.compile(rf"\b{_YEAR}\b"))
DATE = AnswerType(
    "date",
    _i(r"^\s*when\b|\bwhat date\b|\bon which day\b"),
    _i(
        rf"\b(?:{WEEKDAY_PATTERN},?\s+)?(?:\d{{1,2}}\s+)?{MONTH_PATTERN}\b\.?(?:\s+\d{{1,2}}\b)?(?:,?\s+{_YEAR}\b)?|"
        rf"\b{WEEKDAY_PATTERN}\b|\b{_YEAR}\b|\b\d{{4}}-\d\d-\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
    ),
)
#: What else answers "when": a clock time or a time told by an event or a routine ("at 7 pm",
#: "before you close the hive", "the night before", "every Sunday evening"). Only a model's
#: answer is held to it (the extractive choice keeps to :data:`DATE`'s values).
WHEN_TOLD = _i(
    r"\b\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\b|o'clock\b)|\b\d{1,2}:\d\d\b|\b(?:noon|midday|midnight|"
    r"before|after|until|till|once|during|while|whenever|as soon as|every|each|daily|weekly|"
    r"monthly|yearly|annually|today|tonight|tomorrow|yesterday|morning|afternoon|evening|night|"
    r"weekend|spring|summer|autumn|winter|season|term)\b"
)
MONTH = AnswerType("month", _i(r"\b(which|what) month\b"), _i(rf"\b{MONTH_PATTERN}\b"))
WEEKDAY = AnswerType(
    "weekday",
    _i(r"\b(which|what) day\b"),
    _i(rf"\b{WEEKDAY_PATTERN}s?\b|\b(mon|tue|wed|thu|fri|sat|sun)\b"),  # "closed on Mondays"
)
NAME = AnswerType(
    "name",
    _i(
        r"^\s*(who|whom|whose)\b|\b(which|what) (company|firm|supplier|contractor|manager|person|"
        r"organi[sz]ation|agency|team|department|vessel|ship|consultant|engineer|inspector|officer|"
        r"author|speaker|presenter)\b"
    ),
    re.compile(_NAME),
)
PHONE = AnswerType(
    "phone",
    _i(r"\b(phone|telephone|extension|fax)\b"),
    re.compile(r"\+?\d[\d ()-]{1,}\d|\b\d{2,}\b"),
)
MONEY = AnswerType(
    "money",
    _i(
        r"\bhow much (money|did \w+ (cost|pay|spend|give))\b|\bwhat (price|sum)\b|"
        r"\bcost(s|ing)?\b|\b(pay|paying|paid|spend|spent|budgeted)\b"
    ),
    _i(
        r"[£$€]\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|billion|[mk])\b)?|"
        r"\d[\d,.]*\s*(?:pounds?|dollars?|euros?|thousand|million|billion|k)\b|"
        r"\d[\d.]*p\b|\d[\d.]*\s?(?:pence|cents?)\b|"  # 20p, 45 pence
        r"\b(?:\w+ )?(?:hundred|thousand|million) (?:pounds?|dollars?|euros?)\b"
    ),
    quantity=True,
    column=_i(  # "_" splits words too: a CSV's "price_gbp"; a currency code names money
        r"[£$€]|(?<![^\W_])(costs?|prices?|budget|spent|spend|amounts?|fees?|pounds|dollars|"
        r"euros|gbp|usd|eur)(?![^\W_])"
    ),
)
SHARE = AnswerType(
    "share",
    _i(r"\b(percentage|percent|proportion|share|fraction)\b"),
    _i(r"-?\d[\d.,]*\s*(?:%|per ?cent\b)|(?<![\d.])0?\.\d+\b"),
    quantity=True,
    column=_i(r"%|\b(percent|per cent|percentage|share|proportion|ratio|rate)\b"),
)
_WHO = _i(r"^\s*(who|whom|whose)\b")
_HOW_MANY = _i(r"\bhow many\b")
#: Every answer type, most specific first.
ANSWER_TYPES: tuple[AnswerType, ...] = (
    DURATION,
    LENGTH,
    VERSION,
    YEAR,
    DATE,
    MONTH,
    WEEKDAY,
    NAME,
    PHONE,
    MONEY,
    SHARE,
)
#: A question that asks for some number (no refusal without one: the value may be spelled out).
NUMERIC_QUESTION = _i(
    r"\b(how (many|much|long|far|deep|high|tall|old|often|large|big|fast|heavy)|"
    r"what (?:\w+ )?(year|percentage|percent|proportion|share|number|amount|rate|depth|level|date|"
    r"time|temperature|volume|height|length|cost|price|version|value|total|reading|p-value|age|"
    r"estimate|count)|when|which year|in what year)\b"
)
NUMBER_VALUE = re.compile(_NUMBER)
#: A bare year: a date, not a quantity.
BARE_YEAR = re.compile(rf"^{_YEAR}$")
_MOST = _i(
    r"\b(most(?! recent| likely)|highest|largest|biggest|greatest|maximum|peak|top|wettest|"
    r"hottest|warmest|longest|heaviest|busiest|deepest|tallest|fastest|costliest|strongest|"
    r"worst)\b"
)
_LEAST = _i(
    r"\b(least|lowest|smallest|fewest|minimum|driest|coldest|coolest|shortest|lightest|"
    r"quietest|shallowest|cheapest|slowest|weakest)\b"
)
_DOCUMENT_PHRASE = re.compile(
    r"\b(?:in|from|of|within|per|according to)\s+(?:the\s+|this\s+|that\s+|a\s+|an\s+)?"
    r"(?P<name>(?:[\w.'’-]+\s+){0,5}?)(?P<noun>"
    + "|".join(sorted(DOCUMENT_NOUNS, key=len, reverse=True))
    + r")s?\b(?:\s+(?:on|about|titled|called|named|entitled)\s+(?P<topic>[^,?;]+))?",
    re.IGNORECASE,
)
_ACCORDING = _i(r"\baccording to\s+(?:the\s+)?(?P<name>[^,?;]+)")


@dataclass
class Question:
    """What the answerer needs to know about a question."""

    text: str
    terms: list[str]  # content terms, in order
    specific: list[str]  # terms the evidence must contain
    identifiers: set[str]  # identifier-like terms: exact entity keys
    names: list[str]  # multi-word names, lower case ("alder creek")
    document_words: set[str]  # terms that name the document, chapter or section
    types: list[AnswerType]  # what kind of value answers
    numeric: bool  # asks for some number
    extreme: str | None  # "max" / "min" for a superlative question
    words: set[str] = field(default_factory=set)  # every term of the question
    measure: list[str] = field(default_factory=list)  # what a superlative ranks by ("age")


def analyse(question: str) -> Question:
    """The question's terms, answer types and document words."""
    return Question(
        text=question,
        terms=query_terms(question),
        specific=specific_terms(question),
        identifiers=identifier_terms(question),
        names=name_phrases(question),
        document_words=document_words(question),
        types=answer_types(question),
        numeric=bool(NUMERIC_QUESTION.search(question)),
        extreme=superlative(question),
        words=set(tokenize(question)),
        measure=extreme_measure(question),
    )


def without_ordinal_suffixes(terms: list[str]) -> list[str]:
    """``terms`` less the suffix of an ordinal ("12th" is tokenized as "12", "th"): the
    evidence may write the rank as "12", "12th" or in a column of ranks."""
    return [
        t
        for i, t in enumerate(terms)
        if not (t in ORDINAL_SUFFIXES and i and terms[i - 1][:1].isdigit())
    ]


def query_terms(question: str) -> list[str]:
    """Distinct content terms of the question, in order."""
    seen: dict[str, None] = {}
    for term in without_ordinal_suffixes(tokenize(question)):
        if term not in generic_terms():
            seen.setdefault(term, None)
    return list(seen)


def _is_identifier(bare: str) -> bool:
    return any(ch in bare for ch in "_.:") or (
        any(ch.isupper() for ch in bare[1:]) and any(ch.islower() for ch in bare)
    )


def specific_terms(question: str) -> list[str]:
    """Terms the evidence must contain: numbers, mid-sentence capitalised names, identifiers.

    A number right after a structure word ("Table 2") names structure, not content.
    """
    found: dict[str, None] = {}
    after_structure = False
    for match in WORD.finditer(question):
        before = question[: match.start()].rstrip()
        sentence_start = not before or before.endswith((".", "?", "!", ":", '"', "“"))
        bare = match.group(0).strip(".:'’-")
        lower = bare.lower()
        if lower in ABBREVIATIONS:
            continue
        if lower in STRUCTURE_WORDS:
            after_structure = True
            continue
        is_number = bare[:1].isdigit()
        is_name = bare[:1].isupper() and not sentence_start and lower not in STOP_WORDS
        if (is_number and not after_structure) or _is_identifier(bare) or is_name:
            for term in without_ordinal_suffixes(tokenize(bare.replace(":", " "))):
                if term not in generic_terms():
                    found.setdefault(term, None)
        after_structure = False
    return list(found)


def identifier_terms(question: str) -> set[str]:
    """Terms of identifier-like words (``sexM:ethnicOTHER``, ``na.locf``): exact entity keys."""
    found: set[str] = set()
    for match in WORD.finditer(question):
        bare = match.group(0).strip(".:'’-")
        if bare.lower() in ABBREVIATIONS or bare[:1].isdigit():
            continue
        if _is_identifier(bare):
            found.update(tokenize(bare.replace(":", " ")))
    return found


def name_phrases(question: str) -> list[str]:
    """Multi-word names of the question ("Alder Creek"), lower case, as said."""
    phrases: list[str] = []
    current: list[str] = []
    for match in WORD.finditer(question):
        before = question[: match.start()].rstrip()
        word = match.group(0).strip(".:'’-")
        possessive = word.lower().endswith(("'s", "’s"))  # "Priya Anand's" ends a name
        word = word[:-2] if possessive else word
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
            current.append(lower)
            if possessive:
                if len(current) > 1:
                    phrases.append(" ".join(current))
                current = []
            continue
        if len(current) > 1:
            phrases.append(" ".join(current))
        current = [lower] if is_name else []
    if len(current) > 1:
        phrases.append(" ".join(current))
    return phrases


def document_words(question: str) -> set[str]:
    """Terms of the phrases that name a document or a part of it ("In the zoo vignette, ...",
    "according to the 2023 report", "in the chapter on rolling means")."""
    found: set[str] = set()
    for match in _DOCUMENT_PHRASE.finditer(question):
        words = f"{match.group('name')} {match.group('topic') or ''}"
        found.update(t for t in tokenize(words.replace("'s ", " ")) if t not in generic_terms())
    for match in _ACCORDING.finditer(question):
        found.update(t for t in tokenize(match.group("name")) if t not in generic_terms())
    return found


def document_name_terms(filename: str) -> set[str]:
    """Terms a file name gives its document ("kestrel_water-report.pdf" -> kestrel, water,
    report; "xtableGallery" -> xtable, gallery; "orders_2025-06.csv" -> orders, 2025, 06 and
    june: a year-month names its month)."""
    stem = re.sub(r"\.[A-Za-z0-9]{2,4}$", "", filename)
    months = [_MONTH_NAMES[int(m.group(1)) - 1] for m in _YEAR_MONTH.finditer(stem)]
    stem = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", stem)
    words = re.sub(r"[_\-.]+", " ", stem)
    return set(tokenize(" ".join([words, *months]))) | initialisms(words)


_MINOR_WORDS = frozenset("a an and at by for in of on the to".split())


def initialisms(text: str) -> set[str]:
    """The initials of every run of three to five consecutive words of a name, with and
    without its minor words ("Auto Multiple Choice" -> "amc", "Department of Health and Social
    Care" -> "dhsc"): a question often names a document or organisation by them."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    found: set[str] = set()
    for run in (words, [w for w in words if w not in _MINOR_WORDS]):
        letters = "".join(w[0] for w in run)
        found.update(letters[i : i + n] for n in range(3, 6) for i in range(len(letters) - n + 1))
    return found


_YEAR_MONTH = re.compile(r"(?<!\d)(?:19|20)\d\d[-_.]?(0[1-9]|1[0-2])(?!\d)")
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()


def answer_types(question: str) -> list[AnswerType]:
    """The kinds of value that answer ``question`` (empty when any statement may answer).

    A question opening with who/whom/whose asks for a name whatever else it mentions ("Who is
    paying for the repairs?" asks for the payer, not the sum).
    """
    if _WHO.match(question):
        return [NAME]
    return [kind for kind in ANSWER_TYPES if kind.ask.search(question)]


def asks_for_money(question: Question) -> bool:
    """The question asks what something costs or pays ("What does a session cost?"): an amount
    of money answers it, not a count. Not a count question ("How many paying members?": its
    money cue is an adjective) nor one that also asks for another kind of value."""
    return question.types == [MONEY] and not _HOW_MANY.search(question.text)


def superlative(question: str) -> str | None:
    """``"max"`` for "which month had the most ...", ``"min"`` for "the driest ...", else None."""
    most, least = _lower_word(_MOST, question), _lower_word(_LEAST, question)
    if most and not least:
        return "max"
    if least and not most:
        return "min"
    return None


#: Words that end the phrase a superlative qualifies ("the lowest price *for* a child").
_MEASURE_END = frozenset(
    "for of in at on during by from between to among than per and or with within across "
    "was were is are did does do had has have who which that when where this these those "
    "last next first each every".split()
)
_MEASURE_SKIP = frozenset("the a an number amount total level".split())


def extreme_measure(question: str) -> list[str]:
    """The terms of what a superlative ranks by: the words right after it up to a preposition
    or verb ("the minimum *age* for players" -> age, "the highest *lambing percentage*" ->
    lamb, percentag); [] for a superlative that stands alone ("which month was busiest?")."""
    match = _MOST.search(question) or _LEAST.search(question)
    if match is None:
        return []
    measure: list[str] = []
    for word in re.findall(r"[\w%'’-]+|[?,;.:]", question[match.end() :])[:6]:
        low = word.lower()
        if (not word[:1].isalnum() and word != "%") or low in _MEASURE_END:
            break
        if low in _MEASURE_SKIP:
            continue
        measure.extend(t for t in tokenize(word) if not t[:1].isdigit())
        if len(measure) >= 3:
            break
    return measure


def _lower_word(pattern: re.Pattern[str], question: str) -> bool:
    """``pattern`` matches a word that is not part of a name ("Corrie Top" is a place)."""
    return any(m.start() == 0 or not m.group(0)[:1].isupper() for m in pattern.finditer(question))


def counted_term(question: str) -> str | None:
    """What a count question counts (``how many employees`` -> ``employe``)."""
    match = _COUNTED.search(question)
    terms = tokenize(match.group(1)) if match else []
    return terms[0] if terms and not terms[0][:1].isdigit() else None


_COUNTED = _i(r"\b(?:how many|how much|number of|amount of|count of|total)\s+([\w-]+)")


_WHICH_NOUN = re.compile(r"\b(?:which|what)\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?", re.I)
_NOT_A_NOUN = frozenset(
    "is are was were has have had do does did can could will would should of kind sort type "
    "the a an".split()
)
_TIME_NOUNS = frozenset(
    "year years month months day days date dates week weeks quarter quarters season seasons "
    "period periods decade decades time times hour hours".split()
)


def asks_for_other_than_time(question: str) -> bool:
    """The question's "which/what <noun>" asks for a thing that is not a time ("which pipe
    material ...", "what district ..."), so a year or month does not answer it; False when
    it asks for a time ("which calendar year") or names no noun ("which was the worst?")."""
    match = _WHICH_NOUN.search(question)
    if match is None or match.group(1).lower() in _NOT_A_NOUN:
        return False
    words = {w.lower() for w in match.groups() if w}
    return not words & _TIME_NOUNS


def is_calendar_word(word: str) -> bool:
    """A month or weekday name (capitalised, but not a name an answer is asked for)."""
    return _CALENDAR_WORD.match(word) is not None


#: Periods that exclude each other (:func:`periods`): halves, quarters, months, weekdays, years.
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ORDINALS |= {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_PERIOD = re.compile(
    r"\b(?:(h[12])|(q[1-4])|(first|second|third|fourth|[1-4](?:st|nd|rd|th))\s+(half|quarter))\b",
    re.I,
)
_WEEKDAY_WORD = re.compile(rf"\b{WEEKDAY_PATTERN}\b", re.I)
_MONTH_WORD = re.compile(rf"\b{MONTH_PATTERN}\b", re.I)
_YEAR_WORD = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]*\d)")
_MONTH_RANGE = re.compile(
    rf"\b({MONTH_PATTERN})\b\.?\s*(?:[-–—]|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*"
    rf"({MONTH_PATTERN})\b|\bbetween\s+({MONTH_PATTERN})\s+and\s+({MONTH_PATTERN})\b",
    re.I,
)
#: A year and the next, as a season or financial year is written ("2024-25", "2024/2025").
_YEAR_RANGE = re.compile(r"(?<![\d.,])((?:19|20)\d\d)\s?[-–/]\s?(\d\d(?:\d\d)?)(?![\d.,]*\d)")
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def without_month_ranges(text: str) -> str:
    """``text`` without its ranges of months ("from April to September"): their months are the
    period asked about, not an item asked for."""
    return _MONTH_RANGE.sub(" ", text)


def month_span(first: str, last: str) -> set[str]:
    """The months from ``first`` to ``last`` (names or abbreviations), both included, across
    the new year where ``last`` comes first ("Nov" to "Feb")."""
    a, b = _MONTH_KEYS.index(first.lower()[:3]), _MONTH_KEYS.index(last.lower()[:3])
    return {_MONTH_KEYS[(a + i) % 12] for i in range((b - a) % 12 + 1)}


def periods(text: str, years: bool = False) -> dict[str, set[str]]:
    """The periods ``text`` names, by kind: ``{"half": {"h2"}, "month": {"jul"}}``; a range of
    months names each month in it ("April to June": apr, may, jun), and with ``years`` a
    season's two years both ("2024-25": 2024, 2025)."""
    found: dict[str, set[str]] = {}
    for match in _PERIOD.finditer(text):
        half, quarter, ordinal, unit = match.groups()
        if half:
            found.setdefault("half", set()).add(half.lower())
        elif quarter:
            found.setdefault("quarter", set()).add(quarter.lower())
        elif ordinal and unit:
            rank = _ORDINALS.get(ordinal.lower(), 0)
            kind = unit.lower()
            if rank and (kind == "quarter" or rank <= 2):
                found.setdefault(kind, set()).add(f"{kind[0]}{rank}")
    for match in _MONTH_WORD.finditer(text):
        word = match.group(0)
        if word.lower() == "may" and word != "May":  # "may" the verb
            continue
        found.setdefault("month", set()).add(word.lower()[:3])
    for match in _MONTH_RANGE.finditer(text):  # "Apr-Sep 2024" is of July too
        first, last = (m for m in match.groups() if m)
        found.setdefault("month", set()).update(month_span(first, last))
    for match in _WEEKDAY_WORD.finditer(text):
        found.setdefault("weekday", set()).add(match.group(0).lower()[:3])
    if years:
        found.setdefault("year", set()).update(m.group(0) for m in _YEAR_WORD.finditer(text))
        for match in _YEAR_RANGE.finditer(text):  # "2024-25" is of 2025 too
            first, last = int(match.group(1)), int(match.group(2))
            if last < 100:  # "1999-00" ends in 2000
                last += first // 100 * 100 + (100 if last < first % 100 else 0)
            found["year"].add(str(last))
        if not found["year"]:
            del found["year"]
    return found


def without_periods(text: str) -> str:
    """``text`` with the periods :func:`periods` reads in it ("H1", "first half", months,
    weekdays, years) blanked out."""
    for pattern in (_PERIOD, _MONTH_WORD, _WEEKDAY_WORD, _YEAR_WORD):
        text = pattern.sub(" ", text)
    return text
