"""Where a line of Chinese may break: at punctuation and between words, never inside a figure or a name.

Chinese may break between any two characters, and Qt does (its boundary finder
has no Chinese dictionary), which splits 2520/个, 18.1亿/元, 周国/芳, 省/工会.
:func:`units` cuts a text into the pieces a line may not split:

- a figure with its qualifier, magnitude and unit (近1000个, 18.1亿元,
  4.54万平方米, 97%以上), read with the qualifiers of :mod:`kiosk.core.figures`
  and the units of :mod:`kiosk.core.draft.measure_words`;
- a quoted name of up to :data:`MAX_QUOTED_NAME` characters (“妈妈小屋”, 《工会新时空》);
- a word of the segmenter (:mod:`kiosk.core.segmenter`): 周国芳, 委员会, 先进工作者;
- a run of Latin letters and digits;

and closing punctuation stays with what it closes, opening punctuation with
what it opens (no line starts with ，or ”, none ends with “ or 《).

The segmenter's word list takes about 60 ms to read.  By default the first
call reads it; :func:`defer_words` makes the calls before it is loaded (the
first frame) look each word up in the list's file instead (a binary search
over its bytes, :class:`~kiosk.core.segmenter.SortedWordFile`: the same
words, the same breaks, slower per word), and :func:`load_words_in_background`
reads it on a thread.  :func:`generation` changes when the words arrive, so
a cache of laid-out lines knows to lay them out again.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache

from kiosk.core.figures import ARABIC_NUMBER, CHINESE_NUMERALS, DEFAULT_POSITIONS, QualifierPosition
from kiosk.core.segmenter import Segmenter, SortedWordFile

log = logging.getLogger(__name__)

# Never at the start of a line, never at the end of one (kinsoku, as Chinese typesetting has it).
NO_LINE_START = frozenset("，。、；：？！）》」』”’…—·%％〉】〕～,.;:?!)]}")
NO_LINE_END = frozenset("（《「『“‘〈【〔([{")
QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "‘": "’", "〈": "〉", "（": "）"}
MAX_QUOTED_NAME = 12  # characters inside the quotes: a name, not a quoted sentence
WORDS_FILE = "segmenter/words.txt"
WORD_TOTALS_FILE = "segmenter/totals.txt"

# Chinese characters and the wide punctuation set among them (“”‘’ — … ·), between which a line may break.
# Code point ranges, not a regular expression's class: compiling one that wide costs the first frame 2 ms.
_CJK_RANGES = (
    (0x2E80, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x3000, 0x303F),
    (0x2014, 0x2014),
    (0x2018, 0x201F),
    (0x2026, 0x2026),
    (0x00B7, 0x00B7),
)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _alternatives(position: QualifierPosition) -> str:
    return "|".join(sorted((q for q, p in DEFAULT_POSITIONS.items() if p is position), key=len, reverse=True))


@cache
def _figure_pattern() -> re.Pattern[str]:
    from kiosk.core.draft.measure_words import units_longest_first  # the units the figure finder knows

    units = "|".join(re.escape(u) for u in units_longest_first())
    # Dates and years stay whole too: 1940年8月6日 breaks only between its parts.
    time_units = "年|月|日|时|小时|届|次|天|周"
    return re.compile(
        rf"(?:{_alternatives(QualifierPosition.BEFORE_NUMBER)})?"
        rf"(?:{ARABIC_NUMBER}(?:余|多)?(?:万亿|万|亿)?(?:余|多)?(?:{units}|{time_units})?"
        rf"|[{CHINESE_NUMERALS}]+(?:余|多)?(?:万亿|万|亿)?(?:余|多)?(?:{units}))"
        rf"(?:{_alternatives(QualifierPosition.AFTER_UNIT)})?"
    )


# ------------------------------------------------------------------ the segmenter, loaded once

_lock = threading.Lock()
_segmenter: Segmenter | None = None
_deferred = False
_generation = 0


def _load() -> Segmenter | None:
    global _segmenter, _generation  # noqa: PLW0603 - one word list per process, read once
    with _lock:
        if _segmenter is None:
            from kiosk.resources import ResourceError, resource_path

            try:
                _segmenter = Segmenter.from_file(resource_path(WORDS_FILE))
            except (OSError, ResourceError) as exc:
                log.warning("no Chinese word list (%s): lines break at punctuation and figures only", exc)
                _segmenter = Segmenter({})
            _generation += 1
        return _segmenter


def defer_words() -> None:
    """Until the word list is loaded, break by the rules without words instead of waiting for it."""
    global _deferred  # noqa: PLW0603
    _deferred = True


@contextmanager
def words_deferred() -> Iterator[None]:
    """:func:`defer_words` for the ``with`` block only (a screenshot of the first frame)."""
    global _deferred  # noqa: PLW0603
    before, _deferred = _deferred, True
    try:
        yield
    finally:
        _deferred = before


def load_words_in_background() -> threading.Thread:
    """Read the word list on a thread; :func:`generation` changes when it is in."""
    thread = threading.Thread(target=_load, name="segmenter-words", daemon=True)
    thread.start()
    return thread


def load_words() -> Segmenter | None:
    """The word list, read now if it is not yet."""
    return _load()


def generation() -> int:
    """Changes when the words arrive: line breaks computed before are out of date."""
    return _generation


def _words() -> Segmenter | None:
    if _segmenter is not None:
        return _segmenter
    if _deferred:
        return _word_file()
    return _load()


@cache
def _word_file() -> Segmenter | None:
    """The list looked up where it lies, for the calls made before it is read (a millisecond to open)."""
    from kiosk.resources import ResourceError, resource_path

    try:
        return SortedWordFile.from_files(resource_path(WORDS_FILE), resource_path(WORD_TOTALS_FILE))
    except (OSError, ValueError, ResourceError) as exc:
        log.warning("no Chinese word list to look words up in (%s): the first lines break without words", exc)
        return None


# ------------------------------------------------------------------ break opportunities


def _glued(text: str) -> list[bool]:
    """``glued[i]``: no break between ``text[i - 1]`` and ``text[i]`` (index 0 unused)."""
    n = len(text)
    glued = [False] * (n + 1)
    glued[0] = glued[n] = True
    for i in range(1, n):
        before, after = text[i - 1], text[i]
        if after in NO_LINE_START or before in NO_LINE_END:
            glued[i] = True
        elif after.isspace() or before.isspace():
            glued[i] = after.isspace()  # break after a space, not before it
        elif not _is_cjk(before) and not _is_cjk(after):
            glued[i] = True  # inside Latin words and numbers

    def hold(start: int, end: int) -> None:
        for i in range(start + 1, end):
            glued[i] = True

    for match in _figure_pattern().finditer(text):
        if any(ch.isdigit() for ch in match.group()) or len(match.group()) > 1:
            hold(match.start(), match.end())
    for start, char in enumerate(text):
        closer = QUOTES.get(char)
        if closer:
            end = text.find(closer, start + 1, start + MAX_QUOTED_NAME + 2)
            if end > start:
                hold(start, end + 1)
    words = _words()
    if words is not None:
        for start, end in words.spans(text):
            hold(start, end)
    return glued


def units(text: str) -> list[str]:
    """``text`` cut where a line may break; a line holds whole units only."""
    return list(_units(text, _generation))


@lru_cache(maxsize=4096)
def _units(text: str, _words_generation: int) -> tuple[str, ...]:
    if not text:
        return ()
    glued = _glued(text)
    out, start = [], 0
    for i in range(1, len(text)):
        if not glued[i]:
            out.append(text[start:i])
            start = i
    out.append(text[start:])
    return tuple(out)


def break_positions(text: str) -> list[int]:
    """Indices ``i`` where a line may end before ``text[i]``."""
    glued = _glued(text)
    return [i for i in range(1, len(text)) if not glued[i]]
