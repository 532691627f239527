"""Batch report extraction: a YAML template of typed fields, run over a set of documents.

A template names fields, each with a question and a type (number, date, text, list, table),
optional units and validation. For every document and field the question is asked restricted
to that document; the value is parsed from the *cited evidence text* (never from model prose
alone) and must occur in the cited chunk. Each cell ends as ``found`` (value + citation),
``missing`` (with the reason) or ``invalid`` (a value was seen but failed units, validation or
the support check). Results are written as CSV (one row per document), JSON, Markdown and HTML,
with a PNG bar chart of the numeric fields.

The Celery task ``mmrag.run_report`` is :func:`run_report_task`; register it with
:func:`register_report_tasks`.
"""

from __future__ import annotations

import csv
import fnmatch
import html
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from celery import Celery
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mmrag.agents.answering.question import counted_term, document_name_terms, query_terms
from mmrag.agents.answering.units import split_sentences
from mmrag.platform.errors import InputError, NotFound
from mmrag.platform.jobs import Document
from mmrag.platform.models import Answer, Chunk, Citation, ElementKind, Modality, SearchFilters
from mmrag.platform.runtime import Runtime, current_runtime
from mmrag.platform.safe_yaml import YamlRefused, load_yaml
from mmrag.platform.schedules import TASK_RUN_REPORT, confine_out_dir, format_out_dir
from mmrag.platform.sparse import tokenize

log = logging.getLogger(__name__)

# =============================================================================== template


class FieldType(StrEnum):
    """What kind of value a field holds."""

    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    LIST = "list"
    TABLE = "table"


class FieldValidation(BaseModel):
    """Checks a parsed value must pass; candidates that fail are skipped, none left: invalid."""

    model_config = ConfigDict(extra="forbid")

    min: float | None = None  # number
    max: float | None = None
    integer: bool = False  # number must be whole
    earliest: str | None = None  # date, ISO prefix ("2020", "2020-01-31")
    latest: str | None = None
    pattern: str | None = None  # text: the value is the match (group 1 if any); list: per item
    choices: list[str] | None = None  # text: the value is the choice found; list: per item
    min_items: int | None = Field(default=None, ge=0)  # list
    max_items: int | None = Field(default=None, ge=1)
    max_length: int | None = Field(default=None, ge=1)  # text
    day_first: bool = True  # date: 03/04/2024 is 3 April

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from exc
        return value


class ReportField(BaseModel):
    """One column of the report."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)
    question: str = Field(min_length=3)
    type: FieldType = FieldType.TEXT
    units: list[str] = Field(default_factory=list)  # accepted unit spellings (any of them)
    description: str = ""
    validation: FieldValidation = Field(default_factory=FieldValidation)

    @field_validator("units", mode="before")
    @classmethod
    def _one_unit(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class DocumentSelector(BaseModel):
    """Which documents a template runs over by default (all of the tenant's when empty)."""

    model_config = ConfigDict(extra="forbid")

    source_ids: list[str] | None = None
    folder: str | None = None  # uri prefix: files ingested from this folder (recursively)
    pattern: str | None = None  # filename glob, e.g. "*.pdf"


class ReportTemplate(BaseModel):
    """A report: its fields, the documents it covers and retrieval depth."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", max_length=100)
    title: str = ""
    description: str = ""
    tenant: str | None = None
    k: int = Field(default=5, ge=1, le=50)
    documents: DocumentSelector = Field(default_factory=DocumentSelector)
    fields: list[ReportField] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> ReportTemplate:
        seen: set[str] = set()
        for item in self.fields:
            if item.name in seen:
                raise ValueError(f"duplicate field name {item.name!r}")
            seen.add(item.name)
        return self


MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateError(InputError):
    """A report template that cannot be used; the message says where and why."""

    code = "invalid_report_template"


def load_template(path: Path) -> ReportTemplate:
    """Read and validate a YAML (or JSON) template file (aliases, deep nesting, huge files refused)."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"report template {path}: cannot read: {exc.strerror}") from exc
    try:
        data = load_yaml(text, max_bytes=MAX_TEMPLATE_BYTES)
    except YamlRefused as exc:
        raise TemplateError(f"report template {path}: {exc.message}") from None
    return parse_template(data, source=str(path))


def parse_template(data: object, source: str = "template") -> ReportTemplate:
    """Validate a parsed template; errors name the field (``fields[2] 'leakage'.type``)."""
    if not isinstance(data, Mapping):
        raise TemplateError(
            f"report template {source}: expected a mapping with 'name' and 'fields'"
        )
    try:
        return ReportTemplate.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_input=False)
        problems = [f"{_loc(err['loc'], data)[:100]}: {err['msg'][:200]}" for err in errors[:10]]
        more = f"; and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise TemplateError(f"report template {source}: " + "; ".join(problems) + more) from None


