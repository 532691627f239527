"""The REST API: documents, jobs (with server-sent progress), query and ask."""

from __future__ import annotations

import asyncio
import json
import mimetypes
import re
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Query, Request, Security, UploadFile
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from mmrag import __version__
from mmrag.platform.errors import LimitExceeded, MMRagError, NotFound, Unauthorized
from mmrag.platform.jobs import Document, Job
from mmrag.platform.models import Answer, Citation, Modality, SearchFilters, stable_id
from mmrag.platform.queue import TASK_DELETE_DOCUMENT
from mmrag.platform.runtime import Runtime
from mmrag.platform.submission import Upload, source_id_for, submit

AskFn = Callable[[str, SearchFilters, int, str | None], Answer]
"""Answers a question (wired in by the entry point: the platform never imports agents)."""
AskStreamFn = Callable[[str, SearchFilters, int, str | None], Iterator[tuple[str, Any]]]
"""Answers a question as it is generated: ``("token", text)`` events, then ``("answer", Answer)``."""

_UPLOAD_CHUNK = 1024 * 1024
PROBLEM_JSON = "application/problem+json"
_API_KEY = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Selects the tenant (required when the server has API keys configured).",
)


class Problem(BaseModel):
    """An error as problem details (RFC 9457), sent as ``application/problem+json``."""

    type: str = Field(description="Stable error code, e.g. not_found or limit_exceeded.")
    title: str
    detail: str


