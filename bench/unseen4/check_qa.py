"""Check bench/unseen4/qa.jsonl against the files that obtain.sh built (never against mmrag).

usage: python bench/unseen4/check_qa.py [ROOT]   (ROOT: $MMRAG_UNSEEN4_DIR or ~/.cache/mmrag/unseen4)

Same checks and matching rules as bench/unseen/check_qa.py, whose functions it reuses: the
answer must occur in pdftotext of the cited page (text/table), in the chart's pixel text and
not in the page's text layer (chart), in the generated page text (scan; a PDF scan page must
have no text layer) and is reported against tesseract, or in the generated segments that
overlap the window (audio/video, windows of at most 15 s). Added for this set:
  * scans that are image files (the JPEG phone photo, ``page`` null): the generated text is
    ``_truth/<stem>.txt`` and tesseract reads the image file itself;
  * scan pages stored rotated (the pool timetable: page 1 turned by 90 degrees, page 2 upside
    down) are turned upright before tesseract reads them (pure Python on the PGM raster), so
    the OCR report says whether the content is readable once the orientation is known;
  * the set's shape: at least 9 items per modality and 64 in all, at least 12 unanswerable
    questions, every built file matching SHA256SUMS, and the site register in the report
    continuing on page 3 without a repeated header row.
Standard library + poppler-utils (and optionally tesseract). Exit status 1 on any failure.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "unseen_check_qa", HERE.parent / "unseen" / "check_qa.py"
)
assert _spec and _spec.loader
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp"}
# Clockwise quarter turns that make a stored scan page upright.
UPRIGHT_TURNS = {
    ("scan/quarry_lane_pool_timetable.pdf", 1): 1,
    ("scan/quarry_lane_pool_timetable.pdf", 2): 2,
}
MIN_PER_MODALITY, MIN_ITEMS, MIN_UNANSWERABLE = 9, 64, 12

base.HERE = HERE
base.REFERENCE = {}


def _read_pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            while data[pos : pos + 1] not in (b"\n", b""):
                pos += 1
            continue
        start = pos
        while not data[pos : pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    assert fields[0] == b"P5" and fields[3] == b"255", fields
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1 : pos + 1 + w * h]


def _turn_pgm(path: Path, turns: int) -> None:
    """Rotate an 8-bit PGM clockwise by ``turns`` quarter turns, in place."""
    w, h, px = _read_pgm(path)
    for _ in range(turns % 4):
        # clockwise: new row r is old column r read from the bottom up
        px = b"".join(px[r::w][::-1] for r in range(w))
        w, h = h, w
    path.write_bytes(b"P5\n%d %d\n255\n" % (w, h) + px)


def _tesseract(image: Path) -> str:
    out = subprocess.run(
        ["tesseract", str(image), "-"],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return out.stdout


def ocr_upright(root: Path, rel: str, page: int | None) -> str | None:
    """tesseract of an image file, or of a PDF page at 300 dpi turned upright; None without it."""
    if not shutil.which("tesseract"):
        return None
    path = root / rel
    if page is None:
        return _tesseract(path)
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "p"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "300",
                "-gray",
                "-f",
                str(page),
                "-l",
                str(page),
                str(path),
                str(stem),
            ],
            check=True,
        )
        image = next(Path(tmp).glob("p*.pgm"))
        turns = UPRIGHT_TURNS.get((rel, page), 0)
        if turns:
            _turn_pgm(image, turns)
        return _tesseract(image)


_base_sources = base.sources


def sources(root: Path, item: dict, ocr_cache: dict) -> tuple[dict[str, str], list[str]]:
    """As the shared checker, plus image-file scans and upright OCR of rotated scan pages."""
    if item["modality"] in ("audio", "video"):
        tsv = root / "_truth" / (Path(str(item["file"])).stem + ".tsv")
        if not tsv.is_file():
            return {}, [f"no generated timeline {tsv.name}"]
    if item["modality"] != "scan":
        return _base_sources(root, item, ocr_cache)
    rel = str(item["file"])
    page = item.get("page")
    errors: list[str] = []
    found: dict[str, str] = {}
    stem = Path(rel).stem
    if page is None:
        if Path(rel).suffix.lower() not in IMAGE_SUFFIXES:
            errors.append("a scan without a page must be an image file")
        truth = root / "_truth" / f"{stem}.txt"
    else:
        if base.pdf_page_text(root / rel, int(page)).strip():
            errors.append("scan page has a text layer")
        truth = root / "_truth" / f"{stem}.p{int(page)}.txt"
    if truth.is_file():
        found["page text"] = truth.read_text(encoding="utf-8")
    else:
        errors.append(f"no generated text {truth.name}")
    key = (rel, page)
    if key not in ocr_cache:
        ocr_cache[key] = ocr_upright(root, rel, None if page is None else int(page))
    if ocr_cache[key] is not None:
        found["tesseract"] = ocr_cache[key] or ""
    return found, errors


base.sources = sources


def shape_checks(root: Path) -> list[str]:
    """Counts, checksums and the report's page-break layout."""
    fails = []
    items = [
        json.loads(line)
        for line in (HERE / "qa.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    counts: dict[str, int] = {}
    for it in items:
        counts[it["modality"]] = counts.get(it["modality"], 0) + 1
        if not str(it["id"]).startswith(f"un4-{it['modality']}-"):
            fails.append(f"{it['id']}: id does not match modality {it['modality']}")
    for m in base.MODALITIES:
        if counts.get(m, 0) < MIN_PER_MODALITY:
            fails.append(f"only {counts.get(m, 0)} {m} items (need {MIN_PER_MODALITY})")
    if len(items) < MIN_ITEMS:
        fails.append(f"only {len(items)} items (need {MIN_ITEMS})")
    unans = [
        q.strip()
        for q in (HERE / "unanswerable.txt").read_text(encoding="utf-8").splitlines()
        if q.strip() and not q.startswith("#")
    ]
    if len(unans) < MIN_UNANSWERABLE:
        fails.append(f"only {len(unans)} unanswerable questions (need {MIN_UNANSWERABLE})")
    sums = root / "SHA256SUMS"
    if not sums.is_file():
        fails.append("SHA256SUMS missing")
    else:
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, rel = line.split(None, 1)
            rel = rel.lstrip("*")
            path = root / rel
            if not path.is_file():
                fails.append(f"{rel}: listed in SHA256SUMS but missing")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                fails.append(f"{rel}: does not match SHA256SUMS")
    report = root / "pdf/harwick_bay_energy_report_2024.pdf"
    if report.is_file():
        p2 = base.pdf_page_text(report, 2)
        p3 = base.pdf_page_text(report, 3)
        if "Whinmoor Turbine" not in p2 or "Pennock Farm Array" not in p3:
            fails.append("report: the site register no longer starts on p. 2 and ends on p. 3")
        if "Capacity" in p3 or "Commissioned" in p3:
            fails.append("report: page 3 repeats the register's header row")
    return fails


def main(argv: list[str]) -> int:
    default = os.environ.get("MMRAG_UNSEEN4_DIR", str(Path.home() / ".cache/mmrag/unseen4"))
    root = Path(argv[1] if len(argv) > 1 else default).expanduser()
    rc = base.main([argv[0], str(root)])
    extra = shape_checks(root)
    for f in extra:
        print("FAIL:", f)
    if extra:
        print(f"{len(extra)} set-shape failure(s)")
    else:
        print("set shape OK")
    return 1 if rc or extra else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
