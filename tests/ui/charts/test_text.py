"""Chinese line breaking: between characters, never before closing or after opening punctuation."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF

from kiosk.ui import fonts
from kiosk.ui.charts.text import wrap_balanced, wrap_text


def test_wrap_never_starts_a_line_with_closing_punctuation(qapp):
    metrics = QFontMetricsF(fonts.font(20))
    lines = wrap_text("户外劳动者“爱心驿站”，整改“三无”工人文化宫", metrics, 70)
    assert "".join(lines) == "户外劳动者“爱心驿站”，整改“三无”工人文化宫"
    assert len(lines) > 1
    assert not any(line[0] in "，。、”）" for line in lines[1:])
    assert not any(line[-1] in "“（" for line in lines)


def test_balanced_wrap_keeps_the_lines_but_evens_their_lengths(qapp):
    metrics = QFontMetricsF(fonts.font(20))
    text = "整改收回工人文化宫和职工服务阵地"
    width = metrics.horizontalAdvance(text) * 0.8  # two lines, the second short
    plain, balanced = wrap_text(text, metrics, width), wrap_balanced(text, metrics, width)
    assert len(balanced) == len(plain) == 2
    assert "".join(balanced) == text
    # As even as whole words allow: 整改收回工人文化宫 / 和职工服务阵地 (工人文化宫 is not split).
    assert abs(len(balanced[0]) - len(balanced[1])) <= 2 < abs(len(plain[0]) - len(plain[1]))
    assert balanced == ["整改收回工人文化宫", "和职工服务阵地"]
