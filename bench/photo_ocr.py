"""OCR of degraded pages (phone photos, turned scans, faded copies): words recovered, time.

Each synthetic page (``bench/photo_pages.py``) is OCR'd with mmrag's engine twice in the same run:
``baseline`` (the earlier page path: deskew only, the input squeezed to 0.6 of its width) and
``upright`` (``read_page`` with the default options: the page outline flattened, quarter turns
found, deskew, read unsqueezed). Word recall is order-free: the share of the
page's printed words (multiset, lower case, punctuation stripped) found among the OCR'd words.

    .venv/bin/python bench/photo_ocr.py --seeds 4 --out bench/results/photo_ocr.json
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchio import emit
from photo_pages import KINDS, synthetic_page

from mmrag.ingestion.ocr.base import Image, OcrEngine
from mmrag.ingestion.ocr.engine import OcrOptions, get_ocr_engine, read_page

_WORD = re.compile(r"[a-z0-9]+(?:[.%][0-9a-z%]*)?")


def words_of(text: str) -> Counter[str]:
    """Lower-case word multiset of ``text``."""
    return Counter(_WORD.findall(text.lower()))


def word_recall(truth: list[str], text: str) -> float:
    """Share of the truth's words (multiset) present in ``text``."""
    want = words_of(" ".join(truth))
    got = words_of(text)
    hit = sum(min(n, got[w]) for w, n in want.items())
    return hit / max(1, sum(want.values()))


_BEFORE = OcrOptions(unwarp=False, turn=False, page_x_scale=0.6)


def _baseline(image: Image, engine: OcrEngine) -> str:
    return "\n".join(line.text for line in read_page(image, engine, _BEFORE)[1])


def _upright(image: Image, engine: OcrEngine) -> str:
    return "\n".join(line.text for line in read_page(image, engine)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--out", type=Path, default=Path("bench/results/photo_ocr.json"))
    args = parser.parse_args()
    engine = get_ocr_engine()
    methods: dict[str, Callable[[Image, OcrEngine], str]] = {
        "baseline": _baseline,
        "upright": _upright,
    }
    rows = []
    for kind in args.kinds.split(","):
        for seed in range(args.seeds):
            page = synthetic_page(kind, seed)
            row: dict[str, object] = {"kind": kind, "seed": seed}
            for name, method in methods.items():
                start = time.perf_counter()
                text = method(page.image, engine)
                row[f"{name}_s"] = round(time.perf_counter() - start, 2)
                row[f"{name}_recall"] = round(word_recall(page.words, text), 3)
            rows.append(row)
            print(row, flush=True)
    summary = {}
    for kind in args.kinds.split(","):
        mine = [r for r in rows if r["kind"] == kind]
        summary[kind] = {
            f"{m}_{k}": round(statistics.mean(float(r[f"{m}_{k}"]) for r in mine), 3)  # type: ignore[arg-type]
            for m in methods
            for k in ("recall", "s")
        }
    emit({"benchmark": "photo_ocr", "summary": summary, "pages": rows}, args.out)


if __name__ == "__main__":
    main()
