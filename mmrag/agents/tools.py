"""mmrag's retrieval, answering and ingestion as tools for other agents.

Each tool is a pydantic input model, a pydantic output model and a handler over a
:class:`~mmrag.platform.runtime.Runtime`. The same specs feed the MCP server
(:mod:`mmrag.agents.mcp`), the OpenAI function specs (:func:`openai_function_specs`) and the
JSON dispatch used by the API (:func:`call_tool`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mmrag.platform.errors import InputError, LimitExceeded, NotFound
from mmrag.platform.jobs import Document, FileTask, Job, TaskState
from mmrag.platform.models import Citation, Modality, SearchFilters
from mmrag.platform.runtime import Runtime

log = logging.getLogger(__name__)


class ToolOptions(BaseModel):
    """How the tools behave on this server."""

    allowed_roots: list[Path] | None = Field(
        default=None,
        description="Folders whose files ingest and report may read (None: any server path).",
    )
    ingest_timeout_s: float = Field(default=600.0, gt=0, description="Longest ingest wait.")
    max_k: int = Field(default=50, ge=1, description="Upper bound on k for search and ask.")


# --- inputs ------------------------------------------------------------------------------------
class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SearchInput(_Input):
    """Arguments of ``search``."""

    query: str = Field(min_length=1, max_length=4000, description="What to look for.")
    k: int = Field(default=5, ge=1, le=50, description="How many passages to return.")
    modalities: list[Modality] | None = Field(
        default=None, description="Only search these modalities (default: all)."
    )


class AskInput(_Input):
    """Arguments of ``ask``."""

    question: str = Field(min_length=1, max_length=4000, description="The question.")
    k: int = Field(default=5, ge=1, le=50, description="Evidence passages to retrieve.")
    modalities: list[Modality] | None = Field(
        default=None, description="Only use evidence of these modalities (default: all)."
    )
    thread_id: str | None = Field(
        default=None,
        max_length=128,
        description="Conversation id: follow-up questions with the same id share context.",
    )


class IngestInput(_Input):
    """Arguments of ``ingest``."""

    paths: list[str] = Field(
        min_length=1,
        description="Absolute paths of files or folders on the server (folders recursively).",
    )
    timeout_s: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="Wait at most this long; an unfinished job can be polled by its job_id.",
    )


class ReportInput(_Input):
    """Arguments of ``report``."""

    template_path: str | None = Field(
        default=None, description="Absolute path of a YAML or JSON report template on the server."
    )
    template: dict[str, Any] | None = Field(
        default=None,
        description=(
            "An inline template instead of template_path: {name, title?, k?, documents?: "
            "{pattern?, folder?, source_ids?}, fields: [{name, question, type: number|date|text"
            "|list|table, units?: [..], validation?: {min?, max?, integer?, earliest?, latest?, "
            "pattern?, choices?}}]}."
        ),
    )
    source_ids: list[str] | None = Field(
        default=None,
        description="Only these documents (source_id from document_status); default: the "
        "template's selection, else every document.",
    )

    @model_validator(mode="after")
    def _one_template(self) -> ReportInput:
        if (self.template_path is None) == (self.template is None):
            raise ValueError("give exactly one of template_path or template")
        return self


class DocumentStatusInput(_Input):
    """Arguments of ``document_status``."""

    job_id: str | None = Field(
        default=None,
        max_length=64,
        description="A job id from ingest: its per-file states. Omit to list indexed documents.",
    )


# --- outputs -----------------------------------------------------------------------------------
class CitationOut(BaseModel):
    """A reference a person can follow: file plus page/bbox or a time span."""

    label: str = Field(description='"file p.3" or "file 01:42-02:05".')
    file: str
    uri: str
    page: int | None = None
    bbox: list[float] | None = Field(default=None, description="x0,y0,x1,y1 in PDF points.")
    t_start: float | None = Field(default=None, description="Seconds.")
    t_end: float | None = None
    modality: Modality
    score: float
    snippet: str = ""

    @classmethod
    def of(cls, citation: Citation) -> CitationOut:
        """The public form of a :class:`Citation`."""
        return cls(
            label=citation.label(),
            file=citation.file,
            uri=citation.uri,
            page=citation.page,
            bbox=list(citation.bbox) if citation.bbox else None,
            t_start=citation.t_start,
            t_end=citation.t_end,
            modality=citation.modality,
            score=citation.score,
            snippet=citation.snippet,
        )


class SearchResult(BaseModel):
    """One retrieved passage with where it comes from."""

    text: str
    citation: str = Field(description='"file p.3" or "file 01:42-02:05".')
    file: str
    uri: str
    page: int | None = None
    bbox: list[float] | None = None
    t_start: float | None = None
    t_end: float | None = None
    modality: Modality
    score: float


class SearchOutput(BaseModel):
    """Result of ``search``: passages, best first."""

    results: list[SearchResult]


class AskOutput(BaseModel):
    """Result of ``ask``."""

    answer: str
    found: bool = Field(description="False when the indexed documents do not answer it.")
    mode: str = Field(description='"local" (GGUF model), "remote" (MMRAG_LLM_URL) or "extractive".')
    citations: list[CitationOut]


class FileStatus(BaseModel):
    """One file of a job."""

    filename: str
    uri: str
    state: TaskState
    stage: str = ""
    done: int = 0
    total: int = 0
    chunks: int = 0
    error: str | None = None

    @classmethod
    def of(cls, task: FileTask) -> FileStatus:
        """The public form of a :class:`FileTask`."""
        return cls.model_validate(task, from_attributes=True)


class JobSummary(BaseModel):
    """A job: its state, counts and per-file states."""

    job_id: str
    state: str
    finished: bool = Field(description="False: still running, poll document_status(job_id).")
    succeeded: int
    skipped: int = Field(description="Unchanged files, already indexed.")
    failed: int
    files: list[FileStatus]

    @classmethod
    def of(cls, job: Job) -> JobSummary:
        """Summarise a :class:`Job`."""
        return cls(
            job_id=job.job_id,
            state=job.state.value,
            finished=job.finished,
            succeeded=job.count(TaskState.SUCCEEDED),
            skipped=job.count(TaskState.SKIPPED),
            failed=job.count(TaskState.FAILED),
            files=[FileStatus.of(f) for f in job.files],
        )


class DocumentInfo(BaseModel):
    """An indexed document."""

    filename: str
    uri: str
    source_id: str
    media_kind: str
    pages: int | None = None
    duration_s: float | None = None
    chunks: int = 0
    updated_at: float

    @classmethod
    def of(cls, doc: Document) -> DocumentInfo:
        """The public form of a :class:`Document`."""
        return cls.model_validate(doc, from_attributes=True)


class DocumentStatusOutput(BaseModel):
    """Result of ``document_status``: the documents, or one job."""

    documents: list[DocumentInfo] | None = None
    job: JobSummary | None = None


class ReportCell(BaseModel):
    """One field of one document: found (value + citation), missing or invalid (reason)."""

    status: str = Field(description="found, missing or invalid.")
    value: Any = None
    unit: str | None = None
    citation: str | None = Field(default=None, description='"file p.3" or "file 01:42-02:05".')
    quote: str = ""
    reason: str = ""


class ReportDocument(BaseModel):
    """One document's row of a report."""

    filename: str
    source_id: str
    fields: dict[str, ReportCell]


