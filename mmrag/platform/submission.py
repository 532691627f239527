"""Turn files into a job: hash, store, sniff, skip unchanged, enqueue one task per file."""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mmrag.platform.errors import (
    EmptyFile,
    InputError,
    LimitExceeded,
    ServiceUnavailable,
    UnsupportedFileType,
)
from mmrag.platform.jobs import Job, TaskState
from mmrag.platform.models import stable_id
from mmrag.platform.queue import TASK_INGEST_FILE
from mmrag.platform.runtime import Runtime
from mmrag.platform.sniff import sniff_file
from mmrag.platform.storage import sha256_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    """One file to ingest: where its bytes are, and the identity it will be cited under."""

    path: Path
    uri: str  # stable identity: same uri + new bytes replaces the document
    filename: str  # what citations show
    in_folder: bool = False  # found by walking a folder: skipped (not failed) when unsupported


_MAX_PATH_PARTS = 32
_MAX_PART_CHARS = 200


def clean_name_part(part: str) -> str:
    """One path segment as shown and stored: no control or reserved characters, no leading dots."""
    part = unicodedata.normalize("NFKC", part)
    part = "".join(ch for ch in part if ch.isprintable() and ch not in '<>:"|?*/\\')
    return re.sub(r"\s+", " ", part).strip().lstrip(".")[:_MAX_PART_CHARS]


def relative_upload_path(name: str | None) -> str:
    """The identity path of an uploaded file within its tenant, confined to that tenant.

    ``2023/summary.pdf`` and ``2024/summary.pdf`` stay two paths. Backslashes count as
    separators; ``..`` climbs at most to the tenant's root (``../../etc/x.pdf`` is ``etc/x.pdf``),
    empty and ``.`` segments, a leading ``/``, NUL and control characters are dropped.
    """
    parts: list[str] = []
    for raw in (name or "").replace("\\", "/").split("/"):
        if raw.strip() == "..":
            if parts:
                parts.pop()
            continue
        part = clean_name_part(raw)
        if part:
            parts.append(part)
    return "/".join(parts[-_MAX_PATH_PARTS:]) or "upload"


def upload_uri(tenant: str, relative_path: str) -> str:
    """The identity of an uploaded file: its tenant and confined relative path."""
    return f"upload://{tenant}/{relative_upload_path(relative_path)}"


def uploads_from_paths(paths: Iterable[Path]) -> list[Upload]:
    """Files and (recursively) folders to uploads, identified by absolute path."""
    uploads: list[Upload] = []
    for path in paths:
        resolved = path.expanduser().resolve()
        if resolved.is_dir():
            files = sorted(p for p in resolved.rglob("*") if p.is_file() and not _hidden(p))
            uploads.extend(Upload(f, str(f), f.name, in_folder=True) for f in files)
        else:
            uploads.append(Upload(resolved, str(resolved), resolved.name))
    return uploads


def _hidden(path: Path) -> bool:
    return any(part.startswith(".") for part in path.parts[-2:])


def source_id_for(tenant: str, uri: str) -> str:
    """The document id: one per (tenant, uri)."""
    return stable_id("source", tenant, uri)


def submit(
    runtime: Runtime, uploads: list[Upload], tenant: str | None = None, force: bool = False
) -> str:
    """Create a job for ``uploads`` and enqueue its files; returns the job id.

    Files that cannot be ingested (wrong type, empty, too large) fail at once with a reason,
    except unsupported or empty files found in a folder: those are skipped with the reason;
    files whose bytes are already indexed under the same uri are marked skipped (unless
    ``force``, which re-extracts them, e.g. after an extractor upgrade).
    """
    tenant = tenant or runtime.settings.tenant
    job_id = runtime.store.create_job(tenant)
    seen: set[str] = set()
    for upload in uploads:
        if upload.uri in seen:  # two files of one request for one document: keep the first
            runtime.store.add_task(
                job_id,
                tenant=tenant,
                source_id=source_id_for(tenant, upload.uri),
                uri=upload.uri,
                filename=upload.filename,
                content_hash="",
                media_kind="unknown",
                state=TaskState.FAILED,
                error="another file of this upload has the same path",
            )
            continue
        seen.add(upload.uri)
        _submit_one(runtime, job_id, tenant, upload, force)
    return job_id


def _submit_one(runtime: Runtime, job_id: str, tenant: str, upload: Upload, force: bool) -> None:
    store = runtime.store
    source_id = source_id_for(tenant, upload.uri)

    def add(content_hash: str, media_kind: str, **state: object) -> str:
        return store.add_task(
            job_id,
            tenant=tenant,
            source_id=source_id,
            uri=upload.uri,
            filename=upload.filename,
            content_hash=content_hash,
            media_kind=media_kind,
            **state,  # type: ignore[arg-type]
        )

    try:
        size = upload.path.stat().st_size
        if size > runtime.settings.max_file_bytes:
            raise LimitExceeded(
                f"file is {size} bytes, over the limit of "
                f"{runtime.settings.max_file_bytes} (MMRAG_MAX_FILE_BYTES)"
            )
        kind, _mime = sniff_file(upload.path, upload.filename)
        content_hash = sha256_file(upload.path)
    except (InputError, OSError) as exc:
        reason = (
            exc.message
            if isinstance(exc, InputError)
            else f"cannot read file {upload.filename}: {exc.strerror or type(exc).__name__}"
        )
        if upload.in_folder and isinstance(exc, UnsupportedFileType | EmptyFile):
            add("", "unknown", state=TaskState.SKIPPED, error=f"skipped: {reason}")
            return
        add("", "unknown", state=TaskState.FAILED, error=reason)
        return
    existing = store.find_document(source_id)
    if not force and existing is not None and existing.content_hash == content_hash:
        add(content_hash, kind.value, state=TaskState.SKIPPED)
        return
    runtime.blobs.put_original(upload.path, content_hash)
    task_id = add(content_hash, kind.value)
    try:
        runtime.send_task(TASK_INGEST_FILE, [task_id], queue="light")
    except ServiceUnavailable as exc:  # no worker will ever see it: say so instead of QUEUED
        store.update_task(task_id, state=TaskState.FAILED, error=exc.message)
        raise


def public_job(job: Job) -> Job:
    """The job with each file's reason naming the file, never its hash or a server path."""
    files = []
    for task in job.files:
        error = task.error
        if error:
            if task.content_hash:
                error = error.replace(f"orig/{task.content_hash}", task.filename)
                error = error.replace(task.content_hash, task.filename)
            error = _SERVER_PATH.sub("<file>", error)[:2000]
        files.append(task.model_copy(update={"error": error}))
    return job.model_copy(update={"files": files})


# An absolute path of two or more segments (blob store, temp dirs): never shown to clients.
_SERVER_PATH = re.compile(r"(?<![\w:/])/(?:[\w.@+-]+/)+[\w.@+-]*")


def wait_for_job(
    runtime: Runtime,
    job_id: str,
    timeout_s: float | None = None,
    on_progress: Callable[[Job], None] | None = None,
    poll_s: float = 0.25,
) -> Job:
    """Poll the job store until every file of the job is finished."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while True:
        job = public_job(runtime.store.get_job(job_id))
        if on_progress is not None:
            on_progress(job)
        if job.finished:
            return job
        if deadline is not None and time.monotonic() > deadline:
            return job
        time.sleep(poll_s)
