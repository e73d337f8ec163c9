"""Pools hand out the same items again for the next chart and hide the ones not needed."""

from __future__ import annotations

from kiosk.ui.charts.pools import Pool


class Item:
    def __init__(self) -> None:
        self.visible = False


def show(item: Item, visible: bool) -> None:
    item.visible = visible


def test_items_are_made_once_and_reused():
    made: list[Item] = []
    pool = Pool(lambda: made.append(Item()) or made[-1], show)
    pool.begin()
    first = [pool.take() for _ in range(3)]
    pool.end()
    pool.begin()
    second = [pool.take() for _ in range(2)]
    pool.end()
    assert len(made) == 3
    assert second == first[:2]
    assert pool.active() == first[:2]
    assert [item.visible for item in made] == [True, True, False]  # the one not taken is hidden
