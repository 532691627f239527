"""The scoring rules, as pure functions (no I/O): retrieval hit, answer match, citation precision.

Strict rules (the default):

* **target match** - a citation is *on target* when it names the item's file and, for a
  document item, the item's page; for an audio/video item, its span is at most
  ``MAX_SPAN_S`` long and overlaps ``[t_start - SLACK_S, t_end + SLACK_S]``. An item with
  neither page nor span needs the file only.
* **retrieval hit** - one of the first ``k`` citations is on target.
* **answer correct** - ``found`` is true and one expected string occurs, case-insensitively and
  on word boundaries (no letter or digit right before or after it), in the first
  ``ANSWER_WINDOW`` characters of the answer once citation markers (``p. 3``, ``[2]``,
  ``01:42-02:05``, file names) are blanked out: a cited page number is not an answer.
* **citation precision** - the share of an answer's citations that are on target.
* **concise** - the answer is correct and at most ``CONCISE_CHARS`` characters long once its
  citation markers are removed (see :func:`answer_length`).
* **answer-citation hit** - one of the answer's own citations (``Answer.citations``, not the
  retrieved evidence) is on target.

Lenient rules (``strict=False``, the first version): a citation matches on file + page, or on
any time overlap (+-``SLACK_S``) whatever its length, or on the file when the item has neither;
an answer is correct when an expected string is a case-insensitive substring anywhere in it.

File identity: a citation names the item's file when its ``uri`` (or ``file``) equals one of
the item's absolute paths, or its path ends with the item's path relative to the root
(``.../pdf/zoo.pdf``), or - fallback for uploads (``upload://zoo.pdf``) and bare names - its
base name equals the item's base name and that base name is unique in the evaluation set.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Sequence

from pydantic import BaseModel

from mmrag.platform.models import Answer, Citation

MAX_SPAN_S = 30.0
SLACK_S = 2.0
ANSWER_WINDOW = 400
CONCISE_CHARS = 200


class Target(BaseModel):
    """Where an item's answer lives, in the forms a citation may name it."""

    rel_path: str  # relative to the evaluation root, posix separators
    abs_paths: frozenset[str] = frozenset()  # absolute forms (as given, symlinks resolved)
    basename_unique: bool = True  # the base name names no other file of the evaluation set
    page: int | None = None
    t_start: float | None = None
    t_end: float | None = None

    @property
    def basename(self) -> str:
        """The file's base name."""
        return posixpath.basename(self.rel_path)


# --------------------------------------------------------------------------- file and place


def _citation_paths(citation: Citation) -> list[str]:
    paths = []
    for raw in (citation.uri, citation.file):
        if not raw:
            continue
        value = raw.replace("\\", "/")
        if "://" in value:
            value = value.split("://", 1)[1]
        paths.append(value)
    return paths


def same_file(citation: Citation, target: Target) -> bool:
    """True when the citation names the target's file (absolute, root-relative or base name)."""
    rel_parts = [p for p in target.rel_path.replace("\\", "/").split("/") if p not in ("", ".")]
    for path in _citation_paths(citation):
        normalized = posixpath.normpath(path)
        if normalized in target.abs_paths:
            return True
        parts = [p for p in normalized.split("/") if p not in ("", ".")]
        if rel_parts and len(parts) >= len(rel_parts) and parts[-len(rel_parts) :] == rel_parts:
            return True
        if target.basename_unique and posixpath.basename(normalized) == target.basename:
            return True
    return False


def _overlap(cs: float, ce: float, ws: float, we: float) -> bool:
    """A positive-length overlap, or a point citation inside the window."""
    if cs == ce:
        return ws <= cs <= we
    return min(ce, we) - max(cs, ws) > 0


def on_target(citation: Citation, target: Target, strict: bool = True) -> bool:
    """Whether ``citation`` points at the item's file and page or time span."""
    if not same_file(citation, target):
        return False
    if target.page is not None:
        return citation.page == target.page
    if target.t_start is not None and target.t_end is not None:
        cs, ce = citation.t_start, citation.t_end
        if cs is None or ce is None or ce < cs:
            return False
        if strict and ce - cs > MAX_SPAN_S:
            return False
        return _overlap(cs, ce, target.t_start - SLACK_S, target.t_end + SLACK_S)
    return True


def lenient_on_target(citation: Citation, target: Target) -> bool:
    """The first rules: same file + page, or time overlap with any span, or same file."""
    return on_target(citation, target, strict=False)


def retrieval_hit(
    citations: Sequence[Citation], target: Target, k: int, strict: bool = True
) -> bool:
    """True when one of the first ``k`` citations is on target."""
    return any(on_target(c, target, strict) for c in citations[:k])


