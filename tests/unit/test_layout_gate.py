"""Which digital pages the layout model runs on: drawn figures yes, table rules no."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmrag.ingestion.pdf.layout import LayoutOptions, has_vector_figure

pytestmark = pytest.mark.unit

Segment = tuple[float, float, float, float]


def _page_with_paths(path: Path, strokes: list[list[tuple[float, float]]], fills: int) -> Path:
    """One page with polylines (stroked) and ``fills`` filled bar rectangles."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(612, 792)
    for points in strokes:
        obj = raw.FPDFPageObj_CreateNewPath(*points[0])
        for x, y in points[1:]:
            raw.FPDFPath_LineTo(obj, x, y)
        raw.FPDFPath_SetDrawMode(obj, raw.FPDF_FILLMODE_NONE, True)
        raw.FPDFPage_InsertObject(page.raw, obj)
    for i in range(fills):
        obj = raw.FPDFPageObj_CreateNewRect(100 + 30 * i, 100, 20, 40 + 10 * i)
        raw.FPDFPath_SetDrawMode(obj, raw.FPDF_FILLMODE_ALTERNATE, False)
        raw.FPDFPage_InsertObject(page.raw, obj)
    page.gen_content()
    page.close()
    pdf.save(str(path))
    pdf.close()
    return path


def _check(path: Path) -> bool:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return has_vector_figure(doc[0], LayoutOptions())
    finally:
        doc.close()


RULES = [[(72.0, 700.0 - 14 * i), (540.0, 700.0 - 14 * i)] for i in range(10)] + [
    [(72.0, 700.0), (72.0, 574.0)],
    [(540.0, 700.0), (540.0, 574.0)],
]


def test_table_rules_are_not_a_figure(tmp_path: Path) -> None:
    assert not _check(_page_with_paths(tmp_path / "rules.pdf", RULES, fills=3))


def test_a_line_plot_is_a_figure(tmp_path: Path) -> None:
    plot = [[(100.0 + 20 * i, 300.0 + (37 * i) % 90) for i in range(15)]]
    assert _check(_page_with_paths(tmp_path / "plot.pdf", RULES + plot, fills=0))


def test_bars_are_a_figure_but_few_paths_are_not(tmp_path: Path) -> None:
    axes = [[(90.0, 90.0), (400.0, 90.0)], [(90.0, 90.0), (90.0, 300.0)]] * 2
    assert _check(_page_with_paths(tmp_path / "bars.pdf", axes, fills=8))
    slanted = [[(100.0, 100.0), (200.0, 180.0)]]
    assert not _check(_page_with_paths(tmp_path / "few.pdf", slanted, fills=0))
