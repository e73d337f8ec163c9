"""Text on charts: Chinese line breaking, measuring, and the plain-text items and labels.

Every text is plain text: bundle text is data, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kiosk.ui import typeset
from kiosk.ui.look import plain_label

TEXT_Z = 20  # value labels above bars (5) and lines (10)


def wrap_text(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``, where :mod:`kiosk.core.linebreak` allows.

    Never inside a figure, a quoted name or a word; closing punctuation never
    starts a line and opening punctuation never ends one; no last line of one
    or two characters.
    """
    return typeset.wrap(text, metrics, width)


def wrap_balanced(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """Like :func:`wrap_text`, with lines of even length instead of a short last line."""
    return typeset.wrap(text, metrics, width, balanced=True)


def text_width(metrics: QFontMetricsF, lines: Iterable[str]) -> float:
    """The widest of ``lines``; 0 for none."""
    return max((metrics.horizontalAdvance(line) for line in lines), default=0.0)


def css_font(font: QFont) -> str:
    """A style-sheet font declaration for a kiosk font (style sheets override setFont)."""
    families = ", ".join('"' + f.replace('"', "") + '"' for f in font.families())
    weight = 700 if font.bold() else 400
    return f"font-family: {families}; font-size: {font.pixelSize()}px; font-weight: {weight};"


def chart_label(parent: QWidget) -> QLabel:
    """A title or note above or below the plot: wraps, keeps its height, lets taps through."""
    label = plain_label(parent=parent)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return label


def new_text_item(view_box: pg.ViewBox) -> pg.TextItem:
    """An empty text item in ``view_box``, above the shapes, not counted in its auto-range."""
    item = pg.TextItem("", anchor=(0.5, 1.0))
    item.textItem.document().setDocumentMargin(0)
    item.setZValue(TEXT_Z)
    view_box.addItem(item, ignoreBounds=True)
    return item


def style_text(
    item: pg.TextItem,
    text: str,
    font: QFont,
    colour: QColor,
    anchor: tuple[float, float],
    *,
    width: float = -1,
    centred: bool = False,
    backdrop: QColor | None = None,
    padding: float = 0.0,
) -> None:
    """Set ``item`` to show ``text`` as plain text, fully opaque."""
    item.fill = QBrush(backdrop) if backdrop is not None else QBrush(Qt.BrushStyle.NoBrush)
    document = item.textItem.document()
    if document.documentMargin() != padding:
        document.setDocumentMargin(padding)
    item.setFont(font)
    item.setColor(colour)
    option = document.defaultTextOption()
    alignment = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
    if option.alignment() != alignment:
        option.setAlignment(alignment)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
    item.setTextWidth(width)
    item.setPlainText(typeset.text(text, font, width - 2 * padding) if width > 0 else text)
    item.setAnchor(anchor)
    item.setOpacity(1.0)


def text_size(item: pg.TextItem) -> tuple[float, float]:
    """Width and height of ``item``'s text, in pixels."""
    rect = item.textItem.boundingRect()
    return rect.width(), rect.height()
