"""Image-approval checks: compare a rendering with an approved PNG.

On a mismatch the result, the expected image and a difference image are
saved side by side under ``tests/approved/failures/``.  To approve new
images, run ``make approve`` (``KIOSK_APPROVE=1``) and look at them first.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

APPROVED = Path(__file__).resolve().parents[1] / "approved"
FAILURES = APPROVED / "failures"

CHANNEL_TOLERANCE = 48  # a pixel differs when a channel moves more than this
MAX_DIFFERING_SHARE = 0.004  # antialiasing may move a few edge pixels
MAX_MEAN_DIFFERENCE = 1.5


def to_array(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def from_array(array: np.ndarray) -> QImage:
    height, width, _ = array.shape
    data = np.ascontiguousarray(array, dtype=np.uint8)
    return QImage(data.data, width, height, width * 3, QImage.Format.Format_RGB888).copy()


def assert_matches_approved(image: QImage, name: str) -> None:
    approved = APPROVED / f"{name}.png"
    if os.environ.get("KIOSK_APPROVE") == "1":
        APPROVED.mkdir(parents=True, exist_ok=True)
        assert image.save(str(approved), "PNG")
        return
    assert approved.exists(), f"no approved image {approved}: render it with `make approve` and look at it"
    expected = to_array(QImage(str(approved)))
    result = to_array(image)
    assert expected.shape == result.shape, f"{name}: size {result.shape} != approved {expected.shape}"
    diff = np.abs(expected.astype(np.int16) - result.astype(np.int16)).max(axis=2)
    differing = float((diff > CHANNEL_TOLERANCE).mean())
    mean = float(diff.mean())
    if differing > MAX_DIFFERING_SHARE or mean > MAX_MEAN_DIFFERENCE:
        FAILURES.mkdir(parents=True, exist_ok=True)
        image.save(str(FAILURES / f"{name}.result.png"))
        QImage(str(approved)).save(str(FAILURES / f"{name}.expected.png"))
        highlight = np.zeros_like(result)
        highlight[..., 0] = np.clip(diff * 4, 0, 255)
        highlight[..., 1] = result.mean(axis=2) // 3
        highlight[..., 2] = result.mean(axis=2) // 3
        side = np.concatenate([result, expected, highlight], axis=1)
        from_array(side).save(str(FAILURES / f"{name}.diff.png"))
        raise AssertionError(
            f"{name}: {differing:.2%} of pixels differ (mean {mean:.2f}); "
            f"see {FAILURES}/{name}.diff.png (result | expected | difference)"
        )
