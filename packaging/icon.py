"""Draw the application icon: a red square with a gold 工 in the shipped font.

Run by packaging/build.py before PyInstaller; writes ``union-kiosk.png``
(256x256) and, where the platform needs one, ``union-kiosk.ico`` (Windows)
or ``union-kiosk.icns`` (macOS) into the folder given (default build/icon).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "resources" / "fonts" / "UnionHallSansSC-Bold.otf"
RED = "#c8161d"  # 中国红
GOLD = "#f5c542"
SIZE = 256


def draw(size: int = SIZE):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath

    font_id = QFontDatabase.addApplicationFont(str(FONT))
    if font_id < 0:
        raise SystemExit(f"icon: cannot load the shipped font {FONT}")
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    square = QPainterPath()
    square.addRoundedRect(QRectF(0, 0, size, size), size * 0.12, size * 0.12)
    painter.fillPath(square, QColor(RED))
    font = QFont(family)
    font.setPixelSize(round(size * 0.72))
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    painter.setPen(QColor(GOLD))
    painter.drawText(QRectF(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), "工")
    painter.end()
    return image


def main(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    image = draw()
    written = [out / "union-kiosk.png"]
    if not image.save(str(written[0]), "PNG"):
        raise SystemExit(f"icon: cannot write {written[0]}")
    extra = {"win32": ("ico", "ICO"), "darwin": ("icns", "ICNS")}.get(sys.platform)
    if extra is not None:  # Qt's qico/qicns image plugins write these
        path = out / f"union-kiosk.{extra[0]}"
        if not image.save(str(path), extra[1]):
            raise SystemExit(f"icon: cannot write {path}")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icon"):
        print(path)
