"""Figures in the manifest, as text or as parts: read as the article writes them, or refused saying why."""

from __future__ import annotations

import pytest

from kiosk.core.problems import Severity
from tests.bundles import check, dump, line_of, minimal_manifest, only

WARNING = Severity.WARNING


def test_unparsable_figure_text_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["headline"] = "很多个"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "schema")
    assert "“很多个”读不出一个数字" in problem.message
    assert (problem.card, problem.field, problem.line) == ("stations", "headline", line_of(bundle, "headline: 很多个"))


def test_figure_mapping_with_a_bad_value_names_the_subfield(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["headline"] = {"value": "一千左右", "unit": "个"}
    problem = only(check(make_bundle(manifest)), "schema")
    assert (problem.card, problem.field) == ("stations", "headline.value")


def headline(figure) -> dict:
    manifest = minimal_manifest()
    manifest["cards"][1]["headline"] = figure
    return manifest


def flow_headline(inside: str) -> str:
    """The minimal manifest with the headline of stations written as ``{inside}``."""
    return dump(minimal_manifest()).replace("headline: 近1000个", f"headline: {{{inside}}}")


def test_count_up_typo_is_an_error(make_bundle):
    bundle = make_bundle(headline({"text": "近1000个", "count_up": "flase"}))
    problem = only(check(bundle), "schema")
    assert "“flase”应当是 true 或 false" in problem.message
    assert problem.message_en
    assert (problem.card, problem.field, problem.line) == ("stations", "headline.count_up", line_of(bundle, "flase"))


@pytest.mark.parametrize(
    ("written", "animate"),
    [("false", False), ("False", False), ("no", False), ("off", False), ("true", True), ("yes", True), ("on", True)],
)
def test_count_up_takes_the_words_of_a_flag(make_bundle, written, animate):
    bundle = make_bundle(flow_headline(f"text: 近1000个, count_up: {written}"))
    inspection = check(bundle)
    assert inspection.problems.items == []
    assert inspection.manifest.cards[1].headline.animate is animate


def test_figure_parts_beside_text_are_ignored_with_a_warning(make_bundle):
    bundle = make_bundle(headline({"text": "近1000个", "value": "2000", "unit": "家"}))
    inspection = check(bundle)
    assert inspection.ok
    found = [p for p in inspection.problems.warnings if p.code == "schema"]
    assert [p.field for p in found] == ["headline.value", "headline.unit"]
    assert "写了 text 时，“value”会被忽略" in found[0].message
    assert found[0].message_en == "value is ignored when text is given"
    assert found[0].line == line_of(bundle, "value: '2000'")
    assert inspection.manifest.cards[1].headline.text() == "近1000个"


def test_figure_part_left_empty_is_ignored_with_a_warning(make_bundle):
    inspection = check(make_bundle(flow_headline("text: 近1000个, count_up: ")))
    assert inspection.ok
    assert only(inspection, "schema", WARNING).field == "headline.count_up"
    assert inspection.manifest.cards[1].headline.animate


def test_unknown_qualifier_position_is_explained_in_both_languages(make_bundle):
    figure = {"value": "1000", "unit": "个", "qualifier": "近", "qualifier_position": "before_numbr"}
    problem = only(check(make_bundle(headline(figure))), "schema")
    assert "“before_numbr”不是可用的位置" in problem.message
    assert "before_numbr" in problem.message_en and "before_number" in problem.message_en
    assert "是不是想写“before_number”" in problem.hint
    assert problem.field == "headline.qualifier_position"


@pytest.mark.parametrize(
    ("written", "suggestion"), [("3千人", "3000人"), ("近1.5千名", "近1500名"), ("2百多家", "200多家")]
)
def test_thousand_after_arabic_digits_is_refused_with_the_number_written_out(make_bundle, written, suggestion):
    bundle = make_bundle(headline(written))
    problem = only(check(bundle), "schema")
    assert f"“{written}”里的" in problem.message
    assert problem.hint == f"请写成 {suggestion}。"
    assert suggestion in problem.message_en
    assert (problem.card, problem.field, problem.line) == (
        "stations",
        "headline",
        line_of(bundle, f"headline: {written}"),
    )


def test_thousand_as_the_unit_of_a_figure_mapping_is_refused(make_bundle):
    problem = only(check(make_bundle(headline({"value": "3", "unit": "千人"}))), "schema")
    assert problem.field == "headline.unit"
    assert problem.hint == "请写成 3000人。"


def test_full_width_digits_in_a_figure_are_refused(make_bundle):
    bundle = make_bundle(headline("近１０００个"))
    problem = only(check(bundle), "schema")
    assert "请用半角数字 0-9" in problem.message
    assert "“近1000个”" in problem.hint
    assert problem.message_en and problem.field == "headline"


def test_full_width_digits_in_a_figure_mapping_value_are_refused(make_bundle):
    problem = only(check(make_bundle(headline({"value": "１０００", "unit": "个"}))), "schema")
    assert "请用半角数字 0-9" in problem.message
    assert problem.field == "headline.value"


@pytest.mark.parametrize("bare", ["9", "2021", "15.1万"])
def test_a_figure_without_a_measure_word_or_unit_is_refused(make_bundle, bare):
    manifest = minimal_manifest()
    manifest["cards"][0]["figures"] = [{"figure": bare, "label": "工会会员"}]
    problem = only(check(make_bundle(manifest)), "figure-no-unit")
    assert "没有量词或单位" in problem.message
    assert "个" in problem.hint


@pytest.mark.parametrize("hidden", ["\u202e", "\x1b[2J", "\u200b"])
def test_a_figure_with_a_hidden_character_is_refused(make_bundle, hidden):
    manifest = minimal_manifest()
    manifest["cards"][0]["headline"] = f"15.1万{hidden}个"
    inspection = check(make_bundle(manifest))
    assert not inspection.ok
    assert {p.code for p in inspection.problems.errors} == {"unsafe-character"}
