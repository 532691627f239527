"""Evidence units: the names a document is known by (file name, headings, first-page title)."""

from __future__ import annotations

import pytest

from mmrag.agents.answering.units import document_names, title_lines
from mmrag.platform.models import ElementKind, Modality
from mmrag.platform.sparse import tokenize
from tests.evidence import chunk

pytestmark = pytest.mark.unit


def test_a_title_page_gives_its_title_lines_not_its_drop_cap_or_prose() -> None:
    page = (
        "Q\n\nR\n\nTide Tables of the Wenlow Estuary\n\nObserver's Handbook\n\nEdition 3\n\n(May)"
    )
    assert title_lines(page) == [
        "Tide Tables of the Wenlow Estuary",
        "Observer's Handbook",
        "Edition 3",
    ]
    prose = "The observers read the gauge at every high water. " * 4
    assert title_lines(f"{prose}\nShort line after prose") == []


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
