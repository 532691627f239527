"""Evaluation output: JSON files, a readable table, report comparison and the CLI entry points."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError
from rich.console import Console
from rich.table import Table

from mmrag.agents.evaluation.dataset import load_items, load_unanswerable
from mmrag.agents.evaluation.runner import AskFn, EvalReport, IngestFn, Scores, run_eval
from mmrag.agents.evaluation.scoring import CONCISE_CHARS
from mmrag.platform.errors import InputError

log = logging.getLogger(__name__)


def write_report(report: EvalReport, path: Path) -> None:
    """Write the report as indented JSON (parent folders are created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")


def load_report(path: Path) -> EvalReport:
    """Read a report written by :func:`write_report`."""
    try:
        return EvalReport.model_validate_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise InputError(f"report not found: {path}") from exc
    except ValidationError as exc:
        raise InputError(f"{path} is not an mmrag eval report: {exc.error_count()} errors") from exc


def summary_dict(report: EvalReport) -> dict[str, object]:
    """The report without ``per_item`` (what a benchmark prints)."""
    data = report.model_dump(mode="json", exclude={"per_item"})
    return dict(data)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(name: str, scores: Scores) -> list[str]:
    return [
        name,
        str(scores.n),
        _fmt(scores.recall_at_k),
        _fmt(scores.answer_accuracy),
        _fmt(scores.concise_accuracy),
        _fmt(scores.citation_precision),
        _fmt(scores.answer_citation_hit),
        _fmt(scores.found_rate),
    ]


def render_table(report: EvalReport) -> Table:
    """A rich table: one row per modality plus the overall row, timings in the caption."""
    table = Table(title=f"mmrag eval ({report.rules} rules, k={report.k})")
    columns = (
        "modality",
        "n",
        f"recall@{report.k}",
        "answer acc",
        "concise acc",
        "cit. precision",
        "cit. hit",
        "found",
    )
    for column in columns:
        table.add_column(column, justify="left" if column == "modality" else "right")
    for name, scores in report.by_modality.items():
        table.add_row(*_row(name, scores))
    table.add_section()
    table.add_row(*_row("overall", report.overall), style="bold")
    parts = [
        f"concise: correct in <= {CONCISE_CHARS} chars without citation marks; "
        "cit. hit: an answer citation on target (found answers)"
    ]
    if report.refusal_rate is not None:
        parts.append(f"refusal rate {report.refusal_rate:.3f} (n={report.n_unanswerable})")
    if report.ingest_s is not None:
        parts.append(f"ingest {report.ingest_s:.1f} s")
    if report.ask_p50_s is not None:
        parts.append(f"ask p50 {report.ask_p50_s:.3f} s, p95 {_fmt(report.ask_p95_s)} s")
    table.caption = "; ".join(parts)
    return table


class Flip(BaseModel):
    """One item whose outcome changed between two reports."""

    id: str
    modality: str
    field: str  # "hit" or "correct"
    old: bool | None
    new: bool | None


class ReportDiff(BaseModel):
    """What changed between two reports: metric deltas and flipped items."""

    overall: dict[str, float | None] = Field(default_factory=dict)  # new - old
    by_modality: dict[str, dict[str, float | None]] = Field(default_factory=dict)
    refusal_rate: float | None = None
    fixed: list[Flip] = Field(default_factory=list)  # false -> true
    broken: list[Flip] = Field(default_factory=list)  # true -> false
    only_old: list[str] = Field(default_factory=list)
    only_new: list[str] = Field(default_factory=list)


def _delta(old: float | None, new: float | None) -> float | None:
    return None if old is None or new is None else round(new - old, 4)


def _score_deltas(old: Scores | None, new: Scores | None) -> dict[str, float | None]:
    keys = (
        "recall_at_k",
        "answer_accuracy",
        "concise_accuracy",
        "citation_precision",
        "answer_citation_hit",
        "found_rate",
    )
    return {
        key: _delta(getattr(old, key) if old else None, getattr(new, key) if new else None)
        for key in keys
    }


def compare_reports(old: EvalReport, new: EvalReport) -> ReportDiff:
    """Items whose hit or correctness flipped (matched by id), and metric deltas."""
    old_items = {r.id: r for r in old.per_item}
    new_items = {r.id: r for r in new.per_item}
    diff = ReportDiff(
        overall=_score_deltas(old.overall, new.overall),
        by_modality={
            m: _score_deltas(old.by_modality.get(m), new.by_modality.get(m))
            for m in dict.fromkeys([*old.by_modality, *new.by_modality])
        },
        refusal_rate=_delta(old.refusal_rate, new.refusal_rate),
        only_old=sorted(set(old_items) - set(new_items)),
        only_new=sorted(set(new_items) - set(old_items)),
    )
    for item_id, before in old_items.items():
        after = new_items.get(item_id)
        if after is None:
            continue
        for field in ("hit", "correct"):
            was, now = getattr(before, field), getattr(after, field)
            if bool(was) == bool(now) or (was is None and now is None):
                continue
            flip = Flip(id=item_id, modality=after.modality, field=field, old=was, new=now)
            (diff.fixed if now else diff.broken).append(flip)
    return diff


def render_diff(diff: ReportDiff) -> Table:
    """A rich table of flipped items, metric deltas in the caption."""
    table = Table(title="eval compare: flipped items")
    for column in ("id", "modality", "field", "change"):
        table.add_column(column)
    for flip in diff.fixed:
        table.add_row(flip.id, flip.modality, flip.field, "[green]fixed[/green]")
    for flip in diff.broken:
        table.add_row(flip.id, flip.modality, flip.field, "[red]broken[/red]")
    deltas = ", ".join(f"{k} {v:+.3f}" for k, v in diff.overall.items() if v is not None)
    table.caption = f"overall: {deltas}" + (
        f"; refusal {diff.refusal_rate:+.3f}" if diff.refusal_rate is not None else ""
    )
    return table


def eval_command(
    qa_path: Path,
    root: Path,
    ask: AskFn,
    ingest: IngestFn | None = None,
    k: int = 5,
    json_out: Path | None = None,
    unanswerable: Path | None = None,
    lenient: bool = False,
    console: Console | None = None,
) -> EvalReport:
    """What ``mmrag eval`` does: load, ingest, ask, score, print the table, write JSON."""
    items = load_items(qa_path, root)
    questions = load_unanswerable(unanswerable) if unanswerable else []
    report = run_eval(items, questions, ask, ingest, k=k, strict=not lenient)
    if json_out is not None:
        write_report(report, json_out)
        log.info("eval report written", extra={"path": str(json_out)})
    (console or Console()).print(render_table(report))
    return report


def compare_command(old_path: Path, new_path: Path, console: Console | None = None) -> ReportDiff:
    """What ``mmrag eval --compare OLD NEW`` does: print the flipped items, return the diff."""
    diff = compare_reports(load_report(old_path), load_report(new_path))
    (console or Console()).print(render_diff(diff))
    return diff


def diff_json(diff: ReportDiff) -> str:
    """The diff as JSON text."""
    return json.dumps(diff.model_dump(mode="json"), indent=2)
