"""Extractive answers over made-up hits: the shortest span that answers, or a refusal.

Every passage, name and value here is invented for the behaviour it states.
"""

from __future__ import annotations

import pytest

from mmrag.agents.answering.extractive import (
    REFUSAL,
    ExtractiveOptions,
    answered_by_lookup,
    extractive_answer,
)
from mmrag.agents.answering.question import analyse
from mmrag.agents.answering.scoring import asked_extreme, names_item
from mmrag.platform import chart_text
from mmrag.platform.models import Chunk, ElementKind, Modality, Provenance, SearchHit, stable_id

pytestmark = pytest.mark.unit


def _chunk(
    text: str,
    *,
    kind: ElementKind = ElementKind.TEXT,
    modality: Modality = Modality.TEXT,
    filename: str = "quill_notes.pdf",
    page: int | None = 2,
    t: tuple[float, float] | None = None,
    heading: str | None = None,
) -> Chunk:
    prov = Provenance(
        source_id=stable_id(filename),
        uri=f"/data/{filename}",
        filename=filename,
        page=page,
        t_start=t[0] if t else None,
        t_end=t[1] if t else None,
    )
    return Chunk(
        id=stable_id(filename, page, t, text[:40]),
        text=text,
        modality=modality,
        kind=kind,
        provenance=prov,
        content_hash="h" + stable_id(filename)[:8],
        heading=heading,
    )


def _hits(*chunks: Chunk) -> list[SearchHit]:
    return [SearchHit(chunk=c, score=1.0 / (i + 1)) for i, c in enumerate(chunks)]


def _speech(text: str, t: tuple[float, float]) -> Chunk:
    return _chunk(
        text,
        kind=ElementKind.TRANSCRIPT,
        modality=Modality.AUDIO,
        filename="weekly_sync.mp3",
        page=None,
        t=t,
    )


#: One passage with a value of each answer type.
FACTS = _chunk(
    "The Quillon glasshouse opened in 1987 on the east bank. "
    "Its heating loop is 340 metres long and runs for 9 hours each night. "
    "The last refit cost £52,000 and was led by Odile Marchetti. "
    "About 18 percent of the panes are original. "
    "Tours start every Thursday in May.",
    heading="The Quillon glasshouse",
)


@pytest.mark.parametrize(
    ("question", "span"),
    [
        ("In which year did the Quillon glasshouse open?", "1987"),
        ("How long is the heating loop of the Quillon glasshouse?", "340 metres"),
        ("How many hours does the Quillon heating loop run each night?", "9 hours"),
        ("How much did the last Quillon refit cost?", "£52,000"),
        ("Who led the last refit of the Quillon glasshouse?", "Odile Marchetti"),
        ("What percentage of the Quillon panes are original?", "18 percent"),
    ],
)
def test_answer_is_the_value_of_the_asked_type(question: str, span: str) -> None:
    answer = extractive_answer(question, _hits(FACTS))
    assert answer.found, answer.trace
    assert answer.answer == span
    assert span in answer.quote and answer.quote in FACTS.text  # the sentence beside it
    assert [c.chunk_id for c in answer.citations] == [FACTS.id]


def test_a_value_in_the_next_sentence_answers_with_both_quoted() -> None:
    notes = _chunk(
        "The Brannock culvert under Sable Lane collapsed after the storm. "
        "It had been built in 1911 from brick.",
    )
    answer = extractive_answer("In what year was the Brannock culvert built?", _hits(notes))
    assert answer.found
    assert answer.answer == "1911"
    assert answer.quote.startswith("The Brannock culvert") and "1911" in answer.quote


SHELTERS = _chunk(
    "Shelter capacity, 2031\nEastfield | Beds: 140; Staff: 12\nNorthgate | Beds: 95; Staff: 8",
    kind=ElementKind.TABLE,
    modality=Modality.TABLE,
    filename="shelter_survey.pdf",
)


def test_a_table_cell_answers_with_its_row_and_column() -> None:
    answer = extractive_answer("How many beds does the Eastfield shelter have?", _hits(SHELTERS))
    assert answer.found
    assert answer.answer == "Eastfield | Beds: 140"
    assert answer.quote == "Eastfield | Beds: 140; Staff: 12"


def test_a_row_is_named_by_its_whole_header_in_order() -> None:
    effects = _chunk(
        "Effects on yield\ndose | Estimate: 1.20; p: 0.004\nsoil:dose | Estimate: 0.31; p: 0.410",
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
        filename="field_trial.pdf",
    )
    question = "For the soil and dose model of yield, what p is reported for dose?"
    answer = extractive_answer(question, _hits(effects))
    assert answer.found and answer.answer == "dose | p: 0.004"


