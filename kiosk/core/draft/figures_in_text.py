"""Every figure of an article, as written: 400余项, 近1000个, 900多万人次, 97%以上, 六出.

A figure is a number with its measure word or unit and any qualifier around
it, exactly as the article prints it, with the sentence it stands in.  What
is not a figure is left out and said why (:class:`NotAFigure`): dates and
years (2021年9月, 2014年以来), ordinals (第十四届, 第15名), time spans
(五年来, 3个多月), rates (每30人), phone numbers and URLs, and numbers inside
names (十九大, “三个十条”, 五型工会, 十五次代表大会).  A year something was
founded in (1940年8月6日……成立) is kept, marked as such, for an opening card.

Each figure is read back with :func:`kiosk.core.figures.parse_figure`, so a
figure the finder proposes is one the bundle format can hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from kiosk.core.draft.article import Article, Sentence, parse_article
from kiosk.core.draft.measure_words import (
    AIM_WORDS,
    FOUNDING_WORDS,
    NOT_A_COUNT_AFTER,
    TIME_WORDS,
    units_longest_first,
)
from kiosk.core.figures import MAGNITUDE_FACTORS, Figure, FigureTextError, QualifierPosition, parse_figure

_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|《[^》]*》")


class FigureKind(StrEnum):
    AMOUNT = "amount"  # a count, a sum, a share: what a card shows
    FOUNDING_YEAR = "founding_year"  # 1940年…成立: an opening card, never counted up


class NotAFigure(StrEnum):
    """Why a number of the article is not proposed as a figure."""

    DATE = "date"  # 12月9日, 2015-03-03
    YEAR = "year"  # 2014年以来, 2024年底
    ORDINAL = "ordinal"  # 第十四届, 第15名, 前三名
    TIME_SPAN = "time_span"  # 五年来, 5年内, 3个多月, 24小时
    RATE = "rate"  # 每30人到50人
    PHONE = "phone"  # 0531-12345678
    URL = "url"
    NAME = "name"  # 十九大, “三个十条”, 五型工会, 十五次代表大会, 5G
    VAGUE = "vague"  # 一个, 这两项, 数十万, 千家万户
    NO_UNIT = "no_unit"  # 2000万打造…: no measure word, so nothing a visitor can check
    UNSUPPORTED = "unsupported"  # 3千人, 不超过100人: the bundle format cannot write it as printed


_CHINESE = "零〇一二两三四五六七八九十百千"
_TOKEN = re.compile(rf"[0-9]+(?:\.[0-9]+)?|[{_CHINESE}][{_CHINESE}万亿]*")
_UNITS = "|".join(re.escape(unit) for unit in units_longest_first())
_TAIL = re.compile(rf"(?P<q1>余|多)?(?P<mag>万亿|万|亿)?(?P<q2>余|多)?(?P<unit>{_UNITS})(?P<post>以上|以下|左右|上下)?")
# Qualifiers before the number, longest first (将近 before 近), as kiosk.core.figures knows them.
_BEFORE = ("将近", "超过", "近", "约", "超", "逾", "达")
_URL = re.compile(r"(?:https?：//|https?://|www\.)[A-Za-z0-9._~%/?#\[\]@!$&'*+=\-：:;]+", re.IGNORECASE)
_OPENERS = "“‘「『《〈"
_CLOSERS = "”’」』》〉"
NAME_REACH = 10  # characters a quoted name may run on either side of its number: “三个十条”
_CLAUSE_END = "，；：。！？"
_PHONE_WORDS = ("电话", "热线", "手机", "拨打", "传真", "咨询")
_RANGE_WORDS = ("到", "至", "～", "~", "-", "—")
_NAME_AFTER_CHINESE = ("大", "届", "中全会", "型", "五")  # 十九大, 十四届, 二十届四中全会, 五型工会, 十四五
_VAGUE_BEFORE_CHINESE = "数几上成万亿这那哪各某"
_FOUNDED_AT = ("成立于", "创建于", "始建于", "诞生于", "组建于", "创立于")
_SINCE = ("以来", "起", "至今", "以前", "之前")
_LABEL_LEAD = ("其中", "共计", "累计", "并且", "共", "并", "和", "及", "与", "、", "的", "了")
_LABEL_TAIL = ("均达", "达到", "发展到", "增加到", "增长到", "共计", "累计", "达", "为", "共", "约", "计", "的", "、")
MAX_LABEL = 60


@dataclass(frozen=True, slots=True)
class FoundFigure:
    """One figure of the article, where it stands and what it seems to count."""

    text: str  # exactly as written: 近1000个
    figure: Figure  # the same text as the bundle format reads it
    kind: FigureKind
    sentence: Sentence
    start: int  # in sentence.text, qualifier included
    end: int
    numeral: str  # the number as written: 1000, 1.5, 十二万
    magnitude: str  # 万, 亿, 万亿 or ""
    unit: str  # the measure word or unit as written: 个, 人次, 平方米, %
    qualifier: str  # 近, 余, 多, 以上 … or ""
    position: QualifierPosition | None  # where the qualifier stands as written
    label: str = ""  # what it counts, cut from the sentence (a guess)

    @property
    def aim(self) -> str:
        """The word before the figure in its sentence that makes it a goal, plan or forecast (力争, 计划…), or "".

        A word inside quotation marks is a name (“职工医疗互助保障计划”), not an aim.
        """
        before = _QUOTED.sub(lambda quoted: " " * len(quoted.group()), self.sentence.text[: self.start])
        found = [(before.rfind(word), word) for word in AIM_WORDS if word in before]
        return max(found)[1] if found else ""

    @property
    def number(self) -> Decimal | None:
        """The figure's size (1.5万 -> 15000; 十二万 -> 120000), or ``None`` if it cannot be read."""
        factor = MAGNITUDE_FACTORS.get(self.magnitude, Decimal(1))
        if self.numeral[:1].isdigit():
            return Decimal(self.numeral) * factor
        value = chinese_number(self.numeral)
        return None if value is None else value * factor


