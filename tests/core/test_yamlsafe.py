"""The manifest's YAML: safe, line-numbered and bounded while it is composed."""

from __future__ import annotations

import pytest

from kiosk.core import yamlsafe
from kiosk.core.problems import Severity
from kiosk.core.yamlsafe import MAX_COMPOSED_NODES, MAX_MANIFEST_BYTES, YamlSyntaxError, compose
from tests.bundles import check, dump, line_of, minimal_manifest, only

WARNING = Severity.WARNING


def test_a_manifest_of_too_many_nodes_is_refused_while_it_is_composed():
    text = "cards:\n  - [" + ",".join(["1"] * (MAX_COMPOSED_NODES + 10)) + "]\n"
    assert len(text) < yamlsafe.MAX_MANIFEST_BYTES
    with pytest.raises(YamlSyntaxError) as caught:
        compose(text.encode())
    assert "清单太复杂" in caught.value.message
    assert str(MAX_COMPOSED_NODES) in caught.value.message_en


def test_a_large_manifest_within_the_node_cap_composes_in_either_path(monkeypatch):
    text = "cards:\n" + "".join(f"  - {{id: c{i}, headline: {i}个}}\n" for i in range(2000))
    fast = compose(text.encode())
    monkeypatch.setattr(yamlsafe, "_most_nodes", lambda _text: MAX_COMPOSED_NODES + 1)  # the counting path
    counted = compose(text.encode())
    assert fast is not None and counted is not None
    assert len(fast.value[0][1].value) == len(counted.value[0][1].value) == 2000
    assert yamlsafe.line_of(counted.value[0][1].value[1999]) == 2001


def test_the_cheap_estimate_is_an_upper_bound_on_the_nodes():
    for text in ("a: b", "- - - x", "{a: 1, b: [1, 2, {c: d}]}", "? a\n: b\n", "x"):
        loader = yamlsafe._CountingLoader(text)
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
        assert loader.composed <= yamlsafe._most_nodes(text), text


def yaml_problem(make_bundle, old: str, new: str):
    """The one YAML problem of the minimal manifest with ``old`` replaced by ``new``, and the bundle."""
    text = dump(minimal_manifest())
    assert old in text
    bundle = make_bundle(text.replace(old, new, 1))
    return only(check(bundle), "yaml"), bundle


def test_a_value_holding_colon_space_says_to_quote_it(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "label: 全省已建立基层工会", "label: 全省: 基层工会")
    line = line_of(bundle, "label: 全省: 基层工会")
    assert problem.message == f"第 {line} 行的值里有“: ”（冒号加空格），YAML 把它读成了又一个“键: 值”。"
    assert '请给整个值加上引号：label: "全省: 基层工会"' in problem.hint
    assert (problem.file, problem.line, problem.card, problem.field) == ("bundle.yaml", line, "unions", "label")
    assert "mapping values are not allowed in this context" in problem.message_en
    assert f"bundle.yaml:{line}，卡片 unions，字段 label" in problem.describe()


def test_a_value_with_colon_space_and_double_quotes_is_quoted_with_single_quotes(make_bundle):
    problem, _bundle = yaml_problem(make_bundle, "label: 户外劳动者“爱心驿站”", 'label: 驿站: "爱心"')
    assert "label: '驿站: \"爱心\"'" in problem.hint
    assert problem.card == "stations"


def test_a_tab_names_its_line_and_says_to_use_spaces(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "\n  label: 户外劳动者", "\n\tlabel: 户外劳动者")
    line = line_of(bundle, "\tlabel:")
    assert problem.message == f"第 {line} 行有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格。"
    assert (problem.line, problem.card) == (line, "stations")
    assert "tab character" in problem.message_en


def test_a_missing_space_after_a_colon_is_found_on_its_own_line(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "label: 全省已建立基层工会", "label:全省已建立基层工会")
    line = line_of(bundle, "label:全省")
    assert problem.message == f"第 {line} 行“label:”后面少了一个空格：YAML 的冒号后面必须有空格。"
    assert problem.hint == "请写成 label: 全省已建立基层工会。"
    assert (problem.line, problem.card) == (line, "unions")


def test_a_full_width_colon_after_a_key_says_to_use_the_english_one(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "headline: 近1000个", "headline：近1000个")
    assert "中文冒号" in problem.message and problem.hint == "请写成 headline: 近1000个。"
    assert (problem.line, problem.card) == (line_of(bundle, "headline：近1000个"), "stations")
    assert problem.field == "headline"


def test_a_missing_space_after_a_dash_names_the_card_it_starts(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "- id: stations", "-id: stations")
    assert "“-”后面少了一个空格" in problem.message and problem.hint == "请写成 - id: stations。"
    assert (problem.line, problem.card) == (line_of(bundle, "-id: stations"), "stations")


def test_a_key_indented_less_than_its_card_says_how_far_each_is(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "  label: 户外劳动者", " label: 户外劳动者")
    line = line_of(bundle, " label: 户外劳动者")
    assert problem.message.startswith(f"第 {line} 行的缩进不对")
    assert f"这一行缩进了 1 个空格，第 {line - 1} 行是 2 个" in problem.hint
    assert (problem.line, problem.card) == (line, "stations")


