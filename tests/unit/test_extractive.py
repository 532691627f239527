"""Extractive answers over synthetic hits: right unit, precise citations, principled refusals."""

from __future__ import annotations

import pytest

from mmrag.agents.extractive import (
    REFUSAL,
    chart_units,
    extractive_answer,
    name_phrases,
    reading_items,
    specific_terms,
    split_sentences,
    split_units,
    superlative,
)
from mmrag.platform.models import Chunk, ElementKind, Modality, Provenance, SearchHit, stable_id
from mmrag.platform.sparse import stem

pytestmark = pytest.mark.unit


def _chunk(
    text: str,
    *,
    kind: ElementKind = ElementKind.TEXT,
    modality: Modality = Modality.TEXT,
    filename: str = "heron_bay_report.pdf",
    page: int | None = 1,
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


SURVEY = _chunk(
    "The Heron Bay marine survey took place in 2021 aboard the research vessel Osprey. "
    "The survey lasted 31 days and covered 14 sampling sites along the coast. "
    "Water clarity averaged 4.2 metres, slightly better than in the previous campaign.",
    page=2,
    heading="Marine survey",
)
SITES = _chunk(
    "Sampling sites of the 2021 survey\n"
    "Site North | depth (m): 18.5; salinity (psu): 31.2; visits: 6\n"
    "Site East | depth (m): 9.1; salinity (psu): 29.8; visits: 4\n"
    "Site West | depth (m): 22.0; salinity (psu): 32.5; visits: 5",
    kind=ElementKind.TABLE,
    modality=Modality.TABLE,
    page=3,
)
CALL = _chunk(
    "Good morning everyone, let's get started. The pump at Birch Hill failed twice last week. "
    "A contractor called Tideway Mechanical will inspect it on Friday. "
    "Until then the backup pump runs at night.",
    kind=ElementKind.TRANSCRIPT,
    modality=Modality.AUDIO,
    filename="ops_call.mp3",
    page=None,
    t=(30.0, 45.0),
)
SOFTWARE = _chunk(
    "The package provides functions for irregular time series. "
    "Use rollmean to compute rolling means over a window of observations.",
    filename="timeseries_vignette.pdf",
    page=5,
)
ALL = [SURVEY, SITES, CALL, SOFTWARE]


def _hits(*chunks: Chunk) -> list[SearchHit]:
    return [SearchHit(chunk=c, score=1.0 / (i + 1)) for i, c in enumerate(chunks)]


def test_picks_the_sentence_that_answers() -> None:
    ans = extractive_answer("How long did the Osprey survey last?", _hits(SURVEY, SITES, CALL))
    assert ans.found
    assert "31 days" in ans.answer
    assert [c.chunk_id for c in ans.citations] == [SURVEY.id]
    assert ans.citations[0].page == 2
    assert ans.answer.startswith("The survey lasted 31 days")


def test_picks_the_table_row_and_cites_only_the_table() -> None:
    ans = extractive_answer("How deep is Site West?", _hits(SURVEY, SITES, CALL, SOFTWARE))
    assert ans.found
    assert "22.0" in ans.answer
    assert ans.answer.startswith("Site West")
    assert [c.chunk_id for c in ans.citations] == [SITES.id]


def test_transcript_answer_cites_the_time_span() -> None:
    ans = extractive_answer(
        "Which company will inspect the Birch Hill pump?", _hits(SURVEY, CALL, SITES)
    )
    assert ans.found
    assert "Tideway Mechanical" in ans.answer
    assert "Good morning" not in ans.answer
    assert len(ans.citations) == 1
    assert ans.citations[0].t_start == 30.0


def test_paraphrased_question_uses_dense_similarity() -> None:
    ans = extractive_answer("How clear was the water on average?", _hits(SITES, SURVEY, CALL))
    assert ans.found
    assert "4.2 metres" in ans.answer
    assert ans.citations[0].chunk_id == SURVEY.id


@pytest.mark.parametrize(
    "question",
    [
        # a year that does not occur: the 2021 survey's 31 days must not be reused
        "How many days did the 2019 marine survey aboard the Osprey last?",
        # a site that does not exist (North, East and West do)
        "What salinity was measured at Site South?",
        # a place that does not exist anywhere in the evidence
        "What is the phone extension of the Maple Road depot?",
        # nothing relevant at all (no specific terms: the relevance floor refuses)
        "What colour is the carpet in the staff canteen?",
    ],
)
def test_refuses_when_evidence_is_insufficient(question: str) -> None:
    ans = extractive_answer(question, _hits(*ALL))
    assert not ans.found, ans.answer
    assert ans.answer == REFUSAL
    assert ans.citations == []


def test_refuses_without_hits() -> None:
    ans = extractive_answer("Anything?", [])
    assert not ans.found


def test_answer_is_short_and_quotes_the_document() -> None:
    long_row = "Site Long | " + "; ".join(f"param {i} (unit): {i}.5" for i in range(60))
    table = _chunk(
        "Long table\n" + long_row + "\nSite Short | param 1 (unit): 9.9",
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
    )
    ans = extractive_answer("What is param 42 at Site Long?", _hits(table))
    assert ans.found
    assert len(ans.answer) <= 360
    assert "param 42 (unit): 42.5" in ans.answer
    plain = extractive_answer("How long did the Osprey survey last?", _hits(SURVEY))
    assert plain.answer.startswith("The survey lasted 31 days")
    assert all(s in SURVEY.text for s in split_sentences(plain.answer))


def test_specific_terms() -> None:
    assert specific_terms("How many days did the 2022 survey aboard the Kingfisher last?") == [
        "2022",
        stem("kingfisher"),
    ]
    assert specific_terms("What depth was recorded at station D?") == ["d"]
    # structure words and their numbers are not content; the first word is not a name
    assert specific_terms("Which Table 2 entry mentions the sexM:ethnicOTHER term?") == [
        "sexm",
        stem("ethnicother"),
    ]


def test_sentence_and_line_splitting() -> None:
    text = "Mean depth was 3.8 m. in May, e.g. at St. Mary. Dr. Jones led it! Was it long? Yes."
    assert split_sentences(text) == [
        "Mean depth was 3.8 m. in May, e.g. at St. Mary.",
        "Dr. Jones led it!",
        "Was it long?",
        "Yes.",
    ]
    slide = "Sampling stations\nStation A  12 m\nStation B  7 m\ncontinued below"
    assert split_units(slide) == [
        "Sampling stations",
        "Station A  12 m",
        "Station B  7 m continued below",
    ]


def test_sentence_in_overlapping_windows_is_kept_once() -> None:
    # Two overlapping time windows of one call repeat a sentence; it must not vanish as if it
    # were a running header, and the answer quotes it once.
    shared = "At Cooper Lane we will meet at the picnic tables behind the library."
    first = _chunk(
        f"The laboratory moves to Cooper Lane next month. {shared}",
        kind=ElementKind.TRANSCRIPT,
        modality=Modality.AUDIO,
        filename="ops_call.mp3",
        page=None,
        t=(150.0, 175.0),
    )
    second = _chunk(
        f"{shared} Thank you, customer services.",
        kind=ElementKind.TRANSCRIPT,
        modality=Modality.AUDIO,
        filename="ops_call.mp3",
        page=None,
        t=(170.0, 195.0),
    )
    hits = [SearchHit(chunk=first, score=0.9), SearchHit(chunk=second, score=0.8)]
    answer = extractive_answer("Where will staff gather at Cooper Lane?", hits)
    assert answer.found
    assert "picnic tables" in answer.answer
    assert answer.answer.count("picnic tables") == 1


def test_chart_reads_whole_and_by_line() -> None:
    lines = [
        "Figure 1. Monthly rainfall, 2023.",
        "Monthly rainfall at Pike Ridge gauge, 2023",
        "mm",
        "142.6",
        "22.9",
        "Jan",
        "Feb",
    ]
    units = chart_units(lines)
    assert units[0].startswith("Figure 1. Monthly rainfall, 2023. · Monthly rainfall at Pike")
    assert "142.6 · 22.9" in units[0]
    assert units[1:] == ["Monthly rainfall at Pike Ridge gauge, 2023"]
    assert chart_units([]) == []


def test_quoted_units_are_whole_within_the_budget() -> None:
    # The best sentence and the one after it are quoted whole, not each cut to half a budget.
    answer = extractive_answer(
        "How long did the Heron Bay marine survey last?", [SearchHit(chunk=SURVEY, score=1.0)]
    )
    assert answer.found
    assert "31 days" in answer.answer
    assert "…" not in answer.answer


def test_value_of_a_later_topic_does_not_answer() -> None:
    # "How much ... budgeted": the best sentence names the phase; the only amount comes two
    # sentences later, about something else. That is no answer: refuse.
    call = _chunk(
        "The next phase covers Pell Street and Marlow Road, about 3.2 km of main, starting in "
        "June. Finance, where are we on the chlorine analysers? "
        "The two replacement analysers came in at $47,500 for the pair.",
        kind=ElementKind.TRANSCRIPT,
        modality=Modality.AUDIO,
        filename="ops_call.mp3",
        page=None,
        t=(200.0, 225.0),
    )
    answer = extractive_answer(
        "How much has been budgeted for the Pell Street and Marlow Road renewal phase?",
        [SearchHit(chunk=call, score=1.0)],
    )
    assert not answer.found
    assert answer.answer == REFUSAL


def _speech(text: str, t: tuple[float, float]) -> Chunk:
    return _chunk(
        text,
        kind=ElementKind.TRANSCRIPT,
        modality=Modality.AUDIO,
        filename="ops_call.mp3",
        page=None,
        t=t,
    )


def test_topic_named_a_few_sentences_earlier_scopes_the_answer() -> None:
    # The speaker names the street once, then talks about "the pipe": the year answers it.
    call = _speech(
        "Last Tuesday's main break on Pell Street was a big hike in calls. "
        "We logged 112 calls in the first day. The repair itself took six hours. "
        "The pipe was a cast iron main laid in 1928.",
        (190.0, 215.0),
    )
    answer = extractive_answer("In what year was the main on Pell Street laid?", _hits(call))
    assert answer.found
    assert "1928" in answer.answer


def test_names_across_a_gap_in_the_recording_do_not_scope_a_sentence() -> None:
    # Two windows 40 s apart: a name said after the gap is not context for the earlier sentence.
    before = _speech(
        "Since the inspection we put a flow logger on the weir, and last week it averaged "
        "3.1 litres per second.",
        (17.0, 42.0),
    )
    after = _speech(
        "Pumping and plants. Stonegate pump number two tripped twice over the weekend.",
        (80.0, 105.0),
    )
    answer = extractive_answer(
        "What seepage rate was measured at Stonegate during the inspection?", _hits(before, after)
    )
    assert "3.1" not in answer.answer


def test_misheard_name_in_speech_still_matches() -> None:
    # ASR split and misheard "Ridgeline" as "ridge light".
    call = _speech(
        "Last item, safety: the fire drill at ridge light is on Thursday at ten. "
        "Everyone on site gathers at the visitor car park by the flagpole.",
        (250.0, 275.0),
    )
    answer = extractive_answer("When is the fire drill at Ridgeline?", _hits(call))
    assert answer.found
    assert "Thursday" in answer.answer


def test_typed_runner_up_answers_when_the_best_match_has_no_value() -> None:
    notes = _chunk(
        "The next phase of mains renewal covers Pell Street and Marlow Road. "
        "Crews will start after the spring flushing programme ends. "
        "The Pell Street main that split was laid in 1928.",
        page=4,
    )
    answer = extractive_answer("In what year was the split Pell Street main laid?", _hits(notes))
    assert answer.found
    assert "1928" in answer.answer


RAINFALL = _chunk(
    "Figure 1. Monthly rainfall, 2023.\nMonthly rainfall at Pike Ridge gauge, 2023\nmm\n160\n"
    "Bar values: Jan 88.4; Feb 71.2; Mar 96.5; Apr 118.3; May 142.6; Jun 64.0\n"
    "Highest: May 142.6\nLowest: Jun 64.0",
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    page=3,
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much rain fell in the wettest month at Pike Ridge?", "Highest: May 142.6"),
        ("Which month was the driest at Pike Ridge?", "Lowest: Jun 64.0"),
    ],
)
def test_superlative_questions_read_the_chart_extremes(question: str, expected: str) -> None:
    answer = extractive_answer(question, _hits(RAINFALL, SURVEY))
    assert answer.found
    assert answer.answer == expected
    assert answer.citations[0].chunk_id == RAINFALL.id


