"""OCR engines (RapidOCR tuned for CPU, tesseract fallback) and OCR of scanned PDF pages.

Speed notes (measured in ``bench/ocr.py``): recognition dominates RapidOCR's cost and is linear in
the total width of the text lines once each is scaled to the 48 px model height (independent of the
render dpi). The levers: one line per recogniser call (``rec_batch_num=1``: a batch of wide lines
runs slower than the same lines one by one, its activations outgrow the CPU caches, and each line
is padded to the batch's widest), a horizontal squeeze of the image before OCR (``x_scale``: fewer
recognition columns per glyph, boxes are mapped back), a recogniser head pruned to
Latin/Greek/Cyrillic and symbols (``charset``), short lines padded to 160 instead of 320 columns,
no angle classifier, one intra-op thread per engine with pages spread over worker processes, and a
capped detector input size. Rejected after measuring: a smaller detector input (960: CER x3), a
stronger squeeze (0.5: CER x2), other dpis (no speed change), onnxruntime's CPU arena (within
noise, +100 MB per engine), graph optimisation below "all" (slower), int8 static quantisation of
the recogniser (a third less CPU, but CER 0.58% -> 0.76-0.80% on zoo.pdf p.1-4). The PP-OCRv4
mobile models of ``rapidocr-onnxruntime`` were measured too: their recogniser is slower per column
than the bundled PP-OCRv6 small one on this CPU, and less accurate.
"""

from __future__ import annotations

import atexit
import copy
import functools
import importlib.resources
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from mmrag.ingestion.base import ExtractionResult
from mmrag.ingestion.ocr.base import Image, OcrEngine, OcrLine
from mmrag.ingestion.ocr.models import Charset, rec_model_for_charset
from mmrag.ingestion.ocr.render import iter_pdf_pages, px_to_pt
from mmrag.ingestion.ocr.tables import with_ocr_tables
from mmrag.ingestion.ocr.upright import Upright, read_upright
from mmrag.platform.errors import InputError, ModelUnavailable
from mmrag.platform.models import Element, ElementKind, Modality, SourceFile

log = logging.getLogger(__name__)

EngineName = Literal["auto", "rapidocr", "tesseract"]
OcrModels = Literal["ppocrv6-small", "ppocrv4-mobile", "ppocrv6det-v4rec"]

# (package, file) of each model; ``rapidocr-onnxruntime`` is only a model carrier.
_MODEL_FILES: dict[str, tuple[str, str]] = {
    "v6det": ("rapidocr", "models/PP-OCRv6_det_small.onnx"),
    "v6rec": ("rapidocr", "models/PP-OCRv6_rec_small.onnx"),
    "v4det": ("rapidocr_onnxruntime", "models/ch_PP-OCRv4_det_infer.onnx"),
    "v4rec": ("rapidocr_onnxruntime", "models/ch_PP-OCRv4_rec_infer.onnx"),
}
_MODEL_SETS: dict[str, tuple[str, str]] = {
    "ppocrv6-small": ("v6det", "v6rec"),
    "ppocrv4-mobile": ("v4det", "v4rec"),
    "ppocrv6det-v4rec": ("v6det", "v4rec"),
}


class OcrOptions(BaseModel):
    """How pages and images are OCR'd."""

    kind: Literal["ocr"] = "ocr"
    engine: EngineName = "auto"  # auto: rapidocr when installed, else tesseract
    models: OcrModels = "ppocrv6-small"  # rapidocr det/rec pair; v4 needs rapidocr-onnxruntime
    x_scale: float = Field(default=0.6, ge=0.3, le=1.0)  # horizontal squeeze before rapidocr
    dpi: int = Field(default=150, ge=50, le=600)
    threads: int = Field(default=1, ge=1, le=64)  # per engine; scale out with processes
    workers: int = Field(default=2, ge=1, le=64)  # processes for multi-page OCR (capped by CPUs)
    use_cls: bool = False  # 180-degree line classifier: rarely needed on documents
    rec_batch_num: int = Field(default=1, ge=1, le=128)  # 1 is fastest on CPU (module docstring)
    rec_min_width: int = Field(default=160, ge=32, le=640)  # short lines padded to this (px at 48)
    charset: Charset = "latin"  # recogniser output classes; "full" keeps CJK and the rest
    cpu_mem_arena: bool = False  # onnxruntime's CPU arena: ~0-4% faster, +100 MB per engine
    model_cache_dir: Path | None = None  # derived models; None: ~/.cache/mmrag/ocr-models
    det_limit_side_len: int = Field(default=1280, ge=320, le=4096)
    min_score: float = Field(default=0.5, ge=0.0, le=1.0)
    deskew: bool = True  # remove a page's skew of up to 8 degrees before OCR
    unwarp: bool = True  # flatten a photographed page (its outline warped to a rectangle)
    turn: bool = True  # read weak or sideways pages turned as well (ocr/upright.py)
    # whole pages (scans, photos, image files) are read unsqueezed: the squeeze loses 1-6% of the
    # words of photos and faded copies (bench/photo_ocr.py), and skipping it costs ~1.45x CPU on
    # scanned pages; crops (chart regions) keep ``x_scale``
    page_x_scale: float = Field(default=1.0, ge=0.3, le=1.0)
    tesseract_lang: str = "eng"
    tesseract_psm: int = 3
    timeout_s: float = 300.0


