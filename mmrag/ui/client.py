"""Typed HTTP client for the mmrag REST API (the UI's only way to reach the platform)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import IO, Any, Literal
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, Field

DEFAULT_API_URL = "http://127.0.0.1:8000"
MODALITIES = ("text", "table", "chart", "scan", "image", "audio", "video")
FINISHED_FILE_STATES = frozenset({"succeeded", "failed", "skipped"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Health(_Model):
    """``GET /healthz``."""

    status: str
    version: str = ""
    mode: str = ""


class FileProgress(_Model):
    """One file of a job: state, stage, progress and failure reason."""

    task_id: str
    source_id: str = ""
    uri: str = ""
    filename: str
    media_kind: str = ""
    state: str
    stage: str = ""
    done: int = 0
    total: int = 0
    shards_total: int = 0
    shards_done: int = 0
    chunks: int = 0
    error: str | None = None
    created_at: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None

    @property
    def finished(self) -> bool:
        """True once the file reached a terminal state."""
        return self.state in FINISHED_FILE_STATES

    @property
    def fraction(self) -> float:
        """Progress in [0, 1] (1 when finished, whatever the counters say)."""
        if self.finished:
            return 1.0
        if self.total > 0:
            return min(1.0, self.done / self.total)
        if self.shards_total > 0:
            return min(1.0, self.shards_done / self.shards_total)
        return 0.0


class JobView(_Model):
    """An ingestion job with its files."""

    job_id: str
    tenant: str = ""
    created_at: float = 0.0
    state: str
    files: list[FileProgress] = Field(default_factory=list)

    @property
    def finished(self) -> bool:
        """True when every file is finished."""
        return all(f.finished for f in self.files)


class DocumentView(_Model):
    """An indexed document."""

    source_id: str
    uri: str
    filename: str
    content_hash: str
    media_kind: str
    mime: str = ""
    size_bytes: int = 0
    pages: int | None = None
    duration_s: float | None = None
    chunks: int = 0
    updated_at: float = 0.0

    @property
    def original_key(self) -> str:
        """Blob key of the stored original."""
        return f"orig/{self.content_hash}"


class CitationView(_Model):
    """Where a piece of an answer comes from."""

    file: str
    uri: str = ""
    source_id: str
    chunk_id: str = ""
    modality: str = "text"
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    t_start: float | None = None
    t_end: float | None = None
    frame: str | None = None
    score: float = 0.0
    snippet: str = ""
    page_unit: str | None = None  # "slide" or "sheet" when ``page`` counts those
    sheet: str | None = None
    row_start: int | None = None
    row_end: int | None = None
    heading: str | None = None
    location: str = ""  # the API's label of where it sits: "p.3", "slide 2", "§ Setup"


class AnswerView(_Model):
    """``POST /v1/ask``: the answer, what it cites and everything that was retrieved."""

    answer: str
    found: bool
    citations: list[CitationView] = Field(default_factory=list)
    evidence: list[CitationView] = Field(default_factory=list)
    mode: str = ""
    trace: list[dict[str, Any]] = Field(default_factory=list)

    def uncited(self) -> list[CitationView]:
        """Retrieved passages the answer does not cite (best first)."""
        cited = {(c.chunk_id, c.source_id) for c in self.citations}
        return [e for e in self.evidence if (e.chunk_id, e.source_id) not in cited]


class ThreadSummaryView(_Model):
    """A conversation in the list (``GET /v1/threads``)."""

    thread_id: str
    title: str
    created_at: float = 0.0
    updated_at: float = 0.0
    turns: int = 0


class TurnView(_Model):
    """One question of a conversation and its answer."""

    question: str
    answer: AnswerView
    created_at: float = 0.0


class ThreadView(ThreadSummaryView):
    """A conversation with its turns (``GET /v1/threads/{id}``)."""

    history: list[TurnView] = Field(default_factory=list)


class ChunkView(_Model):
    """One indexed chunk of a document: content, where it sits, how it was extracted."""

    chunk_id: str
    text: str
    modality: str
    kind: str = ""
    method: str = ""
    confidence: float | None = None
    html: str | None = None
    heading: str | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    t_start: float | None = None
    t_end: float | None = None
    frame: str | None = None
    page_unit: str | None = None
    sheet: str | None = None
    row_start: int | None = None
    row_end: int | None = None
    location: str = ""  # the API's label of where it sits: "p.3", "slide 2", "§ Setup"


class ChunkPageView(_Model):
    """A page of a document's chunks (``GET /v1/documents/{id}/chunks``)."""

    source_id: str
    total: int
    offset: int = 0
    limit: int = 50
    modalities: dict[str, int] = Field(default_factory=dict)
    chunks: list[ChunkView] = Field(default_factory=list)


class ModelHealthView(_Model):
    """Whether the answering model can be reached."""

    status: str
    detail: str = ""


