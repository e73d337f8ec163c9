"""Value axes: the unit they count in (万, 亿) and their tick labels as plain digits."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.core.figures import MAGNITUDE_FACTORS, Figure, FigureTextError, plot_value

log = logging.getLogger(__name__)


def chart_value(figure: Figure) -> float:
    """The figure's size on the chart; a figure that is not a number is drawn as 0 (and logged)."""
    try:
        return plot_value(figure)
    except FigureTextError:
        log.warning("chart figure %r is not a number; drawn as 0", figure.text())
        return 0.0


def is_zero(figure: Figure) -> bool:
    """Whether ``figure`` is the number 0 (``0次``); a figure that is not a number is not."""
    try:
        return plot_value(figure) == 0
    except FigureTextError:
        return False


@dataclass(frozen=True)
class ValueScale:
    """How a value axis counts: in units of ``factor``, with ``suffix`` on each tick."""

    factor: float
    suffix: str


def value_scale(figures: Iterable[Figure], title: str) -> ValueScale:
    """The axis unit for ``figures``: their common magnitude (万, 亿) when they share one.

    The tick labels carry the magnitude unless the axis title already names it.
    """
    plotted = [f for f in figures if f.is_arabic]
    magnitudes = {f.magnitude for f in plotted}
    if len(magnitudes) == 1:
        magnitude = next(iter(magnitudes))
    else:
        top = max((chart_value(f) for f in plotted), default=0.0)
        magnitude = "亿" if top >= 1e8 else "万" if top >= 1e4 else ""
    factor = float(MAGNITUDE_FACTORS.get(magnitude, 1))
    suffix = "" if not magnitude or magnitude in title else magnitude
    return ValueScale(factor, suffix)


# Ticks on a value axis step by one of these times a power of ten, and a value
# axis carries at most MAX_TICKS of them (0 included): 4 to 6 round values,
# each with a gridline, not a line at every unit.
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)
MAX_TICKS = 6


def tick_step(top: float) -> float:
    """The smallest round step that puts at most ``MAX_TICKS`` ticks on ``[0, top]``."""
    if not math.isfinite(top) or top <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(top / MAX_TICKS))
    for _ in range(3):
        for nice in NICE_STEPS:
            step = nice * power
            if math.floor(top / step + 1e-9) + 1 <= MAX_TICKS:
                return step
        power *= 10
    return top  # pragma: no cover - three decades always hold a step


def tick_values(top: float) -> list[float]:
    """Round ticks from 0 up to ``top``: ``[0, 25, 50, 75, 100, 125]`` for 134."""
    step = tick_step(top)
    count = math.floor(top / step + 1e-9) + 1 if top > 0 and math.isfinite(top) else 1
    return [round(k * step, 12) for k in range(count)]


def format_tick(value: float, spacing: float, suffix: str) -> str:
    """An axis tick as plain digits (no exponent, no separators): ``200``, ``2.5万``."""
    if abs(value) < 1e-12:
        return "0"
    decimals = 0 if spacing >= 1 else min(6, math.ceil(-math.log10(spacing) - 1e-9))
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + suffix