class RapidOcrEngine:
    """RapidOCR 3.x (PP-OCR det + rec ONNX models bundled in the wheel) tuned for small CPUs."""

    name = "rapidocr"

    def __init__(self, options: OcrOptions | None = None) -> None:
        opts = options or OcrOptions()
        self.options = opts
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelUnavailable("rapidocr is not installed (pip install rapidocr)") from exc
        det_path, rec_path = rapidocr_model_paths(opts.models)
        rec_path = rec_model_for_charset(rec_path, opts.charset, opts.model_cache_dir)
        self._engine = RapidOCR(
            params={
                "Det.model_path": str(det_path),
                "Rec.model_path": str(rec_path),
                "Rec.rec_img_shape": [3, 48, opts.rec_min_width],
                "Global.log_level": "error",
                "Global.use_cls": opts.use_cls,
                "Global.text_score": opts.min_score,
                "Global.max_side_len": max(2000, opts.det_limit_side_len),
                "Det.limit_side_len": opts.det_limit_side_len,
                "Det.limit_type": "max",
                "Rec.rec_batch_num": opts.rec_batch_num,
                "EngineConfig.onnxruntime.intra_op_num_threads": opts.threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                "EngineConfig.onnxruntime.enable_cpu_mem_arena": opts.cpu_mem_arena,
            }
        )

    def squeezed(self, x_scale: float) -> RapidOcrEngine:
        """This engine (the same loaded models) squeezing its input by ``x_scale`` instead."""
        if x_scale == self.options.x_scale:
            return self
        twin = copy.copy(self)
        twin.options = self.options.model_copy(update={"x_scale": x_scale})
        return twin

    def recognize(self, image: Image) -> list[OcrLine]:
        """Lines in reading order; ``image`` is RGB or grey."""
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        bgr = np.ascontiguousarray(image[:, :, ::-1])
        sx = self.options.x_scale
        if sx < 1.0 and bgr.shape[1] * sx >= 32:
            import cv2

            bgr = np.asarray(cv2.resize(bgr, None, fx=sx, fy=1.0, interpolation=cv2.INTER_AREA))
        else:
            sx = 1.0
        result: Any = self._engine(bgr)
        if result.boxes is None or result.txts is None:
            return []
        lines: list[OcrLine] = []
        for quad, text, score in zip(result.boxes, result.txts, result.scores or (), strict=False):
            if not text.strip() or float(score) < self.options.min_score:
                continue
            pts = np.asarray(quad, dtype=np.float64)
            box = (
                float(pts[:, 0].min()) / sx,
                float(pts[:, 1].min()),
                float(pts[:, 0].max()) / sx,
                float(pts[:, 1].max()),
            )
            lines.append(OcrLine(text=text.strip(), box=box, score=float(score)))
        return sort_reading_order(lines)


