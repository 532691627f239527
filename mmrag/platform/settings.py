"""Runtime settings, read once from ``MMRAG_*`` environment variables."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from mmrag.platform.paths import default_data_dir


def default_models_dir() -> Path:
    """Where local models are assembled and built: ``$MMRAG_MODELS_DIR``, else
    ``$XDG_CACHE_HOME/mmrag/models`` (``~/.cache/mmrag/models``)."""
    import os

    configured = os.environ.get("MMRAG_MODELS_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mmrag" / "models"


class Settings(BaseSettings):
    """All mmrag configuration. Unset service URLs mean the embedded default."""

    model_config = SettingsConfigDict(env_prefix="MMRAG_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    redis_url: str | None = None
    qdrant_url: str | None = None
    qdrant_api_key: str | None = None
    llm_url: str | None = None
    llm_model: str = "Qwen/Qwen2.5-VL-7B-Instruct"
    llm_api_key: str = "EMPTY"
    llm_timeout_s: float = 120.0
    database_url: str | None = None

    api_keys: str | None = None  # "key1:tenant_a,key2:tenant_b"; unset: no auth, one tenant
    api_url: str | None = None  # where `mmrag ui` finds the API (unset: start one)
    worker_concurrency: int = 1
    pages_per_shard: int = 20  # PDF page range per extraction task
    media_shard_s: float = 600.0  # audio/video time range per extraction task
    max_upload_files: int = 100
    extract_processes: int = 2  # processes extracting one PDF shard's pages (1: in the worker)

    collection: str = "mmrag_v1"
    tenant: str = "default"
    embed_batch_size: int = 64
    image_model_path: Path | None = None
    asr_model_path: Path | None = None  # a CTranslate2 Whisper folder (unset: the default)

    # Limits: a file over any of these fails with a clear reason.
    max_file_bytes: int = 512 * 1024 * 1024
    max_pages: int = 5000
    max_media_seconds: float = 6 * 3600.0
    max_image_pixels: int = 80_000_000
    task_soft_time_limit_s: int = 1800
    task_time_limit_s: int = 2100

    # Hardening: request limits, signing, authentication.
    max_request_bytes: int = 1024 * 1024  # any request body except uploads
    max_upload_request_bytes: int = 2 * 1024 * 1024 * 1024  # all files of one upload request
    max_template_bytes: int = 256 * 1024  # report template / schedules YAML or JSON
    report_time_limit_s: int = 3600  # a report run is stopped (and shown failed) after this
    secret_key: str | None = None  # signs task messages; unset: <data_dir>/secret.key (0600)
    auth: Literal["auto", "required", "disabled"] = "auto"  # see mmrag.platform.api.app.check_auth
    # Recovery and scale-out reliability.
    max_recoveries: int = 2  # restarts of a file whose process died before it is failed
    visibility_timeout_s: int = 120  # a dead worker's message returns after this (leases renew)
    deployment: str = "mmrag"  # prefix of every broker key: deployments sharing a Redis never mix
    # Answering: auto = remote when llm_url is set, else local when a model file is there,
    # else extractive. local_model: any GGUF (default: the installed Qwen model).
    answer_mode: Literal["auto", "extractive", "local", "remote"] = "auto"
    local_model: Path | None = None
    models_dir: Path = Field(default_factory=default_models_dir)
    llm_threads: int = Field(default=1, ge=1, le=256)  # CPU threads of the local model
    llm_ctx: int = Field(default=2048, ge=512)  # context window of the local model

    @property
    def index_dir(self) -> Path:
        """Where the embedded (Edge) index keeps its shards."""
        return self.data_dir / "index"

    @property
    def blob_dir(self) -> Path:
        """Content-addressed originals, page renders, crops and frames."""
        return self.data_dir / "blobs"

    @property
    def run_dir(self) -> Path:
        """Sockets, pid files and locks of running mmrag processes."""
        return self.data_dir / "run"

    @property
    def sqlite_path(self) -> Path:
        """The embedded job and document store."""
        return self.data_dir / "mmrag.sqlite3"

    @property
    def embedded_broker(self) -> bool:
        """True when mmrag must start its own Redis-compatible broker."""
        return self.redis_url is None

    @property
    def embedded_index(self) -> bool:
        """True when the in-process Qdrant Edge engine holds the index."""
        return self.qdrant_url is None

    def tenants_by_key(self) -> dict[str, str]:
        """API key -> tenant, parsed from ``api_keys``."""
        pairs = [p.strip() for p in (self.api_keys or "").split(",") if p.strip()]
        result: dict[str, str] = {}
        for pair in pairs:
            key, _, tenant = pair.partition(":")
            result[key.strip()] = tenant.strip() or "default"
        return result


_URL_PASSWORD = re.compile(
    r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<secret>[^@\s]+)(?=@)", re.I
)
_KEY_VALUE = re.compile(
    r"(?P<head>(?:password|api[_-]?key|secret|token)=)(?P<secret>[^&\s]+)", re.I
)


def mask_secrets(text: str) -> str:
    """``text`` with URL passwords and ``password=``/``api_key=``-style values replaced by ``***``."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "***", text)
    return _KEY_VALUE.sub(lambda m: m.group("head") + "***", text)


class SecretMaskingFormatter(logging.Formatter):
    """A log formatter whose output has passwords and API keys masked (see ``mask_secrets``)."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record, masked."""
        return mask_secrets(super().format(record))


def mask_log_secrets(fmt: str | None = None) -> None:
    """Mask secrets in everything the root logger's handlers write."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(SecretMaskingFormatter(fmt))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
