"""Theme: text colours that stand out from every background they are set on."""

from __future__ import annotations

from kiosk.core import model
from kiosk.core.colours import contrast_ratio
from kiosk.core.problems import ProblemList

MIN_CONTRAST = 4.5


def check_theme(theme: model.Theme, problems: ProblemList) -> None:
    """A warning for each text colour that reads too faintly on a background of the theme."""
    for name in ("text", "muted", "gold"):
        for ground in ("background", "background_deep", "surface"):
            ratio = contrast_ratio(getattr(theme, name), getattr(theme, ground))
            if ratio < MIN_CONTRAST:
                problems.warning(
                    "contrast",
                    f"配色 {name} 与 {ground} 的对比度只有 {ratio:.1f}:1，远处看不清。",
                    hint=f"请把两者的明暗拉开，对比度至少 {MIN_CONTRAST}:1。",
                    en=f"theme {name} on {ground} has contrast {ratio:.1f}:1 (< {MIN_CONTRAST})",
                    line=theme.line or None,
                    field=f"display.theme.{name}",
                )
