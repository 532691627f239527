"""The chart-reading text: what the writers format, the readers parse back."""

from __future__ import annotations

import pytest

from mmrag.platform import chart_text

pytestmark = pytest.mark.unit


def test_format_and_parse_round_trip() -> None:
    text = chart_text.format_reading(
        chart_text.BAR_HEAD,
        ["Alpha 3", f"Beta {chart_text.estimated('7')}"],
        [(3.0, "Alpha 3"), (7.0, "Beta ≈7")],
    )
    values, highest, lowest = text.splitlines()
    assert chart_text.parse_line(values) == chart_text.ReadingLine(
        chart_text.LineKind.VALUES, "Bar values", ("Alpha 3", "Beta ≈7")
    )
    assert chart_text.extreme_kind(highest) is chart_text.LineKind.HIGHEST
    assert chart_text.extreme_kind(lowest) is chart_text.LineKind.LOWEST
    assert chart_text.item_lines(values) == ["Bar values: Alpha 3", "Bar values: Beta ≈7"]
    assert chart_text.parse_line("Alpha is the highest bar.") is None


def test_point_heads_keep_their_axes_and_labels_lose_their_values() -> None:
    head = chart_text.point_head([("x", "hours"), ("y", "")])
    assert head == "Point values (x: hours)"
    line = chart_text.values_line(head, ["K-1 (x ≈4, y ≈9)", "K-2 (x ≈5, y ≈1)"])
    assert chart_text.parse_line(line).items == ("K-1 (x ≈4, y ≈9)", "K-2 (x ≈5, y ≈1)")  # type: ignore[union-attr]
    assert chart_text.item_label("K-1 (x ≈4, y ≈9)") == "K-1"
    assert chart_text.item_label("Oak Row 96 L") == "Oak Row"
    assert chart_text.single_item("Bar values: Oak Row 96 L") == "Oak Row 96 L"


def test_a_series_extreme_line_names_its_series() -> None:
    text = chart_text.format_reading(
        chart_text.series_head("Rail"),
        ["North 30.5", "West 26.5"],
        [(30.5, "North 30.5"), (26.5, "West 26.5")],
        of="Rail",
    )
    values, highest, lowest = text.splitlines()
    assert values == "Bar values (Rail): North 30.5; West 26.5"
    assert highest == "Highest (Rail): North 30.5"
    parsed = chart_text.parse_line(lowest)
    assert parsed is not None and parsed.kind is chart_text.LineKind.LOWEST
    assert parsed.items == ("West 26.5",) and parsed.of == "Rail"
    whole = chart_text.parse_line("Highest: Jan 3")
    assert whole is not None and whole.of == "" and whole.items == ("Jan 3",)
    series = chart_text.parse_line(highest)
    assert series is not None and series.of == "Rail"


def test_line_readings_parse_like_bar_readings() -> None:
    text = chart_text.format_reading(
        chart_text.line_head("North basin"),
        ["Q1 2023 ≈51.2", "Q2 2023 ≈44"],
        [(51.2, "Q1 2023 ≈51.2"), (44.0, "Q2 2023 ≈44")],
        of="North basin",
    )
    values, highest, _ = text.splitlines()
    assert values == "Line values (North basin): Q1 2023 ≈51.2; Q2 2023 ≈44"
    parsed = chart_text.parse_line(values)
    assert parsed is not None and parsed.kind is chart_text.LineKind.VALUES
    assert parsed.head == "Line values (North basin)"
    assert chart_text.item_lines(values)[1] == "Line values (North basin): Q2 2023 ≈44"
    assert chart_text.extreme_kind(highest) is chart_text.LineKind.HIGHEST
    assert chart_text.line_head() == "Line values"
    assert chart_text.single_item("Line values: Mar ≈143") == "Mar ≈143"


def test_a_label_ending_in_a_number_keeps_it_before_an_estimate() -> None:
    assert chart_text.item_label("Q1 2023 ≈40") == "Q1 2023"
    assert chart_text.item_label("Q1 2023 40") == "Q1 2023"
    assert chart_text.item_label("Riverside 142.6 kWh") == "Riverside"
