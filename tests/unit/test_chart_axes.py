"""The chart toolkit shared by bar and scatter readers: numbers, scales, alignment, pixels."""

from __future__ import annotations

import numpy as np
import pytest

from mmrag.ingestion.charts.axes import (
    ParsedNumber,
    aligned_groups,
    as_rgb,
    fit_scale,
    parse_number,
    reading_or_nothing,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "value", "shown", "prefix", "unit"),
    [
        ("1,500", 1500.0, "1,500", "", ""),
        ("$1.2M", 1.2, "$1.2M", "$", "M"),
        ("65 %", 65.0, "65%", "", "%"),
        ("142L", 142.0, "142 L", "", "L"),
        ("−3.5", -3.5, "-3.5", "", ""),
    ],
)
def test_parse_number(text: str, value: float, shown: str, prefix: str, unit: str) -> None:
    assert parse_number(text) == ParsedNumber(value, shown, prefix, unit)


@pytest.mark.parametrize("text", ["Jan", "PS-7", "1.2.3", "", "about 40"])
def test_parse_number_rejects_words(text: str) -> None:
    assert parse_number(text) is None


def _numbers(*values: str) -> list[ParsedNumber]:
    parsed = [parse_number(v) for v in values]
    assert all(p is not None for p in parsed)
    return [p for p in parsed if p is not None]


def test_fit_scale_through_even_ticks() -> None:
    # a value axis drawn upwards: 0 at y=400, 150 at y=100 (pixels grow downwards)
    scale = fit_scale([400.0, 300.0, 200.0, 100.0], _numbers("0", "50", "100", "150 mm"), 50.0)
    assert scale is not None
    assert scale.slope == pytest.approx(-0.5)
    assert (scale.low, scale.high, scale.step) == (0.0, 150.0, 50.0)
    assert scale.value_at(250.0) == pytest.approx(75.0)
    assert scale.position_of(75.0) == pytest.approx(250.0)
    # to a power of ten near step / 10 (step 50: whole numbers); mixed units: none is kept
    assert scale.estimate(247.0) == (76.0, "76")


def test_fit_scale_keeps_a_common_unit() -> None:
    scale = fit_scale([0.0, 100.0, 200.0], _numbers("10%", "20%", "30%"), 50.0)
    assert scale is not None and (scale.prefix, scale.unit) == ("", "%")
    assert scale.estimate(50.0) == (15.0, "15%")
    fine = fit_scale([0.0, 100.0, 200.0], _numbers("0.1", "0.2", "0.3"), 50.0)
    assert fine is not None and fine.estimate(60.0) == (0.16, "0.16")


@pytest.mark.parametrize(
    ("positions", "values", "min_span"),
    [
        ([0.0, 100.0, 200.0], ("0", "10", "50"), 50.0),  # uneven ticks: not a linear axis
        ([0.0, 100.0], ("10", "10"), 50.0),  # repeated value
        ([0.0, 10.0], ("0", "10"), 50.0),  # too short a span
        ([0.0], ("0",), 0.0),  # one tick
    ],
)
def test_fit_scale_refuses(
    positions: list[float], values: tuple[str, ...], min_span: float
) -> None:
    assert fit_scale(positions, _numbers(*values), min_span) is None


def test_aligned_groups() -> None:
    xs = [10.0, 11.5, 50.0, 12.0, 90.0, 91.0]
    assert aligned_groups(xs, lambda x: x, 2.0) == [[10.0, 11.5, 12.0], [90.0, 91.0]]
    assert aligned_groups(xs, lambda x: x, 0.1) == []


def test_as_rgb() -> None:
    grey = np.arange(6, dtype=np.uint8).reshape(2, 3)
    rgb = as_rgb(grey)
    assert rgb.shape == (2, 3, 3) and rgb.flags.c_contiguous
    assert (rgb[..., 0] == grey).all() and (rgb[..., 2] == grey).all()
    rgba = np.zeros((2, 2, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    assert as_rgb(rgba).shape == (2, 2, 3) and not as_rgb(rgba).any()


def test_a_reading_that_fails_or_finds_nothing_is_empty(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> int:
        raise ValueError("no axis")

    assert reading_or_nothing("test", lambda: 7, lambda v: f"seven is {v}") == "seven is 7"
    assert reading_or_nothing("test", lambda: None, str) == ""
    assert reading_or_nothing("test", broken, str) == ""
    assert "test chart reading failed" in caplog.text