@dataclass(frozen=True, slots=True)
class Rejected:
    """A number of the article that is not a figure, and why."""

    text: str  # the number and a few characters after it, for a person to recognise
    reason: NotAFigure
    sentence: Sentence
    start: int


@dataclass(frozen=True, slots=True)
class PartOfWhole:
    """A "其中" relation: the parts are included in the whole, not added to it."""

    whole: FoundFigure
    parts: tuple[FoundFigure, ...]


@dataclass(frozen=True, slots=True)
class Findings:
    article: Article
    figures: tuple[FoundFigure, ...]
    rejected: tuple[Rejected, ...]
    relations: tuple[PartOfWhole, ...]


def chinese_number(numeral: str) -> Decimal | None:
    """The value of Chinese numerals (十二万 -> 120000), or ``None`` if they do not read as one.

    cn2an is a small, maintained converter that handles the forms articles
    use (两, 〇, 十二万, 一千二百) which a hand-written table gets wrong at the
    edges.  It is imported here, on first use, so it is never on the kiosk's
    start-up path (and drafting still works, without values, if it is absent).
    """
    try:
        import cn2an  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def find_figures(text: str) -> Findings:
    """Every figure of the article ``text`` (plain text or Markdown), in order."""
    article = parse_article(text)
    figures: list[FoundFigure] = []
    rejected: list[Rejected] = []
    by_sentence: list[list[FoundFigure]] = []
    for sentence in article.sentences:
        found, skipped = figures_in_sentence(sentence)
        by_sentence.append(found)
        figures.extend(found)
        rejected.extend(skipped)
    return Findings(article, tuple(figures), tuple(rejected), tuple(_relations(article, by_sentence)))


def figures_in_sentence(sentence: Sentence) -> tuple[list[FoundFigure], list[Rejected]]:
    """The figures of one sentence, labelled, and the numbers that are not figures."""
    text = sentence.text
    urls = [match.span() for match in _URL.finditer(text)]
    found: list[FoundFigure] = []
    rejected: list[Rejected] = []
    last_rate_end = -1
    for token in _TOKEN.finditer(text):
        start, end = token.span()
        numeral = token.group()
        if not numeral[:1].isdigit() and numeral[-1] in "万亿" and len(numeral) > 1:
            # 十二万人: 万 is the magnitude, read by the tail
            cut = 2 if numeral.endswith("万亿") and len(numeral) > 2 else 1
            numeral, end = numeral[:-cut], end - cut
        result = _read(text, start, end, numeral, urls=urls, last_rate_end=last_rate_end)
        if isinstance(result, NotAFigure):
            if result is NotAFigure.RATE:
                tail = _TAIL.match(text, end)
                last_rate_end = tail.end() if tail else end
            rejected.append(Rejected(text[start : end + 4], result, sentence, start))
            continue
        found.append(_with_sentence(result, sentence))
    return [_labelled(figure, found) for figure in found], rejected


