"""Run an evaluation: ingest the referenced files, ask every question, score the answers.

The runner knows nothing about ingestion or retrieval internals: it gets an ``ask`` callable
(question, k) -> :class:`Answer` and an optional ``ingest`` callable (list of paths) -> any
summary, so the real pipeline, a naive baseline and test fakes are scored by the same code.
"""

from __future__ import annotations

import logging
import math
import os
import posixpath
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from mmrag.agents.evaluation import scoring
from mmrag.agents.evaluation.dataset import EvalItem
from mmrag.platform.models import Answer, Citation

log = logging.getLogger(__name__)

AskFn = Callable[[str, int], Answer]
IngestFn = Callable[[list[Path]], object]

MODALITY_ORDER = ("text", "table", "chart", "scan", "image", "audio", "video")


class AskRecord(BaseModel):
    """One call of ``ask``: the answer (None when it raised), its wall time and any error."""

    answer: Answer | None = None
    latency_s: float = 0.0
    error: str | None = None


class CitationResult(BaseModel):
    """A citation as reported per item, with whether it pointed at the item's target."""

    file: str
    uri: str
    page: int | None = None
    t_start: float | None = None
    t_end: float | None = None
    score: float = 0.0
    on_target: bool | None = None


class ItemResult(BaseModel):
    """The outcome for one question."""

    id: str
    kind: str  # "answerable" or "unanswerable"
    modality: str
    question: str
    file: str | None = None
    page: int | None = None
    t_start: float | None = None
    t_end: float | None = None
    expected: list[str] = Field(default_factory=list)
    hit: bool | None = None  # retrieval hit in the top k (answerable only)
    correct: bool  # answer correct; for unanswerable: refused (found is false)
    found: bool | None = None
    precision: float | None = None  # citation precision (answerable, found only)
    concise: bool | None = None  # correct and short (answerable only)
    answer_chars: int | None = None  # answer length without citation markers
    cited_target: bool | None = None  # an answer citation on target (answerable, found only)
    answer: str = ""
    citations: list[CitationResult] = Field(default_factory=list)
    latency_s: float = 0.0
    error: str | None = None


class Scores(BaseModel):
    """Aggregate scores over a group of answerable items."""

    n: int
    recall_at_k: float
    answer_accuracy: float
    citation_precision: float | None = None  # mean over items answered with found: true
    found_rate: float  # share answered with found: true (1 - false-refusal rate)
    concise_accuracy: float = 0.0  # correct and <= scoring.CONCISE_CHARS without markers
    answer_citation_hit: float | None = None  # over found: true, an answer citation on target


class EvalReport(BaseModel):
    """The whole evaluation: aggregates, per modality, per item, timings."""

    rules: str  # "strict" or "lenient"
    k: int
    n: int
    overall: Scores
    by_modality: dict[str, Scores]
    refusal_rate: float | None = None
    n_unanswerable: int = 0
    citation_precision: float | None = None
    ingest_s: float | None = None
    ask_p50_s: float | None = None
    ask_p95_s: float | None = None
    ingest: dict[str, object] | None = None
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    per_item: list[ItemResult] = Field(default_factory=list)


# --------------------------------------------------------------------------- running


def timed_ask(ask: AskFn, question: str, k: int) -> AskRecord:
    """Call ``ask`` once; an exception is recorded (the item then scores as wrong), not raised."""
    start = time.perf_counter()
    try:
        answer = ask(question, k)
    except Exception as exc:  # an eval reports failures per item instead of stopping
        log.warning("ask failed: %s", exc, extra={"question": question[:200]})
        return AskRecord(
            latency_s=time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}"
        )
    return AskRecord(answer=answer, latency_s=time.perf_counter() - start)


def referenced_files(items: Sequence[EvalItem]) -> list[Path]:
    """The distinct files the items point at, in first-appearance order."""
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item.path or item.file, None)
    return [Path(p) for p in seen]


def run_eval(
    items: Sequence[EvalItem],
    unanswerable: Sequence[str],
    ask: AskFn,
    ingest: IngestFn | None = None,
    k: int = 5,
    strict: bool = True,
) -> EvalReport:
    """Ingest the items' files (when ``ingest`` is given), ask every question, score all."""
    ingest_s: float | None = None
    summary: dict[str, object] | None = None
    if ingest is not None:
        files = referenced_files(items)
        log.info("eval ingest", extra={"files": len(files)})
        start = time.perf_counter()
        result = ingest(files)
        ingest_s = time.perf_counter() - start
        summary = _as_dict(result)
    answers = [timed_ask(ask, item.question, k) for item in items]
    refusals = [timed_ask(ask, question, k) for question in unanswerable]
    return score_report(items, unanswerable, answers, refusals, k, strict, ingest_s, summary)


def _as_dict(result: object) -> dict[str, object] | None:
    if result is None:
        return None
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, dict):
        return {str(key): value for key, value in result.items()}
    return {"summary": repr(result)}


# --------------------------------------------------------------------------- scoring


def build_targets(items: Sequence[EvalItem]) -> dict[str, scoring.Target]:
    """Each item's :class:`~scoring.Target`, with absolute forms and base-name uniqueness."""
    files = {item.file.replace("\\", "/") for item in items}
    names = Counter(posixpath.basename(f) for f in files)
    targets: dict[str, scoring.Target] = {}
    for item in items:
        rel = item.file.replace("\\", "/")
        abs_paths: set[str] = set()
        if item.path:
            abs_paths = {
                posixpath.normpath(os.path.abspath(item.path)),
                posixpath.normpath(os.path.realpath(item.path)),
            }
        targets[item.id] = scoring.Target(
            rel_path=rel,
            abs_paths=frozenset(abs_paths),
            basename_unique=names[posixpath.basename(rel)] == 1,
            page=item.page,
            t_start=item.t_start,
            t_end=item.t_end,
        )
    return targets


