"""Item pools: graphics items made once and reused for every chart.

pyqtgraph leaks when items are added to a scene and removed again and again,
so a page takes what it needs from its pools for each chart and hides the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QGraphicsItem

T = TypeVar("T")


class Pool(Generic[T]):
    """Items created on demand, reused for every chart, hidden when unused.

    Between :meth:`begin` and :meth:`end` each :meth:`take` hands out the next
    item, shown; :meth:`end` hides the ones not taken.
    """

    def __init__(self, factory: Callable[[], T], show: Callable[[T, bool], None]) -> None:
        self._factory = factory
        self._show = show
        self.items: list[T] = []
        self.used = 0

    def begin(self) -> None:
        self.used = 0

    def take(self) -> T:
        if self.used < len(self.items):
            item = self.items[self.used]
        else:
            item = self._factory()
            self.items.append(item)
        self.used += 1
        self._show(item, True)
        return item

    def end(self) -> None:
        for item in self.items[self.used :]:
            self._show(item, False)

    def active(self) -> list[T]:
        """The items taken since the last :meth:`begin`, in order."""
        return self.items[: self.used]


def set_visible(item: QGraphicsItem, visible: bool) -> None:
    item.setVisible(visible)  # TextItem overrides setVisible in Python; hide() would bypass it
