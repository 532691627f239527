"""Verification of a generated answer against the evidence units it cites.

A reply is split into *claims*: runs of text each closed by citation marks (``... [2]``). A
claim stands only when

- it cites at least one unit that was in the prompt;
- every number in it occurs in a cited unit (thousands separators, case and the space
  between a number and its unit are normalised: ``48,250`` = ``48250``, ``5 km`` = ``5km``);
- every capitalised name in it (a capitalised word that is not a plain function word, an
  acronym, a mixed-case identifier) occurs in a cited unit;
- some content word of it that the question does not already say occurs in a cited unit
  (an answer from world knowledge shares nothing with the evidence it cites).

A claim its cited units do not support, but another single unit of the prompt does, is kept
with its citation moved to that unit (small models often cite the neighbouring number).
Unsupported claims are dropped; a reply left with none (or ``NOT_FOUND``) is a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mmrag.agents.answering.question import MONTH_PATTERN
from mmrag.platform.sparse import STOP_WORDS, tokenize

NOT_FOUND = "NOT_FOUND"
_MARKS = re.compile(r"(?:\s*\[\d+(?:\s*,\s*\d+)*\])+")
_MARK = re.compile(r"\[\d+\]")
_MARK_IDS = re.compile(r"\d+")
#: A citation written in parentheses: "(1)", "(evidence 2)", "(from evidence 1 and 3)".
_PAREN_CITE = re.compile(
    r"\s*\((?:see |from |source:? )?(?:the )?(?:evidence |item )?#?(\d)"
    r"(?:\s*(?:,|and|&)\s*(?:evidence )?(\d))?\)",
    re.I,
)
_NUMBER = re.compile(r"\d{1,3}(?:[,\u00a0\u2009]\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?")
#: A time of day: hours and minutes split by a colon or (as speech recognisers write it) a dot.
_CLOCK = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d.,:]*\d)")
_NAME = re.compile(r"\b[A-Z][\w'’.-]*[\w]|\b[A-Z]\b")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Claim:
    """One cited run of the reply."""

    text: str  # without its marks
    cited: list[int]  # evidence numbers it cites (valid ones only)
    problem: str = ""  # why it was dropped ("" when it stands)


@dataclass
class Verified:
    """The checked answer: kept claims (marks renumbered to the citation order)."""

    text: str
    cited: list[int]  # evidence numbers in order of first use; [k] in ``text`` is cited[k-1]
    claims: list[Claim] = field(default_factory=list)
    reason: str = ""  # why nothing stands, for a refusal

    @property
    def found(self) -> bool:
        """Whether any claim stood."""
        return bool(self.text)

    @property
    def dropped(self) -> list[Claim]:
        """Claims that were removed, with their problem."""
        return [c for c in self.claims if c.problem]


def verify_answer(reply: str, units: Mapping[int, str], question: str = "") -> Verified:
    """Check ``reply`` against ``units`` (evidence number -> text shown to the model)."""
    text = reply.strip()
    if not text or text.upper().startswith(NOT_FOUND) or NOT_FOUND in text:
        return Verified("", [], [], "the model found no answer in the evidence")
    text = as_marks(text, set(units))
    claims = split_claims(text, set(units))
    if not claims:
        return Verified("", [], [], "the reply cites no evidence")
    for claim in claims:
        claim.problem = claim_problem(claim, units, question)
        if claim.problem and claim.cited:  # a small model often cites the wrong number
            fix = next(
                (n for n in units if not claim_problem(Claim(claim.text, [n]), units, question)),
                None,
            )
            if fix is not None:
                claim.cited = [fix]
                claim.problem = ""
    kept = [c for c in claims if not c.problem]
    if not kept:
        reasons = "; ".join(sorted({c.problem for c in claims}))
        return Verified("", [], claims, f"no claim is supported by its evidence ({reasons})")
    order: list[int] = []
    parts: list[str] = []
    for claim in kept:
        for n in claim.cited:
            if n not in order:
                order.append(n)
        marks = "".join(f"[{order.index(n) + 1}]" for n in claim.cited)
        parts.append(f"{claim.text.rstrip(' .;,')} {marks}")
    return Verified(_join(parts), order, claims)


def as_marks(reply: str, valid: set[int]) -> str:
    """Parenthesised citations of evidence numbers ("(1)", "(from evidence 2)") as ``[n]``."""

    def mark(match: re.Match[str]) -> str:
        ids = [int(g) for g in match.groups() if g]
        if not all(i in valid for i in ids):
            return match.group(0)
        return " " + "".join(f"[{i}]" for i in ids)

    return _PAREN_CITE.sub(mark, reply)


def split_claims(reply: str, valid: set[int]) -> list[Claim]:
    """Runs of text each followed by marks; text with no marks after it cites nothing."""
    claims: list[Claim] = []
    start = 0
    for match in _MARKS.finditer(reply):
        body = _clean(reply[start : match.start()])
        ids = [int(x) for x in _MARK_IDS.findall(match.group(0))]
        start = match.end()
        if not body:  # marks right after marks ("[1] [2]") or at the very start
            if claims:
                claims[-1].cited.extend(i for i in ids if i in valid and i not in claims[-1].cited)
            continue
        cited = list(dict.fromkeys(i for i in ids if i in valid))
        claims.append(Claim(body, cited))
    tail = _clean(reply[start:])
    if tail and re.search(r"\w", tail):
        claims.append(Claim(tail, []))
    return claims


def claim_problem(claim: Claim, units: Mapping[int, str], question: str = "") -> str:
    """Why ``claim`` is not supported by the units it cites ("" when it is).

    Numbers and names the question itself gives ("the 2024 report") need no support.
    """
    if not claim.cited:
        return "cites no evidence"
    evidence = " ".join(units[n] for n in claim.cited)
    have_numbers = numbers_in(evidence) | numbers_in(question)
    said = numbers_in(claim.text)
    clocks = clock_times(evidence) | clock_times(question)
    for clock, parts in clock_parts(claim.text):  # "8:30" where the evidence writes "8.30"
        if clock in clocks:
            said -= parts
    for plain, scaled in scaled_numbers(claim.text):  # "50 thousand" where it says "fifty thousand"
        if scaled in have_numbers:
            said.discard(plain)
    missing = [n for n in said if n not in have_numbers]
    if missing:
        return f"number not in its evidence: {missing[0]}"
    words = {w.lower() for w in _WORD.findall(f"{evidence} {question}")}
    absent = [name for name in names_in(claim.text) if not _name_supported(name, words)]
    if absent:
        return f"name not in its evidence: {absent[0]}"
    terms = set(tokenize(claim.text))
    new = terms - set(tokenize(question))
    new_numbers = numbers_in(claim.text) - numbers_in(question)
    if not (new & set(tokenize(evidence))) and not (new_numbers & numbers_in(evidence)):
        return "shares no content with its evidence"
    return ""


def clock_parts(text: str) -> list[tuple[str, set[str]]]:
    """Times of day in ``text`` ("8:30", "8.30", "14.05") as ``(clock, numbers)``: the clock
    written one way ("8:30") and the numbers :func:`numbers_in` reads in it ({"8", "30"})."""
    found: list[tuple[str, set[str]]] = []
    for match in _CLOCK.finditer(text):
        hour, minute = int(match.group(1)), match.group(2)
        found.append((f"{hour}:{minute}", numbers_in(match.group(0))))
    return found


def clock_times(text: str) -> set[str]:
    """The times of day in ``text``, written ``h:mm`` (see :func:`clock_parts`)."""
    return {clock for clock, _ in clock_parts(text)}


def numbers_in(text: str) -> set[str]:
    """Normalised numbers of ``text``: ``48,250`` -> ``48250``; ``3.50`` -> ``3.5``; ``07`` -> ``7``.

    Numbers written in words count too (``ten`` -> ``10``, ``one hundred and twelve`` ->
    ``112``), and a multiplier word scales a number (``50 thousand`` -> ``50000``, also kept
    as ``50``): evidence and answer may write the same number either way.
    """
    found = {
        _number_key(float(re.sub(r"[,\u00a0\u2009]", "", m.group(0))))
        for m in _NUMBER.finditer(text)
    }
    found.update(scaled for _, scaled in scaled_numbers(text))
    found.update(_number_key(v) for v in word_numbers(text))
    found.update(_number_key(v) for v in spoken_days(text))
    return found


def spoken_days(text: str) -> list[float]:
    """Days of the month written as ordinal words next to a month: "the first of October",
    "twenty-first on May", "March the third" -> 1, 21, 3 (a recogniser writes dates as said;
    "first" alone is no number)."""
    days: list[float] = []
    for match in _SPOKEN_DAY.finditer(text):
        words = re.findall(r"[a-z]+", (match.group("a") or match.group("b")).lower())
        tens = _TENS.get(words[0], 0.0) if len(words) == 2 else 0.0
        days.append(tens + _ORDINAL_DAYS[words[-1]])
    return days


def scaled_numbers(text: str) -> list[tuple[str, str]]:
    """``(number, scaled)`` keys of each number followed by a multiplier word in ``text``
    (``50 thousand`` -> ``("50", "50000")``): the scaled value is the number meant."""
    pairs: list[tuple[str, str]] = []
    for match in _NUMBER.finditer(text):
        scale = _MULTIPLIERS.get(_next_word(text, match.end()))
        if scale:
            value = float(re.sub(r"[,\u00a0\u2009]", "", match.group(0)))
            pairs.append((_number_key(value), _number_key(value * scale)))
    return pairs


def word_numbers(text: str) -> list[float]:
    """Numbers spelled out in words: ``forty-two`` -> 42, ``a hundred and twelve`` -> 112,
    ``fifty thousand`` -> 50000, a year read in two halves: ``nineteen twenty eight`` -> 19,
    28 and 1928, and digits read one by one: ``two two seven`` -> 2, 2, 7 and 227 (an
    extension, a room, a phone number)."""
    values: list[float] = []
    total = current = 0.0
    in_number = False
    first_half: float | None = None  # "nineteen" of "nineteen twenty eight"
    digits: list[str] = []  # "two", "two", "seven": single digits read in a row
    previous = ""

    def close() -> None:
        nonlocal total, current, in_number, first_half
        if in_number:
            value = total + current
            values.append(value)
            if first_half is not None and 0 <= value <= 99:
                values.append(first_half * 100 + value)
        total = current = 0.0
        in_number = False

    def end_digits() -> None:
        if len(digits) >= 2:
            values.append(float("".join(digits)))
        digits.clear()

    for word in re.findall(r"[a-z]+", text.lower()):
        before, previous = previous, word
        small = _SMALL.get(word, _TENS.get(word))
        if word == "oh" and digits:  # "four oh two"
            small = 0.0
        if small is not None and small < 10 and (digits or not in_number):
            digits.append(str(int(small)))
        else:
            end_digits()
        if word == "hundred" and not in_number and before in ("a", "one"):
            current, in_number = 100.0, True  # "a hundred and twelve"
            continue
        if small is not None:
            last = current % 100
            if in_number and last and not (last % 10 == 0 and last >= 20 and small < 10):
                half = total + current  # "nineteen" then "twenty": a new number begins
                close()
                first_half = half if 10 <= half <= 99 else None
            elif not in_number:
                first_half = None
            current += small
        elif word == "hundred" and in_number:
            current = max(current, 1.0) * 100
        elif word in _MULTIPLIERS and in_number:
            total += max(current, 1.0) * _MULTIPLIERS[word]
            current = 0.0
        elif word == "and" and in_number:
            continue
        else:
            close()
            end_digits()
            first_half = None
            continue
        in_number = True
    close()
    end_digits()
    return values


def _number_key(value: float) -> str:
    """``3.50`` -> ``3.5``, ``7.0`` -> ``7``."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def _next_word(text: str, at: int) -> str:
    match = re.match(r"\s*([A-Za-z]+)", text[at:])
    return match.group(1).lower() if match else ""


