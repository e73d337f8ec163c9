"""The manifest ``bundle.yaml``: its schema, declared once.

The same declaration reads a manifest (with line-numbered problems) and
gives the JSON Schema that ``python -m kiosk schema`` prints.
"""

from __future__ import annotations

from typing import Any

from kiosk.core import model
from kiosk.core.figure_spec import FigureSpec
from kiosk.core.limits import MAX_CHART_ITEMS, MAX_SERIES
from kiosk.core.problems import ProblemList
from kiosk.core.schema import (
    INVALID,
    Choice,
    Colour,
    Field,
    Flag,
    ListOf,
    Number,
    Reader,
    Record,
    Text,
    TooManyNodes,
)
from kiosk.core.yamlsafe import Node, is_null

FORMAT_VERSION = 1
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"
ID_HINT = "编号只能用英文字母、数字、-、_ 和 .，例如 mama-xiaowu。"
FILE_PATTERN = r"[^\\:*?\"<>|]{1,255}"
FILE_HINT = "请写相对于数据包的路径，用 / 分隔，例如 images/mama.png。"

MIN_DURATION_S = 2.0
MAX_DURATION_S = 600.0

__all__ = ["MANIFEST", "json_schema", "read_manifest"]


def _ident(description: str) -> Text:
    return Text(description=description, max_length=64, pattern=ID_PATTERN, pattern_hint=ID_HINT)


def _file(description: str) -> Text:
    return Text(description=description, max_length=255, pattern=FILE_PATTERN, pattern_hint=FILE_HINT)


def _build(cls: type) -> Any:
    """Build ``cls`` from read values, lists becoming tuples (models are frozen)."""

    def build(**values: Any) -> Any:
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})

    return build


SOURCE = Record(
    name="来源",
    description="内容的出处：文章、报告或公报。",
    build=_build(model.Source),
    field_lines=True,
    fields=[
        Field("id", _ident("来源编号，卡片用它引用"), required=True),
        Field("title", Text(description="标题"), required=True),
        Field("author", Text(description="作者，如“本报记者 周国芳”")),
        Field("publication", Text(description="刊物或发布单位")),
        Field("date", Text(max_length=40, description="发表日期，如 2017-12-01；原文没有就不写")),
        Field("url", Text(max_length=500, description="网址")),
        Field("file", _file("数据包里的原文（UTF-8 文本）；写了它，校验会核对每条引文和数字确在原文中")),
    ],
)

THEME = Record(
    name="配色",
    description="颜色，写成 #RRGGBB。文字与背景的对比度至少 4.5:1。",
    build=_build(model.Theme),
    fields=[
        Field("background", Colour("背景主色")),
        Field("background_deep", Colour("背景渐变的深色")),
        Field("surface", Colour("卡片和按钮的底色")),
        Field("gold", Colour("大数字的金色")),
        Field("text", Colour("正文文字")),
        Field("muted", Colour("次要文字（来源、进度）")),
        Field("accent", Colour("强调色（进度、图表）")),
    ],
)

DISPLAY = Record(
    name="显示设置",
    build=_build(model.Display),
    fields=[
        Field(
            "card_duration",
            Number(minimum=MIN_DURATION_S, maximum=MAX_DURATION_S, description="每张卡片默认显示多少秒"),
        ),
        Field(
            "transition",
            Choice(
                values=[t.value for t in model.Transition],
                convert=model.Transition,
                description="换片效果：slide 滑动，fade 淡入淡出",
            ),
        ),
        Field("transition_ms", Number(minimum=100, maximum=2000, integer=True, description="换片动画时长（毫秒）")),
        Field(
            "headline_entrance",
            Choice(
                values=[e.value for e in model.HeadlineEntrance],
                convert=model.HeadlineEntrance,
                description="大数字的出场：rise 上浮淡入（默认），count_up 从 0 滚动到数字（会短暂显示原文里没有的数字），none 直接显示",
            ),
        ),
        Field("idle_timeout", Number(minimum=10, maximum=3600, description="无人操作多少秒后回到轮播")),
        Field("theme", THEME),
    ],
)

SECTION = Record(
    name="栏目",
    build=_build(model.Section),
    fields=[
        Field("id", _ident("栏目编号，卡片用它归入栏目"), required=True),
        Field("title", Text(max_length=30, description="栏目名称，如“组织建设”"), required=True),
        Field("subtitle", Text(max_length=80, description="栏目副标题")),
    ],
)

MAX_QUOTES = 4


def _source_ref(line: int, lines: dict[str, int], source: str, quote: list[str] | None = None) -> model.SourceRef:
    return model.SourceRef(source=source, quotes=tuple(quote or ()), line=line, lines=lines)


SOURCE_REF = Record(
    name="出处",
    build=_source_ref,
    field_lines=True,
    fields=[
        Field("source", _ident("来源编号（sources 里的 id）"), required=True),
        Field(
            "quote",
            ListOf(
                item=Text(max_length=600, multiline=True),
                max_items=MAX_QUOTES,
                description="数字所在的原句，一字不改；卡片的数字出自两句时，可以写成列表",
            ),
        ),
    ],
)

LABELLED_FIGURE = Record(
    name="附加数字",
    build=_build(model.LabelledFigure),
    fields=[
        Field("figure", FigureSpec(description="数字原文，如“近1000个”"), required=True),
        Field("label", Text(max_length=60, description="这个数字说的是什么"), required=True),
    ],
)

SERIES = Record(
    name="数据系列",
    build=_build(model.Series),
    fields=[
        Field("name", Text(max_length=40, description="系列名称（图例）"), required=True),
        Field(
            "values",
            ListOf(item=FigureSpec(), min_items=1, max_items=MAX_CHART_ITEMS, description="每个类别一个数字，按原文写"),
            required=True,
        ),
    ],
)


