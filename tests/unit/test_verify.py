"""Verification of generated answers against the units they cite (synthetic text)."""

from __future__ import annotations

import pytest

from mmrag.agents.answering.verify import (
    names_in,
    numbers_in,
    split_claims,
    spoken_days,
    verify_answer,
    word_numbers,
)

pytestmark = pytest.mark.unit

UNITS = {
    1: "Northwick Gardens | Visitors: 12,480; Staff: 31",
    2: "The orchard was replanted by Amara Osei in 2019 after the storm.",
    3: "Pump station B runs at 4.50 bar during the night shift.",
}


def test_supported_number_and_name_stand() -> None:
    result = verify_answer("Northwick Gardens had 12480 visitors [1].", UNITS, "How many visitors?")
    assert result.found
    assert result.cited == [1]
    assert result.text == "Northwick Gardens had 12480 visitors [1]."


def test_number_not_in_cited_unit_is_refused() -> None:
    result = verify_answer("Northwick Gardens had 13,000 visitors [1].", UNITS, "How many?")
    assert not result.found
    assert "13000" in result.reason


def test_a_claim_citing_the_wrong_unit_moves_to_the_unit_that_supports_it() -> None:
    result = verify_answer("The orchard was replanted in 2019 [3].", UNITS, "When replanted?")
    assert result.found and result.cited == [2]
    assert result.text == "The orchard was replanted in 2019 [1]."
    # ... but only to a unit that supports all of it
    assert not verify_answer("The orchard was replanted in 2020 [3].", UNITS, "When?").found


def test_name_must_occur_in_cited_unit() -> None:
    result = verify_answer("It was replanted by Kofi Mensah [2].", UNITS, "Who replanted it?")
    assert not result.found
    assert "Kofi" in result.reason


def test_world_knowledge_answer_is_refused() -> None:
    # Nothing in the claim but the question's own words and outside knowledge.
    result = verify_answer(
        "The capital is a large city [2].", UNITS, "What is the capital of the region?"
    )
    assert not result.found
    assert "shares no content" in result.reason


def test_one_unsupported_claim_of_two_is_dropped() -> None:
    reply = "Pump station B runs at 4.5 bar [3] and it was built in 1987 [2]."
    result = verify_answer(reply, UNITS, "At what pressure does pump station B run?")
    assert result.found
    assert result.text == "Pump station B runs at 4.5 bar [1]."
    assert result.cited == [3]
    assert [c.problem for c in result.dropped] == ["number not in its evidence: 1987"]


def test_marks_are_renumbered_in_citation_order() -> None:
    reply = "Amara Osei replanted the orchard [2]; the station runs at 4.5 bar [3]."
    result = verify_answer(reply, UNITS, "Who and what pressure?")
    assert result.cited == [2, 3]
    assert result.text.endswith("[2].") and "[1]" in result.text


def test_not_found_and_uncited_replies_are_refusals() -> None:
    assert not verify_answer("NOT_FOUND", UNITS, "Anything?").found
    assert not verify_answer("Northwick Gardens had 12480 visitors.", UNITS, "How many?").found
    assert not verify_answer("Northwick Gardens had 12480 visitors [7].", UNITS, "?").found


def test_marks_outside_the_prompt_are_dropped_and_mark_lists_count() -> None:
    reply = "Amara Osei replanted the orchard [2, 9]. It was sunny every day. See also [8]."
    result = verify_answer(reply, UNITS, "Who replanted the orchard?")
    assert result.cited == [2]
    assert result.text == "Amara Osei replanted the orchard [1]."
    [dropped] = result.dropped  # the run up to the invalid mark [8] is one claim
    assert dropped.text.startswith("It was sunny") and dropped.problem == "cites no evidence"


def test_number_normalisation() -> None:
    assert numbers_in("12,480 people, 4.50 bar, 07 May, 5km") == {"12480", "4.5", "7", "5"}
    assert numbers_in("1 234") == {"1", "234"}


def test_names_skip_function_words() -> None:
    assert names_in("The station in Northwick was run by NHS staff.") == ["Northwick", "NHS"]


