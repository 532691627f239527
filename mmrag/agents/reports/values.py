"""Typed values read from text: numbers, dates, lists, table rows; units, validation, support.

Every parser returns :class:`Candidate` values with the exact span they were read from, so a
value can be checked against the chunk it cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from mmrag.agents.reports.template import FieldType, ReportField
from mmrag.platform.models import Chunk


@dataclass(frozen=True)
class Candidate:
    """A typed value seen in a passage: what it is and exactly where."""

    value: Any
    surface: str  # the exact text it was read from (checked against the chunk)
    start: int
    end: int
    unit: str | None = None
    display: str = ""  # value with its unit, as a person reads it


_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9}
_NUMBER = re.compile(
    r"(?<![\w.,\-/])(?P<cur>[£$€¥])?\s?"
    r"(?P<num>[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\w\-/]|[.,]\d)"
    r"(?P<scale>\s(?:thousand|million|billion|bn)\b)?"
    r"(?P<pct>\s?%)?",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(r"\s?(?P<unit>%|[A-Za-zµ°][\w°/²³µ.\-]*)")
_PERCENT = ("%", "percent", "per cent", "pct")
_YEAR_PREP = re.compile(
    r"\b(in|since|from|by|during|until|till|of|to|before|after|for|fy|year)\s*$", re.I
)
_STRUCTURE_BEFORE = re.compile(
    r"\b(table|figure|fig|page|section|chapter|appendix|item|step|no|number|#)\.?\s*$", re.I
)
_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_MULT = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD_NUM = re.compile(
    r"\b(?:(?:"
    + "|".join([*_SMALL, *_TENS, *_MULT])
    + r")(?:[\s-]+(?:and[\s-]+)?(?=(?:"
    + "|".join([*_SMALL, *_TENS, *_MULT])
    + r")\b))?)+\b(?P<pct>\s(?:percent|per cent))?",
    re.IGNORECASE,
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_MONTH_RE = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ymd", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    (
        "dmy",
        re.compile(
            r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _MONTH_RE
            + r"(?:,?\s+(?P<y>\d{4}))?\b",
            re.I,
        ),
    ),
    (
        "mdy",
        re.compile(
            r"\b" + _MONTH_RE + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>\d{4}))?\b",
            re.I,
        ),
    ),
    ("my", re.compile(r"\b" + _MONTH_RE + r",?\s+(?P<y>\d{4})\b", re.I)),
    ("num", re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b")),
    ("ym", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})\b(?!-)")),
    (
        "m",
        re.compile(
            r"\b(?P<mon>January|February|March|April|June|July|August|September|"
            r"October|November|December)\b"
        ),
    ),
    ("y", re.compile(r"(?<![\d,.])(?P<y>1[6-9]\d\d|20\d\d)(?![\d,]|\.\d)")),
)


def _to_float(num: str) -> float:
    return float(num.replace(",", "").replace("−", "-"))


def words_to_number(text: str) -> float | None:
    """``"fifty one"`` -> 51; ``"two thousand and five"`` -> 2005; None when not a number."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.lower()):
        if not word or word == "and":
            continue
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _MULT:
            total += max(current, 1) * _MULT[word]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _unit_after(text: str, end: int) -> str | None:
    match = _UNIT_AFTER.match(text, end)
    return match.group("unit") if match else None


def find_numbers(text: str) -> list[Candidate]:
    """Numbers in ``text`` (digits with separators, decimals, %, currency, scale words, words)."""
    found: list[Candidate] = []
    for match in _NUMBER.finditer(text):
        value = _to_float(match.group("num"))
        if match.group("scale"):
            value *= _SCALE[match.group("scale").strip().lower()]
        unit = "%" if match.group("pct") else match.group("cur")
        if unit is None:
            unit = _unit_after(text, match.end())
        surface = match.group(0).strip()
        found.append(Candidate(_clean(value), surface, match.start(), match.end(), unit, surface))
    taken = [(c.start, c.end) for c in found]
    for match in _WORD_NUM.finditer(text):
        words = match.group(0)
        if match.group("pct"):
            words = words[: match.start("pct") - match.start()]
        number = words_to_number(words)
        if number is None or words.strip().lower() in {"one", "zero"}:
            continue
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        unit = "%" if match.group("pct") else _unit_after(text, match.end())
        surface = match.group(0).strip()
        found.append(Candidate(_clean(number), surface, match.start(), match.end(), unit, surface))
    return sorted(found, key=lambda c: c.start)


