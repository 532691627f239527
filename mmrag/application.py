"""The composition root: one place that wires the platform with ingestion and the agents.

The ``mmrag`` command (:mod:`mmrag.cli`), the benchmarks and the tests open a runtime, register
the tasks, start the in-process worker and build the REST API through these functions, so
``serve``, ``ui``, ``mcp``, ``ingest`` and ``eval`` are wired the same way. This module may import
every layer; no layer imports it.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mmrag.platform.errors import ServiceUnavailable

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI
    from pydantic import BaseModel

    from mmrag.agents.mcp import ToolRunner
    from mmrag.agents.tools import ToolOptions
    from mmrag.platform.api.app import AskFn, AskStreamFn
    from mmrag.platform.api.local import ReportCall, ToolCall
    from mmrag.platform.api.remote import RemoteServer
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
    """Ingestion, folder sync and report tasks on one Celery app, with their INFO logs."""
    from mmrag.agents.reports import register_report_tasks
    from mmrag.ingestion.sync import register_sync_tasks
    from mmrag.ingestion.tasks import register_tasks
    from mmrag.platform.task_events import install_task_logging

    install_task_logging()
    register_tasks(app)
    register_sync_tasks(app)
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


def api_ask_stream(runtime: Runtime) -> AskStreamFn:
    """The REST API's streaming answer function: tokens as the model writes, then the answer."""
    from mmrag.platform.models import SearchFilters

    def ask_stream(
        question: str, filters: SearchFilters, k: int, thread_id: str | None
    ) -> Iterator[tuple[str, Any]]:
        from mmrag.agents.service import stream_question

        return stream_question(runtime, question, filters, k=k, thread_id=thread_id)

    return ask_stream


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


def create_server_app(runtime: Runtime, token: str | None = None) -> FastAPI:
    """The REST API as ``mmrag serve`` and ``mmrag ui`` run it: agent answers and report routes,
    and, given the per-start ``token``, the routes its local CLI and MCP clients use."""
    from mmrag.platform.api.app import create_app
    from mmrag.platform.api.local import LocalCalls, add_local_routes

    api = create_app(runtime, ask=api_ask(runtime), ask_stream=api_ask_stream(runtime))
    if token is not None:
        calls = LocalCalls(
            call_tool=_tool_call(runtime),
            run_report=_report_call(runtime),
            run_schedule=functools.partial(run_schedule_now, runtime),
        )
        add_local_routes(api, runtime, token, calls)
    return api


def _tool_call(runtime: Runtime) -> ToolCall:
    def call(
        name: str, arguments: dict[str, Any], tenant: str, roots: list[Path] | None
    ) -> dict[str, Any]:
        from mmrag.agents.tools import ToolOptions, call_tool

        return call_tool(runtime, name, arguments, tenant, ToolOptions(allowed_roots=roots))

    return call


def _report_call(runtime: Runtime) -> ReportCall:
    def call(
        template: Path, out: Path | None, source_ids: list[str] | None, tenant: str
    ) -> dict[str, Any]:
        return run_report_file(runtime, template, out, source_ids, tenant)

    return call


def run_report_file(
    runtime: Runtime,
    template_path: Path,
    out: Path | None = None,
    source_ids: list[str] | None = None,
    tenant: str | None = None,
) -> dict[str, Any]:
    """Run a report template file over the indexed documents; returns its summary.

    The report goes to ``out`` or ``<data dir>/reports/<name>/<timestamp>``.
    """
    from mmrag.agents.reports import load_template, run_report
    from mmrag.platform.schedules import format_out_dir

    template = load_template(template_path)
    folder = runtime.settings.data_dir / "reports" / "{name}" / "{timestamp}"
    dest = out or Path(format_out_dir(str(folder), template.name))
    result = run_report(runtime, template, source_ids or None, dest, tenant=tenant)
    return result.summary()


@contextmanager
def advertised(runtime: Runtime, url: str, token: str) -> Iterator[None]:
    """Record ``url`` as the data dir's server while the block runs (removed afterwards)."""
    from mmrag import __version__
    from mmrag.platform.server_file import remove_server_file, write_server_file

    write_server_file(runtime.settings.data_dir, url, token, __version__)
    try:
        yield
    finally:
        remove_server_file(runtime.settings.data_dir, token)


