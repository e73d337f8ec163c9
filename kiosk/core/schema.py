"""A small declarative schema: one description gives both validation and JSON Schema.

Each spec reads a YAML node, reports what is wrong in words an editor
understands (with the line), and returns a plain value or :data:`INVALID`.
``json_schema()`` gives the same rules to editors for autocompletion.

A hand-written reader, not pydantic: importing pydantic and building the
models costs 130-160 ms, half of the kiosk's budget for its first frame,
and its messages would need translating into Chinese anyway.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
from kiosk.core.problems import ProblemList, Severity
from kiosk.core.text_safety import character_name, first_unsafe, for_terminal, is_control, is_direction_control
from kiosk.core.yamlsafe import (
    MAX_DEPTH,
    MAX_NODE_VISITS,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    is_null,
    line_of,
)


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()


class TooManyNodes(Exception):  # noqa: N818 - a condition, not a bug
    """The document expands to more nodes than a manifest may have."""


@dataclass
class Reader:
    """State of one read: where we are, which card, what went wrong."""

    problems: ProblemList
    visits: int = 0
    depth: int = 0
    card: str | None = None
    card_path: str | None = None

    def visit(self) -> None:
        self.visits += 1
        if self.visits > MAX_NODE_VISITS:
            raise TooManyNodes

    def field_name(self, path: str) -> str:
        if self.card_path and path.startswith(self.card_path + "."):
            return path[len(self.card_path) + 1 :]
        return path

    def error(
        self, node: Node | None, path: str, message: str, hint: str = "", en: str = "", *, code: str = "schema"
    ) -> None:
        self.problems.error(
            code,
            message,
            hint=hint,
            en=en,
            line=line_of(node) if node is not None else None,
            card=self.card,
            field=self.field_name(path) or None,
        )

    def warning(self, node: Node | None, path: str, message: str, hint: str = "", en: str = "") -> None:
        self.problems.warning(
            "schema",
            message,
            hint=hint,
            en=en,
            line=line_of(node) if node is not None else None,
            card=self.card,
            field=self.field_name(path) or None,
        )


TRUE_WORDS = frozenset({"true", "yes", "on"})
FALSE_WORDS = frozenset({"false", "no", "off"})


class Spec:
    description: str = ""
    kind_zh: str = "值"

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _schema(self, base: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            base["description"] = self.description
        return base

    def empty(self, key_node: Node, ctx: Reader, path: str, name: str) -> bool:
        """An optional key written with nothing after it: a warning, and it is left out.

        Returns whether that is an error instead.
        """
        ctx.warning(
            key_node,
            path,
            f"“{name}”后面是空的，它会被忽略。",
            f"如果不需要，请删掉这一行；否则请在 {name}: 后面填写内容。",
            f"{name} is empty and ignored",
        )
        return False

    def _scalar(self, node: Node, ctx: Reader, path: str) -> ScalarNode | None:
        ctx.visit()
        if isinstance(node, ScalarNode):
            return node
        ctx.error(
            node,
            path,
            f"这里应当是{self.kind_zh}，不是列表或对象。",
            "请检查缩进。",
            f"expected a {type(self).__name__.lower()} here",
        )
        return None


@dataclass
class Text(Spec):
    description: str = ""
    max_length: int = 2000
    min_length: int = 1
    pattern: str | None = None
    pattern_hint: str = ""
    kind_zh: str = "文字"
    multiline: bool = False  # may hold newlines and tabs (explanations, detail text)

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        raw = str(scalar.value)
        bad = first_unsafe(raw, multiline=self.multiline)
        if bad is not None:  # before anything echoes the value
            _unsafe_character(scalar, raw, bad, ctx, path)
            return INVALID
        value = raw.strip()
        if len(value) < self.min_length:
            ctx.error(node, path, "这里不能为空。", "请填写内容。", "must not be empty")
            return INVALID
        if len(value) > self.max_length:
            ctx.error(
                node,
                path,
                f"文字太长（{len(value)} 字，上限 {self.max_length} 字）。",
                "请删减。",
                f"text too long ({len(value)} > {self.max_length})",
            )
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, value):
            ctx.error(node, path, f"“{value}”格式不对。", self.pattern_hint, f"{value!r} does not match {self.pattern}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length, "minLength": self.min_length}
        if self.pattern:
            schema["pattern"] = f"^{self.pattern}$"
        return self._schema(schema)


def _has_unsafe_character(node: Node, ctx: Reader, path: str) -> bool:
    """Report a control or format character in a figure (text or parts); whether there was one."""
    scalars = [node] if isinstance(node, ScalarNode) else []
    if isinstance(node, MappingNode):
        scalars = [value for _key, value in node.value if isinstance(value, ScalarNode)]
    for scalar in scalars:
        raw = str(scalar.value)
        bad = first_unsafe(raw)
        if bad is not None:
            _unsafe_character(scalar, raw, bad, ctx, path)
            return True
    return False


def _unsafe_character(node: ScalarNode, raw: str, index: int, ctx: Reader, path: str) -> None:
    """Report a control, format or line-break character in text, at its own line when it can be found."""
    char = raw[index]
    line = line_of(node)
    if node.style == "|":  # a literal block: its lines start below the | and are kept as written
        line += 1 + raw.count("\n", 0, index)
    field_name = ctx.field_name(path) or None
    shown = for_terminal(raw[max(0, index - 12) : index + 12], multiline=False)
    name = character_name(char)
    if char in "\n\t":
        what, what_en = ("换行", "line break") if char == "\n" else ("制表符（Tab）", "tab")
        ctx.problems.error(
            "not-one-line",
            f"这里只能写一行，第 {index + 1} 个字处有{what}：“{shown}”。",
            hint="请写在一行里。可以分行的只有说明文字：explanation、detail.text、quote 和 description。",
            en=f"{what_en} in one-line text: write it on one line",
            line=line,
            card=ctx.card,
            field=field_name,
        )
        return
    if is_direction_control(char):
        message = f"第 {index + 1} 个字是看不见的文字方向控制符 {name}，它会打乱文字的显示顺序：“{shown}”。"
    elif is_control(char):
        message = f"第 {index + 1} 个字是控制字符 {name}，它看不见，却能操纵终端和日志：“{shown}”。"
    else:
        message = f"第 {index + 1} 个字是看不见的格式字符 {name}，不能使用：“{shown}”。"
    ctx.problems.error(
        "unsafe-character",
        message,
        hint="请删掉这个字符（从网页或文档复制时常会混进来，重新输入这段文字最稳妥）。",
        en=f"character {name} at position {index + 1} is not allowed in bundle text",
        line=line,
        card=ctx.card,
        field=field_name,
    )


@dataclass
class Number(Spec):
    description: str = ""
    minimum: float = 0
    maximum: float = 1e9
    integer: bool = False
    kind_zh: str = "数字"

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        raw = str(scalar.value).strip()
        try:
            value: float = int(raw) if self.integer else float(raw)
        except ValueError:
            what = "整数" if self.integer else "数字"
            ctx.error(node, path, f"“{raw}”不是{what}。", f"请填写一个{what}，例如 10。", f"{raw!r} is not a number")
            return INVALID
        if math.isnan(value) or not (self.minimum <= value <= self.maximum):
            ctx.error(
                node,
                path,
                f"{raw} 超出范围（应在 {self.minimum:g} 到 {self.maximum:g} 之间）。",
                "",
                f"{raw} out of range [{self.minimum:g}, {self.maximum:g}]",
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._schema(
            {"type": "integer" if self.integer else "number", "minimum": self.minimum, "maximum": self.maximum}
        )


@dataclass
class Flag(Spec):
    description: str = ""
    kind_zh: str = "是/否（true 或 false）"

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        raw = str(scalar.value).strip().lower()
        if raw in TRUE_WORDS | FALSE_WORDS:
            return raw in TRUE_WORDS
        ctx.error(
            node,
            path,
            f"“{scalar.value}”应当是 true 或 false。",
            "请写 true 或 false（也可以写 yes/no、on/off）。",
            f"{scalar.value!r} is not true or false",
        )
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return self._schema({"type": "boolean"})


_FLAG = Flag()


@dataclass
class Choice(Spec):
    values: Sequence[str] = ()
    description: str = ""
    convert: Callable[[str], Any] = str
    kind_zh: str = "选项"

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        value = str(scalar.value).strip()
        if value in self.values:
            return self.convert(value)
        allowed = "、".join(self.values)
        guess = difflib.get_close_matches(value, self.values, n=1)
        hint = f"是不是想写“{guess[0]}”？" if guess else ""
        ctx.error(
            node, path, f"“{value}”不是可用的选项（可选：{allowed}）。", hint, f"{value!r} is not one of {allowed}"
        )
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return self._schema({"type": "string", "enum": list(self.values)})


COLOUR_PATTERN = r"#[0-9A-Fa-f]{6}"


@dataclass
class ColourText(Text):
    """A ``"#RRGGBB"`` colour; written without quotes, YAML reads it as a comment."""

    def empty(self, key_node: Node, ctx: Reader, path: str, name: str) -> bool:
        ctx.error(
            key_node,
            path,
            f'颜色要加引号，例如 {name}: "#12355B"（不加引号时 # 后面会被当成注释）。',
            "如果想用默认颜色，请删掉这一行。",
            f'colour {name} is empty: write it in quotes, e.g. {name}: "#12355B" (an unquoted # starts a comment)',
        )
        return True


def Colour(description: str = "") -> Text:  # noqa: N802 - reads as a type in declarations
    return ColourText(
        description=description,
        max_length=7,
        pattern=COLOUR_PATTERN,
        pattern_hint="颜色请写成 #RRGGBB，例如 #C8102E。",
    )


@dataclass
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
        if _has_unsafe_character(node, ctx, path):
            return INVALID
        if isinstance(node, ScalarNode):
            return self._parse(node, str(node.value), True, ctx, path)
        if not isinstance(node, MappingNode):
            ctx.error(node, path, "数字应当写成文字（如“近1000个”）或对象。", "", "figure must be text or a mapping")
            return INVALID
        if _split_number(ctx, node, path):
            return INVALID
        values: dict[str, tuple[Node, str]] = {}
        keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            ctx.visit()
            key = str(key_node.value)
            if key not in self.FIELDS:
                _unknown_key(ctx, key_node, path, key, self.FIELDS)
                continue
            if not isinstance(value_node, ScalarNode):
                ctx.error(value_node, f"{path}.{key}", "这里应当是文字。", "", "expected text")
                return INVALID
            if is_null(value_node):
                Spec.empty(self, key_node, ctx, f"{path}.{key}", key)
                continue
            values[key] = (value_node, str(value_node.value).strip())
            keys[key] = key_node
        count_up = True
        if "count_up" in values:
            count_up = _FLAG.read(values["count_up"][0], ctx, f"{path}.count_up")
            if count_up is INVALID:
                return INVALID
        if "text" in values:
            for key in self.PARTS:
                if key in values:
                    ctx.warning(
                        keys[key],
                        f"{path}.{key}",
                        f"写了 text 时，“{key}”会被忽略。",
                        "数字已经整个写在 text 里了，请删掉这一行；要分开写各部分，就删掉 text。",
                        f"{key} is ignored when text is given",
                    )
            text_node, text = values["text"]
            return self._parse(text_node, text, count_up, ctx, f"{path}.text")
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
        position_raw = values.get("qualifier_position", (node, ""))[1]
        position = None
        if position_raw:
            try:
                position = QualifierPosition(position_raw)
            except ValueError:
                options = "、".join(p.value for p in QualifierPosition)
                guess = difflib.get_close_matches(position_raw, [p.value for p in QualifierPosition], n=1)
                ctx.error(
                    values["qualifier_position"][0],
                    f"{path}.qualifier_position",
                    f"“{position_raw}”不是可用的位置（可选：{options}）。",
                    f"是不是想写“{guess[0]}”？" if guess else "",
                    f"{position_raw!r} is not a qualifier position ({', '.join(p.value for p in QualifierPosition)})",
                )
                return INVALID
        figure = Figure(
            value=value,
            unit=values.get("unit", (node, ""))[1],
            magnitude=values.get("magnitude", (node, ""))[1],
            qualifier=values.get("qualifier", (node, ""))[1],
            qualifier_position=position,
            animate=count_up,
        )
        try:
            check_digits(value)
        except FigureTextError as exc:
            ctx.error(value_node, f"{path}.value", exc.message, exc.hint, exc.message_en)
            return INVALID
        if not figure.is_arabic and not CHINESE_VALUE.match(value):
            ctx.error(
                value_node,
                f"{path}.value",
                f"“{value}”不是数字。",
                "请只写数字本身，例如 15.1；单位写在 unit 里。",
                f"{value!r} is not a number",
            )
            return INVALID
        if figure.magnitude not in ("", *MAGNITUDES):
            ctx.error(
                values["magnitude"][0],
                f"{path}.magnitude",
                f"“{figure.magnitude}”不是数量级。",
                "数量级只能是 万、亿 或 万亿。",
                "magnitude must be 万, 亿 or 万亿",
            )
            return INVALID
        try:
            check_unit(figure, figure.text())
        except FigureTextError as exc:
            ctx.error(values["unit"][0], f"{path}.unit", exc.message, exc.hint, exc.message_en)
            return INVALID
        return figure

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


@dataclass
class ListOf(Spec):
    item: Spec = field(default_factory=Text)
    description: str = ""
    min_items: int = 0
    max_items: int = 10_000
    kind_zh: str = "列表"

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        ctx.visit()
        if not isinstance(node, SequenceNode):
            if isinstance(node, ScalarNode) and not isinstance(self.item, Record):
                # a single value where a list is expected: accept it as a list of one
                value = self.item.read(node, ctx, path)
                return INVALID if value is INVALID else [value]
            ctx.error(node, path, "这里应当是一个列表（每项以“- ”开头）。", "", "expected a list")
            return INVALID
        if len(node.value) < self.min_items:
            ctx.error(node, path, f"列表至少要有 {self.min_items} 项。", "", f"needs at least {self.min_items} items")
            return INVALID
        if len(node.value) > self.max_items:
            ctx.error(node, path, f"列表太长（上限 {self.max_items} 项）。", "", f"more than {self.max_items} items")
            return INVALID
        ctx.depth += 1
        if ctx.depth > MAX_DEPTH:
            raise TooManyNodes
        try:
            items = [self.item.read(child, ctx, f"{path}[{i}]") for i, child in enumerate(node.value)]
        finally:
            ctx.depth -= 1
        return [item for item in items if item is not INVALID]

    def json_schema(self) -> dict[str, Any]:
        item = self.item.json_schema()
        schema: dict[str, Any] = {"type": "array", "items": item}
        if self.min_items:
            schema["minItems"] = self.min_items
        schema["maxItems"] = self.max_items
        if not isinstance(self.item, Record) and self.min_items <= 1:
            schema = {"anyOf": [item, schema]}  # one value is read as a list of one
        return self._schema(schema)


OMIT: Any = object()  # a missing optional field keeps the model's own default


@dataclass
class Field:
    name: str
    spec: Spec
    required: bool = False
    default: Any = OMIT
    description: str = ""


@dataclass
class Record(Spec):
    """A mapping with known keys, built into an object by ``build``."""

    name: str = ""
    fields: Sequence[Field] = ()
    build: Callable[..., Any] = dict
    description: str = ""
    card_id_field: str | None = None  # this record is a card: errors inside name it
    kind_zh: str = "对象（键: 值）"
    # A rule across fields, given the values read: reports and returns False when broken.
    check: Callable[[Node, Reader, str, dict[str, Any]], bool] | None = None

    def _by_name(self) -> dict[str, Field]:
        by_name: dict[str, Field] | None = self.__dict__.get("_fields_by_name")
        if by_name is None:  # built once: a large bundle reads thousands of records
            by_name = self.__dict__["_fields_by_name"] = {f.name: f for f in self.fields}
        return by_name

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        ctx.visit()
        if not isinstance(node, MappingNode):
            if is_null(node):
                ctx.error(node, path, "这里不能为空。", "", "must not be empty")
            else:
                ctx.error(node, path, "这里应当是“键: 值”的对象。", "请检查缩进。", "expected a mapping")
            return INVALID
        if _split_number(ctx, node, path):
            return INVALID
        children: dict[str, Node] = {}
        keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                children.setdefault(str(key_node.value), value_node)
                keys.setdefault(str(key_node.value), key_node)
        outer_card, outer_path = ctx.card, ctx.card_path
        if self.card_id_field:  # before the keys: a card's unknown or doubled key names the card too
            id_node = children.get(self.card_id_field)
            ctx.card = str(id_node.value) if isinstance(id_node, ScalarNode) else f"第{line_of(node)}行的卡片"
            ctx.card_path = path
        ctx.depth += 1
        try:
            if ctx.depth > MAX_DEPTH:
                raise TooManyNodes
            by_name = self._by_name()
            seen: dict[str, Node] = {}
            for key_node, _value_node in node.value:
                ctx.visit()
                key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
                if key in seen:
                    ctx.error(
                        key_node,
                        _join(path, key),
                        f"“{key}”写了两次（第 {line_of(seen[key])} 行也有）。",
                        "请删掉其中一个。",
                        f"duplicate key {key!r}",
                    )
                seen[key] = key_node
                if key not in by_name:
                    _unknown_key(ctx, key_node, path, key, list(by_name))
            values: dict[str, Any] = {}
            ok = True
            for f in self.fields:
                child = children.get(f.name)
                empty = child is not None and is_null(child) and not f.required
                if empty and f.spec.empty(keys[f.name], ctx, _join(path, f.name), f.name):
                    ok = False
                    continue
                if child is None or is_null(child):
                    if f.required:
                        what = f.description or f.spec.description or f.name
                        ctx.error(
                            node,
                            _join(path, f.name),
                            f"缺少“{f.name}”（{what}）。",
                            f"请在第 {line_of(node)} 行的{self.name or '这一项'}下补上 {f.name}:。",
                            f"missing required field {f.name!r}",
                        )
                        ok = False
                    elif f.default is not OMIT:
                        values[f.name] = f.default
                    continue
                value = f.spec.read(child, ctx, _join(path, f.name))
                if value is INVALID:
                    ok = False
                values[f.name] = value
            if ok and self.check is not None:
                ok = self.check(node, ctx, path, values)
        finally:
            ctx.depth -= 1
            ctx.card, ctx.card_path = outer_card, outer_path
        if not ok:
            return INVALID
        return self.build(line=line_of(node), **values)

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for f in self.fields:
            sub = f.spec.json_schema()
            if f.description and "description" not in sub:
                sub["description"] = f.description
            properties[f.name] = sub
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        if self.name:
            schema["title"] = self.name
        return self._schema(schema)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _unknown_key(ctx: Reader, key_node: Node, path: str, key: str, known: Sequence[str]) -> None:
    if ctx.problems.would_omit(Severity.WARNING, "schema"):  # a flood of keys: count, do not word them
        ctx.problems.warning("schema", "")
        return
    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"是不是想写“{guess[0]}”？" if guess else f"可用的键：{'、'.join(known)}。"
    if key == "<<":
        hint = "清单不支持 YAML 合并键（<<），请把内容直接写出来。"
    ctx.warning(key_node, _join(path, key), f"不认识的键“{key}”，它会被忽略。", hint, f"unknown key {key!r} is ignored")


# A key that reads as the rest of a number: ``{figure: 9,899人}`` is, to YAML,
# ``figure: 9`` and a key ``899人`` (a comma separates the entries of ``{…}``).
_NUMBER_TAIL = re.compile(r"[0-9]{3}")
_DIGITS = frozenset("0123456789")


def _split_number(ctx: Reader, node: MappingNode, path: str) -> bool:
    """Report a number split by a thousands comma inside ``{…}``; whether there was one."""
    pairs = node.value
    for index in range(1, len(pairs)):
        key_node, value_node = pairs[index]
        key = key_node.value
        if not (isinstance(key, str) and key[:1] in _DIGITS):  # the usual case, cheaply
            continue
        if not (_NUMBER_TAIL.match(key) and is_null(value_node)):
            continue
        field_node, head = pairs[index - 1]
        if not (isinstance(head, ScalarNode) and re.fullmatch(r"[^0-9]*[0-9]{1,3}", str(head.value).strip())):
            continue
        parts = [str(head.value).strip(), str(key_node.value)]
        for later_key, later_value in pairs[index + 1 :]:
            if not (isinstance(later_key, ScalarNode) and _NUMBER_TAIL.match(str(later_key.value)) and is_null(later_value)):
                break
            parts.append(str(later_key.value))
        written, whole = ",".join(parts), "".join(parts)
        name = str(field_node.value) if isinstance(field_node, ScalarNode) else "?"
        ctx.error(
            key_node,
            _join(path, name),
            f"“{written}”里的逗号把数字拆开了：在 {{…}} 里，逗号分隔各项，YAML 读成了“{parts[0]}”和一个名为“{parts[1]}”的键。",
            f"请去掉千位逗号，写成 {name}: {whole}。",
            f"the comma split the number {written!r}: inside {{...}} a comma separates entries; write {whole}",
            code="number-split",
        )
        return True
    return False