def _citation_results(
    citations: Sequence[Citation], target: scoring.Target | None, strict: bool
) -> list[CitationResult]:
    return [
        CitationResult(
            file=c.file,
            uri=c.uri,
            page=c.page,
            t_start=c.t_start,
            t_end=c.t_end,
            score=c.score,
            on_target=None if target is None else scoring.on_target(c, target, strict),
        )
        for c in citations
    ]


def score_item(
    item: EvalItem, target: scoring.Target, record: AskRecord, k: int, strict: bool = True
) -> ItemResult:
    """Score one answerable item from its ask record."""
    answer = record.answer
    base = ItemResult(
        id=item.id,
        kind="answerable",
        modality=item.modality,
        question=item.question,
        file=item.file,
        page=item.page,
        t_start=item.t_start,
        t_end=item.t_end,
        expected=list(item.answer_contains),
        hit=False,
        correct=False,
        latency_s=record.latency_s,
        error=record.error,
    )
    if answer is None:
        return base
    citations = answer.citations
    names = {target.basename, posixpath.basename(item.path)} if item.path else {target.basename}
    base.hit = scoring.retrieval_hit(answer.evidence or citations, target, k, strict)
    base.correct = scoring.answer_correct(answer, item.answer_contains, strict, names)
    base.found = answer.found
    base.precision = scoring.citation_precision(citations, target, strict) if answer.found else None
    base.answer_chars = scoring.answer_length(answer, names)
    base.concise = base.correct and base.answer_chars <= scoring.CONCISE_CHARS
    base.cited_target = (
        scoring.answer_cites_target(answer, target, strict) if answer.found else None
    )
    base.answer = answer.answer
    base.citations = _citation_results(citations, target, strict)
    return base


def score_refusal(index: int, question: str, record: AskRecord) -> ItemResult:
    """Score one unanswerable question: correct only when answered with ``found: false``."""
    answer = record.answer
    return ItemResult(
        id=f"unanswerable-{index:02d}",
        kind="unanswerable",
        modality="unanswerable",
        question=question,
        correct=answer is not None and scoring.refused(answer),
        found=None if answer is None else answer.found,
        answer="" if answer is None else answer.answer,
        citations=[] if answer is None else _citation_results(answer.citations, None, True),
        latency_s=record.latency_s,
        error=record.error,
    )


def aggregate(results: Sequence[ItemResult]) -> Scores:
    """Recall@k, answer and concise accuracy, citation precision and hit, found rate."""
    n = len(results)
    if n == 0:
        return Scores(n=0, recall_at_k=0.0, answer_accuracy=0.0, found_rate=0.0)
    precisions = [r.precision for r in results if r.precision is not None]
    cited = [r.cited_target for r in results if r.cited_target is not None]
    return Scores(
        n=n,
        recall_at_k=round(sum(bool(r.hit) for r in results) / n, 4),
        answer_accuracy=round(sum(r.correct for r in results) / n, 4),
        citation_precision=round(statistics.fmean(precisions), 4) if precisions else None,
        found_rate=round(sum(bool(r.found) for r in results) / n, 4),
        concise_accuracy=round(sum(bool(r.concise) for r in results) / n, 4),
        answer_citation_hit=round(sum(cited) / len(cited), 4) if cited else None,
    )


def _modality_key(name: str) -> tuple[int, str]:
    return (MODALITY_ORDER.index(name) if name in MODALITY_ORDER else len(MODALITY_ORDER), name)


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))  # nearest rank
    return round(ordered[rank], 4)


def score_report(
    items: Sequence[EvalItem],
    unanswerable: Sequence[str],
    answers: Sequence[AskRecord],
    refusals: Sequence[AskRecord],
    k: int,
    strict: bool = True,
    ingest_s: float | None = None,
    ingest_summary: dict[str, object] | None = None,
) -> EvalReport:
    """Score recorded answers (one per item, one per unanswerable question) into a report."""
    if len(answers) != len(items) or len(refusals) != len(unanswerable):
        raise ValueError("one ask record is needed per item and per unanswerable question")
    targets = build_targets(items)
    results = [
        score_item(item, targets[item.id], record, k, strict)
        for item, record in zip(items, answers, strict=True)
    ]
    refused = [
        score_refusal(i, q, r)
        for i, (q, r) in enumerate(zip(unanswerable, refusals, strict=True), 1)
    ]
    groups: dict[str, list[ItemResult]] = {}
    for result in results:
        groups.setdefault(result.modality, []).append(result)
    overall = aggregate(results)
    latencies = [r.latency_s for r in [*results, *refused]]
    return EvalReport(
        rules="strict" if strict else "lenient",
        k=k,
        n=len(results),
        overall=overall,
        by_modality={m: aggregate(groups[m]) for m in sorted(groups, key=_modality_key)},
        refusal_rate=round(sum(r.correct for r in refused) / len(refused), 4) if refused else None,
        n_unanswerable=len(refused),
        citation_precision=overall.citation_precision,
        ingest_s=None if ingest_s is None else round(ingest_s, 3),
        ask_p50_s=_percentile(latencies, 0.5),
        ask_p95_s=_percentile(latencies, 0.95),
        ingest=ingest_summary,
        per_item=[*results, *refused],
    )
