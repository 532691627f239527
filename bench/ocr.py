"""OCR benchmark: RapidOCR option sets vs default RapidOCR vs tesseract on the same pages.

Reference text is the digital text layer (pypdfium2) of the same pages; accuracy is the
character error rate (normalised Levenshtein distance on whitespace-collapsed text). Part 1
times each engine variant on the same rendered pages in this process (CPU and wall s/page);
part 2 times ``ocr_pdf_pages`` end to end (render, deskew, OCR) with 1 worker process vs
``--workers`` processes (warm pool). Prints JSON.

    python bench/ocr.py --pdf ~/.cache/mmrag/corpus/pdf/zoo.pdf --pages 1-4 --out ocr.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any


def _pages(spec: str) -> list[int]:
    first, _, last = spec.partition("-")
    return list(range(int(first), int(last or first) + 1))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _reference(pdf: Path, pages: list[int]) -> dict[int, str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = {}
        for page_no in pages:
            textpage = doc[page_no - 1].get_textpage()
            out[page_no] = _norm(textpage.get_text_range())
            textpage.close()
        return out
    finally:
        doc.close()


VARIANTS: dict[str, dict[str, Any]] = {
    "v6-x1.0": {"models": "ppocrv6-small", "x_scale": 1.0},  # the previous default
    "v6-x0.75": {"models": "ppocrv6-small", "x_scale": 0.75},
    "v6-x0.6": {"models": "ppocrv6-small", "x_scale": 0.6},  # the current default
    "v6-x0.5": {"models": "ppocrv6-small", "x_scale": 0.5},
    "v4-x1.0": {"models": "ppocrv4-mobile", "x_scale": 1.0},
    "v4-x0.6": {"models": "ppocrv4-mobile", "x_scale": 0.6},
    "v6det-v4rec-x0.6": {"models": "ppocrv6det-v4rec", "x_scale": 0.6},
    "v6-x0.6-det960": {"models": "ppocrv6-small", "x_scale": 0.6, "det_limit_side_len": 960},
}


class _DefaultRapid:
    """RapidOCR with its shipped defaults (the baseline from DESIGN.md)."""

    name = "rapidocr-default"

    def __init__(self) -> None:
        from rapidocr import RapidOCR

        self._engine = RapidOCR(params={"Global.log_level": "error"})

    def text(self, image: Any) -> str:
        result: Any = self._engine(image[:, :, ::-1].copy())
        return " ".join(result.txts or [])


def main() -> int:
    from rapidfuzz.distance import Levenshtein

    from mmrag.ingestion.ocr import OcrOptions, RapidOcrEngine, TesseractEngine
    from mmrag.ingestion.render import iter_pdf_pages

    default_pdf = Path.home() / ".cache/mmrag/corpus/pdf/zoo.pdf"
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdf", type=Path, default=default_pdf)
    parser.add_argument("--pages", default="1-5")
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--skip-default", action="store_true", help="skip the slow baseline")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated names")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-pipeline", action="store_true", help="skip part 2")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    pages = _pages(args.pages)
    refs = _reference(args.pdf, pages)
    opts = OcrOptions(dpi=args.dpi, threads=args.threads)
    engines: dict[str, Any] = {"tesseract": TesseractEngine(opts)}
    for name in args.variants.split(","):
        if name:
            engines[f"rapidocr:{name}"] = RapidOcrEngine(opts.model_copy(update=VARIANTS[name]))
    if not args.skip_default:
        engines["rapidocr-default"] = _DefaultRapid()
    stats: dict[str, dict[str, Any]] = {
        name: {"wall_s": 0.0, "cpu_s": 0.0, "edits": 0, "ref_chars": 0, "per_page": []}
        for name in engines
    }
    for page_no, image, _ in iter_pdf_pages(args.pdf, pages, args.dpi):
        for name, engine in engines.items():
            if page_no == pages[0]:  # warm-up: first-run allocations
                _recognize(engine, image[: image.shape[0] // 4])
            wall, cpu = time.perf_counter(), time.process_time()
            children = os.times().children_user + os.times().children_system
            text = _norm(_recognize(engine, image))
            cpu_used = time.process_time() - cpu
            cpu_used += os.times().children_user + os.times().children_system - children
            wall_used = time.perf_counter() - wall
            edits = Levenshtein.distance(text, refs[page_no])
            entry = stats[name]
            entry["wall_s"] += wall_used
            entry["cpu_s"] += cpu_used
            entry["edits"] += edits
            entry["ref_chars"] += len(refs[page_no])
            entry["per_page"].append(
                {
                    "page": page_no,
                    "wall_s": round(wall_used, 2),
                    "cpu_s": round(cpu_used, 2),
                    "cer": round(edits / max(1, len(refs[page_no])), 4),
                }
            )
    report: dict[str, Any] = {
        "pdf": args.pdf.name,
        "pages": pages,
        "dpi": args.dpi,
        "threads_per_engine": args.threads,
        "cpu_count": os.cpu_count(),
        "loadavg_end": os.getloadavg()[0],
        "engines": {},
    }
    for name, entry in stats.items():
        n = len(entry["per_page"])
        report["engines"][name] = {
            "s_per_page_wall": round(entry["wall_s"] / n, 2),
            "cpu_s_per_page": round(entry["cpu_s"] / n, 2),
            "cer": round(entry["edits"] / max(1, entry["ref_chars"]), 4),
            "per_page": entry["per_page"],
        }
    if not args.skip_pipeline:
        report["pipeline"] = _pipeline(args.pdf, pages, refs, opts, args.workers)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


def _pipeline(
    pdf: Path, pages: list[int], refs: dict[int, str], opts: Any, workers: int
) -> dict[str, Any]:
    """``ocr_pdf_pages`` wall time per page with 1 vs ``workers`` processes (default options)."""
    from rapidfuzz.distance import Levenshtein

    from mmrag.ingestion.ocr import ocr_pdf_pages
    from mmrag.platform.models import MediaKind, SourceFile

    source = SourceFile(
        source_id="bench",
        uri=str(pdf),
        filename=pdf.name,
        path=str(pdf),
        content_hash="bench",
        media_kind=MediaKind.PDF,
    )
    out: dict[str, Any] = {"options": opts.model_dump(exclude={"kind"})}
    for count in sorted({1, workers}):
        run_opts = opts.model_copy(update={"workers": count, "engine": "rapidocr"})
        start = time.perf_counter()
        ocr_pdf_pages(source, pages[:count], run_opts)  # starts the pool, loads the engines
        startup = time.perf_counter() - start
        wall, cpu = time.perf_counter(), time.process_time()
        children = os.times().children_user + os.times().children_system
        result = ocr_pdf_pages(source, pages, run_opts)
        wall_used = time.perf_counter() - wall
        cpu_used = time.process_time() - cpu
        cpu_used += os.times().children_user + os.times().children_system - children
        by_page: dict[int, list[str]] = {}
        for element in result.elements:
            by_page.setdefault(element.provenance.page or 0, []).append(element.text)
        edits = sum(
            Levenshtein.distance(_norm(" ".join(by_page.get(p, []))), refs[p]) for p in pages
        )
        out[f"workers_{count}"] = {
            "s_per_page_wall": round(wall_used / len(pages), 2),
            "cpu_s_per_page_parent": round(cpu_used / len(pages), 2),
            "first_call_s": round(startup, 2),
            "cer_block_order": round(edits / max(1, sum(len(refs[p]) for p in pages)), 4),
        }
    return out


def _recognize(engine: Any, image: Any) -> str:
    if hasattr(engine, "recognize"):
        return " ".join(line.text for line in engine.recognize(image))
    return str(engine.text(image))


if __name__ == "__main__":
    sys.exit(main())
