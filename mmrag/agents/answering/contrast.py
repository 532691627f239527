"""Answers about a neighbour: the value of another period, or of a row the question does not pick.

A model shown "up 12.4% on the first half of 2024 (£3,041,000)" answers "revenue in the
second half of 2024?" with £3,041,000; shown the rows "Bicycle mileage | Rate: 20p" and
"Car mileage | Rate: 42p" it answers "the mileage rate for motorcycles?" with one of them. Both
answers are supported by their evidence word for word, and both are about something else.

*Periods* are the qualifiers that exclude each other: halves ("H1", "first half"), quarters
("Q3", "third quarter"), months and weekdays, and in a table's row and column labels also
years (in prose the current year often goes unsaid: "£3.4m (2024: £3.0m)"). A value
contradicts the question when the words around it (a sentence: a few words either side; a
table cell: its row key and column header; a chart reading's item: its series and label) name
a period of a kind the question names, and none that the question names.

A *row* the question does not pick: the question names a table row only through words that
other rows' keys share ("mileage"), while the row's own distinguishing words ("bicycle") are
not in the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mmrag.agents.answering.question import Question, periods
from mmrag.agents.answering.scoring import same_word
from mmrag.agents.answering.units import Unit, UnitKind
from mmrag.agents.answering.verify import names_in, numbers_in, without_marks
from mmrag.platform import chart_text
from mmrag.platform.sparse import tokenize

WINDOW_WORDS = 6
"""Words either side of a value in a sentence that say what it is of."""

_NUMBER_TEXT = re.compile(r"\d[\d,.]*")


def clashing_period(asked: dict[str, set[str]], context: dict[str, set[str]]) -> str:
    """A period of ``context`` of a kind ``asked`` names, where ``context`` names none of the
    asked ones ("" when none clashes)."""
    for kind, wanted in asked.items():
        there = context.get(kind, set())
        if there and not there & wanted:
            return f"{'/'.join(sorted(there))}, not {'/'.join(sorted(wanted))}"
    return ""


def value_contexts(unit: Unit, values: set[str], names: Sequence[str]) -> list[tuple[str, bool]]:
    """Where the answer's ``values`` (normalised numbers) or ``names`` sit in ``unit``: for
    each place, the words that say what it is of and whether they are labels (a row key and
    column header, a chart series and item label) rather than prose around it."""
    if unit.kind is UnitKind.ROW:
        key, _, rest = unit.text.partition("|")
        places: list[tuple[str, bool]] = []
        for cell in rest.split(";"):
            header, _, value = cell.partition(":")
            if _holds(value, values, names):
                places.append((f"{key} {header}", True))
        return places
    reading = chart_text.parse_line(unit.text) if unit.kind is UnitKind.READING else None
    if reading is not None:  # the series and the item label are the labels of a value
        series = reading.of or reading.head
        return [
            (f"{series} {chart_text.item_label(item)}", True)
            for item in reading.items
            if _holds(item[len(chart_text.item_label(item)) :], values, names)
        ]
    words = unit.text.split()
    places = []
    for i, word in enumerate(words):
        if _holds(word, values, names):
            around = words[max(0, i - WINDOW_WORDS) : i + WINDOW_WORDS + 1]
            places.append((" ".join(around), False))
    return places


def _holds(text: str, values: set[str], names: Sequence[str]) -> bool:
    lower = text.lower()
    if any(name in lower for name in names):
        return True
    return any(numbers_in(m.group(0).rstrip(".,")) & values for m in _NUMBER_TEXT.finditer(text))


def period_clash(question: Question, places: Sequence[tuple[str, bool]]) -> str:
    """How the value at ``places`` (:func:`value_contexts`) is of another period than the
    question asks about ("h1, not h2"); "" when some place is not (or it names no period)."""
    asked_prose = periods(question.text)
    asked_table = periods(question.text, years=True)
    if not asked_table:
        return ""
    clashes = [
        clashing_period(asked_table if labels else asked_prose, periods(text, years=labels))
        for text, labels in places
    ]
    return clashes[0] if clashes and all(clashes) else ""


def neighbour_problem(question: Question, answer: str, unit: Unit, units: Sequence[Unit]) -> str:
    """Why the value ``answer`` takes from ``unit`` is about a neighbour of what the question
    asks (another period, a row the question does not pick; ``units``: the other units of
    the evidence, for the rows of the same table); "" when it is not."""
    text = without_marks(answer)
    values = numbers_in(text) - numbers_in(question.text)
    names = [n.lower() for n in names_in(text) if not set(tokenize(n)) <= question.words]
    places = value_contexts(unit, values, names)
    if not places:  # not found, or the value is the row's key: nothing to place
        return ""
    clash = period_clash(question, places)
    if clash:
        return f"the answer's value is for another period ({clash})"
    siblings = [u for u in units if u.chunk.id == unit.chunk.id and u.kind is UnitKind.ROW]
    own = unpicked_row(question, unit, siblings)
    return f"the question does not name the answer's row ({own})" if own else ""


def about_a_neighbour(
    question: Question, answer: str, cited: Sequence[Unit], units: Sequence[Unit]
) -> str:
    """Why ``answer`` is about a neighbour of what the question asks, when every ``cited``
    unit says so (:func:`neighbour_problem`); "" when some cited unit does not."""
    problems = [neighbour_problem(question, answer, unit, units) for unit in cited]
    return problems[0] if problems and all(problems) else ""


def unpicked_row(question: Question, unit: Unit, siblings: Sequence[Unit]) -> str:
    """The distinguishing words of the row key of ``unit`` when the question names that row
    only through words other rows of its table share ("mileage" of "Bicycle mileage" and "Car
    mileage"): the question does not pick this row. "" when it does, or names no key word."""
    if unit.kind is not UnitKind.ROW:
        return ""
    key = set(tokenize(unit.text.partition("|")[0]))
    said = {t for t in key if same_word(t, question.words)}
    if not said:
        return ""
    others = [set(tokenize(s.text.partition("|")[0])) for s in siblings if s is not unit]
    shared = set().union(*(o for o in others if o & key)) if others else set()
    own = key - shared
    if said <= shared and own and not any(same_word(t, question.words) for t in own):
        return ", ".join(sorted(own))
    return ""