def _clean(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def unit_matches(candidate: Candidate, text: str, units: Sequence[str]) -> str | None:
    """Which of ``units`` the number carries (the text right after it, or its currency)."""
    after = text[candidate.end : candidate.end + 40].lstrip().lower()
    surface = candidate.surface.lower()
    for unit in units:
        u = unit.lower().strip()
        for s in _PERCENT if u in _PERCENT else (u,):
            if s[:1].isalnum():  # a word: right after the number, or inside the surface
                hit = re.match(re.escape(s) + r"(?!\w)", after) or surface.endswith(" " + s)
            else:  # a symbol: %, £, $...
                hit = surface.startswith(s) or surface.endswith(s) or after.startswith(s)
            if hit:
                return unit
    return None


def find_dates(text: str, day_first: bool = True) -> list[Candidate]:
    """Dates in ``text`` as ISO strings: ``2024-07-18``, ``2024-06``, ``2024``, ``--07-18``."""
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []  # spans of earlier (more specific) matches, valid or not
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            iso = _iso(kind, match, day_first)
            if iso is None:
                continue
            if kind == "y" and follows_label_word(text[: match.start()]):
                continue
            found.append(Candidate(iso, match.group(0), match.start(), match.end(), None, iso))
    return sorted(found, key=lambda c: c.start)


def _iso(kind: str, match: re.Match[str], day_first: bool) -> str | None:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    day = int(groups["d"]) if groups.get("d") else None
    if kind in ("ymd", "ym"):
        month = int(groups["m"])
    elif kind == "num":
        a, b = int(groups["a"]), int(groups["b"])
        day, month = (a, b) if day_first else (b, a)
    elif groups.get("mon"):
        month = next(v for k, v in _MONTHS.items() if k.startswith(groups["mon"].lower()[:3]))
    else:
        month = 0
    if month and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            date(year or 2000, month, day)  # 2000: a leap year, so 29 February is accepted
        except ValueError:
            return None
        return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}" if year else f"--{month:02d}"
    return f"{year:04d}" if year else None


_LIST_INTRO = re.compile(
    r"^.*?\b(?:are|were|is|was|include[sd]?|including|comprise[sd]?|such as|namely|listed|"
    r"named|called)\b\s*",
    re.I,
)
_LIST_SPLIT = re.compile(r"\s*(?:[,;•\n]|\band\b|\bor\b|\s\|\s)\s*", re.I)


def split_list(text: str) -> list[str]:
    """The items of an enumeration: after a colon or an introducing verb, split on , ; and."""
    body = text.strip()
    if ":" in body and len(_LIST_SPLIT.split(body.split(":", 1)[1])) >= 2:
        body = body.split(":", 1)[1]
    else:
        head = body.split(",", 1)[0]
        intro = _LIST_INTRO.match(head)
        if intro and "," in body:
            body = body[intro.end() :]
    items = []
    for raw in _LIST_SPLIT.split(body):
        item = re.sub(r"^(?:the|a|an)\s+", "", raw.strip(" .;:-–—\"'()[]"), flags=re.I)
        if item and item.lower() not in {"etc", "and", "or"}:
            items.append(item)
    return items


