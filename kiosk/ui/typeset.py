"""Lines of Chinese text for a font and a width: breaks where :mod:`kiosk.core.linebreak` allows them.

Qt breaks Chinese between any two characters.  Here a line holds whole units
(figures, quoted names, words), the last line never holds only one or two
characters, and ``balanced`` text (centred labels, chart labels) gets lines of
even length.  Each result is computed once per (text, font, width) and kept
in a small LRU cache, never per frame.

:func:`text` gives the lines joined with newlines, for ``QPainter.drawText``
and ``QFontMetricsF.boundingRect``.  A ``QLabel`` is laid out by its layout at
widths known only later: :func:`set_label_text` gives it the text with word
joiners where it may not break, so Qt's own wrapping obeys the same rules.
"""

from __future__ import annotations

from collections import OrderedDict
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.core import linebreak

if TYPE_CHECKING:  # a card painted into a picture needs no widgets
    from PySide6.QtWidgets import QLabel

MIN_LAST_LINE = 3  # characters besides punctuation: a last line of one or two reads as an accident (道, 开。)
CACHE_SIZE = 4096
# Lines are laid out this much narrower than the box, so that Qt's own wrapping,
# which measures a little differently, never breaks a line again.
SLACK_PX = 1.0
_LABEL_TEXT = "typeset_text"
WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"
_QUOTE_MARKS = frozenset("“”‘’")
MAX_WIDOW_PIECES = 3  # glue at most this many last pieces: a longer tail could not fit a narrow line


class _LineCache:
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[object, ...], tuple[str, ...]] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> tuple[str, ...] | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: tuple[object, ...], lines: tuple[str, ...]) -> None:
        self._items[key] = lines
        if len(self._items) > self._size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


_cache = _LineCache(CACHE_SIZE)


def lines(text: str, font: QFont, width: float, *, balanced: bool = False) -> tuple[str, ...]:
    """``text`` as lines no wider than ``width`` in ``font`` (newlines in ``text`` are kept)."""
    key = (text, font.key(), round(width * 4), balanced, linebreak.generation())
    found = _cache.get(key)
    if found is None:
        advance = _Advances(QFontMetricsF(font))
        room = max(1.0, width - SLACK_PX)
        found = tuple(line for paragraph in text.split("\n") for line in _paragraph(paragraph, advance, room, balanced))
        _cache.put(key, found)
    return found


def text(text: str, font: QFont, width: float, *, balanced: bool = False) -> str:
    """The lines of :func:`lines`, joined with newlines."""
    return "\n".join(lines(text, font, width, balanced=balanced))


def wrap(text: str, metrics: QFontMetricsF, width: float, *, balanced: bool = False) -> list[str]:
    """:func:`lines` for callers that hold font metrics rather than a font (no cache)."""
    advance = _Advances(metrics)
    return [line for paragraph in text.split("\n") for line in _paragraph(paragraph, advance, width, balanced)]


# ------------------------------------------------------------------ the layout


class _Advances:
    """A font's advance widths, each string measured once: the searches for even or
    widow-free lines try the same lines at many widths (and Qt shapes the text each time)."""

    __slots__ = ("_known", "metrics")

    def __init__(self, metrics: QFontMetricsF) -> None:
        self.metrics = metrics
        self._known: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        known = self._known.get(text)
        if known is None:
            known = self._known[text] = self.metrics.horizontalAdvance(text)
        return known


def _paragraph(paragraph: str, advance: _Advances, width: float, balanced: bool) -> list[str]:
    pieces = linebreak.units(paragraph)
    if not pieces:
        return [""]
    greedy = _fill(pieces, advance, width)
    if len(greedy) < 2:
        return greedy
    if balanced:
        greedy = _narrowest(pieces, advance, width, len(greedy))
    if _short(greedy[-1]):
        greedy = _without_short_last_line(pieces, advance, width, greedy)
    return greedy


def _short(line: str) -> bool:
    """One or two characters, not counting punctuation (开。 is short)."""
    return sum(char.isalnum() for char in line) < MIN_LAST_LINE


