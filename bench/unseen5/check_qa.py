"""Check bench/unseen5/qa.jsonl against the files that obtain.sh built (never against mmrag).

usage: python bench/unseen5/check_qa.py [ROOT]   (ROOT: $MMRAG_UNSEEN5_DIR or ~/.cache/mmrag/unseen5)

Same matching rules as bench/unseen/check_qa.py, whose functions it reuses (case, accent and
thousands-separator folding, English number words read as digits, word boundaries; an item
fails when none of its ``answer_contains`` strings occurs in its source). The source of an item
depends on its file:
  * PDF, text/table: ``pdftotext -layout`` of the cited page;
  * PDF, chart (the report's vector charts): the chart text generate.py drew (``_truth/``),
    and the answer must also be in the page's text layer, since the charts are vector;
  * PDF, scan: the generated page text; the page must have no text layer; reported against
    tesseract OCR at 300 dpi;
  * PNG/JPEG: the chart's pixel text (chart) or the photo's generated text (scan, reported
    against tesseract on the image itself);
  * DOCX (``page`` null): body paragraphs for text items, table cells for table items, read
    from word/document.xml with the standard library;
  * PPTX (``page`` = slide number): the slide's text and speaker notes (text), its table cells
    (table), or the cached categories, series names and values of its native chart (chart; the
    answer must then not be in the slide's own text);
  * XLSX (``page`` = 1-based sheet number): the sheet's cells row by row;
  * CSV and EML (``page`` null): the whole file (for the e-mail, its decoded body);
  * audio/video: the generated segments that overlap [t_start, t_end] (windows <= 15 s).
It also checks the set's shape: at least 9 items per modality and 72 in all, at least 12
unanswerable questions, page/time fields that fit the file type, and every built file matching
SHA256SUMS. Standard library + poppler-utils (and optionally tesseract). Exit status 1 on any
failure.
"""

from __future__ import annotations

import csv
import email
import email.policy
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "unseen_check_qa", HERE.parent / "unseen" / "check_qa.py"
)
assert _spec and _spec.loader
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

base.HERE = HERE
base.REFERENCE = {}
#: The set this checker reads (``bench/unseen6/check_qa.py`` points it at unseen6).
SET, ID_PREFIX = "unseen5", "un5"
MIN_PER_MODALITY, MIN_ITEMS, MIN_UNANSWERABLE = 9, 72, 12
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}
TIME_SUFFIXES = {".m4a", ".mp3", ".wav", ".ogg", ".flac", ".mp4", ".mkv", ".webm"}
NO_PAGE_SUFFIXES = {".docx", ".csv", ".eml"} | IMAGE_SUFFIXES | TIME_SUFFIXES

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = f"{{{NS['r']}}}id"


# --------------------------------------------------------------------------- Office readers


