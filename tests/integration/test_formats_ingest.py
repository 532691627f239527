"""``mmrag ingest`` of a folder of text and Office documents, as a user runs it.

The folder holds one TXT, MD, HTML, DOCX, PPTX, XLSX, CSV and EML file (written by the test,
each stating a made-up fact), a LICENSE, and two files mmrag does not take. The command
succeeds, lists the two as skipped with their reason, and a question about each fact finds
and cites the file that states it, through the real embedder and index.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mmrag.platform.models import Citation, Modality, SearchFilters
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from tests.doc_files import FACTS, PICTURE_TEXT, write_folder

pytestmark = pytest.mark.integration


def _ingest(paths: list[Path], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MMRAG_REDIS_URL", "MMRAG_QDRANT_URL")}
    cmd = [sys.executable, "-m", "mmrag.cli", "ingest", *map(str, paths)]
    cmd += ["--data-dir", str(data_dir), "--json"]
    return subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Runtime, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("formats")
    folder = write_folder(root / "docs")
    (folder / "tool.py").write_text("print('source code is not a document type')\n")
    (folder / "data.bin").write_bytes(bytes(range(256)) * 8)
    data_dir = root / "data"
    proc = _ingest([folder], data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = {f["filename"]: f for f in json.loads(proc.stdout)["files"]}
    with Runtime(Settings(data_dir=data_dir, redis_url=None, qdrant_url=None)) as runtime:
        yield runtime, files


def test_every_supported_file_succeeds_and_the_others_are_skipped(
    ingested: tuple[Runtime, dict[str, Any]],
) -> None:
    _, files = ingested
    for name in [*FACTS, "LICENSE"]:
        assert files[name]["state"] == "succeeded", (name, files[name]["error"])
        assert files[name]["chunks"] > 0
    for name in ("tool.py", "data.bin"):
        assert files[name]["state"] == "skipped"
        assert "unsupported file type" in files[name]["error"]


@pytest.mark.parametrize("name", sorted(FACTS))
def test_a_question_about_each_file_cites_it(
    ingested: tuple[Runtime, dict[str, Any]], name: str
) -> None:
    runtime, _ = ingested
    question, words = FACTS[name]
    hits = runtime.retriever().search(question, SearchFilters(), k=5)
    assert hits, question
    top = hits[0].chunk
    label = Citation.from_chunk(top, hits[0].score).label()
    assert top.provenance.filename == name, (question, label, top.text)
    assert words in top.text
    expected_place = {
        "glaciers.pptx": "glaciers.pptx slide 2",
        "fleet.xlsx": "fleet.xlsx sheet Fleet, rows 2-4",
        "orchards.csv": "orchards.csv rows 2-4",
        "guide.md": "guide.md § Calibration",
        "ferries.html": "ferries.html § Ferry schedule",
        "budget.docx": "budget.docx § Budget",
        "memo.eml": "memo.eml § Map archive relocation",
    }
    if name in expected_place:
        assert label == expected_place[name]


@pytest.mark.parametrize(("name", "place"), [("budget.docx", None), ("glaciers.pptx", 3)])
def test_pictures_in_office_files_go_through_the_figure_path(
    ingested: tuple[Runtime, dict[str, Any]], name: str, place: int | None
) -> None:
    runtime, files = ingested
    flt = SearchFilters(source_ids=[files[name]["source_id"]], modalities=[Modality.CHART])
    charts = list(runtime.index.scroll(flt))
    assert len(charts) == 1, "the large picture is read, the icon is not"
    [chart] = charts
    assert PICTURE_TEXT.split()[1] in chart.text  # OCR of the picture
    assert chart.provenance.page == place
    assert chart.provenance.frame is not None
    assert runtime.blobs.exists(chart.provenance.frame)


def test_naming_an_unsupported_file_is_still_an_error(tmp_path: Path) -> None:
    script = tmp_path / "tool.py"
    script.write_text("print('source code is not a document type')\n")
    proc = _ingest([script], tmp_path / "data")
    assert proc.returncode == 1
    [task] = json.loads(proc.stdout)["files"]
    assert task["state"] == "failed"
    assert "unsupported file type" in task["error"] and "'.py'" in task["error"]