@dataclass
class ApiThread:
    """A uvicorn server running on a daemon thread of this process."""

    server: uvicorn.Server
    thread: threading.Thread

    @property
    def port(self) -> int:
        """The port it listens on (useful with port 0)."""
        return bound_port(self.server)

    def alive(self) -> bool:
        """True while it serves."""
        return self.thread.is_alive() and not self.server.should_exit

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop serving and free the port."""
        self.server.should_exit = True
        self.thread.join(timeout_s)


def start_api_thread(api: FastAPI, host: str, port: int) -> ApiThread:
    """Serve ``api`` with uvicorn on a daemon thread; returns once it listens."""
    import uvicorn

    config = uvicorn.Config(api, host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="mmrag-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ServiceUnavailable(f"the API could not listen on {host}:{port} (port in use?)")
        time.sleep(0.05)
    return ApiThread(server, thread)


def bound_port(server: uvicorn.Server) -> int:
    """The port a started uvicorn server listens on (useful with port 0)."""
    return int(server.servers[0].sockets[0].getsockname()[1])


@dataclass
class RunningServer:
    """The API of ``mmrag serve`` / ``mmrag ui``: its client URL and whether it still serves."""

    url: str
    api: ApiThread

    def alive(self) -> bool:
        """True while the API serves."""
        return self.api.alive()


def client_host(host: str) -> str:
    """Where a client on this machine reaches a server bound to ``host``."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


@contextmanager
def serving(data_dir: Path | None, host: str, port: int) -> Iterator[RunningServer]:
    """The embedded platform behind one API: runtime, worker, schedules, advertised address.

    On leaving (normally, on an error or on SIGTERM) the API stops, then the scheduler, the
    worker, the index and the embedded broker, and the address file is removed.
    """
    from mmrag.platform.server_file import new_token

    terminate_on_sigterm()
    runtime = open_runtime(data_dir)
    beat: Any = None
    api: ApiThread | None = None
    try:
        if needs_local_worker(runtime.settings):
            start_local_worker(runtime)
            beat = start_schedules(runtime)
        token = new_token()
        api = start_api_thread(create_server_app(runtime, token), host, port)
        url = f"http://{client_host(host)}:{api.port}"
        with advertised(runtime, url, token):
            yield RunningServer(url, api)
    finally:
        if api is not None:
            api.stop()
        if beat is not None:
            beat.stop()
        runtime.close()


def start_schedules(runtime: Runtime) -> Any:
    """Run the schedules file's entries on a scheduler thread (``None`` when it has none)."""
    import logging

    from mmrag.platform.schedules import load_schedules, schedules_path, start_embedded_beat

    path = schedules_path(runtime.settings)
    entries = [e for e in load_schedules(path) if e.enabled]
    if not entries:
        return None
    beat = start_embedded_beat(runtime.celery, runtime.settings)
    logging.getLogger(__name__).info(
        "schedules: %s from %s", ", ".join(e.name for e in entries), path
    )
    return beat


class Terminated(SystemExit):
    """Raised in the main thread by SIGTERM, so every ``finally`` and context exit runs."""


def terminate_on_sigterm() -> None:
    """Make SIGTERM unwind the main thread like Ctrl-C does (children and ports get freed)."""
    import signal

    def handler(signum: int, _frame: Any) -> None:
        raise Terminated(128 + signum)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def until_signalled(alive: Callable[[], bool], poll_s: float = 0.5) -> None:
    """Block until SIGINT or SIGTERM, or until ``alive()`` turns false."""
    import signal

    stop = threading.Event()

    def handler(_signum: int, _frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(poll_s) and alive():
            pass
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def remote_tool_runner(remote: RemoteServer, options: ToolOptions) -> ToolRunner:
    """Run MCP tools through a running server's API (same outputs and errors as locally)."""
    roots = None
    if options.allowed_roots is not None:
        roots = [str(r.expanduser().resolve()) for r in options.allowed_roots]

    def run(name: str, arguments: dict[str, Any]) -> BaseModel:
        from mmrag.agents.tools import get_tool

        spec = get_tool(name)
        body = {"arguments": arguments, "allowed_roots": roots}
        return spec.output_model.model_validate(
            remote.call("POST", f"/v1/local/tools/{name}", body)
        )

    return run


def run_schedule_now(runtime: Runtime, name: str) -> dict[str, Any]:
    """Run schedule entry ``name`` in this process now, as the scheduler would; its run record.

    A folder sync's ingestion job is queued for the worker (its id is in the summary).
    """
    from mmrag.platform.schedule_runs import ScheduleRuns
    from mmrag.platform.schedules import TASK_BY_KIND, entry_named, task_kwargs

    entry = entry_named(runtime.settings, name)
    register_all_tasks(runtime.celery)
    task = runtime.celery.tasks[TASK_BY_KIND[entry.task]]
    task.apply(kwargs=task_kwargs(entry, runtime.settings))  # eager: the run log records it
    last = ScheduleRuns(runtime.store.engine).last(name)
    return {} if last is None else last.model_dump(mode="json")
