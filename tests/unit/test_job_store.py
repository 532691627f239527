"""The job store: states, progress, tenants, documents."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mmrag.platform.errors import NotFound
from mmrag.platform.jobs import Document, JobState, JobStore, ShardResult, TaskState

pytestmark = pytest.mark.unit


@pytest.fixture()
def store(tmp_path: Path) -> JobStore:
    return JobStore(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")


def _task(store: JobStore, job_id: str, name: str, **kw: object) -> str:
    return store.add_task(
        job_id,
        tenant="t1",
        source_id=f"s-{name}",
        uri=f"/x/{name}",
        filename=name,
        content_hash="h" + name,
        media_kind="pdf",
        **kw,  # type: ignore[arg-type]
    )


def test_job_state_follows_its_files(store: JobStore) -> None:
    job_id = store.create_job("t1")
    a = _task(store, job_id, "a.pdf")
    b = _task(store, job_id, "b.pdf")
    assert store.get_job(job_id).state is JobState.QUEUED
    store.update_task(a, state=TaskState.RUNNING, started_at=time.time(), total=10)
    assert store.get_job(job_id).state is JobState.RUNNING
    store.update_task(a, state=TaskState.SUCCEEDED)
    store.update_task(b, state=TaskState.FAILED, error="corrupt")
    job = store.get_job(job_id)
    assert job.finished
    assert job.state is JobState.PARTIALLY_SUCCEEDED
    assert [f.error for f in job.files] == [None, "corrupt"]


def test_shard_progress_is_idempotent_and_gives_an_eta(store: JobStore) -> None:
    job_id = store.create_job("t1")
    task_id = _task(store, job_id, "big.pdf")
    store.update_task(
        task_id, state=TaskState.RUNNING, started_at=time.time() - 10, total=100, shards_total=5
    )
    for index in range(4):
        store.record_shard(task_id, ShardResult(shard_index=index, units=5, chunks=3))
    store.record_shard(task_id, ShardResult(shard_index=3, units=5, chunks=3))  # redelivered
    task = store.get_task(task_id)
    assert (task.done, task.shards_done) == (20, 4)
    eta = task.eta_s()
    assert eta is not None and 30 < eta < 50  # 10 s for 20 pages -> ~40 s for the other 80
    assert [r.shard_index for r in store.shard_results(task_id)] == [0, 1, 2, 3]


def test_exactly_one_caller_claims_finalize(store: JobStore) -> None:
    job_id = store.create_job("t1")
    task_id = _task(store, job_id, "x.pdf")
    store.update_task(task_id, state=TaskState.RUNNING)
    assert store.claim_finalize(task_id) is True
    assert store.claim_finalize(task_id) is False


def test_other_tenants_see_nothing(store: JobStore) -> None:
    job_id = store.create_job("t1")
    with pytest.raises(NotFound):
        store.get_job(job_id, tenant="t2")
    assert store.list_jobs("t2") == []
    doc = Document(
        source_id="s1",
        tenant="t1",
        uri="/x",
        filename="x.pdf",
        content_hash="abc",
        media_kind="pdf",
        mime="application/pdf",
        size_bytes=3,
        updated_at=time.time(),
    )
    store.upsert_document(doc)
    assert store.get_document("s1", "t1").filename == "x.pdf"
    with pytest.raises(NotFound):
        store.get_document("s1", "t2")
    assert store.hash_in_use("abc")
    store.delete_document("s1")
    assert not store.hash_in_use("abc")
