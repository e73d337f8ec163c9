"""Detail pages: every card opens one, charts use the card's figures, text-only cards read well."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.cli import main

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
    assert "591万件" in page.quote.text()


def test_a_card_without_a_chart_gets_a_text_page_not_an_empty_plot(make_window, bundle):
    window = make_window(bundle)
    window.loop.go_to("publicity")
    window.open_detail()
    page = window.detail_page
    assert not page.chart_holder.isVisible()
    assert "开设“悦读吧”" in page.body.text()
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
        assert page.headline.fontMetrics().horizontalAdvance(page.headline.text()) <= column.width(), card.id
        for widget in [page.headline, page.label, page.body, page.quote, *page.related_buttons]:
            if widget.isVisibleTo(page):
                assert column.rect().contains(widget.geometry()), (card.id, widget.text())
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
