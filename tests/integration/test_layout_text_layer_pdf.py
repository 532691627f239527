"""The region stage end to end (layout model, real OCR engine) on a drawn and a pictured chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmrag.ingestion.pdf.layout import extract_regions
from mmrag.platform.models import ElementKind
from mmrag.platform.storage import BlobStore
from tests.sources import source_file
from tests.unit.test_layout_text_layer import REGIONS, SALES, chart_pdf

pytestmark = pytest.mark.integration


def _charts(path: Path, tmp_path: Path) -> list[tuple[str, str]]:
    result = extract_regions(source_file(path), [1], BlobStore(tmp_path / "blobs"))
    return [(e.method, e.text) for e in result.elements if e.kind is ElementKind.CHART]


def test_drawn_chart_reads_the_text_layer_and_pictured_chart_is_ocrd(tmp_path: Path) -> None:
    chart_pdf(tmp_path / "drawn.pdf")
    chart_pdf(tmp_path / "pictured.pdf", raster=True)
    drawn = _charts(tmp_path / "drawn.pdf", tmp_path)
    assert [method for method, _ in drawn] == ["layout+text-layer"]
    values = "Bar values: " + "; ".join(f"{r} {v}" for r, v in zip(REGIONS, SALES, strict=True))
    assert values in drawn[0][1]
    assert "Units sold" in drawn[0][1]

    pictured = _charts(tmp_path / "pictured.pdf", tmp_path)
    assert len(pictured) == 1
    method, text = pictured[0]
    assert method.startswith("layout+") and method != "layout+text-layer"
    assert "Widgets sold per region" in text  # OCR'd from the picture's pixels
