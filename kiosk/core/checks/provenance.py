"""Provenance: every figure a card shows, traced to the card's own sentence.

A number on screen must be a number its source says, about what the source
says it about.  Finding ``1108人`` somewhere in the article is not enough:
it has to stand, whole (qualifier, number, magnitude, unit), in the sentence
the card quotes.  When it does not, the message shows what that sentence
says around the closest match, so the editor sees the difference at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.core import model
from kiosk.core.figures import CHINESE_NUMERALS, DEFAULT_POSITIONS, Figure, QualifierPosition
from kiosk.core.model import line_of_field
from kiosk.core.problems import ProblemList
from kiosk.core.records import Record

# Chinese articles mix half- and full-width punctuation; compare them as one.
_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})
_MARKUP = re.compile(r"[\s*#]+")
# A thousands comma inside a number (1,070个): a quote is compared without it.
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
_SENTENCE_END = re.compile(r"(?<=[。！？；])|\n")

# The qualifiers a figure may not silently drop, as figures.py places them.
_QUALIFIERS_BEFORE = tuple(q for q, p in DEFAULT_POSITIONS.items() if p is QualifierPosition.BEFORE_NUMBER)
_QUALIFIERS_AFTER = tuple(q for q, p in DEFAULT_POSITIONS.items() if p is QualifierPosition.AFTER_UNIT)
_QUALIFIERS_TAIL = tuple(q for q, p in DEFAULT_POSITIONS.items() if p is QualifierPosition.AFTER_MAGNITUDE)
RANK_MARK = "第"  # 第15名 is a rank, not the figure 15名

# What each qualifier tells a visitor, for the messages that explain them.
QUALIFIER_MEANINGS = {
    "近": "接近、还不到这个数",
    "将近": "接近、还不到这个数",
    "约": "大约",
    "超过": "比这个数多",
    "超": "比这个数多",
    "逾": "比这个数多",
    "达": "达到",
    "余": "比这个数多一些",
    "多": "比这个数多一些",
    "以上": "不少于这个数",
    "以下": "不超过这个数",
    "左右": "大约",
    "上下": "大约",
}
SHOWN_AROUND = 12  # characters of the sentence shown on each side of the closest match
SHORT_SENTENCE = 8  # a repeated "sentence" shorter than this is a phrase, not worth a warning


# Characters of source text ``validate`` may scan looking for quotes: about two
# seconds on a 2-core PC.  A real deck scans a few million; 10,000 quotes each
# searched through a 4 MB article would take ten times the budget.
SEARCH_BUDGET = 2_000_000_000
# For the warning that a figure stands in two sentences: characters searched, apart
# from the budget above (a warning must not cost a quote its check), and the
# places of one figure looked at.
TWICE_BUDGET = 200_000_000
MAX_PLACES_LOOKED_AT = 50
_SENTENCE_ENDS = "。！？；"


class SourceTexts:
    """The normalised texts of a bundle's sources, searched within a budget."""

    def __init__(self, texts: dict[str, str], budget: int = SEARCH_BUDGET) -> None:
        self.texts = texts
        self.budget = budget
        self.exhausted = False
        self.reported = False
        self._found: dict[tuple[str, str], bool] = {}
        self.twice_budget = TWICE_BUDGET
        self._two_things: dict[tuple[str, str], tuple[str, str] | None] = {}

    def get(self, source_id: str) -> str | None:
        return self.texts.get(source_id)

    def contains(self, source_id: str, quote: str) -> bool | None:
        """Whether the source holds ``quote``; ``None`` once the budget is spent."""
        key = (source_id, quote)
        if key in self._found:
            return self._found[key]
        text = self.texts[source_id]
        if self.budget < len(text):
            self.exhausted = True
            return None
        self.budget -= len(text)
        found = self._found[key] = quote in text
        return found

    def two_things(self, source_id: str, figure: Figure) -> tuple[str, str] | None:
        """Two different sentences of the source where ``figure`` counts two different things;
        ``None`` when there are none, or once the search budget of this warning is spent."""
        key = (source_id, figure.text())
        if key in self._two_things:
            return self._two_things[key]
        text = self.texts.get(source_id)
        if text is None or self.twice_budget < len(text):
            return None
        self.twice_budget -= len(text)
        places: list[_Place] = []
        found = None
        for looked_at, start in enumerate(whole_figure_positions(figure, text)):
            if looked_at >= MAX_PLACES_LOOKED_AT:
                break
            place = _Place.at(text, start, len(figure.text()))
            other = next((p for p in places if p.sentence != place.sentence and not p.same_thing(place)), None)
            if other is not None:
                found = (other.sentence, place.sentence)
                break
            places.append(place)
        self._two_things[key] = found
        return found

    def spend(self, source_id: str) -> str | None:
        """The source's text, to search once more, or ``None`` once the budget is spent."""
        text = self.texts.get(source_id)
        if text is None or self.budget < len(text) * 2:
            return None
        self.budget -= len(text) * 2
        return text


