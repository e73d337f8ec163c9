"""Every text the screen may show of a manifest, with the card and field it belongs to."""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.core import model

DisplayedText = tuple[str | None, str, str]
"""(card id, or ``None`` for the bundle's own texts; field; text)."""


def displayed_texts(manifest: model.Manifest) -> Iterator[DisplayedText]:
    """Every piece of text the screen may show: (card id, field, text)."""
    yield None, "title", manifest.title
    yield None, "organisation", manifest.organisation
    if manifest.data_as_of:
        yield None, "data_as_of", manifest.data_as_of
    for source in manifest.sources:
        yield None, "sources", source.citation()
    for section in manifest.sections:
        yield None, "sections.title", section.title
        if section.subtitle:
            yield None, "sections.subtitle", section.subtitle
    for card in manifest.cards:
        yield from _card_texts(card)


def _card_texts(card: model.Card) -> Iterator[DisplayedText]:
    yield card.id, "headline", card.headline.text()
    yield card.id, "label", card.label
    if card.explanation:
        yield card.id, "explanation", card.explanation
    if card.source and card.source.quote:
        yield card.id, "source.quote", card.source.quote
    for extra in card.figures:
        yield card.id, "figures", extra.figure.text()
        yield card.id, "figures.label", extra.label
    if card.detail:
        if card.detail.text:
            yield card.id, "detail.text", card.detail.text
        if card.detail.chart:
            yield from _chart_texts(card.id, card.detail.chart)


def _chart_texts(card_id: str, chart: model.Chart) -> Iterator[DisplayedText]:
    for text in (chart.title, chart.x_title, chart.y_title, chart.note, *chart.categories):
        if text:
            yield card_id, "detail.chart", text
    for series in chart.series:
        yield card_id, "detail.chart.series", series.name
        for figure in series.values:
            yield card_id, "detail.chart.series", figure.text()
