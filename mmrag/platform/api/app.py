"""The REST API: documents, jobs (with server-sent progress), query and ask."""

from __future__ import annotations

import asyncio
import json
import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Header, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from mmrag import __version__
from mmrag.platform.errors import LimitExceeded, MMRagError, NotFound, Unauthorized
from mmrag.platform.jobs import Document, Job
from mmrag.platform.models import Answer, Citation, Modality, SearchFilters
from mmrag.platform.queue import TASK_DELETE_DOCUMENT
from mmrag.platform.runtime import Runtime
from mmrag.platform.submission import Upload, source_id_for, submit

AskFn = Callable[[str, SearchFilters, int, str | None], Answer]
"""Answers a question (wired in by the entry point: the platform never imports agents)."""

_UPLOAD_CHUNK = 1024 * 1024


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


def tenant_of(request: Request, x_api_key: Annotated[str | None, Header()] = None) -> str:
    """The caller's tenant from ``X-API-Key`` (the default tenant when no keys are configured)."""
    settings = request.app.state.settings
    keys: dict[str, str] = settings.tenants_by_key()
    if not keys:
        return str(settings.tenant)
    if x_api_key is None or x_api_key not in keys:
        raise Unauthorized("missing or unknown API key (header X-API-Key)")
    return keys[x_api_key]


Tenant = Annotated[str, Depends(tenant_of)]


def create_app(runtime: Runtime, ask: AskFn | None = None) -> FastAPI:
    """The FastAPI application over ``runtime``."""
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
            media_type="application/problem+json",
        )

    @api.get("/healthz")
    def healthz() -> dict[str, str]:
        """Liveness and mode."""
        mode = "embedded" if settings.embedded_index and settings.embedded_broker else "scale-out"
        return {"status": "ok", "version": __version__, "mode": mode}

    @api.post("/v1/documents", status_code=202)
    async def upload_documents(
        tenant: Tenant,
        files: Annotated[list[UploadFile], File(description="Files to ingest.")],
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
        uploads: list[Upload] = []
        for i, file in enumerate(files):
            name = safe_filename(file.filename)
            dest = upload_dir / f"{i:04d}"
            await _save_upload(file, dest, settings.max_file_bytes)
            uploads.append(Upload(path=dest, uri=f"upload://{tenant}/{name}", filename=name))
        try:
            job_id = await asyncio.to_thread(submit, runtime, uploads, tenant, force)
        finally:
            for upload in uploads:
                upload.path.unlink(missing_ok=True)
            upload_dir.rmdir()
        return JobAccepted(job_id=job_id, job=runtime.store.get_job(job_id, tenant))

    @api.get("/v1/documents")
    def list_documents(tenant: Tenant) -> list[Document]:
        """Documents of the caller's tenant."""
        return runtime.store.list_documents(tenant)

    @api.get("/v1/documents/{source_id}")
    def get_document(source_id: str, tenant: Tenant) -> Document:
        """One document."""
        return runtime.store.get_document(source_id, tenant)

    @api.delete("/v1/documents/{source_id}", status_code=202)
    def delete_document(source_id: str, tenant: Tenant) -> dict[str, str]:
        """Delete a document, its points and blobs (asynchronously)."""
        runtime.store.get_document(source_id, tenant)
        runtime.send_task(TASK_DELETE_DOCUMENT, [tenant, source_id], queue="light")
        return {"status": "deleting", "source_id": source_id}

    @api.get("/v1/jobs")
    def list_jobs(tenant: Tenant, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[Job]:
        """Recent jobs of the caller's tenant, newest first."""
        return runtime.store.list_jobs(tenant, limit)

    @api.get("/v1/jobs/{job_id}")
    def get_job(job_id: str, tenant: Tenant) -> Job:
        """A job with per-file state, stage, progress and errors."""
        return runtime.store.get_job(job_id, tenant)

    @api.get("/v1/jobs/{job_id}/events")
    async def job_events(job_id: str, tenant: Tenant) -> StreamingResponse:
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

        return StreamingResponse(events(), media_type="text/event-stream")

    @api.post("/v1/query")
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

    @api.post("/v1/ask", response_model=None)
    async def ask_endpoint(request: AskRequest, tenant: Tenant) -> Answer | StreamingResponse:
        """Answer with citations; with ``stream`` the answer arrives as server-sent events."""
        if ask is None:
            raise MMRagError("this server has no answering agent configured")
        filters = SearchFilters(
            tenant=tenant, modalities=request.modalities, source_ids=request.source_ids
        )
        answer = await asyncio.to_thread(
            ask, request.question, filters, request.k, request.thread_id
        )
        if not request.stream:
            return answer
        return StreamingResponse(_answer_events(answer), media_type="text/event-stream")

    @api.get("/v1/blobs/{key:path}")
    def get_blob(key: str, tenant: Tenant) -> FileResponse:
        """A stored crop, frame or original, if it belongs to the caller's tenant."""
        parts = key.split("/")
        if len(parts) < 2 or parts[0] not in ("orig", "derived"):
            raise NotFound(f"blob not found: {key}")
        owned = any(d.content_hash == parts[1] for d in runtime.store.list_documents(tenant))
        if not owned:
            raise NotFound(f"blob not found: {key}")
        return FileResponse(runtime.blobs.open_path(key))

    @api.get("/v1/sources")
    def source_id(uri: str, tenant: Tenant) -> dict[str, str]:
        """The document id a uri would get (for clients that re-upload)."""
        return {"source_id": source_id_for(tenant, uri)}

    return api


async def _answer_events(answer: Answer) -> AsyncIterator[str]:
    for word in re.findall(r"\S+\s*", answer.answer):
        yield f"event: token\ndata: {json.dumps(word)}\n\n"
    payload: dict[str, Any] = answer.model_dump(mode="json")
    yield f"event: answer\ndata: {json.dumps(payload)}\n\n"


async def _save_upload(file: UploadFile, dest: Path, limit: int) -> None:
    size = 0
    with dest.open("wb") as handle:
        while block := await file.read(_UPLOAD_CHUNK):
            size += len(block)
            if size > limit:
                handle.close()
                dest.unlink(missing_ok=True)
                raise LimitExceeded(f"{file.filename}: over the upload limit of {limit} bytes")
            handle.write(block)


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