def test_a_near_miss_name_is_another_name() -> None:
    answer = extractive_answer("How many beds does the Westfield shelter have?", _hits(SHELTERS))
    assert not answer.found
    assert answer.answer == REFUSAL and answer.citations == []


def test_words_that_name_the_document_match_its_title_not_the_passage() -> None:
    title = _chunk("Tarrow Handbook\nA guide for new volunteers", page=1)
    passage = _chunk(
        "Volunteers sign in at the north gate before each shift. "
        "Each shift lasts 4 hours including a short break.",
        page=3,
        filename="tarrow_handbook.pdf",
        heading="Shifts",
    )
    question = "According to the Tarrow handbook, how long does each volunteer shift last?"
    answer = extractive_answer(question, _hits(passage, title))
    assert answer.found, answer.trace
    assert answer.answer == "4 hours"
    chapter = extractive_answer(
        "In the Shifts chapter of the Tarrow handbook, how long does each shift last?",
        _hits(passage),
    )
    assert chapter.found and chapter.answer == "4 hours"
    # A name that is neither the document's nor the passage's is still required.
    other = extractive_answer(
        "According to the Pellham handbook, how long does each volunteer shift last?",
        _hits(passage),
    )
    assert not other.found


RAIN = _chunk(
    "Figure 2. Monthly snowfall at Corrie Top.\ncm\n40\n20\n"
    + chart_text.format_reading(
        chart_text.BAR_HEAD,
        ["Nov 31.5", "Dec 44.0", "Jan 12.2"],
        [(31.5, "Nov 31.5"), (44.0, "Dec 44.0"), (12.2, "Jan 12.2")],
    ),
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    filename="corrie_top_weather.pdf",
    page=4,
)


def test_a_chart_answers_with_one_reading_line_not_its_whole_text() -> None:
    most = extractive_answer("Which month had the most snowfall at Corrie Top?", _hits(RAIN))
    assert most.answer == "Highest: Dec 44.0"
    least = extractive_answer("Which month had the least snowfall at Corrie Top?", _hits(RAIN))
    assert least.answer == "Lowest: Jan 12.2"
    named = extractive_answer("How much snow fell at Corrie Top in November?", _hits(RAIN))
    assert named.answer == "Bar values: Nov 31.5"
    assert all(len(a.answer) < 40 and a.citations[0].chunk_id == RAIN.id for a in (most, named))


SNOW_BY_SLOPE = _chunk(
    "Figure 3. Snowfall by slope at Corrie Top.\n"
    + chart_text.format_reading(
        chart_text.series_head("North slope"),
        ["Nov 31", "Dec 20"],
        [(31.0, "Nov 31"), (20.0, "Dec 20")],
        of="North slope",
    )
    + "\n"
    + chart_text.format_reading(
        chart_text.STACKED_BAR_HEAD,
        ["Nov 40", "Dec 52"],
        [(40.0, "Nov 40"), (52.0, "Dec 52")],
    ),
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    filename="corrie_top_weather.pdf",
    page=5,
)


def test_a_series_extreme_answers_only_a_question_that_names_the_series() -> None:
    most = extractive_answer("Which month had the most snow at Corrie Top?", _hits(SNOW_BY_SLOPE))
    assert most.answer == "Highest: Dec 52"
    north = extractive_answer(
        "Which month had the most snow on the North slope at Corrie Top?", _hits(SNOW_BY_SLOPE)
    )
    assert north.answer == "Highest (North slope): Nov 31"
    whole, series = "Highest: Dec 52", "Highest (North slope): Nov 31"
    asked = analyse("Which month had the most snow at Corrie Top?")
    assert asked_extreme(asked, whole) and not asked_extreme(asked, series)
    named = analyse("Which month had the most snow on the North slope?")
    assert asked_extreme(named, series) and not asked_extreme(named, "Lowest (North slope): Dec 20")


LEVELS = _chunk(
    "Figure 6. Reservoir levels at Corrie Top, % full.\n"
    + chart_text.format_reading(
        chart_text.line_head("North basin"),
        ["2019 ≈51.2", "2020 ≈44", "2021 ≈57"],
        [(51.2, "2019 ≈51.2"), (44.0, "2020 ≈44"), (57.0, "2021 ≈57")],
        of="North basin",
    )
    + "\n"
    + chart_text.format_reading(
        chart_text.line_head("South basin"),
        ["2019 ≈38", "2020 ≈61", "2021 ≈49"],
        [(38.0, "2019 ≈38"), (61.0, "2020 ≈61"), (49.0, "2021 ≈49")],
        of="South basin",
    ),
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    filename="corrie_top_weather.pdf",
    page=6,
)