class ReportOutput(BaseModel):
    """Result of ``report``: every cell, counts per field and the files written on the server."""

    template: str
    title: str
    seconds: float
    counts: dict[str, dict[str, int]] = Field(description="Per field: found/missing/invalid.")
    files: dict[str, str] = Field(description="csv, json, md, html (and png) paths on the server.")
    rows: list[ReportDocument]


# --- handlers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ToolContext:
    """What a handler runs against: the runtime, the caller's tenant and the options."""

    runtime: Runtime
    tenant: str
    options: ToolOptions


def _k(ctx: ToolContext, k: int) -> int:
    return min(k, ctx.options.max_k)


def search(ctx: ToolContext, args: SearchInput) -> SearchOutput:
    """Hybrid retrieval over the indexed documents."""
    filters = SearchFilters(tenant=ctx.tenant, modalities=args.modalities)
    hits = ctx.runtime.retriever().search(args.query, filters, k=_k(ctx, args.k))
    results = []
    for hit in hits:
        cited = CitationOut.of(Citation.from_chunk(hit.chunk, hit.score))
        shared = cited.model_dump(exclude={"label", "snippet"})
        results.append(SearchResult(text=hit.chunk.text, citation=cited.label, **shared))
    return SearchOutput(results=results)


def ask(ctx: ToolContext, args: AskInput) -> AskOutput:
    """Answer a question from the indexed documents, with citations."""
    from mmrag.agents.service import ask_question

    filters = SearchFilters(tenant=ctx.tenant, modalities=args.modalities)
    answer = ask_question(
        ctx.runtime, args.question, filters, k=_k(ctx, args.k), thread_id=args.thread_id
    )
    return AskOutput(
        answer=answer.answer,
        found=answer.found,
        mode=answer.mode,
        citations=[CitationOut.of(c) for c in answer.citations],
    )


