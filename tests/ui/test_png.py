"""PNG files the kiosk writes: Qt and Pillow read back exactly the picture, as small as Qt's own."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.ui import png
from kiosk.ui.card_painter import CardPainter, CardScene, deck_positions
from kiosk.ui.png import png_bytes


def card(bundle, width: int, height: int) -> QImage:
    manifest = bundle.manifest
    scene = CardScene(manifest.play_order()[0], manifest, deck_positions(manifest)[0])
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    CardPainter(scene).paint(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


@pytest.mark.parametrize("parts", [1, 2, 3])
def test_a_card_reads_back_pixel_for_pixel(bundle, parts):
    image = card(bundle, 640, 360)
    data = png_bytes(image, parts=parts)
    assert QImage.fromData(data).convertToFormat(QImage.Format.Format_RGB32) == image
    with Image.open(io.BytesIO(data)) as decoded:
        decoded.load()  # Pillow checks the stream's Adler-32 and every chunk's CRC
        assert decoded.size == (640, 360)
        assert decoded.mode == "RGB"
        red, green, blue = QColor(image.pixel(100, 200)).getRgb()[:3]
        assert decoded.getpixel((100, 200)) == (red, green, blue)


def test_a_card_is_about_as_small_as_qt_writes_it(bundle, tmp_path):
    image = card(bundle, 1280, 720)
    path = tmp_path / "qt.png"
    assert image.save(str(path), "PNG", 80)
    # libpng's row filters suit the smooth backdrop: unfiltered rows, deflated at the fastest level,
    # cost about a quarter more bytes (a card of 1920x1080: 490 KB against 380), not more than a third
    assert len(png_bytes(image)) <= path.stat().st_size * 4 / 3


@pytest.mark.parametrize(("width", "height", "parts"), [(1, 1, 2), (7, 3, 4), (160, 1, 2)])
def test_tiny_pictures_and_more_parts_than_rows(width, height, parts):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#8E1B1B"))
    image.setPixel(0, height - 1, QColor("#F4C95D").rgb())
    assert QImage.fromData(png_bytes(image, parts=parts)).convertToFormat(QImage.Format.Format_RGB32) == image


def test_without_isal_zlib_writes_the_same_picture(bundle, monkeypatch):
    """A machine with no isal wheel deflates with zlib: a stream every reader takes, the same pixels."""
    image = card(bundle, 640, 360)
    monkeypatch.setattr(png, "deflate", zlib)
    data = png_bytes(image, level=1)
    assert QImage.fromData(data).convertToFormat(QImage.Format.Format_RGB32) == image
    with Image.open(io.BytesIO(data)) as decoded:
        decoded.load()


def test_the_fast_deflate_is_installed():
    """isal is a dependency: the benchmarked speed is the one a kiosk gets."""
    assert png.deflate is not zlib
