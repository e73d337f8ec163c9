"""The charts package is the kiosk's one way into pyqtgraph."""

from __future__ import annotations

import re
from pathlib import Path


def test_only_the_charts_package_imports_pyqtgraph():
    root = Path(__file__).resolve().parents[3] / "kiosk"
    importers = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if re.search(r"^\s*(import|from)\s+pyqtgraph", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert importers
    assert [path for path in importers if not path.startswith("ui/charts/")] == []


def test_the_package_exports_what_the_pages_use():
    import kiosk.ui.charts as charts

    assert set(charts.__all__) == {"ChartView", "render_chart_image", "series_colours", "contrast"}
    for name in charts.__all__:
        assert getattr(charts, name) is not None