def test_a_line_chart_answers_like_a_bar_chart_by_series() -> None:
    named = extractive_answer(
        "What was the level of the North basin at Corrie Top in 2020?", _hits(LEVELS)
    )
    assert named.answer == "Line values (North basin): 2020 ≈44"
    south = extractive_answer(
        "Which year had the highest level in the South basin at Corrie Top?", _hits(LEVELS)
    )
    assert south.answer == "Highest (South basin): 2020 ≈61"
    asked = analyse("In which year was the North basin lowest?")
    assert asked_extreme(asked, "Lowest (North basin): 2020 ≈44")
    assert not asked_extreme(asked, "Lowest (South basin): 2019 ≈38")


def _harbour_chart(title: str) -> Chunk:
    return _chunk(
        f"{title}\n"
        + chart_text.format_reading(
            chart_text.BAR_HEAD, ["2022 14", "2023 29"], [(29.0, "2023 29"), (14.0, "2022 14")]
        ),
        kind=ElementKind.CHART,
        modality=Modality.CHART,
        filename="harbour_report.pdf",
        page=4,
    )


def test_a_bare_number_in_a_reading_is_a_share_only_when_the_chart_is_in_percent() -> None:
    question = "What percentage of Harbour berths were let to fishing boats in 2023?"
    counts = extractive_answer(question, _hits(_harbour_chart("Figure 2. Harbour berths let")))
    assert not answered_by_lookup(counts)  # 29 berths is not a percentage
    shares = _harbour_chart("Figure 2. Harbour berths let to fishing boats (% of all berths)")
    answer = extractive_answer(question, _hits(shares))
    assert answered_by_lookup(answer) and "29" in answer.answer


def test_an_extreme_at_a_time_does_not_answer_which_thing() -> None:
    by_year = "Highest: 2021 91"
    for asks_time in (
        "Which year had the most floods at Corrie Top?",
        "Which was the worst year for floods?",
        "In which month was the river highest?",
        "When were the floods highest?",
    ):
        assert asked_extreme(analyse(asks_time), by_year), asks_time
    asks_thing = analyse("Which valley accounted for the most floods in every year since 2019?")
    assert not asked_extreme(asks_thing, by_year)
    assert not asked_extreme(asks_thing, "Highest: Mar 52")
    assert asked_extreme(asks_thing, "Highest: Glen Esk 91")


def test_a_misheard_name_in_speech_matches_within_a_strict_bound() -> None:
    call = _speech(
        "Next item. The open day at ferny hollow is on Saturday at noon. "
        "Visitors park on the lower field.",
        (120.0, 145.0),
    )
    answer = extractive_answer("When is the open day at Fernyhollow?", _hits(call))
    assert answer.found, answer.trace
    assert answer.answer == "Saturday"
    assert answer.citations[0].t_start == 120.0
    # The same near spelling in a document is no match.
    doc = _chunk("The open day at Fernhollow is on Saturday at noon.")
    assert not extractive_answer("When is the open day at Fernyhollow?", _hits(doc)).found


def test_a_name_heard_with_confused_consonants_matches_in_speech_only() -> None:
    # "Gorsey" heard as "coursey" (g/c), "Brackenford" as "blackunford" (r/l).
    call = _speech(
        "Welcome to the coursey lane allotment meeting. The water charge will rise to "
        "42 pounds per plot, and the blackunford depot closes in June.",
        (30.0, 52.0),
    )
    answer = extractive_answer("What will the Gorsey Lane water charge rise to?", _hits(call))
    assert answer.found, answer.trace
    assert "42 pounds" in answer.answer
    doc = _chunk("The Coursey Lane water charge will rise to 42 pounds per plot.")
    assert not extractive_answer(
        "What will the Gorsey Lane water charge rise to?", _hits(doc)
    ).found


def test_absent_terms_refuse() -> None:
    answer = extractive_answer(
        "What is the phone extension of the Dunmore depot?", _hits(FACTS, SHELTERS)
    )
    assert not answer.found
    assert answer.trace[0]["reason"] == "specific terms missing"


def test_a_typed_question_without_such_a_value_refuses() -> None:
    answer = extractive_answer("Who designed the Quillon glasshouse heating loop?", _hits(FACTS))
    assert not answer.found  # the passage names no designer of the loop


