"""The charts' colours: fills that stand out from the red, and the palette the pages draw with.

The maths (luminance, contrast, mixing) is :mod:`kiosk.core.colours`; this
module only turns its results into QColors.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QColor

from kiosk.core.colours import Rgb, contrast_ratio, mix, with_contrast
from kiosk.core.model import Theme
from kiosk.ui.look import Palette, qcolor, rgb_of, with_alpha

MIN_GRAPHIC_CONTRAST = 3.0  # bars and slices against the red background
SERIES_COUNT = 8  # fills made per palette; more series repeat them
DISTINCT_DISTANCE = 38  # a candidate this close (RGB distance) to a fill taken already is left out


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours."""
    return contrast_ratio(rgb_of(a), rgb_of(b))


def series_colours(theme: Theme, count: int) -> list[QColor]:
    """Fill colours for bars and slices: gold first, then golds and creams.

    Each stands out at least 3:1 from the background, its deep end and the
    surface colour.
    """
    gold, cream, deep = theme.gold, theme.text, theme.background_deep
    candidates: list[str | Rgb] = [
        gold,
        cream,
        mix(gold, deep, 0.25),  # dark gold
        mix(gold, "#FF8A3D", 0.55),  # orange gold
        mix(gold, "#FFFFFF", 0.55),  # pale gold
        theme.muted,
        mix(cream, deep, 0.18),  # warm grey cream
        theme.accent,
    ]
    grounds: list[str | Rgb] = [theme.background, deep, theme.surface]
    result: list[QColor] = []
    for candidate in candidates:
        colour = qcolor(with_contrast(candidate, grounds, MIN_GRAPHIC_CONTRAST))
        if all(_distance(colour, other) > DISTINCT_DISTANCE for other in result):
            result.append(colour)
    if not result:
        result = [qcolor(gold)]
    return [result[i % len(result)] for i in range(max(count, 1))]


def _distance(a: QColor, b: QColor) -> float:
    return math.dist((a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue()))


class ChartPalette(Palette):
    """The theme's colours plus what charts add: the axis colour and the series fills."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.axis = with_alpha(self.muted, 0.75)
        self.series = series_colours(theme, SERIES_COUNT)

    def fill(self, index: int) -> QColor:
        return self.series[index % len(self.series)]

    def text_on(self, fill: QColor) -> QColor:
        """The more readable of the deep background and the text colour on ``fill``."""
        return self.background_deep if contrast(self.background_deep, fill) >= contrast(self.text, fill) else self.text
