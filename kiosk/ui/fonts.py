"""The kiosk's own fonts, registered at start-up and used explicitly.

A fresh machine may have no Chinese font at all; the kiosk ships one and
names it first in every font it makes, so it looks the same everywhere.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase

from kiosk.core.files import BundleFiles
from kiosk.resources import ResourceError, resource_path

log = logging.getLogger(__name__)

FAMILY = "Union Hall Sans SC"
SHIPPED_FONTS = ("fonts/UnionHallSansSC-Regular.otf", "fonts/UnionHallSansSC-Bold.otf")

_families: list[str] = []


@cache
def register_shipped_fonts() -> str:
    """Register the shipped font once; returns its family name."""
    for name in SHIPPED_FONTS:
        try:
            path = resource_path(name)
        except ResourceError:
            log.error("shipped font %s is missing", name)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.error("could not load shipped font %s", path)
    _families[:] = [FAMILY]
    add_fallback = getattr(QFontDatabase, "addApplicationFallbackFontFamily", None)  # Qt >= 6.8
    if add_fallback is not None:
        # Han fallback: whatever a family lacks comes from ours, not a system guess.
        add_fallback(QFontDatabase.WritingSystem.SimplifiedChinese, FAMILY)
    return FAMILY


def register_bundle_fonts(files: BundleFiles, names: tuple[str, ...]) -> list[str]:
    """A bundle's own fonts, tried before the shipped one."""
    families: list[str] = []
    for name in names:
        try:
            data = files.read(name)
        except Exception:  # reported by validation; never stop the show for a font
            log.warning("bundle font %s could not be read", name)
            continue
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
        if font_id < 0:
            log.warning("bundle font %s is not a usable font", name)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    _families[:] = [*families, FAMILY]
    return families


def reset_bundle_fonts() -> None:
    """Back to the shipped font alone (a new bundle, or between tests)."""
    _families[:] = [FAMILY]


def font(pixel_size: float, *, bold: bool = False) -> QFont:
    """A font of the kiosk's families at ``pixel_size`` logical pixels."""
    result = QFont()
    result.setFamilies(list(_families) or [FAMILY])
    result.setPixelSize(max(1, round(pixel_size)))
    result.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    result.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return result