def answer_cites_target(answer: Answer, target: Target, strict: bool = True) -> bool:
    """True when one of the answer's own citations (not its evidence list) is on target."""
    return any(on_target(c, target, strict) for c in answer.citations)


def citation_precision(citations: Sequence[Citation], target: Target, strict: bool = True) -> float:
    """Share of ``citations`` on target; 0.0 for an answer without citations."""
    if not citations:
        return 0.0
    return sum(on_target(c, target, strict) for c in citations) / len(citations)


# --------------------------------------------------------------------------- answer text

_FILE_EXT = (
    "pdf|png|jpe?g|tiff?|bmp|gif|webp|wav|mp3|m4a|flac|ogg|opus|aac|mp4|mkv|mov|webm|avi|"
    "docx?|pptx?|xlsx?|txt|md|html?|csv|json"
)
_FILE_NAME = re.compile(rf"[\w.\-/\\~:]*\.(?:{_FILE_EXT})(?![^\W_])", re.IGNORECASE)
_PAGE_REF = re.compile(
    r"(?<![^\W_])(?:pp?\.|pages?)\s*\d+(?:\s*[-–]\s*\d+)?(?![^\W_])", re.IGNORECASE
)
_BRACKET_REF = re.compile(r"\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]")
_CLOCK = r"(?:\d+:)?\d{2}:\d{2}(?:\.\d+)?"
_TIME_RANGE = re.compile(rf"(?<![\d:.]){_CLOCK}\s*[-–]\s*{_CLOCK}(?![\d:])")
_SPACE = re.compile(r"\s+")
_EMPTY_BRACKETS = re.compile(r"[(\[]\s*(?:[,;:]\s*)*[)\]]")


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def strip_citation_markers(text: str, file_names: Collection[str] = ()) -> str:
    """Blank out citation markers, keeping character positions.

    Removes file names (those given and anything ending in a known media extension), page
    references (``p. 3``, ``p.3``, ``pp. 3-4``, ``page 3``), numeric brackets (``[2]``,
    ``[1, 3]``) and clock ranges (``01:42-02:05``). A single clock value (``8:30``) stays.
    """
    for name in sorted({n for n in file_names if n}, key=len, reverse=True):
        text = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    for pattern in (_FILE_NAME, _TIME_RANGE, _PAGE_REF, _BRACKET_REF):
        text = _blank(text, pattern)
    return text


def _normalize(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def contains_on_word_boundary(text: str, expected: str) -> bool:
    """Case-insensitive match of ``expected`` with no letter or digit touching either end."""
    needle = _normalize(expected)
    if not needle:
        return False
    pattern = rf"(?<![^\W_]){re.escape(needle)}(?![^\W_])"
    return re.search(pattern, _normalize(text)) is not None


def answer_correct(
    answer: Answer,
    expected: Sequence[str],
    strict: bool = True,
    file_names: Collection[str] = (),
) -> bool:
    """Whether ``answer`` states one of the ``expected`` strings (see the module rules)."""
    if not strict:
        haystack = _normalize(answer.answer)
        return any(_normalize(e) in haystack for e in expected if e.strip())
    if not answer.found:
        return False
    names = set(file_names) | {c.file for c in answer.citations if c.file}
    window = strip_citation_markers(answer.answer, names)[:ANSWER_WINDOW]
    return any(contains_on_word_boundary(window, e) for e in expected)


def answer_length(answer: Answer, file_names: Collection[str] = ()) -> int:
    """Characters in the answer once citation markers are removed.

    The markers of :func:`strip_citation_markers` (also file names of the answer's own
    citations) are removed, brackets left empty by that are dropped and runs of white space
    count as one character.
    """
    names = set(file_names) | {c.file for c in answer.citations if c.file}
    text = strip_citation_markers(answer.answer, names)
    previous = None
    while previous != text:
        previous, text = text, _EMPTY_BRACKETS.sub(" ", text)
    return len(_SPACE.sub(" ", text).strip())


def concise_correct(
    answer: Answer,
    expected: Sequence[str],
    strict: bool = True,
    file_names: Collection[str] = (),
    limit: int = CONCISE_CHARS,
) -> bool:
    """Correct (see :func:`answer_correct`) and at most ``limit`` characters without markers."""
    return answer_correct(answer, expected, strict, file_names) and (
        answer_length(answer, file_names) <= limit
    )


def refused(answer: Answer) -> bool:
    """A refusal is an answer with ``found: false`` (the wording does not matter)."""
    return not answer.found
