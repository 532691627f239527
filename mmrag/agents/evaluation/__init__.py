"""Evaluation harness: strict scoring rules, dataset loading, the runner and reports.

``run_eval(items, unanswerable, ask, ingest, k, strict)`` scores any ``ask`` callable with the
rules in :mod:`mmrag.agents.evaluation.scoring`; ``eval_command`` / ``compare_command`` are what
``mmrag eval`` calls.
"""

from mmrag.agents.evaluation.dataset import EvalItem, load_items, load_unanswerable
from mmrag.agents.evaluation.report import (
    ReportDiff,
    compare_command,
    compare_reports,
    eval_command,
    load_report,
    render_table,
    summary_dict,
    write_report,
)
from mmrag.agents.evaluation.runner import (
    AskRecord,
    EvalReport,
    ItemResult,
    Scores,
    run_eval,
    score_report,
)

__all__ = [
    "AskRecord",
    "EvalItem",
    "EvalReport",
    "ItemResult",
    "ReportDiff",
    "Scores",
    "compare_command",
    "compare_reports",
    "eval_command",
    "load_items",
    "load_report",
    "load_unanswerable",
    "render_table",
    "run_eval",
    "score_report",
    "summary_dict",
    "write_report",
]
