"""Python's cyclic garbage collector, paused while a great many objects are made and none is garbage.

Reading a manifest, or starting the kiosk (importing Qt and the kiosk's modules),
makes objects by the hundred thousand and no cycles worth collecting; the
collector's passes over them took a third of the time to load a 2,000-card
bundle (and most of its variance), and some 5 % of a ``--screenshot``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collection inside; it runs again, as before, at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def resume_collector() -> None:
    """Collect again from now on, inside a pause too (the window's start-up is over: hot reloads for months)."""
    gc.enable()
