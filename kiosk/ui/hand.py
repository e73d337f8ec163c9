"""A hand with its index finger out, as a path: the mark of "touch here".

The shipped font has no hand emoji, and a dot with a ring does not read as a
hand to a visitor, so the glyph is drawn.  It fills a box of ``height`` × 0.8
``height``; the fingertip is at the top, a fifth of the width from the middle.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

ASPECT = 0.8  # width / height of the glyph's box
# Where the fingertip is, as shares of the box (x from the left, y from the top).
TIP_X = 0.40
TIP_Y = 0.0

# The parts in a box of 1 × 1 (x as a share of the width, y of the height):
# (left, top, width, height, corner radius as a share of the width).
_FINGER = (0.30, 0.00, 0.20, 0.62, 0.10)
_KNUCKLES = (
    (0.49, 0.34, 0.17, 0.30, 0.085),
    (0.64, 0.38, 0.16, 0.28, 0.08),
    (0.78, 0.43, 0.15, 0.25, 0.075),
)
_PALM = (0.30, 0.50, 0.63, 0.50, 0.20)
_THUMB = (0.02, 0.44, 0.38, 0.20, 0.10)


def _part(box: QRectF, spec: tuple[float, float, float, float, float]) -> QPainterPath:
    left, top, width, height, radius = spec
    path = QPainterPath()
    r = radius * box.width()
    path.addRoundedRect(
        QRectF(
            box.left() + left * box.width(), box.top() + top * box.height(), width * box.width(), height * box.height()
        ),
        r,
        r,
    )
    return path


def hand_box(tip: QPointF, height: float) -> QRectF:
    """The box of a hand ``height`` tall whose fingertip is at ``tip``."""
    width = height * ASPECT
    return QRectF(tip.x() - TIP_X * width, tip.y() - TIP_Y * height, width, height)


def hand_path(box: QRectF) -> QPainterPath:
    """The hand's outline filling ``box`` (best with ``box`` of aspect :data:`ASPECT`)."""
    # The thumb lies along the palm's left edge, angled down-left like a thumb at rest.
    path = _part(box, _PALM)
    for part in (_FINGER, *_KNUCKLES, _THUMB):
        path = path.united(_part(box, part))
    return path.simplified()
