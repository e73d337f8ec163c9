"""What a bundle holds: metadata, sections, cards, figures and charts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.core.figures import Figure
from kiosk.core.records import Record


class Transition(StrEnum):
    SLIDE = "slide"
    FADE = "fade"


class HeadlineEntrance(StrEnum):
    """How a card's big number appears."""

    RISE = "rise"  # the whole figure rises a little and fades in
    COUNT_UP = "count_up"  # counts up from 0: shows numbers the source does not contain on the way
    NONE = "none"  # there at once


class ChartType(StrEnum):
    BAR = "bar"
    HBAR = "hbar"
    LINE = "line"
    PIE = "pie"
    DONUT = "donut"
    STACKED_BAR = "stacked_bar"
    COMPARISON = "comparison"
    TABLE = "table"
    PART_OF_WHOLE = "part_of_whole"  # 其中: the first value is the whole, the others lie inside it


@dataclass(frozen=True, eq=False, repr=False)
class Source(Record):
    """An article or report the deck quotes, as the bundle's ``sources:`` names it."""

    id: str
    title: str
    author: str = ""
    publication: str = ""
    date: str = ""
    url: str = ""
    file: str = ""
    line: int = 0
    # The line of each key as written (and of each list item: "quote[1]"): see line_of_field.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def citation(self) -> str:
        """``《标题》，作者，刊物，日期`` with whatever parts are known."""
        parts = [f"《{self.title}》"] + [p for p in (self.author, self.publication, self.date) if p]
        return "，".join(parts)


@dataclass(frozen=True, eq=False, repr=False)
class Theme(Record):
    """The deck's colours (``display.theme``), as ``#RRGGBB`` strings."""

    background: str = "#8E1B1B"
    background_deep: str = "#5C0F12"
    surface: str = "#A32222"
    gold: str = "#F4C95D"
    text: str = "#FFF8E7"
    muted: str = "#F3DDB3"
    accent: str = "#FFD36B"
    line: int = 0


@dataclass(frozen=True, eq=False, repr=False)
class Display(Record):
    """How the deck is shown: card timing, transition, headline entrance, idle return, theme."""

    card_duration: float = 10.0
    transition: Transition = Transition.SLIDE
    transition_ms: int = 450
    headline_entrance: HeadlineEntrance = HeadlineEntrance.RISE
    idle_timeout: float = 60.0
    theme: Theme = field(default_factory=Theme)
    line: int = 0


@dataclass(frozen=True, eq=False, repr=False)
class Section(Record):
    """A group of cards with its title, shown on the section pill and in the overview."""

    id: str
    title: str
    subtitle: str = ""
    line: int = 0


@dataclass(frozen=True, eq=False, repr=False)
class SourceRef(Record):
    """Where a card's figures come from: a source and the sentence(s) that say them.

    Every figure the card shows must be written, whole, in one of ``quotes``.
    """

    source: str
    quotes: tuple[str, ...] = ()
    line: int = 0
    # The line of each key as written (and of each list item: "quote[1]"): see line_of_field.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def quote(self) -> str:
        """The quoted sentence(s) as one text for the screen."""
        return "……".join(self.quotes)


@dataclass(frozen=True, eq=False, repr=False)
class LabelledFigure(Record):
    """A secondary figure on a card: the number and what it counts."""

    figure: Figure
    label: str
    line: int = 0


@dataclass(frozen=True, eq=False, repr=False)
class Series(Record):
    """One named row of a chart's values, one figure for each category."""

    name: str
    values: tuple[Figure, ...]
    line: int = 0


@dataclass(frozen=True, eq=False, repr=False)
class Chart(Record):
    """A detail page's chart: its type, categories and series (written out or from a CSV)."""

    type: ChartType
    title: str = ""
    categories: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    csv: str = ""
    x_title: str = ""
    y_title: str = ""
    unit: str = ""
    note: str = ""
    line: int = 0
    # The line of each key as written (and of each list item: "quote[1]"): see line_of_field.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Detail(Record):
    """What a tap on a card opens: a longer text, a chart, or both."""

    text: str = ""
    chart: Chart | None = None
    line: int = 0
    # The line of each key as written (and of each list item: "quote[1]"): see line_of_field.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Card(Record):
    """One card of the deck: a headline figure, what it counts, and where the source says it."""

    id: str
    section: str
    headline: Figure
    label: str
    explanation: str = ""
    source: SourceRef | None = None
    image: str = ""
    icon: str = ""
    duration: float | None = None
    figures: tuple[LabelledFigure, ...] = ()
    detail: Detail | None = None
    related: tuple[str, ...] = ()
    line: int = 0
    # The line of each key as written (and of each list item: "quote[1]"): see line_of_field.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def all_figures(self) -> list[Figure]:
        """Every figure the card or its detail shows, headline first."""
        found = [self.headline] + [f.figure for f in self.figures]
        if self.detail and self.detail.chart:
            for series in self.detail.chart.series:
                found.extend(series.values)
        return found


@dataclass(frozen=True, eq=False, repr=False)
class Manifest(Record):
    """A whole deck as ``bundle.yaml`` describes it, after the gate has accepted it."""

    id: str
    title: str
    organisation: str
    language: str = "zh-CN"
    data_as_of: str = ""
    description: str = ""
    sources: tuple[Source, ...] = ()
    display: Display = field(default_factory=Display)
    sections: tuple[Section, ...] = ()
    cards: tuple[Card, ...] = ()
    fonts: tuple[str, ...] = ()
    format: int = 1
    line: int = 0

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)

    def play_order(self) -> list[Card]:
        """Cards in the order the screen shows them: by section, then as written."""
        rank = {s.id: i for i, s in enumerate(self.sections)}
        return sorted(self.cards, key=lambda c: rank.get(c.section, len(rank)))


def line_of_field(item: Source | SourceRef | Chart | Detail | Card, name: str) -> int:
    """The line ``name`` is written on inside ``item`` (``"headline"``, ``"quote[1]"``), else the item's own."""
    return item.lines.get(name) or item.line