def normalise_source_text(text: str) -> str:
    """Source text with markup and spacing removed, so quotes match as read.

    Articles often set figures in bold with spaces around them
    (``**15.1** 万个``); a quote copied from the screen reads ``15.1万个``.
    """
    return _THOUSANDS.sub("", _MARKUP.sub("", text)).translate(_FULLWIDTH)


def figure_in_text(figure: Figure, text: str) -> bool:
    """Whether the normalised ``text`` prints ``figure`` whole.

    Being a substring is not enough: 5万余名 is inside 1.5万余名, 27万人
    inside 1927万人, 1000个 inside 近1000个, 97% inside 97%以上 and 15名
    inside the rank 第15名.
    """
    return next(whole_figure_positions(figure, text), None) is not None


def whole_figure_positions(figure: Figure, text: str) -> Iterator[int]:
    """Where the normalised ``text`` prints ``figure`` whole (see :func:`figure_in_text`)."""
    shown = figure.text()
    numerals = "0123456789" if figure.is_arabic else CHINESE_NUMERALS + "万亿"
    ends_with_number = not figure.parts()[2]
    start = text.find(shown)
    while start >= 0:
        before = text[max(0, start - 2) : start]
        after = text[start + len(shown) : start + len(shown) + 2]
        inside_number = bool(before) and (before[-1] in numerals or re.fullmatch(r"[0-9]\.", before) is not None)
        if ends_with_number and after:
            inside_number = (
                inside_number or after[0] in numerals + "万亿" or re.fullmatch(r"\.[0-9]", after) is not None
            )
        drops_qualifier = not figure.qualifier and (
            before.endswith(_QUALIFIERS_BEFORE)
            or after.startswith(_QUALIFIERS_AFTER)
            or (not figure.unit and after.startswith(_QUALIFIERS_TAIL))
        )
        rank = not figure.parts()[0] and before.endswith(RANK_MARK)
        if not inside_number and not drops_qualifier and not rank:
            yield start
        start = text.find(shown, start + 1)


def shown_figures(card: model.Card) -> Iterator[tuple[str, Figure]]:
    """Every figure the card and its detail page show, with the field it is written in."""
    for field_name, figure, _line in placed_figures(card):
        yield field_name, figure


def placed_figures(card: model.Card) -> Iterator[tuple[str, Figure, int]]:
    """Every figure the card and its detail page show, with its field and the line it is written on."""
    yield "headline", card.headline, line_of_field(card, "headline")
    for index, extra in enumerate(card.figures):
        yield "figures", extra.figure, extra.line or card.lines.get(f"figures[{index}]") or card.line
    if card.detail and card.detail.chart:
        chart = card.detail.chart
        # CSV values are reported at the csv: line; written ones at their series.
        chart_line = line_of_field(chart, "csv") if chart.csv else line_of_field(chart, "series")
        for series in chart.series:
            for value in series.values:
                yield "detail.chart", value, series.line or chart_line


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (after 。！？； and at line ends), normalised."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    # Cards often share a quote or an explanation (YAML anchors): each is cut once.
    return tuple(s for s in (normalise_source_text(part) for part in _SENTENCE_END.split(text)) if s)


def _number_positions(number: str, text: str) -> Iterator[int]:
    """Where ``number`` stands in ``text`` as a whole number, not inside a longer one."""
    digits = "0123456789." if number[:1].isascii() else CHINESE_NUMERALS
    start = text.find(number)
    while start >= 0:
        end = start + len(number)
        if (start == 0 or text[start - 1] not in digits) and (end == len(text) or text[end] not in digits):
            yield start
        start = text.find(number, start + 1)


_WORDS_AROUND = re.compile(r"[^\W0-9_]{1,20}")
_THING = 3  # characters that name what a figure counts: the end of the words before it, the start of those after


@dataclass(frozen=True, eq=False, repr=False)
class _Place(Record):
    """A figure where the source prints it: its sentence, and the words right before and after it."""

    sentence: str
    before: str
    after: str

    @classmethod
    def at(cls, text: str, start: int, length: int) -> _Place:
        sentence = _sentence_around(text, start)
        before = _WORDS_AROUND.findall(text[max(0, start - 20) : start])
        after = _WORDS_AROUND.match(text, start + length)
        return cls(
            sentence,
            before[-1] if before and text.endswith(before[-1], 0, start) else "",
            after.group() if after else "",
        )

    def things(self) -> list[str]:
        """What the figure may count here: the end of the words before it, the start of those after."""
        return [w for w in (self.before[-_THING:], self.after[:_THING]) if len(w) >= 2]

    def same_thing(self, other: _Place) -> bool:
        """Whether both places name one thing next to the figure (基层工会15.1万个 and 15.1万个基层工会)."""
        return any(t in w for t in self.things() for w in (other.before, other.after)) or any(
            t in w for t in other.things() for w in (self.before, self.after)
        )