class AnswerInfoView(_Model):
    """How the server writes answers."""

    configured: str = "auto"
    mode: str
    reason: str = ""
    model: str = ""
    endpoint: str | None = None
    health: ModelHealthView


class ServerSettingsView(_Model):
    """``GET /v1/settings``: answer mode in effect, model, health, version, limits, defaults."""

    version: str
    mode: str = ""
    tenant: str = ""
    answer: AnswerInfoView
    limits: dict[str, float] = Field(default_factory=dict)
    defaults: dict[str, Any] = Field(default_factory=dict)


class QueryHit(_Model):
    """One ``POST /v1/query`` result."""

    text: str
    kind: str = ""
    citation: CitationView


class ReportRunView(_Model):
    """A report run; ``report`` (fields, counts, rows) once it succeeded."""

    run_id: str
    state: str
    template: str = ""
    title: str = ""
    created_at: float = 0.0
    finished_at: float | None = None
    source_ids: list[str] | None = None
    error: str | None = None
    files: list[str] = Field(default_factory=list)
    report: dict[str, Any] | None = None

    @property
    def finished(self) -> bool:
        """True once the run succeeded or failed."""
        return self.state in ("succeeded", "failed")


class ApiError(Exception):
    """The API answered with an error (or could not be reached: ``status`` 0)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}" if status else detail)
        self.status = status
        self.detail = detail


UploadItem = tuple[str, bytes | IO[bytes], str | None]
"""(filename, content, mime type) of one file to upload."""

StreamEvent = tuple[Literal["token"], str] | tuple[Literal["answer"], AnswerView]


def iter_sse(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Parse server-sent events into ``(event, data)`` pairs."""
    event = "message"
    data: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "event":
                event = value
            elif name == "data":
                data.append(value)
    if data:
        yield event, "\n".join(data)


