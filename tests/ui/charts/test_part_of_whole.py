"""Part of a whole (其中): the parts lie inside the whole's bar, from its baseline, never stacked on it."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QVariantAnimation

from kiosk.core.model import Chart, ChartType, Series
from ui.charts.samples import chart_of, figures, laid_out

NURSERIES = Chart(
    ChartType.PART_OF_WHOLE,
    categories=("职工子女托管班", "其中：省总工会主办"),
    series=(Series("托管班", figures("257个", "100个")),),
)
EDGE = 0.5  # pixels: antialiasing and rounding


def inside(part, whole) -> bool:
    return (
        part.left() >= whole.left() - EDGE
        and part.right() <= whole.right() + EDGE
        and part.top() >= whole.top() - EDGE
        and part.bottom() <= whole.bottom() + EDGE
    )


def shown(make_view, chart: Chart, size=(1200, 700)):
    view = make_view(size)
    view.show_chart(chart, animate=False)
    laid_out(view)
    return view


@pytest.mark.parametrize("size", [(1200, 700), (700, 500), (900, 1100)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_parts_lie_inside_the_whole_from_its_baseline(make_view, bundle, size):
    view = shown(make_view, chart_of(bundle, ChartType.PART_OF_WHOLE), size)
    whole, *parts = view.bars()
    assert len(parts) == 2
    for part in parts:
        assert inside(part, whole), (part, whole)
        assert part.left() == pytest.approx(whole.left())  # one baseline: the whole's own edge
    upper, lower = parts
    assert upper.bottom() <= lower.top()  # each part in a lane of its own


def test_a_part_is_not_stacked_on_the_whole(make_view):
    """257 个 with 100 of them: the chart spans 257, not 357."""
    view = shown(make_view, NURSERIES)
    whole, part = view.bars()
    assert part.width() / whole.width() == pytest.approx(100 / 257, rel=0.01)
    assert max(r.right() for r in view.bars()) == pytest.approx(whole.right())


def test_overlapping_parts_are_each_drawn_from_the_baseline(make_view, bundle):
    """189.29万 and 近50万 add up to more than 196.78万: they overlap, and the drawing never adds them."""
    view = shown(make_view, chart_of(bundle, ChartType.PART_OF_WHOLE))
    whole, members, migrants = view.bars()
    assert members.width() / whole.width() == pytest.approx(189.29 / 196.78, rel=0.01)
    assert migrants.width() / whole.width() == pytest.approx(50 / 196.78, rel=0.01)
    assert members.width() + migrants.width() > whole.width()


def test_labels_are_the_figures_and_names_as_written(make_view, bundle):
    view = shown(make_view, chart_of(bundle, ChartType.PART_OF_WHOLE))
    texts = view.texts()
    assert {"全省女职工", "196.78万人", "其中 女会员", "189.29万人", "其中 农民工", "近50万人"} <= set(texts)


def test_a_part_written_with_its_qizhong_keeps_it_once(make_view):
    texts = shown(make_view, NURSERIES).texts()
    assert "其中：省总工会主办" in texts
    assert not [t for t in texts if t.count("其中") > 1]


def test_no_number_the_source_does_not_print(make_view, bundle):
    """No share, no percentage, no sum: every text with a digit is one of the chart's figures."""
    for chart in (chart_of(bundle, ChartType.PART_OF_WHOLE), NURSERIES):
        view = shown(make_view, chart)
        written = {f.text() for f in chart.series[0].values}
        numbers = [t for t in view.texts() if re.search(r"[0-9%％]", t)]
        assert set(numbers) == written, numbers


def test_the_build_in_grows_every_bar_from_the_baseline_and_keeps_the_parts_inside(make_view, bundle):
    view = make_view()
    chart = chart_of(bundle, ChartType.PART_OF_WHOLE)
    view.show_chart(chart)
    animation = view.findChild(QVariantAnimation, "chart_build_in")
    animation.pause()
    frames = []
    lefts = set()
    for k in range(11):
        animation.setCurrentTime(round(animation.duration() * k / 10))
        whole, *parts = view.bars()
        if k == 0:
            assert [r.width() for r in view.bars()] == [0, 0, 0]
        for part in parts:
            assert part.width() <= whole.width() + EDGE
        lefts |= {round(r.left(), 3) for r in view.bars()}
        frames.append(view.texts())
    view.settle()
    assert lefts == {round(view.bars()[0].left(), 3)}  # always from the one baseline
    for texts in frames:
        assert set(texts) <= set(view.texts())  # no value label but the final text, at any frame