def _sentence_around(text: str, index: int) -> str:
    """The sentence of the normalised ``text`` that holds ``index``."""
    start = max(text.rfind(end, 0, index) for end in _SENTENCE_ENDS) + 1
    ends = [found for found in (text.find(end, index) for end in _SENTENCE_ENDS) if found >= 0]
    return text[start : min(ends) + 1 if ends else len(text)]


def _excerpt(text: str, start: int, end: int) -> str:
    left, right = max(0, start - SHOWN_AROUND), min(len(text), end + SHOWN_AROUND)
    return ("……" if left else "") + text[left:right] + ("……" if right < len(text) else "")


def _qualifier_near(text: str, start: int, end: int) -> str:
    """A qualifier written right before or after the number at ``start:end``, if any."""
    before = text[max(0, start - 2) : start]
    for qualifier in sorted(_QUALIFIERS_BEFORE, key=len, reverse=True):
        if before.endswith(qualifier):
            return qualifier
    after = text[end : end + 8]
    for qualifier in (*_QUALIFIERS_TAIL, *_QUALIFIERS_AFTER):
        if qualifier in after[: after.find("，") if "，" in after else len(after)]:
            return qualifier
    return ""


def _explain(figure: Figure, quotes: list[str], texts: SourceTexts, source_id: str) -> tuple[str, str, str]:
    """Message, hint and English for a figure that is not in the card's sentence(s)."""
    shown = figure.text()
    for quote in quotes:
        for start in _number_positions(figure.value, quote):
            end = start + len(figure.value)
            excerpt = _excerpt(quote, start, end)
            qualifier = _qualifier_near(quote, start, end)
            hint = "请照原句写：数字、数量级、量词或单位和限定词都要一致。"
            if qualifier and qualifier != figure.qualifier:
                meaning = QUALIFIER_MEANINGS.get(qualifier, "")
                qualified = Figure(figure.value, figure.unit, figure.magnitude, qualifier)
                fits = any(figure_in_text(qualified, q) for q in quotes)
                hint = f"原句在数字旁写了“{qualifier}”（{meaning}），展台上也必须写上，否则数字的意思就变了" + (
                    f"：请写成 {qualified.text()}。" if fits else "。"
                )
            return (
                f"数字“{shown}”和这张卡片引用的原句不一致：原句是“{excerpt}”。",
                hint,
                f"figure {shown!r} differs from the card's quoted sentence, which reads {excerpt!r}",
            )
    source = texts.spend(source_id)  # the article is searched once for the figure, once for its sentence
    if source is not None and figure_in_text(figure, source):
        elsewhere = next((s for s in sentences(source) if figure_in_text(figure, s)), "")
        return (
            f"数字“{shown}”不在这张卡片引用的原句里；它出自原文的另一句：“{_clip(elsewhere)}”。",
            "一个数字只能放在说它的那句话的卡片上：请把那句也写进 quote（可以写成列表），或换成本句里的数字。",
            f"figure {shown!r} is not in this card's quoted sentence; the article says it in another sentence",
        )
    first = quotes[0] if quotes else ""
    return (
        f"数字“{shown}”不在这张卡片引用的原句里" + (f"（原句是“{_clip(first)}”）。" if first else "。"),
        "展台只能显示原句里有的数字：请按原句改正数字，或在 quote 里写出这个数字所在的原句。",
        f"figure {shown!r} is not in the card's quoted sentence",
    )


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def check_card_source(
    card: model.Card,
    manifest: model.Manifest,
    texts: SourceTexts,
    problems: ProblemList,
    written_sources: set[str],
) -> None:
    """The card's quotes are in its source, and every figure it shows is in its quotes."""
    ref = card.source
    if ref is None:
        problems.warning(
            "no-source",
            "这张卡片没有注明出处。",
            hint="公开展示的数字应当注明来源：请加上 source: 和原句 quote:。",
            en="card has no source",
            line=card.line,
            card=card.id,
            field="source",
        )
        return
    if manifest.source(ref.source) is None:
        if ref.source in written_sources:
            return  # the source itself could not be read: reported there
        known = "、".join(s.id for s in manifest.sources) or "（还没有 sources）"
        problems.error(
            "unknown-source",
            f"来源“{ref.source}”不存在。",
            hint=f"请写 sources 里已有的编号：{known}。",
            en=f"unknown source {ref.source}",
            line=line_of_field(ref, "source"),
            card=card.id,
            field="source.source",
        )
        return
    if not ref.quotes:
        problems.error(
            "no-quote",
            "卡片注明了出处，但没有写数字所在的原句。",
            hint="请把原文里说这个数字的那句话逐字复制到 quote: 里；数字出自两句时，写成列表。",
            en="the card names a source but quotes no sentence: copy the sentence with its figures into quote:",
            line=line_of_field(card, "source"),
            card=card.id,
            field="source.quote",
        )
        return
    text = texts.get(ref.source)
    quotes = [normalise_source_text(q) for q in ref.quotes]
    for index, quote in enumerate(quotes):
        found = True if text is None else texts.contains(ref.source, quote)
        if found is None:
            _too_much_to_search(texts, problems, card)
            return
        if not found:
            problems.error(
                "quote-not-in-source",
                "引文在原文里找不到。" if len(quotes) == 1 else f"第 {index + 1} 条引文在原文里找不到。",
                hint="请从原文逐字复制这句话（标点也要一致）。",
                en="quote not found in the source text",
                line=_quote_line(ref, index),
                card=card.id,
                field="source.quote",
            )
    for field_name, figure, line in placed_figures(card):
        if any(figure_in_text(figure, quote) for quote in quotes):
            continue
        message, hint, en = _explain(figure, quotes, texts, ref.source)
        problems.error("figure-not-in-quote", message, hint=hint, en=en, line=line, card=card.id, field=field_name)


