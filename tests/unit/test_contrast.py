"""Answers about a neighbour: another period than the one asked, a row the question does not pick."""

from __future__ import annotations

import pytest

from mmrag.agents.answering.contrast import clashing_period, neighbour_problem, periods
from mmrag.agents.answering.extractive import extractive_answer
from mmrag.agents.answering.generative import Outcome, generate_answer, generation_outcome
from mmrag.agents.answering.question import analyse
from mmrag.agents.answering.scoring import names_item
from mmrag.agents.answering.units import Unit, UnitKind, split_hit
from mmrag.platform.models import Chunk, ElementKind, Modality, Provenance, SearchHit, stable_id
from tests.evidence import ScriptedModel, hit

pytestmark = pytest.mark.unit


def _units(text: str, kind: ElementKind = ElementKind.TEXT) -> list[Unit]:
    prov = Provenance(source_id="s", uri="/d/f.pdf", filename="f.pdf", page=1)
    modality = Modality.TABLE if kind is ElementKind.TABLE else Modality.TEXT
    chunk = Chunk(
        id=stable_id(text),
        text=text,
        modality=modality,
        kind=kind,
        provenance=prov,
        content_hash="h",
    )
    return split_hit(chunk, 0)


def test_periods_of_each_kind_and_may_the_verb_is_no_month() -> None:
    found = periods("In the second half (H2) of the third quarter, on Friday 3 May, it may rain")
    assert found == {"half": {"h2"}, "quarter": {"q3"}, "weekday": {"fri"}, "month": {"may"}}
    assert periods("Sales in 2024 and 2025") == {}
    assert periods("Sales in 2024 and 2025", years=True) == {"year": {"2024", "2025"}}


def test_a_season_of_two_years_names_both() -> None:
    assert periods("Visitors (2024-25)", years=True) == {"year": {"2024", "2025"}}
    assert periods("Season 2019/2020", years=True) == {"year": {"2019", "2020"}}
    assert periods("Members 1999-00", years=True) == {"year": {"1999", "2000"}}


def test_a_label_that_is_a_range_of_months_is_named_by_that_range() -> None:
    asked = analyse("How many visitors came from October to December 2024?")
    assert names_item("Bar values (2024-25): Oct-Dec 268", asked)
    assert not names_item("Bar values (2025-26): Oct-Dec 311", asked)  # another season
    assert not names_item("Bar values (2024-25): Jan-Mar 241", asked)
    assert not names_item("Bar values (2024-25): Oct-Nov 190", asked)  # not the same months


def test_a_chart_with_no_title_line_is_split_by_its_reading_lines_only() -> None:
    text = "Bar values (2024): Mon 12; Tue 9\nBar values (2025): Mon 14; Tue 7"
    units = _units(text, ElementKind.CHART)
    assert units[0].kind is UnitKind.CHART  # the whole chart, not a reading of mixed series
    readings = [u.text for u in units if u.kind is UnitKind.READING]
    assert "Bar values (2024): Tue 9" in readings and "Bar values (2025): Tue 7" in readings
    assert not any("2024" in r and "14" in r for r in readings)


def test_a_range_of_months_names_every_month_in_it() -> None:
    assert periods("Loans, Oct-Dec 2025")["month"] == {"oct", "nov", "dec"}
    assert periods("open from November to February")["month"] == {"nov", "dec", "jan", "feb"}
    assert periods("between March and May")["month"] == {"mar", "apr", "may"}
    series = {"month": {"apr", "may", "jun", "jul", "aug", "sep"}}
    assert clashing_period(periods("in July"), periods("Repairs (Apr-Sep 2024)")) == ""
    assert clashing_period(periods("in October"), series) == "apr/aug/jul/jun/may/sep, not oct"


PROSE = (
    "Revenue for the six months to 30 June 2025 was £3,418,000, up 12.4% on the first half "
    "of 2024 (£3,041,000)."
)


