"""Figures as Chinese writes them: ``400余项``, ``近1000个``, ``900多万人次``, ``97%以上``.

A figure keeps its value as the exact decimal text of the source (``"15.1"``,
never a float), so what the screen shows is what the article printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

MAGNITUDES = ("万", "亿", "万亿")

ARABIC_VALUE = re.compile(r"^\d+(\.\d+)?$")
CHINESE_VALUE = re.compile(r"^[零〇一二两三四五六七八九十百千万亿]+$")


class QualifierPosition(StrEnum):
    """Where a qualifier stands relative to number, magnitude and unit."""

    BEFORE_NUMBER = "before_number"  # 近1000个, 约3000人, 超过50%
    AFTER_NUMBER = "after_number"  # 400余项, 900多万人次
    AFTER_MAGNITUDE = "after_magnitude"  # 1.5万余名
    AFTER_UNIT = "after_unit"  # 97%以上, 100人左右


# Where each common qualifier goes when the bundle does not say.  余 and 多
# follow the magnitude when there is one (1.5万余名); an article that writes
# 900多万人次 sets ``qualifier_position: after_number`` on that figure.
DEFAULT_POSITIONS: dict[str, QualifierPosition] = {
    "近": QualifierPosition.BEFORE_NUMBER,
    "将近": QualifierPosition.BEFORE_NUMBER,
    "约": QualifierPosition.BEFORE_NUMBER,
    "超过": QualifierPosition.BEFORE_NUMBER,
    "超": QualifierPosition.BEFORE_NUMBER,
    "逾": QualifierPosition.BEFORE_NUMBER,
    "达": QualifierPosition.BEFORE_NUMBER,
    "余": QualifierPosition.AFTER_MAGNITUDE,
    "多": QualifierPosition.AFTER_MAGNITUDE,
    "以上": QualifierPosition.AFTER_UNIT,
    "以下": QualifierPosition.AFTER_UNIT,
    "左右": QualifierPosition.AFTER_UNIT,
    "上下": QualifierPosition.AFTER_UNIT,
}


def default_position(qualifier: str) -> QualifierPosition:
    return DEFAULT_POSITIONS.get(qualifier, QualifierPosition.BEFORE_NUMBER)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number with its magnitude, measure word and qualifier.

    ``value`` is the number exactly as the source writes it: Arabic digits
    with an optional decimal part (``"1024.4"``) or Chinese numerals (``"六"``).
    """

    value: str
    unit: str = ""
    magnitude: str = ""
    qualifier: str = ""
    qualifier_position: QualifierPosition | None = None
    prefix: str = ""
    suffix: str = ""
    animate: bool = True

    @property
    def position(self) -> QualifierPosition:
        return self.qualifier_position or default_position(self.qualifier)

    @property
    def is_arabic(self) -> bool:
        return bool(ARABIC_VALUE.match(self.value))

    @property
    def decimals(self) -> int:
        return len(self.value.partition(".")[2]) if self.is_arabic else 0

    @property
    def number(self) -> Decimal | None:
        return Decimal(self.value) if self.is_arabic else None

    def parts(self, number_text: str | None = None) -> tuple[str, str, str]:
        """The figure split for typesetting: (before, number, after).

        The number is drawn large, the words around it smaller.
        ``number_text`` replaces the value, for count-up frames.
        """
        number = self.value if number_text is None else number_text
        q = self.qualifier
        pos = self.position
        before = self.prefix + (q if q and pos is QualifierPosition.BEFORE_NUMBER else "")
        after = ""
        if q and pos is QualifierPosition.AFTER_NUMBER:
            after += q
        after += self.magnitude
        if q and pos is QualifierPosition.AFTER_MAGNITUDE:
            after += q
        after += self.unit
        if q and pos is QualifierPosition.AFTER_UNIT:
            after += q
        return before, number, after + self.suffix

    def text(self) -> str:
        """The figure as displayed: ``近1000个``, ``15.1万个``, ``97%以上``."""
        return "".join(self.parts())

    def frame_text(self, progress: float) -> str:
        """The count-up text at ``progress`` in [0, 1]; exactly ``text()`` at 1."""
        return "".join(self.parts(self.frame_number(progress)))

    def frame_number(self, progress: float) -> str:
        if progress >= 1.0 or not self.animate or not self.is_arabic:
            return self.value
        progress = max(0.0, float(progress))  # numpy and Qt floats too
        target = Decimal(self.value)
        step = Decimal(1).scaleb(-self.decimals)
        with localcontext() as context:
            context.prec = max(context.prec, len(self.value) + 20)  # room for a 40-digit value
            current = (target * Decimal(repr(progress))).quantize(step)
        current = min(current, target)
        return f"{current:.{self.decimals}f}"

    def widest_number(self) -> str:
        """A string as wide as any count-up frame, to reserve layout space."""
        return self.value


def format_figures(figures: list[Figure]) -> str:
    return "、".join(f.text() for f in figures)


_PREFIX_QUALIFIERS = "将近|超过|近|约|超|逾|达"
_SUFFIX_QUALIFIERS = "以上|以下|左右|上下"
_FIGURE_TEXT = re.compile(
    rf"^(?P<pre>{_PREFIX_QUALIFIERS})?"
    r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    r"(?P<q1>余|多)?"
    r"(?P<mag>万亿|万|亿)?"
    r"(?P<q2>余|多)?"
    r"(?P<unit>[^\d\s]{0,8}?)"
    rf"(?P<post>{_SUFFIX_QUALIFIERS})?$"
)


class FigureTextError(ValueError):
    """Text that does not read as one figure."""


def parse_figure(text: str, *, animate: bool = True) -> Figure:
    """Read ``近1000个`` or ``1.5万余名`` into a :class:`Figure`.

    The result always formats back to exactly ``text``.
    """
    compact = text.strip()
    match = _FIGURE_TEXT.match(compact)
    if not match:
        raise FigureTextError(text)
    groups = match.groupdict()
    qualifiers = [
        (groups["pre"], QualifierPosition.BEFORE_NUMBER),
        (groups["q1"], QualifierPosition.AFTER_NUMBER),
        (groups["q2"], QualifierPosition.AFTER_MAGNITUDE),
        (groups["post"], QualifierPosition.AFTER_UNIT),
    ]
    present = [(q, pos) for q, pos in qualifiers if q]
    if len(present) > 1:
        raise FigureTextError(text)
    qualifier, position = present[0] if present else ("", None)
    if position is not None and _renders_alike(position, default_position(qualifier), groups["mag"]):
        position = None
    figure = Figure(
        value=groups["num"],
        unit=groups["unit"] or "",
        magnitude=groups["mag"] or "",
        qualifier=qualifier,
        qualifier_position=position,
        animate=animate,
    )
    if figure.text() != compact:  # pragma: no cover - guarded by the pattern
        raise FigureTextError(text)
    return figure


def _renders_alike(a: QualifierPosition, b: QualifierPosition, magnitude: str | None) -> bool:
    after = {QualifierPosition.AFTER_NUMBER, QualifierPosition.AFTER_MAGNITUDE}
    return a is b or (not magnitude and a in after and b in after)


MAGNITUDE_FACTORS = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(10**8), "万亿": Decimal(10**12)}


def plot_value(figure: Figure) -> float:
    """The figure's size on a chart axis (15.1万 -> 151000.0)."""
    number = figure.number
    if number is None:
        raise FigureTextError(figure.value)
    return float(number * MAGNITUDE_FACTORS.get(figure.magnitude, Decimal(1)))
