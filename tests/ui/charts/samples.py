"""Charts to test with: one of each type, from the default bundle where it has one, and helpers to show them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.core.figures import Figure, parse_figure
from kiosk.core.model import Chart, ChartType, Series

APPROVED_SIZE = (1200, 700)
SIZES = [(700, 500), (1200, 700), (2400, 1400), (1000, 800), (900, 1100)]

# Charts of the default bundle, by the card that carries them.
BUNDLE_CHARTS = {
    ChartType.HBAR: "cultural-palaces",  # 112家, 7家, 11家
    ChartType.COMPARISON: "four-seasons-funds",  # 18.1亿元 vs 1024.4万人次: different units
}


def figures(*texts: str) -> tuple[Figure, ...]:
    return tuple(parse_figure(text) for text in texts)


INLINE_CHARTS = {
    # The default bundle's innovation figures counted in 项 (591万件 of 合理化建议 are
    # another unit and stand beside them in the bundle's comparison chart).
    ChartType.BAR: Chart(
        ChartType.BAR,
        title="职工技术创新成果",
        categories=("技术革新", "先进操作法", "国家专利"),
        series=(Series("职工技术创新", figures("34.6万项", "12.4万项", "5.6万项")),),
        y_title="数量（万项）",
    ),
    ChartType.LINE: Chart(
        ChartType.LINE,
        title="职工书屋建设",
        categories=("2013年", "2014年", "2015年", "2016年", "2017年"),
        series=(Series("职工书屋", figures("1200家", "1900家", "2600家", "3400家", "4000多家")),),
        y_title="数量（家）",
        note="测试数据",
    ),
    ChartType.PIE: Chart(
        ChartType.PIE,
        title="职工技术创新成果构成",
        categories=("合理化建议", "技术革新", "先进操作法", "国家专利"),
        series=(Series("职工技术创新", figures("591万件", "34.6万件", "12.4万件", "5.6万件")),),
    ),
    ChartType.DONUT: Chart(
        ChartType.DONUT,
        title="工人文化宫清理整改",
        categories=("开展清理整改", "整改“三无”工人文化宫", "整改收回工人文化宫"),
        series=(Series("工人文化宫", figures("112家", "7家", "11家")),),
    ),
    ChartType.STACKED_BAR: Chart(
        ChartType.STACKED_BAR,
        title="劳动模范和先进工作者",
        categories=("2015年", "2020年"),
        series=(Series("全国劳模", figures("120名", "148名")), Series("省劳模", figures("900名", "994名"))),
        y_title="人数（名）",
    ),
    ChartType.PART_OF_WHOLE: Chart(
        ChartType.PART_OF_WHOLE,
        title="女职工和女会员",
        categories=("全省女职工", "女会员", "农民工"),
        series=(Series("女职工", figures("196.78万人", "189.29万人", "近50万人")),),
        note="测试数据",
    ),
    ChartType.TABLE: Chart(
        ChartType.TABLE,
        title="职工技术创新成果",
        categories=("合理化建议", "技术革新", "先进操作法", "国家专利"),
        series=(
            Series("五年累计", figures("591万件", "34.6万项", "12.4万项", "5.6万项")),
            Series("上一个五年", figures("400余万件", "20万项", "近10万项", "3万项")),
        ),
        note="测试数据",
    ),
}


def bundle_chart(bundle, card_id: str) -> Chart:
    card = bundle.manifest.card(card_id)
    assert card is not None and card.detail is not None and card.detail.chart is not None, card_id
    return card.detail.chart


def chart_of(bundle, kind: ChartType) -> Chart:
    if kind in BUNDLE_CHARTS:
        return bundle_chart(bundle, BUNDLE_CHARTS[kind])
    return INLINE_CHARTS[kind]


def all_charts(bundle) -> list[Chart]:
    """One of each type, and every chart of the default bundle."""
    found = [chart_of(bundle, kind) for kind in ChartType]
    for card in bundle.manifest.cards:
        if card.detail and card.detail.chart and card.detail.chart not in found:
            found.append(card.detail.chart)
    return found


def laid_out(view) -> None:
    """Let Qt and pyqtgraph finish their layouts (axes resize, then the plot)."""
    for _ in range(4):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