def _xml(z: zipfile.ZipFile, name: str) -> ET.Element:
    return ET.fromstring(z.read(name))


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, resolved part name) for one part."""
    folder, file = part.rsplit("/", 1)
    name = f"{folder}/_rels/{file}.rels"
    if name not in z.namelist():
        return {}
    out = {}
    for rel in _xml(z, name).findall("rel:Relationship", NS):
        target = rel.get("Target", "")
        parts = (
            (folder + "/" + target).split("/")
            if not target.startswith("/")
            else target.lstrip("/").split("/")
        )
        resolved: list[str] = []
        for p in parts:
            if p == "..":
                resolved.pop()
            elif p and p != ".":
                resolved.append(p)
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], "/".join(resolved))
    return out


def _text_of(el: ET.Element, tag: str) -> str:
    return "".join(t.text or "" for t in el.iter(tag))


def docx_texts(path: Path) -> tuple[str, str]:
    """(body paragraphs, table cells) of a .docx, each as text lines."""
    with zipfile.ZipFile(path) as z:
        body = _xml(z, "word/document.xml").find("w:body", NS)
    assert body is not None
    paras, cells = [], []
    w_t = f"{{{NS['w']}}}t"
    for el in body:
        if el.tag == f"{{{NS['w']}}}p":
            paras.append(_text_of(el, w_t))
        elif el.tag == f"{{{NS['w']}}}tbl":
            for tr in el.iter(f"{{{NS['w']}}}tr"):
                cells.append(" | ".join(_text_of(tc, w_t) for tc in tr.findall("w:tc", NS)))
    return "\n".join(paras), "\n".join(cells)


def pptx_slide(path: Path, number: int) -> dict[str, str]:
    """Slide ``number`` (1-based, presentation order): text+notes, table cells, chart data."""
    a_t = f"{{{NS['a']}}}t"
    with zipfile.ZipFile(path) as z:
        pres = _xml(z, "ppt/presentation.xml")
        prels = _rels(z, "ppt/presentation.xml")
        lst = pres.find("p:sldIdLst", NS)
        ids = [s.get(R_ID) for s in lst] if lst is not None else []
        if not 1 <= number <= len(ids):
            raise ValueError(f"no slide {number} (the deck has {len(ids)})")
        part = prels[ids[number - 1] or ""][1]
        slide = _xml(z, part)
        srels = _rels(z, part)
        text = [_text_of(sp, a_t) for sp in slide.iter(f"{{{NS['p']}}}sp")]
        table = []
        for tr in slide.iter(f"{{{NS['a']}}}tr"):
            row = " | ".join(_text_of(tc, a_t) for tc in tr.findall("a:tc", NS))
            table.append(row)
        notes, chart = [], []
        for kind, target in srels.values():
            if kind == "notesSlide":
                notes.append(_text_of(_xml(z, target), a_t))
            elif kind == "chart":
                cx = _xml(z, target)
                for ser in cx.iter(f"{{{NS['c']}}}ser"):
                    name = " ".join(v.text or "" for v in ser.findall("c:tx//c:v", NS))
                    cats = [v.text or "" for v in ser.findall("c:cat//c:pt/c:v", NS)]
                    vals = [v.text or "" for v in ser.findall("c:val//c:pt/c:v", NS)]
                    for cat, val in zip(cats, vals, strict=False):
                        chart.append(f"{name}: {cat} {val}")
    return {
        "slide text": "\n".join(text + table),
        "speaker notes": "\n".join(notes),
        "table": "\n".join(table),
        "chart data": "\n".join(chart),
    }


def xlsx_sheet(path: Path, number: int) -> str:
    """Sheet ``number`` (1-based, workbook order) as text rows."""
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in _xml(z, "xl/sharedStrings.xml").findall("s:si", NS):
                shared.append(_text_of(si, f"{{{NS['s']}}}t"))
        wb = _xml(z, "xl/workbook.xml")
        sheets = wb.find("s:sheets", NS)
        assert sheets is not None
        ids = [s.get(R_ID) for s in sheets]
        if not 1 <= number <= len(ids):
            raise ValueError(f"no sheet {number} (the workbook has {len(ids)})")
        part = _rels(z, "xl/workbook.xml")[ids[number - 1] or ""][1]
        ws = _xml(z, part)
    rows = []
    for row in ws.iter(f"{{{NS['s']}}}row"):
        vals = []
        for c in row.findall("s:c", NS):
            t = c.get("t")
            v = c.find("s:v", NS)
            if t == "s" and v is not None:
                vals.append(shared[int(v.text or 0)])
            elif t == "inlineStr":
                vals.append(_text_of(c, f"{{{NS['s']}}}t"))
            elif v is not None:
                vals.append(v.text or "")
        rows.append(" | ".join(vals))
    return "\n".join(rows)


def csv_text(path: Path) -> str:
    with path.open(newline="", encoding="utf-8") as f:
        return "\n".join(" | ".join(r) for r in csv.reader(f))


def eml_text(path: Path) -> str:
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain",))
    head = f"From: {msg['From']}\nTo: {msg['To']}\nSubject: {msg['Subject']}\nDate: {msg['Date']}"
    return head + "\n\n" + (body.get_content() if body else "")


# --------------------------------------------------------------------------- OCR (information)


def tesseract(image: Path) -> str:
    out = subprocess.run(
        ["tesseract", str(image), "-"],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return out.stdout


def ocr(root: Path, rel: str, page: int | None) -> str | None:
    """tesseract of an image file, or of a PDF page at 300 dpi; None without tesseract."""
    if not shutil.which("tesseract"):
        return None
    if page is None:
        return tesseract(root / rel)
    with tempfile.TemporaryDirectory() as tmp:
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
                str(root / rel),
                str(Path(tmp) / "p"),
            ],
            check=True,
        )
        return tesseract(next(Path(tmp).glob("p*.pgm")))


# --------------------------------------------------------------------------- sources


def sources(root: Path, item: dict, ocr_cache: dict) -> tuple[dict[str, str], list[str]]:
    """The texts an item's answer must be found in (name -> text) and structural errors."""
    rel = str(item["file"])
    path = root / rel
    suffix = path.suffix.lower()
    modality = item["modality"]
    page = item.get("page")
    errors: list[str] = []
    found: dict[str, str] = {}
    answers = item["answer_contains"]
    if suffix in TIME_SUFFIXES:
        return base_sources(root, item, ocr_cache)
    if suffix == ".pdf":
        p = int(page)
        layer = base.pdf_page_text(path, p)
        if modality in ("text", "table"):
            found["pdftotext"] = layer
        elif modality == "chart":
            truth = root / "_truth" / f"{path.stem}.p{p}.txt"
            if not truth.is_file():
                return {}, [f"no generated chart text {truth.name}"]
            found["chart text"] = truth.read_text(encoding="utf-8").split("[vector]", 1)[-1]
            canon_layer = base.canon(layer)
            if not any(base.occurs(a, canon_layer) for a in answers):
                errors.append("vector chart answer is not in the page's text layer")
        elif modality == "scan":
            if layer.strip():
                errors.append("scan page has a text layer")
            truth = root / "_truth" / f"{path.stem}.p{p}.txt"
            if truth.is_file():
                found["page text"] = truth.read_text(encoding="utf-8")
            else:
                errors.append(f"no generated text {truth.name}")
            key = (rel, p)
            if key not in ocr_cache:
                ocr_cache[key] = ocr(root, rel, p)
            if ocr_cache[key] is not None:
                found["tesseract"] = ocr_cache[key] or ""
        else:
            errors.append(f"modality {modality} does not fit a PDF")
    elif suffix in IMAGE_SUFFIXES:
        truth = root / "_truth" / f"{path.stem}.txt"
        if not truth.is_file():
            return {}, [f"no generated text {truth.name}"]
        if modality == "chart":
            found["pixels"] = truth.read_text(encoding="utf-8")
        elif modality == "scan":
            found["page text"] = truth.read_text(encoding="utf-8")
            key = (rel, None)
            if key not in ocr_cache:
                ocr_cache[key] = ocr(root, rel, None)
            if ocr_cache[key] is not None:
                found["tesseract"] = ocr_cache[key] or ""
        else:
            errors.append(f"modality {modality} does not fit an image")
    elif suffix == ".docx":
        paras, cells = docx_texts(path)
        if modality == "text":
            found["docx paragraphs"] = paras
        elif modality == "table":
            found["docx table"] = cells
        else:
            errors.append(f"modality {modality} does not fit this DOCX")
    elif suffix == ".pptx":
        slide = pptx_slide(path, int(page))
        if modality == "text":
            found["slide text"] = slide["slide text"]
            found["speaker notes"] = slide["speaker notes"]
        elif modality == "table":
            found["slide table"] = slide["table"]
        elif modality == "chart":
            found["chart data"] = slide["chart data"]
            own = base.canon(slide["slide text"] + "\n" + slide["speaker notes"])
            if any(base.occurs(a, own) for a in answers):
                errors.append("chart answer is also in the slide's text or notes")
        else:
            errors.append(f"modality {modality} does not fit a PPTX")
    elif suffix == ".xlsx":
        if modality != "table":
            errors.append("XLSX items must be table items")
        found["sheet"] = xlsx_sheet(path, int(page))
    elif suffix == ".csv":
        if modality != "table":
            errors.append("CSV items must be table items")
        found["csv"] = csv_text(path)
    elif suffix == ".eml":
        if modality != "text":
            errors.append("e-mail items must be text items")
        found["e-mail"] = eml_text(path)
    else:
        errors.append(f"no reader for {suffix}")
    return found, errors


