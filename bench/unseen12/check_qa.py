"""Check bench/unseen12/qa.jsonl against the files that obtain.sh built (never against mmrag).

usage: python bench/unseen12/check_qa.py [ROOT]   (ROOT: $MMRAG_UNSEEN12_DIR or ~/.cache/mmrag/unseen12)

unseen12 holds the same kinds of file as unseen5 to unseen11 (PDF text, tables, vector charts and
scans, PNG/JPEG, DOCX, PPTX, XLSX, CSV, EML, audio (MP3), video), so it is checked by unseen5's
checker with the same rules, pointed at this folder (see bench/unseen5/check_qa.py), with this
set's minimums (12 items per modality, 90 in all, 20 unanswerable).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "unseen5_check_qa", HERE.parent / "unseen5" / "check_qa.py"
)
assert _spec and _spec.loader
checker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checker)
checker.HERE = checker.base.HERE = HERE
checker.SET, checker.ID_PREFIX = "unseen12", "un12"
checker.MIN_PER_MODALITY, checker.MIN_ITEMS, checker.MIN_UNANSWERABLE = 12, 90, 20

if __name__ == "__main__":
    sys.exit(checker.main(sys.argv))
