"""Question analysis: specific terms, document words, answer types, superlatives."""

from __future__ import annotations

import pytest

from mmrag.agents.answering.question import (
    analyse,
    document_name_terms,
    document_words,
    initialisms,
    name_phrases,
    specific_terms,
    superlative,
)
from mmrag.platform.sparse import stem

pytestmark = pytest.mark.unit


def test_specific_terms_are_numbers_names_and_identifiers() -> None:
    assert specific_terms("How many seats did the 2031 ferry Marigold have?") == [
        "2031",
        stem("marigold"),
    ]
    # a structure word's number is structure; the first word is no name
    assert specific_terms("Which Table 4 cell holds the fooBar:bazQux key?") == [
        stem("foobar"),
        stem("bazqux"),
    ]


def test_document_words_name_the_document_not_the_passage() -> None:
    assert document_words("In the Harlan field guide, what eats moss?") == {
        stem("harlan"),
        stem("field"),
    }
    assert stem("rivet") in document_words("In the chapter on rivets, what size is used?")
    assert document_words("What eats moss?") == set()


def test_answer_types_and_superlatives() -> None:
    assert [t.name for t in analyse("Who repaired the gate?").types] == ["name"]
    assert [t.name for t in analyse("Who paid for the new gate?").types] == ["name"]  # not money
    assert [t.name for t in analyse("In which year did the mill close?").types] == ["year"]
    assert analyse("How many crates were sold?").numeric
    assert superlative("Which pond is the deepest?") == "max"
    assert superlative("the coldest week") == "min"
    assert superlative("How far is it to Harrow Top?") is None  # a name, not a superlative
    assert name_phrases("Where is the Sable Mill weir?") == ["sable mill"]


def test_an_ordinal_is_its_number() -> None:
    """ "12th" must be found as 12 (a rank column), "th" is no term to look for."""
    q = analyse("Which team finished 12th, and who came 2nd on Mill St?")
    assert q.specific == ["12", "2", "mill"]
    assert "th" not in q.terms and "nd" not in q.terms and "st" in q.terms


def test_a_name_of_three_words_or_more_gives_its_initials() -> None:
    assert "amc" in document_name_terms("auto-multiple-choice-manual.pdf")
    assert "amcm" in document_name_terms("auto-multiple-choice-manual.pdf")
    assert "dhsc" in initialisms("Department of Health and Social Care")
    assert initialisms("Annual Report") == set()  # two words: no initials
    assert not any(len(i) > 5 for i in initialisms("one two three four five six seven"))


def test_a_year_month_in_a_file_name_names_its_month() -> None:
    assert {"june", "2025"} <= document_name_terms("harbour_orders_2025-06.csv")
    assert "march" in document_name_terms("ops_call_2024-03-18.mp3")
    assert "june" not in document_name_terms("batch_2025-13_notes.txt")  # no 13th month
