"""Comparison: figures in different units get no shared axis; figures in one unit stand on proportional bars."""

from __future__ import annotations

import pytest

from ui.charts.samples import bundle_chart, laid_out


def test_comparison_with_different_units_has_no_shared_axis_and_no_bars(make_view, bundle):
    chart = bundle_chart(bundle, "four-seasons-funds")
    units = {f.unit for s in chart.series for f in s.values}
    assert units == {"元", "人次"}
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    assert view.bars() == []
    assert view.plot_item is None
    import pyqtgraph as pg

    for graphics in view.graphics_views():
        if graphics.isVisibleTo(view):
            assert not [i for i in graphics.scene().items() if isinstance(i, pg.AxisItem) and i.isVisible()]
    shown = view.texts()
    assert "18.1亿元" in shown and "1024.4万人次" in shown
    assert "筹集发放资金" in shown and "帮扶、慰问、服务职工" in shown


@pytest.mark.parametrize(
    ("card_id", "ratio"),
    [("mama-rooms", 2520 / 1000), ("supporting-documents", 11 / 33), ("skills-contests", 400 / 27)],
)
def test_comparison_with_one_unit_draws_proportional_bars(make_view, bundle, card_id, ratio):
    chart = bundle_chart(bundle, card_id)
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    bars = view.bars()
    assert len(bars) == 2
    assert bars[0].height() / bars[1].height() == pytest.approx(ratio, rel=0.01)
    assert bars[0].bottom() == pytest.approx(bars[1].bottom())  # one baseline
    for figure in chart.series[0].values:
        assert figure.text() in view.texts()


def test_comparison_bars_grow_from_their_baseline(make_view, bundle, qtbot):
    view = make_view()
    with qtbot.waitSignal(view.built, timeout=3000):
        view.show_chart(bundle_chart(bundle, "mama-rooms"))
        start = view.bars()
    final = view.bars()
    assert [rect.height() for rect in start] == [0, 0]
    assert [rect.bottom() for rect in start] == pytest.approx([rect.bottom() for rect in final])


def test_the_highlighted_figure_is_gold_and_bold_the_others_muted(make_view, bundle):
    chart = bundle_chart(bundle, "national-patents")  # 591万件 beside three figures in 万项
    view = make_view()
    view.show_chart(chart, highlight=3, animate=False)
    laid_out(view)
    styles = view.value_styles()
    assert [s.text for s in styles if s.highlighted] == ["5.6万项"]
    mine = next(s for s in styles if s.highlighted)
    assert mine.bold and all(not s.bold and s.colour != mine.colour for s in styles if not s.highlighted)


def test_a_figure_highlights_itself_by_its_text(make_view, bundle):
    from kiosk.core.figures import parse_figure

    view = make_view()
    view.show_chart(bundle_chart(bundle, "love-stations"), highlight=parse_figure("近1000个"), animate=False)
    assert view.highlight == 1


def test_an_approximate_figure_keeps_its_words_and_its_bar_ends_open(make_view, bundle):
    chart = bundle_chart(bundle, "love-stations")  # 2520个 beside 近1000个, one unit: bars
    view = make_view()
    view.show_chart(chart, highlight=1, animate=False)
    laid_out(view)
    assert "近1000个" in view.texts() and "1000" not in view.texts()
    bars, marks = view.bars(), view.approximate_marks()
    assert len(bars) == 2 and len(marks) == 1  # only 近1000个 is approximate
    assert bars[1].contains(marks[0].center())
    assert marks[0].top() == pytest.approx(bars[1].top())  # at the bar's end
    fills = view.bar_colours()
    assert fills[0] != fills[1]  # this card's bar in full colour, the other muted


def test_value_labels_obey_the_cap(make_view, bundle):
    view = make_view()
    view.set_value_cap(40)
    view.show_chart(bundle_chart(bundle, "four-seasons-funds"), animate=False)
    laid_out(view)
    assert max(item.textItem.font().pixelSize() for item in view._page.text_pool.active()) <= 40