def _one_kind_of_chart_data(node: Node, ctx: Reader, path: str, values: dict[str, Any]) -> bool:
    """A chart reads its data from ``csv`` or from ``categories``/``series``, never both."""
    if values.get("csv") and (values.get("categories") or values.get("series")):
        ctx.error(
            node,
            path,
            "图表只能用一种数据：csv 或 categories/series，请删掉其中一种。",
            "",
            "a chart takes its data from csv or from categories/series, not both: remove one",
        )
        return False
    return True


CHART = Record(
    name="图表",
    build=_build(model.Chart),
    field_lines=True,
    check=_one_kind_of_chart_data,
    fields=[
        Field(
            "type",
            Choice(values=[t.value for t in model.ChartType], convert=model.ChartType, description="图表类型"),
            required=True,
        ),
        Field("title", Text(max_length=60, description="图表标题")),
        Field(
            "categories",
            ListOf(item=Text(max_length=40), max_items=MAX_CHART_ITEMS, description="类别（横轴或扇区）名称"),
        ),
        Field("series", ListOf(item=SERIES, max_items=MAX_SERIES, description="数据系列，每个系列每个类别一个数字")),
        Field("csv", _file("从 CSV 文件读数据：第一列类别，其余每列一个系列，首行是系列名")),
        Field("x_title", Text(max_length=40, description="横轴标题（带单位）")),
        Field("y_title", Text(max_length=40, description="纵轴标题（带单位），如“数量（万项）”")),
        Field("unit", Text(max_length=12, description="CSV 数值的单位，如“万人”")),
        Field("note", Text(max_length=200, description="图下的小注")),
    ],
)

DETAIL = Record(
    name="详情",
    build=_build(model.Detail),
    field_lines=True,
    fields=[
        Field("text", Text(max_length=2000, multiline=True, description="详情页的说明文字")),
        Field("chart", CHART),
    ],
)

CARD = Record(
    name="卡片",
    card_id_field="id",
    build=_build(model.Card),
    field_lines=True,
    fields=[
        Field("id", _ident("卡片编号，唯一且不要改动（统计和跳转靠它）"), required=True),
        Field("section", _ident("所属栏目的编号"), required=True),
        Field("headline", FigureSpec(description="大字显示的数字，按原文写，如“近1000个”"), required=True),
        Field("label", Text(max_length=60, description="这个数字说的是什么，如“户外劳动者爱心驿站”"), required=True),
        Field("explanation", Text(max_length=300, multiline=True, description="一两句解释")),
        Field("source", SOURCE_REF),
        Field("image", _file("图片：PNG、JPEG、GIF、BMP 或 WebP")),
        Field("icon", _file("图标：PNG、JPEG、GIF、BMP、WebP 或 SVG")),
        Field(
            "duration",
            Number(minimum=MIN_DURATION_S, maximum=MAX_DURATION_S, description="这张卡片显示多少秒（不写则用默认）"),
        ),
        Field("figures", ListOf(item=LABELLED_FIGURE, max_items=6, description="卡片上的其他数字")),
        Field("detail", DETAIL),
        Field("related", ListOf(item=_ident("相关卡片编号"), max_items=8, description="详情页里可以跳转的相关卡片")),
    ],
)

MANIFEST = Record(
    name="数据包清单",
    description="工会数据展台的数据包清单 bundle.yaml。",
    build=_build(model.Manifest),
    fields=[
        Field("format", Number(minimum=1, maximum=FORMAT_VERSION, integer=True, description="清单格式版本，目前是 1")),
        Field("id", _ident("数据包编号"), required=True),
        Field("title", Text(max_length=80, description="标题，显示在屏幕顶部"), required=True),
        Field("organisation", Text(max_length=40, description="单位名称，如“山东省总工会”"), required=True),
        Field("language", Text(max_length=16, description="语言，如 zh-CN")),
        Field("data_as_of", Text(max_length=60, description="数据截至何时，如 2017-12 或原文的说法")),
        Field("description", Text(max_length=500, multiline=True, description="数据包简介")),
        Field("sources", ListOf(drop_invalid=True, item=SOURCE, max_items=100, description="出处列表")),
        Field("display", DISPLAY),
        Field(
            "fonts",
            ListOf(drop_invalid=True, item=_file("字体文件（OTF/TTF）"), max_items=8, description="数据包自带的字体"),
        ),
        Field(
            "sections",
            ListOf(drop_invalid=True, item=SECTION, min_items=1, max_items=100, description="栏目，按播放顺序"),
            required=True,
        ),
        Field(
            "cards",
            ListOf(drop_invalid=True, item=CARD, min_items=1, max_items=10_000, description="卡片"),
            required=True,
        ),
    ],
)


def read_manifest(node: Node | None, problems: ProblemList) -> model.Manifest | None:
    """Read the manifest tree; every problem goes to ``problems``."""
    if node is None or is_null(node):  # no document, or only ``---``
        problems.error("empty", "清单文件是空的。", hint="请参照 docs/bundle-format.md 填写。", en="manifest is empty")
        return None
    reader = Reader(problems)
    try:
        manifest = MANIFEST.read(node, reader, "")
    except TooManyNodes:
        problems.error(
            "too-large",
            "清单展开后太大或嵌套太深（可能是大量重复引用的别名）。",
            hint="请不要用 & 和 * 别名反复引用大段内容。",
            en="manifest expands to too many nodes (alias bomb?)",
        )
        return None
    if manifest is INVALID:
        return None
    return manifest  # type: ignore[no-any-return]


def json_schema() -> dict[str, Any]:
    schema = MANIFEST.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "union-kiosk/bundle.schema.json"
    return schema


__all__ += ["CARD", "CHART", "Flag"]
