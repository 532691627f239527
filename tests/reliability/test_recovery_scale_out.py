"""Scale-out reliability on the machine's Redis (db 14): a killed worker's messages come back
within minutes, deployments sharing one Redis DB never take each other's tasks, a task unknown
to the job store fails loudly, and forked pool processes never share a database connection.
"""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import redis
import sqlalchemy as sa

from mmrag.platform.index.factory import close_shared_indexes
from mmrag.platform.jobs import JobStore, TaskState
from mmrag.platform.models import SearchFilters
from mmrag.platform.queue import TASK_INGEST_FILE
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job
from tests.integration.conftest import pg_url  # noqa: F401  (fixture)
from tests.reliability.recovery_helpers import clean_env, clean_point_ids, make_pdf

pytestmark = pytest.mark.integration

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture()
def redis_url() -> Iterator[str]:
    """Redis db 14 (this suite's own), flushed before and after."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis server answers on 127.0.0.1:6379")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


def _worker(data_dir: Path, log: Path, **env: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "mmrag.cli", "worker", "--pool", "prefork", "--concurrency", "1"]
    with log.open("ab") as out:
        return subprocess.Popen(
            cmd,
            env=clean_env(MMRAG_DATA_DIR=str(data_dir), **env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _kill_all(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and its pool children at once (a lost machine, an OOM kill)."""
    procs = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    for proc in procs:
        proc.kill()
    psutil.wait_procs(procs, timeout=10)


def test_killed_worker_messages_return_within_minutes(redis_url: str, tmp_path: Path) -> None:
    """The whole worker dies mid-shard; a new one finishes the file well within 5 minutes.

    The visibility timeout is a few seconds here (minutes by default): a live worker renews
    the leases of the messages it holds, so only the dead worker's messages come back.
    """
    data_dir = tmp_path / "data"
    pdf = make_pdf(tmp_path / "survey.pdf", 20, seed=3)
    env = {
        "MMRAG_REDIS_URL": redis_url,
        "MMRAG_VISIBILITY_TIMEOUT_S": "6",
        "MMRAG_PAGES_PER_SHARD": "5",
        "MMRAG_DEPLOYMENT": "rec-kill",
    }
    settings = Settings(
        data_dir=data_dir,
        redis_url=redis_url,
        visibility_timeout_s=6,
        pages_per_shard=5,
        deployment="rec-kill",
    )
    log = tmp_path / "worker.log"
    first = _worker(data_dir, log, **env)
    second: subprocess.Popen[bytes] | None = None
    try:
        with Runtime(settings) as runtime:
            job_id = submit(runtime, uploads_from_paths([pdf]))
            deadline = time.monotonic() + 600
            while True:
                task = runtime.store.get_job(job_id).files[0]
                assert not task.state.finished, "finished before the worker could be killed"
                if task.stage in ("extract", "chunk", "embed") and task.shards_done >= 1:
                    break
                assert time.monotonic() < deadline, "no shard was caught in flight"
                time.sleep(0.1)
            _kill_all(first)
            killed_at = time.monotonic()
            second = _worker(data_dir, log, **env)
            job = wait_for_job(runtime, job_id, timeout_s=300)
            took = time.monotonic() - killed_at
            task = job.files[0]
            assert task.state is TaskState.SUCCEEDED, (task.state, task.error, task.stage, took)
            _stop(second)
            ids = {c.id for c in runtime.index.scroll(SearchFilters())}
            assert len(ids) == task.chunks == runtime.store.list_documents("default")[0].chunks
            assert ids == clean_point_ids(settings, task)
            close_shared_indexes()
    finally:
        for proc in (first, second):
            if proc is not None:
                _stop(proc)


def test_deployments_sharing_a_redis_db_never_mix(redis_url: str, tmp_path: Path) -> None:
    """Two deployments on db 14: each worker runs only its own deployment's tasks, and a task
    this deployment's job store does not know fails loudly instead of vanishing.
    """
    pdf = make_pdf(tmp_path / "memo.pdf", 2, seed=5)
    alpha = Settings(data_dir=tmp_path / "alpha", redis_url=redis_url, deployment="alpha")
    beta = Settings(data_dir=tmp_path / "beta", redis_url=redis_url, deployment="beta")
    log = tmp_path / "alpha.log"
    worker = _worker(alpha.data_dir, log, MMRAG_REDIS_URL=redis_url, MMRAG_DEPLOYMENT="alpha")
    try:
        with Runtime(beta) as beta_rt:
            beta_job = submit(beta_rt, uploads_from_paths([pdf]))  # no beta worker yet
        with Runtime(alpha) as runtime:
            job = wait_for_job(runtime, submit(runtime, uploads_from_paths([pdf])), 300)
            assert job.files[0].state is TaskState.SUCCEEDED, job.files[0].error
        with Runtime(beta) as beta_rt:
            task = beta_rt.store.get_job(beta_job).files[0]
            assert task.state is TaskState.QUEUED, "alpha's worker took beta's task"
            with redis.Redis.from_url(redis_url) as client:
                assert client.llen("beta:light") == 1, "beta's message is gone from its queue"
        with Runtime(alpha) as runtime:
            bogus = runtime.celery.send_task(TASK_INGEST_FILE, args=["f" * 32], queue="light")
            bogus.get(timeout=120, propagate=False, disable_sync_subtasks=False)
            assert bogus.state == "FAILURE"
            assert "no such file task" in str(bogus.result)
            bogus.forget()
        assert "not in this worker's job store" in log.read_text()
    finally:
        _stop(worker)


