"""YAML syntax errors worded for the person who typed them.

PyYAML says what its parser expected (``mapping values are not allowed in
this context``); an editor needs the line, the card and what to change.
The common mistakes are recognised from the parser's problem and the raw
lines around it: a tab, a missing space after a colon or a dash, a full-width
colon, a ``: `` inside an unquoted value, bad indentation, a quote or bracket
left open (reported where it opens), a second document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Explanation:
    """What a syntax error is in words: message, what to do, and the line (1-based) it is on."""

    message: str
    hint: str
    line: int | None


# ``label:全省``: an ASCII key, a colon, and no space after it.
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*):([^\s/].*)$")
# ``label：全省``: a full-width colon after an ASCII key.
_FULL_WIDTH_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*：\s*(.*)$")
# ``-id: b``: a list item without the space after its dash.
_NO_SPACE_AFTER_DASH = re.compile(r"^(\s*)-([A-Za-z_][A-Za-z0-9_]*:.*)$")
# ``key: value`` on one line, the value unquoted.
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([^\s:#\"'][^:#]*?):\s+(.*?)\s*$")
# ``label: "全省" 基层``: text after a closed quote.
_TEXT_AFTER_QUOTE = re.compile(r":\s+([\"']).*?\1\s*[^\s#,\]}]")
# A card's first line: ``- id: mama`` or ``- {id: mama, …}``.
_CARD_START = re.compile(r"^\s*-\s*(?:\{\s*)?id\s*:\s*[\"']?([A-Za-z0-9][A-Za-z0-9_.-]*)")
_CARDS_KEY = re.compile(r"^cards\s*:")
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_\"']")


def card_at(lines: list[str], line: int | None) -> str | None:
    """The id of the card whose lines hold ``line`` (1-based), from a scan of the raw text."""
    if line is None:
        return None
    card = None
    in_cards = False
    for number, text in enumerate(lines[:line], start=1):
        if _CARDS_KEY.match(text):
            in_cards, card = True, None
        elif _TOP_LEVEL_KEY.match(text):
            in_cards, card = False, None
        elif in_cards:
            start = _CARD_START.match(text)
            if start:
                card = start.group(1)
        if number == line:
            break
    return card


# A key at the start of a line (after a list dash, if any), and where the key starts.
_LINE_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*[:：]")


def field_at(lines: list[str], line: int | None) -> str | None:
    """The field of a card that ``line`` (1-based) writes, as a path (``label``, ``detail.chart.title``).

    Read from the raw text, as :func:`card_at`: the key on the line, then the key of each
    line above it that is indented less, up to the card's own ``- id:`` line.
    """
    if line is None or card_at(lines, line) is None:
        return None
    found = _LINE_KEY.match(_line(lines, line))
    if found is None:
        return None
    path, indent = [found.group(2)], len(found.group(1))
    for number in range(line - 1, 0, -1):
        text = _line(lines, number)
        above = _LINE_KEY.match(text)
        if _CARD_START.match(text) or (above is not None and not above.group(1)):
            break  # the card's first line, or a top-level key: the path is whole
        if above is not None and len(above.group(1)) < indent:
            path.insert(0, above.group(2))
            indent = len(above.group(1))
    return ".".join(path)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _quoted(key: str, value: str) -> str:
    if '"' not in value:
        return f'{key}: "{value}"'
    return f"{key}: '" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class _Error:
    """A YAML parser's error taken apart: the problem, its context and their lines."""

    problem: str
    context: str
    problem_line: int | None
    context_line: int | None
    lines: list[str]
    context_column: int = 0

    def span(self) -> range:
        """The lines from where the parser started the construct (or the line above) to where it failed."""
        end = self.problem_line or self.context_line or 0
        start = min(self.context_line or end, end - 1)
        return range(max(1, start), min(end, len(self.lines)) + 1)


def _tab(error: _Error) -> Explanation | None:
    if "tab" not in error.problem:
        return None
    found = next((n for n in reversed(error.span()) if "\t" in _line(error.lines, n)), error.problem_line)
    return Explanation(
        f"第 {found} 行有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格。",
        "在编辑器里打开“显示空白字符”就能看到 Tab；也可以把编辑器设成按 Tab 键时插入空格。",
        found,
    )


def _colon(error: _Error) -> Explanation | None:
    for number in error.span():
        text = _line(error.lines, number)
        missing = _NO_SPACE_AFTER_COLON.match(text)
        if missing:
            key, value = missing.groups()
            return Explanation(
                f"第 {number} 行“{key}:”后面少了一个空格：YAML 的冒号后面必须有空格。",
                f"请写成 {key}: {value.strip()}。",
                number,
            )
        full_width = _FULL_WIDTH_COLON.match(text)
        if full_width:
            key, value = full_width.groups()
            return Explanation(
                f"第 {number} 行“{key}”后面用了中文冒号“：”：键后面要用英文冒号加空格。",
                f"请写成 {key}: {value.strip()}。",
                number,
            )
        dash = _NO_SPACE_AFTER_DASH.match(text)
        if dash:
            _indent, rest = dash.groups()
            return Explanation(
                f"第 {number} 行的“-”后面少了一个空格：列表的每一项以“- ”（减号加空格）开头。",
                f"请写成 - {rest.strip()}。",
                number,
            )
    return None


