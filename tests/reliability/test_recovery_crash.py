"""`mmrag serve` killed (SIGKILL) or stopped (SIGTERM) mid-ingest on the embedded default.

After a restart on the same data dir the interrupted job must finish (never stay "running"),
the file must be in the document list, and the index must hold exactly the points a clean
ingest of the file produces. The embedded broker must never outlive its server.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from mmrag.platform.index.factory import close_shared_indexes
from mmrag.platform.models import SearchFilters
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from tests.reliability.recovery_helpers import (
    Server,
    brokers_of,
    clean_point_ids,
    make_pdf,
    wait_no_brokers,
)

pytestmark = pytest.mark.integration

PAGES = 40
PAGES_PER_SHARD = 5  # 8 shards, run one after another by the embedded worker

_CLEAN: dict[tuple[str, str], set[str]] = {}


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "field-notes.pdf", PAGES)


def _interrupt_mid_ingest(server: Server, job_id: str, sig: int) -> None:
    """Deliver ``sig`` once two shards are indexed and the rest are not."""
    deadline = time.monotonic() + 300
    while True:
        task = server.job(job_id)["files"][0]
        assert task["state"] not in ("succeeded", "failed"), "finished before the interruption"
        if 2 <= task["shards_done"] < task["shards_total"]:
            break
        assert time.monotonic() < deadline, f"never caught mid-ingest: {task}"
        time.sleep(0.1)
    if sig == signal.SIGKILL:
        server.process.kill()
        server.process.wait()
    else:
        server.stop(sig)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill9", "sigterm"])
def test_serve_interrupted_mid_ingest_recovers_exactly(sig: int, pdf: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    log = tmp_path / "serve.log"
    env = {"MMRAG_PAGES_PER_SHARD": str(PAGES_PER_SHARD)}
    first = Server(data_dir, log, **env)
    try:
        assert brokers_of(data_dir), "the embedded broker should run under the data dir"
        job_id = first.upload(pdf)
        _interrupt_mid_ingest(first, job_id, sig)
    finally:
        if first.process.poll() is None:
            first.process.kill()
    assert not wait_no_brokers(data_dir), "the embedded broker outlived its server"

    second = Server(data_dir, log, **env)
    try:
        job = second.wait_job(job_id, timeout_s=600)
        task = job["files"][0]
        assert job["state"] == "succeeded", (job["state"], task["error"], task["stage"])
        listed = {d["source_id"]: d for d in second.documents()}
        assert task["source_id"] in listed, "the recovered file is missing from the list"
        assert listed[task["source_id"]]["chunks"] == task["chunks"]
    finally:
        code = second.stop(signal.SIGTERM)
    assert code in (0, 143), f"SIGTERM exit code {code}: {log.read_text()[-3000:]}"
    assert not wait_no_brokers(data_dir), "the embedded broker outlived a SIGTERM'd server"

    settings = Settings(data_dir=data_dir, pages_per_shard=PAGES_PER_SHARD)
    with Runtime(settings) as runtime:
        stored = runtime.store.get_task(task["task_id"])
        ids = {c.id for c in runtime.index.scroll(SearchFilters(tenant=stored.tenant))}
        key = (stored.source_id, stored.content_hash)
        if key not in _CLEAN:
            _CLEAN[key] = clean_point_ids(settings, stored)
        close_shared_indexes()
    assert len(ids) == stored.chunks
    assert ids == _CLEAN[key], "the index does not hold exactly the clean point set"
