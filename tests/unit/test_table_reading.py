"""A table's column extremes: numbers in cells, which columns count, which rows are left out."""

from __future__ import annotations

import pytest

from mmrag.ingestion.table_reading import cell_number, column_label, table_reading
from mmrag.platform import chart_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("£1,214", 1214.0),
        ("+15.5%", 15.5),
        ("-12.3%", -12.3),
        ("9.0 h", 9.0),
        ("38.5 t", 38.5),
        ("(1,200)", -1200.0),  # an accountant's negative
        ("7.40", 7.4),
        ("12 Jan", None),  # a date, not twelve of something
        ("2025-06-12", None),
        ("FY-20426", None),
        ("three", None),
        ("", None),
    ],
)
def test_a_cell_states_a_number_with_its_sign_currency_or_unit(
    cell: str, value: float | None
) -> None:
    assert cell_number(cell) == value


HEADER = ["Depot", "Opened", "Vans", "Fuel (£000)", "Region"]
ROWS = [
    ["Ashby", "2011", "14", "212", "North"],
    ["Brayford", "2019", "22", "301", "North"],
    ["Cotton End", "2015", "9", "148", "South"],
    ["Dunmere", "2015", "22", "97", "South"],
    ["All depots", "", "67", "758", ""],
]


def test_every_numeric_column_gets_its_extremes_with_ties_and_no_total_row() -> None:
    lines = table_reading(HEADER, ROWS).splitlines()
    assert "Highest (Vans): Brayford 22; Dunmere 22" in lines
    assert "Lowest (Vans): Cotton End 9" in lines
    assert "Highest (Fuel £000): Brayford 301" in lines  # not the "All depots" sum
    assert "Lowest (Fuel £000): Dunmere 97" in lines
    assert "Row counts (Region): North 2; South 2" in lines  # a few words, repeated: counted
    assert all(chart_text.is_reading_line(line) for line in lines)
    parsed = chart_text.parse_line("Highest (Fuel £000): Brayford 301")
    assert parsed is not None and parsed.of == "Fuel £000"


def test_a_column_of_names_or_long_text_is_not_counted() -> None:
    header = ["Order", "Customer", "Status"]
    rows = [[f"A-{i}", f"Customer {i}", "sent" if i % 3 else "held"] for i in range(9)]
    assert table_reading(header, rows) == "Row counts (Status): sent 6; held 3"
    rows = [[f"A-{i}", "x", "returned after a long delay in transit"] for i in range(4)]
    assert table_reading(header, rows) == ""  # one value; a sentence, not a category


def test_a_column_too_short_mostly_words_or_all_equal_has_no_extremes() -> None:
    header = ["Item", "Qty", "Note", "Band"]
    rows = [["a", "1", "see below", "5"], ["b", "2", "n/a", "5"], ["c", "x", "12", "5"]]
    assert table_reading(header, rows) == ""  # Qty: 2 numbers; Note: 1 of 3; Band: all 5
    assert table_reading(header, rows[:2]) == ""


def test_a_column_label_fits_inside_a_reading_lines_brackets() -> None:
    assert column_label("Revenue (£000)") == "Revenue £000"
    assert column_label("order_total_gbp") == "order total gbp"
