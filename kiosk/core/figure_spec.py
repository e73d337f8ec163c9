"""Figures in the manifest: a headline or chart value written as the article writes it.

A figure is text (``近1000个``) or a mapping of its parts (``value``, ``unit``,
``magnitude``, ``qualifier``…).  Either way it must carry its measure word or
unit, and hold no invisible character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.core.figures import (
    CHINESE_VALUE,
    MAGNITUDES,
    Figure,
    FigureTextError,
    QualifierPosition,
    check_digits,
    check_unit,
    parse_figure,
)
from kiosk.core.reader import INVALID, Reader, report_split_number, report_unsafe_character
from kiosk.core.schema import Flag, Spec, report_unknown_key
from kiosk.core.text_safety import first_unsafe
from kiosk.core.yamlsafe import MappingNode, Node, ScalarNode, is_null

_COUNT_UP = Flag()


@dataclass(eq=False, repr=False)
class FigureSpec(Spec):
    """A figure as text (``近1000个``) or as a mapping of its parts."""

    description: str = ""
    kind_zh: str = "数字"

    FIELDS = ("text", "value", "unit", "magnitude", "qualifier", "qualifier_position", "count_up")
    PARTS = ("value", "unit", "magnitude", "qualifier", "qualifier_position")  # what text replaces

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        figure = self._read(node, ctx, path)
        if figure is not INVALID and not figure.unit:
            _no_unit(figure, node, ctx, path)
            return INVALID
        return figure

    def _read(self, node: Node, ctx: Reader, path: str) -> Any:
        ctx.visit()
        if _unsafe_figure(node, ctx, path):
            return INVALID
        if isinstance(node, ScalarNode):
            return self._parse(node, str(node.value), True, ctx, path)
        if not isinstance(node, MappingNode):
            ctx.error(node, path, "数字应当写成文字（如“近1000个”）或对象。", "", "figure must be text or a mapping")
            return INVALID
        if report_split_number(ctx, node, path):
            return INVALID
        written = self._written_parts(node, ctx, path)
        if written is INVALID:
            return INVALID
        values, keys = written
        count_up = True
        if "count_up" in values:
            count_up = _COUNT_UP.read(values["count_up"][0], ctx, f"{path}.count_up")
            if count_up is INVALID:
                return INVALID
        if "text" in values:
            self._warn_parts_beside_text(values, keys, ctx, path)
            text_node, text = values["text"]
            return self._parse(text_node, text, count_up, ctx, f"{path}.text")
        return _from_parts(node, values, count_up, ctx, path)

    def _written_parts(self, node: MappingNode, ctx: Reader, path: str) -> Any:
        """The parts written, ``(values, keys)``: each known key's node and stripped text, and its key's node.

        An unknown key is warned about and an empty one reported (both left
        out); a part that is not text makes the figure ``INVALID``.
        """
        values: dict[str, tuple[Node, str]] = {}
        keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            ctx.visit()
            key = str(key_node.value)
            if key not in self.FIELDS:
                report_unknown_key(ctx, key_node, path, key, self.FIELDS)
                continue
            if not isinstance(value_node, ScalarNode):
                ctx.error(value_node, f"{path}.{key}", "这里应当是文字。", "", "expected text")
                return INVALID
            if is_null(value_node):
                Spec.empty(self, key_node, ctx, f"{path}.{key}", key)
                continue
            values[key] = (value_node, str(value_node.value).strip())
            keys[key] = key_node
        return values, keys

    def _warn_parts_beside_text(
        self, values: dict[str, tuple[Node, str]], keys: dict[str, Node], ctx: Reader, path: str
    ) -> None:
        for key in self.PARTS:
            if key in values:
                ctx.warning(
                    keys[key],
                    f"{path}.{key}",
                    f"写了 text 时，“{key}”会被忽略。",
                    "数字已经整个写在 text 里了，请删掉这一行；要分开写各部分，就删掉 text。",
                    f"{key} is ignored when text is given",
                )

    def _parse(self, node: Node, text: str, count_up: bool, ctx: Reader, path: str) -> Any:
        try:
            return parse_figure(text, animate=count_up)
        except FigureTextError as exc:
            if exc.message:
                ctx.error(node, path, exc.message, exc.hint, exc.message_en)
                return INVALID
            ctx.error(
                node,
                path,
                f"“{text}”读不出一个数字。",
                "请按文章原样写，例如 15.1万个、近1000个、900多万人次、97%以上；"
                "也可以分开写 value、magnitude、unit、qualifier。",
                f"cannot read {text!r} as a figure",
            )
            return INVALID

    def json_schema(self) -> dict[str, Any]:
        text = {"type": "string", "description": "数字原文，如“近1000个”“1.5万余名”“97%以上”"}
        parts = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "text": text,
                "value": {"type": ["string", "number"], "description": "数字本身，按原文写，如 15.1"},
                "unit": {"type": "string", "description": "单位或量词：个、人、项、元、平方米、%、人次……"},
                "magnitude": {"type": "string", "enum": ["", "万", "亿", "万亿"]},
                "qualifier": {"type": "string", "description": "余、多、近、约、以上、超过……"},
                "qualifier_position": {"type": "string", "enum": [p.value for p in QualifierPosition]},
                "count_up": {"type": "boolean", "description": "是否播放数字滚动动画（年份等请设为 false）"},
            },
        }
        return self._schema({"anyOf": [text, parts]})


def _from_parts(node: MappingNode, values: dict[str, tuple[Node, str]], count_up: Any, ctx: Reader, path: str) -> Any:
    """The figure its parts make (``value``, ``unit``, ``magnitude``…), or ``INVALID`` with the part reported."""
    if "value" not in values:
        ctx.error(
            node,
            path,
            "数字缺少 text 或 value。",
            "请写 text: 近1000个，或 value: 1000。",
            "figure needs text or value",
        )
        return INVALID
    value_node, value = values["value"]
    position = _qualifier_position(values, ctx, path)
    if position is INVALID:
        return INVALID
    figure = Figure(
        value=value,
        unit=values.get("unit", (node, ""))[1],
        magnitude=values.get("magnitude", (node, ""))[1],
        qualifier=values.get("qualifier", (node, ""))[1],
        qualifier_position=position,
        animate=count_up,
    )
    if not _parts_read(figure, value_node, values, ctx, path):
        return INVALID
    return figure


def _qualifier_position(values: dict[str, tuple[Node, str]], ctx: Reader, path: str) -> Any:
    """The ``qualifier_position`` written (``None`` if none), or ``INVALID`` with a suggestion reported."""
    if "qualifier_position" not in values or not values["qualifier_position"][1]:
        return None
    position_node, position_raw = values["qualifier_position"]
    try:
        return QualifierPosition(position_raw)
    except ValueError:
        options = "、".join(p.value for p in QualifierPosition)
        import difflib  # a suggestion, for a bad value only

        guess = difflib.get_close_matches(position_raw, [p.value for p in QualifierPosition], n=1)
        ctx.error(
            position_node,
            f"{path}.qualifier_position",
            f"“{position_raw}”不是可用的位置（可选：{options}）。",
            f"是不是想写“{guess[0]}”？" if guess else "",
            f"{position_raw!r} is not a qualifier position ({', '.join(p.value for p in QualifierPosition)})",
        )
        return INVALID


def _parts_read(figure: Figure, value_node: Node, values: dict[str, tuple[Node, str]], ctx: Reader, path: str) -> bool:
    """Whether the parts make a figure: digits, a number, a known magnitude, a fitting unit; the first fault reported."""
    value = figure.value
    try:
        check_digits(value)
    except FigureTextError as exc:
        ctx.error(value_node, f"{path}.value", exc.message, exc.hint, exc.message_en)
        return False
    if not figure.is_arabic and not CHINESE_VALUE.match(value):
        ctx.error(
            value_node,
            f"{path}.value",
            f"“{value}”不是数字。",
            "请只写数字本身，例如 15.1；单位写在 unit 里。",
            f"{value!r} is not a number",
        )
        return False
    if figure.magnitude not in ("", *MAGNITUDES):
        ctx.error(
            values["magnitude"][0],
            f"{path}.magnitude",
            f"“{figure.magnitude}”不是数量级。",
            "数量级只能是 万、亿 或 万亿。",
            "magnitude must be 万, 亿 or 万亿",
        )
        return False
    try:
        check_unit(figure, figure.text())
    except FigureTextError as exc:
        ctx.error(values["unit"][0], f"{path}.unit", exc.message, exc.hint, exc.message_en)
        return False
    return True


def _no_unit(figure: Figure, node: Node, ctx: Reader, path: str) -> None:
    """A figure needs its measure word or unit: a bare ``9`` says nothing a visitor can check."""
    shown = figure.text()
    if figure.is_arabic and not figure.magnitude and len(figure.value) <= 3:
        hint = (
            f"请按原文写上量词或单位，例如 {shown}个、{shown}人、{shown}项。"
            f"如果原文的数字带千位逗号（例如 {shown},500人），逗号会把数字拆开：请去掉逗号，连着写。"
        )
    else:
        hint = f"请按原文写上量词或单位，例如 {shown}个、{shown}人、{shown}元。"
    ctx.error(
        node,
        path,
        f"数字“{shown}”没有量词或单位，观众看不出它数的是什么。",
        hint,
        f"figure {shown!r} has no measure word or unit: write it as the source does, e.g. {shown}个",
        code="figure-no-unit",
    )


def _unsafe_figure(node: Node, ctx: Reader, path: str) -> bool:
    """Report a control or format character in a figure (text or parts); whether there was one."""
    scalars = [node] if isinstance(node, ScalarNode) else []
    if isinstance(node, MappingNode):
        scalars = [value for _key, value in node.value if isinstance(value, ScalarNode)]
    for scalar in scalars:
        raw = str(scalar.value)
        bad = first_unsafe(raw)
        if bad is not None:
            report_unsafe_character(scalar, raw, bad, ctx, path)
            return True
    return False
