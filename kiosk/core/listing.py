"""``union-kiosk list``: every card in play order, as the screen shows it."""

from __future__ import annotations

import unicodedata

from kiosk.core.model import Manifest


def card_rows(manifest: Manifest) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for card in manifest.play_order():
        section = manifest.section(card.section)
        source = manifest.source(card.source.source) if card.source else None
        shown = [f.text() for f in card.all_figures()[1:]]
        rows.append(
            {
                "id": card.id,
                "section": section.title if section else card.section,
                "headline": card.headline.text(),
                "label": card.label,
                "figures": list(dict.fromkeys(f for f in shown if f != card.headline.text())),
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
        cells.append([("、".join(row[c]) if isinstance(row[c], list) else str(row[c])) for c in columns])  # type: ignore[arg-type]
    widths = [max(_width(line[i]) for line in cells) for i in range(len(columns) - 1)]
    lines = []
    for line in cells:
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(line[:-1])) + "  " + line[-1])
    sources = sorted({str(r["source"]) for r in rows if r["source"]})
    footer = [f"{len(rows)} 张卡片"] + [f"出处：{s}" for s in sources]
    return "\n".join([*lines, "", *footer])
