"""Digital PDF extraction + tables + chunking over the dev corpus PDFs."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from mmrag.ingestion.base import ExtractionResult
from mmrag.ingestion.chunking import chunk_document
from mmrag.ingestion.pdf.text_layer import PdfOptions, extract_pdf_text, inspect_pdf
from mmrag.platform.models import Chunk, ElementKind, MediaKind, Modality, SourceFile

pytestmark = pytest.mark.integration

PDFS = ("pdf/kestrel_water_report_2023.pdf", "pdf/xtableGallery.pdf", "pdf/zoo.pdf")


def _source(corpus_dir: Path, rel: str) -> SourceFile:
    path = corpus_dir / rel
    return SourceFile(
        source_id=rel,
        uri=str(path),
        filename=path.name,
        path=str(path),
        content_hash=rel,
        media_kind=MediaKind.PDF,
    )


@pytest.fixture(scope="module")
def extracted(corpus_dir: Path) -> dict[str, tuple[ExtractionResult, list[Chunk], float]]:
    """Each PDF extracted (in page runs) and chunked once; value: result, chunks, pages/s."""
    out = {}
    for rel in PDFS:
        source = _source(corpus_dir, rel)
        started = time.perf_counter()
        result = extract_pdf_text(source, PdfOptions(batch_pages=12))
        rate = (result.pages or 0) / (time.perf_counter() - started)
        out[rel] = (result, chunk_document(result.elements, source), rate)
    rates = {rel: round(v[2], 2) for rel, v in out.items()}
    print(f"\npdf extraction pages/s: {rates}")
    return out


def test_every_page_has_elements_inside_the_page(
    corpus_dir: Path, extracted: dict[str, tuple[ExtractionResult, list[Chunk], float]]
) -> None:
    for rel, (result, chunks, _) in extracted.items():
        info = inspect_pdf(corpus_dir / rel)
        assert info.pages_needing_ocr == [] and result.pages == info.pages
        assert not result.warnings
        pages = {e.provenance.page for e in result.elements}
        assert pages == set(range(1, info.pages + 1)), rel
        assert {c.provenance.page for c in chunks} == pages
        for element in result.elements:
            prov = element.provenance
            assert prov.bbox is not None and prov.page is not None
            width, height = info.page_sizes[prov.page - 1]
            assert prov.page_width == pytest.approx(width)
            x0, y0, x1, y1 = prov.bbox
            assert 0 <= x0 < x1 <= width + 0.5 and 0 <= y0 < y1 <= height + 0.5, (rel, element)
        assert all(e.method in ("pdfium-text", "pdfium-geometry") for e in result.elements)


def test_kestrel_tables(extracted: dict[str, tuple[ExtractionResult, list[Chunk], float]]) -> None:
    result = extracted["pdf/kestrel_water_report_2023.pdf"][0]
    tables = [e for e in result.elements if e.kind is ElementKind.TABLE]
    assert [t.provenance.page for t in tables] == [2, 2, 2]
    assert all(t.modality is Modality.TABLE and t.html and "<th>" in t.html for t in tables)
    storage, plants, capital = (t.text for t in tables)
    assert storage.startswith("Table 1. Reservoir storage")
    assert "Alder Creek | Capacity: 18,300; 1 January: 12,050; 30 June: 15,480" in storage
    assert (
        "Eastfield | Design ML/d: 15.0; Mean output ML/d: 5.4; Mean turbidity NTU: 0.14" in plants
    )
    assert "Stonegate pump station upgrade | Budget: 1,840; Spent: 1,905" in capital
    # the table's words are not indexed twice as loose text
    loose = " ".join(e.text for e in result.elements if e.kind is not ElementKind.TABLE)
    assert "15,480" not in loose and "geosmin" in loose


def test_xtable_gallery_tables(
    extracted: dict[str, tuple[ExtractionResult, list[Chunk], float]],
) -> None:
    result = extracted["pdf/xtableGallery.pdf"][0]
    tables = [e for e in result.elements if e.kind is ElementKind.TABLE]
    assert len(tables) >= 20
    assert len({t.provenance.page for t in tables}) >= 12
    page3 = "\n".join(t.text for t in tables if t.provenance.page == 3)
    assert (
        "ethnicty | Df: 3; Sum Sq: 2572.15; Mean Sq: 857.38; F value: 4.27; Pr(>F): 0.0072" in page3
    )
    assert "sexM:ethnictyHISPANIC | Estimate: 10.6780; Std. Error: 8.7190" in page3
    page6 = "\n".join(t.text for t in tables if t.provenance.page == 6)
    assert "UrbanPop | PC1: 0.0463; PC2: 0.9769" in page6


def test_qa_answers_are_in_a_chunk_of_the_cited_page(
    qa_items: list[dict[str, object]],
    extracted: dict[str, tuple[ExtractionResult, list[Chunk], float]],
) -> None:
    items = [q for q in qa_items if q["modality"] in ("text", "table") and q["file"] in extracted]
    assert len(items) >= 10
    missing = []
    for item in items:
        chunks = [c for c in extracted[str(item["file"])][1] if c.provenance.page == item["page"]]
        answers = [str(a) for a in item["answer_contains"]]  # type: ignore[attr-defined]
        if not any(_contains(c.text, a) for c in chunks for a in answers):
            missing.append(item["id"])
    assert not missing


def _contains(text: str, answer: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(answer.lower())}(?!\w)", text.lower()) is not None
