"""A small declarative schema: one description gives both validation and JSON Schema.

Each spec reads a YAML node, reports what is wrong in words an editor
understands (with the line), and returns a plain value or :data:`INVALID`.
``json_schema()`` gives the same rules to editors for autocompletion.

A hand-written reader, not pydantic: importing pydantic and building the
models costs 130-160 ms, half of the kiosk's budget for its first frame,
and its messages would need translating into Chinese anyway.

The specs read through a :class:`~kiosk.core.reader.Reader`; the figure spec,
which knows how an article writes a number, is in :mod:`kiosk.core.figure_spec`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.problems import Severity
from kiosk.core.reader import (
    INVALID,
    Reader,
    TooManyNodes,
    join_path,
    report_split_number,
    report_unsafe_character,
)
from kiosk.core.records import MutableRecord
from kiosk.core.text_safety import first_unsafe
from kiosk.core.yamlsafe import MAX_DEPTH, MappingNode, Node, ScalarNode, SequenceNode, is_null, line_of

# Read through every spec, so declared with them: ``from kiosk.core.schema import Reader``.
__all__ = [
    "INVALID",
    "OMIT",
    "Choice",
    "Colour",
    "ColourText",
    "Field",
    "Flag",
    "ListOf",
    "Number",
    "Reader",
    "Record",
    "Spec",
    "Text",
    "TooManyNodes",
    "report_unknown_key",
]


# ``id:mama``: a key, a colon and no space, which YAML reads as one text.
_NO_SPACE_AFTER_COLON = re.compile(r"[A-Za-z_][A-Za-z0-9_]*:[^\s/]")

TRUE_WORDS = frozenset({"true", "yes", "on"})
FALSE_WORDS = frozenset({"false", "no", "off"})


class Spec(MutableRecord):
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


@dataclass(eq=False, repr=False)
class Text(Spec):
    """A text field: length bounds, an optional pattern, no hidden characters."""

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
            report_unsafe_character(scalar, raw, bad, ctx, path)
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


@dataclass(eq=False, repr=False)
class Number(Spec):
    """A number field within bounds, optionally whole."""

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


@dataclass(eq=False, repr=False)
class Flag(Spec):
    """A yes/no field (``true`` or ``false``)."""

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


@dataclass(eq=False, repr=False)
class Choice(Spec):
    """A field that takes one of a fixed set of words."""

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
        import difflib  # a suggestion, for a bad value only

        guess = difflib.get_close_matches(value, self.values, n=1)
        hint = f"是不是想写“{guess[0]}”？" if guess else ""
        ctx.error(
            node, path, f"“{value}”不是可用的选项（可选：{allowed}）。", hint, f"{value!r} is not one of {allowed}"
        )
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return self._schema({"type": "string", "enum": list(self.values)})


COLOUR_PATTERN = r"#[0-9A-Fa-f]{6}"


@dataclass(eq=False, repr=False)
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


@dataclass(eq=False, repr=False)
class ListOf(Spec):
    """A list field whose items each follow ``item``."""

    item: Spec = field(default_factory=Text)
    description: str = ""
    min_items: int = 0
    max_items: int = 10_000
    kind_zh: str = "列表"
    # A top-level list (cards, sections…) keeps the items that read, so the
    # others are still checked.  Inside an item, a list with a broken entry is
    # broken: half a chart series or half a card's figures would only give
    # follow-on errors about what is left.
    drop_invalid: bool = False

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
        if not self.drop_invalid and any(item is INVALID for item in items):
            return INVALID
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


@dataclass(eq=False, repr=False)
class Field(MutableRecord):
    """One key of a mapping: its name, what it holds, whether it must be there and its default."""

    name: str
    spec: Spec
    required: bool = False
    default: Any = OMIT
    description: str = ""


@dataclass(eq=False, repr=False)
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
    # Give ``build`` the line of each key written (``lines``), and of each item of a list
    # (``"quote[1]"``), so the checks can point at the field they name.
    field_lines: bool = False

    def _by_name(self) -> dict[str, Field]:
        by_name: dict[str, Field] | None = self.__dict__.get("_fields_by_name")
        if by_name is None:  # built once: a large bundle reads thousands of records
            by_name = self.__dict__["_fields_by_name"] = {f.name: f for f in self.fields}
        return by_name

    def read(self, node: Node, ctx: Reader, path: str) -> Any:
        ctx.visit()
        if not isinstance(node, MappingNode):
            _report_not_a_mapping(node, ctx, path)
            return INVALID
        if report_split_number(ctx, node, path):
            return INVALID
        children: dict[str, Node] = {}
        keys: dict[str, Node] = {}
        unusual = False  # a doubled, unknown or non-text key: worth the slower look that reports it
        for key_node, value_node in node.value:
            ctx.visit()
            if isinstance(key_node, ScalarNode):
                key = str(key_node.value)
                unusual = unusual or key in keys
                children.setdefault(key, value_node)
                keys.setdefault(key, key_node)
            else:
                unusual = True
        by_name = self._by_name()
        unusual = unusual or not keys.keys() <= by_name.keys()
        outer_card, outer_path = ctx.card, ctx.card_path
        if self.card_id_field:  # before the keys: a card's unknown or doubled key names the card too
            id_node = children.get(self.card_id_field)
            ctx.card = str(id_node.value) if isinstance(id_node, ScalarNode) else f"第{line_of(node)}行的卡片"
            ctx.card_path = path
        ctx.depth += 1
        try:
            if ctx.depth > MAX_DEPTH:
                raise TooManyNodes
            if unusual:
                self._report_doubled_and_unknown_keys(node, ctx, path)
            values, ok = self._read_fields(node, children, keys, ctx, path)
            if ok and self.check is not None:
                ok = self.check(node, ctx, path, values)
        finally:
            ctx.depth -= 1
            ctx.card, ctx.card_path = outer_card, outer_path
        if not ok:
            return INVALID
        if self.field_lines:
            return self.build(line=line_of(node), lines=_field_lines(keys, children), **values)
        return self.build(line=line_of(node), **values)

    def _report_doubled_and_unknown_keys(self, node: MappingNode, ctx: Reader, path: str) -> None:
        by_name = self._by_name()
        seen: dict[str, Node] = {}
        for key_node, _value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key in seen:
                ctx.error(
                    key_node,
                    join_path(path, key),
                    f"“{key}”写了两次（第 {line_of(seen[key])} 行也有）。",
                    "请删掉其中一个。",
                    f"duplicate key {key!r}",
                )
            seen[key] = key_node
            if key not in by_name:
                report_unknown_key(ctx, key_node, path, key, list(by_name))

    def _read_fields(
        self, node: MappingNode, children: dict[str, Node], keys: dict[str, Node], ctx: Reader, path: str
    ) -> tuple[dict[str, Any], bool]:
        """The value of each field written (or its default), and whether all of them read."""
        values: dict[str, Any] = {}
        ok = True
        for f in self.fields:
            child = children.get(f.name)
            null = child is not None and is_null(child)
            if child is None or null:
                if null and not f.required and f.spec.empty(keys[f.name], ctx, join_path(path, f.name), f.name):
                    ok = False
                    continue
                if f.required:
                    self._report_missing(node, f, ctx, path)
                    ok = False
                elif f.default is not OMIT:
                    values[f.name] = f.default
                continue
            value = f.spec.read(child, ctx, join_path(path, f.name))
            if value is INVALID:
                ok = False
            values[f.name] = value
        return values, ok

    def _report_missing(self, node: MappingNode, f: Field, ctx: Reader, path: str) -> None:
        what = f.description or f.spec.description or f.name
        ctx.error(
            node,
            join_path(path, f.name),
            f"缺少“{f.name}”（{what}）。",
            f"请在第 {line_of(node)} 行的{self.name or '这一项'}下补上 {f.name}:。",
            f"missing required field {f.name!r}",
        )

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


def _report_not_a_mapping(node: Node, ctx: Reader, path: str) -> None:
    if is_null(node):
        ctx.error(node, path, "这里不能为空。", "", "must not be empty")
    elif isinstance(node, ScalarNode) and _NO_SPACE_AFTER_COLON.match(str(node.value)):
        key, _colon, value = str(node.value).partition(":")
        ctx.error(
            node,
            path,
            f"“{node.value}”的冒号后面少了一个空格，YAML 把它读成了一段文字，不是“键: 值”。",
            f"请写成 {key}: {value}。",
            "expected a mapping: a colon needs a space after it",
        )
    else:
        ctx.error(node, path, "这里应当是“键: 值”的对象。", "请检查缩进。", "expected a mapping")


def _field_lines(keys: dict[str, Node], children: dict[str, Node]) -> dict[str, int]:
    """The line of each key, and of each item of a list of text it holds (``quote[1]``)."""
    lines = {name: key.start_mark.line + 1 for name, key in keys.items()}
    for name, child in children.items():
        if isinstance(child, SequenceNode) and len(child.value) > 1:  # one item is on its key's line or the next
            for index, item in enumerate(child.value):
                lines[f"{name}[{index}]"] = item.start_mark.line + 1
    return lines


def report_unknown_key(ctx: Reader, key_node: Node, path: str, key: str, known: Sequence[str]) -> None:
    """A warning that ``key`` is ignored, suggesting the known key it is closest to."""
    if ctx.problems.would_omit(Severity.WARNING, "schema"):  # a flood of keys: count, do not word them
        ctx.problems.warning("schema", "")
        return
    import difflib  # a suggestion, for an unknown key only

    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"是不是想写“{guess[0]}”？" if guess else f"可用的键：{'、'.join(known)}。"
    if key == "<<":
        hint = "清单不支持 YAML 合并键（<<），请把内容直接写出来。"
    ctx.warning(
        key_node, join_path(path, key), f"不认识的键“{key}”，它会被忽略。", hint, f"unknown key {key!r} is ignored"
    )