def test_split_claims_attaches_trailing_marks() -> None:
    claims = split_claims("A value of 3 [1] [2], then 4 [3]. Done", {1, 2, 3})
    assert [(c.text, c.cited) for c in claims] == [
        ("A value of 3", [1, 2]),
        ("then 4", [3]),
        ("Done", []),
    ]


def test_parenthesised_citations_count_as_marks() -> None:
    result = verify_answer("Amara Osei (from evidence 2)", UNITS, "Who replanted the orchard?")
    assert result.found and result.cited == [2]
    assert result.text == "Amara Osei [1]."
    assert verify_answer("Staff: 31 (1) [1].", UNITS, "How many staff?").found
    # a parenthesised number that is no evidence id stays content (and must be supported)
    assert not verify_answer("Staff: 31 (12) [1].", UNITS, "How many staff?").found


def test_numbers_in_words_and_digits_are_the_same_number() -> None:
    assert numbers_in("it took ten yoke of oxen") == {"10"}
    assert numbers_in("one hundred and twelve complaints") == {"112"}
    assert numbers_in("forty-two days") == {"42"}
    assert "50000" in numbers_in("fifty thousand men") & numbers_in("50 thousand men")
    assert {"19", "28", "1928"} <= numbers_in("laid in nineteen twenty eight")
    units = {1: "The guns took ten yoke of oxen to haul."}
    assert verify_answer("10 yoke of oxen [1]", units, "How many yoke of oxen?").found
    assert not verify_answer("12 yoke of oxen [1]", units, "How many yoke of oxen?").found
    spelled = {1: "They say a general is coming with forty thousand men."}
    assert verify_answer("40 thousand men [1]", spelled, "How many men?").found
    assert not verify_answer("40 men [1]", spelled, "How many men?").found


@pytest.mark.parametrize(
    ("claim", "evidence", "supported"),
    [
        ("The call moves to 8:30 [1]", "next week's call moves to Tuesday at 8.30.", True),
        ("The call is at 8.30 [1]", "The call is at 8:30 on Tuesday.", True),
        ("The call moves to 9:30 [1]", "next week's call moves to Tuesday at 8.30.", False),
        ("The call moves to 8:45 [1]", "next week's call moves to Tuesday at 8.30.", False),
        ("The level was 8.3 metres [1]", "The level rose to 8.30 metres.", True),
        ("It weighed 48.25 kg [1]", "It weighed 48.250 kg.", True),
    ],
)
def test_a_time_of_day_may_be_written_with_a_colon_or_a_dot(
    claim: str, evidence: str, supported: bool
) -> None:
    assert verify_answer(claim, {1: evidence}).found is supported


def test_spoken_digits_and_a_hundred_are_numbers() -> None:
    """A recogniser writes what it hears: "extension two two seven", "a hundred and twelve"."""
    assert 227 in word_numbers("You can reach him on extension two two seven.")
    assert 402 in word_numbers("The kit is in room four oh two.")
    assert 112 in word_numbers("It's a hundred and twelve for the breakfast")
    assert 152 in word_numbers("so a hundred and fifty two in total")
    assert 1928 in word_numbers("built in nineteen twenty eight")  # still a year
    assert word_numbers("forty-two") == [42]
    units = {1: "The manager is on extension two two seven. I'll text you his mobile."}
    assert verify_answer("Extension 227 [1]", units).found
    assert not verify_answer("Extension 272 [1]", units).found


def test_a_spoken_day_of_the_month_is_its_number() -> None:
    heard = "Can we make the refresher compulsory from the first on October? Yes."
    assert verify_answer("From 1 October [1]", {1: heard}).found
    assert spoken_days("on the twenty-first of May, or March the third") == [21.0, 3.0]
    assert spoken_days("the first aider and a second opinion") == []


def test_a_name_is_supported_by_its_plural() -> None:
    units = {1: "The library is closed on Mondays and bank holidays."}
    assert verify_answer("Monday [1]", units, "Which day is it closed?").found
    assert not verify_answer("Tuesday [1]", units, "Which day is it closed?").found