def test_superlative_polarity() -> None:
    assert superlative("Which month had the most samples?") == "max"
    assert superlative("the driest month of 2023") == "min"
    assert superlative("the most recent earlier value") is None
    assert superlative("How long is the tunnel?") is None


def _anova(label: str, p_value: str, page: int = 3) -> Chunk:
    return _chunk(
        f"xtable({label})\n"
        f"sex | Df: 1; Sum Sq: 75.37; F value: 0.38; Pr(>F): 0.54\n"
        f"ethnicty | Df: 3; Sum Sq: 2572.15; F value: 4.27; Pr(>F): {p_value}\n"
        f"Residuals | Df: 93; Sum Sq: 18682.87",
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
        filename="xtableGallery.pdf",
        page=page,
    )


def test_rows_shared_by_two_tables_are_data_not_running_heads() -> None:
    # Two ANOVA tables on one page have rows of the same shape: both stay candidates, and the
    # row the question names by its header answers; "Gallery" is named by the file name.
    hits = _hits(_anova("fm1", "0.0072"), _anova("fm2", "0.0068"))
    answer = extractive_answer(
        "In the xtable Gallery's table for fm1, what Pr(>F) is reported for ethnicty?", hits
    )
    assert answer.found
    assert answer.answer.startswith("ethnicty | ")
    assert "0.0072" in answer.answer


