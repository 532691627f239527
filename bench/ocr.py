"""OCR benchmark: mmrag's tuned RapidOCR vs tesseract (and option ladders) on the same pages.

Reference text is the digital text layer (pypdfium2) of the same pages; accuracy is the
character error rate (normalised Levenshtein distance on whitespace-collapsed text).

Part 1 (``engines``) OCRs each rendered page with every engine variant in turn, interleaved
page by page so that load from other processes hits all of them alike, one thread each;
CPU s/page counts this process and its children (tesseract). The variants walk from the
previous defaults to the current ones one knob at a time, plus rejected alternatives.
Part 2 (``pipeline``) times ``ocr_pdf_pages`` end to end (render, deskew, OCR) with the
default options on 1 worker process and on ``--workers`` processes (warm pool): wall s/page
and CPU s/page of the parent plus its worker processes. ``summary`` holds the headline
numbers. Prints JSON; ``--out`` also writes it.

    python bench/ocr.py --pages 1-6 --out bench/results/ocr.json
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

PREVIOUS = {"rec_batch_num": 8, "rec_min_width": 320, "charset": "full", "cpu_mem_arena": False}
# name -> (OcrOptions overrides, render dpi or None for --dpi)
VARIANTS: dict[str, tuple[dict[str, Any], int | None]] = {
    "previous": (PREVIOUS, None),
    "previous+batch1": ({**PREVIOUS, "rec_batch_num": 1}, None),
    "previous+batch1+latin": ({**PREVIOUS, "rec_batch_num": 1, "charset": "latin"}, None),
    "previous+batch1+latin+minw160": (
        {**PREVIOUS, "rec_batch_num": 1, "charset": "latin", "rec_min_width": 160},
        None,
    ),
    "default": ({}, None),  # the same as the line above
    "default+arena": ({"cpu_mem_arena": True}, None),
    "default-x0.5": ({"x_scale": 0.5}, None),
    "default-det960": ({"det_limit_side_len": 960}, None),
    "default-batch4": ({"rec_batch_num": 4}, None),
    "default-dpi120": ({}, 120),
    "default-dpi200": ({}, 200),
}


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


class _DefaultRapid:
    """RapidOCR with its shipped defaults (the baseline from DESIGN.md)."""

    name = "rapidocr-default"

    def __init__(self) -> None:
        from rapidocr import RapidOCR

        self._engine = RapidOCR(params={"Global.log_level": "error"})

    def text(self, image: Any) -> str:
        result: Any = self._engine(image[:, :, ::-1].copy())
        return " ".join(result.txts or [])


def _cpu_times() -> float:
    """CPU seconds of this process, its waited-for children and its live descendants."""
    import psutil

    own = os.times()
    total = own.user + own.system + own.children_user + own.children_system
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def main() -> int:
    from mmrag.ingestion.ocr.engine import OcrOptions

    corpus = Path(os.environ.get("MMRAG_CORPUS_DIR", Path.home() / ".cache/mmrag/corpus"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdf", type=Path, default=corpus / "pdf/zoo.pdf")
    parser.add_argument("--pages", default="1-6")
    parser.add_argument("--dpi", type=int, default=OcrOptions().dpi)
    parser.add_argument("--default-rapidocr", action="store_true", help="add RapidOCR as shipped")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated names")
    parser.add_argument("--workers", type=int, default=OcrOptions().workers)
    parser.add_argument("--skip-pipeline", action="store_true", help="skip part 2")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    pages = _pages(args.pages)
    refs = _reference(args.pdf, pages)
    report: dict[str, Any] = {
        "pdf": args.pdf.name,
        "pages": pages,
        "dpi": args.dpi,
        "cpu_count": os.cpu_count(),
        "loadavg_start": round(os.getloadavg()[0], 2),
        "engines": _engines(args, pages, refs),
    }
    if not args.skip_pipeline:
        report["pipeline"] = _pipeline(
            args.pdf, pages, refs, OcrOptions(dpi=args.dpi), args.workers
        )
    report["loadavg_end"] = round(os.getloadavg()[0], 2)
    report["summary"] = _summary(report, args.workers)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


def _engines(args: Any, pages: list[int], refs: dict[int, str]) -> dict[str, Any]:
    """Part 1: every engine on every page, interleaved, one thread each."""
    from rapidfuzz.distance import Levenshtein

    from mmrag.ingestion.ocr.engine import OcrOptions, RapidOcrEngine, TesseractEngine
    from mmrag.ingestion.ocr.render import render_page

    base = OcrOptions(dpi=args.dpi, threads=1)
    engines: dict[str, tuple[Any, int]] = {"tesseract": (TesseractEngine(base), args.dpi)}
    for name in filter(None, args.variants.split(",")):
        overrides, dpi = VARIANTS[name]
        opts = base.model_copy(update=overrides)
        engines[f"rapidocr:{name}"] = (RapidOcrEngine(opts), dpi or args.dpi)
    if args.default_rapidocr:
        engines["rapidocr-shipped-defaults"] = (_DefaultRapid(), args.dpi)
    stats: dict[str, dict[str, Any]] = {
        name: {"wall_s": 0.0, "cpu_s": 0.0, "edits": 0, "ref_chars": 0, "per_page": []}
        for name in engines
    }
    for page_no in pages:
        images = {dpi: render_page(args.pdf, page_no, dpi) for _, dpi in engines.values()}
        for name, (engine, dpi) in engines.items():
            image = images[dpi]
            if page_no == pages[0]:  # warm-up: first-run allocations
                _recognize(engine, image[: image.shape[0] // 4])
            wall, cpu = time.perf_counter(), _cpu_times()
            text = _norm(_recognize(engine, image))
            cpu_used = _cpu_times() - cpu
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
    out: dict[str, Any] = {}
    for name, entry in stats.items():
        n = len(entry["per_page"])
        overrides = VARIANTS.get(name.partition(":")[2], ({}, None))[0]
        out[name] = {
            "options": overrides,
            "wall_s_per_page": round(entry["wall_s"] / n, 2),
            "cpu_s_per_page": round(entry["cpu_s"] / n, 2),
            "cer": round(entry["edits"] / max(1, entry["ref_chars"]), 4),
            "per_page": entry["per_page"],
        }
    return out


def _pipeline(
    pdf: Path, pages: list[int], refs: dict[int, str], opts: Any, workers: int
) -> dict[str, Any]:
    """Part 2: ``ocr_pdf_pages`` with 1 vs ``workers`` processes (default options)."""
    from rapidfuzz.distance import Levenshtein

    from mmrag.ingestion.ocr.engine import ocr_pdf_pages
    from mmrag.platform.models import MediaKind, SourceFile

    source = SourceFile(
        source_id="bench",
        uri=pdf.name,
        filename=pdf.name,
        path=str(pdf),
        content_hash="bench",
        media_kind=MediaKind.PDF,
    )
    out: dict[str, Any] = {"options": opts.model_dump(mode="json", exclude={"kind"})}
    for count in sorted({1, workers}):
        run_opts = opts.model_copy(update={"workers": count, "engine": "rapidocr"})
        start = time.perf_counter()
        ocr_pdf_pages(source, pages[:count], run_opts)  # starts the pool, loads the engines
        startup = time.perf_counter() - start
        wall, cpu = time.perf_counter(), _cpu_times()
        result = ocr_pdf_pages(source, pages, run_opts)
        wall_used = time.perf_counter() - wall
        cpu_used = _cpu_times() - cpu
        by_page: dict[int, list[str]] = {}
        for element in result.elements:
            by_page.setdefault(element.provenance.page or 0, []).append(element.text)
        edits = sum(
            Levenshtein.distance(_norm(" ".join(by_page.get(p, []))), refs[p]) for p in pages
        )
        out[f"workers_{count}"] = {
            "wall_s_per_page": round(wall_used / len(pages), 2),
            "cpu_s_per_page": round(cpu_used / len(pages), 2),
            "first_call_s": round(startup, 2),
            "cer_block_order": round(edits / max(1, sum(len(refs[p]) for p in pages)), 4),
        }
    return out


def _summary(report: dict[str, Any], workers: int) -> dict[str, Any]:
    """Headline numbers: mmrag (default options) vs tesseract, from parts 1 and 2."""
    engines = report["engines"]
    summary: dict[str, Any] = {}
    for label, name in (
        ("mmrag", "rapidocr:default"),
        ("mmrag_previous_defaults", "rapidocr:previous"),
        ("tesseract", "tesseract"),
    ):
        if name in engines:
            summary[label] = {
                k: engines[name][k] for k in ("wall_s_per_page", "cpu_s_per_page", "cer")
            }
    pipeline = report.get("pipeline", {}).get(f"workers_{workers}")
    if pipeline:
        summary[f"mmrag_pipeline_{workers}_workers"] = {
            "wall_s_per_page": pipeline["wall_s_per_page"],
            "cpu_s_per_page": pipeline["cpu_s_per_page"],
            "cer_block_order": pipeline["cer_block_order"],  # text joined in block order
        }
    return summary


def _recognize(engine: Any, image: Any) -> str:
    if hasattr(engine, "recognize"):
        return " ".join(line.text for line in engine.recognize(image))
    return str(engine.text(image))


if __name__ == "__main__":
    sys.exit(main())