def _fill(pieces: list[str], advance: _Advances, width: float) -> list[str]:
    """Greedy: as many whole pieces on each line as fit; a piece wider than a line is cut by character."""
    out: list[str] = []
    line = ""
    for piece in pieces:
        if line and advance((line + piece).rstrip()) <= width:
            line += piece
            continue
        if line:
            out.append(line.rstrip())
        line = piece.lstrip() if line else piece
        if advance(line.rstrip()) > width:
            chars = _cut_by_character(line, advance, width)
            out.extend(chars[:-1])
            line = chars[-1]
    out.append(line.rstrip())
    return out


def _cut_by_character(piece: str, advance: _Advances, width: float) -> list[str]:
    """A piece too wide for any line (a long name on a narrow chip): cut where it must, keeping punctuation."""
    out: list[str] = []
    line = ""
    for char in piece:
        if line and advance(line + char) > width and char not in linebreak.NO_LINE_START:
            carry = ""
            while len(line) > 1 and line[-1] in linebreak.NO_LINE_END:
                carry, line = line[-1] + carry, line[:-1]
            out.append(line)
            line = carry
        line += char
    out.append(line)
    return out


def _narrowest(pieces: list[str], advance: _Advances, width: float, count: int) -> list[str]:
    """The narrowest greedy layout with ``count`` lines: lines of even length."""
    widest_piece = max(advance(p.strip()) for p in pieces)
    low, high = max(widest_piece, width / (count + 1)), width
    best = _fill(pieces, advance, width)
    for _ in range(12):
        if high - low < 1.0:
            break
        middle = (low + high) / 2
        candidate = _fill(pieces, advance, middle)
        if len(candidate) <= count:
            best, high = candidate, middle
        else:
            low = middle
    return best


def _without_short_last_line(pieces: list[str], advance: _Advances, width: float, greedy: list[str]) -> list[str]:
    """Narrow the lines step by step until the last holds enough, in as many lines (else one more)."""
    step = max(1.0, advance.metrics.averageCharWidth())
    for allowed in (len(greedy), len(greedy) + 1):
        narrower = width - step
        while narrower > width * 0.5:
            candidate = _fill(pieces, advance, narrower)
            if len(candidate) > allowed:
                break
            if not _short(candidate[-1]):
                return candidate
            narrower -= step
    return greedy


# ------------------------------------------------------------------ labels


def joined(value: str) -> str:
    """``value`` with a WORD JOINER (U+2060) wherever a line may not break, for Qt's own line breaker.

    Qt then keeps figures, names and words whole at any width, and its height
    for a width stays right.  The last line is glued to hold at least
    :data:`MIN_LAST_LINE` characters.  U+2060 has no width and draws nothing
    (the shipped font lacks it; Qt treats it as default-ignorable).  Beside
    quotation marks, where Qt would never break, a ZERO WIDTH SPACE allows it.
    Both are added here, at layout time only: bundle text may not contain them.
    """
    return "\n".join(_joined_paragraph(paragraph) for paragraph in value.split("\n"))


def _joined_paragraph(paragraph: str) -> str:
    pieces = linebreak.units(paragraph)
    # No widow: the last pieces travel together until they hold enough characters.
    tail = 1
    while tail < len(pieces) and _short("".join(pieces[-tail:])) and tail < MAX_WIDOW_PIECES:
        tail += 1
    if tail > 1:
        pieces = [*pieces[:-tail], "".join(pieces[-tail:])]
    out: list[str] = []
    for number, piece in enumerate(pieces):
        # Qt never breaks beside “ ” ‘ ’ (Unicode's rule for quotes of either direction): where
        # Chinese may break there, a ZERO WIDTH SPACE says so.
        if number and (piece[0] in _QUOTE_MARKS or out[-1][-1] in _QUOTE_MARKS):
            out.append(ZERO_WIDTH_SPACE)
        chars = [piece[0]]
        for before, after in pairwise(piece):
            if not (before.isspace() or after.isspace() or (before.isascii() and after.isascii())):
                chars.append(WORD_JOINER)
            chars.append(after)
        out.append("".join(chars))
    return "".join(out)


def set_label_text(label: QLabel, value: str) -> None:
    """Show ``value`` in ``label`` with breaks only where this module allows them, at whatever width."""
    label.setProperty(_LABEL_TEXT, value)
    label.setText(joined(value))


def label_source(label: QLabel) -> str:
    """The text given to :func:`set_label_text`, without the joiners and zero-width spaces."""
    value = label.property(_LABEL_TEXT)
    return value if isinstance(value, str) else label.text()