def test_a_value_stated_for_another_half_year_does_not_answer() -> None:
    unit = _units(PROSE)[0]
    asked = analyse("What was the revenue in the second half of 2024?")
    assert "h1, not h2" in neighbour_problem(asked, "£3,041,000 [1]", unit, [unit])
    same = analyse("What was the revenue in the first half of 2024?")
    assert neighbour_problem(same, "£3,041,000 [1]", unit, [unit]) == ""
    unsaid = analyse("What was the revenue in 2025?")  # prose leaves the year unsaid: no check
    assert neighbour_problem(unsaid, "£3,418,000 [1]", unit, [unit]) == ""


TABLE = (
    "Staff by team\n"
    "Packing | 30 June 2024: 14; 30 June 2025: 19\n"
    "Bicycle mileage | Rate: 20p per mile; Receipt: no\n"
    "Car mileage | Rate: 42p per mile; Receipt: no\n"
    "Hotel stay | Rate: up to £120 per night; Receipt: yes"
)


def test_a_cell_under_another_years_column_does_not_answer() -> None:
    units = _units(TABLE, ElementKind.TABLE)
    row = next(u for u in units if u.text.startswith("Packing"))
    asked = analyse("How many people worked in packing on 30 June 2025?")
    assert "2024, not 2025" in neighbour_problem(asked, "14 [1]", row, units)
    assert neighbour_problem(asked, "19 [1]", row, units) == ""


def test_a_row_named_only_by_words_other_rows_share_is_not_picked() -> None:
    units = _units(TABLE, ElementKind.TABLE)
    bicycle = next(u for u in units if u.text.startswith("Bicycle"))
    assert bicycle.kind is UnitKind.ROW
    motorcycle = analyse("What mileage rate is paid for journeys by motorcycle?")
    assert "bicycl" in neighbour_problem(motorcycle, "20p per mile [1]", bicycle, units)
    named = analyse("What is the bicycle mileage rate?")
    assert neighbour_problem(named, "20p per mile [1]", bicycle, units) == ""
    by_value = analyse("Which mileage is paid at 20p per mile?")  # the key is the answer
    assert neighbour_problem(by_value, "Bicycle mileage [1]", bicycle, units) == ""


def test_the_extractive_answerer_refuses_a_row_the_question_does_not_pick() -> None:
    prov = Provenance(source_id="s", uri="/d/f.pdf", filename="f.pdf", page=1)
    chunk = Chunk(
        id=stable_id(TABLE),
        text=TABLE,
        modality=Modality.TABLE,
        kind=ElementKind.TABLE,
        provenance=prov,
        content_hash="h",
    )
    hits = [SearchHit(chunk=chunk, score=1.0)]
    motorcycle = extractive_answer("What mileage rate is paid for journeys by motorcycle?", hits)
    assert not motorcycle.found
    assert extractive_answer("What is the car mileage rate?", hits).answer == (
        "Car mileage | Rate: 42p per mile"
    )


def test_a_chart_reading_of_another_years_series_does_not_answer() -> None:
    units = _units(
        "Coffee roasted per month (tonnes)\n"
        "Bar values (H1 2024): Jan 25.1; May 30.9\n"
        "Bar values (H1 2025): Jan 28.0; May 38.7",
        ElementKind.CHART,
    )
    may_2024 = next(u for u in units if u.text == "Bar values (H1 2024): May 30.9")
    may_2025 = next(u for u in units if u.text == "Bar values (H1 2025): May 38.7")
    asked = analyse("How many tonnes of coffee were roasted in May 2025?")
    assert "2024, not 2025" in neighbour_problem(asked, "30.9 tonnes [1]", may_2024, units)
    assert neighbour_problem(asked, "38.7 tonnes [1]", may_2025, units) == ""


def test_a_models_answer_from_a_row_the_question_does_not_pick_is_refused() -> None:
    table = hit(TABLE, ElementKind.TABLE, Modality.TABLE, "expenses.pdf", page=1)
    asked = "What mileage rate is paid for journeys by motorcycle?"
    answer = generate_answer(asked, [table], ScriptedModel("20p per mile [1]"), "local")
    assert not answer.found and generation_outcome(answer) is Outcome.UNSCOPED
    named = "What is the bicycle mileage rate?"
    answer = generate_answer(named, [table], ScriptedModel("20p per mile [1]"), "local")
    assert answer.found and "20p per mile" in answer.answer
