"""The REST API: documents, jobs (with server-sent progress), query and ask."""

from __future__ import annotations

import asyncio
import json
import mimetypes
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from pydantic import AliasChoices, BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from mmrag import __version__
from mmrag.platform.api.chunks import chunk_router
from mmrag.platform.api.deps import (
    MAX_ASK_K,
    MAX_QUERY_K,
    MAX_QUESTION_CHARS,
    MAX_SOURCE_IDS,
    PROBLEM_JSON,
    PROBLEM_TEXT,
    Problem,
    Tenant,
    problems,
)
from mmrag.platform.api.docs import add_offline_docs
from mmrag.platform.api.info import info_router
from mmrag.platform.api.reports import report_router
from mmrag.platform.api.schedules import schedule_router
from mmrag.platform.api.threads import thread_router
from mmrag.platform.errors import InputError, LimitExceeded, MMRagError, NotFound
from mmrag.platform.jobs import Document, Job
from mmrag.platform.models import Answer, Citation, Modality, SearchFilters, stable_id
from mmrag.platform.queue import TASK_DELETE_DOCUMENT
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from mmrag.platform.submission import (
    Upload,
    clean_name_part,
    public_job,
    source_id_for,
    submit,
    upload_uri,
)
from mmrag.platform.threads import ThreadStore

AskFn = Callable[[str, SearchFilters, int, str | None], Answer]
"""Answers a question (wired in by the entry point: the platform never imports agents)."""
AskStreamFn = Callable[[str, SearchFilters, int, str | None], Iterator[tuple[str, Any]]]
"""Answers a question as it is generated: ``("token", text)`` events, then ``("answer", Answer)``."""

_UPLOAD_CHUNK = 1024 * 1024


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


SourceIdText = Annotated[str, Field(max_length=200)]


class QueryRequest(BaseModel):
    """A retrieval request."""

    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        validation_alias=AliasChoices("question", "query"),
        description="What to search for (named as in /v1/ask; 'query' is accepted too).",
    )
    k: int = Field(default=10, ge=1, le=MAX_QUERY_K)
    modalities: list[Modality] | None = Field(default=None, max_length=16)
    source_ids: list[SourceIdText] | None = Field(default=None, max_length=MAX_SOURCE_IDS)


class QueryResult(BaseModel):
    """One retrieved chunk with its citation."""

    text: str
    kind: str
    citation: Citation


class AskRequest(BaseModel):
    """A question for the agent."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    k: int = Field(default=5, ge=1, le=MAX_ASK_K)
    modalities: list[Modality] | None = Field(default=None, max_length=16)
    source_ids: list[SourceIdText] | None = Field(default=None, max_length=MAX_SOURCE_IDS)
    thread_id: str | None = Field(default=None, max_length=128)
    stream: bool = False


class JobAccepted(BaseModel):
    """What ``POST /v1/documents`` returns."""

    job_id: str
    job: Job


def safe_filename(name: str | None) -> str:
    """A display name with no path, control characters or leading dots."""
    base = (name or "upload").replace("\\", "/").split("/")[-1]
    return clean_name_part(base) or "upload"


def create_app(
    runtime: Runtime, ask: AskFn | None = None, ask_stream: AskStreamFn | None = None
) -> FastAPI:
    """The FastAPI application over ``runtime``; ``ask_stream`` streams answers token by token
    (without it a streamed ask sends the finished answer's words)."""
    settings = runtime.settings
    check_auth(settings)
    api = FastAPI(
        title="mmrag",
        version=__version__,
        description="Multimodal retrieval-augmented QA with citations.",
        docs_url=None,  # served offline by add_offline_docs
        redoc_url=None,
    )
    add_offline_docs(api, "mmrag")
    api.state.settings = settings
    api.add_middleware(BodyLimit, settings=settings)
    _problem_json_for_validation_errors(api)

    @api.exception_handler(MMRagError)
    async def mmrag_error(_: Request, exc: MMRagError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.http_status,
            content={"type": exc.code, "title": type(exc).__name__, "detail": exc.message},
            media_type=PROBLEM_JSON,
        )

    @api.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={
                "type": "validation_error",
                "title": "Unprocessable Content",
                "detail": validation_detail(exc.errors()),
            },
            media_type=PROBLEM_JSON,
        )

    @api.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Unknown routes and unparsable bodies answer in the same problem format.
        limit = _limit_problem(request, exc, settings)
        if limit is not None:
            return await mmrag_error(request, limit)
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

    @api.post(
        "/v1/documents",
        status_code=202,
        responses=problems(400, 401, 413, 422, 503),
        form_limits={"max_files": settings.max_upload_files},
    )
    async def upload_documents(
        tenant: Tenant,
        files: Annotated[list[UploadFile], File(description="Files to ingest.", min_length=1)],
        force: Annotated[
            bool, Query(description="Re-extract files whose bytes are unchanged.")
        ] = False,
    ) -> JobAccepted:
        """Upload files (multipart); returns the job that ingests them.

        A file's identity is its name *with its relative path* (``2024/summary.pdf``) within the
        tenant: uploading the same path again replaces that document once the new version is
        indexed; the same name in another folder is another document.
        """
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
                uri = upload_uri(tenant, file.filename or name)
                uploads.append(Upload(path=dest, uri=uri, filename=name))
            job_id = await asyncio.to_thread(submit, runtime, uploads, tenant, force)
        finally:
            shutil.rmtree(upload_dir, ignore_errors=True)
        return JobAccepted(job_id=job_id, job=public_job(runtime.store.get_job(job_id, tenant)))

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
        return [public_job(job) for job in runtime.store.list_jobs(tenant, limit)]

    @api.get("/v1/jobs/{job_id}", responses=problems(401, 404))
    def get_job(job_id: str, tenant: Tenant) -> Job:
        """A job with per-file state, stage, progress and errors."""
        return public_job(runtime.store.get_job(job_id, tenant))

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
                job = public_job(await asyncio.to_thread(runtime.store.get_job, job_id, tenant))
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
        hits = runtime.retriever().search(request.question, filters, request.k)
        return [
            QueryResult(
                text=h.chunk.text,
                kind=h.chunk.kind.value,
                citation=Citation.from_chunk(h.chunk, h.score),
            )
            for h in hits
        ]

    threads = ThreadStore(runtime.store.engine)
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
                _live_events(
                    lambda: threads.recording(
                        stream(request.question, filters, request.k, thread),
                        tenant,
                        request.thread_id,
                        request.question,
                    )
                )
            )
        answer = await asyncio.to_thread(ask, request.question, filters, request.k, thread)
        if request.thread_id is not None:  # the turn, as clients list and reopen it
            await asyncio.to_thread(
                threads.add_turn, tenant, request.thread_id, request.question, answer
            )
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

    api.include_router(report_router(runtime))
    api.include_router(schedule_router(runtime))
    api.include_router(thread_router(threads))
    api.include_router(chunk_router(runtime))
    api.include_router(info_router(settings))
    return api


