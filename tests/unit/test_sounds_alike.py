"""Which recogniser spellings of a spoken name count as the name (speech evidence only)."""

from __future__ import annotations

import pytest

from mmrag.agents.answering.scoring import sound_key, sounds_alike, sounds_like


def test_sound_key_merges_the_consonants_a_recogniser_confuses() -> None:
    assert sound_key("Brackenford") == sound_key("blackunford") == "prknfrt"
    assert sound_key("Gorsey") == sound_key("coursey")
    assert sound_key("Philby") == sound_key("filpy")
    assert sound_key("Ceres") == "srs"  # a soft c is an s


@pytest.mark.parametrize(
    ("name", "heard"),
    [
        ("ridgelin", "ridgelight"),  # the end of a split name misheard
        ("gorsey", "coursey"),
        ("brackenford", "blackunford"),
        ("calderbank", "coldomank"),
        ("castellan", "casselin"),
    ],
)
def test_names_a_recogniser_could_have_written(name: str, heard: str) -> None:
    assert sounds_alike(name, heard)


@pytest.mark.parametrize(
    ("name", "heard"),
    [
        ("dunmarra", "dinner"),  # same consonants, too different a spelling
        ("tarrow", "barrow"),  # too few consonants to tell
        ("ashby", "ashton"),
        ("harbour", "2024"),
        ("brackenford", "brackenfordshire"),  # length too different
    ],
)
def test_other_words_are_not_the_name(name: str, heard: str) -> None:
    assert not sounds_alike(name, heard)


def test_a_multi_word_name_may_start_with_a_confused_consonant() -> None:
    assert sounds_like(["pell", "street"], ["bell", "street"], 0.75)  # p / b
    assert sounds_like(["alder", "creek"], ["all", "the", "creek"], 0.75)
    assert not sounds_like(["pell", "street"], ["tell", "street"], 0.75)
    assert not sounds_like(["stonegate", "dam"], ["stonegate", "pump"], 0.75)
