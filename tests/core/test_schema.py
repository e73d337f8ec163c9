"""The schema engine: required and unknown keys, types, ranges, choices, colours and empty values."""

from __future__ import annotations

import pytest

from kiosk.core.problems import Severity
from tests.bundles import check, dump, line_of, minimal_manifest, only

WARNING = Severity.WARNING


def test_missing_required_field_names_card_field_and_line(make_bundle):
    manifest = minimal_manifest()
    del manifest["cards"][1]["label"]
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "schema")
    assert "缺少“label”" in problem.message
    assert (problem.card, problem.field) == ("stations", "label")
    assert problem.line == line_of(bundle, "- id: stations")
    assert f"bundle.yaml:{problem.line}" in problem.describe()
    assert "卡片 stations" in problem.describe() and "字段 label" in problem.describe()


def test_missing_top_level_field_is_reported(make_bundle):
    manifest = minimal_manifest()
    del manifest["organisation"]
    problem = only(check(make_bundle(manifest)), "schema")
    assert problem.field == "organisation" and problem.card is None
    assert problem.line == 1


def test_wrong_type_names_the_field(make_bundle):
    manifest = minimal_manifest()
    manifest["display"] = {"card_duration": "十秒"}
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "schema")
    assert "不是数字" in problem.message
    assert problem.field == "display.card_duration"
    assert problem.line == line_of(bundle, "card_duration")


def test_list_where_text_belongs_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["label"] = ["一", "二"]
    problem = only(check(make_bundle(manifest)), "schema")
    assert "应当是文字" in problem.message
    assert (problem.card, problem.field) == ("unions", "label")


def test_value_out_of_range_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["duration"] = 0.5
    problem = only(check(make_bundle(manifest)), "schema")
    assert "超出范围" in problem.message
    assert problem.field == "duration"


def test_unknown_key_is_a_warning_with_a_suggestion(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["explaination"] = "说明"
    bundle = make_bundle(manifest)
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "schema", WARNING)
    assert "不认识的键“explaination”" in problem.message
    assert "是不是想写“explanation”" in problem.hint
    assert (problem.card, problem.field, problem.line) == ("unions", "explaination", line_of(bundle, "explaination"))


def test_unknown_choice_suggests_the_nearest(make_bundle):
    manifest = minimal_manifest()
    manifest["display"] = {"transition": "slid"}
    problem = only(check(make_bundle(manifest)), "schema")
    assert "是不是想写“slide”" in problem.hint


def test_duplicate_key_names_both_lines(make_bundle):
    text = dump(minimal_manifest()).replace(
        "  label: 全省已建立基层工会\n", "  label: 全省已建立基层工会\n  label: 基层工会\n"
    )
    bundle = make_bundle(text)
    problem = only(check(bundle), "schema")
    first, second = line_of(bundle, "label: 全省"), line_of(bundle, "label: 基层工会")
    assert "“label”写了两次" in problem.message
    assert f"第 {first} 行" in problem.message
    assert (problem.card, problem.line) == ("unions", second)


def test_optional_key_left_empty_is_a_warning_that_it_is_ignored(make_bundle):
    text = dump(minimal_manifest()).replace(
        "  label: 全省已建立基层工会\n", "  label: 全省已建立基层工会\n  explanation:\n"
    )
    bundle = make_bundle(text)
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "schema", WARNING)
    assert "“explanation”后面是空的，它会被忽略" in problem.message
    assert problem.message_en == "explanation is empty and ignored"
    assert (problem.card, problem.field, problem.line) == ("unions", "explanation", line_of(bundle, "explanation:"))
    assert inspection.manifest.cards[0].explanation == ""


@pytest.mark.parametrize("empty", ["", " ~", " null"])
def test_optional_block_left_empty_is_a_warning_not_an_error(make_bundle, empty):
    bundle = make_bundle(dump(minimal_manifest()) + f"display:{empty}\n")
    inspection = check(bundle)
    assert inspection.ok
    assert only(inspection, "schema", WARNING).field == "display"


def test_colour_written_without_quotes_is_an_error_saying_to_quote_it(make_bundle):
    # Unquoted, everything from # on is a YAML comment: the value is empty.
    bundle = make_bundle(dump(minimal_manifest()) + "display:\n  theme:\n    background: #12355B\n")
    inspection = check(bundle)
    assert not inspection.ok
    problem = only(inspection, "schema")
    assert problem.message == '颜色要加引号，例如 background: "#12355B"（不加引号时 # 后面会被当成注释）。'
    assert "quotes" in problem.message_en
    assert (problem.field, problem.line) == ("display.theme.background", line_of(bundle, "background: #12355B"))


def test_colour_in_quotes_is_accepted(make_bundle):
    bundle = make_bundle(dump(minimal_manifest()) + 'display:\n  theme:\n    background: "#12355B"\n')
    inspection = check(bundle)
    assert inspection.ok
    assert inspection.manifest.display.theme.background == "#12355B"


def test_bad_colour_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["display"] = {"theme": {"gold": "gold"}}
    problem = only(check(make_bundle(manifest)), "schema")
    assert "#RRGGBB" in problem.hint
    assert problem.field == "display.theme.gold"


def test_a_flood_of_unknown_keys_is_capped_with_a_count(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0].update({f"extra{i}": "x" for i in range(500)})
    inspection = check(make_bundle(manifest))
    assert inspection.ok
    assert len(inspection.problems.items) <= 20
    [omitted] = inspection.problems.omitted
    assert (omitted.code, omitted.count) == ("schema", 500 - len(inspection.problems.items))


def test_unknown_key_with_an_escape_is_reported_and_its_echo_escaped(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["la\x1b[8mbel"] = "x"
    problem = only(check(make_bundle(manifest)), "schema", Severity.WARNING)
    assert "不认识的键" in problem.message
    assert "\x1b" not in problem.describe()
    assert "la\\u001b[8mbel" in problem.describe()


def test_a_bad_value_in_a_chart_series_refuses_the_card_without_follow_on_errors(make_bundle):
    manifest = minimal_manifest()
    series = [{"name": "数量", "values": ["近1000个", "很多"]}]
    manifest["cards"][1]["detail"] = {"chart": {"type": "bar", "categories": ["驿站", "书屋"], "series": series}}
    bundle = make_bundle(manifest)
    inspection = check(bundle)
    problem = only(inspection, "schema")  # not also "系列有 1 个数字，但类别有 2 个"
    assert (problem.card, problem.line) == ("stations", line_of(bundle, "很多"))
    assert [p.code for p in inspection.problems.items] == ["schema"]
    assert [c.id for c in inspection.manifest.cards] == ["unions"]  # left out of the cross-checks, whole


def test_a_list_item_without_a_space_after_its_colon_says_so(make_bundle):
    text = dump(minimal_manifest()).replace("- id: org\n  title: 组织建设", "- id:org")
    bundle = make_bundle(text)
    problem = next(p for p in check(bundle).problems.items if p.field == "sections[0]")
    assert "冒号后面少了一个空格" in problem.message and problem.hint == "请写成 id: org。"
    assert problem.line == line_of(bundle, "- id:org")
