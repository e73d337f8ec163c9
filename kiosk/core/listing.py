"""``union-kiosk list``: every card in play order, as the screen shows it."""

from __future__ import annotations

import unicodedata

from kiosk.core.model import Card, Manifest


def shown_figures(card: Card) -> list[dict[str, str]]:
    """Every figure the card and its detail page show, each with what it counts."""
    rows = [{"figure": card.headline.text(), "label": card.label, "field": "headline"}]
    rows += [{"figure": f.figure.text(), "label": f.label, "field": "figures"} for f in card.figures]
    chart = card.detail.chart if card.detail else None
    if chart is not None:
        for series in chart.series:
            for index, value in enumerate(series.values):
                category = chart.categories[index] if index < len(chart.categories) else ""
                what = "·".join(part for part in (category, series.name) if part)
                rows.append({"figure": value.text(), "label": what, "field": "detail.chart"})
    return rows


def card_rows(manifest: Manifest) -> list[dict[str, object]]:
    """One row per card in play order: its figures with their labels and the sentence(s) they come from."""
    rows: list[dict[str, object]] = []
    for card in manifest.play_order():
        section = manifest.section(card.section)
        source = manifest.source(card.source.source) if card.source else None
        rows.append(
            {
                "id": card.id,
                "section": section.title if section else card.section,
                "headline": card.headline.text(),
                "label": card.label,
                "figures": shown_figures(card),
                "quotes": list(card.source.quotes) if card.source else [],
                "source": source.citation() if source else "",
            }
        )
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(rows: list[dict[str, object]]) -> str:
    """A plain-text table that lines up in a terminal with Chinese text."""
    columns = ["id", "section", "headline", "label", "figures"]
    headers = {"id": "id", "section": "栏目", "headline": "数字", "label": "说明", "figures": "其他数字"}
    cells = [[headers[c] for c in columns]]
    for row in rows:
        cells.append([_others(row) if c == "figures" else str(row[c]) for c in columns])
    widths = [max(_width(line[i]) for line in cells) for i in range(len(columns) - 1)]
    lines = []
    for line in cells:
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(line[:-1])) + "  " + line[-1])
    sources = sorted({str(r["source"]) for r in rows if r["source"]})
    footer = [f"{len(rows)} 张卡片"] + [f"出处：{s}" for s in sources]
    return "\n".join([*lines, "", *footer])


def _others(row: dict[str, object]) -> str:
    """The figures besides the headline, each with what it counts, in the order the card shows them."""
    figures = row["figures"]
    assert isinstance(figures, list)
    return "、".join(
        f"{f['figure']}（{'图表·' if f['field'] == 'detail.chart' else ''}{f['label']}）" for f in figures[1:]
    )
