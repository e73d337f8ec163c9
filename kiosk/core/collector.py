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
def collector_paused(*, resume: bool = True) -> Iterator[None]:
    """No collection inside; it runs again, as before, at the end (unless not to ``resume``: the process is ending)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled and resume:
            gc.enable()


def resume_collector() -> None:
    """Collect again from now on, inside a pause too (the window's start-up is over: hot reloads for months)."""
    gc.enable()


def spare_the_last_collection() -> None:
    """Just before the interpreter exits: its last full collection skips every object alive now.

    At exit Python walks every object it tracks to look for cycles, although
    the memory goes back to the OS a moment later anyway: some 20 ms of a
    ``--screenshot``'s 250, and a third of the time its exit takes.  Frozen,
    the objects are left out of that walk; the exit still runs everything it
    runs (``atexit`` functions, flushing the log, closing files, Qt's
    application) and frees what reference counts free.  Only cycles still alive
    at exit stay uncollected, and Python does not promise to finalize those.
    """
    gc.freeze()
