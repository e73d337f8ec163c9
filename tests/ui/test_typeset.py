"""Every text of the default deck, laid out at the five supported sizes, breaks only where Chinese may break.

Never inside a figure (qualifier, number, magnitude and unit), a name of the
deck or a word of the segmenter; no last line of one character; detail text
columns of at most about 35 characters a line.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel

from kiosk.core import linebreak
from kiosk.core.model import Manifest
from kiosk.core.texts import displayed_texts
from kiosk.ui import fonts, snapshot, typeset
from kiosk.ui.detail import DetailPage
from kiosk.ui.type_sizes import measure_px, type_sizes

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920), (1366, 768), (1280, 800)]
NAMES = ("周国芳", "青驼寺", "济南", "省工会", "委员会", "先进工作者", "立功竞赛", "整改")
MAX_DETAIL_LINE = 36  # characters: text columns of about 20–35 a line
DETAIL_TEXT = ("label", "explanation", "body", "quote")


@pytest.fixture(autouse=True)
def words():
    return linebreak.load_words()


def deck_figures(manifest: Manifest) -> set[str]:
    figures = set()
    for card in manifest.cards:
        figures.add(card.headline.text())
        figures.update(extra.figure.text() for extra in card.figures)
        chart = card.detail.chart if card.detail else None
        for series in chart.series if chart else ():
            figures.update(figure.text() for figure in series.values)
    return figures


def protected_spans(text: str, figures: set[str], words) -> list[tuple[int, int, str]]:
    spans = [(start, end, text[start:end]) for start, end in words.spans(text)]
    for whole in (*figures, *NAMES):
        at = text.find(whole)
        while at >= 0:
            spans.append((at, at + len(whole), whole))
            at = text.find(whole, at + 1)
    return spans


def break_offsets(text: str, lines: list[str]) -> list[int]:
    """Where in ``text`` each line after the first starts (spaces at a break are dropped)."""
    offsets, at = [], 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        at = text.index(stripped, at)
        if number:
            offsets.append(at)
        at += len(stripped)
    return offsets


def problems(text: str, lines: list[str], figures: set[str], words) -> list[str]:
    found = []
    offsets = break_offsets(text, lines)
    for start, end, whole in protected_spans(text, figures, words):
        for at in offsets:
            if start < at < end:
                found.append(f"{text[:at][-8:]}/{text[at:][:8]}: splits {whole}")
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        last_of_paragraph = following is None or text[text.find(line.strip()) + len(line.strip()) :][:1] == "\n"
        if last_of_paragraph and len(lines) > 1 and sum(ch.isalnum() for ch in line) == 1:
            found.append(f"one-character last line {line!r} of {text[:20]}…")
    return found


class Recorder:
    """Every line layout the painters ask of :mod:`kiosk.ui.typeset`."""

    def __init__(self, monkeypatch) -> None:
        self.calls: list[tuple[str, float, tuple[str, ...]]] = []
        original = typeset.lines

        def recording(text: str, font: QFont, width: float, *, balanced: bool = False) -> tuple[str, ...]:
            result = original(text, font, width, balanced=balanced)
            self.calls.append((text, width, result))
            return result

        monkeypatch.setattr(typeset, "lines", recording)


def qt_lines(label: QLabel) -> list[str]:
    """The lines Qt draws ``label``'s text in, joiners taken out."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    width = label.contentsRect().width()
    out = []
    for paragraph in label.text().split("\n"):
        layout = QTextLayout(paragraph, label.font())
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            out.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
        layout.endLayout()
    return [line.replace(typeset.WORD_JOINER, "").replace(typeset.ZERO_WIDTH_SPACE, "") for line in out]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_card_text_breaks_only_where_chinese_may(bundle, monkeypatch, words, width, height):
    recorder = Recorder(monkeypatch)
    for scene in snapshot.scenes(bundle):
        snapshot.render(scene, width, height)
    figures = deck_figures(bundle.manifest)
    assert recorder.calls
    found = [p for text, _w, lines in recorder.calls for p in problems(text, list(lines), figures, words)]
    assert not found, found[:10]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_detail_text_breaks_only_where_chinese_may_in_short_lines(bundle, qtbot, words, width, height):
    figures = deck_figures(bundle.manifest)
    found, long_lines = [], []
    page = DetailPage()
    qtbot.addWidget(page)
    page.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    page.resize(width, height)
    page.show()
    for card in bundle.manifest.play_order():
        page.show_card(card, bundle.manifest, animate=False)
        page.settle()
        for name in DETAIL_TEXT:
            label = getattr(page, name)
            source = typeset.label_source(label)
            if not label.isVisibleTo(page) or not source:
                continue
            lines = qt_lines(label)
            found += [f"{card.id}.{name}: {p}" for p in problems(source, lines, figures, words)]
            long_lines += [(card.id, name, line) for line in lines if len(line) > MAX_DETAIL_LINE]
    assert not found, found[:10]
    assert not long_lines, long_lines[:5]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_deck_text_breaks_only_where_chinese_may(bundle, words, width, height):
    sizes = type_sizes(width, height)
    figures = deck_figures(bundle.manifest)
    found = []
    for px in (sizes.body, sizes.small, sizes.label):
        font = fonts.font(px)
        for column in (measure_px(sizes.body), px * 16):
            for _card, _field, text in displayed_texts(bundle.manifest):
                found += problems(text, list(typeset.lines(text, font, column)), figures, words)
                found += problems(text, list(typeset.lines(text, font, column, balanced=True)), figures, words)
    assert not found, found[:10]


