"""Charts: their data matches their kind, and every value can be drawn."""

from __future__ import annotations

from kiosk.core.model import ChartType
from kiosk.core.problems import Severity
from tests.bundles import SOURCE_TEXT, check, line_of, minimal_manifest, only

WARNING = Severity.WARNING


def with_chart(chart: dict, card: int = 0) -> dict:
    manifest = minimal_manifest()
    manifest["cards"][card]["detail"] = {"chart": chart}
    return manifest


GOOD_SERIES = [{"name": "组织", "values": ["15.1万个", "1927万人"]}]


def test_chart_is_read(make_bundle):
    bundle = make_bundle(with_chart({"type": "bar", "categories": ["基层工会", "会员"], "series": GOOD_SERIES}))
    inspection = check(bundle)
    assert [p.code for p in inspection.problems.items] == ["chart-units"]  # 个 and 人: see below
    chart = inspection.manifest.cards[0].detail.chart
    assert chart.type is ChartType.BAR
    assert [f.text() for f in chart.series[0].values] == ["15.1万个", "1927万人"]


def test_chart_series_length_must_match_categories(make_bundle):
    bundle = make_bundle(with_chart({"type": "bar", "categories": ["基层工会"], "series": GOOD_SERIES}))
    problem = only(check(bundle), "chart")
    assert "有 2 个数字，但类别有 1 个" in problem.message
    assert (problem.card, problem.field, problem.line) == ("unions", "detail.chart", line_of(bundle, "series:"))


def test_pie_with_two_series_is_refused(make_bundle):
    chart = {"type": "pie", "categories": ["基层工会", "会员"], "series": GOOD_SERIES * 2}
    problem = only(check(make_bundle(with_chart(chart))), "chart")
    assert "饼图只能有一个系列" in problem.message
    assert (problem.card, problem.field) == ("unions", "detail.chart")


def test_pie_of_mixed_units_is_a_warning(make_bundle):
    chart = {"type": "pie", "categories": ["基层工会", "会员"], "series": GOOD_SERIES}
    inspection = check(make_bundle(with_chart(chart)))
    assert inspection.ok
    assert only(inspection, "chart-units", WARNING).card == "unions"


def test_bar_chart_of_one_unit_has_no_unit_warning(make_bundle):
    series = [{"name": "人数", "values": ["1927万人", "1927万人"]}]
    inspection = check(make_bundle(with_chart({"type": "bar", "categories": ["会员", "再列"], "series": series})))
    assert inspection.problems.items == []


def test_value_axis_of_mixed_units_is_a_warning_naming_the_units(make_bundle):
    for kind in ("bar", "hbar", "line", "stacked_bar"):
        chart = {"type": kind, "categories": ["基层工会", "会员"], "series": GOOD_SERIES}
        inspection = check(make_bundle(with_chart(chart)))
        assert inspection.ok  # drawn as a comparison, never on one axis
        problem = only(inspection, "chart-units", WARNING)
        assert "“个”、“人”" in problem.message
        assert "type: comparison" in problem.hint
        assert (problem.card, problem.field) == ("unions", "detail.chart.type")


def test_comparison_of_mixed_units_has_no_unit_warning(make_bundle):
    chart = {"type": "comparison", "categories": ["基层工会", "会员"], "series": GOOD_SERIES}
    assert check(make_bundle(with_chart(chart))).problems.items == []


def test_chart_of_chinese_numerals_is_refused(make_bundle):
    manifest = with_chart({"type": "bar", "categories": ["一"], "series": [{"name": "出", "values": ["六出"]}]})
    inspection = check(make_bundle(manifest, source=SOURCE_TEXT + "六出\n"))
    assert "画不出来" in only(inspection, "chart").message


def test_chart_without_data_is_refused(make_bundle):
    assert "没有数据" in only(check(make_bundle(with_chart({"type": "bar"}))), "chart").message


def test_chart_value_of_400_digits_is_refused_before_it_reaches_an_axis(make_bundle):
    chart = {"type": "bar", "categories": ["甲"], "series": [{"name": "数量", "values": ["9" * 400 + "个"]}]}
    inspection = check(make_bundle(with_chart(chart)))
    assert "400 位数字" in only(inspection, "chart-value").message


# ---------------------------------------------------------------- part_of_whole (其中)

