"""Cards drawn without a screen: approved images at every supported size,
``--screenshot`` and ``export``."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from kiosk.cli import main
from kiosk.ui import snapshot
from ui.approval import CHANNEL_TOLERANCE, assert_matches_approved, to_array

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920), (1366, 768), (1280, 800)]
# A card with a long label and a secondary figure, and one with a qualifier in front.
APPROVED_CARDS = ["grassroots-unions", "love-stations"]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("card_id", APPROVED_CARDS)
def test_card_matches_approved_image(bundle, card_id, width, height):
    scene = snapshot.scene_for(bundle, card_id)
    image = snapshot.render(scene, width, height)
    assert_matches_approved(image, f"card-{card_id}-{width}x{height}")


def test_every_card_fits_at_the_smallest_screen(bundle):
    """No card's text leaves the screen: the painter shrinks or wraps it."""
    for scene in snapshot.scenes(bundle):
        image = snapshot.render(scene, 1280, 800)
        assert not image.isNull()


def test_screenshot_writes_a_png_of_exactly_the_size(tmp_path):
    out = tmp_path / "card.png"
    assert main(["--screenshot", str(out), "--size", "1366x768", "--card", "mama-rooms"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)


def test_screenshot_of_an_unknown_card_says_which_cards_exist(tmp_path, capsys):
    assert main(["--screenshot", str(tmp_path / "x.png"), "--card", "no-such-card"]) == 2
    err = capsys.readouterr().err
    assert "no-such-card" in err
    assert "grassroots-unions" in err or "founding" in err
    assert not (tmp_path / "x.png").exists()


def test_screenshot_of_a_broken_bundle_fails_cleanly(tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bundle.yaml").write_text("id: [", encoding="utf-8")
    assert main(["--screenshot", str(tmp_path / "x.png"), "--bundle", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "bundle.yaml:" in err
    assert "YAML 格式错误" in err


def test_screenshot_shows_the_settled_headline(bundle):
    """The screenshot is the card after its count-up, not a frame of it."""
    scene = snapshot.scene_for(bundle, "grassroots-unions")
    settled = snapshot.render(scene, 640, 360)
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    from kiosk.ui.card_painter import CardPainter

    frame = QImage(640, 360, QImage.Format.Format_RGB32)
    painter = QPainter(frame)
    CardPainter(scene).paint(painter, QRectF(0, 0, 640, 360), headline_progress=1.0)
    painter.end()
    # equal but for glyph antialiasing, which Qt's glyph cache may vary slightly
    diff = np.abs(to_array(frame).astype(int) - to_array(settled)).max()
    assert diff <= CHANNEL_TOLERANCE


def test_export_writes_every_card_and_a_pdf_with_the_font_embedded(tmp_path, bundle):
    png_dir = tmp_path / "png"
    pdf = tmp_path / "deck.pdf"
    assert main(["export", "--png", str(png_dir), "--pdf", str(pdf), "--size", "960x540"]) == 0
    pngs = sorted(png_dir.glob("*.png"))
    assert len(pngs) == 2 * len(bundle.manifest.cards)  # every card and its detail page
    assert pngs[0].name == "001-founding-detail.png"
    assert pngs[1].name == "001-founding.png"
    assert QImage(str(pngs[0])).size().width() == 960
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page\r") + data.count(b"/Type /Page ") + data.count(
        b"/Type/Page"
    ) >= len(pngs) or data.count(b"/Page") >= len(pngs)
    assert b"/FontFile" in data  # the font travels with the handout
    assert b"UnionHallSansSC" in data


def test_export_to_an_unwritable_place_fails_cleanly(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "--png", str(blocker / "sub")]) == 1
    assert "无法" in capsys.readouterr().err
