"""The generative stage's prompt: few units with provenance, a fixed system prompt, follow-ups."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mmrag.agents.answering.extractive import ExtractiveOptions
from mmrag.agents.answering.generative import (
    SYSTEM_PROMPT,
    GenerativeOptions,
    build_messages,
    focus_cut,
    is_follow_up,
    merge_subject,
    priced,
    select_units,
    value_on_topic,
)
from mmrag.agents.answering.question import analyse
from mmrag.agents.graph import understand
from mmrag.agents.state import AgentDeps, QAOptions, QAState
from mmrag.platform.index.base import SearchMode
from mmrag.platform.models import ElementKind, Modality, SearchFilters, SearchHit
from tests.evidence import ScriptedModel, hit

pytestmark = pytest.mark.unit

LEXICAL_ONLY = ExtractiveOptions(w_dense=0.0)  # no embedder: scoring from terms and rank


HITS = [
    hit(
        "The Brackwater mill opened in 1884. It ground 300 tonnes of grain a week. "
        + "Unrelated filler sentence about the weather and the river. " * 12,
        ElementKind.TEXT,
        Modality.TEXT,
        "brackwater.pdf",
        page=7,
    ),
    hit(
        "Mill output\nBrackwater | tonnes: 300; staff: 41\nLowfield | tonnes: 120; staff: 12",
        ElementKind.TABLE,
        Modality.TABLE,
        "brackwater.pdf",
        page=8,
    ),
    hit(
        "The miller said the wheel was rebuilt after the flood.",
        ElementKind.TRANSCRIPT,
        Modality.AUDIO,
        "oral_history.mp3",
        t_start=125.0,
        t_end=140.0,
    ),
]


def test_units_are_few_small_and_labelled() -> None:
    options = GenerativeOptions(units=4, evidence_chars=600)
    units = select_units("How many staff worked at Brackwater?", HITS, None, options, LEXICAL_ONLY)
    assert 1 <= len(units) <= 4
    assert sum(len(u.text) for u in units) <= 600 + options.unit_chars
    assert [u.n for u in units] == list(range(1, len(units) + 1))
    labels = {u.label for u in units}
    assert labels <= {"brackwater.pdf p.7", "brackwater.pdf p.8", "oral_history.mp3 02:05"}
    rows = [u for u in units if u.label.endswith("p.8")]
    assert rows and "staff: 41" in rows[0].text  # a table row keeps its column names
    assert all("weather" not in u.text for u in units[:1])  # the filler is not what leads


def test_prompt_is_system_first_and_small() -> None:
    units = select_units("When did the Brackwater mill open?", HITS, None, None, LEXICAL_ONLY)
    messages = build_messages("When did the Brackwater mill open?", units)
    assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    user = str(messages[1]["content"])
    assert user.startswith("Evidence:\n[1] ") and user.endswith(
        "Question: When did the Brackwater mill open?"
    )
    assert len(user) < 1400  # ~350 tokens with the system prompt
    assert "1884" in user


def test_follow_up_detection_and_subject_merge() -> None:
    assert is_follow_up("Who built it?")
    assert is_follow_up("And Lowfield?")
    assert not is_follow_up("How many staff worked at the Lowfield mill in 1890?")
    merged = merge_subject("And in 1890?", "How many staff worked at the Brackwater mill?")
    assert merged.startswith("And in 1890") and "Brackwater" in merged and "staff" in merged


#: A thread: the mill, then a turn that does not name it, then a follow-up on the mill.
THREAD = [
    {"question": "When did the Brackwater mill open?", "answer": "In 1884 [1]."},
    {"question": "Which company supplied the turbines?", "answer": "Harland Works [1]."},
]


class _NoSearch:
    """The understand step searches nothing; the graph's deps still need a retriever."""

    def search(
        self, query: str, filters: SearchFilters, k: int = 10, mode: SearchMode = SearchMode.HYBRID
    ) -> list[SearchHit]:
        raise AssertionError("understand must not search")


def _standalone(options: QAOptions, llm: ScriptedModel | None = None) -> str:
    deps = AgentDeps(retriever=_NoSearch(), llm=llm, options=options)
    state = QAState(question="When was it installed?", history=list(THREAD))
    update = understand(state, SimpleNamespace(context=deps))
    return str(update["question"])


def test_history_turns_sets_how_many_earlier_questions_the_rewrite_reads() -> None:
    one = _standalone(QAOptions())  # the default: the turn just before
    assert "turbines" in one and "Brackwater" not in one
    two = _standalone(QAOptions(history_turns=2))
    assert "turbines" in two and "Brackwater" in two


def test_the_model_rewrite_is_shown_the_earlier_questions() -> None:
    model = ScriptedModel("When were the Brackwater mill turbines installed?")
    assert _standalone(QAOptions(), model).startswith("When were the Brackwater mill turbines")
    assert _standalone(QAOptions(history_turns=2), model)
    one, two = model.prompts
    assert one == (
        "Earlier question: Which company supplied the turbines?\n"
        "Follow-up question: When was it installed?"
    )
    assert "When did the Brackwater mill open?" in two and "supplied the turbines" in two


