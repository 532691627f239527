"""Check bench/unseen3/qa.jsonl against the files that obtain.sh built (never against mmrag).

usage: python bench/unseen3/check_qa.py [ROOT]   (ROOT: $MMRAG_UNSEEN3_DIR or ~/.cache/mmrag/unseen3)

Same checks and matching rules as bench/unseen/check_qa.py, whose functions it reuses: the
answer must occur in pdftotext of the cited page (text/table), in the chart's pixel text and
not in the page's text layer (chart), in the known page text and is reported against tesseract
(scan, which must have no text layer), or in the generated segments overlapping the window
(audio/video, windows of at most 15 s). Only the paths differ: this set's qa.jsonl and
unanswerable.txt, its root, and the reference transcription of the real typewritten page.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "unseen_check_qa", HERE.parent / "unseen" / "check_qa.py"
)
assert _spec and _spec.loader
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

# Point the shared checker at this set.
base.HERE = HERE
base.REFERENCE = {
    "scan/linzensoep_typewritten_recipe.pdf": "linzensoep_typewritten_recipe.reference.txt"
}


def main(argv: list[str]) -> int:
    default = os.environ.get("MMRAG_UNSEEN3_DIR", str(Path.home() / ".cache/mmrag/unseen3"))
    root = Path(argv[1] if len(argv) > 1 else default).expanduser()
    return base.main([argv[0], str(root)])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
