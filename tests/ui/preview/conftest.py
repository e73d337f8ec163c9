"""A preview window on a writable copy of the default deck."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.core.bundle import load_bundle

SAVE_SHOWN_MS = 5000  # generous for a busy test machine; the benchmark measures the real figure


def edit(bundle_dir: Path, old: str, new: str) -> None:
    """Save ``bundle.yaml`` with ``old`` replaced, as an editor would."""
    manifest = bundle_dir / "bundle.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def make_preview(qtbot):
    from kiosk.ui.preview.window import PreviewWindow

    def make(path: Path) -> PreviewWindow:
        window = PreviewWindow(path, load_bundle(path), clock=time.monotonic)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def preview(make_preview, bundle_copy):
    return make_preview(bundle_copy)
