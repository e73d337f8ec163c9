"""Ids: duplicates, unknown sections and related cards, and no second report for an item already refused."""

from __future__ import annotations

from tests.bundles import check, codes, line_of, minimal_manifest, only


def test_duplicate_card_id_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["id"] = "unions"
    manifest["cards"][0]["related"] = []
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "duplicate-id")
    assert "卡片编号“unions”重复" in problem.message
    assert f"第 {line_of(bundle, '- id: unions')} 行" in problem.message
    assert (problem.card, problem.field, problem.line) == ("unions", "id", line_of(bundle, "- id: unions", 2))


def test_unknown_section_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["section"] = "nowhere"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "unknown-section")
    assert "nowhere" in problem.message and "org" in problem.hint
    assert (problem.card, problem.field, problem.line) == ("stations", "section", line_of(bundle, "section: nowhere"))


def test_unknown_related_card_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["related"] = ["stations", "ghost"]
    problem = only(check(make_bundle(manifest)), "unknown-card")
    assert "ghost" in problem.message
    assert (problem.card, problem.field) == ("unions", "related")


def test_unreadable_card_is_not_reported_again_by_the_cards_that_point_to_it(make_bundle):
    manifest = minimal_manifest()
    del manifest["cards"][1]["label"]  # unions lists stations as related
    inspection = check(make_bundle(manifest))
    assert codes(inspection) == {"schema"}


def test_unreadable_section_is_not_reported_again_by_its_cards(make_bundle):
    manifest = minimal_manifest()
    manifest["sections"][0]["title"] = "长" * 31
    problem = only(check(make_bundle(manifest)), "schema")
    assert "文字太长" in problem.message
    assert problem.field == "sections[0].title"


def test_unreadable_source_is_not_reported_again_by_its_cards(make_bundle):
    manifest = minimal_manifest()
    manifest["sources"][0]["title"] = ["测试文章"]
    problem = only(check(make_bundle(manifest)), "schema")
    assert problem.field == "sources[0].title"


def test_a_section_whose_only_card_was_refused_is_not_called_empty(make_bundle):
    manifest = minimal_manifest()
    manifest["sections"].append({"id": "services", "title": "服务职工"})
    manifest["cards"][1]["section"] = "services"
    manifest["cards"][1]["headline"] = "很多"
    inspection = check(make_bundle(manifest))
    assert "empty-section" not in codes(inspection)
    assert only(inspection, "schema").card == "stations"


def test_an_unknown_related_card_points_at_its_list_item(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["related"] = ["stations", "nowhere"]
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "unknown-card")
    assert (problem.field, problem.line) == ("related", line_of(bundle, "- nowhere"))