_SMALL = {
    w: float(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: float(10 * (i + 2))
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_ORDINAL_DAYS = {
    w: float(i)
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(),
        start=1,
    )
} | {"twentieth": 20.0, "thirtieth": 30.0}
_DAY_WORDS = r"(?:(?:twenty|thirty)[- ])?(?:" + "|".join(_ORDINAL_DAYS) + ")"
#: An ordinal word before a month ("the first of October") or after one ("May the third").
_SPOKEN_DAY = re.compile(
    rf"\b(?P<a>{_DAY_WORDS})\s+(?:(?:of|on|in)\s+)?{MONTH_PATTERN}\b|"
    rf"\b{MONTH_PATTERN}\s+(?:the\s+)?(?P<b>{_DAY_WORDS})\b",
    re.I,
)


def names_in(text: str) -> list[str]:
    """Capitalised words and acronyms of ``text`` that name something (not function words)."""
    names: list[str] = []
    for match in _NAME.finditer(text):
        word = re.sub(r"['’]s$", "", match.group(0)).rstrip(".")
        if word.lower() in STOP_WORDS or word.lower() in _PLAIN_WORDS:
            continue
        names.append(word)
    return names


def without_marks(answer: str) -> str:
    """``answer`` with each ``[n]`` citation mark blanked: the values and names it states."""
    return _MARK.sub(" ", answer)


def _name_supported(name: str, words: set[str]) -> bool:
    """Every word of ``name`` is a word of the evidence, or its plural there ("Monday" for
    "closed on Mondays")."""
    parts = [p.lower() for p in _WORD.findall(name)]
    return all(p in words or f"{p}s" in words or p.isdigit() for p in parts)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:").lstrip(". ")


def _join(parts: list[str]) -> str:
    """Claims as sentences: a claim that starts lower-case continues the previous one."""
    out = ""
    for part in parts:
        if not out:
            out = part
        elif part[:1].islower() or part.startswith(("and ", "but ", "or ")):
            out = f"{out} {part}"
        else:
            out = f"{out}. {part}"
    return out + "."


#: Capitalised at the start of a sentence but not names.
_PLAIN_WORDS = frozenset(
    """the a an this that these those there it its they their he she his her we our you your
    yes no not none according based in on at by for from of to with as and or but if when
    where which who what how why according answer evidence""".split()
)
