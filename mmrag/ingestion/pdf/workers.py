"""Extract a PDF page range in parallel processes (PDFium is not thread-safe; processes are).

:func:`extract_pages` runs every PDF stage (text layer + tables, OCR of pages without one,
figure regions) over some pages in this process. :func:`extract_pages_parallel` cuts the pages
into small runs and hands them to a pool of ``forkserver`` processes kept for the life of the
worker (each loads its models once), then merges the results in page order; the caller keeps
chunking, embedding and the one index writer. Inside a daemonic process (a Celery prefork
child in scale-out) or with one process it runs serially, and a pool that breaks falls back to
serial extraction.
"""

from __future__ import annotations

import atexit
import functools
import logging
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from mmrag.ingestion.base import ExtractionResult
from mmrag.ingestion.ocr.engine import OcrOptions
from mmrag.ingestion.pdf.layout import LayoutOptions
from mmrag.ingestion.pdf.text_layer import PdfOptions
from mmrag.platform.models import SourceFile
from mmrag.platform.storage import BlobStore

log = logging.getLogger(__name__)

MIN_PAGES_PER_RUN = 4  # smaller runs cost more in hand-over than they gain


def extract_pages(
    source: SourceFile,
    pages: list[int],
    ocr_pages: set[int],
    blobs: BlobStore,
    pdf_options: PdfOptions,
    ocr_options: OcrOptions,
    layout_options: LayoutOptions,
) -> ExtractionResult:
    """Elements of consecutive ``pages`` (1-based) from every PDF stage, in this process."""
    from mmrag.ingestion.ocr.engine import ocr_pdf_pages
    from mmrag.ingestion.pdf.layout import extract_regions
    from mmrag.ingestion.pdf.text_layer import extract_pdf_text

    result = ExtractionResult()
    if not pages:
        return result
    parts = [extract_pdf_text(source, pdf_options, pages[0], pages[-1], ocr_pages)]
    scanned = [p for p in pages if p in ocr_pages]
    if scanned:
        parts.append(ocr_pdf_pages(source, scanned, ocr_options))
    parts.append(extract_regions(source, pages, blobs, layout_options))
    for part in parts:
        result.elements.extend(part.elements)
        result.warnings.extend(part.warnings)
        result.pages = result.pages or part.pages
    return result


def page_runs(pages: list[int], processes: int) -> list[list[int]]:
    """Consecutive runs, about two per process (uneven pages balance out), none tiny."""
    if not pages:
        return []
    size = max(MIN_PAGES_PER_RUN, math.ceil(len(pages) / (2 * max(1, processes))))
    return [pages[i : i + size] for i in range(0, len(pages), size)]


def process_count(requested: int, pages: int) -> int:
    """Processes worth using for ``pages`` pages (1 inside a daemonic process)."""
    if _daemonic():  # daemonic processes cannot have children
        return 1
    by_pages = max(1, pages // MIN_PAGES_PER_RUN)
    return max(1, min(requested, by_pages, os.cpu_count() or 1))


def _daemonic() -> bool:
    """Whether this is a daemonic process (multiprocessing's or a Celery prefork child)."""
    if multiprocessing.current_process().daemon:
        return True
    try:
        from billiard.process import current_process as billiard_process
    except ImportError:  # pragma: no cover - celery always brings billiard
        return False
    return bool(billiard_process().daemon)


def extract_pages_parallel(
    source: SourceFile,
    pages: list[int],
    ocr_pages: set[int],
    blobs: BlobStore,
    pdf_options: PdfOptions,
    ocr_options: OcrOptions,
    layout_options: LayoutOptions,
    processes: int,
) -> ExtractionResult:
    """:func:`extract_pages` over ``pages`` spread across ``processes`` worker processes."""
    workers = process_count(processes, len(pages))
    runs = page_runs(pages, workers)
    if workers > 1 and len(runs) > 1:
        # Each process OCRs its own scanned pages: no pool inside a pool.
        child_ocr = ocr_options.model_copy(update={"workers": 1})
        jobs = [
            (source, run, ocr_pages, blobs, pdf_options, child_ocr, layout_options) for run in runs
        ]
        try:
            parts = list(_pool(workers).map(_job, jobs))
        except (OSError, RuntimeError) as exc:  # BrokenProcessPool is a RuntimeError
            log.warning("PDF extraction pool failed (%s); extracting serially", exc)
            _pool.cache_clear()
        else:
            result = ExtractionResult()
            for part in parts:
                result.elements.extend(part.elements)
                result.warnings.extend(part.warnings)
                result.pages = result.pages or part.pages
            return result
    return extract_pages(source, pages, ocr_pages, blobs, pdf_options, ocr_options, layout_options)


def _job(
    job: tuple[SourceFile, list[int], set[int], BlobStore, PdfOptions, OcrOptions, LayoutOptions],
) -> ExtractionResult:
    """Worker-process entry point (module level so that it pickles)."""
    return extract_pages(*job)


def _init_worker() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")


@functools.lru_cache(maxsize=4)
def _pool(workers: int) -> ProcessPoolExecutor:
    """A pool kept for the life of this process (forkserver: safe in a threaded worker)."""
    ctx = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)
    atexit.register(pool.shutdown, wait=False, cancel_futures=True)
    return pool
