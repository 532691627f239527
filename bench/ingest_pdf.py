"""PDF ingestion throughput, end to end through the Celery pipeline, vs pdftotext.

Ingests the dev corpus PDFs (or the files given) into a fresh embedded data dir with the real
broker, worker, extractors, embedder and index, and times pdftotext on the same files in the
same run as the baseline. Prints JSON; ``--out FILE`` also writes it.

    .venv/bin/python bench/ingest_pdf.py [--corpus DIR] [--out bench/results/ingest_pdf.json]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchio import emit

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")


def pdftotext_seconds(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True)
    return time.perf_counter() - start


def unstructured_fast_seconds(files: list[Path]) -> float:
    """unstructured's ``fast`` partition of ``files`` alone (extraction only, import included)."""
    start = time.perf_counter()
    code = (
        "import sys\n"
        "from unstructured.partition.pdf import partition_pdf\n"
        "for name in sys.argv[1:]:\n"
        "    partition_pdf(filename=name, strategy='fast', languages=['eng'])\n"
    )
    subprocess.run([sys.executable, "-c", code, *map(str, files)], check=True, capture_output=True)
    return time.perf_counter() - start


def page_count(path: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--digital-only", action="store_true", help="Only pdf/*.pdf (no scans), as the issue asks."
    )
    args = parser.parse_args()
    scans = [] if args.digital_only else sorted((args.corpus / "scan").glob("*.pdf"))
    files = args.files or sorted((args.corpus / "pdf").glob("*.pdf")) + scans

    from mmrag.ingestion.tasks import register_tasks
    from mmrag.platform.embedding import default_embedder
    from mmrag.platform.runtime import Runtime
    from mmrag.platform.settings import Settings
    from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job

    load_before = [round(v, 2) for v in os.getloadavg()]
    baseline_s = pdftotext_seconds(files)
    unstructured_s = unstructured_fast_seconds(files)
    per_file = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), redis_url=None, qdrant_url=None)
        with Runtime(settings) as runtime:
            default_embedder()  # model load is a one-off, not per-page cost
            runtime.start_worker(register_tasks)
            start = time.perf_counter()
            job = wait_for_job(runtime, submit(runtime, uploads_from_paths(files)))
            total_s = time.perf_counter() - start
            again = time.perf_counter()
            rerun = wait_for_job(runtime, submit(runtime, uploads_from_paths(files)))
            rerun_s = time.perf_counter() - again
        for f in job.files:
            pages = page_count(Path(f.uri))
            seconds = (f.finished_at or 0) - (f.started_at or f.created_at)
            per_file.append(
                {
                    "file": f.filename,
                    "pages": pages,
                    "state": f.state.value,
                    "chunks": f.chunks,
                    "seconds": round(seconds, 2),
                    "pages_per_s": round(pages / seconds, 2) if seconds > 0 else None,
                }
            )
    pages = sum(p["pages"] for p in per_file)
    result = {
        "benchmark": "pdf_ingest_end_to_end",
        "files": len(files),
        "pages": pages,
        "mmrag_seconds": round(total_s, 2),
        "mmrag_pages_per_s": round(pages / total_s, 3),
        "pdftotext_seconds": round(baseline_s, 3),
        "pdftotext_pages_per_s": round(pages / baseline_s, 1),
        "slowdown_vs_pdftotext": round(total_s / baseline_s, 1),
        "unstructured_fast_seconds": round(unstructured_s, 2),
        "mmrag_over_unstructured_fast": round(total_s / unstructured_s, 2),
        "reingest_unchanged_seconds": round(rerun_s, 3),
        "reingest_states": sorted({f.state.value for f in rerun.files}),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "per_file": per_file,
        "load_average_before": load_before,
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
        "embedder": type(default_embedder()).__name__,
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
