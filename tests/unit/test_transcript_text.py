"""How a recognised segment's text is cleaned before it becomes a transcript element."""

from __future__ import annotations

import pytest

from mmrag.ingestion.media.audio import AudioOptions, clean_transcript


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("the club has 300 and 40 members", "the club has 340 members"),
        ("founded in 2,000 and 9.", "founded in 2009."),
        ("it cost 1,200 and 12 pounds", "it cost 1212 pounds"),
        ("the camp costs 100, and 85 pounds per scout", "the camp costs 185 pounds per scout"),
        ("opens at 830.", "opens at 8:30."),
        ("a ticket is 9 pounds 50 a head", "a ticket is £9.50 a head"),
        ("it came to 12 pounds and 5 pence.", "it came to £12.05."),
        ("3 dollars and 99 cents", "$3.99"),
        ("4 euros 20", "€4.20"),
        ("  two   spaces  ", "two spaces"),
    ],
)
def test_spoken_numbers_and_times_are_written_as_numbers(heard: str, written: str) -> None:
    assert clean_transcript(heard, AudioOptions()) == written


@pytest.mark.parametrize(
    "said",
    [
        "between 100 and 200 people",  # two numbers, not one
        "1,000 and 500 tickets",  # the second is not below a hundred
        "rows 7 and 9",  # no round hundred
        "50 and 5",
        "100 and 20%",  # a share is its own number
        "300 and 4.5 km",
        "between 5 pounds and 10 pounds",  # two amounts
        "we sold 100, and 85 were returned",  # a comma: two numbers unless money follows
        "the 20 pounds 2024 fund",  # a year is not pence
        "it cost £9 50 times",
    ],
)
def test_pairs_that_are_two_numbers_stay(said: str) -> None:
    assert clean_transcript(said, AudioOptions()) == said


def test_normalisation_can_be_switched_off() -> None:
    options = AudioOptions(normalize_numbers=False, normalize_times=False)
    assert clean_transcript("300 and 40 at 830.", options) == "300 and 40 at 830."
