"""Evidence units: the names a document is known by (file name, headings, first-page title)."""

from __future__ import annotations

import pytest

from mmrag.agents.answering.question import analyse
from mmrag.agents.answering.scoring import covered, missing_terms
from mmrag.agents.answering.units import (
    document_names,
    document_scopes,
    person_keys,
    title_lines,
    units_of,
)
from mmrag.platform.models import OPENING, ElementKind, Modality
from mmrag.platform.sparse import tokenize
from tests.evidence import chunk, hit

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


def test_a_letters_opening_scopes_its_body_by_addressee_and_by_title_or_initial() -> None:
    opening = chunk(
        "Harrow & Pike Lettings\nDear Ms Quarrie,\nYour deposit is ready.", name="letter.pdf"
    )
    opening.extra[OPENING] = True
    body = chunk("The cleaning charge was 80.00 pounds.", name="letter.pdf", page=2)
    scopes = document_scopes([body, opening])[body.provenance.source_id]
    assert {"quarri", "~quarrie"} <= scopes  # stemmed words and the person by title
    assert document_scopes([body]) == {}  # no opening among the chunks: nothing scopes
    assert person_keys("Signed: J. Okafor for Mr T. Lund") == {"j~okafor", "t~lund", "~lund"}


def test_a_given_name_is_found_through_its_family_name_only_for_a_person() -> None:
    unit_hits = [hit("Returned to Ms P. Quarrie: 1,238.00 pounds.", name="letter.pdf")]
    units = units_of(unit_hits)
    question = analyse("How much of Nadia Quarrie's deposit was returned?")
    assert question.names == ["nadia quarrie"]
    assert missing_terms(question, units[0], 0.8) == []  # "Ms P. Quarrie": a title is enough
    stranger = units_of([hit("Returned to Ms P. Anand: 1,238.00 pounds.", name="letter.pdf")])
    assert set(missing_terms(question, stranger[0], 0.8)) == set(tokenize("Nadia Quarrie"))
    firm = analyse("What did Westfield Mutual pay?")
    firm_units = units_of([hit("Eastfield Mutual paid 300 pounds.", name="claim.pdf")])
    assert "westfield" in missing_terms(firm, firm_units[0], 0.8)
    other = units_of([hit("Returned to Dr Quarrie's brother: 90 pounds.", name="x.pdf")])
    assert missing_terms(analyse("What did Nadia Quarrie's firm pay?"), other[0], 0.8) == []


def test_an_organisations_legal_form_is_found_when_the_rest_of_its_name_is() -> None:
    question = analyse("When will Harrow Clock Services collect the clock?")
    found = units_of([hit("Harrow Clock will collect it on 3 May.", name="mail.eml")])
    assert missing_terms(question, found[0], 0.8) == []
    other = units_of([hit("Tamworth Clock will collect it on 3 May.", name="mail.eml")])
    assert missing_terms(question, other[0], 0.8) == ["harrow", "servic"]  # another firm