def test_a_key_indented_more_than_the_one_above_is_an_indentation_error(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "  label: 户外劳动者", "      label: 户外劳动者")
    line = line_of(bundle, "      label: 户外劳动者")
    assert problem.message.startswith(f"第 {line} 行的缩进不对：这一行比上一行缩进得多")
    assert (problem.line, problem.card) == (line, "stations")


def test_an_unclosed_quote_points_at_the_line_where_it_opens(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "label: 全省已建立基层工会", 'label: "全省已建立基层工会')
    line = line_of(bundle, 'label: "全省')
    assert problem.message == f'第 {line} 行的引号 " 没有配对：从这里开始的文字一直没有结束。'
    assert (problem.line, problem.card) == (line, "unions")  # not the end of the file, where PyYAML noticed


def test_an_unclosed_bracket_points_at_the_line_where_it_opens(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "  related:\n  - stations\n", "  related: [stations\n")
    line = line_of(bundle, "related: [stations")
    assert problem.message == f"第 {line} 行的“[”没有配对的“]”。"
    assert (problem.line, problem.card) == (line, "unions")


def test_text_after_a_closing_quote_says_to_quote_all_of_it(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "label: 全省已建立基层工会", 'label: "全省" 已建立基层工会')
    assert "引号后面还有文字" in problem.message
    assert (problem.line, problem.card) == (line_of(bundle, 'label: "全省"'), "unions")


def test_a_second_document_marker_names_its_line(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "sections:\n", "---\nsections:\n")
    line = line_of(bundle, "---")
    assert problem.message == f"第 {line} 行的“---”开始了第二份文档：一个清单文件只能有一份内容。"
    assert (problem.line, problem.card) == (line, None)


def test_an_error_before_the_cards_names_no_card(make_bundle):
    problem, bundle = yaml_problem(make_bundle, "title: 测试数据包", "title:测试数据包")
    assert (problem.line, problem.card) == (line_of(bundle, "title:测试数据包"), None)


def test_manifest_that_is_not_utf8_is_refused_with_its_line(make_bundle):
    text = dump(minimal_manifest())
    bundle = make_bundle(text.encode("gbk"))
    problem = only(check(bundle), "yaml")
    assert "UTF-8" in problem.message
    first_chinese = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert problem.line == first_chinese


@pytest.mark.parametrize("text", ["", "# 只有注释\n", "---\n"])
def test_empty_manifest_is_refused(make_bundle, text):
    problem = only(check(make_bundle(text)), "empty")
    assert "空" in problem.message


def test_manifest_over_the_size_cap_is_refused_before_parsing(make_bundle):
    bundle = make_bundle(b"#" * (MAX_MANIFEST_BYTES + 1))
    problem = only(check(bundle), "yaml")
    assert "太大" in problem.message


def test_python_tag_is_refused_with_its_line(make_bundle):
    text = dump(minimal_manifest()).replace(
        "title: 测试数据包", "title: !!python/object/apply:os.system ['echo pwned']"
    )
    bundle = make_bundle(text)
    problem = only(check(bundle), "yaml")
    assert "!!python/object/apply:os.system" in problem.message
    assert problem.line == line_of(bundle, "!!python")


def test_local_tag_on_a_card_value_is_refused(make_bundle):
    text = dump(minimal_manifest()).replace("headline: 近1000个", "headline: !figure 近1000个")
    bundle = make_bundle(text)
    assert only(check(bundle), "yaml").line == line_of(bundle, "!figure")


def test_billion_laughs_alias_bomb_is_refused_quickly(make_bundle):
    # The classic: nine levels of nine aliases, 9**9 "lol"s if anything expanded them.
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 10)]
    manifest = minimal_manifest()
    del manifest["cards"], manifest["title"]
    text = "\n".join(lines) + "\n" + dump(manifest) + "title: *l9\ncards: *l9\n"
    inspection = check(make_bundle(text))  # returns: nothing walks the expansion
    assert inspection.manifest is None
    fields = {p.field for p in inspection.problems.errors}
    assert "title" in fields and "cards[0]" in fields
    assert len(inspection.problems.items) < 100


def test_deep_nesting_is_refused(make_bundle):
    text = dump(minimal_manifest()) + "extra: " + "[" * 5000 + "]" * 5000 + "\n"
    problem = only(check(make_bundle(text)), "yaml")
    assert "嵌套太深" in problem.message


def test_self_referencing_alias_does_not_loop(make_bundle):
    text = dump(minimal_manifest()) + "loop: &loop [*loop]\n"
    inspection = check(make_bundle(text))
    assert inspection.ok
    assert only(inspection, "schema", WARNING).field == "loop"


def test_a_syntax_error_names_the_field_its_line_writes_with_the_keys_above_it():
    from kiosk.core.yaml_errors import field_at

    lines = [
        "cards:",
        "  - id: a",
        "    label: x",
        "    detail:",
        "      chart:",
        "        title: t: u",
        "        series:",
        "          - name: s",
        "            values: [1个]",
        "  - id: b",
        "sections: []",
    ]
    fields = [field_at(lines, number) for number in range(1, len(lines) + 1)]
    assert fields == [
        None,
        "id",
        "label",
        "detail",
        "detail.chart",
        "detail.chart.title",
        "detail.chart.series",
        "detail.chart.series.name",
        "detail.chart.series.values",
        "id",
        None,  # not in a card
    ]
