"""The composition root: one place that wires the platform with ingestion and the agents.

The ``mmrag`` command (:mod:`mmrag.cli`), the benchmarks and the tests open a runtime, register
the tasks, start the in-process worker and build the REST API through these functions, so
``serve``, ``ui``, ``mcp``, ``ingest`` and ``eval`` are wired the same way. This module may import
every layer; no layer imports it.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI

    from mmrag.platform.api.app import AskFn
    from mmrag.platform.models import Answer, Modality
    from mmrag.platform.runtime import Runtime
    from mmrag.platform.settings import Settings


def offline_env() -> None:
    """mmrag never downloads models: make the HF libraries fail fast instead of hanging."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")


def load_settings(data_dir: Path | None) -> Settings:
    """Settings from the environment, with ``--data-dir`` taking precedence."""
    from mmrag.platform.settings import get_settings

    offline_env()
    settings = get_settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir.expanduser().resolve()})
    return settings


def open_runtime(data_dir: Path | None) -> Runtime:
    """A runtime for this process, made the active one for task code."""
    from mmrag.platform.runtime import Runtime, activate

    runtime = Runtime(load_settings(data_dir))
    activate(runtime)
    return runtime


def register_all_tasks(app: Any) -> None:
    """Ingestion and report tasks on one Celery app."""
    from mmrag.agents.reports import register_report_tasks
    from mmrag.ingestion.tasks import register_tasks

    register_tasks(app)
    register_report_tasks(app)


def start_local_worker(runtime: Runtime) -> None:
    """Run the ingestion worker in this process (needed whenever the index is embedded)."""
    runtime.start_worker(register_all_tasks, concurrency=runtime.settings.worker_concurrency)


def needs_local_worker(settings: Settings) -> bool:
    """Embedded index or broker: this process must do the ingestion work itself."""
    return settings.embedded_index or settings.embedded_broker


def api_ask(runtime: Runtime) -> AskFn:
    """The REST API's answering function: the agent graph over ``runtime``."""
    from mmrag.platform.models import SearchFilters

    def ask_fn(question: str, filters: SearchFilters, k: int, thread_id: str | None) -> Answer:
        from mmrag.agents.service import ask_question

        return ask_question(runtime, question, filters, k=k, thread_id=thread_id)

    return ask_fn


def answer_question(
    runtime: Runtime,
    question: str,
    k: int = 5,
    modalities: list[Modality] | None = None,
    tenant: str | None = None,
    thread_id: str | None = None,
) -> Answer:
    """Answer one question with the agent graph (LLM when configured, else extractive)."""
    from mmrag.agents.service import ask_question
    from mmrag.platform.models import SearchFilters

    filters = SearchFilters(tenant=tenant or runtime.settings.tenant, modalities=modalities)
    return ask_question(runtime, question, filters, k=k, thread_id=thread_id)


def ingest_and_wait(runtime: Runtime, paths: list[Path]) -> dict[str, Any]:
    """Ingest ``paths`` (unchanged files are skipped) and summarise the job."""
    from rich.console import Console

    from mmrag.platform.jobs import TaskState
    from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

    job = wait_for_job(runtime, submit(runtime, uploads_from_paths(paths)))
    failed = {f.filename: f.error for f in job.files if f.state is TaskState.FAILED}
    err = Console(stderr=True)
    for name, reason in failed.items():
        err.print(f"[red]failed[/] {name}: {reason}")
    return {
        "job_id": job.job_id,
        "files": len(job.files),
        "succeeded": job.count(TaskState.SUCCEEDED),
        "skipped": job.count(TaskState.SKIPPED),
        "failed": failed,
    }


def create_server_app(runtime: Runtime) -> FastAPI:
    """The REST API as ``mmrag serve`` and ``mmrag ui`` run it: agent answers and report routes."""
    from mmrag.platform.api.app import create_app

    return create_app(runtime, ask=api_ask(runtime))


def start_api_thread(api: FastAPI, host: str, port: int) -> uvicorn.Server:
    """Serve ``api`` with uvicorn on a daemon thread; returns once it listens."""
    import uvicorn

    config = uvicorn.Config(api, host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="mmrag-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise OSError(f"the API could not listen on {host}:{port} (port in use?)")
        time.sleep(0.05)
    return server


def bound_port(server: uvicorn.Server) -> int:
    """The port a started uvicorn server listens on (useful with port 0)."""
    return int(server.servers[0].sockets[0].getsockname()[1])
