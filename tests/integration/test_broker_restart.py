"""Scale-out path: the Redis broker crashes and comes back while a multi-shard job is running.

The test runs its own ``redis-server`` on a free loopback port (never the machine's shared
Redis) with ``--appendonly yes --appendfsync always`` in a private ``--dir``: a production broker
is persistent, and with every write fsynced a SIGKILL loses nothing Redis acknowledged, so the
restarted server still holds the queued shards and the unacked (in-flight) ones. Without
persistence a restart would drop queued messages by design, which no worker can recover from.
SIGKILL is the harsher stop: clients get no goodbye and must notice the dead connection.
"""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import redis

from mmrag.ingestion.tasks import run_ingest_file
from mmrag.platform.index.factory import close_shared_indexes
from mmrag.platform.jobs import TaskState
from mmrag.platform.models import SearchFilters
from mmrag.platform.queue import key_prefix
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job
from tests.integration.test_scale_out import _expected_ids, _stop

pytestmark = pytest.mark.integration

PAGES_PER_SHARD = 5  # zoo.pdf's 30 pages -> 6 shards


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisProcess:
    """A private, persistent redis-server that can be crashed and restarted on its port."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        cmd = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        cmd += ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.data_dir)]
        with (self.data_dir / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        with redis.Redis.from_url(self.url, socket_connect_timeout=1) as client:
            for _ in range(100):
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


@pytest.fixture()
def broker(tmp_path: Path) -> Iterator[RedisProcess]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisProcess(tmp_path / "redis")
    server.start()
    yield server
    gc.collect()  # Celery unsubscribes dropped results' channels: let it while the server is up
    server.kill()


def _start_worker(data_dir: Path, url: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        MMRAG_REDIS_URL=url,
        MMRAG_DATA_DIR=str(data_dir),
        MMRAG_PAGES_PER_SHARD=str(PAGES_PER_SHARD),
    )
    cmd = [sys.executable, "-m", "mmrag.cli", "worker", "--pool", "prefork", "--concurrency", "1"]
    with log.open("ab") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)


def _worker_tree(pid: int) -> list[psutil.Process]:
    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


def _freeze_mid_shard(runtime: Runtime, task_id: str, client: redis.Redis, pid: int) -> int:
    """SIGSTOP the worker while it holds a delivered, unacknowledged extract shard and more
    shards are queued; return the ``shards_done`` it was frozen at.

    Watching for a running shard and then sleeping to confirm it is still running lost the race
    on a fast machine (shards of 0.2 s); freezing first and then confirming cannot: a frozen
    worker's shard stays in flight for as long as the test needs.
    """
    deadline = time.monotonic() + 600
    prefix = key_prefix(runtime.settings)  # the deployment's prefix on every broker key
    while True:
        assert time.monotonic() < deadline, "no shard was caught in flight"
        task = runtime.store.get_task(task_id)
        assert not task.state.finished, "the job finished before the broker could be crashed"
        # kombu keeps a delivered, not yet acknowledged message in the "unacked" hash
        if task.shards_done and client.hlen(f"{prefix}unacked") and client.llen(f"{prefix}docs"):
            for proc in _worker_tree(pid):
                proc.suspend()
            frozen = runtime.store.get_task(task_id)
            if frozen.shards_done == task.shards_done and client.hlen(f"{prefix}unacked"):
                return frozen.shards_done
            for proc in _worker_tree(pid):  # the shard ended in between: try the next one
                proc.resume()
        time.sleep(0.02)


def _crash_broker_mid_shard(
    runtime: Runtime, task_id: str, broker: RedisProcess, worker_pid: int
) -> None:
    """SIGKILL the broker while one shard is in flight and more are queued; restart it once the
    in-flight shard has finished with no broker to take its Celery result or its ack.
    """
    with redis.Redis.from_url(broker.url) as client:
        done = _freeze_mid_shard(runtime, task_id, client, worker_pid)
    broker.kill()
    for proc in _worker_tree(worker_pid):
        proc.resume()
    deadline = time.monotonic() + 600
    while runtime.store.get_task(task_id).shards_done == done:
        assert time.monotonic() < deadline, "the in-flight shard never finished"
        time.sleep(0.2)
    broker.start()


def _holds_connection(pid: int, port: int) -> bool:
    """Whether the worker (or a pool child) has an open TCP connection to ``port``."""
    for proc in _worker_tree(pid):
        for conn in proc.net_connections(kind="tcp"):
            if conn.raddr and conn.raddr.port == port and conn.status == psutil.CONN_ESTABLISHED:
                return True
    return False


def test_broker_crash_mid_job_still_completes_exactly(
    broker: RedisProcess, corpus_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    pdf = tmp_path / "zoo.pdf"
    shutil.copy(corpus_dir / "pdf" / "zoo.pdf", pdf)
    settings = Settings(
        data_dir=data_dir, redis_url=broker.url, qdrant_url=None, pages_per_shard=PAGES_PER_SHARD
    )
    log = tmp_path / "worker.log"
    worker = _start_worker(data_dir, broker.url, log)
    try:
        with Runtime(settings) as runtime:
            job_id = submit(runtime, uploads_from_paths([pdf]))
            task_id = runtime.store.get_job(job_id).files[0].task_id
            _crash_broker_mid_shard(runtime, task_id, broker, worker.pid)
            job = wait_for_job(runtime, job_id, timeout_s=900)
            task = job.files[0]
            assert task.state is TaskState.SUCCEEDED, task.error
            assert task.shards_done == task.shards_total == 6
            # shards still queued at the crash ran: the same worker process consumed them from
            # the restarted broker, and it holds a live connection to it
            assert worker.poll() is None, "the worker process died with the broker"
            assert _holds_connection(worker.pid, broker.port)
            _stop(worker)
            doc = runtime.store.list_documents("default")[0]
            index_ids = {c.id for c in runtime.index.scroll(SearchFilters())}
            assert len(index_ids) == task.chunks == doc.chunks
            assert index_ids == _expected_ids(settings, runtime, task.task_id)
            close_shared_indexes()
    finally:
        if worker.poll() is None:
            _stop(worker)
        print(log.read_text()[-6000:])


def test_fan_out_rides_out_a_broker_restart(
    broker: RedisProcess, corpus_dir: Path, tmp_path: Path
) -> None:
    """The ingest task fans its shards out while the broker is down for a couple of seconds.

    Giving up there would be final: Celery's retry needs the same broker and, unable to publish,
    drops the message, so the file would stay running forever. The fan-out waits instead.
    """
    pdf = tmp_path / "zoo.pdf"
    shutil.copy(corpus_dir / "pdf" / "zoo.pdf", pdf)
    settings = Settings(
        data_dir=tmp_path / "data",
        redis_url=broker.url,
        qdrant_url=None,
        pages_per_shard=PAGES_PER_SHARD,
    )
    with Runtime(settings) as runtime:
        job_id = submit(runtime, uploads_from_paths([pdf]))  # no worker: run the task here
        task_id = runtime.store.get_job(job_id).files[0].task_id

        def restart_once_fanning_out() -> None:
            while runtime.store.get_task(task_id).stage != "extract":  # set just before sending
                time.sleep(0.05)
            time.sleep(2)
            broker.start()

        broker.kill()
        restarter = threading.Thread(target=restart_once_fanning_out, daemon=True)
        restarter.start()
        try:
            result = run_ingest_file(task_id)
        finally:
            restarter.join(60)
        assert result == {"shards": 6}
        with redis.Redis.from_url(broker.url) as client:
            assert client.llen(f"{key_prefix(settings)}docs") == 6
