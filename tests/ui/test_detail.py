"""Detail pages: every card opens one, charts use the card's figures, text-only cards read well."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.cli import main
from kiosk.ui import typeset

# The offscreen platform says this about every top-level window; it is not ours.
PLATFORM_NOISE = ("propagateSizeHints",)


def our_messages(qtlog):
    return [r.message for r in qtlog.records if not any(noise in r.message for noise in PLATFORM_NOISE)]


def test_every_card_opens_its_detail_without_a_qt_warning(make_window, bundle, qtlog):
    window = make_window(bundle)
    for card in bundle.manifest.play_order():
        window.loop.go_to(card.id)
        window.open_detail()
        window.detail_page.settle()
        window.detail_page.grab()  # paint it
        assert window.detail_page.card.id == card.id
        window.loop.close()
    assert our_messages(qtlog) == []


def test_a_card_with_a_chart_shows_it_beside_the_text(make_window, bundle):
    window = make_window(bundle)
    window.loop.go_to("rationalisation-proposals")
    window.open_detail()
    page = window.detail_page
    assert page.chart_holder.isVisible()
    assert page.headline.text() == "591万件"
    assert page.quote.isVisible()
    assert "591万件" in typeset.label_source(page.quote)


def test_a_card_without_a_chart_gets_a_text_page_not_an_empty_plot(make_window, bundle):
    window = make_window(bundle)
    window.loop.go_to("publicity")
    window.open_detail()
    page = window.detail_page
    assert not page.chart_holder.isVisible()
    assert "开设“悦读吧”" in typeset.label_source(page.body)
    assert page.body.isVisible()


def test_detail_text_is_plain_text_never_markup(make_window, bundle):
    window = make_window(bundle)
    window.open_detail()
    for label in window.detail_page.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_swiping_in_the_detail_moves_to_the_next_cards_detail(make_window, bundle):
    window = make_window(bundle)
    window.open_detail()
    window.detail_page.swiped.emit(1)
    assert window.detail_page.card.id == bundle.manifest.play_order()[1].id
    assert window.pages.currentWidget() is window.detail_page


def test_screenshot_of_a_detail_page(tmp_path):
    out = tmp_path / "detail.png"
    assert main(["--screenshot", str(out), "--card", "cultural-palaces", "--detail", "--size", "1366x768"]) == 0
    from PySide6.QtGui import QImage

    assert QImage(str(out)).size().width() == 1366


SCREENS = [(1920, 1080), (3840, 2160), (1080, 1920), (1366, 768)]


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_detail_page_fits_the_screen(make_window, bundle, width, height):
    """Nothing below the bottom edge, no headline broken over two lines, the
    chart given its share of the page, and the window kept at the screen's size."""
    window = make_window(bundle, size=(width, height))
    for card in bundle.manifest.play_order():
        window.loop.go_to(card.id)
        window.open_detail()
        page = window.detail_page
        page.layout().activate()
        column = page.text_column
        assert window.size().toTuple() == (width, height), card.id
        assert page.size().toTuple() == (width, height), card.id
        assert column.layout().totalHeightForWidth(column.width()) <= column.height(), card.id
        home = page.hero if page.hero.parentWidget() is page else column  # the figure's own column, or the text's
        assert page.headline.fontMetrics().horizontalAdvance(page.headline.text()) <= home.width(), card.id
        for widget in [page.headline, page.label, page.body, page.quote, *page.related_buttons]:
            if widget.isVisibleTo(page):
                box = widget.parentWidget().rect() if widget in (page.headline, page.label) else column.rect()
                assert box.contains(widget.geometry()), (card.id, widget.text())
        assert home.rect().contains(page.own_cell.geometry()) or home is column, card.id
        if page.chart_holder.isVisibleTo(page):
            share = page.chart_holder.width() if width > height else page.chart_holder.height()
            assert share >= 0.5 * (width if width > height else height), card.id
        window.loop.close()


def test_opening_a_detail_never_sets_a_minimum_size_on_the_window(make_window, bundle):
    # It did: every card set a new minimum, and the size hints that went to the
    # platform each time made memory grow with every detail opened.
    window = make_window(bundle, size=(1366, 768))
    for card in bundle.manifest.play_order():
        window.loop.go_to(card.id)
        window.open_detail()
        window.detail_page.layout().activate()
        assert window.minimumSize().toTuple() == (0, 0), card.id
        window.loop.close()


def test_long_detail_text_is_set_smaller_not_cut_off(make_window, bundle):
    window = make_window(bundle, size=(1366, 768))
    card = bundle.manifest.card("publicity")
    long_text = "。".join([card.detail.text] * 4)
    page = window.detail_page
    window.loop.go_to("publicity")
    window.open_detail()
    short = page.body.font().pixelSize()
    longer = replace(card, detail=replace(card.detail, text=long_text))
    page.show_card(longer, bundle.manifest)
    column = page.text_column
    assert page.body.font().pixelSize() < short
    assert column.layout().totalHeightForWidth(column.width()) <= column.height()


