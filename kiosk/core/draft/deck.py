"""Cards proposed from an article's figures: one card for each sentence (or part of a long one).

The headline is the sentence's first figure, the others are the card's
secondary figures, each with its label; a "其中" relation whose whole and
parts the card quotes becomes a part_of_whole chart, other relations are
noted; figures of one unit become a chart, and a whole is never drawn beside its parts.
Everything here is a guess for an editor to check, and is marked so by the writer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from kiosk.core import limits
from kiosk.core.checks.detail_text import DETAIL_CHARS_BESIDE_CHART
from kiosk.core.draft.article import MAX_HEADING, Article
from kiosk.core.draft.figures_in_text import FigureKind, Findings, FoundFigure, PartOfWhole
from kiosk.core.text_safety import first_unsafe

MAX_QUOTE = 600  # what a card's quote may hold
MAX_SECONDARY = 6  # secondary figures a card may show
MAX_SECTION_TITLE = 16  # the format allows 30; a guessed title stays short
COMPARISON_AT_MOST = 3  # more comparable figures than this make a bar chart
_FILLER = (
    "截至目前",
    "据了解",
    "据统计",
    "据悉",
    "目前",
    "同时",
    "此外",
    "另外",
    "近年来",
    "今年以来",
    "五年来",
    "其中",
)
_ORGANISATION = re.compile(r"(中华全国总工会|全国总工会|[\u4e00-\u9fff]{2,6}?[省市区县州旗](?:总工会|工会))")


@dataclass(frozen=True, slots=True)
class ChartProposal:
    type: str  # part_of_whole, comparison or bar
    categories: tuple[str, ...]
    figures: tuple[FoundFigure, ...]
    relation: PartOfWhole | None = None  # the "其中" a part_of_whole chart draws: whole first


@dataclass(slots=True)
class CardProposal:
    id: str
    section: str
    headline: FoundFigure
    figures: list[FoundFigure]
    quote: str
    chart: ChartProposal | None = None
    relations: list[PartOfWhole] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)  # figure texts the article prints more than once

    @property
    def note(self) -> str:
        """The "其中" relations of the card its chart does not draw, in words, for its detail page."""
        return _relations_note(r for r in self.relations if self.chart is None or r is not self.chart.relation)


def _relations_note(relations: Iterable[PartOfWhole]) -> str:
    lines = []
    for relation in relations:
        parts = "、".join(f"“{part.text}”" for part in relation.parts)
        lines.append(f"其中：{parts}包含在“{relation.whole.text}”之内，不能与它相加。")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class SectionProposal:
    id: str
    title: str
    from_heading: bool


@dataclass(frozen=True, slots=True)
class DeckProposal:
    title: str
    organisation: str
    sections: tuple[SectionProposal, ...]
    cards: tuple[CardProposal, ...]
    findings: Findings


def propose_deck(findings: Findings) -> DeckProposal:
    """Sections and cards for every figure of ``findings``, in the article's order."""
    article = findings.article
    by_sentence: dict[int, list[FoundFigure]] = {}
    for figure in findings.figures:
        by_sentence.setdefault(figure.sentence.index, []).append(figure)
    counts = Counter(figure.text for figure in findings.figures if figure.kind is FigureKind.AMOUNT)
    amounts_by_sentence = {i: [f for f in found if f.kind is FigureKind.AMOUNT] for i, found in by_sentence.items()}
    section_of, sections = _sections(article, {i: found for i, found in amounts_by_sentence.items() if found})
    cards: list[CardProposal] = []
    headlines: set[str] = set()
    founding = next((f for f in findings.figures if f.kind is FigureKind.FOUNDING_YEAR), None)
    if founding is not None:
        sections = (SectionProposal("history", "历史沿革", from_heading=False), *sections)
        cards.append(CardProposal("founding", "history", founding, [], _quote_around(founding)))
    for index in sorted(amounts_by_sentence):
        amounts = amounts_by_sentence[index]
        sentence = article.sentences[index]
        for start, end in _chunks(sentence.text, amounts):
            figures = [f for f in amounts if start <= f.start and f.end <= end]
            quote = sentence.text[start:end]
            if not figures or first_unsafe(quote) is not None:
                continue
            headline = next((f for f in figures if f.text not in headlines), figures[0])
            headlines.add(headline.text)
            others = [f for f in figures if f is not headline]
            card = CardProposal(
                f"card-{len(cards) + (0 if founding else 1):02d}",
                section_of[sentence.paragraph],
                headline,
                others,
                quote,
            )
            card.relations = [r for r in findings.relations if r.whole in figures or any(p in figures for p in r.parts)]
            card.repeated = sorted({f.text for f in figures if counts[f.text] > 1})
            card.chart = _chart(figures, card)
            cards.append(card)
    return DeckProposal(_title(article), _organisation(article.text), sections, tuple(cards), findings)


