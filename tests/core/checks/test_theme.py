"""Theme: text colours that stand out from their backgrounds."""

from __future__ import annotations

from tests.bundles import check, line_of, minimal_manifest


def test_theme_with_low_contrast_is_a_warning(make_bundle):
    manifest = minimal_manifest()
    manifest["display"] = {"theme": {"text": "#9A2A2A"}}
    bundle = make_bundle(manifest)
    inspection = check(bundle)
    assert inspection.ok
    found = [p for p in inspection.problems.warnings if p.code == "contrast"]
    assert {p.field for p in found} == {"display.theme.text"}
    assert all(p.line == line_of(bundle, "text: '#9A2A2A'") for p in found)
    assert "对比度只有" in found[0].message