def test_no_page_asks_for_more_than_a_small_screen(make_window, bundle):
    window = make_window(bundle, size=(1366, 768))
    window.open_overview()
    window.loop.close()
    window.open_detail()
    for index in range(window.pages.count()):
        page = window.pages.widget(index)
        hint = page.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768, page.objectName() or type(page).__name__


# ---------------------------------------------------------------- pages worth the tap


def shared_chart_cards(bundle):
    """Cards whose chart other cards show too (YAML anchors in the default deck)."""
    charts: dict[object, list] = {}
    for card in bundle.manifest.play_order():
        if card.detail and card.detail.chart:
            charts.setdefault(card.detail.chart, []).append(card)
    return [card for cards in charts.values() if len(cards) > 1 for card in cards]


def open_detail(window, card_id):
    window.loop.go_to(card_id)
    window.open_detail()
    page = window.detail_page
    page.settle()
    page.layout().activate()
    return page


def test_a_shared_chart_marks_this_cards_value_for_every_card_sharing_it(make_window, bundle):
    from kiosk.ui.detail import headline_index

    window = make_window(bundle, size=(1920, 1080))
    cards = shared_chart_cards(bundle)
    assert "national-patents" in {c.id for c in cards}
    for card in cards:
        page = open_detail(window, card.id)
        if not page.chart_holder.isVisibleTo(page):
            continue  # two figures of different units: set large on the page itself (below)
        view = page.chart_view
        assert view.highlight == headline_index(card.detail.chart, card), card.id
        styles = view.value_styles()
        marked = [s for s in styles if s.highlighted]
        assert [s.text for s in marked] == [card.headline.text()], card.id
        others = [s for s in styles if not s.highlighted]
        assert marked[0].bold and not any(s.bold for s in others), card.id
        assert all(s.colour != marked[0].colour for s in others), card.id
        fills = view.bar_colours()
        if fills:  # its bar is in full colour, the others muted
            mine = fills[view.highlight]
            assert all(fill != mine for k, fill in enumerate(fills) if k != view.highlight), card.id
        window.loop.close()


def test_the_patents_card_highlights_5_6_wan_xiang(make_window, bundle):
    window = make_window(bundle, size=(1920, 1080))
    page = open_detail(window, "national-patents")
    marked = [s for s in page.chart_view.value_styles() if s.highlighted]
    assert [s.text for s in marked] == ["5.6万项"]


def test_figures_of_different_units_never_share_a_value_axis(make_window, bundle):
    window = make_window(bundle, size=(1920, 1080))
    page = open_detail(window, "rationalisation-proposals")
    assert page.chart_view.plot_item is None  # 591万件 beside 34.6万项: a comparison, no axis
    assert page.chart_view.bars() == []


def test_chart_value_labels_stay_below_the_headline(make_window, bundle):
    window = make_window(bundle, size=(1920, 1080))
    for card_id in ("national-patents", "supporting-documents", "love-stations", "cultural-palaces"):
        page = open_detail(window, card_id)
        headline = page.headline.font().pixelSize()
        view = page.chart_view
        page_fonts = [item.textItem.font().pixelSize() for item in view._page.text_pool.active()]
        assert max(page_fonts) <= headline * 0.56, card_id
        window.loop.close()


def test_a_chart_of_two_figures_of_different_units_is_set_large_on_the_page(make_window, bundle):
    for size in ((1920, 1080), (1080, 1920)):
        window = make_window(bundle, size=size)
        page = open_detail(window, "four-seasons-funds")
        assert not page.chart_holder.isVisibleTo(page)  # no near-empty chart panel
        assert page.pair_figure.isVisibleTo(page)
        assert page.headline.text() == "18.1亿元"
        assert page.pair_figure.text() == "1024.4万人次"
        assert page.headline.font().pixelSize() >= page._unit() * 12  # large: the page is the figures
        assert page.hero.geometry().intersected(page.text_column.geometry()).isEmpty()
        shown = [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page)]
        assert shown.count("18.1亿元") == 1  # the headline appears once


