"""The job-store contract on PostgreSQL (the scale-out store), including concurrent workers.

Each test gets its own freshly created database (the ``pg_url`` fixture of
``tests/integration/conftest.py``). Concurrency tests
use one :class:`JobStore` (own engine and connections) per thread, like separate workers.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from mmrag.platform.jobs import FileTask, JobStore, ShardResult, TaskState
from tests.unit.test_job_store import (
    _task,
    test_exactly_one_caller_claims_finalize,
    test_job_state_follows_its_files,
    test_other_tenants_see_nothing,
    test_shard_progress_is_idempotent_and_gives_an_eta,
)

pytestmark = pytest.mark.integration

WORKERS = 8
ROUNDS = 10

T = TypeVar("T")

# The SQLite contract, collected again here against the PostgreSQL ``store`` fixture below.
__all__ = [
    "test_exactly_one_caller_claims_finalize",
    "test_job_state_follows_its_files",
    "test_other_tenants_see_nothing",
    "test_shard_progress_is_idempotent_and_gives_an_eta",
]


@pytest.fixture()
def store(pg_url: str) -> Iterator[JobStore]:
    job_store = JobStore(pg_url)
    assert job_store.engine.dialect.name == "postgresql"
    yield job_store
    job_store.close()


@pytest.fixture()
def worker_stores(pg_url: str, store: JobStore) -> Iterator[list[JobStore]]:
    """One store per concurrent worker, each with its own engine (schema already created)."""
    stores = [JobStore(pg_url) for _ in range(WORKERS)]
    yield stores
    for s in stores:
        s.close()


def _race(stores: list[JobStore], call: Callable[[JobStore, str, int], T], task_id: str) -> list[T]:
    """Run ``call(store_i, task_id, i)`` on every store at once (released by a barrier)."""
    barrier = threading.Barrier(len(stores))
    results: list[T | None] = [None] * len(stores)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = call(stores[i], task_id, i)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return [r for r in results if r is not None]


def _running_task(store: JobStore, shards_total: int) -> str:
    task_id = _task(store, store.create_job("t1"), f"{uuid.uuid4().hex}.pdf")
    store.update_task(task_id, state=TaskState.RUNNING, stage="extract", shards_total=shards_total)
    return task_id


def _claim(store: JobStore, task_id: str, _i: int) -> bool:
    return store.claim_finalize(task_id)


def _finish_shard(store: JobStore, task_id: str, i: int) -> bool:
    """What run_extract_shard does after extracting shard ``i``: record it, maybe finalize."""
    task = store.record_shard(task_id, ShardResult(shard_index=i, units=3, chunks=2))
    return task.shards_done >= task.shards_total and store.claim_finalize(task_id)


def _redeliver_shard_zero(store: JobStore, task_id: str, _i: int) -> FileTask:
    return store.record_shard(task_id, ShardResult(shard_index=0, units=5, chunks=4))


def test_concurrent_finalize_claims_have_one_winner(
    store: JobStore, worker_stores: list[JobStore]
) -> None:
    for _ in range(ROUNDS):
        task_id = _running_task(store, WORKERS)
        claims = _race(worker_stores, _claim, task_id)
        assert claims.count(True) == 1, claims
        assert store.get_task(task_id).stage == "finalize"


def test_concurrent_shards_all_count_and_the_last_one_sees_the_full_set(
    store: JobStore, worker_stores: list[JobStore]
) -> None:
    """Distinct shards finishing together: none lost, so the fan-in always fires exactly once."""
    for _ in range(ROUNDS):
        task_id = _running_task(store, WORKERS)
        finalizers = _race(worker_stores, _finish_shard, task_id)
        task = store.get_task(task_id)
        assert (task.shards_done, task.done) == (WORKERS, 3 * WORKERS)
        assert finalizers.count(True) == 1, finalizers


def test_a_shard_redelivered_concurrently_is_recorded_once(
    store: JobStore, worker_stores: list[JobStore]
) -> None:
    for _ in range(ROUNDS):
        task_id = _running_task(store, 2)
        _race(worker_stores, _redeliver_shard_zero, task_id)
        task = store.get_task(task_id)
        assert (task.shards_done, task.done) == (1, 5)
        assert store.shard_results(task_id) == [ShardResult(shard_index=0, units=5, chunks=4)]