def check_auth(settings: Settings, host: str | None = None) -> None:
    """Refuse to serve without API keys where that is unsafe (``MMRAG_AUTH``).

    ``required``: keys must be configured. ``auto`` (the default): keys are needed to listen on
    anything but loopback. ``disabled``: the operator accepts an open API.
    """
    if settings.tenants_by_key() or settings.auth == "disabled":
        return
    public = host is not None and host not in ("127.0.0.1", "::1", "localhost")
    if settings.auth == "required" or public:
        where = "MMRAG_AUTH=required" if settings.auth == "required" else f"listening on {host}"
        raise InputError(
            f"API keys are required ({where}): set MMRAG_API_KEYS='key:tenant,...', "
            "or MMRAG_AUTH=disabled to serve without authentication"
        )


def validation_detail(errors: Sequence[Any], limit: int = 10) -> str:
    """Where and why a request is invalid, without the offending input."""
    parts = []
    for err in list(errors)[:limit]:
        loc = ".".join(str(p) for p in err.get("loc", ()))[:100]
        parts.append(f"{loc}: {str(err.get('msg', 'invalid'))[:200]}")
    more = f"; and {len(errors) - limit} more" if len(errors) > limit else ""
    return "; ".join(parts) + more


UPLOAD_PATH = "/v1/documents"


class BodyTooLarge(StarletteHTTPException):
    """A request body over its limit (raised while the body streams in)."""

    def __init__(self, limit: int, setting: str) -> None:
        super().__init__(status_code=413, detail=f"{limit}|{setting}")
        self.limit, self.setting = limit, setting


class BodyLimit:
    """Refuse request bodies over the limit: by ``Content-Length`` before reading, else while
    they stream in. Uploads get ``max_upload_request_bytes``, every other request
    ``max_request_bytes``."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == UPLOAD_PATH and scope["method"] == "POST":
            limit, setting = (
                self.settings.max_upload_request_bytes,
                "MMRAG_MAX_UPLOAD_REQUEST_BYTES",
            )
        else:
            limit, setting = self.settings.max_request_bytes, "MMRAG_MAX_REQUEST_BYTES"
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _send_problem(send, BodyTooLarge(limit, setting))
            return
        received, started = 0, False

        async def limited_receive() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, setting)
            return message

        async def tracking_send(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await _send_problem(send, exc)


async def _send_problem(send: Any, exc: BodyTooLarge) -> None:
    problem = LimitExceeded(f"request body over the limit of {exc.limit} bytes ({exc.setting})")
    body = json.dumps({"type": problem.code, "title": "LimitExceeded", "detail": problem.message})
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", PROBLEM_JSON.encode()), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})


def _limit_problem(
    request: Request, exc: StarletteHTTPException, settings: Settings
) -> LimitExceeded | None:
    """Body and form limits (enforced while the body streams in) as ``limit_exceeded``."""
    if isinstance(exc, BodyTooLarge):
        return LimitExceeded(f"request body over the limit of {exc.limit} bytes ({exc.setting})")
    said = f"{exc.detail} {exc.__cause__ or ''}"
    if exc.status_code == 400 and "Too many files" in said:  # the multipart parser's limit
        return LimitExceeded(f"at most {settings.max_upload_files} files per request")
    return None


def _problem_json_for_validation_errors(api: FastAPI) -> None:
    """Publish 422 responses as problem details, the way the handler sends them."""

    build = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            schema = build()
            problem = Problem.model_json_schema()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    responses = operation.get("responses", {})
                    if "422" in responses:
                        responses["422"] = {
                            "description": PROBLEM_TEXT[422],
                            "content": {PROBLEM_JSON: {"schema": problem}},
                        }
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            api.openapi_schema = schema
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]


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
