"""What a chart's values are, apart from how they are drawn: units, the figures side by side, a card's own value."""

from __future__ import annotations

from kiosk.core.figures import Figure
from kiosk.core.model import Chart, ChartType

# Charts that measure every value on one value axis: only figures of one unit may share it.
AXIS_CHARTS = frozenset((ChartType.BAR, ChartType.HBAR, ChartType.LINE, ChartType.STACKED_BAR))


def chart_units(chart: Chart) -> list[str]:
    """The units of the chart's figures (件, 项, 人次), each once, in order of appearance."""
    units: list[str] = []
    for series in chart.series:
        for figure in series.values:
            if figure.unit not in units:
                units.append(figure.unit)
    return units


def mixes_units(chart: Chart) -> bool:
    """Whether the chart would put figures of different units on one value axis."""
    return chart.type in AXIS_CHARTS and len(chart_units(chart)) > 1


def side_by_side(chart: Chart) -> list[tuple[Figure, str]]:
    """Every figure of the chart with its name, series after series, as a comparison sets them."""
    items: list[tuple[Figure, str]] = []
    for series in chart.series:
        for i, figure in enumerate(series.values):
            if i < len(chart.categories):
                suffix = f"（{series.name}）" if len(chart.series) > 1 and series.name else ""
                items.append((figure, chart.categories[i] + suffix))
            else:
                items.append((figure, series.name))
    return items


def comparable(items: list[tuple[Figure, str]]) -> bool:
    """Whether figures set side by side may stand on bars of one scale: one unit, all numbers."""
    return len(items) > 1 and len({f.unit for f, _ in items}) == 1 and all(f.is_arabic for f, _ in items)


def figure_pair(chart: Chart) -> tuple[tuple[Figure, str], tuple[Figure, str]] | None:
    """The two figures of a chart that is nothing more than two numbers of different units.

    Such a chart has no bars, no axis and no ratio to show: a page sets the
    two figures large instead of drawing an almost empty panel.
    """
    if chart.type is not ChartType.COMPARISON and not mixes_units(chart):
        return None
    items = side_by_side(chart)
    if len(items) != 2 or comparable(items):
        return None
    return items[0], items[1]


def value_index(chart: Chart, figure: Figure, category: str = "") -> int | None:
    """Where ``figure`` stands among ``chart``'s values (series after series), or None.

    Figures are matched by their text as written; when several values read the
    same, the one whose category is named in ``category`` (a card's label) wins.
    """
    n = len(chart.categories)
    found: list[tuple[int, str]] = []
    for s, series in enumerate(chart.series):
        for i, value in enumerate(series.values):
            if value.text() == figure.text():
                name = chart.categories[i] if i < n else series.name
                found.append((s * n + i if n else s, name))
    if not found:
        return None
    named = [index for index, name in found if name and category and (name in category or category in name)]
    return named[0] if named else found[0][0]
