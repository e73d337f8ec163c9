"""Limits: a valid bundle is cheap to show, and a hostile one cheap to refuse.

Each limit of ``kiosk/core/limits.py`` is checked at its edge: the largest
chart of its kind passes, one more is refused with a message that says what
to do; floods of problems are counted, not kept.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from kiosk.cli import EXIT_INVALID, main
from kiosk.core import limits
from kiosk.core.figures import FigureTextError, parse_figure, plot_value
from kiosk.core.problems import ProblemList, Severity
from tests.bundles import SOURCE_TEXT, check, codes, line_of, minimal_manifest, only

# The card with the chart quotes a sentence holding every figure the charts use: 1个 … 24个.
NUMBERS_QUOTE = "户外劳动者“爱心驿站”近1000个，分别有" + "、".join(f"{i}个" for i in range(1, 25)) + "。"
NUMBERS_SOURCE = SOURCE_TEXT + "\n" + NUMBERS_QUOTE + "\n"


def chart_bundle(make_bundle: Any, chart: dict[str, Any], csv: str | None = None) -> Any:
    """A bundle whose card ``stations`` has ``chart`` (and ``csv`` as data/chart.csv)."""
    return make_bundle(
        with_chart(chart), files={"data/chart.csv": csv} if csv is not None else None, source=NUMBERS_SOURCE
    )


def with_chart(chart: dict[str, Any]) -> dict[str, Any]:
    manifest = minimal_manifest()
    manifest["cards"][1]["detail"] = {"chart": chart}
    manifest["cards"][1]["source"]["quote"] = NUMBERS_QUOTE
    return manifest


def inline_chart(kind: str, categories: int, series: int, *, label: str = "类别") -> dict[str, Any]:
    return {
        "type": kind,
        "categories": [f"{label}{i}" for i in range(categories)],
        "series": [
            {"name": f"系列{s}", "values": [f"{i % 24 + 1}个" for i in range(categories)]} for s in range(series)
        ],
    }


def csv_chart(kind: str = "bar") -> dict[str, Any]:
    return {"type": kind, "csv": "data/chart.csv", "unit": "个"}


# ---------------------------------------------------------------- chart sizes


def test_a_500_by_20_bar_chart_is_refused_naming_card_and_field(make_bundle):
    inspection = check(chart_bundle(make_bundle, inline_chart("bar", 500, 20)))
    assert not inspection.ok
    fields = {p.field for p in inspection.problems.errors if p.card == "stations"}
    assert "detail.chart.categories" in fields or "detail.chart.series" in fields


@pytest.mark.parametrize(
    ("kind", "categories", "series"),
    [
        ("bar", limits.MAX_CATEGORIES, limits.MAX_CHART_VALUES // limits.MAX_CATEGORIES),
        ("line", limits.MAX_CHART_VALUES // limits.MAX_SERIES, limits.MAX_SERIES),
        ("pie", limits.MAX_PIE_SLICES, 1),
        ("comparison", limits.MAX_COMPARISON_ITEMS, 1),
        ("table", limits.MAX_TABLE_ROWS, limits.MAX_SERIES),
    ],
)
def test_the_largest_chart_of_each_kind_is_valid(make_bundle, kind, categories, series):
    inspection = check(chart_bundle(make_bundle, inline_chart(kind, categories, series)))
    assert inspection.ok, [p.describe() for p in inspection.problems.errors]


def test_one_category_more_than_a_bar_chart_shows_says_split_it_or_use_a_table(make_bundle):
    bundle = chart_bundle(make_bundle, inline_chart("bar", limits.MAX_CATEGORIES + 1, 1))
    problem = only(check(bundle), "chart-limit")
    assert f"柱状图最多 {limits.MAX_CATEGORIES} 个类别" in problem.message
    assert "拆成两张卡片" in problem.hint and "type: table" in problem.hint
    assert (problem.card, problem.field, problem.line) == (
        "stations",
        "detail.chart.categories",
        line_of(bundle, "categories:"),
    )


def test_the_same_categories_as_a_table_are_valid(make_bundle):
    inspection = check(chart_bundle(make_bundle, inline_chart("table", limits.MAX_CATEGORIES + 1, 1)))
    assert inspection.ok


def test_a_pie_of_too_many_slices_says_merge_the_small_ones(make_bundle):
    problem = only(check(chart_bundle(make_bundle, inline_chart("pie", limits.MAX_PIE_SLICES + 1, 1))), "chart-limit")
    assert f"饼图最多 {limits.MAX_PIE_SLICES} 个类别" in problem.message
    assert "其他" in problem.hint


def test_too_many_series_are_refused(make_bundle):
    inspection = check(chart_bundle(make_bundle, inline_chart("bar", 3, limits.MAX_SERIES + 1)))
    assert not inspection.ok
    assert any(p.field == "detail.chart.series" and p.card == "stations" for p in inspection.problems.errors)


def test_too_many_values_in_one_plot_are_refused(make_bundle):
    chart = inline_chart("bar", limits.MAX_CATEGORIES, limits.MAX_CHART_VALUES // limits.MAX_CATEGORIES + 1)
    problem = only(check(chart_bundle(make_bundle, chart)), "chart-limit")
    assert f"最多画 {limits.MAX_CHART_VALUES} 个数字" in problem.message
    assert problem.field == "detail.chart.series"


def test_a_category_name_too_long_for_the_axis_is_refused(make_bundle):
    chart = inline_chart("bar", 3, 1, label="很长的类别名称" * 3)
    problem = only(check(chart_bundle(make_bundle, chart)), "chart-limit")
    assert f"最多 {limits.MAX_CATEGORY_LABEL} 个字" in problem.message


# ---------------------------------------------------------------- values a chart can draw


@pytest.mark.parametrize(
    "value",
    [
        "1" * 400 + "个",  # 400 digits: a float of inf, "Cannot set range [0, inf]"
        "1" + "0" * 400 + "个",  # 1e400
        "1" * (limits.MAX_VALUE_DIGITS + 1) + "个",
        "100000000万亿个",  # 1e20: few digits, but far above any axis
    ],
)
def test_a_value_too_large_to_plot_is_refused(make_bundle, value):
    chart = {"type": "bar", "categories": ["甲"], "series": [{"name": "数量", "values": [value]}]}
    inspection = check(chart_bundle(make_bundle, chart))
    problem = only(inspection, "chart-value")
    assert (problem.card, problem.field) == ("stations", "detail.chart.series")
    assert problem.hint


def test_plot_value_refuses_what_an_axis_cannot_span():
    assert plot_value(parse_figure("999999999999999个")) == 999_999_999_999_999.0
    for text in ("1" * 400, "1" + "0" * 400, "100000000万亿个"):
        with pytest.raises(FigureTextError):
            plot_value(parse_figure(text))


# ---------------------------------------------------------------- CSV files


def test_a_csv_of_a_million_bad_rows_is_refused_with_one_problem(make_bundle, tmp_path):
    bundle = chart_bundle(make_bundle, csv_chart(), "类别,数量\n" + "x,y\n" * 1_000_000)
    inspection = check(bundle)
    problem = only(inspection, "csv-limit")
    assert f"超过 {limits.MAX_CATEGORIES} 行数据" in problem.message
    assert (problem.file, problem.line) == ("data/chart.csv", limits.MAX_CATEGORIES + 2)
    assert "type: table" in problem.hint
    assert len(inspection.problems.items) <= limits.MAX_PROBLEMS


def test_a_csv_of_a_million_blank_lines_stops_at_the_line_cap(make_bundle):
    bundle = chart_bundle(make_bundle, csv_chart(), "类别,数量\n" + "\n" * 1_000_000)
    problem = only(check(bundle), "csv-limit")
    assert f"超过 {limits.MAX_CSV_LINES} 行" in problem.message


def test_a_csv_line_of_a_million_commas_is_refused(make_bundle):
    bundle = chart_bundle(make_bundle, csv_chart(), "类别,数量\n甲" + "," * 1_000_000 + "\n")
    problem = only(check(bundle), "csv")
    assert "太长" in problem.message and problem.line == 2


def test_a_csv_of_too_many_columns_is_refused_on_its_header(make_bundle):
    header = ",".join(["类别"] + [f"系列{i}" for i in range(limits.MAX_SERIES + 1)])
    bundle = chart_bundle(
        make_bundle, csv_chart(), header + "\n" + ",".join(["甲"] + ["1"] * (limits.MAX_SERIES + 1)) + "\n"
    )
    problem = only(check(bundle), "csv-limit")
    assert (problem.line, problem.field) == (1, "detail.chart.csv")
    assert f"最多 {limits.MAX_CSV_COLUMNS} 列" in problem.message


def test_a_csv_table_may_have_more_rows_than_a_bar_chart(make_bundle):
    rows = "".join(f"第{i}项,{i % 24 + 1}\n" for i in range(1, limits.MAX_TABLE_ROWS + 1))
    bundle = chart_bundle(make_bundle, csv_chart("table"), "类别,数量\n" + rows)
    inspection = check(bundle)
    assert inspection.ok, [p.describe() for p in inspection.problems.errors]


def test_a_csv_value_too_large_to_plot_names_the_csv(make_bundle):
    bundle = chart_bundle(make_bundle, csv_chart(), "类别,数量\n甲," + "9" * 30 + "\n")
    problem = only(check(bundle), "chart-value")
    assert (problem.card, problem.field) == ("stations", "detail.chart.csv")


# ---------------------------------------------------------------- the cap on problems


def test_problems_of_one_kind_past_the_cap_are_counted_not_kept():
    problems = ProblemList()
    for i in range(1000):
        problems.error("csv", f"第 {i} 行不是数字。")
    assert len(problems.items) == limits.MAX_PROBLEMS_PER_CODE
    [omitted] = problems.omitted
    assert (omitted.severity, omitted.code, omitted.count) == (
        Severity.ERROR,
        "csv",
        1000 - limits.MAX_PROBLEMS_PER_CODE,
    )
    assert problems.count(Severity.ERROR) == 1000
    assert "……还有 980 个同类问题（csv）" in omitted.describe()
    assert "…and 980 more of the same kind" in omitted.describe()


def test_problems_past_the_cap_in_all_are_counted_not_kept():
    problems = ProblemList()
    for code in range(50):
        for i in range(30):
            problems.error(f"code-{code}", f"问题 {i}")
    assert len(problems.items) == limits.MAX_PROBLEMS
    assert problems.count(Severity.ERROR) == 50 * 30
    assert sum(o.count for o in problems.omitted) == 50 * 30 - limits.MAX_PROBLEMS


def test_an_error_past_the_cap_takes_the_place_of_a_warning():
    problems = ProblemList(max_problems=3)
    for i in range(3):
        problems.warning(f"w{i}", "提醒")
    problems.error("late", "错误")
    assert [p.code for p in problems.items] == ["w0", "w1", "late"]
    assert [(o.code, o.count) for o in problems.omitted] == [("w2", 1)]


def test_an_error_only_counted_still_makes_the_bundle_invalid():
    problems = ProblemList(max_problems=1)
    problems.error("first", "错误")
    problems.error("second", "错误")
    assert problems.has_errors()
    assert [o.code for o in problems.omitted] == ["second"]


def flooded(make_bundle):
    """A bundle whose CSV has many bad cells, within the row cap."""
    rows = "".join(f"第{i}项,坏\n" for i in range(limits.MAX_TABLE_ROWS))
    return chart_bundle(make_bundle, csv_chart("table"), "类别,数量\n" + rows)


def test_validate_ends_with_how_many_more_of_the_same_kind(make_bundle, capsys):
    assert main(["validate", str(flooded(make_bundle))]) == EXIT_INVALID
    out = capsys.readouterr().out
    more = limits.MAX_TABLE_ROWS - limits.MAX_PROBLEMS_PER_CODE
    assert out.count("不是数字") == limits.MAX_PROBLEMS_PER_CODE
    assert f"……还有 {more} 个同类问题（csv）" in out
    assert f"…and {more} more of the same kind: csv" in out
    assert f"{limits.MAX_TABLE_ROWS} 个错误" in out


def test_validate_json_counts_the_problems_left_out(make_bundle, capsys):
    assert main(["validate", "--json", str(flooded(make_bundle))]) == EXIT_INVALID
    report = json.loads(capsys.readouterr().out)
    assert len(report["errors"]) == limits.MAX_PROBLEMS_PER_CODE
    assert report["error_count"] == limits.MAX_TABLE_ROWS
    assert report["omitted"] == [
        {"severity": "error", "code": "csv", "count": limits.MAX_TABLE_ROWS - limits.MAX_PROBLEMS_PER_CODE}
    ]


def test_a_clean_bundle_reports_nothing_left_out(make_bundle, capsys):
    assert main(["validate", "--json", str(make_bundle())]) == 0
    assert "omitted" not in json.loads(capsys.readouterr().out)
    assert "chart-limit" not in codes(check(make_bundle()))