def test_a_list_step_question_goes_through_the_relevance_floor() -> None:
    slide = _chunk(
        "Bread method\n1. Mix the flour\n2. Knead the dough\n3. Prove overnight\n4. Bake",
        kind=ElementKind.FRAME,
        modality=Modality.VIDEO,
        filename="bakery_intro.mp4",
        page=None,
        t=(10.0, 20.0),
    )
    question = "Which step comes after kneading the dough?"
    floor = ExtractiveOptions(min_relevance=0.99)
    refused = extractive_answer(question, _hits(slide), floor)
    assert not refused.found and refused.trace[0]["reason"] == "low relevance"
    assert refused.trace[0]["relevance"] < 0.99


def test_no_hits_refuse() -> None:
    assert not extractive_answer("Anything at all?", []).found


def test_long_untyped_answers_stay_within_the_budget() -> None:
    long = _chunk(
        "The Orrin archive keeps letters, ledgers, maps, photographs, seed catalogues, "
        "parish records, harbour logs, school registers, estate plans, shipping manifests, "
        "court rolls and tithe books, all catalogued by the volunteers of the Orrin society "
        "over three decades of weekend work in the old customs house."
    )
    answer = extractive_answer("What does the Orrin archive keep?", _hits(long))
    assert answer.found
    assert len(answer.answer) <= 200
    assert answer.quote == long.text


def test_value_with_a_unit_the_question_names_beats_a_bare_value_further_away() -> None:
    passage = (
        "Marlow Transit carried 12,480 riders in 2031, up from 11,020 the year before. "
        "Fares were unchanged."
    )
    result = extractive_answer(
        "How many riders did Marlow Transit carry in 2031?", _hits(_chunk(passage))
    )
    assert result.found
    assert "12,480" in result.answer and "11,020" not in result.answer


def test_a_name_the_document_is_named_by_scopes_all_of_it() -> None:
    """A report or a call about one site names it in its title or file name, not in the
    sentence that gives the value."""
    value = _chunk(
        "The replacement forklift will cost 8,200 pounds a month.",
        filename="harrowgate_depot_review.pdf",
        page=5,
    )
    question = "How much will the replacement forklift at Harrowgate cost per month?"
    answer = extractive_answer(question, _hits(value))
    assert answer.found, answer.trace
    assert "8,200" in answer.answer
    # A name that neither the document's names nor the passage give is still required.
    other = "How much will the replacement forklift at Dunmore cost per month?"
    assert not extractive_answer(other, _hits(value)).found


def test_a_column_that_holds_the_asked_kind_of_value_answers() -> None:
    storage = _chunk(
        "Reservoir storage, 2031\nBrookmere | Capacity: 4,100; Lowest, % full: 48.2; Intake: 310",
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
        filename="storage_review.pdf",
    )
    question = "At its low point, what percentage of its capacity did Brookmere hold?"
    answer = extractive_answer(question, _hits(storage))
    assert answer.found, answer.trace
    assert "48.2" in answer.answer and "310" not in answer.answer


SHARES = _chunk(
    "Figure 2. Visitors by ticket type, 2025.\n"
    + chart_text.format_reading(
        chart_text.SLICE_HEAD,
        ["Day pass 52.5%", "Season ticket 31.0%", "School group 16.5%"],
        [(52.5, "Day pass 52.5%"), (31.0, "Season ticket 31.0%"), (16.5, "School group 16.5%")],
    ),
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    filename="wyvern_gardens_review.pdf",
    page=2,
)


def test_a_pie_chart_answers_shares_and_extremes() -> None:
    share = extractive_answer(
        "What share of Wyvern Gardens visitors came on a season ticket?", _hits(SHARES)
    )
    assert share.answer == "Slice values: Season ticket 31.0%"
    least = extractive_answer(
        "Which ticket type brought the fewest visitors to Wyvern Gardens?", _hits(SHARES)
    )
    assert least.answer == "Lowest: School group 16.5%"


DEPOT_EXTREMES = _chunk(
    "Depots and their vans\n"
    + chart_text.extreme_lines(
        [(14.0, "Ashby 14"), (22.0, "Brayford 22"), (9.0, "Cotton End 9")], "Vans"
    )
    + "\n"
    + chart_text.extreme_lines(
        [(212.0, "Ashby 212"), (301.0, "Brayford 301"), (148.0, "Cotton End 148")], "Fuel £000"
    ),
    kind=ElementKind.TABLE,
    modality=Modality.TABLE,
    filename="depots.xlsx",
    page=None,
)


