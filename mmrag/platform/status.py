"""What ``mmrag status`` shows, in one place for the CLI (in-process) and a running server."""

from __future__ import annotations

from typing import Any

from mmrag.platform.answer_mode import resolve_answer_mode
from mmrag.platform.models import SearchFilters
from mmrag.platform.runtime import Runtime


def status_report(runtime: Runtime, tenant: str) -> dict[str, Any]:
    """Mode, services, the answer mode in effect, ``tenant``'s documents, chunks and recent
    jobs, as JSON-ready values (URLs unmasked: the caller masks them for display)."""
    settings = runtime.settings
    answer = resolve_answer_mode(settings)
    return {
        "embedded": settings.embedded_index and settings.embedded_broker,
        "data_dir": str(settings.data_dir),
        "redis_url": settings.redis_url,
        "qdrant_url": settings.qdrant_url,
        "llm_url": settings.llm_url,
        "answer": {
            "mode": answer.mode,
            "model": answer.model,
            "reason": answer.reason,
            "problem": answer.problem,
        },
        "documents": [d.model_dump(mode="json") for d in runtime.store.list_documents(tenant)],
        "chunks": runtime.index.count(SearchFilters(tenant=tenant)),
        "jobs": [j.model_dump(mode="json") for j in runtime.store.list_jobs(tenant, limit=5)],
    }