class ApiClient:
    """Synchronous client for the mmrag REST API."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"X-API-Key": api_key} if api_key else {}
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=5.0),
            transport=transport,
        )

    @classmethod
    def from_env(cls) -> ApiClient:
        """A client for ``MMRAG_API_URL`` with ``MMRAG_API_KEY`` (both optional)."""
        return cls(
            os.environ.get("MMRAG_API_URL") or DEFAULT_API_URL,
            api_key=os.environ.get("MMRAG_API_KEY") or None,
        )

    # --- plumbing ---------------------------------------------------------------------------
    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(0, f"cannot reach the API at {self.base_url}: {exc}") from exc
        _raise_for_status(response)
        return response

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- endpoints --------------------------------------------------------------------------
    def health(self) -> Health:
        """Liveness, version and mode."""
        return Health.model_validate(self._request("GET", "/healthz").json())

    def upload(self, files: Sequence[UploadItem]) -> JobView:
        """Upload files for ingestion; returns the job that ingests them."""
        parts = [
            ("files", (name, content, mime or "application/octet-stream"))
            for name, content, mime in files
        ]
        body = self._request("POST", "/v1/documents", files=parts, timeout=300.0).json()
        return JobView.model_validate(body["job"])

    def list_documents(self) -> list[DocumentView]:
        """Documents of the caller's tenant, newest first."""
        rows = self._request("GET", "/v1/documents").json()
        return [DocumentView.model_validate(r) for r in rows]

    def get_document(self, source_id: str) -> DocumentView:
        """One document."""
        return DocumentView.model_validate(
            self._request("GET", f"/v1/documents/{source_id}").json()
        )

    def delete_document(self, source_id: str) -> None:
        """Ask the API to delete a document (asynchronous on the server)."""
        self._request("DELETE", f"/v1/documents/{source_id}")

    def get_job(self, job_id: str) -> JobView:
        """A job with per-file progress."""
        return JobView.model_validate(self._request("GET", f"/v1/jobs/{job_id}").json())

    def list_jobs(self) -> list[JobView] | None:
        """Recent jobs, or None when the server has no ``GET /v1/jobs``."""
        try:
            rows = self._request("GET", "/v1/jobs").json()
        except ApiError as exc:
            if exc.status in (404, 405):
                return None
            raise
        return [JobView.model_validate(r) for r in rows]

    def query(
        self, query: str, k: int = 10, modalities: Sequence[str] | None = None
    ) -> list[QueryHit]:
        """Hybrid retrieval without answering."""
        body = {"question": query, "k": k, "modalities": list(modalities) if modalities else None}
        rows = self._request("POST", "/v1/query", json=body).json()
        return [QueryHit.model_validate(r) for r in rows]

    def ask(
        self,
        question: str,
        k: int = 5,
        modalities: Sequence[str] | None = None,
        thread_id: str | None = None,
    ) -> AnswerView:
        """Answer a question with citations."""
        body = _ask_body(question, k, modalities, thread_id, stream=False)
        response = self._request("POST", "/v1/ask", json=body, timeout=300.0)
        return AnswerView.model_validate(response.json())

    def ask_stream(
        self,
        question: str,
        k: int = 5,
        modalities: Sequence[str] | None = None,
        thread_id: str | None = None,
    ) -> Iterator[StreamEvent]:
        """Answer as server-sent events: ``("token", text)`` pieces, then ``("answer", AnswerView)``."""
        body = _ask_body(question, k, modalities, thread_id, stream=True)
        try:
            with self._http.stream("POST", "/v1/ask", json=body, timeout=300.0) as response:
                if response.status_code >= 400:
                    response.read()
                    _raise_for_status(response)
                for event, data in iter_sse(response.iter_lines()):
                    if event == "token":
                        yield "token", str(json.loads(data))
                    elif event == "answer":
                        yield "answer", AnswerView.model_validate_json(data)
                    elif event == "error":
                        raise ApiError(500, _stream_error(data))
        except httpx.HTTPError as exc:
            raise ApiError(0, f"cannot reach the API at {self.base_url}: {exc}") from exc

    def run_report(self, template: str, source_ids: Sequence[str] | None = None) -> ReportRunView:
        """Start a report from template text (YAML or JSON); returns the running run."""
        body = {"template": template, "source_ids": list(source_ids) if source_ids else None}
        return ReportRunView.model_validate(self._request("POST", "/v1/reports", json=body).json())

    def get_report(self, run_id: str) -> ReportRunView:
        """A report run, with the report once it succeeded."""
        return ReportRunView.model_validate(self._request("GET", f"/v1/reports/{run_id}").json())

    def list_reports(self, limit: int = 20) -> list[ReportRunView]:
        """Recent report runs, newest first (without their rows)."""
        rows = self._request("GET", "/v1/reports", params={"limit": limit}).json()
        return [ReportRunView.model_validate(r) for r in rows]

    def report_file(self, run_id: str, name: str) -> bytes:
        """A file of a finished run: report.csv, report.json, report.md, report.html, report.png."""
        return self._request("GET", f"/v1/reports/{run_id}/files/{name}", timeout=120.0).content

    def blob(self, key: str) -> bytes:
        """Bytes of a stored original, crop or frame."""
        return self._request("GET", f"/v1/blobs/{key}", timeout=120.0).content

    def list_threads(self, limit: int = 50) -> list[ThreadSummaryView]:
        """The caller's conversations, most recently active first."""
        rows = self._request("GET", "/v1/threads", params={"limit": limit}).json()
        return [ThreadSummaryView.model_validate(r) for r in rows]

    def get_thread(self, thread_id: str) -> ThreadView:
        """A conversation with its turns."""
        path = f"/v1/threads/{quote(thread_id, safe='')}"
        return ThreadView.model_validate(self._request("GET", path).json())

    def rename_thread(self, thread_id: str, title: str) -> ThreadSummaryView:
        """Give a conversation a new title."""
        path = f"/v1/threads/{quote(thread_id, safe='')}"
        body = self._request("PATCH", path, json={"title": title}).json()
        return ThreadSummaryView.model_validate(body)

    def delete_thread(self, thread_id: str) -> None:
        """Delete a conversation."""
        self._request("DELETE", f"/v1/threads/{quote(thread_id, safe='')}")

    def document_chunks(
        self,
        source_id: str,
        modalities: Sequence[str] | None = None,
        q: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> ChunkPageView:
        """A page of a document's indexed chunks in reading order."""
        params: list[tuple[str, str | int]] = [("offset", offset), ("limit", limit)]
        params += [("modality", m) for m in modalities or []]
        if q:
            params.append(("q", q))
        path = f"/v1/documents/{quote(source_id, safe='')}/chunks"
        return ChunkPageView.model_validate(self._request("GET", path, params=params).json())

    def server_settings(self) -> ServerSettingsView:
        """What the server runs with: answer mode, model and its health, limits, defaults."""
        return ServerSettingsView.model_validate(self._request("GET", "/v1/settings").json())


def _ask_body(
    question: str,
    k: int,
    modalities: Sequence[str] | None,
    thread_id: str | None,
    stream: bool,
) -> dict[str, Any]:
    return {
        "question": question,
        "k": k,
        "modalities": list(modalities) if modalities else None,
        "thread_id": thread_id,
        "stream": stream,
    }


def _stream_error(data: str) -> str:
    """The detail of an ``error`` event (problem details as JSON)."""
    try:
        body = json.loads(data)
    except ValueError:
        return data
    return str(body.get("detail", data)) if isinstance(body, dict) else data


def _raise_for_status(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    detail = response.reason_phrase or "error"
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        raw = body.get("detail", detail)
        detail = raw if isinstance(raw, str) else _validation_detail(raw)
    raise ApiError(response.status_code, detail)


def _validation_detail(raw: object) -> str:
    """FastAPI's 422 ``detail`` list to one readable line."""
    if isinstance(raw, list):
        parts = []
        for item in raw:
            if isinstance(item, dict):
                loc = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                parts.append(f"{loc}: {item.get('msg', '')}".strip(": "))
        if parts:
            return "; ".join(parts)
    return str(raw)