class TesseractEngine:
    """Tesseract 5 through its CLI (TSV output); the apt package ``tesseract-ocr``."""

    name = "tesseract"

    def __init__(self, options: OcrOptions | None = None) -> None:
        self.options = options or OcrOptions()
        binary = shutil.which("tesseract")
        if binary is None:
            raise ModelUnavailable("tesseract is not installed (apt-get install tesseract-ocr)")
        self._binary = binary

    def recognize(self, image: Image) -> list[OcrLine]:
        """Lines in reading order, grouped from tesseract's word TSV."""
        import cv2

        ok, png = cv2.imencode(".png", image if image.ndim == 2 else image[:, :, ::-1])
        if not ok:
            raise InputError("cannot encode image for tesseract")
        env = {**os.environ, "OMP_THREAD_LIMIT": str(self.options.threads)}
        cmd = [
            self._binary,
            "stdin",
            "stdout",
            "-l",
            self.options.tesseract_lang,
            "--psm",
            str(self.options.tesseract_psm),
            "tsv",
        ]
        proc = subprocess.run(
            cmd,
            input=png.tobytes(),
            capture_output=True,
            env=env,
            timeout=self.options.timeout_s,
            check=False,
        )
        if proc.returncode != 0:
            raise InputError(f"tesseract failed: {proc.stderr.decode(errors='replace')[:300]}")
        return parse_tesseract_tsv(proc.stdout.decode("utf-8", errors="replace"))


def parse_tesseract_tsv(tsv: str) -> list[OcrLine]:
    """Group tesseract TSV words into lines (block, paragraph, line) with mean confidence."""
    groups: dict[tuple[str, str, str], list[tuple[str, float, float, float, float, float]]] = {}
    order: list[tuple[str, str, str]] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (cols[2], cols[3], cols[4])
        left, top, width, height = (float(c) for c in cols[6:10])
        conf = max(0.0, float(cols[10])) / 100.0
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((cols[11].strip(), left, top, left + width, top + height, conf))
    lines = []
    for key in order:
        words = groups[key]
        lines.append(
            OcrLine(
                text=" ".join(w[0] for w in words),
                box=(
                    min(w[1] for w in words),
                    min(w[2] for w in words),
                    max(w[3] for w in words),
                    max(w[4] for w in words),
                ),
                score=sum(w[5] for w in words) / len(words),
            )
        )
    return lines


def sort_reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Top-to-bottom, then left-to-right for lines that share a row."""
    if not lines:
        return []
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    tol = max(2.0, 0.5 * heights[len(heights) // 2])
    ordered = sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2)
    rows: list[list[OcrLine]] = []
    for line in ordered:
        centre = (line.box[1] + line.box[3]) / 2
        if rows and abs(centre - _row_centre(rows[-1])) <= tol:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.box[0])]


def _row_centre(row: list[OcrLine]) -> float:
    return sum((ln.box[1] + ln.box[3]) / 2 for ln in row) / len(row)


#: A short value read on its own at the right of a line: an amount, a count, a percentage.
_ROW_VALUE = re.compile(r"^[£$€]?\s?[-+]?\d[\d,]*(?:\.\d+)?\s?(?:%|[A-Za-z]{1,3})?$")
ROW_VALUE_CHARS = 14


def join_row_values(lines: list[OcrLine]) -> list[OcrLine]:
    """Each short value (``49.00``, ``£131.40``, ``12%``) joined to the line on its left in the
    same row: a receipt's or a form's label and amount are one line ("TOTAL GBP 131.40"), not
    a column of amounts read after every label (the blocks below never join lines that do
    not overlap horizontally)."""
    if not lines:
        return []
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    tol = max(2.0, 0.5 * heights[len(heights) // 2])
    out = list(lines)
    for value in sorted(lines, key=lambda ln: ln.box[0]):
        text = value.text.strip()
        if len(text) > ROW_VALUE_CHARS or not _ROW_VALUE.match(text):
            continue
        centre = (value.box[1] + value.box[3]) / 2
        left = [
            ln
            for ln in out
            if ln is not value
            and ln.box[2] <= value.box[0]
            and abs((ln.box[1] + ln.box[3]) / 2 - centre) <= tol
        ]
        if not left or value not in out:
            continue
        partner = max(left, key=lambda ln: ln.box[2])
        joined = OcrLine(
            f"{partner.text} {text}",
            (
                partner.box[0],
                min(partner.box[1], value.box[1]),
                value.box[2],
                max(partner.box[3], value.box[3]),
            ),
            min(partner.score, value.score),
        )
        out[out.index(partner)] = joined
        out.remove(value)
    return out


def group_blocks(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Group lines into paragraph-like blocks: a line joins the block directly above it when
    the vertical gap is under ~0.9 line heights and the two overlap horizontally."""
    blocks: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1], ln.box[0])):
        height = max(1.0, line.box[3] - line.box[1])
        best: list[OcrLine] | None = None
        best_gap = float("inf")
        for block in blocks:
            last = block[-1]
            gap = line.box[1] - last.box[3]
            overlap = min(line.box[2], last.box[2]) - max(line.box[0], last.box[0])
            last_h = max(1.0, last.box[3] - last.box[1])
            similar = 0.6 <= height / last_h <= 1.6
            near = -0.5 * height <= gap <= 0.9 * max(height, last_h)
            if near and overlap > 0 and similar and gap < best_gap:
                best, best_gap = block, gap
        if best is None:
            blocks.append([line])
        else:
            best.append(line)
    for block in blocks:
        block[:] = sort_reading_order(block)
    blocks.sort(key=lambda b: (min(ln.box[1] for ln in b), min(ln.box[0] for ln in b)))
    return blocks


