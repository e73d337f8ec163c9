"""What the kiosk window is built from: its setup on site, the key names, and what its parts share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.core.attract import AttractLoop
from kiosk.core.bundle import Bundle
from kiosk.core.pin import PinGate
from kiosk.core.presenter import KioskPresenter
from kiosk.core.schedule import OpeningHours
from kiosk.core.stats import StatsRecorder

if TYPE_CHECKING:
    from kiosk.core.display_power import DisplayPower

    _Base = QWidget
else:
    _Base = object

WINDOWED_SIZE = (1280, 720)


def key_name(key: int) -> str | None:
    """Qt's name of a key without its prefix (``Qt.Key.Key_Right`` → ``"Right"``); ``None`` for an unknown key."""
    try:
        return Qt.Key(key).name.removeprefix("Key_")
    except ValueError:
        return None


def to_ms(seconds: float) -> int:
    return int(seconds * 1000)


@dataclass(frozen=True)
class KioskSetup:
    """What the kiosk on site brings beside its bundle; a window without it shows the cards alone.

    ``stats`` records the cards shown and opened; ``hours`` closes the kiosk outside
    them, on a dark screen if ``closed_dark`` (else a quiet
    "closed" card); ``resume``
    returns to the card shown before a restart; ``pin_gate`` guards the staff
    panel.  ``watch_path`` is the bundle to watch when it is not the one on
    screen (the one the feed installs); ``data_dir`` holds what the feed
    received (notices, the last check); ``display_power`` switches the
    display off outside the opening hours.
    """

    stats: StatsRecorder | None = None
    hours: OpeningHours | None = None
    closed_dark: bool = True
    resume: bool = False
    pin_gate: PinGate | None = None
    watch_path: Path | None = None
    data_dir: Path | None = None
    display_power: DisplayPower | None = None


class WindowParts(_Base):
    """What the parts of :class:`~kiosk.ui.window.KioskWindow` share: the presenter and what it holds."""

    kiosk: KioskPresenter

    @property
    def loop(self) -> AttractLoop:
        return self.kiosk.loop

    @property
    def bundle(self) -> Bundle:
        """The bundle on screen (new content replaces it at a card boundary)."""
        return self.kiosk.bundle

    @property
    def is_open(self) -> bool:
        return self.kiosk.is_open