def table_rows(chunk: Chunk) -> list[list[str]]:
    """A table chunk as rows of cells (from its HTML when there is one, else its text)."""
    if chunk.html and "<t" in chunk.html.lower():
        from html.parser import HTMLParser

        rows: list[list[str]] = []

        class _Rows(HTMLParser):
            cell: list[str] | None = None

            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                if tag == "tr":
                    rows.append([])
                elif tag in ("td", "th"):
                    self.cell = []

            def handle_endtag(self, tag: str) -> None:
                if tag in ("td", "th") and self.cell is not None and rows:
                    rows[-1].append(" ".join("".join(self.cell).split()))
                    self.cell = None

            def handle_data(self, data: str) -> None:
                if self.cell is not None:
                    self.cell.append(data)

        _Rows().feed(chunk.html)
        rows = [r for r in rows if any(r)]
        if rows:
            return rows
    out = []
    for line in chunk.text.splitlines():
        if line.strip():
            head, _, rest = line.partition("|")
            cells = [head.strip()] + [c.strip() for c in rest.split(";") if c.strip()]
            out.append(cells)
    return out


def fold(text: str) -> str:
    """Text with hyphenated line breaks healed, whitespace and case folded (for comparing)."""
    text = re.sub(r"(\w)-\s*\n\s*([a-z])", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip().lower().replace("−", "-")


def follows_label_word(before: str) -> bool:
    """Whether ``before`` ends in a label word ("table", "page", "no."): the number after it
    names a thing, it is not a value."""
    return _STRUCTURE_BEFORE.search(before) is not None


def year_like(cand: Candidate, text: str) -> bool:
    """Whether a number reads as a year (``2019``, ``in 1998``) rather than a quantity."""
    surface = cand.surface
    if not re.fullmatch(r"(1[89]|20)\d\d", surface) or (
        cand.unit and cand.unit.isalpha() and cand.unit.lower() not in _MONTHS
    ):
        return bool(re.fullmatch(r"(1[89]|20)\d\d", surface)) and bool(
            _YEAR_PREP.search(text[: cand.start])
        )
    return True


def supported(surface: str, chunk_text: str, value: Any = None) -> bool:
    """Whether ``surface`` occurs in ``chunk_text`` (whitespace and case folded).

    Numbers also count as supported when the chunk holds the same value (``48250`` vs
    ``48,250``).
    """
    if surface and fold(surface) in fold(chunk_text):
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return any(c.value == value for c in find_numbers(chunk_text))
    return False


def validate(item: ReportField, candidate: Candidate) -> str | None:
    """Why ``candidate`` fails the field's units or validation (None when it passes)."""
    rules = item.validation
    value = candidate.value
    if item.type is FieldType.NUMBER:
        if rules.min is not None and value < rules.min:
            return f"{candidate.display} is below the minimum {rules.min:g}"
        if rules.max is not None and value > rules.max:
            return f"{candidate.display} is above the maximum {rules.max:g}"
        if rules.integer and not float(value).is_integer():
            return f"{candidate.display} is not a whole number"
    elif item.type is FieldType.DATE:
        iso = str(value)
        if not iso.startswith("--"):
            if rules.earliest and iso[: len(rules.earliest)] < rules.earliest[: len(iso)]:
                return f"{iso} is before {rules.earliest}"
            if rules.latest and iso[: len(rules.latest)] > rules.latest[: len(iso)]:
                return f"{iso} is after {rules.latest}"
    elif item.type is FieldType.LIST:
        items = list(value)
        if rules.min_items is not None and len(items) < rules.min_items:
            return f"{len(items)} items, fewer than {rules.min_items}"
        if rules.max_items is not None and len(items) > rules.max_items:
            return f"{len(items)} items, more than {rules.max_items}"
        for entry in items:
            if rules.pattern and not re.search(rules.pattern, entry):
                return f"item {entry!r} does not match {rules.pattern!r}"
            if rules.choices and entry.lower() not in {c.lower() for c in rules.choices}:
                return f"item {entry!r} is not one of {rules.choices}"
    elif (
        item.type is FieldType.TEXT
        and rules.max_length is not None
        and len(str(value)) > rules.max_length
    ):
        return f"text is {len(str(value))} characters, over {rules.max_length}"
    return None
