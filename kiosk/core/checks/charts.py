"""Charts: data that fits its kind of chart, within the limits a screen can show and draw in time."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.core import limits, model
from kiosk.core.chart_values import AXIS_CHARTS, chart_units
from kiosk.core.figures import FigureTextError, plot_value
from kiosk.core.model import line_of_field
from kiosk.core.problems import ProblemList


def _check_one_unit(card: model.Card, chart: model.Chart, problems: ProblemList, line: int) -> None:
    """One value axis measures one unit: 591万件 and 5.6万项 are not lengths on the same ruler.

    The kiosk draws such a chart as a comparison (each figure on its own, no
    axis); the warning asks the editor to say so in the bundle.
    """
    units = chart_units(chart)
    if len(units) < 2:
        return
    shown = "、".join(f"“{u}”" if u else "（无单位）" for u in units)
    name = limits.CHART_NAMES_ZH[chart.type]
    problems.warning(
        "chart-units",
        f"{name}的数字单位不同（{shown}），不能画在同一根数值轴上；展台会把它画成对比图。",
        hint="请改用对比图 type: comparison，或把不同单位的数字拆成几张图表。",
        en=f"a {chart.type.value} chart mixes units ({', '.join(units)}) on one value axis; it is drawn as a comparison",
        line=line,
        card=card.id,
        field="detail.chart.type",
    )


def chart_limit_hint(chart_type: str) -> str:
    """What to do with a chart that has more categories than its type shows."""
    if chart_type == model.ChartType.TABLE:
        return "请只留最要紧的行，或把表格拆成几张卡片。"
    if chart_type in (model.ChartType.PIE, model.ChartType.DONUT):
        return "请把较小的几块合并成“其他”，或改用柱状图 type: bar、表格 type: table。"
    if chart_type == model.ChartType.COMPARISON:
        return "对比图只放几个数字：请只留最要紧的，或改用柱状图 type: bar。"
    if chart_type == model.ChartType.PART_OF_WHOLE:
        return f"部分与整体图只画一个整体和至多 {limits.MAX_PARTS} 个部分：请只留最要紧的部分，其余写进 detail.text。"
    return f"请把图表拆成两张卡片，或改用表格 type: table（最多 {limits.MAX_TABLE_ROWS} 行）。"


def _check_chart_size(card: model.Card, chart: model.Chart, problems: ProblemList) -> bool:
    """Whether the chart is small enough to read on a screen and draw in time (see limits.py)."""
    name = limits.CHART_NAMES_ZH[chart.type]
    origin = f"（来自 {chart.csv}）" if chart.csv else ""

    def error(field_name: str, message: str, en: str, hint: str) -> None:
        where = "detail.chart.csv" if chart.csv else f"detail.chart.{field_name}"
        line = line_of_field(chart, "csv" if chart.csv else field_name)
        problems.error("chart-limit", message + origin, hint=hint, en=en, line=line, card=card.id, field=where)

    rows = len(chart.categories) or max(len(s.values) for s in chart.series)
    allowed = limits.CATEGORY_LIMITS[chart.type]
    fits = True
    if rows > allowed:
        error(
            "categories",
            f"{name}最多 {allowed} 个类别，这张有 {rows} 个。",
            f"a {chart.type.value} chart takes at most {allowed} categories, this one has {rows}",
            chart_limit_hint(chart.type),
        )
        fits = False
    if len(chart.series) > limits.MAX_SERIES:
        error(
            "series",
            f"图表最多 {limits.MAX_SERIES} 个系列，这张有 {len(chart.series)} 个。",
            f"a chart takes at most {limits.MAX_SERIES} series, this one has {len(chart.series)}",
            "系列多了颜色分不清：请把图表拆成两张卡片，每张少几个系列。",
        )
        fits = False
    cells = limits.MAX_TABLE_CELLS if chart.type == model.ChartType.TABLE else limits.MAX_CHART_VALUES
    values = sum(len(s.values) for s in chart.series)
    if fits and values > cells:
        error(
            "series",
            f"{name}最多画 {cells} 个数字（类别数 × 系列数），这张有 {values} 个。",
            f"a {chart.type.value} chart draws at most {cells} values (categories x series), this one has {values}",
            "请减少类别或系列，把图表拆成两张卡片，或改用表格 type: table。",
        )
        fits = False
    long_label = next((c for c in chart.categories if len(c) > limits.MAX_CATEGORY_LABEL), None)
    if long_label is not None:
        shown = long_label[: limits.MAX_CATEGORY_LABEL] + "…"
        error(
            "categories",
            f"类别名称“{shown}”有 {len(long_label)} 个字，图表上最多 {limits.MAX_CATEGORY_LABEL} 个字。",
            f"category name has {len(long_label)} characters, at most {limits.MAX_CATEGORY_LABEL} fit under a chart",
            "请写简短的名称，详细的说明写进 note 或 detail.text。",
        )
        fits = False
    long_name = next((s.name for s in chart.series if len(s.name) > limits.MAX_SERIES_NAME), None)
    if long_name is not None:
        shown = long_name[: limits.MAX_SERIES_NAME] + "…"
        error(
            "series",
            f"系列名称“{shown}”有 {len(long_name)} 个字，图例里最多 {limits.MAX_SERIES_NAME} 个字。",
            f"series name has {len(long_name)} characters, at most {limits.MAX_SERIES_NAME} fit in a legend",
            "请写简短的系列名称。",
        )
        fits = False
    return fits


def check_chart(card: model.Card, chart: model.Chart, problems: ProblemList) -> None:
    """A chart's data against its kind: sizes first, then every value it would draw."""
    data_line = line_of_field(chart, "csv" if chart.csv else "series")  # where the values are written

    def error(message: str, en: str, hint: str = "") -> None:
        problems.error("chart", message, hint=hint, en=en, line=data_line, card=card.id, field="detail.chart")

    if not chart.series:
        if not chart.csv:  # a CSV chart without series is one whose file could not be read: reported there
            line = line_of_field(card.detail, "chart") if card.detail else chart.line
            problems.error(
                "chart",
                "图表没有数据。",
                hint="请写 series:，或用 csv: 指定数据文件。",
                en="chart has no series",
                line=line,
                card=card.id,
                field="detail.chart",
            )
        return
    if not _check_chart_size(card, chart, problems):
        return  # too large to be worth checking value by value
    _check_series_lengths(chart, error)
    if chart.type in (model.ChartType.PIE, model.ChartType.DONUT):
        _check_pie(card, chart, problems, error, data_line)
    if chart.type in AXIS_CHARTS:
        _check_one_unit(card, chart, problems, data_line)
    if chart.type is model.ChartType.PART_OF_WHOLE:
        _check_part_of_whole(chart, error)
    _check_values(card, chart, problems, error, data_line)


