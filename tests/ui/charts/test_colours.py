"""Bars and slices stand out from the red background; text on a fill is the more readable colour."""

from __future__ import annotations

from PySide6.QtGui import QColor

from kiosk.core.model import Theme
from kiosk.ui.charts.colours import ChartPalette, contrast, series_colours


def test_fill_colours_stand_out_from_the_background(theme):
    colours = series_colours(theme, 6)
    assert colours[0] == QColor(theme.gold)
    for colour in colours:
        for ground in (theme.background, theme.background_deep, theme.surface):
            assert contrast(colour, QColor(ground)) >= 3.0, (colour.name(), ground)
    assert contrast(QColor(theme.text), QColor(theme.background)) >= 4.5


def test_more_series_than_fills_repeat_them(theme):
    palette = ChartPalette(theme)
    assert len(series_colours(theme, 20)) == 20
    assert palette.fill(len(palette.series)) == palette.fill(0)


def test_text_on_a_fill_is_the_more_readable_of_deep_red_and_cream():
    palette = ChartPalette(Theme())
    gold = palette.fill(0)
    on_gold = palette.text_on(gold)
    other = palette.text if on_gold == palette.background_deep else palette.background_deep
    assert contrast(on_gold, gold) >= contrast(other, gold)