def test_a_year_question_needs_a_year_even_in_a_table() -> None:
    plants = _chunk(
        "Treatment plant performance, 2023.\n"
        "Ridgeline | Design ML/d: 48.0; Mean output ML/d: 31.6; Samples: 2,184\n"
        "Eastfield | Design ML/d: 22.0; Mean output ML/d: 15.1; Samples: 1,096",
        kind=ElementKind.TABLE,
        modality=Modality.TABLE,
        filename="kestrel_report.pdf",
    )
    answer = extractive_answer("In which year was the Ridgeline plant commissioned?", _hits(plants))
    assert not answer.found


def test_version_question_quotes_the_line_with_a_version() -> None:
    notes = _chunk(
        "Since the first release, most additions to the package came from its second author. "
        "Other packages loaded: knitr 1.22, survival 2.44-1.1, xtable 1.8-4, zoo 1.8-5.",
        filename="xtableGallery.pdf",
        page=29,
    )
    answer = extractive_answer("Which release of the zoo package was loaded?", _hits(notes))
    assert answer.found
    assert "zoo 1.8-5" in answer.answer


def test_a_weekday_is_not_the_name_a_which_firm_question_asks_for() -> None:
    call = _speech(
        "The new filter sand was delivered on Friday. Eastfield is running normally.",
        (90.0, 115.0),
    )
    answer = extractive_answer("Which supplier delivered the new filter sand?", _hits(call))
    assert not answer.found


