"""Files used: a file nothing names is a warning."""

from __future__ import annotations

from kiosk.core.problems import Severity
from tests.bundles import check, minimal_manifest, only, png

WARNING = Severity.WARNING


def with_image(name: str = "images/card.png") -> dict:
    manifest = minimal_manifest()
    manifest["cards"][1]["image"] = name
    return manifest


def test_image_written_with_dot_slash_is_not_reported_unused(make_bundle):
    bundle = make_bundle(with_image("./images/card.png"), files={"images/card.png": png(2, 2)})
    assert check(bundle).problems.items == []


def test_unused_file_is_a_warning(make_bundle):
    bundle = make_bundle(files={"extra/old.txt": "旧文件", "README.md": "说明", ".hidden": "x"})
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "unused-file", WARNING)
    assert problem.file == "extra/old.txt"


def test_a_refused_cards_picture_and_chart_file_are_not_also_unused(make_bundle):
    """The card's error is the thing to fix: its files are not reported a second time as unused."""
    manifest = with_image("images/card.png")
    card = manifest["cards"][1]
    card["headline"] = "很多"  # no number: the schema refuses the card
    card["detail"] = {"chart": {"type": "bar", "csv": "data/chart.csv"}}
    files = {"images/card.png": png(2, 2), "data/chart.csv": "类别,数量\n甲,1个\n"}
    inspection = check(make_bundle(manifest, files=files))
    assert not inspection.ok
    codes = [p.code for p in inspection.problems.items]
    assert "unused-file" not in codes, codes