def resolve_server_paths(
    paths: list[str], roots: list[Path] | None, action: str = "ingest"
) -> list[Path]:
    """Existing server paths under ``roots``; :class:`InputError` names every rejected one."""
    resolved: list[Path] = []
    problems: list[str] = []
    allowed = [r.expanduser().resolve() for r in roots] if roots is not None else None
    for raw in paths:
        if "://" in raw:
            problems.append(f"{raw}: not a server path (URLs are not fetched)")
            continue
        path = Path(raw).expanduser()
        if not path.is_absolute():
            problems.append(f"{raw}: give an absolute path on the server")
            continue
        path = path.resolve()
        if allowed is not None and not any(path.is_relative_to(r) for r in allowed):
            problems.append(f"{raw}: outside the folders this server reads from")
        elif not path.exists():
            problems.append(f"{raw}: no such file or folder on the server")
        elif not (path.is_file() or path.is_dir()):
            problems.append(f"{raw}: not a regular file or folder")
        else:
            resolved.append(path)
    if problems:
        raise InputError(f"cannot {action}: " + "; ".join(problems))
    return resolved


def ingest(ctx: ToolContext, args: IngestInput) -> JobSummary:
    """Ingest server files, wait (bounded) and summarise the job."""
    from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

    paths = resolve_server_paths(args.paths, ctx.options.allowed_roots)
    uploads = uploads_from_paths(paths)
    if not uploads:
        raise InputError("cannot ingest: the folders contain no files")
    limit = ctx.runtime.settings.max_upload_files
    if len(uploads) > limit:
        raise LimitExceeded(
            f"{len(uploads)} files in one ingest, over the limit of {limit} (MMRAG_MAX_UPLOAD_FILES)"
        )
    start = time.perf_counter()
    job_id = submit(ctx.runtime, uploads, ctx.tenant)
    timeout = min(args.timeout_s, ctx.options.ingest_timeout_s)
    job = wait_for_job(ctx.runtime, job_id, timeout_s=timeout)
    log.info(
        "ingest tool: job %s %s (%d files) in %.1f s",
        job_id,
        job.state.value,
        len(job.files),
        time.perf_counter() - start,
    )
    return JobSummary.of(job)


def document_status(ctx: ToolContext, args: DocumentStatusInput) -> DocumentStatusOutput:
    """The indexed documents, or one job's per-file states."""
    store = ctx.runtime.store
    if args.job_id is not None:
        return DocumentStatusOutput(job=JobSummary.of(store.get_job(args.job_id, ctx.tenant)))
    docs = store.list_documents(ctx.tenant)
    return DocumentStatusOutput(documents=[DocumentInfo.of(d) for d in docs])


def report(ctx: ToolContext, args: ReportInput) -> ReportOutput:
    """Run a report template over the indexed documents (files written under the data dir)."""
    from mmrag.agents.reports import load_template, parse_template, run_report
    from mmrag.platform.schedules import format_out_dir

    if args.template_path is not None:
        (path,) = resolve_server_paths([args.template_path], ctx.options.allowed_roots, "report")
        if not path.is_file():
            raise InputError(f"cannot report: {args.template_path}: not a file")
        template = load_template(path)
    else:
        template = parse_template(args.template, source="arguments.template")
    pattern = str(ctx.runtime.settings.data_dir / "reports" / "{name}" / "{timestamp}")
    out_dir = Path(format_out_dir(pattern, template.name))
    result = run_report(ctx.runtime, template, args.source_ids, out_dir, tenant=ctx.tenant)
    rows = [
        ReportDocument(
            filename=row.filename,
            source_id=row.source_id,
            fields={
                name: ReportCell(
                    status=cell.status.value,
                    value=cell.value,
                    unit=cell.unit,
                    citation=cell.citation.label() if cell.citation else None,
                    quote=cell.quote,
                    reason=cell.reason,
                )
                for name, cell in row.fields.items()
            },
        )
        for row in result.rows
    ]
    return ReportOutput(
        template=result.template,
        title=result.title,
        seconds=round(result.finished_at - result.started_at, 2),
        counts=result.counts(),
        files={kind: str(path) for kind, path in result.files.items()},
        rows=rows,
    )


