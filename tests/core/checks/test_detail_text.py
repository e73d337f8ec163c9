"""Detail text: what a detail page holds at a readable size on a small screen."""

from __future__ import annotations

from kiosk.core.problems import Severity
from tests.bundles import check, codes, line_of, minimal_manifest, only

WARNING = Severity.WARNING


def test_detail_text_too_long_for_a_small_screen_is_a_warning_saying_how_short(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["detail"] = {"text": "职工服务" * 400}
    bundle = make_bundle(manifest)
    inspection = check(bundle)
    assert inspection.ok  # it still shows, set small
    problem = only(inspection, "detail-too-long", WARNING)
    assert "1366×768" in problem.message
    assert "1200 字以内" in problem.hint
    assert (problem.card, problem.field, problem.line) == ("stations", "detail.text", line_of(bundle, "text: 职工服务"))


def test_detail_text_beside_a_chart_has_less_room(make_bundle):
    manifest = minimal_manifest()
    chart = {"type": "bar", "categories": ["驿站"], "series": [{"name": "数量", "values": ["近1000个"]}]}
    manifest["cards"][1]["detail"] = {"text": "职工服务" * 100, "chart": chart}
    inspection = check(make_bundle(manifest))
    assert "360 字以内" in only(inspection, "detail-too-long", WARNING).hint
    manifest["cards"][1]["detail"]["text"] = "职工服务" * 40
    assert "detail-too-long" not in codes(check(make_bundle(manifest)))