def read_page(
    image: Image, engine: OcrEngine, options: OcrOptions | None = None
) -> tuple[Upright, list[OcrLine]]:
    """OCR a whole page made upright (``options``: unwarp, turn, deskew, ``page_x_scale``)."""
    opts = options or OcrOptions()
    if isinstance(engine, RapidOcrEngine):
        engine = engine.squeezed(opts.page_x_scale)
    return read_upright(image, engine, flatten=opts.unwarp, deskew=opts.deskew, turn=opts.turn)


def page_elements(
    source: SourceFile,
    page_no: int,
    page: Upright,
    lines: list[OcrLine],
    dpi: float,
    method: str,
    page_size_pts: tuple[float, float],
    modality: Modality = Modality.SCAN,
) -> list[Element]:
    """OCR_TEXT elements (one per text block, tables found) of a read page, bboxes in points.

    ``lines`` have boxes on ``page.image``; the elements' boxes are on the source image.
    """
    elements = []
    for block in group_blocks(join_row_values(lines)):
        text = "\n".join(ln.text for ln in block)
        box = (
            min(ln.box[0] for ln in block),
            min(ln.box[1] for ln in block),
            max(ln.box[2] for ln in block),
            max(ln.box[3] for ln in block),
        )
        elements.append(
            Element(
                kind=ElementKind.OCR_TEXT,
                modality=modality,
                text=text,
                provenance=source.provenance(
                    page=page_no,
                    bbox=px_to_pt(box, dpi),
                    page_width=page_size_pts[0],
                    page_height=page_size_pts[1],
                ),
                method=method,
                confidence=round(sum(ln.score for ln in block) / len(block), 4),
            )
        )
    found = with_ocr_tables(elements, lines, dpi, page_no, page_size_pts, source)
    return [page.source_element(element, dpi, page_size_pts) for element in found]


def ocr_page_elements(
    source: SourceFile,
    page_no: int,
    image: Image,
    dpi: float,
    engine: OcrEngine,
    page_size_pts: tuple[float, float] | None = None,
    modality: Modality = Modality.SCAN,
    options: OcrOptions | None = None,
) -> list[Element]:
    """OCR one page image (made upright first) into OCR_TEXT elements, bboxes in points."""
    if page_size_pts is None:
        height, width = image.shape[:2]
        page_size_pts = (width * 72.0 / dpi, height * 72.0 / dpi)
    page, lines = read_page(image, engine, options)
    return page_elements(source, page_no, page, lines, dpi, engine.name, page_size_pts, modality)


def ocr_pdf_pages(
    source: SourceFile, pages: list[int], options: OcrOptions | None = None
) -> ExtractionResult:
    """OCR the given 1-based pages of a PDF (rendered one at a time, made upright first).

    Several pages are spread over ``options.workers`` processes (one engine each, loaded once
    per process and reused across calls); one page, one CPU or a daemonic caller (a Celery
    prefork child) runs serially. Boxes refer to the rendered page (a flattened, turned or
    deskewed page's boxes are mapped back). A page that fails is reported in ``warnings`` and the
    others are kept.
    """
    opts = options or OcrOptions()
    result = ExtractionResult()
    workers = _worker_count(opts, len(pages))
    outcomes: list[tuple[list[Element], str | None]] | None = None
    if workers > 1:
        try:
            pool = _pool(opts.model_dump_json(), workers)
            jobs = [(source, [p], opts.model_dump_json()) for p in pages]
            outcomes = [o for batch in pool.map(_ocr_pages_job, jobs) for o in batch]
        except (OSError, RuntimeError) as exc:  # BrokenProcessPool is a RuntimeError
            log.warning("OCR worker pool failed (%s); OCR runs serially", exc)
            _pool.cache_clear()
            outcomes = None
    if outcomes is None:
        outcomes = _ocr_pages(source, pages, opts)
    for elements, warning in outcomes:
        result.elements.extend(elements)
        if warning:
            result.warnings.append(warning)
    return result


