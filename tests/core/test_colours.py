"""Colour maths shared by the theme check and the charts."""

from __future__ import annotations

import pytest

from kiosk.core.colours import contrast_ratio, mix, relative_luminance, rgb, with_contrast


def test_black_on_white_is_21_to_1():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)


def test_the_default_themes_text_reads_on_its_background():
    assert contrast_ratio("#FFF8E7", "#8E1B1B") >= 4.5


def test_mix_moves_a_colour_towards_another():
    assert mix("#000000", "#FFFFFF", 0.5) == pytest.approx((0.5, 0.5, 0.5))
    assert mix("#000000", "#FFFFFF", 2.0) == pytest.approx((1.0, 1.0, 1.0))
    assert rgb((0.1, 0.2, 0.3)) == (0.1, 0.2, 0.3)


def test_with_contrast_lightens_on_a_dark_ground_until_it_stands_out():
    result = with_contrast("#8E1B1B", ["#5C0F12"], 3.0)
    assert contrast_ratio(result, "#5C0F12") >= 3.0
    assert relative_luminance(result) > relative_luminance("#8E1B1B")