def _quote_around(figure: FoundFigure) -> str:
    text = figure.sentence.text
    if len(text) <= MAX_QUOTE:
        return text
    start = max(0, figure.start - MAX_QUOTE // 2)
    return text[start : start + MAX_QUOTE]


def _chunks(text: str, figures: list[FoundFigure]) -> list[tuple[int, int]]:
    """Parts of a sentence, each at most MAX_QUOTE long with at most 1 + MAX_SECONDARY figures.

    A short sentence is one part; a longer one is cut after ， (then 、, then anywhere
    between figures), so that each card quotes a piece of the sentence that holds its figures.
    """
    if len(text) <= MAX_QUOTE and len(figures) <= 1 + MAX_SECONDARY:
        return [(0, len(text))]
    pieces = _pieces(text, 0, len(text), figures)
    chunks: list[tuple[int, int]] = []
    for start, end in pieces:
        if chunks:
            first, _last = chunks[-1]
            inside = [f for f in figures if first <= f.start and f.end <= end]
            if end - first <= MAX_QUOTE and len(inside) <= 1 + MAX_SECONDARY:
                chunks[-1] = (first, end)
                continue
        chunks.append((start, end))
    return chunks


def _pieces(text: str, start: int, end: int, figures: list[FoundFigure], marks: str = "，、") -> list[tuple[int, int]]:
    inside = [f for f in figures if start <= f.start and f.end <= end]
    if end - start <= MAX_QUOTE and len(inside) <= 1 + MAX_SECONDARY:
        return [(start, end)]
    if not marks:  # cut anywhere between figures
        cuts = [f.end for f in inside][:: 1 + MAX_SECONDARY][1:] or [start + MAX_QUOTE]
        cuts = [c for c in cuts if start < c < end]
        bounds = [start, *cuts, end]
        pieces: list[tuple[int, int]] = []
        for first, last in pairwise(bounds):
            a = first
            while last - a > MAX_QUOTE:
                cut = a + MAX_QUOTE
                spanning = next((f for f in inside if f.start < cut < f.end), None)
                cut = spanning.start if spanning and spanning.start > a else cut
                pieces.append((a, cut))
                a = cut
            pieces.append((a, last))
        return pieces
    mark = marks[0]
    cuts = [i + 1 for i in range(start, end - 1) if text[i] == mark]
    bounds = [start, *cuts, end]
    result: list[tuple[int, int]] = []
    for a, b in pairwise(bounds):
        result.extend(_pieces(text, a, b, figures, marks[1:]))
    return result


def _chart(figures: list[FoundFigure], card: CardProposal) -> ChartProposal | None:
    """A part_of_whole chart of a "其中" the card quotes; else a chart of its figures that share a unit."""
    nested = _part_of_whole(figures, card)
    if nested is not None:
        return nested
    wholes = {id(r.whole) for r in card.relations}
    groups: dict[str, list[FoundFigure]] = {}
    for figure in figures:
        if figure.figure.is_arabic and id(figure) not in wholes:
            groups.setdefault(figure.figure.unit, []).append(figure)
    best = max(groups.values(), key=len, default=[])
    if len(best) < 2:
        return None
    if len(card.quote) + len(card.note) > DETAIL_CHARS_BESIDE_CHART:
        return None  # the quote would have to be set too small beside a chart
    categories = tuple(_category(figure.label) for figure in best)
    if len(set(categories)) < len(categories):
        return None
    kind = "comparison" if len(best) <= min(COMPARISON_AT_MOST, limits.MAX_COMPARISON_ITEMS) else "bar"
    if len(best) > limits.CATEGORY_LIMITS[kind]:
        return None
    return ChartProposal(kind, categories, tuple(best))


def _part_of_whole(figures: list[FoundFigure], card: CardProposal) -> ChartProposal | None:
    """The first "其中" whose whole and parts all stand in the card's quote, drawn whole first."""
    for relation in card.relations:
        drawn = (relation.whole, *relation.parts)
        if not all(f in figures and f.figure.is_arabic for f in drawn) or len(relation.parts) > limits.MAX_PARTS:
            continue
        rest = _relations_note(r for r in card.relations if r is not relation)
        if len(card.quote) + len(rest) > DETAIL_CHARS_BESIDE_CHART:
            return None  # the quote would have to be set too small beside a chart
        categories = tuple(_category(f.label) for f in drawn)
        if all(categories) and len(set(categories)) == len(categories):
            return ChartProposal("part_of_whole", categories, drawn, relation)
    return None


def _category(label: str) -> str:
    limit = limits.MAX_CATEGORY_LABEL
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _sections(
    article: Article, by_sentence: dict[int, list[FoundFigure]]
) -> tuple[dict[int, str], tuple[SectionProposal, ...]]:
    """A section for each heading that has figures under it; without two such headings, one for each paragraph."""
    paragraphs = sorted({article.sentences[i].paragraph for i in by_sentence})
    headings = [article.paragraphs[p].heading for p in paragraphs]
    section_of: dict[int, str] = {}
    sections: list[SectionProposal] = []
    if len(set(headings)) >= 2:
        ids: dict[str, str] = {}
        for paragraph, heading in zip(paragraphs, headings, strict=True):
            if heading not in ids:
                ids[heading] = f"section-{len(ids) + 1:02d}"
                title = heading or article.title[:MAX_SECTION_TITLE] or "概述"
                sections.append(SectionProposal(ids[heading], title[:MAX_HEADING], from_heading=bool(heading)))
            section_of[paragraph] = ids[heading]
        return section_of, tuple(sections)
    for paragraph in paragraphs:
        section_id = f"section-{len(sections) + 1:02d}"
        first = next(article.sentences[i] for i in sorted(by_sentence) if article.sentences[i].paragraph == paragraph)
        figure = by_sentence[first.index][0]
        sections.append(SectionProposal(section_id, _paragraph_title(first.text, figure.label), from_heading=False))
        section_of[paragraph] = section_id
    return section_of, tuple(sections)


def _paragraph_title(sentence: str, fallback: str) -> str:
    """A short title for a paragraph: its first clause without numbers, filler words left out."""
    for clause in re.split(r"[，；：。！？]", sentence):
        words = clause
        for filler in _FILLER:
            words = words.removeprefix(filler)
        words = words.strip("“”（）、 ")
        if len(words) >= 2 and not re.search(r"[0-9]", words):
            return words[:MAX_SECTION_TITLE]
    return (fallback.strip("“”") or "概述")[:MAX_SECTION_TITLE]


def _title(article: Article) -> str:
    if article.title:
        return article.title[:80]
    if article.sentences:
        return article.sentences[0].text[:30]
    return "文章草稿"


def _organisation(text: str) -> str:
    """The union the article is about: the "…总工会" it names most often."""
    names = Counter(str(name) for name in _ORGANISATION.findall(text))
    if not names:
        return "（请填写单位名称）"
    name, _count = names.most_common(1)[0]
    return name[:40]
