"""Batch report extraction: a YAML template of typed fields, run over a set of documents.

A template names fields, each with a question and a type (number, date, text, list, table),
optional units and validation. For every document and field the question is asked restricted
to that document; the value is parsed from the *cited evidence text* (never from model prose
alone) and must occur in the cited chunk. Each cell ends as ``found`` (value + citation),
``missing`` (with the reason) or ``invalid`` (a value was seen but failed units, validation or
the support check). Results are written as CSV (one row per document), JSON, Markdown and HTML,
with a PNG bar chart of the numeric fields.

Modules by job: :mod:`.template` (reading and checking templates), :mod:`.values` (typed values
parsed from text), :mod:`.extraction` (a field's value from an answer's evidence),
:mod:`.results` (cells, rows, the finished report), :mod:`.writers` (the files) and
:mod:`.task` (a run over documents, and the Celery task ``mmrag.run_report``).
"""

from __future__ import annotations

from mmrag.agents.reports.extraction import ReportOptions, extract_field
from mmrag.agents.reports.results import FieldResult, FieldStatus, ReportResult, ReportRow
from mmrag.agents.reports.task import register_report_tasks, run_report
from mmrag.agents.reports.template import (
    ReportField,
    ReportTemplate,
    TemplateError,
    load_template,
    parse_template,
)
from mmrag.agents.reports.values import find_dates, find_numbers, split_list, supported
from mmrag.agents.reports.writers import write_report

__all__ = [
    "FieldResult",
    "FieldStatus",
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
    "split_list",
    "supported",
    "write_report",
]
