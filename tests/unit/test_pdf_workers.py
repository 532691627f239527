"""One PDF's pages extracted in worker processes give what one process gives, in page order."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmrag.ingestion.pdf import workers as pdf_workers
from mmrag.ingestion.pdf.pipeline import PdfExtractor
from mmrag.ingestion.pdf.workers import page_runs, process_count
from mmrag.platform.models import MediaKind, Shard, SourceFile
from mmrag.platform.settings import Settings
from mmrag.platform.storage import BlobStore
from tests.unit.test_pdf import TABLE, make_pdf

pytestmark = pytest.mark.unit


def test_page_runs_cover_every_page_once_in_order() -> None:
    pages = list(range(3, 40))
    runs = page_runs(pages, 2)
    assert [p for run in runs for p in run] == pages
    assert len(runs) == 4 and all(len(r) >= 4 for r in runs)
    assert page_runs(list(range(1, 6)), 8) == [[1, 2, 3, 4], [5]]
    assert page_runs([], 2) == []
    assert process_count(8, 3) == 1  # too few pages to be worth a second process
    assert 1 <= process_count(2, 100) <= 2


def test_parallel_extraction_equals_serial(tmp_path: Path) -> None:
    specs: list[dict[str, object]] = []
    for n in range(12):
        lines = [(72, 60, f"Section {n + 1} heading", 18)]
        lines += [
            (72, 100 + 13 * i, f"Page {n + 1} line {i} of plain prose text.", 10) for i in range(6)
        ]
        specs.append({"lines": TABLE if n == 5 else lines})
    path = make_pdf(tmp_path / "many.pdf", specs)
    source = SourceFile(
        source_id="s",
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash="h",
        media_kind=MediaKind.PDF,
    )
    blobs = BlobStore(tmp_path / "blobs")
    shard = Shard(index=0, first_page=2, last_page=12)
    results = {}
    for processes in (1, 2):
        settings = Settings(data_dir=tmp_path / "data", extract_processes=processes)
        results[processes] = PdfExtractor(settings).extract(source, shard, blobs)
    serial, parallel = results[1], results[2]
    assert pdf_workers._pool.cache_info().currsize == 1  # the pool ran (no serial fallback)
    assert parallel.pages == serial.pages == 12 and not parallel.warnings
    assert [(e.provenance.page, e.kind, e.text) for e in parallel.elements] == [
        (e.provenance.page, e.kind, e.text) for e in serial.elements
    ]
    pages = [e.provenance.page for e in parallel.elements]
    assert pages == sorted(pages) and set(pages) == set(range(2, 13))
    assert any(e.kind.value == "table" and e.provenance.page == 6 for e in parallel.elements)


def _report_processes(queue: object) -> None:
    queue.put(process_count(2, 100))  # type: ignore[attr-defined]


def test_a_daemonic_prefork_child_extracts_serially() -> None:
    import billiard

    # spawn, not fork: a child forked from this many-threaded test process can deadlock on a
    # lock some other thread held at fork time, which is not what this test is about.
    context = billiard.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_report_processes, args=(queue,), daemon=True)
    child.start()
    try:
        assert queue.get(timeout=180) == 1
    finally:
        child.join(30)