WOMEN = "全市女职工196.78万人，其中工会会员189.29万人，农民工50万人，劳模9000人，另有1.2亿人次参加活动。"


def part_of_whole(categories: list[str], values: list[str], **more) -> tuple[dict, str]:
    """A manifest whose first card quotes WOMEN and draws ``values`` as a whole and its parts."""
    manifest = with_chart(
        {"type": "part_of_whole", "categories": categories, "series": [{"name": "女职工", "values": values}], **more}
    )
    manifest["cards"][0]["source"]["quote"] = [manifest["cards"][0]["source"]["quote"], WOMEN]
    return manifest, SOURCE_TEXT + "\n" + WOMEN + "\n"


def test_part_of_whole_is_read_whole_first(make_bundle):
    manifest, source = part_of_whole(["女职工", "工会会员"], ["196.78万人", "189.29万人"])
    inspection = check(make_bundle(manifest, source=source))
    assert inspection.problems.items == []
    chart = inspection.manifest.cards[0].detail.chart
    assert chart.type is ChartType.PART_OF_WHOLE
    assert [f.text() for f in chart.series[0].values] == ["196.78万人", "189.29万人"]


def test_part_of_whole_parts_may_add_up_to_more_than_the_whole(make_bundle):
    """Parts may overlap (a member may be a migrant worker): the chart never adds them."""
    manifest, source = part_of_whole(["女职工", "工会会员", "农民工"], ["196.78万人", "189.29万人", "50万人"])
    assert check(make_bundle(manifest, source=source)).problems.items == []


def test_part_of_whole_without_a_part_is_refused(make_bundle):
    manifest, source = part_of_whole(["女职工"], ["196.78万人"])
    assert "至少一个部分" in only(check(make_bundle(manifest, source=source)), "chart").message


def test_part_of_whole_with_a_part_larger_than_the_whole_is_refused(make_bundle):
    manifest, source = part_of_whole(["工会会员", "女职工"], ["189.29万人", "196.78万人"])
    problem = only(check(make_bundle(manifest, source=source)), "chart")
    assert "部分“196.78万人”比整体“189.29万人”还大" in problem.message
    assert "顺序" in problem.hint
    assert (problem.card, problem.field) == ("unions", "detail.chart")


def test_part_of_whole_compares_sizes_not_digits(make_bundle):
    """9000人 is smaller than 196.78万人 though its number is larger: 万 and 亿 count."""
    manifest, source = part_of_whole(["女职工", "劳模"], ["196.78万人", "9000人"])
    assert check(make_bundle(manifest, source=source)).problems.items == []
    manifest, source = part_of_whole(["劳模", "女职工"], ["9000人", "196.78万人"])
    assert "比整体“9000人”还大" in only(check(make_bundle(manifest, source=source)), "chart").message


def test_part_of_whole_parts_must_share_the_wholes_unit(make_bundle):
    manifest, source = part_of_whole(["女职工", "活动"], ["196.78万人", "1.2亿人次"])
    problem = only(check(make_bundle(manifest, source=source)), "chart")
    assert "单位不同" in problem.message


def test_part_of_whole_takes_one_series(make_bundle):
    manifest, source = part_of_whole(["女职工", "工会会员"], ["196.78万人", "189.29万人"])
    manifest["cards"][0]["detail"]["chart"]["series"].append({"name": "又一个", "values": ["196.78万人", "189.29万人"]})
    assert "只能有一个系列" in only(check(make_bundle(manifest, source=source)), "chart").message


def test_part_of_whole_of_more_than_four_parts_is_refused(make_bundle):
    manifest, source = part_of_whole(list("甲乙丙丁戊己"), ["196.78万人"] + ["50万人"] * 5)
    problem = only(check(make_bundle(manifest, source=source)), "chart-limit")
    assert "部分与整体图最多 5 个类别，这张有 6 个" in problem.message
    assert "至多 4 个部分" in problem.hint


def test_part_of_whole_values_are_checked_against_the_quote(make_bundle):
    """A figure the quote lacks is refused, as on every chart."""
    manifest, source = part_of_whole(["女职工", "工会会员"], ["196.78万人", "180万人"])
    inspection = check(make_bundle(manifest, source=source))
    assert not inspection.ok
    assert any("180万人" in p.message for p in inspection.problems.errors)
