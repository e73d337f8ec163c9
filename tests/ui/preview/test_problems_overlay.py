"""The overlay: a broken save's problems in large type, Chinese first, hidden when there are none."""

from __future__ import annotations

from kiosk.core.model import Theme
from kiosk.core.problems import Problem, Severity
from kiosk.ui.preview.problems_overlay import MAX_SHOWN, ProblemsOverlay


def problem(number: int) -> Problem:
    return Problem(
        Severity.ERROR,
        "x",
        f"第{number}个问题",
        hint="请改正",
        message_en="problem",
        line=number,
        card="c",
        field="label",
    )


def test_each_problem_says_where_what_and_what_to_do(qtbot):
    overlay = ProblemsOverlay(Theme())
    qtbot.addWidget(overlay)
    overlay.show_problems([problem(7)])
    texts = overlay.texts()
    assert "bundle.yaml:7，卡片 c，字段 label" in texts
    assert texts.index("第7个问题 请改正") < texts.index("problem")  # Chinese before English


def test_many_problems_are_counted_past_the_first_few(qtbot):
    overlay = ProblemsOverlay(Theme())
    qtbot.addWidget(overlay)
    overlay.show_problems([problem(n) for n in range(1, MAX_SHOWN + 4)])
    assert overlay.texts()[-1].startswith("……还有 3 个问题")


def test_no_problems_hide_it(qtbot):
    overlay = ProblemsOverlay(Theme())
    qtbot.addWidget(overlay)
    overlay.show()
    overlay.show_problems([problem(1)])
    overlay.show_problems([])
    assert overlay.isHidden() and overlay.texts() == []


def test_bundle_text_cannot_drive_anything(qtbot):
    overlay = ProblemsOverlay(Theme())
    qtbot.addWidget(overlay)
    overlay.show_problems([Problem(Severity.ERROR, "x", "坏\u202e字", card="c\x1b[31m")])
    assert all("\u202e" not in text and "\x1b" not in text for text in overlay.texts())
