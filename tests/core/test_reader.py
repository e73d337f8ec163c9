"""The reader of a manifest: its cap on nodes, and the mistakes it words wherever they are written."""

from __future__ import annotations

import pytest

from kiosk.core import reader
from tests.bundles import check, codes, dump, line_of, minimal_manifest, only

ESC_SEQUENCE = "\x1b[31m"  # turns a terminal's text red


def test_alias_bomb_through_chart_values_stops_at_the_node_cap(make_bundle, monkeypatch):
    # 10,000 cards of 20 series of 500 values: 10**8 figures if read in full.
    monkeypatch.setattr(reader, "MAX_NODE_VISITS", 50_000)  # the same cap, reached sooner
    values = "v: &v [" + ", ".join(["1个"] * 500) + "]\n"
    series = "s: &s [" + ", ".join(["{name: 笑, values: *v}"] * 20) + "]\n"
    card = "c: &c {id: x, section: org, headline: 1个, label: 笑, detail: {chart: {type: bar, series: *s}}}\n"
    manifest = dump({k: v for k, v in minimal_manifest().items() if k != "cards"})
    text = values + series + card + manifest + "cards: [" + ", ".join(["*c"] * 10_000) + "]\n"
    problem = only(check(make_bundle(text)), "too-large")
    assert "别名" in problem.hint


def test_a_thousands_comma_inside_a_flow_mapping_names_the_split(make_bundle):
    text = dump(minimal_manifest()).replace(
        "- figure: 1927万人\n    label: 工会会员", "- {figure: 9,899人, label: 托管职工子女}"
    )
    assert "9,899人" in text
    bundle = make_bundle(text)
    inspection = check(bundle)
    problem = only(inspection, "number-split")
    assert "逗号把数字拆开了" in problem.message and "9,899人" in problem.message
    assert "9899人" in problem.hint
    assert problem.line == line_of(bundle, "9,899人")
    assert [p.code for p in inspection.problems.errors] == ["number-split"]  # no follow-on errors


def test_a_number_split_over_several_commas_is_rebuilt_whole(make_bundle):
    text = dump(minimal_manifest()).replace(
        "- figure: 1927万人\n    label: 工会会员", "- {figure: 1,927,000人, label: 工会会员}"
    )
    problem = only(check(make_bundle(text)), "number-split")
    assert "1927000人" in problem.hint


def test_escape_sequence_in_a_section_title_is_refused_with_line_and_field(make_bundle):
    manifest = minimal_manifest()
    manifest["sections"][0]["title"] = f"组织{ESC_SEQUENCE}建设"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "unsafe-character")
    assert problem.line == line_of(bundle, 'title: "组织')
    assert problem.field == "sections[0].title"
    assert "U+001B ESC" in problem.message
    assert "\x1b" not in problem.describe()
    assert "组织\\u001b[31m建设" in problem.describe()


def test_right_to_left_override_in_a_label_is_refused_naming_the_card(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["label"] = "户外劳动者\u202e站驿心爱"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "unsafe-character")
    assert (problem.card, problem.field) == ("stations", "label")
    assert problem.line == line_of(bundle, "label: 户外劳动者\u202e")
    assert "显示顺序" in problem.message


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("id",), "test\x1bbundle"),
        (("organisation",), "测试\x9b工会"),
        (("sources", 0, "title"), "测试\u2066文章"),
        (("sources", 0, "author"), "本报\u200b记者"),
        (("sections", 0, "id"), "org\x07"),
        (("cards", 0, "explanation"), "解释\x1b[2J"),
        (("cards", 1, "detail"), {"text": "详情\ufeff"}),
    ],
)
def test_unsafe_characters_are_refused_in_ids_titles_authors_and_long_text(make_bundle, where, value):
    manifest = minimal_manifest()
    target = manifest
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    assert "unsafe-character" in codes(check(make_bundle(manifest)))


def test_unsafe_characters_are_refused_in_chart_categories_and_series_names(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["detail"] = {
        "chart": {
            "type": "bar",
            "categories": ["基层\x1b工会"],
            "series": [{"name": "数\u202e量", "values": ["15.1万个"]}],
        }
    }
    inspection = check(make_bundle(manifest))
    fields = {p.field for p in inspection.problems.errors if p.code == "unsafe-character"}
    assert fields == {"detail.chart.categories[0]", "detail.chart.series[0].name"}


def test_newline_is_allowed_in_detail_text_and_explanation(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["explanation"] = "第一句。\n第二句。"
    manifest["cards"][0]["detail"] = {"text": "第一行\n\t第二行"}
    inspection = check(make_bundle(manifest))
    assert inspection.ok, [p.describe() for p in inspection.problems.items]
    assert inspection.manifest is not None
    assert inspection.manifest.cards[0].detail is not None
    assert inspection.manifest.cards[0].detail.text == "第一行\n\t第二行"


def test_newline_in_a_label_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["label"] = "户外劳动者\n“爱心驿站”"
    problem = only(check(make_bundle(manifest)), "not-one-line")
    assert (problem.card, problem.field) == ("stations", "label")
    assert "只能写一行" in problem.message


def test_tab_in_a_section_title_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["sections"][0]["title"] = "组织\t建设"
    assert only(check(make_bundle(manifest)), "not-one-line").field == "sections[0].title"


def test_a_character_inside_a_literal_block_is_reported_at_its_own_line(make_bundle):
    text = dump(minimal_manifest()).replace(
        "  label: 户外劳动者“爱心驿站”\n",
        "  label: 户外劳动者“爱心驿站”\n  detail:\n    text: |-\n      第一行\n      第二行\u202e反了\n",
    )
    bundle = make_bundle(text)
    problem = only(check(bundle), "unsafe-character")
    assert problem.line == line_of(bundle, "第二行")
    assert problem.field == "detail.text"


def test_a_zero_width_joiner_is_not_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["explanation"] = "工会👩\u200d👩\u200d👧之家"
    assert check(make_bundle(manifest)).ok