def test_a_text_only_page_sets_the_figure_large_beside_the_text(make_window, bundle):
    window = make_window(bundle, size=(1920, 1080))
    page = open_detail(window, "democratic-management")
    assert page.hero.isVisibleTo(page)
    assert page.hero.parentWidget() is page  # a column of its own
    assert page.headline.font().pixelSize() >= page._unit() * 18
    text = page.text_column
    assert text.width() >= page.width() * 0.35 and page.hero.width() >= page.width() * 0.35


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
@pytest.mark.parametrize("card_id", ["smart-union", "mama-rooms"], ids=["text-only", "chart"])
def test_a_tap_on_the_figure_keeps_the_page_and_a_tap_on_the_margin_closes_it(
    make_window, bundle, width, height, card_id
):
    """The big figure is what a visitor touches first: it is content, like the text and the chart."""
    window = make_window(bundle, size=(width, height))
    page = open_detail(window, card_id)
    figure = page.headline.mapTo(page, page.headline.rect().center())
    assert not page._outside_content(figure.x(), figure.y())
    for widget in (page.text_column, page.back_button):
        centre = widget.mapTo(page, widget.rect().center())
        assert not page._outside_content(centre.x(), centre.y())
    assert page._outside_content(page.width() / 2, 3)  # the top edge, between 返回 and the section


def test_a_portrait_page_without_a_chart_keeps_the_figure_just_above_its_text(make_window, bundle):
    """One column, read top to bottom: no empty band between the figure and its sentence."""
    window = make_window(bundle, size=(1080, 1920))
    text_only = [c for c in bundle.manifest.play_order() if not (c.detail and c.detail.chart)]
    assert text_only
    for card in text_only:
        page = open_detail(window, card.id)
        unit = page._unit()
        label_bottom = page.label.mapTo(page, page.label.rect().bottomLeft()).y()
        first = next(w for w in (page.explanation, page.body, page.quote_title, page.quote) if w.isVisibleTo(page))
        text_top = first.mapTo(page, first.rect().topLeft()).y()
        assert 0 <= text_top - label_bottom <= unit * 8, f"{card.id}: {text_top - label_bottom} px between"
        window.loop.close()


def test_a_portrait_page_without_a_chart_stands_mid_screen_with_two_figures_too(make_window, bundle):
    """The free height is split above and below the figure and its text, not left all at the bottom."""
    window = make_window(bundle, size=(1080, 1920))
    checked = 0
    for card in bundle.manifest.play_order():
        page = open_detail(window, card.id)
        if page.chart_holder.isVisibleTo(page):
            window.loop.close()
            continue
        column = page.text_column
        shown = [w for w in page.findChildren(QWidget) if w.isVisibleTo(page) and w is not column]
        shown = [w for w in shown if column.isAncestorOf(w)]
        shown += [w for w in (page.pair_title, page.own_cell, page.pair_cell) if w.isVisibleTo(page)]
        top = min(w.mapTo(page, w.rect().topLeft()).y() for w in shown)
        bottom = max(w.mapTo(page, w.rect().bottomLeft()).y() for w in shown)
        header = page.back_button.mapTo(page, page.back_button.rect().bottomLeft()).y()
        above, below = top - header, page.height() - bottom
        assert abs(above - below) <= page.height() * 0.1, f"{card.id}: {above} px above, {below} px below"
        checked += 1
        window.loop.close()
    assert checked >= 20


def test_no_text_is_shown_twice_on_a_page(make_window, bundle):
    window = make_window(bundle, size=(1366, 768))
    card = bundle.manifest.card("recuperation")
    repeated = replace(card, explanation=card.label + "。", detail=None)
    page = window.detail_page
    window.open_detail()
    page.show_card(repeated, bundle.manifest)
    assert not page.explanation.isVisibleTo(page)
    for card in bundle.manifest.play_order():
        page = open_detail(window, card.id)
        texts = [
            typeset.label_source(w).strip("“”")
            for w in (page.label, page.explanation, page.body, page.quote)
            if w.isVisibleTo(page)
        ]
        assert len(texts) == len(set(texts)), card.id
        window.loop.close()


def test_the_icon_is_drawn_beside_the_headline(make_window, bundle, qtbot):
    from PySide6.QtGui import QImage

    window = make_window(bundle, size=(1920, 1080))
    page = open_detail(window, "love-stations")
    assert not page.icon.isVisibleTo(page)  # the default deck has no icons
    icon = QImage(64, 64, QImage.Format.Format_ARGB32)
    icon.fill(Qt.GlobalColor.yellow)
    page.show_card(bundle.manifest.card("love-stations"), bundle.manifest, icon=icon)
    page.layout().activate()
    assert page.icon.isVisibleTo(page)
    assert page.icon.pixmap().height() > 0

    def beside() -> bool:
        icon_right = page.icon.mapTo(page, page.icon.rect().topRight()).x()
        return icon_right < page.headline.mapTo(page, page.headline.rect().topLeft()).x()

    qtbot.wait_until(beside, timeout=2000)  # once the headline row is laid out again


def test_shown_once_drops_repeats_and_contained_texts():
    from kiosk.ui.detail import shown_once

    assert shown_once(["会员", "会员。", "", "全省会员1927万人"]) == [True, False, False, True]
