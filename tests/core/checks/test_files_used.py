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
