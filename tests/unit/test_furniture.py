"""Running heads, running feet and page numbers are dropped; content in the margins stays."""

from __future__ import annotations

import pytest

from mmrag.ingestion.pdf.furniture import drop_furniture
from mmrag.platform.models import Element, ElementKind, Modality, Provenance

pytestmark = pytest.mark.unit

HEIGHT = 800.0


def _line(text: str, page: int, top: float, kind: ElementKind = ElementKind.TEXT) -> Element:
    prov = Provenance(
        source_id="s",
        uri="/d/bus_review.pdf",
        filename="bus_review.pdf",
        page=page,
        bbox=(70.0, top, 500.0, top + 12.0),
        page_width=600.0,
        page_height=HEIGHT,
    )
    return Element(kind=kind, modality=Modality.TEXT, text=text, provenance=prov, method="test")


def _document(pages: int) -> list[Element]:
    elements: list[Element] = []
    for page in range(1, pages + 1):
        head = "Tarnby Buses: Annual Review" if page % 2 else "Operations and fleet"
        elements += [
            _line(head, page, 40.0),
            _line(f"Journeys on page {page} rose by {page * 3} percent.", page, 300.0),
            _line(f"Tarnby Buses 2022 - page {page} of {pages}", page, 760.0),
        ]
    return elements


def test_running_heads_feet_and_page_numbers_are_dropped() -> None:
    elements = [*_document(8), _line("14", 3, 30.0), _line("Page 9", 4, 770.0)]
    kept = [e.text for e in drop_furniture(elements)]
    assert kept == [f"Journeys on page {p} rose by {p * 3} percent." for p in range(1, 9)]


def test_a_line_in_the_margin_of_a_few_pages_only_is_content() -> None:
    elements = [*_document(8), _line("3. Depot renewal", 5, 35.0, ElementKind.TITLE)]
    kept = [e.text for e in drop_furniture(elements)]
    assert "3. Depot renewal" in kept


def test_body_text_that_repeats_is_kept() -> None:
    elements = [_line("Journeys were cancelled in heavy snow.", p, 400.0) for p in range(1, 6)]
    assert len(drop_furniture(elements)) == 5


def test_a_short_document_keeps_its_heads_but_not_its_page_numbers() -> None:
    elements = _document(2)
    kept = [e.text for e in drop_furniture([*elements, _line("2", 2, 775.0)])]
    assert "Tarnby Buses: Annual Review" in kept and "2" not in kept