def test_the_check_sees_a_split_figure_a_split_name_and_a_lone_last_character(bundle, words):
    figures = deck_figures(bundle.manifest)
    assert problems("建成2520个妈妈小屋", ["建成2520", "个妈妈小屋"], figures, words)
    assert problems("本报记者周国芳", ["本报记者周国", "芳"], figures, words)
    assert problems("职工书屋4000多家", ["职工书屋4000多", "家"], figures, words)
    assert not problems("建成2520个妈妈小屋", ["建成2520个", "妈妈小屋"], figures, words)


def test_no_last_line_holds_one_or_two_characters_where_a_narrower_layout_avoids_it(qapp):
    font = fonts.font(30)
    text = "这些数据不仅是全省职工幸福感的体现，更是反映出山东工会出台的一系列惠及职工的好政策。"
    for chars in range(8, 30):
        lines = typeset.lines(text, font, 30 * chars + typeset.SLACK_PX)
        if len(lines) > 1:
            assert sum(ch.isalnum() for ch in lines[-1]) >= typeset.MIN_LAST_LINE, (chars, lines)


def test_balanced_lines_are_of_even_length(qapp):
    font = fonts.font(30)
    lines = typeset.lines("劳模和工匠人才创新工作室", font, 30 * 10 + typeset.SLACK_PX, balanced=True)
    assert lines == ("劳模和工匠", "人才创新工作室") or abs(len(lines[0]) - len(lines[1])) <= 3


def test_a_label_keeps_words_whole_at_any_width(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    label.setWordWrap(True)
    label.setFont(fonts.font(30))
    typeset.set_label_text(label, "全省职工提出合理化建议591万件，完成技术革新34.6万项。")
    for chars in range(6, 20):
        label.setFixedWidth(30 * chars)
        lines = qt_lines(label)
        assert "".join(lines) == typeset.label_source(label)
        assert not any(line.startswith(("万", "件", "项", "，", "。")) for line in lines), lines


def test_the_word_joiner_draws_nothing(qapp):
    from PySide6.QtGui import QFontMetricsF

    metrics = QFontMetricsF(fonts.font(40))
    assert metrics.horizontalAdvance(typeset.joined("立功竞赛")) == metrics.horizontalAdvance("立功竞赛")


def test_layouts_are_cached(qapp):
    font = fonts.font(24)
    first = typeset.lines("山东省总工会推出“数”读工会报道", font, 200)
    assert typeset.lines("山东省总工会推出“数”读工会报道", font, 200) is first
