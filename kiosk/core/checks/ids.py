"""Ids: each section and card named once, and every reference to one names one that exists."""

from __future__ import annotations

from kiosk.core import model
from kiosk.core.model import line_of_field
from kiosk.core.problems import ProblemList
from kiosk.core.yamlsafe import MappingNode, Node, ScalarNode, SequenceNode


def written_ids(node: Node | None) -> dict[str, set[str]]:
    """The ids written under cards, sections and sources, readable or not.

    An item the schema refused is left out of the manifest and reported once;
    a reference to it is no second mistake, so the cross-checks let it be.
    ``card-sections`` holds the sections the written cards name: a section
    whose only card was refused is not empty.  ``files`` holds the files the
    written cards and sources name (picture, icon, chart CSV, source text): a
    refused card's picture is not also an unused file.
    """
    written: dict[str, set[str]] = {
        "cards": set(),
        "sections": set(),
        "sources": set(),
        "card-sections": set(),
        "files": set(),
    }
    if not isinstance(node, MappingNode):
        return written
    for key, items in node.value:
        if not (isinstance(key, ScalarNode) and key.value in ("cards", "sections", "sources")):
            continue
        if not isinstance(items, SequenceNode):
            continue
        for item in items.value:
            for field_node, value in item.value if isinstance(item, MappingNode) else ():
                if not isinstance(field_node, ScalarNode):
                    continue
                if isinstance(value, MappingNode) and field_node.value == "detail":
                    written["files"].update(_chart_csv(value))
                if not isinstance(value, ScalarNode):
                    continue
                if field_node.value == "id":
                    written[key.value].add(str(value.value).strip())
                elif field_node.value == "section" and key.value == "cards":
                    written["card-sections"].add(str(value.value).strip())
                elif field_node.value in FILE_FIELDS:
                    written["files"].add(str(value.value).strip())
    return written


FILE_FIELDS = frozenset({"image", "icon", "file"})


def _chart_csv(detail: MappingNode) -> set[str]:
    """The CSV file a written ``detail.chart.csv`` names, if any."""
    for key, chart in detail.value:
        if isinstance(key, ScalarNode) and key.value == "chart" and isinstance(chart, MappingNode):
            for field_node, value in chart.value:
                if isinstance(field_node, ScalarNode) and field_node.value == "csv" and isinstance(value, ScalarNode):
                    return {str(value.value).strip()}
    return set()


def check_ids(manifest: model.Manifest, problems: ProblemList, written: dict[str, set[str]]) -> None:
    """Duplicate section and card ids, unknown sections and related cards, and sections left empty."""
    seen_sections: dict[str, int] = {}
    for section in manifest.sections:
        if section.id in seen_sections:
            problems.error(
                "duplicate-id",
                f"栏目编号“{section.id}”重复（第 {seen_sections[section.id]} 行已用过）。",
                hint="每个栏目的 id 必须不同。",
                en=f"duplicate section id {section.id}",
                line=section.line,
                field="sections.id",
            )
        seen_sections.setdefault(section.id, section.line)
    seen_cards: dict[str, int] = {}
    used_sections: set[str] = set()
    for card in manifest.cards:
        if card.id in seen_cards:
            problems.error(
                "duplicate-id",
                f"卡片编号“{card.id}”重复（第 {seen_cards[card.id]} 行已用过）。",
                hint="每张卡片的 id 必须不同，请改掉其中一个。",
                en=f"duplicate card id {card.id}",
                line=line_of_field(card, "id"),
                card=card.id,
                field="id",
            )
        seen_cards.setdefault(card.id, card.line)
        if card.section not in seen_sections and card.section not in written["sections"]:
            known = "、".join(seen_sections) or "（没有栏目）"
            problems.error(
                "unknown-section",
                f"栏目“{card.section}”不存在。",
                hint=f"请写 sections 里已有的栏目编号：{known}。",
                en=f"unknown section {card.section}",
                line=line_of_field(card, "section"),
                card=card.id,
                field="section",
            )
        used_sections.add(card.section)
    for card in manifest.cards:
        for index, related in enumerate(card.related):
            line = card.lines.get(f"related[{index}]") or line_of_field(card, "related")
            if related == card.id:
                problems.warning(
                    "related-self",
                    "相关卡片指向了自己。",
                    en="card lists itself as related",
                    line=line,
                    card=card.id,
                    field="related",
                )
            elif related not in seen_cards and related not in written["cards"]:
                problems.error(
                    "unknown-card",
                    f"相关卡片“{related}”不存在。",
                    hint="请写已有卡片的 id。",
                    en=f"unknown related card {related}",
                    line=line,
                    card=card.id,
                    field="related",
                )
    for section in manifest.sections:
        if section.id not in used_sections and section.id not in written.get("card-sections", ()):
            problems.warning(
                "empty-section",
                f"栏目“{section.title}”里没有卡片，不会显示。",
                en=f"section {section.id} has no cards",
                line=section.line,
                field="sections",
            )
