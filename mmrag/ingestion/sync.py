"""``mmrag.sync_folder``: keep the index in step with a folder (a schedule entry runs it).

Each run compares the folder with the documents indexed under it: new and changed files are
submitted as one ingestion job, documents whose file is gone are removed from the index, the
blobs and the store, and files mmrag cannot read are reported (not submitted again each run).
The run returns its summary (the schedule run log keeps it).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from celery import Celery

from mmrag.platform.errors import InputError
from mmrag.platform.runtime import current_runtime
from mmrag.platform.schedules import TASK_SYNC_FOLDER
from mmrag.platform.sniff import sniff_file
from mmrag.platform.storage import sha256_file
from mmrag.platform.submission import Upload, submit, uploads_from_paths

log = logging.getLogger(__name__)


def run_sync_folder(folder: str, tenant: str | None = None) -> dict[str, Any]:
    """Ingest new and changed files of ``folder``, drop documents whose file was deleted."""
    from mmrag.ingestion.tasks import run_delete_document

    runtime = current_runtime()
    tenant = tenant or runtime.settings.tenant
    root = Path(folder).expanduser().resolve()
    if not root.is_dir():
        raise InputError(f"sync_folder: {folder} is not a folder")
    prefix = str(root) + os.sep
    indexed = {d.uri: d for d in runtime.store.list_documents(tenant) if d.uri.startswith(prefix)}
    # a file whose ingestion is still queued or running is left to that job
    pending = {
        (t.uri, t.content_hash)
        for t in runtime.store.unfinished_tasks()
        if t.tenant == tenant and t.uri.startswith(prefix)
    }
    in_progress = 0
    added: list[str] = []
    updated: list[str] = []
    failed: dict[str, str] = {}
    unchanged = 0
    submit_now: list[Upload] = []
    present: set[str] = set()
    for upload in uploads_from_paths([root]):
        present.add(upload.uri)
        rel = upload.uri.removeprefix(prefix)
        try:
            sniff_file(upload.path)
            content_hash = sha256_file(upload.path)
        except (InputError, OSError) as exc:
            failed[rel] = exc.message if isinstance(exc, InputError) else str(exc)
            continue
        doc = indexed.get(upload.uri)
        if doc is not None and doc.content_hash == content_hash:
            unchanged += 1
            continue
        if (upload.uri, content_hash) in pending:
            in_progress += 1
            continue
        (added if doc is None else updated).append(rel)
        submit_now.append(upload)
    removed = []
    for uri, doc in indexed.items():
        if uri not in present:
            run_delete_document(tenant, doc.source_id)
            removed.append(uri.removeprefix(prefix))
    job_id = submit(runtime, submit_now, tenant) if submit_now else None
    summary = {
        "folder": str(root),
        "job_id": job_id,
        "added": sorted(added),
        "updated": sorted(updated),
        "removed": sorted(removed),
        "unchanged": unchanged,
        "in_progress": in_progress,
        "failed": failed,
    }
    log.info(
        "sync_folder %s: %d added, %d updated, %d removed, %d unchanged, %d failed",
        root,
        len(added),
        len(updated),
        len(removed),
        unchanged,
        len(failed),
    )
    return summary


def register_sync_tasks(app: Celery) -> None:
    """Register ``mmrag.sync_folder`` on ``app`` (idempotent)."""
    if TASK_SYNC_FOLDER in app.tasks:
        return
    app.task(name=TASK_SYNC_FOLDER, acks_late=True)(run_sync_folder)