def _quote_line(ref: model.SourceRef, index: int) -> int:
    """The line of the ``index``-th quote: its list item, or ``quote:`` written as one text."""
    return ref.lines.get(f"quote[{index}]") or line_of_field(ref, "quote")


def _too_much_to_search(texts: SourceTexts, problems: ProblemList, card: model.Card) -> None:
    if texts.reported:
        return
    texts.reported = True
    problems.error(
        "source-too-long",
        "原文太长、引文太多，无法在限定时间内逐条核对。",
        hint="请把原文拆成几个来源文件（sources 里每篇一个 file），每张卡片引用它自己的那一篇。",
        en="the source texts are too long for this many quotes to be checked in time: split them into several sources",
        line=line_of_field(card, "source"),
        card=card.id,
        field="source.quote",
    )


def check_figure_twice(card: model.Card, texts: SourceTexts, problems: ProblemList) -> None:
    """A figure the card shows that its source prints in two different sentences: a warning
    naming both, so the editor checks that the card quotes (and labels) the right one."""
    ref = card.source
    if ref is None or not ref.quotes or texts.get(ref.source) is None:
        return
    quotes = [normalise_source_text(q) for q in ref.quotes]
    reported: set[str] = set()
    for field_name, figure, line in placed_figures(card):
        shown = figure.text()
        if shown in reported:
            continue
        found = texts.two_things(ref.source, figure)
        if found is None:
            continue
        reported.add(shown)
        # The sentence the card quotes first, when it is one of them.
        first, second = sorted(found, key=lambda s: not any(s in q or q in s for q in quotes))
        problems.warning(
            "figure-twice-in-source",
            f"数字“{shown}”在原文里出现在两句不同的话里：“{_clip(first)}”和“{_clip(second)}”。",
            hint="两处说的可能是两件事：请核对这张卡片引用的（quote）是说它的那一句，标签（label）说的也是那句里的事。",
            en=f"figure {shown!r} occurs in two different sentences of the source: check the card quotes the right one",
            line=line,
            card=card.id,
            field=field_name,
        )


def check_repeated_sentences(card: model.Card, problems: ProblemList) -> None:
    """A detail page shows the explanation, the detail text and the quote: no sentence twice."""
    fields = [("explanation", card.explanation, line_of_field(card, "explanation"))]
    if card.detail:
        fields.append(("detail.text", card.detail.text, line_of_field(card.detail, "text")))
    if card.source:
        ref = card.source
        fields += [("source.quote", q, _quote_line(ref, i)) for i, q in enumerate(ref.quotes)]
    seen: list[tuple[str, str]] = []
    for field_name, text, line in fields:
        for sentence in (s.rstrip("。！？；，") for s in sentences(text)):
            if len(sentence) < SHORT_SENTENCE:
                continue
            earlier = next((f for f, s in seen if sentence in s or s in sentence), None)
            if earlier is not None:
                problems.warning(
                    "repeated-sentence",
                    f"详情页上这句话出现了两次（{earlier} 和 {field_name}）：“{_clip(sentence, 40)}”。",
                    hint="观众不必读两遍：请删掉其中一处，或改写成不同的内容。",
                    en=f"the detail page shows a sentence twice ({earlier} and {field_name})",
                    line=line,
                    card=card.id,
                    field=field_name,
                )
                return
            seen.append((field_name, sentence))
