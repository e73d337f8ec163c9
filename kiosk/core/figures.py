"""Figures as Chinese writes them: ``400余项``, ``近1000个``, ``900多万人次``, ``97%以上``.

A figure keeps its value as the exact decimal text of the source (``"15.1"``,
never a float), so what the screen shows is what the article printed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from enum import StrEnum

from kiosk.core.limits import MAX_PLOT_VALUE, MAX_VALUE_DIGITS
from kiosk.core.records import Record

MAGNITUDES = ("万", "亿", "万亿")

# ASCII digits only: ``\d`` would also take full-width ``１０００`` for Arabic.
ARABIC_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
ARABIC_VALUE = re.compile(rf"^{ARABIC_NUMBER}$")
CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千"
CHINESE_VALUE = re.compile(rf"^[{CHINESE_NUMERALS}]+$")
# After Arabic digits, 千, 百 and 十 would be read as the start of the unit (3千人: 3 of 千人).
_UNIT_FACTORS = {"十": 10, "百": 100, "千": 1000}
# Units that do start with one of them: 3千米 is three kilometres, not 3000 米.
PREFIXED_UNITS = ("千米", "千克", "千瓦", "千伏", "千帕", "千焦", "千卡", "千赫", "百帕", "百分点")
# Full-width digits and point, as a Chinese input method types them.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_FULL_WIDTH_POINT = re.compile(r"[0-9０-９]．[0-9０-９]")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a decimal digit that is not ASCII 0-9


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


# Qualifiers that make a figure approximate: the number is a round bound, not a count.
# (达 "reaches" states the number itself.)
APPROXIMATE_QUALIFIERS = frozenset(("近", "将近", "约", "超过", "超", "逾", "余", "多", "以上", "以下", "左右", "上下"))


def default_position(qualifier: str) -> QualifierPosition:
    return DEFAULT_POSITIONS.get(qualifier, QualifierPosition.BEFORE_NUMBER)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Figure(Record):
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
    # The settled (before, number, after), worked out once: validating a large deck asks
    # for each figure's text a dozen times.
    _settled: tuple[str, str, str] = field(default=("", "", ""), init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_settled", self._parts(self.value))

    @property
    def position(self) -> QualifierPosition:
        return self.qualifier_position or default_position(self.qualifier)

    @property
    def is_approximate(self) -> bool:
        """Whether the figure is a round bound (近1000个, 400余项, 97%以上), not an exact count."""
        return self.qualifier in APPROXIMATE_QUALIFIERS

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
        if number_text is None:
            return self._settled
        return self._parts(number_text)

    def _parts(self, number: str) -> tuple[str, str, str]:
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
        return "".join(self._settled)

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


def _alternatives(position: QualifierPosition) -> str:
    """The qualifiers of ``position``, longest first (将近 before 近)."""
    return "|".join(sorted((q for q, p in DEFAULT_POSITIONS.items() if p is position), key=len, reverse=True))


_PREFIX_QUALIFIERS = _alternatives(QualifierPosition.BEFORE_NUMBER)
_SUFFIX_QUALIFIERS = _alternatives(QualifierPosition.AFTER_UNIT)
_FIGURE_TEXT = re.compile(
    rf"^(?P<pre>{_PREFIX_QUALIFIERS})?"
    rf"(?P<num>{ARABIC_NUMBER}|[{CHINESE_NUMERALS}]+)"
    r"(?P<q1>余|多)?"
    r"(?P<mag>万亿|万|亿)?"
    r"(?P<q2>余|多)?"
    r"(?P<unit>[^0-9\s]{0,8}?)"
    rf"(?P<post>{_SUFFIX_QUALIFIERS})?$"
)


class FigureTextError(ValueError):
    """Text that does not read as one figure.

    ``message``, ``hint`` and ``message_en`` say why, when there is more to
    say than that the text is not a figure.
    """

    def __init__(self, text: str, message: str = "", hint: str = "", message_en: str = "") -> None:
        super().__init__(message_en or text)
        self.text = text
        self.message = message
        self.hint = hint
        self.message_en = message_en


def check_digits(text: str) -> None:
    """Refuse digits other than ASCII 0-9 (full-width ``１０００``), saying what to write."""
    if not _OTHER_DIGIT.search(text) and not _FULL_WIDTH_POINT.search(text):
        return
    shown = text.strip()
    fixed = shown.translate(_HALF_WIDTH)
    all_fixed = all(not ch.isdecimal() or ch.isascii() for ch in fixed)
    raise FigureTextError(
        text,
        f"“{shown}”里有全角数字或全角小数点，请用半角数字 0-9（小数点写 .）。",
        f"请写成“{fixed}”（切换到英文输入法再输入数字）。" if all_fixed else "请改用半角数字 0-9。",
        f"{shown!r} has full-width or other non-ASCII digits: use ASCII digits 0-9",
    )


def check_unit(figure: Figure, text: str) -> None:
    """Refuse a unit that starts with 千, 百 or 十 after Arabic digits (``3千人``).

    Only 万, 亿 and 万亿 are magnitudes: 3千人 would be the figure 3 of the
    unit 千人, and a chart would draw it as 3.
    """
    if not (figure.is_arabic and figure.unit[:1] in _UNIT_FACTORS) or figure.unit.startswith(PREFIXED_UNITS):
        return
    shown = text.strip()
    suggestion = ""
    if not figure.magnitude:
        value = Decimal(figure.value) * _UNIT_FACTORS[figure.unit[0]]
        written = f"{value:f}"
        if "." in written:
            written = written.rstrip("0").rstrip(".")
        suggestion = Figure(
            written, unit=figure.unit[1:], qualifier=figure.qualifier, qualifier_position=figure.qualifier_position
        ).text()
    raise FigureTextError(
        text,
        f"“{shown}”里的“{figure.unit[0]}”不能跟在阿拉伯数字后面（只有万、亿、万亿是数量级）。",
        f"请写成 {suggestion}。" if suggestion else "请把数字写完整，例如 3000人。",
        f"{shown!r}: {figure.unit[0]} after Arabic digits is not a magnitude; write the number in full"
        + (f" ({suggestion})" if suggestion else ""),
    )


def parse_figure(text: str, *, animate: bool = True) -> Figure:
    """Read ``近1000个`` or ``1.5万余名`` into a :class:`Figure`.

    The result always formats back to exactly ``text``.
    """
    compact = text.strip()
    check_digits(compact)
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
    check_unit(figure, compact)
    return figure


def _renders_alike(a: QualifierPosition, b: QualifierPosition, magnitude: str | None) -> bool:
    after = {QualifierPosition.AFTER_NUMBER, QualifierPosition.AFTER_MAGNITUDE}
    return a is b or (not magnitude and a in after and b in after)


MAGNITUDE_FACTORS = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(10**8), "万亿": Decimal(10**12)}


def plot_value(figure: Figure) -> float:
    """The figure's size on a chart axis (15.1万 -> 151000.0).

    A value a float cannot carry exactly (more than ``MAX_VALUE_DIGITS``
    digits) or an axis cannot span (above ``MAX_PLOT_VALUE``, inf) is refused.
    """
    if not figure.is_arabic:
        raise FigureTextError(figure.value)
    digits = len(figure.value) - ("." in figure.value)
    if digits > MAX_VALUE_DIGITS:
        shown = figure.text() if len(figure.text()) <= 40 else figure.text()[:20] + "…"
        raise FigureTextError(
            figure.value,
            f"“{shown}”有 {digits} 位数字，图表最多画 {MAX_VALUE_DIGITS} 位。",
            "请按原文写数字，大数用“万”“亿”写，例如 1.5亿人。",
            f"{shown!r} has {digits} digits; a chart draws at most {MAX_VALUE_DIGITS}",
        )
    value = float(Decimal(figure.value) * MAGNITUDE_FACTORS.get(figure.magnitude, Decimal(1)))
    if not math.isfinite(value) or value > MAX_PLOT_VALUE:
        raise FigureTextError(
            figure.value,
            f"“{figure.text()}”太大，图表画不出来（上限 1000万亿）。",
            "请检查数字和“万”“亿”是否写错。",
            f"{figure.text()!r} is too large to plot (limit 10^15)",
        )
    return value
