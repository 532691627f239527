"""Evidence units: the names a document is known by (file name, headings, first-page title)."""

from __future__ import annotations

import pytest

from mmrag.agents.answering.scoring import covered
from mmrag.agents.answering.units import document_names, title_lines
from mmrag.platform.models import ElementKind, Modality
from mmrag.platform.sparse import tokenize
from tests.evidence import chunk

pytestmark = pytest.mark.unit


def test_a_title_page_gives_its_title_line_not_a_drop_cap_or_prose() -> None:
    page = "Q\n\nR\n\nTide Tables of the Wenlow Estuary\n\nObserver's Handbook\n\nEdition 3"
    assert title_lines(page) == ["Tide Tables of the Wenlow Estuary"]
    assert title_lines(page, most=3) == [
        "Tide Tables of the Wenlow Estuary",
        "Observer's Handbook",
        "Edition 3",
    ]
    wrapped = "The observers read the gauge at every high water and wrote the level down. The"
    assert title_lines(f"{wrapped}\nnext line") == []  # a hard-wrapped prose line is no title


def test_every_chunk_of_a_document_is_known_by_its_title_page() -> None:
    cover = chunk(
        "Q\n\nTide Tables of the Wenlow Estuary\n\nObserver's Handbook",
        ElementKind.TEXT,
        Modality.TEXT,
        "handbook.pdf",
        page=1,
    )
    deep = chunk("Read the gauge at high water.", name="handbook.pdf", page=40)
    names = document_names([deep, cover])[deep.provenance.source_id]
    assert set(tokenize("Wenlow Estuary handbook")) <= names


def test_another_form_of_a_name_covers_it_but_a_neighbour_name_does_not() -> None:
    assert covered("ethiopian", {"ethiopia", "coffe"})  # the adjective, the country
    assert not covered("westfield", {"west", "plant"})  # a part of a name is not the name
    assert not covered("eastfield", {"westfield"})  # another place
    assert not covered("mill", {"mille"})  # short words must match exactly
