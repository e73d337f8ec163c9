"""The card list: every card by section, its problems beneath it, lines that wrap."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF

from kiosk.core.problems import Problem, Severity
from kiosk.ui import fonts
from kiosk.ui.preview.card_list import WHOLE_BUNDLE, CardList, broken_into_lines


@pytest.fixture
def card_list(qtbot):
    widget = CardList()
    qtbot.addWidget(widget)
    widget.resize(360, 800)
    return widget


def test_problems_stand_under_their_card_and_the_rest_under_the_whole_bundle(card_list, bundle):
    problems = [
        Problem(Severity.ERROR, "x", "数字不在引文里", card="members", line=80),
        Problem(Severity.ERROR, "yaml", "引号没有配对", line=3),
    ]
    card_list.show_deck(bundle.manifest, problems)
    members = card_list.card_item("members")
    assert members.childCount() == 1
    assert "数字不在引文里" in members.child(0).text(0).replace("\n", "")
    assert card_list.topLevelItem(0).text(0) == WHOLE_BUNDLE


def test_a_click_on_a_problem_goes_to_its_card(card_list, bundle, qtbot):
    card_list.show_deck(bundle.manifest, [Problem(Severity.WARNING, "w", "提醒", card="members")])
    with qtbot.waitSignal(card_list.card_chosen) as chosen:
        card_list.itemClicked.emit(card_list.card_item("members").child(0), 0)
    assert chosen.args == ["members"]


def test_long_lines_break_between_chinese_characters_and_at_english_spaces(qapp):
    metrics = QFontMetricsF(fonts.font(15))
    text = "第 94 行的引号没有配对：从这里开始的文字一直没有结束 and the English words stay whole"
    broken = broken_into_lines(text, metrics, 160)
    assert all(metrics.horizontalAdvance(line) <= 160 for line in broken.split("\n"))
    assert "".join(broken.split("\n")).replace(" ", "") == text.replace(" ", "")
    assert all(word in broken.replace("\n", " ").split() for word in ("English", "words", "whole"))
