"""Safe YAML reading with line numbers.

Bundles may arrive on a USB stick from anyone.  The manifest is size-capped
before parsing, composed with the safe (C when available) loader, which
knows no Python tags, and read as a node tree so that every value keeps its
line.  Aliases are never expanded wholesale: readers count the nodes they
visit and stop at ``MAX_NODE_VISITS`` (billion-laughs documents).
"""

from __future__ import annotations

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_NODE_VISITS = 500_000
MAX_DEPTH = 64
# Nodes the composed tree may hold: about 350 bytes each, so 250,000 nodes are
# 90 MB, and the model built from them as much again.  A 2,000-card deck needs about 60,000.
MAX_COMPOSED_NODES = 250_000
# Each node but the root starts at one of these, and a ``:`` starts at most three
# (the mapping, its key and its value): a cheap upper bound on the node count.
_NODE_INDICATORS = (":", ",", "-", "[", "{", "?")

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _BaseLoader = yaml.SafeLoader

NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
# The tags of plain YAML.  Nothing is ever constructed from the tree, so an
# application tag (``!!python/object/apply:os.system``) could do no harm, but a
# manifest carrying one is broken or hostile: it is refused, with its line.
STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in (
        "null",
        "bool",
        "int",
        "float",
        "str",
        "binary",
        "timestamp",
        "seq",
        "map",
        "set",
        "omap",
        "pairs",
        "merge",
        "value",
    )
)

__all__ = [
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "YamlSyntaxError",
    "compose",
    "line_of",
]


class YamlSyntaxError(Exception):
    """The manifest is not readable YAML; ``line`` is 1-based when known."""

    def __init__(
        self,
        message: str,
        message_en: str,
        line: int | None = None,
        *,
        hint: str = "",
        card: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
        self.line = line
        self.hint = hint
        self.card = card  # the card whose lines hold ``line``, when a scan of the text finds one
        self.field = field  # the card's field written on ``line`` (``label``, ``detail.chart.title``)


NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_IMPLICIT_TAGS = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Every untagged scalar stays text: the schema reads the raw value itself.

    The manifest's readers look at what was written (``15.10`` stays
    ``15.10``), so guessing ints, floats and dates is wasted work: it was a
    third of the time to load a large bundle.
    """

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _IMPLICIT_TAGS[kind]


class _TooManyComposed(Exception):  # noqa: N818 - a condition, not a bug
    pass


class _CountingLoader(Composer, _Loader):  # type: ignore[misc]
    """The same loader, composing in Python over libyaml's events so that it can
    stop at ``MAX_COMPOSED_NODES`` instead of building a gigabyte of nodes."""

    def __init__(self, text: str) -> None:
        _Loader.__init__(self, text)  # type: ignore[call-arg]
        Composer.__init__(self)
        self.composed = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        self.composed += 1
        if self.composed > MAX_COMPOSED_NODES:
            raise _TooManyComposed
        return Composer.compose_node(self, parent, index)


def _most_nodes(text: str) -> int:
    return 3 * sum(text.count(indicator) for indicator in _NODE_INDICATORS) + 1


def is_null(node: Node) -> bool:
    """An empty value: nothing, ``~`` or ``null`` written without quotes."""
    return isinstance(node, ScalarNode) and (node.tag == NULL_TAG or (not node.style and node.value in NULL_WORDS))


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def compose(data: bytes) -> Node | None:
    """Parse ``data`` into a node tree, or raise :class:`YamlSyntaxError`."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise YamlSyntaxError(
            f"清单文件太大（{len(data) // 1024} KB，上限 {MAX_MANIFEST_BYTES // 1024 // 1024} MB）。",
            f"manifest too large ({len(data)} bytes)",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        raise YamlSyntaxError(
            "清单文件不是 UTF-8 编码。请用 UTF-8 另存（记事本“另存为”时选择 UTF-8）。",
            "manifest is not UTF-8 text",
            bad_line,
        ) from None
    if "\x00" in text:
        raise YamlSyntaxError("清单文件含有空字符，不是文本文件。", "manifest contains NUL bytes")
    try:
        # The C composer is quicker; a text that might hold too many nodes is counted as it is composed.
        loader = _Loader(text) if _most_nodes(text) <= MAX_COMPOSED_NODES else _CountingLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _TooManyComposed:
        raise YamlSyntaxError(
            f"清单太复杂：超过 {MAX_COMPOSED_NODES} 项内容（键、值和列表项）。"
            "请删掉不用的内容，或把卡片分成几个数据包。",
            f"manifest has more than {MAX_COMPOSED_NODES} nodes: remove what is not used, or split the deck",
        ) from None
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or ""):
            mark = exc.problem_mark or exc.context_mark
            line = int(mark.line) + 1 if mark is not None else None
            raise YamlSyntaxError("YAML 嵌套太深。", "YAML nesting too deep", line) from None
        from kiosk.core import yaml_errors  # only a manifest that does not parse needs it

        explained = yaml_errors.explain(exc, text)
        lines = text.splitlines()
        raise YamlSyntaxError(
            explained.message,
            yaml_errors.original(exc),
            explained.line,
            hint=explained.hint,
            card=yaml_errors.card_at(lines, explained.line),
            field=yaml_errors.field_at(lines, explained.line),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML 格式错误：{exc}", f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlSyntaxError("YAML 嵌套太深。", "YAML nesting too deep") from None
    if node is not None and "!" in text:  # only an explicit tag can bring another tag
        _check_tags(node)
    return node


def _check_tags(root: Node) -> None:
    """Refuse any tag but plain YAML's; each node once, however often it is aliased."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in STANDARD_TAGS:
            short = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise YamlSyntaxError(
                f"清单里不能用 YAML 标签“{short}”。清单只能写文字、数字、列表和“键: 值”。",
                f"YAML tag {short} is not allowed",
                line_of(node),
            )
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