base_sources = base.sources
base.sources = sources


# --------------------------------------------------------------------------- set shape


def shape_checks(root: Path) -> list[str]:
    """Counts, field conventions per file type, and checksums."""
    fails = []
    items = [
        json.loads(line)
        for line in (HERE / "qa.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    counts: dict[str, int] = {}
    for it in items:
        iid, suffix = it["id"], Path(str(it["file"])).suffix.lower()
        counts[it["modality"]] = counts.get(it["modality"], 0) + 1
        if not str(iid).startswith(f"{ID_PREFIX}-{it['modality']}-"):
            fails.append(f"{iid}: id does not match modality {it['modality']}")
        timed = suffix in TIME_SUFFIXES
        has_time = it.get("t_start") is not None and it.get("t_end") is not None
        if timed != has_time or (not timed and (it.get("t_start") or it.get("t_end"))):
            fails.append(f"{iid}: t_start/t_end do not fit a {suffix} file")
        if (suffix in NO_PAGE_SUFFIXES) != (it.get("page") is None):
            fails.append(f"{iid}: page {it.get('page')!r} does not fit a {suffix} file")
        if not isinstance(it["answer_contains"], list) or not it["answer_contains"]:
            fails.append(f"{iid}: answer_contains must be a non-empty list")
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
        listed = set()
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, rel = line.split(None, 1)
            rel = rel.lstrip("*")
            listed.add(rel)
            path = root / rel
            if not path.is_file():
                fails.append(f"{rel}: listed in SHA256SUMS but missing")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                fails.append(f"{rel}: does not match SHA256SUMS")
        for f in sorted({str(it["file"]) for it in items} - listed):
            fails.append(f"{f}: used by qa.jsonl but not in SHA256SUMS")
    return fails


def main(argv: list[str]) -> int:
    default = os.environ.get(f"MMRAG_{SET.upper()}_DIR", str(Path.home() / ".cache/mmrag" / SET))
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
