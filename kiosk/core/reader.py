"""One read of a manifest: where it is, which card it is in, and the problems it words.

Every spec of :mod:`kiosk.core.schema` reads through a :class:`Reader`.  The
two mistakes worded here are found in more than one kind of value: an
invisible character pasted into text, and a number that a thousands comma
split inside ``{…}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kiosk.core.problems import ProblemList
from kiosk.core.records import MutableRecord
from kiosk.core.text_safety import character_name, for_terminal, is_control, is_direction_control
from kiosk.core.yamlsafe import MAX_NODE_VISITS, MappingNode, Node, ScalarNode, is_null, line_of


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()


class TooManyNodes(Exception):  # noqa: N818 - a condition, not a bug
    """The document expands to more nodes than a manifest may have."""


@dataclass(eq=False, repr=False)
class Reader(MutableRecord):
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


def join_path(path: str, key: str) -> str:
    """The path of ``key`` inside ``path``: ``cards[0]`` and ``label`` give ``cards[0].label``."""
    return f"{path}.{key}" if path else key


def report_unsafe_character(node: ScalarNode, raw: str, index: int, ctx: Reader, path: str) -> None:
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


# A key that reads as the rest of a number: ``{figure: 9,899人}`` is, to YAML,
# ``figure: 9`` and a key ``899人`` (a comma separates the entries of ``{…}``).
_NUMBER_TAIL = re.compile(r"[0-9]{3}")
_DIGITS = frozenset("0123456789")


def report_split_number(ctx: Reader, node: MappingNode, path: str) -> bool:
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
            if not (
                isinstance(later_key, ScalarNode) and _NUMBER_TAIL.match(str(later_key.value)) and is_null(later_value)
            ):
                break
            parts.append(str(later_key.value))
        written, whole = ",".join(parts), "".join(parts)
        name = str(field_node.value) if isinstance(field_node, ScalarNode) else "?"
        ctx.error(
            key_node,
            join_path(path, name),
            f"“{written}”里的逗号把数字拆开了：在 {{…}} 里，逗号分隔各项，YAML 读成了“{parts[0]}”和一个名为“{parts[1]}”的键。",
            f"请去掉千位逗号，写成 {name}: {whole}。",
            f"the comma split the number {written!r}: inside {{...}} a comma separates entries; write {whole}",
            code="number-split",
        )
        return True
    return False
