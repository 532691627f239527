"""``mmrag ingest`` as a user runs it: a subprocess on the embedded default, run three times.

New file: extracted by the in-process worker. Same bytes again: skipped without a worker.
Changed bytes at the same path: the worker is started after the submission and re-ingests it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

pytestmark = pytest.mark.integration

PDF = Path(__file__).resolve().parents[2] / "examples" / "heronsgate_water_2024.pdf"


def _ingest(path: Path, data_dir: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("MMRAG_REDIS_URL", "MMRAG_QDRANT_URL")}
    cmd = [sys.executable, "-m", "mmrag.cli", "ingest", str(path), "--data-dir", str(data_dir)]
    cmd += ["--json"]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    [task] = json.loads(proc.stdout)["files"]
    return dict(task)


def test_ingest_new_unchanged_and_changed_file(tmp_path: Path) -> None:
    path, data_dir = tmp_path / "report.pdf", tmp_path / "data"
    shutil.copy(PDF, path)

    first = _ingest(path, data_dir)
    assert first["state"] == "succeeded" and first["chunks"] > 0 and first["pages"] == 2

    again = _ingest(path, data_dir)
    assert again["state"] == "skipped" and again["content_hash"] == first["content_hash"]

    writer = PdfWriter()
    writer.add_page(PdfReader(PDF).pages[0])
    with path.open("wb") as fh:
        writer.write(fh)
    changed = _ingest(path, data_dir)
    assert changed["state"] == "succeeded" and changed["pages"] == 1
    assert changed["source_id"] == first["source_id"]
    assert changed["content_hash"] != first["content_hash"]
