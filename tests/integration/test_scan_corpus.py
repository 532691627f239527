"""OCR and chart regions on the dev corpus: qa.jsonl scan/chart answers occur in the page text."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from mmrag.ingestion.ocr.engine import ocr_pdf_pages
from mmrag.ingestion.pdf.layout import extract_regions
from mmrag.platform.models import ElementKind, Modality
from mmrag.platform.storage import BlobStore
from tests.sources import source_file

pytestmark = pytest.mark.integration


def _matches(text: str, needle: str) -> bool:
    """Case-insensitive match on word boundaries; line breaks count as spaces."""
    flat = " ".join(text.split())
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", flat, re.I) is not None


@pytest.fixture(scope="module")
def page_texts(
    corpus_dir: Path, qa_items: list[dict[str, object]], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, int], str]:
    """OCR text (scan items) or region text (chart items) of every page the items cite."""
    blobs = BlobStore(tmp_path_factory.mktemp("blobs"))
    wanted: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item in qa_items:
        if item["modality"] in ("scan", "chart"):
            wanted[(str(item["modality"]), str(item["file"]))].add(int(item["page"]))  # type: ignore[call-overload]
    texts: dict[tuple[str, int], str] = {}
    for (modality, file), pages in wanted.items():
        source = source_file(corpus_dir / file)
        if modality == "scan":
            result = ocr_pdf_pages(source, sorted(pages))
            kinds = {e.kind for e in result.elements}
            assert kinds <= {ElementKind.OCR_TEXT, ElementKind.TABLE}
            if file.endswith("alder_creek_dam_inspection_2024.pdf"):
                # the piezometer table is read as a grid: row names next to their values
                tables = [e.text for e in result.elements if e.kind is ElementKind.TABLE]
                assert any("Right abutment; Reading: 86.93" in t for t in tables), tables
        else:
            result = extract_regions(source, sorted(pages), blobs)
            for element in result.elements:
                assert element.modality is Modality.CHART
                assert element.provenance.frame and blobs.exists(element.provenance.frame)
        assert not result.warnings
        for element in result.elements:
            key = (file, element.provenance.page or 0)
            texts[key] = texts.get(key, "") + "\n" + element.text
    return texts


def test_scan_and_chart_answers_are_found(
    page_texts: dict[tuple[str, int], str], qa_items: list[dict[str, object]]
) -> None:
    items = [i for i in qa_items if i["modality"] in ("scan", "chart")]
    found = []
    for item in items:
        text = page_texts.get((str(item["file"]), int(item["page"])), "")  # type: ignore[call-overload]
        answers = [str(a) for a in item["answer_contains"]]  # type: ignore[attr-defined]
        if any(_matches(text, a) for a in answers):
            found.append(item["id"])
    missed = sorted({str(i["id"]) for i in items} - {str(f) for f in found})
    rate = len(found) / len(items)
    print(f"scan/chart answers found: {len(found)}/{len(items)} ({rate:.0%}); missed: {missed}")
    assert rate >= 0.8, missed


def test_chart_region_has_caption_first(page_texts: dict[tuple[str, int], str]) -> None:
    text = page_texts[("pdf/kestrel_water_report_2023.pdf", 3)]
    assert "Figure 1" in text and "Figure 2" in text
