"""Check bench/unseen/qa.jsonl against the files that obtain.sh built (never against mmrag).

usage: python bench/unseen/check_qa.py [ROOT]   (ROOT: $MMRAG_UNSEEN_DIR or ~/.cache/mmrag/unseen)

For every item it checks that the file exists and that its answer occurs in the item's source:
  * text / table (PDF): ``pdftotext -layout`` of the cited page;
  * chart: the chart's pixel text written by generate.py (``_truth/``); for a chart inside a
    PDF, also that the answer is NOT in the page's text layer (it must exist only as pixels);
  * scan: the known page text (generate.py's text, or the brochure's reference text from the
    OCRmyPDF sources) and, where tesseract is installed, tesseract OCR of the page at 300 dpi;
    also that the page has no text layer;
  * audio / video: the generated script segments that overlap [t_start, t_end] (slide text and
    narration for video).
Matching is case-insensitive after Unicode and accent folding, with thousands separators
dropped and English number words read as digits ("six hundred and forty" = "640"). Each
``answer_contains`` string is checked; an item fails when none matches, and strings that do
not occur verbatim (paraphrase variants such as "20 min") are listed as notes.
It also checks the unanswerable questions for duplicates. Standard library + poppler-utils
(and optionally tesseract) only. Exit status 1 when anything fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = {"scan/linnsequencer_brochure_skewed.pdf": "linnsequencer_brochure.reference.txt"}
MODALITIES = ("text", "table", "chart", "scan", "audio", "video")

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_SCALES = {"hundred": 100, "thousand": 1000}


def _words_to_digits(text: str) -> str:
    """Replace runs of English number words by digits ("six hundred and forty" -> "640")."""
    tokens = re.findall(r"[a-z]+|[^a-z]+", text)
    out: list[str] = []
    total, group, active, pending_and = 0, 0, False, ""

    def flush() -> None:
        nonlocal total, group, active, pending_and
        if active:
            out.append(str(total + group))
            if pending_and:
                out.append(pending_and)
        total, group, active, pending_and = 0, 0, False, ""

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _UNITS or tok in _TENS:
            value = _UNITS.get(tok, _TENS.get(tok, 0))
            if active and (
                (tok in _TENS and group % 100 != 0)
                or (tok in _UNITS and (group % 10 != 0 or 10 <= group % 100 < 20))
            ):
                flush()
            group += value
            active = True
            pending_and = ""
        elif tok in _SCALES and active:
            if tok == "hundred":
                group *= 100
            else:
                total, group = (total + group) * 1000, 0
            pending_and = ""
        elif active and tok in (" ", "-", " and "):
            pending_and = tok
        elif active and tok == "and":
            pending_and += tok
        elif active and tok.strip() == "" and pending_and == "":
            pending_and = tok
        else:
            flush()
            out.append(tok)
        i += 1
    flush()
    return "".join(out)


def canon(text: str) -> str:
    """Case-, accent- and format-folded text for matching."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("\u2019", "'").casefold()
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"\s+", " ", text)
    text = _words_to_digits(text)
    text = re.sub(r"(?<=\d) and (?=\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def occurs(needle: str, haystack: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` (both canonical) on word boundaries."""
    n = canon(needle)
    return bool(n) and re.search(rf"(?<![^\W_]){re.escape(n)}(?![^\W_])", haystack) is not None


def pdf_page_text(path: Path, page: int) -> str:
    """``pdftotext -layout`` of one page."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def ocr_page(path: Path, page: int) -> str | None:
    """tesseract OCR of one page at 300 dpi, or None without tesseract."""
    if not shutil.which("tesseract"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "p"
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
                str(base),
            ],
            check=True,
        )
        image = next(Path(tmp).glob("p*.pgm"))
        out = subprocess.run(
            ["tesseract", str(image), "-"],
            check=False,
            capture_output=True,
            text=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        return out.stdout


def timeline(root: Path, rel: str) -> list[tuple[float, float, str, str]]:
    """The generated (start, end, who, text) segments of an audio or video file."""
    path = root / "_truth" / (Path(rel).stem + ".tsv")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        start, end, who, text = line.split("\t", 3)
        rows.append((float(start), float(end), who, text))
    return rows


def pixel_text(root: Path, rel: str, page: int | None) -> str:
    """The text a chart shows only as pixels."""
    stem = Path(rel).stem
    if page is None:
        return (root / "_truth" / f"{stem}.txt").read_text(encoding="utf-8")
    text = (root / "_truth" / f"{stem}.p{page}.txt").read_text(encoding="utf-8")
    return text.split("[pixels]", 1)[1] if "[pixels]" in text else ""


def sources(
    root: Path, item: dict[str, object], ocr_cache: dict[tuple[str, int], str | None]
) -> tuple[dict[str, str], list[str]]:
    """The texts an item's answer must be found in (name -> text) and structural errors."""
    rel = str(item["file"])
    path = root / rel
    page = item.get("page")
    modality = item["modality"]
    errors: list[str] = []
    found: dict[str, str] = {}
    if modality in ("text", "table"):
        found["pdftotext"] = pdf_page_text(path, int(page))  # type: ignore[arg-type]
    elif modality == "chart":
        found["pixels"] = pixel_text(root, rel, page if page is None else int(page))  # type: ignore[arg-type]
        if page is not None:
            layer = canon(pdf_page_text(path, int(page)))  # type: ignore[arg-type]
            if any(occurs(a, layer) for a in item["answer_contains"]):  # type: ignore[union-attr]
                errors.append("chart answer is in the page's text layer")
    elif modality == "scan":
        p = int(page)  # type: ignore[arg-type]
        if pdf_page_text(path, p).strip():
            errors.append("scan page has a text layer")
        truth = root / "_truth" / f"{Path(rel).stem}.p{p}.txt"
        ref = REFERENCE.get(rel)
        if truth.is_file():
            found["page text"] = truth.read_text(encoding="utf-8")
        elif ref:
            found["reference text"] = (root / "_truth" / ref).read_text(encoding="utf-8")
        key = (rel, p)
        if key not in ocr_cache:
            ocr_cache[key] = ocr_page(path, p)
        if ocr_cache[key] is not None:
            found["tesseract"] = ocr_cache[key] or ""
        elif not found:
            errors.append("no known text and no tesseract to OCR the page")
    else:
        t0, t1 = float(item["t_start"]), float(item["t_end"])  # type: ignore[arg-type]
        if t1 - t0 > 15.0:
            errors.append(f"window {t1 - t0:.1f} s is longer than 15 s")
        segs = [s for s in timeline(root, rel) if s[0] < t1 + 0.5 and s[1] > t0 - 0.5]
        if not segs:
            errors.append("no speech or slide segment overlaps the window")
        for who in sorted({s[2] for s in segs}):
            found[who] = " ".join(s[3] for s in segs if s[2] == who)
    return found, errors


def main(argv: list[str]) -> int:
    """Check every item; print a summary; 1 on any failure."""
    default = os.environ.get("MMRAG_UNSEEN_DIR", str(Path.home() / ".cache/mmrag/unseen"))
    root = Path(argv[1] if len(argv) > 1 else default).expanduser()
    items = [
        json.loads(line)
        for line in (HERE / "qa.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    failures, notes = [], []
    counts: dict[str, int] = {}
    ids: set[str] = set()
    ocr_cache: dict[tuple[str, int], str | None] = {}
    ocr_misses = []
    for item in items:
        iid = item["id"]
        if iid in ids:
            failures.append(f"{iid}: duplicate id")
        ids.add(iid)
        counts[item["modality"]] = counts.get(item["modality"], 0) + 1
        if item["modality"] not in MODALITIES:
            failures.append(f"{iid}: unknown modality {item['modality']}")
            continue
        if not (root / item["file"]).is_file():
            failures.append(f"{iid}: file missing: {item['file']}")
            continue
        texts, errors = sources(root, item, ocr_cache)
        failures.extend(f"{iid}: {e}" for e in errors)
        canon_texts = {name: canon(t) for name, t in texts.items()}
        known = {n: t for n, t in canon_texts.items() if n != "tesseract"} or canon_texts
        hits = {a: [n for n, t in known.items() if occurs(a, t)] for a in item["answer_contains"]}
        if not any(hits.values()):
            failures.append(f"{iid}: no answer string occurs in {sorted(known)}")
            continue
        for answer, where in hits.items():
            if not where:
                notes.append(f"{iid}: variant {answer!r} not verbatim in the source")
        if "tesseract" in canon_texts and not any(
            occurs(a, canon_texts["tesseract"]) for a in item["answer_contains"]
        ):
            ocr_misses.append(iid)
        if item["modality"] == "video":
            notes.append(f"{iid}: found in {sorted({w for ws in hits.values() for w in ws})}")
    unans = [
        q.strip() for q in (HERE / "unanswerable.txt").read_text(encoding="utf-8").splitlines()
    ]
    unans = [q for q in unans if q and not q.startswith("#")]
    if len(set(unans)) != len(unans):
        failures.append("unanswerable.txt has duplicate questions")
    print(f"items: {len(items)}  by modality: {counts}  unanswerable: {len(unans)}")
    print(
        f"scan pages OCRed: {sum(v is not None for v in ocr_cache.values())}; "
        f"items whose answer tesseract did not read: {ocr_misses or 'none'}"
    )
    for note in notes:
        print("note:", note)
    for failure in failures:
        print("FAIL:", failure)
    print("OK" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
