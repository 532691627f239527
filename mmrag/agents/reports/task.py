"""Running a report: select documents, extract every field, write the files; the Celery task.

The Celery task ``mmrag.run_report`` (:data:`~mmrag.platform.schedules.TASK_RUN_REPORT`, a wire
name that must not change) is :func:`run_report_task`; register it with
:func:`register_report_tasks`. Its output folder is confined below the data dir.
"""

from __future__ import annotations

import fnmatch
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from celery import Celery

from mmrag.agents.reports.extraction import ReportOptions, extract_field
from mmrag.agents.reports.results import FieldResult, ReportResult, ReportRow
from mmrag.agents.reports.template import ReportTemplate, load_template
from mmrag.agents.reports.writers import write_report
from mmrag.platform.errors import NotFound
from mmrag.platform.jobs import Document
from mmrag.platform.models import Answer, SearchFilters
from mmrag.platform.runtime import Runtime, current_runtime
from mmrag.platform.schedules import TASK_RUN_REPORT, confine_out_dir, format_out_dir

log = logging.getLogger(__name__)

AskFn = Callable[[str, SearchFilters, int], Answer]
"""Answers a question under filters with k evidence passages (``ask_question`` bound)."""


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
