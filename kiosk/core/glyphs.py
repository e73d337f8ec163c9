"""Bundle fonts: whether a file is a font the screen can use, and which
characters the kiosk's fonts can draw.

fontTools is imported only here, and only when a bundle lists fonts: it
takes about 100 ms, which a bundle without fonts does not pay.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from kiosk.resources import ResourceError, resource_path

CHARSET_FILE = "fonts/charset.txt"


# The first four bytes of a TrueType, OpenType (CFF), old Mac TrueType and collection file.
FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
MAX_FONT_TABLES = 100  # real fonts have 10 to 40; a directory claiming more is damaged
UNITS_PER_EM = range(16, 16385)  # what the OpenType specification allows
SFNT_HEADER_BYTES = 12
TABLE_RECORD_BYTES = 16
OUTLINE_TABLES = ("glyf", "CFF ", "CFF2")
UNICODE_CMAPS = {(0, None), (3, 1), (3, 10)}  # (platform, encoding); None: any encoding of platform 0


class FontError(ValueError):
    """Not a usable font; ``reason`` says why in Chinese."""

    def __init__(self, message_en: str, reason: str = "") -> None:
        super().__init__(message_en)
        self.reason = reason


def verify_font(data: bytes) -> frozenset[int]:
    """The code points an OTF/TTF font maps, once it is parsed far enough to
    know the screen can use it; :class:`FontError` otherwise.

    The table directory must lie inside the file, the font must map Unicode
    characters (a cmap with a Unicode subtable) to outlines (glyf or CFF),
    and its em must be of a size the specification allows.  A file with a
    font's first bytes and nothing usable after them fails here.
    """
    if data[:4] not in FONT_SIGNATURES:
        raise FontError("not an OpenType or TrueType file", "文件开头不是 OTF 或 TTF 字体")
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        _check_directory(font, len(data))
        units = font["head"].unitsPerEm
        if units not in UNITS_PER_EM:
            raise FontError(f"unitsPerEm {units} is out of range", f"字号单位（unitsPerEm）{units} 不合理")
        cmap = font["cmap"]
        if not any((t.platformID, None if t.platformID == 0 else t.platEncID) in UNICODE_CMAPS for t in cmap.tables):
            raise FontError("no Unicode cmap subtable", "字体里没有 Unicode 字符表（cmap）")
        codepoints = frozenset(font.getBestCmap() or ())
        _check_outlines(font)
    except FontError:
        raise
    except KeyError as exc:
        raise FontError(f"missing table {exc}", f"缺少字体表 {exc}") from None
    except Exception as exc:  # a damaged table fails in fontTools' parsers any which way
        raise FontError(f"{type(exc).__name__}: {exc}", "字体数据损坏或不完整") from None
    if not codepoints:
        raise FontError("the cmap maps no character", "字体的字符表（cmap）是空的")
    return codepoints


def _check_directory(font: Any, size: int) -> None:
    reader = font.reader
    count = reader.numTables
    if not 1 <= count <= MAX_FONT_TABLES or len(reader.tables) != count:
        raise FontError(f"table directory of {count} tables", "字体的表目录不对")
    start = SFNT_HEADER_BYTES + TABLE_RECORD_BYTES * count
    for tag, entry in reader.tables.items():
        if entry.offset < start or entry.offset + entry.length > size:
            raise FontError(f"table {tag!r} lies outside the file", "文件不完整（字体表超出了文件末尾）")


def _check_outlines(font: Any) -> None:
    """Outlines for every glyph: glyf with a whole loca, or a CFF with charstrings."""
    if "glyf" in font:
        if len(font["loca"]) < font["maxp"].numGlyphs + 1:
            raise FontError("loca table shorter than the glyph count", "字形位置表（loca）不完整")
        font["glyf"]  # reading it checks every glyph's place in the table
    elif "CFF " in font:
        cff = font["CFF "].cff
        if not len(cff[cff.fontNames[0]].CharStrings):
            raise FontError("CFF without glyphs", "CFF 字形是空的")
    elif "CFF2" in font:
        font["CFF2"]  # reading it parses its header and indexes
    else:
        raise FontError("no glyf or CFF outlines", "字体里没有字形轮廓（glyf 或 CFF）")


@cache
def shipped_coverage() -> frozenset[str]:
    """Characters of the shipped font, from the list the subset script writes."""
    try:
        text = resource_path(CHARSET_FILE).read_text(encoding="utf-8")
    except (OSError, ResourceError):
        return frozenset(chr(c) for c in range(0x20, 0x7F))
    return frozenset(text.replace("\n", "")) | {" "}


def font_coverage(data: bytes) -> set[str]:
    """Characters a bundle's own OTF/TTF font maps; :class:`FontError` if it is no usable font."""
    return {chr(code) for code in verify_font(data)}
