"""Which characters the kiosk's fonts can draw."""

from __future__ import annotations

import io
from functools import cache

from kiosk.resources import ResourceError, resource_path

CHARSET_FILE = "fonts/charset.txt"


class FontError(ValueError):
    pass


@cache
def shipped_coverage() -> frozenset[str]:
    """Characters of the shipped font, from the list the subset script writes."""
    try:
        text = resource_path(CHARSET_FILE).read_text(encoding="utf-8")
    except (OSError, ResourceError):
        return frozenset(chr(c) for c in range(0x20, 0x7F))
    return frozenset(text.replace("\n", "")) | {" "}


def font_coverage(data: bytes) -> set[str]:
    """Characters a bundle's own OTF/TTF font maps."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        cmap = font.getBestCmap() or {}
    except TTLibError as exc:
        raise FontError(str(exc)) from None
    except Exception as exc:  # a damaged table fails in fontTools' parsers any which way
        raise FontError(f"{type(exc).__name__}: {exc}") from None
    return {chr(code) for code in cmap}
