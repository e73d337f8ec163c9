"""A loop on a daemon thread of its own: the feed follower and the reporter.

Never the GUI thread: each ``run`` waits on the network.  ``stop`` ends the
wait between rounds at once; a round under way finishes its current step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class BackgroundLoop:
    """``run()`` on a daemon thread, started and stopped from any thread."""

    thread_name = "background"

    def __init__(self, wait: Callable[[float], bool] | None = None) -> None:
        self._stopped = threading.Event()
        # Waits up to its argument in seconds; True when asked to stop.  Tests pass their own.
        self._wait = wait or self._stopped.wait
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        raise NotImplementedError

    def start(self) -> threading.Thread:
        """Run on a daemon thread (never the GUI thread); returns it."""
        if self._thread is None or not self._thread.is_alive():
            self._stopped.clear()
            self._thread = threading.Thread(target=self.run, name=self.thread_name, daemon=True)
            self._thread.start()
        return self._thread

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to end and wait up to ``timeout`` s."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout)
