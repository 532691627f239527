"""With a model: table cells and chart readings are looked up, prose goes to the model, and
an unsupported reply or the model's NOT_FOUND is a refusal. Synthetic documents; a scripted
model stands in for one."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from mmrag.agents.answering.extractive import ExtractiveOptions, score_evidence
from mmrag.agents.answering.generative import of_asked_type
from mmrag.agents.answering.question import analyse
from mmrag.agents.answering.scoring import on_topic
from mmrag.agents.graph import build_qa_graph
from mmrag.agents.state import AgentDeps, QAOptions
from mmrag.platform import chart_text
from mmrag.platform.index.base import SearchMode
from mmrag.platform.models import LEAD, Answer, ElementKind, Modality, SearchFilters, SearchHit
from tests.evidence import ScriptedModel, hit

pytestmark = pytest.mark.unit

LEXICAL_ONLY = ExtractiveOptions(w_dense=0.0)  # no embedder: scoring from terms and rank


def _hit(text: str, kind: ElementKind, modality: Modality, page: int) -> SearchHit:
    return hit(text, kind, modality, "millbook.pdf", page=page)


HITS = [
    _hit(
        "The Brackwater mill opened in 1884 beside the river. It ground grain for three "
        "villages until the flood of 1931.",
        ElementKind.TEXT,
        Modality.TEXT,
        3,
    ),
    _hit(
        "Mill staff\nBrackwater | staff: 41; tonnes: 300\nLowfield | staff: 12; tonnes: 120",
        ElementKind.TABLE,
        Modality.TABLE,
        4,
    ),
]


class _Fixed:
    """A retriever that returns the same hits for every query."""

    def __init__(self, hits: list[SearchHit]) -> None:
        self.hits = hits

    def search(
        self, query: str, filters: SearchFilters, k: int = 10, mode: SearchMode = SearchMode.HYBRID
    ) -> list[SearchHit]:
        return list(self.hits)


def citing(value: str, needle: str) -> Callable[[str], str]:
    """A reply: ``value`` citing the evidence item whose text holds ``needle``."""

    def reply(prompt: str) -> str:
        items = re.findall(r"^\[(\d)\] [^\n]*\n([^\n]*)", prompt, re.M)
        return f"{value} [{next(n for n, text in items if needle in text)}]"

    return reply


def _ask(
    question: str, model: ScriptedModel, hits: list[SearchHit] | None = None, **options: Any
) -> Answer:
    qa = QAOptions(extractive=LEXICAL_ONLY, **options)
    deps = AgentDeps(retriever=_Fixed(hits or HITS), llm=model, options=qa, mode="local")
    return build_qa_graph(deps).invoke(question)


def _tools(answer: Answer) -> list[str]:
    return [str(step.get("tool")) for step in answer.trace]


def test_a_table_cell_is_looked_up_without_the_model() -> None:
    model = ScriptedModel("41 [1]")  # a small model reading the neighbouring row
    answer = _ask("How many staff did the Lowfield mill have?", model)
    assert answer.found and "12" in answer.answer and "41" not in answer.answer
    assert model.calls == 0
    assert answer.mode == "local" and "route" in _tools(answer)
    assert answer.citations[0].page == 4


def test_the_lookup_can_be_left_to_the_model() -> None:
    model = ScriptedModel("12 [1]")
    answer = _ask("How many staff did the Lowfield mill have?", model, lookup_first=False)
    assert model.calls == 1 and answer.found and answer.answer.startswith("12")


def test_prose_is_answered_by_the_model() -> None:
    model = ScriptedModel("It opened in 1884 [1].")
    answer = _ask("When did the Brackwater mill open?", model)
    assert model.calls == 1
    assert answer.found and "1884" in answer.answer and "generate" in _tools(answer)


def test_an_unsupported_reply_is_a_refusal() -> None:
    model = ScriptedModel("It opened in 1902 [1].")  # a year no evidence gives
    answer = _ask("When did the Brackwater mill open?", model)
    assert not answer.found and "1902" not in answer.answer
    generate = next(s for s in answer.trace if s.get("tool") == "generate")
    assert generate["outcome"] == "unsupported"
    assert answer.mode == "local"


def test_the_models_not_found_stands() -> None:
    model = ScriptedModel("NOT_FOUND")
    answer = _ask("When did the Brackwater mill open?", model)
    assert not answer.found
    generate = next(s for s in answer.trace if s.get("tool") == "generate")
    assert generate["outcome"] == "not_found"


MODEL_ROWS = _hit(
    "Model estimates\nsexM:groupA | Estimate: 1.5; Error: 0.2\nsexM:groupB | Estimate: 2.5; Error: 0.3",
    ElementKind.TABLE,
    Modality.TABLE,
    6,
)


def test_a_row_that_does_not_hold_the_asked_key_does_not_answer() -> None:
    model = ScriptedModel(citing("2.5", "groupB"))
    question = "What estimate is given for sexM:groupC?"
    assert not _ask(question, model, [MODEL_ROWS]).found
    right = _ask("What estimate is given for sexM:groupB?", model, [MODEL_ROWS], lookup_first=False)
    assert right.found and right.answer.startswith("2.5")


BAKERY = _hit(
    "The bakery on Quay Lane sold 640 loaves on market day.", ElementKind.TEXT, Modality.TEXT, 9
)


def test_a_value_copied_from_a_passage_off_the_question_is_refused() -> None:
    model = ScriptedModel(citing("640", "bakery"))
    question = "How many tonnes of grain did the mill grind each week?"
    answer = _ask(question, model, [*HITS, BAKERY])
    assert model.calls == 1 and not answer.found
    generate = next(s for s in answer.trace if s.get("tool") == "generate")
    assert generate["outcome"] == "unscoped" and "off the question" in generate["refused"]


SOFTWARE = _hit(
    "The control software version 2.4.1 was installed at the mill on 3 May 2019.",
    ElementKind.TEXT,
    Modality.TEXT,
    11,
)


def test_a_reply_not_of_the_asked_kind_gives_way_to_the_extractive_value() -> None:
    model = ScriptedModel("It was installed on 3 May 2019 [1].")  # a date for "which version?"
    answer = _ask("Which version of the control software was installed?", model, [SOFTWARE])
    assert model.calls == 1
    assert answer.found and "2.4.1" in answer.answer and "2019" not in answer.answer
    generate = next(s for s in answer.trace if s.get("tool") == "generate")
    assert generate["outcome"] == "untyped"
    model = ScriptedModel("Version 2.4.1 [1].")
    right = _ask("Which version of the control software was installed?", model, [SOFTWARE])
    assert right.found and "2.4.1" in right.answer
    assert [s["outcome"] for s in right.trace if s.get("tool") == "generate"] == ["answered"]


TALK = hit(
    "The hall roof will be mended in spring. The repairs cost about 40,000 pounds, paid by "
    "the ferncombe trust.",
    ElementKind.TRANSCRIPT,
    Modality.AUDIO,
    "village_talk.mp3",
    t_start=12.0,
    t_end=30.0,
)


def test_who_asks_for_a_name_and_a_heard_name_needs_no_capital() -> None:
    model = ScriptedModel("The ferncombe trust is paying for the repairs [1].")
    answer = _ask("Who is paying for the hall roof repairs?", model, [TALK])
    assert answer.found and "ferncombe trust" in answer.answer, answer.trace
    assert "40,000" not in answer.answer  # the sum is not who pays
    assert [s["outcome"] for s in answer.trace if s.get("tool") == "generate"] == ["answered"]


GUIDE = hit(
    "Welcome to the Ashgrove Mill museum. The great engine was built in 1890 by the Pell "
    "foundry. It drove every loom in the mill.",
    ElementKind.TRANSCRIPT,
    Modality.AUDIO,
    "ashgrove_mill_guide.wav",
    t_start=0.0,
    t_end=20.0,
)


def test_a_passage_that_only_shares_the_document_name_does_not_answer() -> None:
    model = ScriptedModel("The weaving shed at Ashgrove Mill was designed by the Pell foundry [1].")
    answer = _ask("Who designed the weaving shed at Ashgrove Mill?", model, [GUIDE])
    assert not answer.found
    generate = next(s for s in answer.trace if s.get("tool") == "generate")
    assert generate["outcome"] == "unscoped"
    scored = score_evidence("Who designed the weaving shed at Ashgrove Mill?", [GUIDE])
    assert scored.units and not any(on_topic(scored.question, u) for u in scored.units)
    built = _ask(
        "Which foundry built the engine at Ashgrove Mill?",
        ScriptedModel("The Pell foundry [1]."),
        [GUIDE],
    )
    assert built.found and "Pell foundry" in built.answer


def _chart(title: str, items: list[tuple[str, float]]) -> SearchHit:
    labels = [f"{name} {value:g}" for name, value in items]
    reading = chart_text.format_reading(
        chart_text.BAR_HEAD, labels, [(v, f"{n} {v:g}") for n, v in items]
    )
    return _hit(f"{title}\n{reading}", ElementKind.CHART, Modality.CHART, 12)


LEAKAGE = _chart("Figure 3. Leakage by supply zone", [("Old Town", 142), ("Riverside", 96)])


def test_a_reading_is_looked_up_only_when_its_chart_is_about_the_question() -> None:
    model = ScriptedModel("NOT_FOUND")
    about = _ask("How much leakage was there in the Old Town supply zone?", model, [LEAKAGE])
    assert model.calls == 0 and answer_holds(about, "142")
    other = _ask("How many complaints came from Old Town?", model, [LEAKAGE])
    assert model.calls == 1 and not other.found  # the item alone: the model decides


def answer_holds(answer: Answer, value: str) -> bool:
    return answer.found and value in answer.answer


@pytest.mark.parametrize(
    ("answer", "spoken", "typed"),
    [
        ("The ferncombe trust [1]", True, True),  # a recogniser writes names in lower case
        ("The ferncombe trust [1]", False, False),  # a document would capitalise a name
        ("The Ferncombe Trust [1]", False, True),
        ("roof-fund@example.org [1]", True, False),  # an address alone is no name
        ("About 40,000 pounds [1]", True, False),
    ],
)
def test_what_counts_as_a_name(answer: str, spoken: bool, typed: bool) -> None:
    question = analyse("Who is paying for the hall roof repairs?")
    assert of_asked_type(question, answer, spoken) is typed


OUTPUT_ROWS = [
    _hit(
        "Mill output by site, tonnes\nBrackwater | 2022: 280; 2023: 300\nLowfield | 2022: 110; 2023: 120",
        ElementKind.TABLE,
        Modality.TABLE,
        5,
    )
]


def test_a_row_whose_cell_the_question_leaves_open_goes_to_the_model() -> None:
    model = ScriptedModel(citing("Lowfield's output was 120 tonnes in 2023", "Lowfield"))
    answer = _ask("What was the output of the Lowfield mill?", model, OUTPUT_ROWS)
    assert model.calls == 1 and "generate" in _tools(answer)
    assert answer.found and answer.answer.startswith("Lowfield's output was 120 tonnes in 2023")


def test_that_row_is_the_answer_when_the_model_finds_none() -> None:
    model = ScriptedModel("NOT_FOUND")
    answer = _ask("What was the output of the Lowfield mill?", model, OUTPUT_ROWS)
    assert model.calls == 1 and answer.found
    assert answer.answer.startswith("Lowfield | 2022: 110; 2023: 120")
    assert answer.citations[0].page == 5


def _census(lead: str) -> SearchHit:
    table = _hit(
        "Mill staff\nBrackwater | staff: 41; tonnes: 300\nLowfield | staff: 12; tonnes: 120",
        ElementKind.TABLE,
        Modality.TABLE,
        4,
    )
    if lead:
        table.chunk.extra[LEAD] = lead
    return table


@pytest.mark.parametrize("lookup_first", [True, False])
def test_the_words_that_introduce_a_table_scope_its_rows(lookup_first: bool) -> None:
    """A name the question gives the table ("the Harrowgate census") is often only in the
    sentence before it: that lead scopes the rows; without it the row answers nothing."""
    model = ScriptedModel(citing("12", "Lowfield"))
    question = "How many staff did the Harrowgate census count at Lowfield?"
    lead = "In 1881 the Harrowgate census counted the staff and output of each mill:"
    answer = _ask(question, model, [_census(lead)], lookup_first=lookup_first)
    assert answer.found and "12" in answer.answer
    unscoped = _ask(question, model, [_census("")], lookup_first=lookup_first)
    assert not unscoped.found


class _Paged:
    """A retriever that honours the page and source filters (the title lookup uses them)."""

    def __init__(self, hits: list[SearchHit], first_page: list[SearchHit]) -> None:
        self.hits, self.first_page = hits, first_page
        self.filtered: list[SearchFilters] = []

    def search(
        self, query: str, filters: SearchFilters, k: int = 10, mode: SearchMode = SearchMode.HYBRID
    ) -> list[SearchHit]:
        if filters.page == 1:
            self.filtered.append(filters)
            return [
                h
                for h in self.first_page
                if h.chunk.provenance.source_id in (filters.source_ids or [])
            ]
        return list(self.hits)


def test_a_document_named_by_its_title_scopes_a_passage_deep_inside_it() -> None:
    deep = hit(
        "Use the option --wlp to write the generated problem in CPLEX LP format.",
        ElementKind.TEXT,
        Modality.TEXT,
        "ref-5.0.pdf",
        page=68,
    )
    title = hit(
        "Harbour Lights Solver\nLanguage Reference",
        ElementKind.TEXT,
        Modality.TEXT,
        "ref-5.0.pdf",
        page=1,
    )
    question = "In the Harbour Lights Solver manual, which option writes CPLEX LP format?"

    def ask(first_page: list[SearchHit]) -> tuple[Answer, _Paged]:
        retriever = _Paged([deep], first_page)
        qa = QAOptions(extractive=LEXICAL_ONLY)
        deps = AgentDeps(retriever=retriever, llm=None, options=qa, mode="extractive")
        return build_qa_graph(deps).invoke(question), retriever

    answer, retriever = ask([title])
    assert answer.found and "--wlp" in answer.answer
    assert retriever.filtered[0].source_ids == [deep.chunk.provenance.source_id]
    assert not ask([])[0].found  # no title: nothing says the passage is in this manual


def test_a_document_named_by_its_initials_scopes_a_passage_inside_it() -> None:
    deep = hit(
        "The default sampling interval is 15 minutes; set --interval to change it.",
        ElementKind.TEXT,
        Modality.TEXT,
        "harbour-lights-solver-guide.pdf",
        page=41,
    )
    retriever = _Paged([deep], [])
    qa = QAOptions(extractive=LEXICAL_ONLY)
    deps = AgentDeps(retriever=retriever, llm=None, options=qa, mode="extractive")
    graph = build_qa_graph(deps)
    answer = graph.invoke("What is the default sampling interval in HLS?")
    assert answer.found and "15 minutes" in answer.answer
    assert not graph.invoke("What is the default sampling interval in QXV?").found


@pytest.mark.parametrize(
    "question",
    [
        "Which mill had the most staff?",  # the row is to be found, not named
        "Which mill ground fewer tonnes than Brackwater?",  # a comparison
        "Who ran the mill with 41 staff?",  # a name the table does not hold
    ],
)
def test_a_question_that_selects_a_row_is_not_a_lookup(question: str) -> None:
    model = ScriptedModel("NOT_FOUND")
    _ask(question, model)
    assert model.calls == 1  # the model reads the rows; no row stands in for the answer


@pytest.mark.parametrize(
    ("question", "answer", "typed"),
    [
        ("What length limit applies to a ferry ticket's reference?", "80 characters [1]", True),
        ("How many paying members does the rowing club have?", "212 [1]", True),
        ("What dividend per share did the board declare?", "3.5p per share [1]", True),
        ("How many days a week must staff work on site?", "At least three days [1]", True),
        ("What length limit applies to a ferry ticket's reference?", "Short ones [1]", False),
        ("Which version of the tool was installed?", "On 3 May 2019 [1]", False),
    ],
)
def test_a_quantity_question_takes_any_new_number(question: str, answer: str, typed: bool) -> None:
    assert of_asked_type(analyse(question), answer) is typed


@pytest.mark.parametrize(
    ("question", "answer", "typed"),
    [
        ("When does the pottery kiln get unloaded?", "The morning after the firing [1]", True),
        ("When should volunteers sign the register?", "Before they start a shift [1]", True),
        ("When does the ferry leave?", "At 7.45 pm from pier 2 [1]", True),
        ("When does the ferry leave?", "On 3 May [1]", True),
        ("When does the ferry leave?", "From pier 2 [1]", False),
        ("What date is the ferry's last crossing?", "Before the storm [1]", False),
    ],
)
def test_when_is_also_answered_by_a_clock_time_or_an_event(
    question: str, answer: str, typed: bool
) -> None:
    assert of_asked_type(analyse(question), answer) is typed