def test_slide_table_row_answers_a_quantity_whose_unit_is_its_key() -> None:
    slide = _chunk(
        "Filter status, week 11\n"
        "F1 Anthracite/sand | Hours: 41.5; Status: In service\n"
        "F4 Anthracite/sand | Hours: 63.2; Status: Backwash due\n"
        "Ridgeline WTP - staff orientation",
        kind=ElementKind.FRAME,
        modality=Modality.VIDEO,
        filename="orientation.mp4",
        page=None,
        t=(23.0, 31.0),
    )
    answer = extractive_answer("How many hours had filter F4 run since backwash?", _hits(slide))
    assert answer.found
    assert answer.answer == "F4 Anthracite/sand | Hours: 63.2; Status: Backwash due"


BREAKS = _chunk(
    "Figure 6. Water main breaks per year.\nCast iron\nAsbestos cement\nPVC\n2019\n2020\n2021\n"
    "Bar values (stack totals): 2019 87; 2020 74; 2021 91\nHighest: 2021 91\nLowest: 2020 74",
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    filename="kestrel_report.pdf",
    page=5,
)
ENERGY = _chunk(
    "Figure 5. Pump station throughput and energy intensity.\n"
    "Point values (x: volume pumped, ML per year; y: kWh per ML): PS-1 (x ≈413, y ≈213); "
    "PS-2 (x ≈983, y ≈189); PS-7 (x ≈763, y ≈471)\n"
    "Highest: PS-7 (y ≈471 kWh per ML)\nLowest: PS-2 (y ≈189 kWh per ML)",
    kind=ElementKind.CHART,
    modality=Modality.CHART,
    filename="kestrel_report.pdf",
    page=5,
)
POINTER = _chunk(
    "Pumping accounts for most of the electricity use. Figure 5 plots each pump station's "
    "annual throughput against the energy it needs per megalitre.",
    filename="kestrel_report.pdf",
    page=5,
)