def _ocr_pages(
    source: SourceFile, pages: list[int], opts: OcrOptions
) -> list[tuple[list[Element], str | None]]:
    """Render and OCR ``pages`` in this process: (elements, warning or None) per page."""
    engine = get_ocr_engine(opts)
    out: list[tuple[list[Element], str | None]] = []
    for page_no, rendered, size in iter_pdf_pages(Path(source.path), pages, opts.dpi):
        start = time.perf_counter()
        try:
            elements = ocr_page_elements(
                source, page_no, rendered, opts.dpi, engine, size, options=opts
            )
            out.append((elements, None))
        except InputError as exc:
            out.append(([], f"page {page_no}: OCR failed: {exc.message}"))
        log.info(
            "ocr page %s of %s in %.2fs",
            page_no,
            source.filename,
            time.perf_counter() - start,
            extra={"engine": engine.name, "page": page_no},
        )
    return out


def _ocr_pages_job(
    job: tuple[SourceFile, list[int], str],
) -> list[tuple[list[Element], str | None]]:
    """Worker-process entry point (module level so that it pickles)."""
    source, pages, options_json = job
    return _ocr_pages(source, pages, OcrOptions.model_validate_json(options_json))


def _worker_count(opts: OcrOptions, pages: int) -> int:
    if multiprocessing.current_process().daemon:  # daemonic processes cannot have children
        return 1
    return max(1, min(opts.workers, pages, os.cpu_count() or 1))


def _init_worker(options_json: str) -> None:
    """Load the engine once per worker process."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _cached_engine(options_json)


@functools.lru_cache(maxsize=2)
def _pool(options_json: str, workers: int) -> ProcessPoolExecutor:
    """A process pool kept for the life of this process (forkserver: safe under threads)."""
    ctx = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(options_json,)
    )
    atexit.register(pool.shutdown, wait=False, cancel_futures=True)
    return pool


def get_ocr_engine(options: OcrOptions | None = None) -> OcrEngine:
    """The engine ``options`` ask for (cached per process); ``auto`` falls back to tesseract."""
    opts = options or OcrOptions()
    return _cached_engine(opts.model_dump_json())


@functools.lru_cache(maxsize=8)
def _cached_engine(options_json: str) -> OcrEngine:
    opts = OcrOptions.model_validate_json(options_json)
    if opts.engine == "rapidocr":
        return RapidOcrEngine(opts)
    if opts.engine == "tesseract":
        return TesseractEngine(opts)
    errors = []
    for factory in (RapidOcrEngine, TesseractEngine):
        try:
            return factory(opts)
        except ModelUnavailable as exc:
            errors.append(exc.message)
    raise ModelUnavailable("no OCR engine available: " + "; ".join(errors))


def rapidocr_model_paths(models: OcrModels = "ppocrv6-small") -> tuple[Path, Path]:
    """(det, rec) ONNX files of a model set, found inside their installed packages.

    Raises :class:`ModelUnavailable` instead of letting rapidocr download missing models.
    """
    paths = []
    for key in _MODEL_SETS[models]:
        package, name = _MODEL_FILES[key]
        try:
            path = Path(str(importlib.resources.files(package).joinpath(name)))
        except ModuleNotFoundError as exc:
            hint = "rapidocr-onnxruntime==1.4.4" if package == "rapidocr_onnxruntime" else package
            raise ModelUnavailable(
                f"OCR models {models!r} need the {package} package (pip install {hint})"
            ) from exc
        if not path.is_file():
            raise ModelUnavailable(f"OCR model {name} missing in package {package}; reinstall it")
        paths.append(path)
    return paths[0], paths[1]