def _loc(loc: Sequence[int | str], data: Mapping[str, Any]) -> str:
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            parts[-1] += f"[{part}]"
            if i >= 1 and loc[i - 1] == "fields":
                fields = data.get("fields")
                if isinstance(fields, list) and part < len(fields):
                    name = fields[part].get("name") if isinstance(fields[part], dict) else None
                    if name:
                        parts[-1] += f" {name!r}"
        else:
            parts.append(str(part))
    return ".".join(parts) or "template"


# =============================================================================== values


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
            if kind == "y" and _STRUCTURE_BEFORE.search(text[: match.start()]):
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


def _norm(text: str) -> str:
    text = re.sub(r"(\w)-\s*\n\s*([a-z])", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip().lower().replace("−", "-")


def supported(surface: str, chunk_text: str, value: Any = None) -> bool:
    """Whether ``surface`` occurs in ``chunk_text`` (whitespace and case folded).

    Numbers also count as supported when the chunk holds the same value (``48250`` vs
    ``48,250``).
    """
    if surface and _norm(surface) in _norm(chunk_text):
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


# =============================================================================== extraction


class FieldStatus(StrEnum):
    """Outcome of one field for one document."""

    FOUND = "found"
    MISSING = "missing"
    INVALID = "invalid"


class FieldResult(BaseModel):
    """One cell: the value (found only), its evidence and status."""

    field: str
    status: FieldStatus
    value: Any = None
    text: str = ""  # what the value was read from (found/invalid)
    unit: str | None = None
    quote: str = ""  # the evidence passage (sentence or table row)
    reason: str = ""  # why missing/invalid
    citation: Citation | None = None
    answer: str = ""  # the QA answer the value was checked against

    def display(self) -> str:
        """Value as a person reads it ('' unless found)."""
        if self.status is not FieldStatus.FOUND:
            return ""
        if isinstance(self.value, list):
            if self.value and isinstance(self.value[0], list):
                return "\n".join(" | ".join(row) for row in self.value)
            return "; ".join(str(v) for v in self.value)
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return str(self.value)


class ReportRow(BaseModel):
    """One document's results."""

    source_id: str
    filename: str
    uri: str
    fields: dict[str, FieldResult]


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
    u, q = _norm(unit), _norm(quote)
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
            if cand.value in q_numbers or _STRUCTURE_BEFORE.search(before):
                continue
            if _year_like(cand, text) and not _YEAR_Q.search(item.question):
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


def _year_like(cand: Candidate, text: str) -> bool:
    surface = cand.surface
    if not re.fullmatch(r"(1[89]|20)\d\d", surface) or (
        cand.unit and cand.unit.isalpha() and cand.unit.lower() not in _MONTHS
    ):
        return bool(re.fullmatch(r"(1[89]|20)\d\d", surface)) and bool(
            _YEAR_PREP.search(text[: cand.start])
        )
    return True


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


# =============================================================================== running

AskFn = Callable[[str, SearchFilters, int], Answer]
"""Answers a question under filters with k evidence passages (``ask_question`` bound)."""


class ReportResult(BaseModel):
    """A finished report: its rows and the files written."""

    template: str
    title: str
    rows: list[ReportRow]
    fields: list[ReportField]
    files: dict[str, Path] = Field(default_factory=dict)
    started_at: float
    finished_at: float

    def counts(self) -> dict[str, dict[str, int]]:
        """Per field: how many documents found / missing / invalid."""
        out: dict[str, dict[str, int]] = {}
        for item in self.fields:
            out[item.name] = {s.value: 0 for s in FieldStatus}
            for row in self.rows:
                out[item.name][row.fields[item.name].status.value] += 1
        return out

    def summary(self) -> dict[str, Any]:
        """JSON-safe summary (what the Celery task returns)."""
        return {
            "template": self.template,
            "documents": len(self.rows),
            "seconds": round(self.finished_at - self.started_at, 2),
            "counts": self.counts(),
            "files": {k: str(v) for k, v in self.files.items()},
        }


def select_documents(
    runtime: Runtime,
    template: ReportTemplate,
    source_ids: Sequence[str] | None = None,
    tenant: str | None = None,
) -> list[Document]:
    """The documents a run covers: ``source_ids`` when given, else the template's selector."""
    tenant = tenant or template.tenant or runtime.settings.tenant
    docs = runtime.store.list_documents(tenant)
    wanted = list(source_ids) if source_ids else template.documents.source_ids
    if wanted:
        by_id = {d.source_id: d for d in docs}
        unknown = [s for s in wanted if s not in by_id]
        if unknown:
            raise NotFound(f"no such document(s) for tenant {tenant!r}: {', '.join(unknown)}")
        docs = [by_id[s] for s in wanted]
    selector = template.documents
    if selector.folder and not source_ids:
        folder = str(Path(selector.folder).expanduser().resolve()).rstrip("/") + "/"
        docs = [d for d in docs if d.uri.startswith(folder) or d.uri.startswith(selector.folder)]
    if selector.pattern and not source_ids:
        docs = [d for d in docs if fnmatch.fnmatch(d.filename, selector.pattern)]
    return sorted(docs, key=lambda d: (d.filename, d.source_id))


def run_report(
    runtime: Runtime,
    template: ReportTemplate,
    source_ids: Sequence[str] | None,
    out_dir: Path,
    tenant: str | None = None,
    options: ReportOptions | None = None,
    ask: AskFn | None = None,
) -> ReportResult:
    """Extract every field from every selected document and write CSV, JSON, MD, HTML (+PNG)."""
    started = time.time()
    tenant = tenant or template.tenant or runtime.settings.tenant
    docs = select_documents(runtime, template, source_ids, tenant)
    if ask is None:
        from mmrag.agents.service import ask_question

        def ask(question: str, filters: SearchFilters, k: int) -> Answer:
            return ask_question(runtime, question, filters, k=k)

    rows: list[ReportRow] = []
    for doc in docs:
        cells: dict[str, FieldResult] = {}
        for item in template.fields:
            filters = SearchFilters(tenant=tenant, source_ids=[doc.source_id])
            answer = ask(item.question, filters, template.k)
            ids = [c.chunk_id for c in [*answer.citations, *answer.evidence]]
            chunks = (
                {c.id: c for c in runtime.index.retrieve(list(dict.fromkeys(ids)))} if ids else {}
            )
            cells[item.name] = extract_field(item, answer, chunks, options)
        rows.append(
            ReportRow(source_id=doc.source_id, filename=doc.filename, uri=doc.uri, fields=cells)
        )
        log.info("report document done", extra={"report": template.name, "file": doc.filename})
    result = ReportResult(
        template=template.name,
        title=template.title or template.name,
        rows=rows,
        fields=template.fields,
        started_at=started,
        finished_at=time.time(),
    )
    result.files = write_report(result, out_dir)
    log.info("report written", extra={"report": template.name, "documents": len(rows)})
    return result


# =============================================================================== writers


def write_report(result: ReportResult, out_dir: Path) -> dict[str, Path]:
    """Write ``report.csv``, ``report.json``, ``report.md``, ``report.html`` (+ ``report.png``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "csv": write_csv(result, out_dir / "report.csv"),
        "json": write_json(result, out_dir / "report.json"),
    }
    png = plot_numeric(result, out_dir / "report.png")
    if png is not None:
        files["png"] = png
    files["md"] = write_markdown(result, out_dir / "report.md", png)
    files["html"] = write_html(result, out_dir / "report.html", png)
    return files


def csv_columns(result: ReportResult) -> list[str]:
    """``document, source_id``, then per field: value, unit, status, citation, reason."""
    cols = ["document", "source_id"]
    for item in result.fields:
        n = item.name
        cols += [n, f"{n}_unit", f"{n}_status", f"{n}_citation", f"{n}_reason"]
    return cols


def write_csv(result: ReportResult, path: Path) -> Path:
    """One row per document."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(csv_columns(result))
        for row in result.rows:
            line = [row.filename, row.source_id]
            for item in result.fields:
                cell = row.fields[item.name]
                value = cell.display()
                if item.type is FieldType.TABLE and cell.status is FieldStatus.FOUND:
                    value = json.dumps(cell.value)
                line += [
                    value,
                    cell.unit or "",
                    cell.status.value,
                    cell.citation.label() if cell.citation else "",
                    cell.reason,
                ]
            writer.writerow(line)
    return path


def write_json(result: ReportResult, path: Path) -> Path:
    """The full result: template fields, rows with values, quotes, citations and reasons."""
    data = {
        "template": result.template,
        "title": result.title,
        "generated_at": datetime.fromtimestamp(result.finished_at, UTC).isoformat(),
        "fields": [f.model_dump(mode="json") for f in result.fields],
        "counts": result.counts(),
        "rows": [r.model_dump(mode="json") for r in result.rows],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _numeric_series(result: ReportResult) -> dict[str, list[tuple[str, float]]]:
    series: dict[str, list[tuple[str, float]]] = {}
    for item in result.fields:
        if item.type is not FieldType.NUMBER:
            continue
        points = [
            (row.filename, float(row.fields[item.name].value))
            for row in result.rows
            if row.fields[item.name].status is FieldStatus.FOUND
        ]
        if points:
            series[item.name] = points
    return series


def plot_numeric(result: ReportResult, path: Path) -> Path | None:
    """A bar chart per numeric field (documents on the axis); None when nothing was found."""
    series = _numeric_series(result)
    if not series:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    n_docs = max(len(p) for p in series.values())
    fig = Figure(figsize=(7.0, max(1.6, 0.35 * n_docs + 1.0) * len(series)), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(series), 1, squeeze=False)
    units = {f.name: (f.units[0] if f.units else "") for f in result.fields}
    for ax, (name, points) in zip(axes[:, 0], series.items(), strict=True):
        labels = [p[0] for p in points]
        values = [p[1] for p in points]
        ax.barh(labels, values, color="#3b7dd8")
        for y, v in enumerate(values):
            ax.text(v, y, f" {v:g}", va="center", fontsize=8)
        ax.set_title(f"{name} ({units[name]})" if units[name] else name, fontsize=10)
        ax.invert_yaxis()
        ax.tick_params(labelsize=8)
        ax.margins(x=0.15)
    fig.tight_layout()
    fig.savefig(path, format="png")
    return path


def _cell_text(cell: FieldResult) -> str:
    if cell.status is FieldStatus.FOUND:
        unit = f" {cell.unit}" if cell.unit and cell.unit != "%" else (cell.unit or "")
        cite = f" [{cell.citation.label()}]" if cell.citation else ""
        value = cell.display().replace("\n", "; ")
        if isinstance(cell.value, int) and not isinstance(cell.value, bool):
            value = f"{cell.value:,}"
        return f"{value}{unit}{cite}"
    return f"{cell.status.value}: {cell.reason}"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_markdown(result: ReportResult, path: Path, png: Path | None) -> Path:
    """A Markdown report: values table, per-field counts, the plot and the evidence quotes."""
    generated = datetime.fromtimestamp(result.finished_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# {result.title}",
        "",
        f"Template `{result.template}`, generated {generated}, {len(result.rows)} document(s).",
        "",
    ]
    names = [f.name for f in result.fields]
    lines += ["| document | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for row in result.rows:
        cells = [_md_escape(_cell_text(row.fields[n])) for n in names]
        lines.append(f"| {_md_escape(row.filename)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Status per field",
        "",
        "| field | found | missing | invalid |",
        "|---|---|---|---|",
    ]
    for name, c in result.counts().items():
        lines.append(f"| {name} | {c['found']} | {c['missing']} | {c['invalid']} |")
    if png is not None:
        lines += ["", "## Numeric fields", "", f"![numeric fields]({png.name})"]
    lines += ["", "## Evidence", ""]
    for row in result.rows:
        lines += [f"### {row.filename}", ""]
        for item in result.fields:
            cell = row.fields[item.name]
            if cell.citation is None:
                lines.append(f"- **{item.name}**: {cell.status.value} ({cell.reason})")
                continue
            lines.append(
                f"- **{item.name}** ({cell.status.value}, {cell.citation.label()}): "
                f"> {_md_escape(cell.quote)}"
            )
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_html(result: ReportResult, path: Path, png: Path | None) -> Path:
    """The same report as one HTML page (the PNG next to it)."""
    esc = html.escape
    names = [f.name for f in result.fields]
    head = "".join(f"<th>{esc(n)}</th>" for n in names)
    body = []
    for row in result.rows:
        cells = "".join(
            f'<td class="{row.fields[n].status.value}" title="{esc(row.fields[n].quote)}">'
            f"{esc(_cell_text(row.fields[n]))}</td>"
            for n in names
        )
        body.append(f"<tr><th>{esc(row.filename)}</th>{cells}</tr>")
    counts = "".join(
        f"<tr><td>{esc(n)}</td><td>{c['found']}</td><td>{c['missing']}</td><td>{c['invalid']}</td></tr>"
        for n, c in result.counts().items()
    )
    plot = f'<h2>Numeric fields</h2><img src="{esc(png.name)}" alt="numeric fields">' if png else ""
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(result.title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
td.missing{{color:#777}}td.invalid{{color:#b00}}</style></head><body>
<h1>{esc(result.title)}</h1>
<p>Template <code>{esc(result.template)}</code>, {len(result.rows)} document(s).</p>
<table><tr><th>document</th>{head}</tr>{"".join(body)}</table>
<h2>Status per field</h2>
<table><tr><th>field</th><th>found</th><th>missing</th><th>invalid</th></tr>{counts}</table>
{plot}
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


# =============================================================================== Celery


def run_report_task(
    template_path: str,
    source_ids: list[str] | None = None,
    out_dir: str | None = None,
    tenant: str | None = None,
) -> dict[str, Any]:
    """Celery task body of ``mmrag.run_report``: run a template file, return the summary.

    ``out_dir`` may hold ``{name}``, ``{date}`` and ``{timestamp}``; by default
    ``<data_dir>/reports/<name>/<timestamp>``.
    """
    runtime = current_runtime()
    template = load_template(Path(template_path))
    pattern = out_dir or str(runtime.settings.data_dir / "reports" / "{name}" / "{timestamp}")
    target = confine_out_dir(runtime.settings, Path(format_out_dir(pattern, template.name)))
    return run_report(runtime, template, source_ids, target, tenant=tenant).summary()


def register_report_tasks(app: Celery) -> None:
    """Register ``mmrag.run_report`` on ``app`` (idempotent)."""
    if TASK_RUN_REPORT in app.tasks:
        return
    app.task(name=TASK_RUN_REPORT, acks_late=True)(run_report_task)


__all__ = [
    "Candidate",
    "DocumentSelector",
    "FieldResult",
    "FieldStatus",
    "FieldType",
    "FieldValidation",
    "ReportField",
    "ReportOptions",
    "ReportResult",
    "ReportRow",
    "ReportTemplate",
    "TemplateError",
    "extract_field",
    "find_dates",
    "find_numbers",
    "load_template",
    "parse_template",
    "register_report_tasks",
    "run_report",
    "run_report_task",
    "select_documents",
    "split_list",
    "supported",
    "table_rows",
    "validate",
    "words_to_number",
    "write_report",
]
