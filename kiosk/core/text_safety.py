"""Characters that bundle text may not hold, and bundle text made safe to print.

A bundle may come from anyone.  Its text is shown on screen (always as plain
text) and echoed by ``validate``, ``list``, ``stats`` and the logs.  Two kinds
of character do harm there while looking like nothing at all:

- **controls**: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
  ``ESC [`` and friends drive a terminal: colours, a new window title, a
  cleared screen, text written over earlier text with a carriage return.
- **invisible format characters** (Unicode category Cf): the bidi embeddings,
  overrides and isolates (U+202A–U+202E, U+2066–U+2069), the direction marks
  U+200E, U+200F, U+061C, and the rest of Cf (U+200B zero-width space,
  U+2060 word joiner, U+FEFF, U+00AD soft hyphen, tag characters …).  They
  reorder or hide text, so that what a person reads is not what the kiosk
  shows or what ``validate`` compares with the source.  Line and paragraph
  separators (U+2028, U+2029) and lone surrogates count here too.

Zero-width joiner and non-joiner (U+200D, U+200C) stay allowed: emoji
sequences and some scripts need them, and they cannot reorder anything.
Newline and tab are allowed only in the fields that hold several lines.
"""

from __future__ import annotations

import re
import unicodedata

# Controls, then every Unicode format character (Cf, as of Unicode 15) except the
# zero-width non-joiner and joiner, then the line and paragraph separators and
# lone surrogates.  One expression, so that checking thousands of cards stays fast;
# tests/test_text_safety.py holds it against the unicodedata of the running Python.
ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})  # zero-width non-joiner and joiner: left out below
_FORMAT_AND_SEPARATORS = (
    r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0001\U000e0020-\U000e007f"
    r"\u2028\u2029\ud800-\udfff"
)
_UNSAFE = re.compile(rf"[\x00-\x1f\x7f-\x9f{_FORMAT_AND_SEPARATORS}]")
# The same without newline and tab, for the fields that hold several lines.
_UNSAFE_MULTILINE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT_AND_SEPARATORS}]")

DIRECTION_CLASSES = frozenset({"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"})

# Names for the controls, which Unicode leaves unnamed.
CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x09: "TAB",
    0x0A: "LF",
    0x0B: "VT",
    0x0C: "FF",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL",
    0x9B: "CSI",
    0x9D: "OSC",
}


def _pattern(multiline: bool) -> re.Pattern[str]:
    return _UNSAFE_MULTILINE if multiline else _UNSAFE


def is_unsafe(char: str, *, multiline: bool = False) -> bool:
    """Whether ``char`` may not stand in bundle text (newline and tab: only in multi-line text)."""
    return _pattern(multiline).match(char) is not None


def first_unsafe(text: str, *, multiline: bool = False) -> int | None:
    """The index of the first character of ``text`` that may not stand there, or None."""
    found = _pattern(multiline).search(text)
    return found.start() if found else None


def character_name(char: str) -> str:
    """``U+001B ESC``: the code point and a name a person can look up."""
    point = ord(char)
    name = CONTROL_NAMES.get(point) or unicodedata.name(char, "")
    return f"U+{point:04X} {name}" if name else f"U+{point:04X}"


def is_control(char: str) -> bool:
    """C0, DEL or C1: a character a terminal acts on."""
    return unicodedata.category(char) == "Cc"


def is_direction_control(char: str) -> bool:
    """A bidi embedding, override, isolate or mark: it changes the order text is shown in."""
    return char in "\u200e\u200f\u061c" or unicodedata.bidirectional(char) in DIRECTION_CLASSES


def _escape(char: str) -> str:
    """``\\u001b``, the form JSON reads as the same character (two halves above U+FFFF)."""
    point = ord(char)
    if point < 0x10000:
        return f"\\u{point:04x}"
    high, low = divmod(point - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def for_terminal(text: str, *, multiline: bool = True) -> str:
    """``text`` from a bundle, safe to print: controls and format characters as visible escapes.

    ESC becomes ``\\u001b`` and a right-to-left override ``\\u202e``; Chinese
    text and everything else printable is kept.  Newline and tab are kept
    when ``multiline`` (a table, a log record, a JSON document), escaped
    otherwise.  The escapes are JSON's: in the output of
    ``json.dumps(..., ensure_ascii=False)``, which leaves DEL, C1 and format
    characters raw, they stand inside strings and mean the same character,
    so the JSON reads back unchanged.
    """
    return _pattern(multiline).sub(lambda found: _escape(found.group()), text)