def test_chart_reading_items_are_units() -> None:
    assert reading_items("Bar values: Jan 88.4; Feb 71.2") == [
        "Bar values: Jan 88.4",
        "Bar values: Feb 71.2",
    ]
    assert reading_items("Point values (x: a; y: b): P1 (x ≈1, y ≈2); P2 (x ≈3, y ≈4)") == [
        "Point values (x: a; y: b): P1 (x ≈1, y ≈2)",
        "Point values (x: a; y: b): P2 (x ≈3, y ≈4)",
    ]
    assert reading_items("Highest: May 142.6") == []
    answer = extractive_answer("How many main breaks were there in 2020?", _hits(BREAKS))
    assert answer.answer == "Bar values (stack totals): 2020 74"


def test_prose_pointing_to_a_figure_yields_to_its_extreme_reading() -> None:
    answer = extractive_answer(
        "Which pump station needs the least energy per megalitre?", _hits(POINTER, ENERGY)
    )
    assert answer.answer == "Lowest: PS-2 (y ≈189 kWh per ML)"
    assert answer.citations[0].chunk_id == ENERGY.id


def test_a_reading_over_years_answers_which_year_only() -> None:
    when = extractive_answer("In which year were there the most main breaks?", _hits(BREAKS))
    assert when.answer == "Highest: 2021 91"
    what = extractive_answer("Which pipe material had the most main breaks?", _hits(BREAKS))
    assert "Highest: 2021" not in what.answer


def test_a_named_bar_answers_in_the_charts_own_reading() -> None:
    answer = extractive_answer("What was the rainfall in March at Pike Ridge?", _hits(RAINFALL))
    assert answer.answer == "Bar values: Mar 96.5"


def test_a_misheard_multiword_name_is_heard() -> None:
    assert name_phrases("What rate did the logger at the Alder Creek weir show?") == ["alder creek"]
    call = _speech(
        "The inspection report for all the Creek Dam is out. Since the inspection we put a flow "
        "logger on the weir, and last week it averaged 3.1 litres per second.",
        (17.0, 42.0),
    )
    answer = extractive_answer(
        "What seepage rate did the flow logger at the Alder Creek weir show last week?",
        _hits(call),
    )
    assert answer.found
    assert "3.1 litres" in answer.answer
    # One word said right and the other a different word is another name, not a mishearing.
    other = extractive_answer(
        "What seepage rate did the flow logger at the Stonegate Dam show last week?",
        _hits(_speech("Stonegate pump two tripped. The logger averaged 3.1 litres.", (0, 25))),
    )
    assert not other.found


def test_who_did_it_reads_the_attribution_line() -> None:
    form = _chunk(
        "Alder Creek Dam (earthfill, 31 m high)\n"
        "Date of inspection: 12 March 2024\n"
        "Reviewed by: H. Adeyemi, Dam Safety Manager\n"
        "Inspected by: R. Vasquez-Lindqvist, P.Eng.",
        kind=ElementKind.OCR_TEXT,
        modality=Modality.SCAN,
        filename="alder_creek_dam_inspection_2024.pdf",
        page=3,
    )
    answer = extractive_answer("Who inspected Alder Creek Dam in March 2024?", _hits(form))
    assert answer.found
    assert "Inspected by: R. Vasquez-Lindqvist" in answer.answer
    title = _chunk(
        "Ridgeline Water Treatment Plant\nNew staff orientation\n"
        "Presented by Tomasz Wierzbicki, Plant Manager",
        kind=ElementKind.FRAME,
        modality=Modality.VIDEO,
        filename="ridgeline_orientation.mp4",
        page=None,
        t=(0.0, 9.0),
    )
    presented = extractive_answer("Who presented the Ridgeline orientation?", _hits(title))
    assert "Tomasz Wierzbicki" in presented.answer


def test_step_after_a_named_step_is_the_next_list_item() -> None:
    slide = _chunk(
        "Treatment sequence\n1. Intake screens\n2. Coagulation\n3. Dissolved air flotation\n"
        "4. Rapid gravity filters",
        kind=ElementKind.FRAME,
        modality=Modality.VIDEO,
        filename="ridgeline_orientation.mp4",
        page=None,
        t=(11.0, 20.0),
    )
    answer = extractive_answer(
        "In Ridgeline's treatment sequence, which stage comes right after coagulation?",
        _hits(slide),
    )
    assert answer.answer == "2. Coagulation 3. Dissolved air flotation"
