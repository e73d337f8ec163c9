"""Warming up the detail page after the first frame, so that even the first tap opens it at once.

The chart library is loaded and a chart of each kind drawn offscreen, one
step per turn of the event loop: the library, then the page, then one chart
at a time, each the smallest of its kind, so the loop (and the watchdog's
ping) never waits long.  A visitor who is quicker stops it: the page is in
use, and warm already.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from kiosk.core.model import ChartType, Manifest
from kiosk.ui.detail import DetailPage

log = logging.getLogger(__name__)

WARM_UP_DELAY_MS = 300  # after the first frame is on screen
WARM_UP_STEP_MS = 20  # between warm-up steps: input and paints get their turn in between
WARM_UP_CHARTS = 8  # at most this many charts drawn ahead, one per kind of chart
# A chart drawn ahead only brings its kind's code in; a larger one would hold
# the loop for nothing, so a kind whose charts are all larger is left to its first tap.
WARM_UP_MAX_VALUES = 24


def warm_up_cards(manifest: Manifest) -> list[str]:
    """Ids of the cards whose charts the warm-up draws: the smallest chart of each kind, if small."""
    smallest: dict[ChartType, tuple[int, str]] = {}
    for card in manifest.play_order():
        chart = card.detail.chart if card.detail else None
        if chart is None:
            continue
        size = len(chart.categories) * max(1, len(chart.series))
        if size > WARM_UP_MAX_VALUES:
            continue
        if chart.type not in smallest or size < smallest[chart.type][0]:
            smallest[chart.type] = (size, card.id)
    return [card_id for _size, card_id in smallest.values()][:WARM_UP_CHARTS]


class DetailWarmUp(QObject):
    """Steps through the warm-up on its own timer; ``window`` gives the size and owns the timer.

    ``page`` makes (or returns) the detail page, ``manifest`` is the content on
    screen now, ``idle`` says whether the attract loop runs with nobody at the screen.
    """

    def __init__(
        self,
        window: QWidget,
        *,
        page: Callable[[], DetailPage],
        manifest: Callable[[], Manifest],
        idle: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._page = page
        self._manifest = manifest
        self._idle = idle
        self.done = False
        self._steps: Iterator[str] | None = None
        self._started: float | None = None
        self.timer = QTimer(window)  # owned by the window, so it dies with it (a bare singleShot would not)
        self.timer.setObjectName("warm_up_timer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(WARM_UP_DELAY_MS)
        self.timer.timeout.connect(self.step)

    def step(self) -> None:
        """One step of the warm-up (the timer calls this again until it is done)."""
        if self.done:
            return
        if not self._idle():
            self.finish()
            return
        if self._steps is None:
            self._started = time.perf_counter()
            self._steps = self._run()
        step = next(self._steps, None)
        if step is None:
            self.finish()
            return
        log.debug("warm-up: %s", step)
        self.timer.start(WARM_UP_STEP_MS)

    def finish(self) -> None:
        self.done = True
        self._steps = None
        self.timer.stop()
        if self._started is not None:
            log.info("detail page warmed up in %.0f ms", (time.perf_counter() - self._started) * 1000)

    def _run(self) -> Iterator[str]:
        import kiosk.ui.charts  # noqa: F401 - pyqtgraph: the one step that cannot be cut smaller

        yield "chart library"
        page = self._page()
        page.resize(self._window.size())
        page.ensure_chart_view()
        yield "detail page"
        for card_id in warm_up_cards(self._manifest()):
            manifest = self._manifest()  # content may have changed between steps
            card = manifest.card(card_id)
            if card is None or not self._idle():
                continue
            page.show_card(card, manifest, animate=False)
            page.settle()
            page.render(QImage(page.size(), QImage.Format.Format_RGB32))
            yield card_id
