"""Source labels: one function in platform words where evidence sits (page, slide, sheet and
rows, time span, section); the API sends it with citations and chunks and the UI shows it."""

from __future__ import annotations

from typing import Any

import pytest

from mmrag.platform.api.chunks import ChunkView as ApiChunkView
from mmrag.platform.models import (
    Answer,
    Chunk,
    Citation,
    ElementKind,
    Modality,
    Provenance,
    location_label,
)
from mmrag.ui.client import AnswerView, CitationView
from mmrag.ui.client import ChunkView as UiChunkView
from mmrag.ui.render import citation_label
from mmrag.ui.sections.library import where
from mmrag.ui.sections.reports import cell_citation

pytestmark = pytest.mark.unit

# (provenance fields, heading) -> expected location
CASES: list[tuple[dict[str, Any], str]] = [
    ({"page": 3}, "p.3"),
    ({"page": 3, "page_unit": "slide"}, "slide 3"),
    ({"page": 2, "page_unit": "sheet", "sheet": "Budget", "row_start": 12}, "sheet Budget, row 12"),
    (
        {"page": 2, "page_unit": "sheet", "sheet": "Q3 Budget", "row_start": 2, "row_end": 9},
        "sheet Q3 Budget, rows 2-9",
    ),
    ({"page": 4, "page_unit": "sheet"}, "sheet 4"),  # a sheet without a name: its number
    ({"page_unit": "sheet", "sheet": "Crew"}, "sheet Crew"),
    ({"row_start": 7, "row_end": 7}, "row 7"),  # CSV rows
    ({"t_start": 62.0, "t_end": 75.0}, "01:02-01:15"),
    ({"t_start": 3725.0}, "1:02:05"),
    ({"heading": "Staffing plan"}, "§ Staffing plan"),  # DOCX/Markdown section
    ({"page": 1, "heading": "Intro"}, "p.1"),  # a page wins over the section in effect
    ({}, ""),
]


def _chunk(heading: str | None = None, **prov: Any) -> Chunk:
    return Chunk(
        id="c1",
        text="Spending was 4 units.",
        modality=Modality.TABLE,
        kind=ElementKind.TABLE,
        provenance=Provenance(source_id="s1", uri="upload://t/f", filename="f.xlsx", **prov),
        content_hash="h",
        heading=heading,
    )


@pytest.mark.parametrize(("fields", "expected"), CASES)
def test_location_names_slides_sheets_rows_times_and_sections(
    fields: dict[str, Any], expected: str
) -> None:
    assert location_label(**fields) == expected


@pytest.mark.parametrize(("fields", "expected"), CASES)
def test_api_citations_carry_the_location_the_ui_shows(
    fields: dict[str, Any], expected: str
) -> None:
    prov = {k: v for k, v in fields.items() if k != "heading"}
    citation = Citation.from_chunk(_chunk(fields.get("heading"), **prov), score=0.5)
    body = Answer(answer="x [1]", found=True, citations=[citation]).model_dump_json()
    view = AnswerView.model_validate_json(body).citations[0]
    assert view.location == expected
    assert citation_label(view.file, view.location) == citation.label()
    assert citation.label() == ("f.xlsx " + expected).strip()
    # What the UI needs beside the label travels too (e.g. to open the right sheet).
    assert (view.page_unit, view.sheet, view.row_start) == (
        fields.get("page_unit"),
        fields.get("sheet"),
        fields.get("row_start"),
    )


def test_a_stored_answer_reads_back_with_its_location() -> None:
    """Thread turns are stored as Answer JSON (location included) and validated on read."""
    citation = Citation.from_chunk(_chunk(page=5, page_unit="slide"), score=1.0)
    stored = Answer(answer="a", found=True, citations=[citation]).model_dump_json()
    again = Answer.model_validate_json(stored)
    assert again.citations[0].location == "slide 5"
    assert again.citations[0].model_dump()["location"] == "slide 5"


def test_chunk_views_say_where_with_box_and_section() -> None:
    sheet = _chunk(page=1, page_unit="sheet", sheet="Budget", row_start=12, row_end=14)
    view = UiChunkView.model_validate_json(ApiChunkView.of(sheet).model_dump_json())
    assert where(view) == "sheet Budget, rows 12-14"
    slide = _chunk("Results", page=2, page_unit="slide", bbox=(10.0, 20.4, 300.0, 80.6))
    view = UiChunkView.model_validate_json(ApiChunkView.of(slide).model_dump_json())
    assert where(view) == "slide 2 · box 10,20-300,81 pt · § Results"
    section = UiChunkView.model_validate_json(ApiChunkView.of(_chunk("Staffing")).model_dump_json())
    assert where(section) == "§ Staffing"  # the section is said once


def test_report_cells_label_their_citation() -> None:
    citation = Citation.from_chunk(
        _chunk(page=2, page_unit="sheet", sheet="Fleet", row_start=4), score=1.0
    )
    cell = {"value": 4, "citation": citation.model_dump(mode="json")}
    assert cell_citation(cell) == "f.xlsx sheet Fleet, row 4"
    assert cell_citation({"value": 4}) == ""


def test_ui_label_without_a_location_is_the_file() -> None:
    assert citation_label("notes.txt", "") == "notes.txt"
    assert citation_label("deck.pptx", " slide  3 ") == "deck.pptx slide 3"
    assert CitationView(file="a.pdf", source_id="s").location == ""