@dataclass(frozen=True, slots=True)
class _Reading:
    text: str
    figure: Figure
    kind: FigureKind
    start: int
    end: int
    numeral: str
    magnitude: str
    unit: str
    qualifier: str
    position: QualifierPosition | None


def _with_sentence(reading: _Reading, sentence: Sentence) -> FoundFigure:
    return FoundFigure(
        reading.text,
        reading.figure,
        reading.kind,
        sentence,
        reading.start,
        reading.end,
        reading.numeral,
        reading.magnitude,
        reading.unit,
        reading.qualifier,
        reading.position,
    )


def _read(
    text: str, start: int, end: int, numeral: str, *, urls: list[tuple[int, int]], last_rate_end: int
) -> _Reading | NotAFigure:
    """The figure at ``text[start:end]`` (its number), or why it is not one."""
    if any(a <= start < b for a, b in urls):
        return NotAFigure.URL
    return (
        _joined_to_letters_or_digits(text, start, end, numeral)
        or _date_or_time_span(text, start, end, numeral)
        or _ordinal_rate_vague_or_name(text, start, end, numeral, last_rate_end)
        or _counted(text, start, end, numeral)
    )


def _joined_to_letters_or_digits(text: str, start: int, end: int, numeral: str) -> NotAFigure | None:
    """A digit number written into a name (5G, G20), a phone number or a date (2015-03-03)."""
    if not numeral[0].isdigit():
        return None
    before = text[max(0, start - 1) : start]
    after = text[end:]
    if re.match(r"[A-Za-z]", after) or re.search(r"[A-Za-z]$", before):
        return NotAFigure.NAME  # 5G, G20
    joined = re.match(r"[-—/：:.][0-9]", after) or re.search(r"[0-9][-—/：:]$", text[max(0, start - 2) : start])
    if joined or _looks_like_phone(text, start, numeral):
        digits = len(re.match(r"[0-9\-—]*", text[start:]).group())  # type: ignore[union-attr]
        return NotAFigure.PHONE if digits >= 7 or len(numeral) >= 7 else NotAFigure.DATE
    return None


def _date_or_time_span(text: str, start: int, end: int, numeral: str) -> _Reading | NotAFigure | None:
    """A year, date or time span by the word after the number (2021年, 9月, 五年来); a founding year is kept."""
    arabic = numeral[0].isdigit()
    bare = text[end:].lstrip("余多")
    if bare.startswith("年"):
        if arabic and len(numeral) == 4 and 1800 <= int(numeral) <= 2100:
            return _founding(text, start, end) or (
                NotAFigure.DATE if re.match(r"年[0-9]{1,2}月", bare) else NotAFigure.YEAR
            )
        return NotAFigure.TIME_SPAN
    if bare.startswith(("月", "日", "号")) and arabic and len(numeral) <= 2:
        return NotAFigure.DATE
    if bare.startswith(TIME_WORDS):
        return NotAFigure.TIME_SPAN
    return None


def _ordinal_rate_vague_or_name(text: str, start: int, end: int, numeral: str, last_rate_end: int) -> NotAFigure | None:
    """An ordinal or rate by the word before the number (第十四届, 每30人到50人), a vague count, a number in a name."""
    before = text[max(0, start - 1) : start]
    if before in ("第", "前"):
        return NotAFigure.ORDINAL
    if before == "每":
        return NotAFigure.RATE
    if last_rate_end >= 0 and text[last_rate_end:start] in _RANGE_WORDS:
        return NotAFigure.RATE  # 每30人到50人
    if not numeral[0].isdigit() and before and before in _VAGUE_BEFORE_CHINESE:
        return NotAFigure.VAGUE
    if _inside_name(text, start, end):
        return NotAFigure.NAME
    return None