def _backend_pid_loop(url: str, task_id: str, rounds: int, out: multiprocessing.Queue) -> None:
    """Use a (possibly inherited) store hard; report this process's PostgreSQL backend pid."""
    try:
        store = _STORES[url]
        for i in range(rounds):
            store.update_task(task_id, done=i)
            store.get_task(task_id)
        with store.engine.connect() as conn:
            out.put(("ok", conn.execute(sa.text("select pg_backend_pid()")).scalar()))
    except Exception as exc:  # reported to the parent
        out.put(("error", f"{type(exc).__name__}: {exc}"))


_STORES: dict[str, JobStore] = {}


def test_forked_processes_get_their_own_database_connections(pg_url: str) -> None:  # noqa: F811
    """A prefork pool forks after the parent used the store: each child must open its own
    PostgreSQL session (a shared one interleaves statements: DuplicatePreparedStatement)."""
    store = JobStore(pg_url)
    _STORES[pg_url] = store
    try:
        job = store.create_job("default")
        task_id = store.add_task(
            job,
            tenant="default",
            source_id="s",
            uri="u",
            filename="f",
            content_hash="h",
            media_kind="pdf",
        )
        for _ in range(10):  # psycopg prepares a statement after a few executions
            store.get_task(task_id)
        context = multiprocessing.get_context("fork")
        out: multiprocessing.Queue = context.Queue()
        children = [
            context.Process(target=_backend_pid_loop, args=(pg_url, task_id, 40, out))
            for _ in range(2)
        ]
        for child in children:
            child.start()
        _backend_pid_loop(pg_url, task_id, 40, out)
        results = [out.get(timeout=120) for _ in range(3)]
        for child in children:
            child.join(60)
        errors = [r[1] for r in results if r[0] == "error"]
        assert not errors, errors
        assert len({r[1] for r in results}) == 3, f"processes share a session: {results}"
    finally:
        _STORES.pop(pg_url, None)
        store.close()


def test_lease_renewal_rescores_only_held_messages(redis_url: str, tmp_path: Path) -> None:
    """A renewal moves a held message's unacked score to now (so it does not expire), under the
    deployment's prefix, and never resurrects a message that was acked meanwhile."""
    from mmrag.platform.leases import renew
    from mmrag.platform.queue import create_celery_app

    settings = Settings(data_dir=tmp_path, redis_url=redis_url, deployment="rec-lease")
    app = create_celery_app(settings, redis_url)
    with redis.Redis.from_url(redis_url) as client, app.connection_for_write() as conn:
        client.zadd("rec-lease:unacked_index", {"held": 1.0})
        before = time.time()
        assert renew(conn.default_channel, ["held", "acked"]) == 1
        score = client.zscore("rec-lease:unacked_index", "held")
        assert score is not None and score >= before
        assert client.zscore("rec-lease:unacked_index", "acked") is None
        assert client.zscore("unacked_index", "held") is None  # no unprefixed key


def test_killed_pool_child_on_postgres_still_completes_exactly(
    redis_url: str,
    pg_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """SIGKILL of the pool child mid-shard: the replacement child (forked from a parent that
    used the database) must run on its own PostgreSQL session and finish the file."""
    data_dir = tmp_path / "data"
    pdf = make_pdf(tmp_path / "ledger.pdf", 15, seed=7)
    env = {
        "MMRAG_REDIS_URL": redis_url,
        "MMRAG_DATABASE_URL": pg_url,
        "MMRAG_PAGES_PER_SHARD": "5",
        "MMRAG_DEPLOYMENT": "rec-pg",
    }
    settings = Settings(
        data_dir=data_dir,
        redis_url=redis_url,
        database_url=pg_url,
        pages_per_shard=5,
        deployment="rec-pg",
    )
    log = tmp_path / "worker.log"
    worker = _worker(data_dir, log, **env)
    try:
        with Runtime(settings) as runtime:
            job_id = submit(runtime, uploads_from_paths([pdf]))
            deadline = time.monotonic() + 600
            while True:
                task = runtime.store.get_job(job_id).files[0]
                assert not task.state.finished, "finished before the child could be killed"
                children = psutil.Process(worker.pid).children(recursive=True)
                if task.stage in ("extract", "chunk", "embed") and children:
                    break
                assert time.monotonic() < deadline, "no shard was caught in flight"
                time.sleep(0.1)
            for child in children:
                child.kill()
            job = wait_for_job(runtime, job_id, timeout_s=600)
            task = job.files[0]
            assert task.state is TaskState.SUCCEEDED, (task.error, log.read_text()[-3000:])
            _stop(worker)
            ids = {c.id for c in runtime.index.scroll(SearchFilters())}
            assert len(ids) == task.chunks
            assert ids == clean_point_ids(settings, task)
            close_shared_indexes()
    finally:
        _stop(worker)
