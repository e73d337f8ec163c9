"""CSV charts: data read from a CSV file, each problem naming the file and its line."""

from __future__ import annotations

from tests.bundles import SOURCE_TEXT, check, line_of, minimal_manifest, only

CSV_CHART = {"type": "bar", "csv": "data/chart.csv", "unit": "万人"}
CSV_SENTENCE = "济南12.5万人，青岛8万人；去年11万人、7.5万人。"
CSV_SOURCE = SOURCE_TEXT + "济南 12.5万人，青岛 8万人；去年 11万人、7.5万人。\n"


def with_chart(chart: dict, card: int = 0) -> dict:
    manifest = minimal_manifest()
    manifest["cards"][card]["detail"] = {"chart": chart}
    if "csv" in chart:  # the CSV's figures come from a second sentence of the article
        source = manifest["cards"][card]["source"]
        source["quote"] = [source["quote"], CSV_SENTENCE]
    return manifest


def test_csv_chart_is_read(make_bundle):
    csv_text = "城市,今年,去年\n济南,12.5,11\n青岛,8,7.5\n"
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    inspection = check(bundle)
    assert inspection.problems.items == [], [p.describe() for p in inspection.problems.items]
    chart = inspection.manifest.cards[0].detail.chart
    assert chart.categories == ("济南", "青岛")
    assert [s.name for s in chart.series] == ["今年", "去年"]
    assert [f.text() for f in chart.series[0].values] == ["12.5万人", "8万人"]


def test_csv_chart_bad_cell_names_the_csv_line(make_bundle):
    csv_text = "城市,今年,去年\n\n济南,12.5,11\n青岛,很多,7.5\n"
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    problem = only(check(bundle), "csv")
    assert "第 4 行第 2 列的“很多”不是数字" in problem.message
    assert (problem.file, problem.line, problem.card) == ("data/chart.csv", 4, "unions")
    assert "data/chart.csv:4" in problem.describe()


def test_csv_chart_with_a_short_row_names_its_line(make_bundle):
    csv_text = "城市,今年,去年\n济南,12.5,11\n青岛,8\n"
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    problem = only(check(bundle), "csv")
    assert (problem.file, problem.line) == ("data/chart.csv", 3)


def test_csv_chart_with_an_enormous_cell_is_reported_not_raised(make_bundle):
    csv_text = "城市,今年\n济南," + "9" * 200_000 + "\n"
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    problem = only(check(bundle), "csv")
    assert problem.file == "data/chart.csv"


def test_csv_chart_file_missing_is_refused(make_bundle):
    problem = only(check(make_bundle(with_chart(CSV_CHART))), "missing-file")
    assert problem.field == "detail.chart.csv"


def test_csv_chart_not_utf8_is_refused(make_bundle):
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": "城市,今年\n济南,12.5\n".encode("gbk")})
    assert "CSV UTF-8" in only(check(bundle), "encoding").hint


def test_csv_cell_with_full_width_digits_says_so(make_bundle):
    csv_text = "城市,今年\n济南,１２.5\n"
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    problem = only(check(bundle), "csv")
    assert "半角数字" in problem.message
    assert problem.hint.startswith("请写成“12.5”")


def test_full_width_digits_hint_suggests_the_cell_without_the_charts_unit(make_bundle):
    chart = {"type": "bar", "csv": "data/chart.csv", "unit": "个"}
    bundle = make_bundle(with_chart(chart), files={"data/chart.csv": "城市,数量\n济南,７０\n"}, source=CSV_SOURCE)
    problem = only(check(bundle), "csv")
    assert problem.message.startswith("第 2 行第 2 列：“７０”里有全角数字")
    assert problem.hint == "请写成“70”（切换到英文输入法再输入数字）。单位“个”来自图表的 unit:，格子里只写数字。"
    assert "70个" not in problem.hint


def test_a_thousands_comma_in_a_csv_cell_says_to_remove_it(make_bundle):
    chart = {"type": "bar", "csv": "data/chart.csv", "unit": "个"}
    bundle = make_bundle(with_chart(chart), files={"data/chart.csv": '城市,数量\n济南,"1,070"\n'}, source=CSV_SOURCE)
    problem = only(check(bundle), "csv")
    assert "千位逗号" in problem.message
    assert problem.hint.startswith("请去掉千位逗号，写成 1070。")
    assert (problem.file, problem.line) == ("data/chart.csv", 2)


def test_a_csv_cell_that_repeats_the_charts_unit_says_to_write_the_number_only(make_bundle):
    chart = {"type": "bar", "csv": "data/chart.csv", "unit": "个"}
    bundle = make_bundle(with_chart(chart), files={"data/chart.csv": "城市,数量\n济南,70个\n"}, source=CSV_SOURCE)
    problem = only(check(bundle), "csv")
    assert "已经带了单位“个”" in problem.message and problem.hint == "请只写数字：70。"


def test_a_missing_csv_file_points_at_the_csv_line(make_bundle):
    bundle = make_bundle(with_chart(CSV_CHART))
    problem = only(check(bundle), "missing-file")
    assert (problem.file, problem.line) == ("bundle.yaml", line_of(bundle, "csv: data/chart.csv"))


def test_a_bad_cell_is_the_only_problem_and_comes_before_the_others(make_bundle):
    manifest = with_chart(CSV_CHART)
    manifest["cards"][1]["headline"] = "近1001个"  # a cross-check error in the manifest
    manifest["cards"][1]["colour"] = "red"  # a schema warning, after it in the manifest
    csv_text = "城市,今年,去年\n济南,12.5,11\n青岛,很多,7.5\n"
    bundle = make_bundle(manifest, files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    inspection = check(bundle)
    assert [p.code for p in inspection.problems.sorted()] == ["csv", "schema", "figure-not-in-quote"]


def test_csv_of_a_million_bad_rows_costs_one_problem(make_bundle):
    csv_text = "城市,今年\n" + "x,y\n" * 1_000_000
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    inspection = check(bundle)
    assert [p.code for p in inspection.problems.errors] == ["csv-limit"]
    assert "超过" in inspection.problems.errors[0].message
