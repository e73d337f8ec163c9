"""Value axes count in the figures' common magnitude and label their ticks as plain digits."""

from __future__ import annotations

from kiosk.core.figures import parse_figure
from kiosk.ui.charts.scale import chart_value, format_tick, is_zero, value_scale
from ui.charts.samples import figures


def test_tick_format_and_scale():
    assert format_tick(2.5, 0.5, "万") == "2.5万"
    assert format_tick(1000000.0, 200000.0, "") == "1000000"
    assert format_tick(0.0, 5.0, "万") == "0"
    mixed = value_scale(figures("5000元", "3万元"), "金额")
    assert (mixed.factor, mixed.suffix) == (10_000.0, "万")
    titled = value_scale(figures("5万元", "30万元"), "资助金额（万元）")
    assert (titled.factor, titled.suffix) == (10_000.0, "")


def test_a_figure_that_is_not_a_number_is_drawn_as_zero_but_is_not_a_zero(caplog):
    words = parse_figure("近千家")
    assert not words.is_arabic
    assert chart_value(words) == 0.0
    assert "not a number" in caplog.text
    assert not is_zero(words)
    assert is_zero(parse_figure("0次"))
    assert not is_zero(parse_figure("3次"))


def test_ticks_are_four_to_six_round_values_from_zero():
    from kiosk.ui.charts.scale import tick_values

    assert tick_values(134) == [0, 25, 50, 75, 100, 125]
    assert tick_values(35) == [0, 10, 20, 30]
    assert tick_values(1.2) == [0, 0.25, 0.5, 0.75, 1.0]
    for top in (0.7, 3, 9.9, 34.6, 112, 591, 1024.4, 12_345):
        ticks = tick_values(top)
        assert 3 <= len(ticks) <= 6, (top, ticks)
        assert ticks[0] == 0 and ticks[-1] <= top