def _check_series_lengths(chart: model.Chart, error: Callable[..., None]) -> None:
    """One value per category in every series (a comparison may go without categories)."""
    count = len(chart.categories)
    if chart.type is model.ChartType.COMPARISON and not count:
        return
    for series in chart.series:
        if len(series.values) != count:
            error(
                f"系列“{series.name}”有 {len(series.values)} 个数字，但类别有 {count} 个。",
                f"series {series.name!r} has {len(series.values)} values for {count} categories",
                "每个类别对应一个数字，请补齐或删减。",
            )


def _check_pie(
    card: model.Card, chart: model.Chart, problems: ProblemList, error: Callable[..., None], data_line: int
) -> None:
    if len(chart.series) != 1:
        error("饼图只能有一个系列。", "pie charts take one series")
    units = {(f.magnitude, f.unit) for s in chart.series for f in s.values}
    if len(units) > 1:
        problems.warning(
            "chart-units",
            "饼图各部分的单位不同，占比没有意义。",
            en="pie slices have different units",
            line=data_line,
            card=card.id,
            field="detail.chart",
        )


def _check_values(
    card: model.Card, chart: model.Chart, problems: ProblemList, error: Callable[..., None], data_line: int
) -> None:
    """Every value is an Arabic number a chart axis can carry."""
    for series in chart.series:
        for figure in series.values:
            if not figure.is_arabic:
                error(f"图表里的“{figure.text()}”不是阿拉伯数字，画不出来。", f"{figure.text()} cannot be plotted")
                continue
            try:
                plot_value(figure)
            except FigureTextError as exc:
                where = "detail.chart.csv" if chart.csv else "detail.chart.series"
                problems.error(
                    "chart-value",
                    exc.message,
                    hint=exc.hint,
                    en=exc.message_en,
                    line=series.line or data_line,
                    card=card.id,
                    field=where,
                )


def _check_part_of_whole(chart: model.Chart, error: Callable[[str, str, str], None]) -> None:
    """One series: the whole first, then at least one part, each in the whole's unit and no larger.

    The parts may add up to more than the whole: the source's parts may overlap
    (女职工 and 农民工 among 职工), and the chart never adds them.
    """
    if len(chart.series) != 1:
        error(
            "部分与整体图只能有一个系列。",
            "a part_of_whole chart takes one series",
            "第一个数字是整体，后面的数字是“其中”的部分，都写在一个系列里。",
        )
        return
    values = chart.series[0].values
    if len(values) < 2:
        error(
            "部分与整体图要有一个整体和至少一个部分。",
            "a part_of_whole chart needs a whole and at least one part",
            "第一个数字写整体，后面写“其中”的部分；只有一个数字时，请不要用图表。",
        )
        return
    whole, parts = values[0], values[1:]
    for part in parts:
        if part.unit != whole.unit:
            error(
                f"部分“{part.text()}”和整体“{whole.text()}”的单位不同。",
                f"part {part.text()} and whole {whole.text()} have different units",
                "部分必须和整体用同一个单位；第一个数字是整体，请检查顺序。",
            )
            continue
        try:
            larger = plot_value(part) > plot_value(whole)
        except FigureTextError:
            continue  # a value that cannot be drawn is reported below
        if larger:
            error(
                f"部分“{part.text()}”比整体“{whole.text()}”还大。",
                f"part {part.text()} is larger than its whole {whole.text()}",
                "第一个数字是整体，后面是它的部分：请检查顺序和数字。",
            )