def test_a_speech_unit_comes_with_the_sentences_around_it() -> None:
    call = hit(
        "Next, the Harbour Lane depot. The new loading crane arrived on Monday. "
        "It lifts twelve tonnes. Lunch is at one.",
        ElementKind.TRANSCRIPT,
        Modality.AUDIO,
        "depot_call.mp3",
        t_start=60.0,
        t_end=85.0,
    )
    units = select_units("When did the new loading crane arrive?", [call], None, None, LEXICAL_ONLY)
    assert units[0].text == (
        "Next, the Harbour Lane depot. The new loading crane arrived on Monday. "
        "It lifts twelve tonnes."
    )
    assert all("loading crane" not in u.text for u in units[1:])  # shown once
    alone = select_units(
        "When did the new loading crane arrive?",
        [call],
        None,
        GenerativeOptions(speech_window=False),
        LEXICAL_ONLY,
    )
    assert alone[0].text.startswith("The new loading crane")  # only the next sentence


@pytest.mark.parametrize(
    ("question", "answer", "evidence", "stands"),
    [
        # the name sits in a sentence about something else
        (
            "Who delivered the gravel to the quarry?",
            "Hollins delivered the gravel [1]",
            "The gravel was delivered on Monday. Hollins is repainting the gatehouse.",
            False,
        ),
        (
            "Who delivered the gravel?",
            "Hollins [1]",
            "Hollins delivered the gravel on Monday.",
            True,
        ),
        # a fragment is read with the sentence before it
        (
            "Who chaired the budget meeting?",
            "Marta chaired it [1]",
            "The budget meeting was chaired this year by. Marta Ruiz.",
            True,
        ),
        (
            "Who chaired the budget meeting?",
            "Marta [1]",
            "First up, roads. Marta, over to you.",
            False,
        ),
        # a sentence that refers back takes its subject from the one before
        (
            "How many villages did the Brackwater mill supply?",
            "It supplied 3 villages [1]",
            "The Brackwater mill opened in 1884. It supplied 3 villages with flour.",
            True,
        ),
        (
            "In which year was the Lowfield mill extended?",
            "2019 [1]",
            "The Lowfield mill was extended twice. Staff numbers, 2019: 41.",
            False,
        ),
        # nothing to place (no number or name in the answer) or nothing asked about
        ("What does the mill grind?", "barley [1]", "The mill grinds barley.", True),
        # a price says what something costs, not what it is the price of
        (
            "How much will the repair of the clock cost?",
            "£420 [1]",
            "We looked at the clock on Friday. Quote ref: C-12 Price: £420 including VAT.",
            False,
        ),
        # in a call, the answer follows the question it answers
        (
            "How much does the canoe hire cost per head?",
            "18 pounds [1]",
            "And the canoe hire, how much is that? 18 pounds a head, wetsuits included.",
            True,
        ),
        (
            "How much does the canoe hire cost per head?",
            "18 pounds [1]",
            "The canoe hire is booked. 18 pounds went on the wetsuits.",
            False,
        ),
    ],
)
def test_an_answers_value_must_sit_in_a_sentence_about_the_question(
    question: str, answer: str, evidence: str, stands: bool
) -> None:
    assert value_on_topic(analyse(question), answer, evidence) is stands


def test_a_long_unit_is_cut_around_what_the_question_asks() -> None:
    row = (
        "Fernlea | Opened: 1961; Beds: 84; Wards: 6; Staff: 212; Budget: 4.1m; Visits: 9,310; "
        "Car spaces: 140; Helipad: no; Catchment: 41,000"
    )
    terms = analyse("How large is the catchment of Fernlea?").terms
    cut = focus_cut(row, 70, terms)
    assert cut.startswith("Fernlea | ") and cut.endswith("Catchment: 41,000")
    assert "…" in cut and len(cut) <= 70
    assert focus_cut(row, 70, []).endswith("…")  # nothing named: the head, marked as cut
    prose = (
        "The ferry timetable changed twice in the year. In spring the first boat left at six, "
        "the fare rose to four pounds, and the harbour office moved to the old customs house "
        "beside the slipway, where tickets are now sold from a kiosk that opens at half past "
        "five every morning."
    )
    terms = analyse("When does the ticket kiosk open?").terms
    cut = focus_cut(prose, 120, terms)
    assert "half past five" in cut and cut.startswith("…") and len(cut) <= 120
    assert focus_cut("Short enough.", 120, terms) == "Short enough."


@pytest.mark.parametrize(
    ("question", "answer", "evidence", "stands"),
    [
        ("How much does a river tour cost?", "£14 [1]", ["River tours | Booked: 212"], True),
        ("How much does a river tour cost?", "212 [1]", ["Bar values: River tours 212"], False),
        (
            "How much does a river tour cost?",
            "14.50 [1]",
            ["T-4 | tour: River; price_gbp: 14.50"],
            True,
        ),
        ("What did the new boiler cost?", "3,200 [1]", ["The boiler cost 3,200 to fit."], True),
        ("How many paying members joined?", "212 [1]", ["Paying members: 212"], True),
        ("What is paid per mile by bike?", "20p a mile [1]", ["Bicycle | Rate: 20p"], True),
    ],
)
def test_a_cost_question_is_answered_by_an_amount_of_money(
    question: str, answer: str, evidence: list[str], stands: bool
) -> None:
    assert priced(analyse(question), answer, evidence) is stands
