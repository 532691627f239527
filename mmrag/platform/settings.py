"""Runtime settings, read once from ``MMRAG_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Per-user data directory (``$XDG_DATA_HOME/mmrag`` or ``~/.local/share/mmrag``)."""
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mmrag"


def default_models_dir() -> Path:
    """Where local GGUF models are assembled (``$XDG_CACHE_HOME/mmrag/models``)."""
    import os

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

    collection: str = "mmrag_v1"
    tenant: str = "default"
    embed_batch_size: int = 64
    image_model_path: Path | None = None

    # Limits: a file over any of these fails with a clear reason.
    max_file_bytes: int = 512 * 1024 * 1024
    max_pages: int = 5000
    max_media_seconds: float = 6 * 3600.0
    max_image_pixels: int = 80_000_000
    task_soft_time_limit_s: int = 1800
    task_time_limit_s: int = 2100

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
