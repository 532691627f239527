"""Scale-out path: real Redis (127.0.0.1:6379 when it answers), separate `mmrag worker` processes.

The worker process owns the embedded index here (no Qdrant server can run on this machine), so
the test process reads the index only after the worker has stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import redis

from mmrag.ingestion.extractors import get_extractor
from mmrag.platform.broker import EmbeddedBroker
from mmrag.platform.index.factory import close_shared_indexes
from mmrag.platform.jobs import TaskState
from mmrag.platform.models import SearchFilters
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

pytestmark = pytest.mark.integration

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The machine's Redis (a private db, flushed) or, if none answers, an embedded server."""
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except redis.RedisError:
        with EmbeddedBroker(tmp_path_factory.mktemp("broker")) as broker:
            yield broker.url
        return
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


def _start_worker(data_dir: Path, url: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, MMRAG_REDIS_URL=url, MMRAG_DATA_DIR=str(data_dir))
    cmd = [sys.executable, "-m", "mmrag.cli", "worker", "--pool", "prefork", "--concurrency", "1"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _expected_ids(settings: Settings, runtime: Runtime, task_id: str) -> set[str]:
    """Chunk ids of a file computed inline (no Celery): what the index must hold exactly."""
    from mmrag.ingestion.tasks import source_for

    source = source_for(runtime, runtime.store.get_task(task_id))
    extractor = get_extractor(source.media_kind, settings)
    ids: set[str] = set()
    for shard in extractor.plan(source).shards:
        result = extractor.extract(source, shard, runtime.blobs)
        ids |= {c.id for c in extractor.chunk(result.elements, source)}
    return ids


def test_worker_killed_mid_job_still_completes_exactly(
    redis_url: str, corpus_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    pdf = tmp_path / "zoo.pdf"
    shutil.copy(corpus_dir / "pdf" / "zoo.pdf", pdf)  # 30 pages: two page-range shards
    settings = Settings(data_dir=data_dir, redis_url=redis_url, qdrant_url=None)
    worker = _start_worker(data_dir, redis_url)
    killed = False
    try:
        with Runtime(settings) as runtime:
            job_id = submit(runtime, uploads_from_paths([pdf]))
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                task = runtime.store.get_job(job_id).files[0]
                children = psutil.Process(worker.pid).children(recursive=True)
                if (
                    task.stage in ("extract", "chunk", "embed")
                    and task.shards_done == 0
                    and children
                ):
                    time.sleep(2)  # well inside the first shard
                    for child in children:
                        child.send_signal(signal.SIGKILL)
                    killed = True
                    break
                if task.state.finished:
                    break
                time.sleep(0.2)
            job = wait_for_job(runtime, job_id, timeout_s=900)
            assert killed, "the worker child was never caught mid-shard"
            assert job.files[0].state is TaskState.SUCCEEDED, job.files[0].error
            chunks = job.files[0].chunks
            _stop(worker)
            doc = runtime.store.list_documents("default")[0]
            index_ids = {c.id for c in runtime.index.scroll(SearchFilters())}
            assert len(index_ids) == chunks == doc.chunks
            assert index_ids == _expected_ids(settings, runtime, job.files[0].task_id)
            close_shared_indexes()
    finally:
        if worker.poll() is None:
            _stop(worker)