# --- registry ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ToolSpec:
    """One tool: name, description, typed input/output and its handler."""

    name: str
    description: str
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    handler: Callable[[ToolContext, Any], BaseModel]
    read_only: bool = True  # changes nothing on the server
    idempotent: bool = True  # repeating a call has no further effect


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(
        "search",
        "Search the indexed documents, scans, audio and video (hybrid dense + keyword). "
        "Returns passages, best first, each with a citation (file and page, or time span).",
        SearchInput,
        SearchOutput,
        search,
    ),
    ToolSpec(
        "ask",
        "Answer a question from the indexed documents with citations. found=false means "
        "the documents do not contain the answer.",
        AskInput,
        AskOutput,
        ask,
    ),
    ToolSpec(
        "ingest",
        "Index files or folders that already exist on the server (absolute paths; PDFs, "
        "images, audio, video). Waits for the job up to timeout_s and returns per-file states.",
        IngestInput,
        JobSummary,
        ingest,
        read_only=False,
    ),
    ToolSpec(
        "document_status",
        "List the indexed documents, or, given a job_id from ingest, that job's per-file states.",
        DocumentStatusInput,
        DocumentStatusOutput,
        document_status,
    ),
    ToolSpec(
        "report",
        "Extract typed fields (numbers, dates, text, lists, tables) from every selected "
        "document with a report template; each value comes with the citation it was read "
        "from, or a reason it is missing/invalid. Writes CSV/JSON/Markdown/HTML on the server.",
        ReportInput,
        ReportOutput,
        report,
        read_only=False,
        idempotent=False,
    ),
)


def tool_specs() -> list[ToolSpec]:
    """Every tool this server offers."""
    return list(TOOLS)


def get_tool(name: str) -> ToolSpec:
    """The tool called ``name``; :class:`NotFound` when there is none."""
    for spec in tool_specs():
        if spec.name == name:
            return spec
    known = ", ".join(s.name for s in tool_specs())
    raise NotFound(f"no tool named {name!r} (tools: {known})")


def input_schema(spec: ToolSpec) -> dict[str, Any]:
    """The JSON schema of a tool's arguments, with ``$ref``s inlined."""
    return inline_refs(spec.input_model.model_json_schema())


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace local ``#/$defs/...`` references by their definitions (no recursion in ours)."""
    defs: dict[str, Any] = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                rest = {k: v for k, v in node.items() if k != "$ref"}
                return {**walk(defs[ref.removeprefix("#/$defs/")]), **walk(rest)}
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    result: dict[str, Any] = walk(schema)
    return result


def openai_function_specs() -> list[dict[str, Any]]:
    """The tools in OpenAI's ``tools`` format (``{"type": "function", "function": {...}}``)."""
    return [
        {
            "type": "function",
            "function": {
                "name": spec.name,
                "description": spec.description,
                "parameters": input_schema(spec),
            },
        }
        for spec in tool_specs()
    ]


def validate_arguments(spec: ToolSpec, arguments: dict[str, Any]) -> BaseModel:
    """Typed arguments; :class:`InputError` naming each bad field otherwise."""
    try:
        return spec.input_model.model_validate(arguments)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'arguments'}: {err['msg']}"
            for err in exc.errors()
        )
        raise InputError(f"invalid arguments for {spec.name}: {problems}") from exc


def run_tool(
    runtime: Runtime,
    name: str,
    arguments: dict[str, Any],
    tenant: str | None = None,
    options: ToolOptions | None = None,
) -> BaseModel:
    """Validate ``arguments`` and run tool ``name``; returns its typed output."""
    spec = get_tool(name)
    args = validate_arguments(spec, arguments)
    ctx = ToolContext(runtime, tenant or runtime.settings.tenant, options or ToolOptions())
    start = time.perf_counter()
    output = spec.handler(ctx, args)
    log.info("tool %s ran in %.3f s", name, time.perf_counter() - start)
    return output


def call_tool(
    runtime: Runtime,
    name: str,
    arguments: dict[str, Any],
    tenant: str | None = None,
    options: ToolOptions | None = None,
) -> dict[str, Any]:
    """Run tool ``name`` and return its JSON-serialisable output.

    Raises :class:`NotFound` for an unknown tool and :class:`InputError` for bad arguments
    or paths (both carry ``http_status`` for the API).
    """
    result: dict[str, Any] = run_tool(runtime, name, arguments, tenant, options).model_dump(
        mode="json"
    )
    return result
