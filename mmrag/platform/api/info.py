"""What the server runs with, for clients to show: ``GET /v1/settings``.

The answer mode in effect, the model and whether its endpoint answers, the version and the
limits a request must respect. Never a secret: no API keys, no database or broker URLs.
"""

from __future__ import annotations

import threading
import time
from typing import Literal

import httpx
from fastapi import APIRouter
from pydantic import BaseModel, Field

from mmrag import __version__
from mmrag.platform.answer_mode import AnswerModeName, resolve_answer_mode
from mmrag.platform.api.deps import (
    MAX_ASK_K,
    MAX_CHUNK_PAGE,
    MAX_QUERY_K,
    MAX_QUESTION_CHARS,
    Tenant,
    problems,
)
from mmrag.platform.models import Modality
from mmrag.platform.settings import Settings

#: How long a probe of the model endpoint is reused.
HEALTH_TTL_S = 15.0


class ModelHealth(BaseModel):
    """Whether the answering model can be reached."""

    status: Literal["ok", "unreachable", "missing", "not_needed"]
    detail: str = ""


class AnswerInfo(BaseModel):
    """How answers are written."""

    configured: str = Field(description="MMRAG_ANSWER_MODE as set (auto, extractive, ...).")
    mode: AnswerModeName = Field(description="The mode in effect.")
    reason: str = Field(description="Why that mode is in effect.")
    model: str = Field(description="The model name, or '' for extractive answers.")
    endpoint: str | None = Field(
        default=None, description="The OpenAI-compatible endpoint (remote mode), without secrets."
    )
    health: ModelHealth


class Limits(BaseModel):
    """What one request may ask for."""

    max_upload_files: int
    max_file_bytes: int
    max_pages: int
    max_media_seconds: float
    max_question_chars: int = MAX_QUESTION_CHARS
    max_ask_k: int = MAX_ASK_K
    max_query_k: int = MAX_QUERY_K
    max_chunk_page: int = MAX_CHUNK_PAGE


class Defaults(BaseModel):
    """What a client uses unless the person chooses otherwise."""

    k: int = 5
    modalities: list[Modality] = Field(default_factory=lambda: list(Modality))


class ServerInfo(BaseModel):
    """``GET /v1/settings``."""

    version: str
    mode: Literal["embedded", "scale-out"]
    tenant: str
    answer: AnswerInfo
    limits: Limits
    defaults: Defaults


class _Probe:
    """A short, cached ``GET {url}/models`` of an OpenAI-compatible endpoint."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, ModelHealth]] = {}

    def __call__(self, url: str, api_key: str) -> ModelHealth:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(url)
            if hit is not None and now - hit[0] < HEALTH_TTL_S:
                return hit[1]
        health = _probe(url, api_key)
        with self._lock:
            self._cache[url] = (now, health)
        return health


def _probe(url: str, api_key: str) -> ModelHealth:
    try:
        response = httpx.get(
            url.rstrip("/") + "/models",
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=httpx.Timeout(3.0, connect=2.0),
        )
    except httpx.HTTPError as exc:
        return ModelHealth(status="unreachable", detail=type(exc).__name__)
    if response.status_code >= 400:
        return ModelHealth(status="unreachable", detail=f"HTTP {response.status_code}")
    return ModelHealth(status="ok")


def _public_url(url: str) -> str:
    """``url`` as scheme, host, port and path: no user info or query (they may hold secrets)."""
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}"


def server_info(settings: Settings, probe: _Probe) -> ServerInfo:
    """What ``GET /v1/settings`` reports for ``settings``."""
    resolved = resolve_answer_mode(settings)
    endpoint = None
    if resolved.problem:
        health = ModelHealth(status="missing", detail=resolved.problem)
    elif resolved.mode == "remote" and settings.llm_url:
        endpoint = _public_url(settings.llm_url)
        health = probe(settings.llm_url, settings.llm_api_key)
    elif resolved.mode == "local":
        health = ModelHealth(status="ok", detail="model file installed")
    else:
        health = ModelHealth(status="not_needed")
    return ServerInfo(
        version=__version__,
        mode="embedded" if settings.embedded_index and settings.embedded_broker else "scale-out",
        tenant="",
        answer=AnswerInfo(
            configured=resolved.configured,
            mode=resolved.mode,
            reason=resolved.reason,
            model=resolved.model,
            endpoint=endpoint,
            health=health,
        ),
        limits=Limits(
            max_upload_files=settings.max_upload_files,
            max_file_bytes=settings.max_file_bytes,
            max_pages=settings.max_pages,
            max_media_seconds=settings.max_media_seconds,
        ),
        defaults=Defaults(),
    )


def info_router(settings: Settings) -> APIRouter:
    """The ``/v1/settings`` route for ``settings``."""
    router = APIRouter(prefix="/v1", tags=["settings"])
    probe = _Probe()

    @router.get("/settings", responses=problems(401))
    def get_settings(tenant: Tenant) -> ServerInfo:
        """The answer mode in effect, model and endpoint health, version, limits, defaults."""
        return server_info(settings, probe).model_copy(update={"tenant": tenant})

    return router
