"""The PDF handout looks like the screen: rasterised by poppler and compared with the PNG export.

poppler's ``pdftoppm``, ``pdftotext`` and ``pdffonts`` (Debian: ``poppler-utils``,
installed by ``make test``) read the PDF as a viewer or a printer would, not as
Qt wrote it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from kiosk.cli import main
from kiosk.core.bundle import load_bundle
from kiosk.resources import default_bundle
from kiosk.ui.card_painter import OVERVIEW_LABEL, TOUCH_HINT
from kiosk.ui.handout import PDF_DPI, footer_height, page_label
from kiosk.ui.look import BACK_LABEL
from ui.approval import to_array

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils is not installed (make test installs it)"
)

WIDTH, HEIGHT = 960, 540
# Cards whose pages are rasterised: a text-only detail page, a card with a
# secondary figure, and the chart kinds of the default deck (comparison, hbar, bar).
COMPARED_CARDS = [
    "founding",
    "grassroots-unions",
    "supporting-documents",
    "craftsman-funding",
    "national-model-workers",
]
# Mean absolute difference per channel, of 255, between a rasterised page and
# the PNG of the same screen.  Measured over all 72 pages at 960x540: 1.8-4.0 on
# card pages, up to 5.0 on detail pages, from poppler antialiasing glyph edges
# its own way (and, on card pages, the touch controls left off the paper).  The
# olive background this guards against is off by about 40 levels over the page.
MEAN_TOLERANCE = 8.0
# The background at sample points: measured within 0.6 levels (the backdrop is
# stored losslessly); the olive one was off by over 100.
BACKGROUND_TOLERANCE = 2
CONTROL_STRINGS = (TOUCH_HINT, OVERVIEW_LABEL, BACK_LABEL.replace(" ", ""), "返回", "轻触")


def _poppler(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, timeout=120).stdout


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def deck():
    loaded = load_bundle(default_bundle())
    yield loaded
    loaded.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory, qapp, deck):
    """The default deck exported twice: the handout alone, and the PNGs alone."""
    from kiosk.ui import fonts

    fonts.register_shipped_fonts()
    out = tmp_path_factory.mktemp("handout")
    size = f"{WIDTH}x{HEIGHT}"
    assert main(["export", "--pdf", str(out / "deck.pdf"), "--size", size]) == 0
    assert main(["export", "--png", str(out / "png"), "--size", size]) == 0
    return out


def _page_texts(pdf: Path, pages: int) -> list[str]:
    return [_poppler("pdftotext", "-f", n, "-l", n, "-enc", "UTF-8", pdf, "-") for n in range(1, pages + 1)]


def _rasterised(pdf: Path, page: int, out: Path) -> np.ndarray:
    # At the handout's own resolution a page pixel is an export pixel.
    _poppler("pdftoppm", "-r", PDF_DPI, "-png", "-f", page, "-l", page, "-singlefile", pdf, out / f"page-{page}")
    return to_array(QImage(str(out / f"page-{page}.png"))).astype(int)


def test_export_with_pdf_alone_writes_the_handout_and_no_pictures(exported):
    assert (exported / "deck.pdf").read_bytes().startswith(b"%PDF")
    assert not list(exported.glob("*.png"))


def test_export_without_png_or_pdf_says_to_give_one(capsys):
    assert main(["export"]) == 2
    err = capsys.readouterr().err
    assert "--png" in err
    assert "--pdf" in err


def test_every_card_gives_a_card_page_then_its_detail_page(exported, deck):
    cards = deck.manifest.play_order()
    info = _poppler("pdfinfo", exported / "deck.pdf")
    assert re.search(rf"^Pages:\s+{2 * len(cards)}$", info, re.MULTILINE)
    width_pt, height_pt = WIDTH * 72 / PDF_DPI, (HEIGHT + footer_height(WIDTH, HEIGHT)) * 72 / PDF_DPI
    assert f"Page size:       {width_pt:g} x {height_pt:g} pts" in info
    texts = _page_texts(exported / "deck.pdf", 2 * len(cards))
    for number, card in enumerate(cards):
        card_page, detail_page = _squeezed(texts[2 * number]), _squeezed(texts[2 * number + 1])
        assert f"{number + 1}/{len(cards)}" in card_page, card.id  # the card's own "which of how many"
        assert _squeezed(card.label) in card_page, card.id
        assert _squeezed(card.headline.text()) in detail_page, card.id


def test_every_page_has_its_number_and_the_source_and_no_touch_controls(exported, deck):
    total = 2 * len(deck.manifest.cards)
    for number, text in enumerate(_page_texts(exported / "deck.pdf", total), start=1):
        page = _squeezed(text)
        assert _squeezed(page_label(number, total)) in page, number
        assert "出处：《聚焦五年工作“闪光点”擦亮山东工会名片》" in page, number
        for control in CONTROL_STRINGS:
            assert control not in page, (number, control)


def test_the_shipped_font_is_embedded(exported):
    rows = _poppler("pdffonts", exported / "deck.pdf").splitlines()[2:]
    names = {row.split()[0] for row in rows}
    assert {"UnionHallSansSC-Regular", "UnionHallSansSC-Bold"} <= names
    # Any font Qt falls back to (for a character the shipped subset lacks) travels too.
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column


@pytest.mark.parametrize("card_id", COMPARED_CARDS)
def test_pages_look_like_the_png_export(exported, deck, card_id, tmp_path):
    cards = [card.id for card in deck.manifest.play_order()]
    index = cards.index(card_id)
    for page, suffix in ((2 * index + 1, ""), (2 * index + 2, "-detail")):
        paper = _rasterised(exported / "deck.pdf", page, tmp_path)
        assert paper.shape == (HEIGHT + footer_height(WIDTH, HEIGHT), WIDTH, 3)
        screen = to_array(QImage(str(exported / "png" / f"{index + 1:03d}-{card_id}{suffix}.png"))).astype(int)
        picture = paper[:HEIGHT]
        mean = np.abs(picture - screen).mean()
        assert mean <= MEAN_TOLERANCE, f"page {page} differs from the screen by {mean:.1f} levels on average"
        for x, y in ((4, 4), (WIDTH - 5, 4), (4, HEIGHT - 5), (WIDTH - 5, HEIGHT - 5), (14, HEIGHT // 2)):
            on_paper = picture[y - 1 : y + 2, x - 1 : x + 2].mean(axis=(0, 1))
            on_screen = screen[y - 1 : y + 2, x - 1 : x + 2].mean(axis=(0, 1))
            assert np.abs(on_paper - on_screen).max() <= BACKGROUND_TOLERANCE, (page, x, y, on_paper, on_screen)
