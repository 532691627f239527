"""End to end on the embedded default: real broker, real Celery worker, real index and models.

One runtime for the module (loading models once); each test uses its own files.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.jobs import JobState, TaskState
from mmrag.platform.models import SearchFilters
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from mmrag.platform.submission import Upload, submit, uploads_from_paths, wait_for_job

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("data"), redis_url=None, qdrant_url=None, pages_per_shard=1
    )
    with Runtime(settings) as rt:
        rt.start_worker(register_tasks)
        yield rt


def test_multi_shard_file_fans_in_once(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "two-pages.pdf"
    shutil.copy(EXAMPLES / "heronsgate_water_2024.pdf", path)
    job = wait_for_job(runtime, submit(runtime, uploads_from_paths([path])), timeout_s=600)
    task = job.files[0]
    assert task.state is TaskState.SUCCEEDED, task.error
    assert (task.shards_total, task.shards_done, task.done, task.total) == (2, 2, 2, 2)
    results = runtime.store.shard_results(task.task_id)
    assert sum(r.chunks for r in results) == task.chunks
    pages = {
        c.provenance.page for c in runtime.index.scroll(SearchFilters(source_ids=[task.source_id]))
    }
    assert pages == {1, 2}


def _ingest(runtime: Runtime, paths: list[Path]) -> dict[str, TaskState]:
    job = wait_for_job(runtime, submit(runtime, uploads_from_paths(paths)), timeout_s=600)
    assert job.finished, job
    return {f.filename: f.state for f in job.files}


def _bad_inputs(folder: Path) -> list[Path]:
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.pdf").write_text("plain text with a .pdf name")
    good = (EXAMPLES / "heronsgate_water_2024.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (folder / "evil name;rm -rf $(x) ü.pdf").write_bytes(b"%PDF-1.4\nnot really\n")
    return sorted(folder.iterdir())


def test_good_and_bad_files_in_one_batch(runtime: Runtime, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    shutil.copy(EXAMPLES / "heronsgate_water_2024.pdf", pdf)
    bad = _bad_inputs(tmp_path / "bad")
    job_id = submit(runtime, uploads_from_paths([pdf, *bad]))
    job = wait_for_job(runtime, job_id, timeout_s=600)
    by_name = {f.filename: f for f in job.files}
    assert by_name["report.pdf"].state is TaskState.SUCCEEDED
    assert by_name["report.pdf"].chunks > 0
    assert job.state is JobState.PARTIALLY_SUCCEEDED
    reasons = {name: f.error or "" for name, f in by_name.items() if name != "report.pdf"}
    assert "empty" in reasons["empty.pdf"]
    assert "unsupported file type" in reasons["notes.pdf"]
    assert reasons["truncated.pdf"], "a truncated PDF must fail with a reason"
    assert reasons["evil name;rm -rf $(x) ü.pdf"]
    assert all(f.state is TaskState.FAILED for n, f in by_name.items() if n != "report.pdf")

    # The good file is searchable with page + bbox provenance.
    report = SearchFilters(source_ids=[by_name["report.pdf"].source_id])
    hits = runtime.retriever().search("How many customers were served in 2024?", report, k=3)
    top = hits[0].chunk
    assert top.provenance.filename == "report.pdf"
    assert top.provenance.page == 1
    assert top.provenance.bbox is not None
    assert "48,250" in top.text


def test_reingest_skips_unchanged_and_replaces_changed(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "briefing.pdf"
    shutil.copy(EXAMPLES / "heronsgate_water_2024.pdf", path)
    assert _ingest(runtime, [path]) == {"briefing.pdf": TaskState.SUCCEEDED}
    doc = runtime.store.list_documents("default")
    source = next(d for d in doc if d.filename == "briefing.pdf")
    flt = SearchFilters(source_ids=[source.source_id])
    first_count = runtime.index.count(flt)
    assert first_count == source.chunks > 0

    assert _ingest(runtime, [path]) == {"briefing.pdf": TaskState.SKIPPED}
    assert runtime.index.count(flt) == first_count

    # New bytes under the same name: the old generation is replaced, never doubled.
    with path.open("ab") as handle:
        handle.write(b"\n% appended comment changes the hash\n")
    assert _ingest(runtime, [path]) == {"briefing.pdf": TaskState.SUCCEEDED}
    assert runtime.index.count(flt) == first_count
    hashes = {c.content_hash for c in runtime.index.scroll(flt)}
    assert hashes == {runtime.store.get_document(source.source_id).content_hash}


def test_upload_identity_is_the_uri(runtime: Runtime, tmp_path: Path) -> None:
    a = tmp_path / "a.pdf"
    shutil.copy(EXAMPLES / "heronsgate_water_2024.pdf", a)
    job_id = submit(
        runtime,
        [
            Upload(a, "upload://default/x.pdf", "x.pdf"),
            Upload(a, "upload://default/y.pdf", "y.pdf"),
        ],
    )
    job = wait_for_job(runtime, job_id, timeout_s=600)
    assert [f.state for f in job.files] == [TaskState.SUCCEEDED, TaskState.SUCCEEDED]
    assert len({f.source_id for f in job.files}) == 2
