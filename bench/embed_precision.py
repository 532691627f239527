"""Passage embedding precision vs retrieval: cold ingest time and recall@5, dev and unseen.

For each backend (``--backends onnx,onnx-int8-passages``; ``MMRAG_EMBED_BACKEND``) and set it
runs ``bench/eval_cached.py`` in extractive mode as a subprocess on a fresh data dir, so each
ingest is cold and each backend loads its own models; backends alternate per set, so load on
a shared machine hits both alike. Prints JSON:

    .venv/bin/python bench/embed_precision.py [--sets dev,unseen] [--out FILE]

``onnx-int8-passages`` needs the int8 model: ``python -m mmrag.platform.embedding_onnx --int8``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from benchio import emit  # noqa: E402


def run_set(backend: str, name: str, work: Path) -> dict[str, Any]:
    """Cold ingest + extractive eval of one set with one embedding backend."""
    data = work / f"{backend}-{name}"
    out = work / f"{backend}-{name}.json"
    env = {**os.environ, "MMRAG_EMBED_BACKEND": backend, "MMRAG_ANSWER_MODE": "extractive"}
    cmd = [sys.executable, str(BENCH / "eval_cached.py"), "--set", name, "--data-dir", str(data)]
    cmd += ["--cache", str(work / "replies.jsonl"), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"rc": done.returncode, "error": done.stderr[-2000:]}
    ingest = re.search(r"ingest: ([\d.]+) s", done.stderr)
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    return {
        "ingest_s": float(ingest.group(1)) if ingest else None,
        "run_s": round(time.perf_counter() - started, 1),
        "recall_at_5": summary["overall"]["recall_at_k"],
        "answer_accuracy": summary["overall"]["answer_accuracy"],
        "recall_by_modality": {m: s["recall_at_k"] for m, s in summary["by_modality"].items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="dev,unseen")
    parser.add_argument("--backends", default="onnx,onnx-int8-passages")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    backends = [b for b in args.backends.split(",") if b]
    report: dict[str, Any] = {"benchmark": "embed_precision", "k": 5, "sets": {}}
    report["loadavg_start"] = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="mmrag-embed-precision-") as tmp:
        for name in [s for s in args.sets.split(",") if s]:
            report["sets"][name] = {b: run_set(b, name, Path(tmp)) for b in backends}
    report["loadavg_end"] = round(os.getloadavg()[0], 2)
    emit(report, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