def _counted(text: str, start: int, end: int, numeral: str) -> _Reading | NotAFigure:
    """The figure its measure word or unit makes of the number, or why that word does not count anything."""
    arabic = numeral[0].isdigit()
    tail = _TAIL.match(text, end)
    if tail is None:
        if not arabic and text[end:].startswith(_NAME_AFTER_CHINESE):
            return NotAFigure.NAME
        return NotAFigure.NO_UNIT
    unit = tail.group("unit")
    rest = text[tail.end("unit") :]
    if unit in NOT_A_COUNT_AFTER and rest.startswith(NOT_A_COUNT_AFTER[unit]):
        return NotAFigure.TIME_SPAN if unit == "个" else NotAFigure.NAME
    if rest.startswith("一体"):
        return NotAFigure.NAME  # 三位一体
    if not arabic and not tail.group("mag") and (numeral == "一" or set(numeral) <= set("百千")):
        return NotAFigure.VAGUE  # 一个, 千家万户
    return _figure(text, start, end, numeral, tail)


def _looks_like_phone(text: str, start: int, numeral: str) -> bool:
    if "." in numeral:
        return False
    if len(numeral) == 11 and numeral.startswith("1"):
        return True
    return len(numeral) >= 5 and any(word in text[max(0, start - 6) : start] for word in _PHONE_WORDS)


def _inside_name(text: str, start: int, end: int) -> bool:
    """Whether the number stands inside a short quotation or title: “三个十条”, 《十条意见》."""
    left = text[max(0, start - NAME_REACH) : start]
    opened = max(left.rfind(mark) for mark in _OPENERS)
    closed = max(left.rfind(mark) for mark in _CLOSERS)
    if opened < 0 or opened < closed:
        return False
    right = text[end : end + NAME_REACH]
    return any(mark in right for mark in _CLOSERS)


def _founding(text: str, start: int, end: int) -> _Reading | None:
    """The year at ``start`` as a founding year (1940年8月6日在临沂青驼寺成立), if the clause says so."""
    clause_start, clause_end = _clause(text, start)
    following = text[end:clause_end]
    preceding = text[clause_start:start]
    if any(word in following for word in _SINCE):
        return None
    if not (any(word in following for word in FOUNDING_WORDS) or preceding.endswith(_FOUNDED_AT)):
        return None
    shown = text[start : end + 1]
    return _Reading(
        shown,
        parse_figure(shown, animate=False),
        FigureKind.FOUNDING_YEAR,
        start,
        end + 1,
        text[start:end],
        "",
        "年",
        "",
        None,
    )


def _figure(text: str, start: int, end: int, numeral: str, tail: re.Match[str]) -> _Reading | NotAFigure:
    groups = tail.groupdict()
    qualifiers = [
        (groups["q1"], QualifierPosition.AFTER_NUMBER),
        (groups["q2"], QualifierPosition.AFTER_MAGNITUDE),
        (groups["post"], QualifierPosition.AFTER_UNIT),
    ]
    written = [(q, position) for q, position in qualifiers if q]
    lead = next((q for q in _BEFORE if text[:start].endswith(q)), "")
    if lead and text[: start - len(lead)].endswith("不"):
        return NotAFigure.UNSUPPORTED  # 不超过100人: the format has no 不超过
    if len(written) > 1:
        return NotAFigure.UNSUPPORTED
    # One qualifier only: 均达97%以上 is 97%以上 (达 is the verb there).
    if lead and written:
        lead = ""
    figure_start = start - len(lead)
    shown = text[figure_start : tail.end()]
    try:
        figure = parse_figure(shown)
    except FigureTextError:
        return NotAFigure.UNSUPPORTED  # 3千人
    if figure.text() != shown:  # pragma: no cover - parse_figure guarantees it
        return NotAFigure.UNSUPPORTED
    qualifier, position = (lead, QualifierPosition.BEFORE_NUMBER) if lead else (written[0] if written else ("", None))
    return _Reading(
        shown,
        figure,
        FigureKind.AMOUNT,
        figure_start,
        tail.end(),
        numeral,
        groups["mag"] or "",
        groups["unit"],
        qualifier,
        position,
    )


def _clause(text: str, position: int) -> tuple[int, int]:
    """The clause (between ，；：。！？) around ``position``."""
    start = max(text.rfind(mark, 0, position) for mark in _CLAUSE_END) + 1
    ends = [i for i in (text.find(mark, position) for mark in _CLAUSE_END) if i >= 0]
    return start, min(ends) if ends else len(text)


