"""The screen sizes a kiosk may have, to see each layout before it goes up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScreenSize:
    width: int
    height: int
    name: str  # what the switch says

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    def text(self) -> str:
        return f"{self.width}×{self.height}"


SCREEN_SIZES = (
    ScreenSize(1920, 1080, "全高清"),
    ScreenSize(3840, 2160, "4K"),
    ScreenSize(1080, 1920, "竖屏"),
    ScreenSize(1366, 768, "笔记本"),
    ScreenSize(1280, 800, "平板"),
)
DEFAULT_SIZE = SCREEN_SIZES[0]
