"""Save to screen in ``union-kiosk preview``: from writing bundle.yaml to the new picture shown.

Run alone (``.venv/bin/python bench/preview.py``) or as ``bench/run.py --only preview``.
A writable copy of the default deck is opened in the preview window; each
round saves one card's label (alternately changed and changed back) and
waits for the window's ``shown`` signal with the edited card drawn.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROUNDS = 15
TARGET_S = 0.5
EDITS = (  # card, text before, text after
    ("social-workers", "label: 选聘社会化工会工作者", "label: 选聘的社会化工会工作者"),
    ("members", "label: 工会会员\n", "label: 工会会员人数\n"),
)


def save_to_screen_times(rounds: int = ROUNDS) -> list[float]:
    """Seconds from each save to the preview showing the edited card."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.core.bundle import load_bundle
    from kiosk.resources import default_bundle
    from kiosk.ui import fonts
    from kiosk.ui.preview.window import PreviewWindow

    _app = QApplication.instance() or QApplication([])  # kept: the window needs it alive
    fonts.register_shipped_fonts()
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "deck"
        shutil.copytree(default_bundle(), deck)
        manifest = deck / "bundle.yaml"
        window = PreviewWindow(deck, load_bundle(deck), clock=time.monotonic)
        window.resize(1400, 860)
        window.show()
        shown: list[float] = []
        window.shown.connect(lambda: shown.append(time.monotonic()))
        for number in range(rounds):
            card, old, new = EDITS[number % len(EDITS)]
            if number // len(EDITS) % 2:
                old, new = new, old
            text = manifest.read_text(encoding="utf-8")
            shown.clear()
            loop = QEventLoop()
            window.shown.connect(loop.quit)
            QTimer.singleShot(5000, loop.quit)
            saved = time.monotonic()
            manifest.write_text(text.replace(old, new, 1), encoding="utf-8")
            loop.exec()
            window.shown.disconnect(loop.quit)
            if not shown or window.card_id != card:
                raise RuntimeError(f"save {number + 1} was never shown, or not its card {card}")
            times.append(shown[0] - saved)
            settle = QEventLoop()  # let the watcher's follow-up read finish before the next save
            QTimer.singleShot(300, settle.quit)
            settle.exec()
        window.close()
    return times


def main() -> int:
    times = save_to_screen_times()
    median = statistics.median(times)
    print(
        f"save to screen, default deck, median of {len(times)}: {median * 1000:.0f} ms (target <= {TARGET_S * 1000:.0f} ms)"
    )
    print(f"  min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