def _labelled(figure: FoundFigure, neighbours: list[FoundFigure]) -> FoundFigure:
    """``figure`` with a label cut from its clause: the words around it, the figure taken out.

    建成“妈妈小屋”2520个 -> 建成“妈妈小屋”; 选聘社会化工会工作者1108人 -> 选聘社会化工会工作者;
    带动52.6万名职工提升技能等级 -> 带动职工提升技能等级.
    """
    text = figure.sentence.text
    clause_start, clause_end = _clause(text, figure.start)
    previous = [f.end for f in neighbours if clause_start <= f.end <= figure.start and f is not figure]
    following = [f.start for f in neighbours if figure.end <= f.start < clause_end and f is not figure]
    before = text[max([clause_start, *previous]) : figure.start]
    after = text[figure.end : min([clause_end, *following])]
    if previous:
        before = re.split(r"[和及与、]", before)[-1]  # 400余项…、27项…: the words before 、 name the figure before
    if following and after.startswith(("、", "和", "及", "与")):
        after = ""  # 1.93亿人、日服务230.97万人次: what follows names the next figure
    elif following:
        after = re.split(r"[和及与、]", after, maxsplit=1)[0]
    if figure.kind is FigureKind.FOUNDING_YEAR:
        after = re.sub(r"^[0-9]{1,2}月(?:[0-9]{1,2}日)?", "", after)
    label = _trim(before) + _trim(after, lead_only=True)
    if not _trim(after, lead_only=True):
        label = _trim(before)
    label = _trim(label)
    if not label:
        label = _neighbouring_clause(text, clause_start, clause_end)
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1] + "…"
    return FoundFigure(
        figure.text,
        figure.figure,
        figure.kind,
        figure.sentence,
        figure.start,
        figure.end,
        figure.numeral,
        figure.magnitude,
        figure.unit,
        figure.qualifier,
        figure.position,
        label or "这个数字说的是什么？",
    )


def _trim(words: str, *, lead_only: bool = False) -> str:
    words = words.strip("，；：。！？、 ")
    changed = True
    while changed and words:
        changed = False
        for lead in _LABEL_LEAD:
            if words.startswith(lead) and len(words) > len(lead):
                words, changed = words[len(lead) :], True
        if not lead_only:
            for tail in _LABEL_TAIL:
                if words.endswith(tail) and len(words) > len(tail):
                    words, changed = words[: -len(tail)], True
    return words.strip("，；：。！？、 ")


def _neighbouring_clause(text: str, clause_start: int, clause_end: int) -> str:
    """The next clause of the sentence, else the one before: 2000万元，打造全国一流的“智慧工会”。"""
    rest = text[clause_end + 1 :]
    following = _trim(re.split(f"[{_CLAUSE_END}]", rest, maxsplit=1)[0]) if rest else ""
    if following and not re.search(r"[0-9]", following):
        return following
    earlier = text[:clause_start].rstrip(_CLAUSE_END)
    preceding = _trim(re.split(f"[{_CLAUSE_END}]", earlier)[-1]) if earlier else ""
    return preceding if not re.search(r"[0-9]", preceding) else ""


def _relations(article: Article, by_sentence: list[list[FoundFigure]]) -> list[PartOfWhole]:
    """ "其中" relations: 女职工196.78万人，其中会员189.29万人 (also when 其中 opens the next sentence)."""
    relations: list[PartOfWhole] = []
    for index, sentence in enumerate(article.sentences):
        figures = by_sentence[index]
        marks = [m.start() for m in re.finditer("其中", sentence.text)]
        for number, mark in enumerate(marks):
            stop = marks[number + 1] if number + 1 < len(marks) else len(sentence.text)
            parts = [f for f in figures if mark < f.start < stop and f.kind is FigureKind.AMOUNT]
            if not parts:
                continue
            unit = parts[0].unit
            parts = [f for f in parts if f.unit == unit]
            wholes = [f for f in figures if f.end <= mark and f.unit == unit and f.kind is FigureKind.AMOUNT]
            if not wholes and mark <= 1 and index > 0:
                previous = article.sentences[index - 1]
                if previous.paragraph == sentence.paragraph:
                    wholes = [f for f in by_sentence[index - 1] if f.unit == unit and f.kind is FigureKind.AMOUNT]
            if not wholes:
                continue
            whole = wholes[-1]
            if _bigger_part(whole, parts):
                continue
            relations.append(PartOfWhole(whole, tuple(parts)))
    return relations


def _bigger_part(whole: FoundFigure, parts: list[FoundFigure]) -> bool:
    """Whether a part is larger than its whole: then the words did not mean a part of it."""
    size = whole.number
    if size is None:
        return False
    return any((part.number or Decimal(0)) > size for part in parts)