def _mapping_in_value(error: _Error) -> Explanation | None:
    if "mapping values are not allowed" not in error.problem or error.problem_line is None:
        return None
    number = error.problem_line
    pair = _KEY_VALUE.match(_line(error.lines, number))
    if pair and (": " in pair.group(2) or pair.group(2).endswith(":")):
        key, value = pair.groups()
        return Explanation(
            f"第 {number} 行的值里有“: ”（冒号加空格），YAML 把它读成了又一个“键: 值”。",
            f"请给整个值加上引号：{_quoted(key.strip(), value)}；或者把冒号改成中文冒号“：”。",
            number,
        )
    return _indentation(error, "这一行比上一行缩进得多，YAML 把它当成了上一行的值的一部分。")


def _open_quote_or_bracket(error: _Error) -> Explanation | None:
    if error.context_line is None:
        return None
    number = error.context_line
    if "quoted scalar" in error.context:
        text = _line(error.lines, number)[error.context_column :]
        quote = next((c for c in text if c in "\"'"), '"')
        return Explanation(
            f"第 {number} 行的引号 {quote} 没有配对：从这里开始的文字一直没有结束。",
            f"请在这段文字的末尾补上 {quote}；文字里本身有 {quote} 时，改用另一种引号把整段括起来。",
            number,
        )
    for construct, opening, closing in (("flow sequence", "[", "]"), ("flow mapping", "{", "}")):
        if construct in error.context:
            return Explanation(
                f"第 {number} 行的“{opening}”没有配对的“{closing}”。",
                f"请在末尾补上 {closing}，各项之间用英文逗号分开；项多时，写成多行、每项以“- ”开头更不容易错。",
                number,
            )
    return None


def _text_after_quote(error: _Error) -> Explanation | None:
    if error.problem_line is None or "expected key" not in error.problem:
        return None
    number = error.problem_line
    if not _TEXT_AFTER_QUOTE.search(_line(error.lines, number)):
        return None
    return Explanation(
        f"第 {number} 行的引号在文字结束之前就关上了，引号后面还有文字。",
        "请把整段文字都放在引号里，或者去掉引号。",
        number,
    )


def _second_document(error: _Error) -> Explanation | None:
    if "single document" not in error.context:
        return None
    number = error.problem_line
    return Explanation(
        f"第 {number} 行的“---”开始了第二份文档：一个清单文件只能有一份内容。",
        "请删掉这一行的 ---（它只能写在文件最前面，也可以不写）；两份内容请合成一份。",
        number,
    )


def _indentation(error: _Error, why: str = "") -> Explanation | None:
    number = error.problem_line
    if number is None or number > len(error.lines):
        return None
    text = _line(error.lines, number)
    above = next((n for n in range(number - 1, 0, -1) if _line(error.lines, n).strip()), None)
    if above is None:
        return None
    mine, theirs = _indent(text), _indent(_line(error.lines, above))
    if mine == theirs and not why:
        return None
    return Explanation(
        f"第 {number} 行的缩进不对：" + (why or "YAML 靠缩进分层，同一层的键要用同样多的空格对齐。"),
        f"这一行缩进了 {mine} 个空格，第 {above} 行是 {theirs} 个：同一张卡片（同一层）的键请对齐；"
        "属于上一项的内容请多缩进两个空格。",
        number,
    )


_RECOGNISERS: tuple[Callable[[_Error], Explanation | None], ...] = (
    _tab,
    _second_document,
    _open_quote_or_bracket,
    _colon,
    _mapping_in_value,
    _text_after_quote,
    _indentation,
)


def explain(exc: yaml.MarkedYAMLError, text: str) -> Explanation:
    """The syntax error ``exc`` of ``text`` in words, with the line to fix."""
    problem_line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
    context_line = exc.context_mark.line + 1 if exc.context_mark is not None else None
    column = exc.context_mark.column if exc.context_mark is not None else 0
    error = _Error(exc.problem or "", exc.context or "", problem_line, context_line, text.splitlines(), column)
    for recognise in _RECOGNISERS:
        found = recognise(error)
        if found is not None:
            return found
    line = problem_line or context_line
    return Explanation(
        f"YAML 格式错误（第 {line} 行）：{error.problem or 'syntax error'}。" if line else "YAML 格式错误。",
        "请检查这一行和上一行的缩进、冒号和引号：冒号后面要有空格，引号和括号要成对。",
        line,
    )


def original(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's own words, with the lines it gave, for ``message_en``."""
    parts = []
    if exc.context:
        at = f" (line {exc.context_mark.line + 1})" if exc.context_mark is not None else ""
        parts.append(f"{exc.context}{at}")
    if exc.problem:
        at = f" (line {exc.problem_mark.line + 1})" if exc.problem_mark is not None else ""
        parts.append(f"{exc.problem}{at}")
    return "YAML syntax error: " + ("; ".join(parts) or "syntax error")