def test_a_tables_column_extremes_answer_which_row_is_highest_in_the_named_column() -> None:
    fuel = extractive_answer("Which depot spent the most on fuel?", _hits(DEPOT_EXTREMES))
    assert fuel.answer == "Highest (Fuel £000): Brayford 301"
    fewest = extractive_answer("Which depot has the fewest vans?", _hits(DEPOT_EXTREMES))
    assert fewest.answer == "Lowest (Vans): Cotton End 9"
    asked = analyse("Which depot has the most vans?")
    assert asked_extreme(asked, "Highest (Vans): Brayford 22")
    assert not asked_extreme(asked, "Highest (Fuel £000): Brayford 301")
    total = analyse("Which order had the highest total?")
    assert asked_extreme(total, "Highest (order total gbp): B-7 90.00")  # its unit aside
    assert not asked_extreme(total, "Highest (unit price gbp): B-2 24.00")


def test_a_tables_row_counts_answer_how_many_rows_hold_a_value() -> None:
    orders = _chunk(
        chart_text.values_line(chart_text.count_head("status"), ["Sent 24", "Held 2"]),
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
        filename="orders.csv",
        page=None,
    )
    held = extractive_answer("How many orders were held?", _hits(orders))
    assert held.answer == "Row counts (status): Held 2"


def test_a_columns_extreme_is_looked_up_only_for_the_measure_it_holds() -> None:
    bookings = _chunk(
        "Room bookings, March\n"
        + chart_text.extreme_lines([(2, "R-11 2"), (6, "R-14 6")], "players"),
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
        filename="bookings.csv",
        page=None,
    )
    fewest = extractive_answer("Which booking had the fewest players?", _hits(bookings))
    assert answered_by_lookup(fewest) and "R-11" in fewest.answer
    age = extractive_answer("What is the minimum age for players?", _hits(bookings))
    assert not answered_by_lookup(age)  # the lowest of "players" is no age
    assert analyse("Which ewe group had the highest lambing percentage?").measure == [
        "lamb",
        "percentag",
    ]
    assert analyse("Which month was busiest for court bookings?").measure == []


def test_a_series_named_by_its_period_in_other_words_answers_a_superlative() -> None:
    asked = analyse("In which month of the first half of 2025 did the mill grind most flour?")
    assert asked_extreme(asked, "Highest (H1 2025): Jun 40.5")
    assert not asked_extreme(asked, "Highest (H1 2024): May 30.9")
    assert asked_extreme(analyse("Which quarter of 2024 had the least rain?"), "Lowest: Q2 31")


MILL = _chunk(
    "Flour ground at the Arden mill per month (tonnes)\n"
    + chart_text.format_reading(
        chart_text.series_head("H1 2025"),
        ["Jan 32.6", "Jun 40.5"],
        [(32.6, "Jan 32.6"), (40.5, "Jun 40.5")],
        of="H1 2025",
    ),
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    filename="arden_report.pdf",
    page=3,
)
ORIGINS = _chunk(
    "Grain bought by origin (tonnes)\n"
    + chart_text.format_reading(
        chart_text.BAR_HEAD,
        ["Kent 38.5", "Essex 22.0"],
        [(38.5, "Kent 38.5"), (22.0, "Essex 22.0")],
    ),
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    filename="arden_report.pdf",
    page=3,
)


def test_a_which_month_superlative_takes_the_extreme_line_that_holds_a_month() -> None:
    answer = extractive_answer(
        "In which month of the first half of 2025 did the Arden mill grind the most flour?",
        _hits(ORIGINS, MILL),
    )
    assert answer.answer == "Highest (H1 2025): Jun 40.5"
    assert answered_by_lookup(answer)


def test_a_bar_of_another_years_series_is_not_the_item_a_question_names() -> None:
    roasted = _chunk(
        "Coffee roasted per month (tonnes)\n"
        + chart_text.values_line(chart_text.series_head("H1 2024"), ["Apr 30.4", "May 30.9"])
        + "\n"
        + chart_text.values_line(chart_text.series_head("H1 2025"), ["Apr 37.9", "May 38.7"]),
        kind=ElementKind.CHART,
        modality=Modality.CHART,
        filename="roastery.pdf",
        page=3,
    )
    asked = "How many tonnes of coffee were roasted in May 2025?"
    assert extractive_answer(asked, _hits(roasted)).answer == "Bar values (H1 2025): May 38.7"
    assert not names_item("Bar values (H1 2024): May 30.9", analyse(asked))
    assert names_item("Bar values (H1 2025): May 38.7", analyse(asked))
    assert names_item("Bar values (H1 2024): May 30.9", analyse("How much in May?"))
    ranked = analyse("Which oven was the second busiest from March to May 2025?")
    assert not names_item("Bar values (Mar-May 2025): May 212", ranked)  # a bound, no item