_PROBLEM_TEXT = {
    400: "The body could not be parsed (not UTF-8 JSON, or broken multipart).",
    401: "Missing or unknown API key.",
    404: "No such resource for the caller's tenant.",
    413: "A configured limit (files per request, bytes per file) was exceeded.",
    503: "A backing service (broker, index) is unavailable; a retry may succeed.",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem responses a route can give."""
    schema = Problem.model_json_schema()
    return {
        status: {
            "description": _PROBLEM_TEXT[status],
            "content": {PROBLEM_JSON: {"schema": schema}},
        }
        for status in statuses
    }


class EventStream(StreamingResponse):
    """A server-sent event stream."""

    media_type = "text/event-stream"


def event_stream(*events: str) -> dict[str, Any]:
    """The OpenAPI content entry of a server-sent event stream with these event names."""
    item = {
        "type": "object",
        "required": ["event", "data"],
        "properties": {"event": {"enum": list(events)}, "data": {"type": "string"}},
    }
    return {EventStream.media_type: {"itemSchema": item}}


class QueryRequest(BaseModel):
    """A retrieval request."""

    query: str = Field(min_length=1, max_length=4000)
    k: int = Field(default=10, ge=1, le=100)
    modalities: list[Modality] | None = None
    source_ids: list[str] | None = None


class QueryResult(BaseModel):
    """One retrieved chunk with its citation."""

    text: str
    kind: str
    citation: Citation


class AskRequest(BaseModel):
    """A question for the agent."""

    question: str = Field(min_length=1, max_length=4000)
    k: int = Field(default=5, ge=1, le=50)
    modalities: list[Modality] | None = None
    source_ids: list[str] | None = None
    thread_id: str | None = Field(default=None, max_length=128)
    stream: bool = False


class JobAccepted(BaseModel):
    """What ``POST /v1/documents`` returns."""

    job_id: str
    job: Job


def safe_filename(name: str | None) -> str:
    """A display name with no path, control characters or leading dots."""
    base = (name or "upload").replace("\\", "/").split("/")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    base = re.sub(r"\s+", " ", base).strip().lstrip(".")
    return base[:200] or "upload"


def tenant_of(request: Request, x_api_key: Annotated[str | None, Security(_API_KEY)] = None) -> str:
    """The caller's tenant from ``X-API-Key`` (the default tenant when no keys are configured)."""
    settings = request.app.state.settings
    keys: dict[str, str] = settings.tenants_by_key()
    if not keys:
        return str(settings.tenant)
    if x_api_key is None or x_api_key not in keys:
        raise Unauthorized("missing or unknown API key (header X-API-Key)")
    return keys[x_api_key]


Tenant = Annotated[str, Depends(tenant_of)]


def create_app(
    runtime: Runtime, ask: AskFn | None = None, ask_stream: AskStreamFn | None = None
) -> FastAPI:
    """The FastAPI application over ``runtime``; ``ask_stream`` streams answers token by token
    (without it a streamed ask sends the finished answer's words)."""
    api = FastAPI(
        title="mmrag",
        version=__version__,
        description="Multimodal retrieval-augmented QA with citations.",
    )
    settings = runtime.settings
    api.state.settings = settings

    @api.exception_handler(MMRagError)
    async def mmrag_error(_: Request, exc: MMRagError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.http_status,
            content={"type": exc.code, "title": type(exc).__name__, "detail": exc.message},
            media_type=PROBLEM_JSON,
        )

    @api.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Unknown routes and unparsable bodies answer in the same problem format.
        phrase = HTTPStatus(exc.status_code).phrase
        return JSONResponse(
            status_code=exc.status_code,
            content={
                "type": phrase.lower().replace(" ", "_"),
                "title": phrase,
                "detail": str(exc.detail),
            },
            media_type=PROBLEM_JSON,
            headers=exc.headers,
        )

    @api.get("/healthz")
    def healthz() -> dict[str, str]:
        """Liveness and mode."""
        mode = "embedded" if settings.embedded_index and settings.embedded_broker else "scale-out"
        return {"status": "ok", "version": __version__, "mode": mode}

    @api.post("/v1/documents", status_code=202, responses=problems(400, 401, 413, 503))
    async def upload_documents(
        tenant: Tenant,
        files: Annotated[list[UploadFile], File(description="Files to ingest.", min_length=1)],
        force: Annotated[
            bool, Query(description="Re-extract files whose bytes are unchanged.")
        ] = False,
    ) -> JobAccepted:
        """Upload files (multipart); returns the job that ingests them."""
        if len(files) > settings.max_upload_files:
            raise LimitExceeded(f"at most {settings.max_upload_files} files per request")
        upload_dir = Path(
            tempfile.mkdtemp(prefix="upload-", dir=_ensure(settings.data_dir / "tmp"))
        )
        try:  # the temp copies go whether the job is created or a file is refused
            uploads: list[Upload] = []
            for i, file in enumerate(files):
                name = safe_filename(file.filename)
                dest = upload_dir / f"{i:04d}"
                await _save_upload(file, name, dest, settings.max_file_bytes)
                uploads.append(Upload(path=dest, uri=f"upload://{tenant}/{name}", filename=name))
            job_id = await asyncio.to_thread(submit, runtime, uploads, tenant, force)
        finally:
            shutil.rmtree(upload_dir, ignore_errors=True)
        return JobAccepted(job_id=job_id, job=runtime.store.get_job(job_id, tenant))

    @api.get("/v1/documents", responses=problems(401))
    def list_documents(tenant: Tenant) -> list[Document]:
        """Documents of the caller's tenant."""
        return runtime.store.list_documents(tenant)

    @api.get("/v1/documents/{source_id}", responses=problems(401, 404))
    def get_document(source_id: str, tenant: Tenant) -> Document:
        """One document."""
        return runtime.store.get_document(source_id, tenant)

    @api.delete("/v1/documents/{source_id}", status_code=202, responses=problems(401, 404, 503))
    def delete_document(source_id: str, tenant: Tenant) -> dict[str, str]:
        """Delete a document, its points and blobs (asynchronously)."""
        runtime.store.get_document(source_id, tenant)
        runtime.send_task(TASK_DELETE_DOCUMENT, [tenant, source_id], queue="light")
        return {"status": "deleting", "source_id": source_id}

    @api.get("/v1/jobs", responses=problems(401))
    def list_jobs(tenant: Tenant, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[Job]:
        """Recent jobs of the caller's tenant, newest first."""
        return runtime.store.list_jobs(tenant, limit)

    @api.get("/v1/jobs/{job_id}", responses=problems(401, 404))
    def get_job(job_id: str, tenant: Tenant) -> Job:
        """A job with per-file state, stage, progress and errors."""
        return runtime.store.get_job(job_id, tenant)

    @api.get(
        "/v1/jobs/{job_id}/events",
        response_class=EventStream,
        responses={200: {"content": event_stream("progress", "done")}, **problems(401, 404)},
    )
    async def job_events(job_id: str, tenant: Tenant) -> EventStream:
        """Server-sent events: the job each time it changes, until it finishes."""
        runtime.store.get_job(job_id, tenant)

        async def events() -> AsyncIterator[str]:
            last = ""
            while True:
                job = await asyncio.to_thread(runtime.store.get_job, job_id, tenant)
                body = job.model_dump_json()
                if body != last:
                    last = body
                    yield f"event: progress\ndata: {body}\n\n"
                if job.finished:
                    yield f"event: done\ndata: {body}\n\n"
                    return
                await asyncio.sleep(0.5)

        return EventStream(events())

    @api.post("/v1/query", responses=problems(400, 401, 503))
    def query(request: QueryRequest, tenant: Tenant) -> list[QueryResult]:
        """Hybrid retrieval: the top-k chunks with citations."""
        filters = SearchFilters(
            tenant=tenant, modalities=request.modalities, source_ids=request.source_ids
        )
        hits = runtime.retriever().search(request.query, filters, request.k)
        return [
            QueryResult(
                text=h.chunk.text,
                kind=h.chunk.kind.value,
                citation=Citation.from_chunk(h.chunk, h.score),
            )
            for h in hits
        ]

    ask_responses = {
        200: {"model": Answer, "content": event_stream("token", "answer", "error")},
        **problems(400, 401, 503),
    }

    @api.post("/v1/ask", response_model=None, responses=ask_responses)
    async def ask_endpoint(request: AskRequest, tenant: Tenant) -> Answer | EventStream:
        """Answer with citations; with ``stream`` the answer arrives as server-sent events."""
        if ask is None:
            raise MMRagError("this server has no answering agent configured")
        filters = SearchFilters(
            tenant=tenant, modalities=request.modalities, source_ids=request.source_ids
        )
        # Threads are per tenant: another tenant's thread id must not reach its history.
        thread = (
            None if request.thread_id is None else stable_id("thread", tenant, request.thread_id)
        )
        if request.stream and ask_stream is not None:
            stream = ask_stream
            return EventStream(
                _live_events(lambda: stream(request.question, filters, request.k, thread))
            )
        answer = await asyncio.to_thread(ask, request.question, filters, request.k, thread)
        if not request.stream:
            return answer
        return EventStream(_answer_events(answer))

    blob_ok: dict[int | str, dict[str, Any]] = {
        200: {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}
    }

    @api.get(
        "/v1/blobs/{key:path}",
        response_class=FileResponse,
        responses={**blob_ok, **problems(401, 404)},
    )
    def get_blob(key: str, tenant: Tenant) -> FileResponse:
        """A stored crop, frame or original, if it belongs to the caller's tenant."""
        parts = key.split("/")
        if len(parts) < 2 or parts[0] not in ("orig", "derived"):
            raise NotFound(f"blob not found: {key}")
        docs = runtime.store.list_documents(tenant)
        owner = next((d for d in docs if d.content_hash == parts[1]), None)
        if owner is None:
            raise NotFound(f"blob not found: {key}")
        # Keys carry no extension: the original's type is the document's, a crop's its name's.
        media_type = owner.mime if parts[0] == "orig" else mimetypes.guess_type(key)[0]
        return FileResponse(
            runtime.blobs.open_path(key), media_type=media_type or "application/octet-stream"
        )

    @api.get("/v1/sources", responses=problems(401))
    def source_id(uri: str, tenant: Tenant) -> dict[str, str]:
        """The document id a uri would get (for clients that re-upload)."""
        return {"source_id": source_id_for(tenant, uri)}

    from mmrag.platform.api.reports import add_report_routes  # it imports this module

    add_report_routes(api, runtime)
    return api


async def _answer_events(answer: Answer) -> AsyncIterator[str]:
    for word in re.findall(r"\S+\s*", answer.answer):
        yield f"event: token\ndata: {json.dumps(word)}\n\n"
    payload: dict[str, Any] = answer.model_dump(mode="json")
    yield f"event: answer\ndata: {json.dumps(payload)}\n\n"


async def _live_events(produce: Callable[[], Iterator[tuple[str, Any]]]) -> AsyncIterator[str]:
    """Run the answering in a thread and forward its events as they happen (tokens included).

    A failure after the stream started (the status line is sent) becomes an ``error`` event
    with problem details.
    """
    loop = asyncio.get_running_loop()
    events: asyncio.Queue[tuple[str, Any] | None] = asyncio.Queue()

    def run() -> None:
        try:
            for event in produce():
                loop.call_soon_threadsafe(events.put_nowait, event)
        except Exception as exc:  # reported to the client as an event
            loop.call_soon_threadsafe(events.put_nowait, ("error", exc))
        finally:
            loop.call_soon_threadsafe(events.put_nowait, None)

    worker = asyncio.ensure_future(asyncio.to_thread(run))
    while (item := await events.get()) is not None:
        kind, data = item
        if kind == "token":
            yield f"event: token\ndata: {json.dumps(data)}\n\n"
        elif kind == "answer" and isinstance(data, Answer):
            yield f"event: answer\ndata: {json.dumps(data.model_dump(mode='json'))}\n\n"
        elif kind == "error":
            problem = (
                {"type": data.code, "title": type(data).__name__, "detail": data.message}
                if isinstance(data, MMRagError)
                else {"type": "internal_error", "title": "Error", "detail": str(data)}
            )
            yield f"event: error\ndata: {json.dumps(problem)}\n\n"
    await worker


async def _save_upload(file: UploadFile, name: str, dest: Path, limit: int) -> None:
    size = 0
    with dest.open("wb") as handle:
        while block := await file.read(_UPLOAD_CHUNK):
            size += len(block)
            if size > limit:
                raise LimitExceeded(
                    f"{name}: over the upload limit of {limit} bytes (MMRAG_MAX_FILE_BYTES)"
                )
            handle.write(block)


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
