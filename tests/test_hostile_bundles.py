"""Broken and hostile bundles: one test per way a bundle can go wrong.

Each test breaks one thing in a small valid bundle and asserts the problem an
editor would see: its code, its words, and the file, line, card and field it
points at.  ``check`` also asserts, for every problem, a Chinese message, a
file, and a ``describe()`` that names file:line.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kiosk.core import files as bundle_files
from kiosk.core import schema
from kiosk.core.bundle import BundleError, load_bundle
from kiosk.core.figures import parse_figure
from kiosk.core.model import ChartType
from kiosk.core.problems import Severity
from kiosk.core.provenance import figure_in_text, normalise_source_text
from kiosk.core.yamlsafe import MAX_MANIFEST_BYTES
from tests.bundles import (
    SOURCE_TEXT,
    check,
    codes,
    dump,
    font,
    line_of,
    minimal_manifest,
    only,
    png,
    set_encrypted_flag,
    symlink_info,
    write_zip,
)

WARNING = Severity.WARNING


def test_minimal_bundle_is_valid_without_warnings(make_bundle):
    inspection = check(make_bundle())
    assert inspection.ok
    assert inspection.problems.items == []
    assert [c.id for c in inspection.manifest.cards] == ["unions", "stations"]


# ---------------------------------------------------------------- the manifest as text


def test_yaml_syntax_error_names_its_line(make_bundle):
    text = dump(minimal_manifest()).replace("label: 全省已建立基层工会", "label: 全省: 基层工会")
    bundle = make_bundle(text)
    problem = only(check(bundle), "yaml")
    assert "YAML 格式错误" in problem.message
    assert (problem.file, problem.line) == ("bundle.yaml", line_of(bundle, "label: 全省: 基层工会"))
    assert f"bundle.yaml:{problem.line}" in problem.describe()


def test_unclosed_quote_is_a_syntax_error(make_bundle):
    text = dump(minimal_manifest()).replace("label: 全省已建立基层工会", 'label: "全省已建立基层工会')
    problem = only(check(make_bundle(text)), "yaml")
    assert "YAML 格式错误" in problem.message and problem.line


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
    text = dump(minimal_manifest()).replace("title: 测试数据包", "title: !!python/object/apply:os.system ['echo pwned']")
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


def test_alias_bomb_through_chart_values_stops_at_the_node_cap(make_bundle, monkeypatch):
    # 10,000 cards of 20 series of 500 values: 10**8 figures if read in full.
    monkeypatch.setattr(schema, "MAX_NODE_VISITS", 50_000)  # the same cap, reached sooner
    values = "v: &v [" + ", ".join(["1个"] * 500) + "]\n"
    series = "s: &s [" + ", ".join(["{name: 笑, values: *v}"] * 20) + "]\n"
    card = "c: &c {id: x, section: org, headline: 1个, label: 笑, detail: {chart: {type: bar, series: *s}}}\n"
    manifest = dump({k: v for k, v in minimal_manifest().items() if k != "cards"})
    text = values + series + card + manifest + "cards: [" + ", ".join(["*c"] * 10_000) + "]\n"
    problem = only(check(make_bundle(text)), "too-large")
    assert "别名" in problem.hint


def test_deep_nesting_is_refused(make_bundle):
    text = dump(minimal_manifest()) + "extra: " + "[" * 5000 + "]" * 5000 + "\n"
    problem = only(check(make_bundle(text)), "yaml")
    assert "嵌套太深" in problem.message


def test_self_referencing_alias_does_not_loop(make_bundle):
    text = dump(minimal_manifest()) + "loop: &loop [*loop]\n"
    inspection = check(make_bundle(text))
    assert inspection.ok
    assert only(inspection, "schema", WARNING).field == "loop"


# ---------------------------------------------------------------- the schema


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
    text = dump(minimal_manifest()).replace("  label: 全省已建立基层工会\n", "  label: 全省已建立基层工会\n  label: 基层工会\n")
    bundle = make_bundle(text)
    problem = only(check(bundle), "schema")
    first, second = line_of(bundle, "label: 全省"), line_of(bundle, "label: 基层工会")
    assert "“label”写了两次" in problem.message
    assert f"第 {first} 行" in problem.message
    assert (problem.card, problem.line) == ("unions", second)


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
    assert (problem.card, problem.field, problem.line) == ("stations", "section", line_of(bundle, "- id: stations"))


def test_unknown_related_card_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["related"] = ["stations", "ghost"]
    problem = only(check(make_bundle(manifest)), "unknown-card")
    assert "ghost" in problem.message
    assert (problem.card, problem.field) == ("unions", "related")


def test_unknown_source_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["source"]["source"] = "nope"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "unknown-source")
    assert "nope" in problem.message and "article" in problem.hint
    assert (problem.card, problem.field, problem.line) == ("stations", "source.source", line_of(bundle, "source: nope"))


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


def test_quote_not_in_source_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["source"]["quote"] = "户外劳动者“爱心驿站”近2000个。"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "quote-not-in-source")
    assert (problem.card, problem.field) == ("stations", "source.quote")
    assert problem.line == line_of(bundle, "source: article", 2)


def test_quote_matches_across_markup_spacing_and_punctuation_width(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["source"]["quote"] = "目前,全省已建立基层工会 15.1 万个,工会会员发展到1927万人。"
    assert check(make_bundle(manifest)).ok


def test_figure_not_in_source_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["headline"] = "近1001个"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "figure-not-in-quote")
    assert "近1001个" in problem.message
    assert (problem.card, problem.field, problem.line) == ("stations", "headline", line_of(bundle, "- id: stations"))


@pytest.mark.parametrize(
    ("shown", "why"),
    [
        ("5万余名", "the tail of 1.5万余名"),
        ("927万人", "the tail of 1927万人"),
        ("1000个", "drops the 近 of 近1000个"),
        ("1.5万名", "drops the 余 of 1.5万余名"),
    ],
)
def test_figure_that_is_only_a_fragment_of_the_source_is_refused(make_bundle, shown, why):
    manifest = minimal_manifest()
    manifest["cards"][0]["figures"] = [{"figure": shown, "label": why}]
    problem = only(check(make_bundle(manifest)), "figure-not-in-quote")
    assert (problem.card, problem.field) == ("unions", "figures")


def test_figure_in_text_accepts_whole_figures_only():
    text = normalise_source_text(SOURCE_TEXT)
    for shown in ("15.1万个", "1927万人", "近1000个", "1.5万余名", "1927万"):
        assert figure_in_text(parse_figure(shown), text), shown
    for shown in ("5.1万个", "15万个", "100个", "1.5万", "27万人"):
        assert not figure_in_text(parse_figure(shown), text), shown
    assert figure_in_text(parse_figure("97%以上"), "建制率均达97%以上。")
    assert not figure_in_text(parse_figure("97%"), "建制率均达97%以上。")
    assert figure_in_text(parse_figure("15万人"), "15.1万个，15万人参加")


def test_figure_in_text_knows_every_qualifier_figures_know():
    # 达 before the number and 上下 after the unit are qualifiers, as in figures.py.
    assert not figure_in_text(parse_figure("1000人"), "会员达1000人。")
    assert figure_in_text(parse_figure("达1000人"), "会员达1000人。")
    assert not figure_in_text(parse_figure("100人"), "每年100人上下。")
    assert figure_in_text(parse_figure("100人上下"), "每年100人上下。")


def test_rank_is_not_taken_for_a_figure():
    assert not figure_in_text(parse_figure("15名"), "在全国评比中获得第15名。")
    assert figure_in_text(parse_figure("15名"), "获得第1名，另有15名职工获奖。")


def test_figure_in_text_takes_only_ascii_digits_for_the_number_around_it():
    # A full-width digit next to the figure is not part of its number.
    assert figure_in_text(parse_figure("15万人"), "１15万人")


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


def test_optional_key_left_empty_is_a_warning_that_it_is_ignored(make_bundle):
    text = dump(minimal_manifest()).replace("  label: 全省已建立基层工会\n", "  label: 全省已建立基层工会\n  explanation:\n")
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
    assert (problem.card, problem.field, problem.line) == ("stations", "headline", line_of(bundle, f"headline: {written}"))


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


def test_card_without_source_is_a_warning(make_bundle):
    manifest = minimal_manifest()
    del manifest["cards"][1]["source"]
    bundle = make_bundle(manifest)
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "no-source", WARNING)
    assert (problem.card, problem.field, problem.line) == ("stations", "source", line_of(bundle, "- id: stations"))


def test_source_file_missing_is_refused(make_bundle):
    problem = only(check(make_bundle(source=None)), "missing-file")
    assert "source.md" in problem.message
    assert problem.field == "sources.file"


def test_source_file_not_utf8_is_refused(make_bundle):
    bundle = make_bundle(files={"source.md": SOURCE_TEXT.encode("gbk")})
    problem = only(check(bundle), "encoding")
    assert "UTF-8" in problem.message


# ---------------------------------------------------------------- images


def with_image(name: str = "images/card.png") -> dict:
    manifest = minimal_manifest()
    manifest["cards"][1]["image"] = name
    return manifest


def test_small_png_is_accepted(make_bundle):
    assert check(make_bundle(with_image(), files={"images/card.png": png(2, 2)})).problems.items == []


def test_missing_image_is_refused(make_bundle):
    bundle = make_bundle(with_image("images/none.png"))
    problem = only(check(bundle), "missing-file")
    assert "找不到文件“images/none.png”" in problem.message
    assert (problem.card, problem.field, problem.line) == ("stations", "image", line_of(bundle, "- id: stations"))


def test_missing_image_asks_to_check_the_file_name(make_bundle):
    problem = only(check(make_bundle(with_image("images/Card.PNG"))), "missing-file")
    assert problem.hint == "请检查文件名（大小写也要一致）。"


@pytest.mark.parametrize("name", ["../outside.png", "/etc/passwd"])
def test_image_path_leaving_the_bundle_gets_no_file_name_hint(make_bundle, name):
    problem = only(check(make_bundle(with_image(name))), "missing-file")
    assert "大小写" not in problem.hint


def test_image_that_is_not_an_image_is_refused(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": "这不是图片"})
    problem = only(check(bundle), "bad-image")
    assert (problem.card, problem.field) == ("stations", "image")


def test_image_header_claiming_a_huge_size_is_refused_without_decoding(make_bundle):
    claim = png(100_000, 100_000)
    assert len(claim) < 100  # nothing to decode: the header alone is refused
    bundle = make_bundle(with_image(), files={"images/card.png": claim})
    problem = only(check(bundle), "image-too-large")
    assert "100000×100000" in problem.message
    assert (problem.card, problem.field) == ("stations", "image")


def test_large_image_is_a_warning(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": png(8000, 4000)})
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "image-large", WARNING)
    assert "8000×4000" in problem.message


def test_large_image_hint_gives_the_size_to_shrink_to_and_the_size_now(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": png(8000, 4000)})
    problem = only(check(bundle), "image-large", WARNING)
    assert "缩小到 3840×2160 左右（现在 8000×4000）" in problem.hint
    assert "8000x4000" in problem.message_en


def test_huge_image_hint_gives_the_size_to_shrink_to_and_the_size_now(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": png(10_000, 10_000)})
    problem = only(check(bundle), "image-too-large")
    assert "缩小到 3840×2160 左右（现在 10000×10000）" in problem.hint


def test_image_that_is_not_an_image_names_the_formats_accepted(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": "这不是图片"})
    assert only(check(bundle), "bad-image").hint == "请使用 PNG、JPEG、GIF、BMP 或 WebP 格式。"


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'


def test_svg_is_accepted_as_an_icon(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["icon"] = "icons/heart.svg"
    assert check(make_bundle(manifest, files={"icons/heart.svg": SVG})).problems.items == []


def test_svg_as_a_card_image_is_refused(make_bundle):
    bundle = make_bundle(with_image("images/card.svg"), files={"images/card.svg": SVG})
    problem = only(check(bundle), "bad-image")
    assert "只有图标（icon）可以用 SVG" in problem.message
    assert problem.field == "image"


def test_schema_descriptions_name_the_image_formats_accepted():
    from kiosk.core.manifest import CARD

    fields = {f.name: f.spec.description for f in CARD.fields}
    assert all(kind in fields["image"] for kind in ("PNG", "JPEG", "GIF", "BMP", "WebP"))
    assert "SVG" not in fields["image"]
    assert "SVG" in fields["icon"]


def test_image_path_climbing_out_of_the_bundle_is_refused(make_bundle):
    problem = only(check(make_bundle(with_image("../outside.png"))), "missing-file")
    assert "“..”" in problem.message
    assert problem.field == "image"


def test_absolute_image_path_is_refused(make_bundle):
    problem = only(check(make_bundle(with_image("/etc/passwd"))), "missing-file")
    assert "绝对路径" in problem.message


def test_image_written_with_dot_slash_is_not_reported_unused(make_bundle):
    bundle = make_bundle(with_image("./images/card.png"), files={"images/card.png": png(2, 2)})
    assert check(bundle).problems.items == []


def test_symlink_pointing_outside_the_bundle_is_refused(make_bundle, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(png(2, 2))
    bundle = make_bundle(with_image("images/card.png"))
    (bundle / "images").mkdir()
    (bundle / "images" / "card.png").symlink_to(outside)
    problem = only(check(bundle), "missing-file")
    assert "指向数据包以外的链接" in problem.message
    assert (problem.card, problem.field) == ("stations", "image")


def test_symlinked_folder_pointing_outside_the_bundle_is_refused(make_bundle, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "card.png").write_bytes(png(2, 2))
    bundle = make_bundle(with_image("images/card.png"))
    (bundle / "images").symlink_to(outside, target_is_directory=True)
    problem = only(check(bundle), "missing-file")
    assert "指向数据包以外的链接" in problem.message


def test_symlinked_manifest_pointing_outside_is_refused_as_a_link_not_as_missing(make_bundle, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(dump(minimal_manifest()), encoding="utf-8")
    bundle = make_bundle()
    (bundle / "bundle.yaml").unlink()
    (bundle / "bundle.yaml").symlink_to(outside)
    inspection = check(bundle)
    assert inspection.manifest is None  # the outside file, though valid, is never read
    problem = only(inspection, "read")
    assert "“bundle.yaml”是指向数据包以外的链接" in problem.message
    assert problem.message_en == "bundle.yaml links outside the bundle"


def test_unreadable_file_is_reported_not_raised(make_bundle, monkeypatch):
    bundle = make_bundle(with_image(), files={"images/card.png": png(2, 2)})
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "card.png":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    problem = only(check(bundle), "missing-file")
    assert "无法读取“images/card.png”" in problem.message


# ---------------------------------------------------------------- zip files


def test_zip_bundle_is_accepted(make_bundle):
    assert check(make_bundle(as_zip=True)).problems.items == []


def test_zip_that_holds_one_top_level_folder_is_accepted(make_bundle):
    inspection = check(make_bundle(as_zip=True, top_folder="山东数据包"))
    assert inspection.ok and inspection.problems.items == []


def test_zip_made_on_a_mac_with_macosx_folder_is_accepted(tmp_path):
    path = write_zip(
        tmp_path / "mac.zip",
        {
            "bundle/bundle.yaml": dump(minimal_manifest()),
            "bundle/source.md": SOURCE_TEXT,
            "__MACOSX/bundle/._bundle.yaml": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
        },
    )
    inspection = check(path)
    assert inspection.ok and inspection.problems.items == []


def test_zip_member_climbing_out_is_refused(make_bundle, tmp_path):
    path = write_zip(tmp_path / "evil.zip", {"bundle.yaml": dump(minimal_manifest()), "../evil.txt": "x"})
    problem = only(check(path), "open")
    assert "“..”" in problem.message
    assert problem.file == "../evil.txt"


def test_zip_member_with_absolute_path_is_refused(tmp_path):
    path = write_zip(tmp_path / "evil.zip", {"bundle.yaml": dump(minimal_manifest()), "/etc/cron.d/evil": "x"})
    problem = only(check(path), "open")
    assert "绝对路径" in problem.message


def test_zip_member_with_windows_drive_path_is_refused(tmp_path):
    path = write_zip(tmp_path / "evil.zip", {"bundle.yaml": dump(minimal_manifest()), "C:/evil.txt": "x"})
    assert "绝对路径" in only(check(path), "open").message


def test_backslash_in_a_path_is_refused_in_chinese_and_english():
    with pytest.raises(bundle_files.BundleFileError) as caught:
        bundle_files.safe_relpath("images\\card.png")
    assert caught.value.message == "路径“images\\card.png”里有反斜杠。请用 / 分隔目录，例如 images/a.png。"
    assert "backslash" in caught.value.message_en
    assert caught.value.message_en.isascii()


def test_zip_member_with_a_backslash_is_refused(tmp_path):
    path = write_zip(tmp_path / "win.zip", {"bundle.yaml": dump(minimal_manifest()), "images\\card.png": "x"})
    problem = only(check(path), "open")
    assert "反斜杠" in problem.message and "backslash" in problem.message_en


def test_zip_symlink_member_is_refused(tmp_path):
    path = write_zip(
        tmp_path / "link.zip", {"bundle.yaml": dump(minimal_manifest()), symlink_info("source.md"): "/etc/passwd"}
    )
    problem = only(check(path), "open")
    assert "符号链接" in problem.message
    assert problem.file == "source.md"


def test_zip_with_too_many_entries_is_refused(tmp_path):
    members = {f"f/{i}.txt": b"" for i in range(bundle_files.MAX_ZIP_ENTRIES + 1)}
    path = write_zip(tmp_path / "many.zip", {"bundle.yaml": dump(minimal_manifest()), **members})
    problem = only(check(path), "open")
    assert "文件太多" in problem.message
    assert problem.file == "many.zip"


def test_zip_bomb_by_compression_ratio_is_refused(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle.yaml", dump(minimal_manifest()))
        with archive.open("source.md", "w") as member:
            zeros = bytes(1024 * 1024)
            for _ in range(50):
                member.write(zeros)
    assert path.stat().st_size < 1024 * 1024  # 50 MB in well under 1 MB
    problem = only(check(path), "open")
    assert "压缩炸弹" in problem.message
    assert problem.file == "source.md"


def test_truncated_zip_is_refused(make_bundle):
    path = make_bundle(as_zip=True)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    problem = only(check(path), "open")
    assert "损坏或不完整" in problem.message


def test_zip_with_corrupt_manifest_data_is_refused(make_bundle):
    path = make_bundle(manifest=dump(minimal_manifest()) * 20, as_zip=True)
    data = bytearray(path.read_bytes())
    start = data.find(b"bundle.yaml") + len("bundle.yaml")
    for offset in range(start + 10, start + 60):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    problem = only(check(path), "read")
    assert "读不出来" in problem.message


def test_zip_with_an_encrypted_member_is_refused(make_bundle):
    path = make_bundle(as_zip=True)
    set_encrypted_flag(path, "source.md")
    problem = only(check(path), "open")
    assert "加了密码" in problem.message
    assert problem.file == "source.md"


def test_zip_without_manifest_is_refused(tmp_path):
    path = write_zip(tmp_path / "empty.zip", {"a/readme.txt": "x", "b/readme.txt": "y"})
    problem = only(check(path), "no-manifest")
    assert "bundle.yaml" in problem.message


def test_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "bundle.zip"
    path.write_text("不是 zip", encoding="utf-8")
    assert "损坏或不完整" in only(check(path), "open").message


def test_missing_bundle_path_is_refused(tmp_path):
    problem = only(check(tmp_path / "nowhere"), "open")
    assert "找不到数据包" in problem.message


def test_bundle_yaml_path_given_directly_is_accepted(make_bundle):
    bundle = make_bundle()
    inspection = check(bundle / "bundle.yaml")
    assert inspection.ok and inspection.problems.items == []


def test_folder_without_manifest_is_refused(tmp_path):
    problem = only(check(tmp_path), "no-manifest")
    assert "bundle.yaml" in problem.message


# ---------------------------------------------------------------- charts


def with_chart(chart: dict, card: int = 0) -> dict:
    manifest = minimal_manifest()
    manifest["cards"][card]["detail"] = {"chart": chart}
    if "csv" in chart:  # the CSV's figures come from a second sentence of the article
        source = manifest["cards"][card]["source"]
        source["quote"] = [source["quote"], CSV_SENTENCE]
    return manifest


GOOD_SERIES = [{"name": "组织", "values": ["15.1万个", "1927万人"]}]


def test_chart_is_read(make_bundle):
    bundle = make_bundle(with_chart({"type": "bar", "categories": ["基层工会", "会员"], "series": GOOD_SERIES}))
    inspection = check(bundle)
    assert inspection.problems.items == []
    chart = inspection.manifest.cards[0].detail.chart
    assert chart.type is ChartType.BAR
    assert [f.text() for f in chart.series[0].values] == ["15.1万个", "1927万人"]


def test_chart_series_length_must_match_categories(make_bundle):
    bundle = make_bundle(with_chart({"type": "bar", "categories": ["基层工会"], "series": GOOD_SERIES}))
    problem = only(check(bundle), "chart")
    assert "有 2 个数字，但类别有 1 个" in problem.message
    assert (problem.card, problem.field, problem.line) == ("unions", "detail.chart", line_of(bundle, "type: bar"))


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


def test_chart_of_chinese_numerals_is_refused(make_bundle):
    manifest = with_chart({"type": "bar", "categories": ["一"], "series": [{"name": "出", "values": ["六出"]}]})
    inspection = check(make_bundle(manifest, source=SOURCE_TEXT + "六出\n"))
    assert "画不出来" in only(inspection, "chart").message


def test_chart_without_data_is_refused(make_bundle):
    assert "没有数据" in only(check(make_bundle(with_chart({"type": "bar"}))), "chart").message


CSV_CHART = {"type": "bar", "csv": "data/chart.csv", "unit": "万人"}
CSV_SENTENCE = "济南12.5万人，青岛8万人；去年11万人、7.5万人。"
CSV_SOURCE = SOURCE_TEXT + "济南 12.5万人，青岛 8万人；去年 11万人、7.5万人。\n"


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


def test_chart_with_both_csv_and_inline_data_is_refused(make_bundle):
    chart = dict(CSV_CHART, categories=["济南", "青岛"], series=[{"name": "今年", "values": ["12.5万人", "8万人"]}])
    csv_text = "城市,今年\n济南,12.5\n青岛,8\n"
    bundle = make_bundle(with_chart(chart), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    inspection = check(bundle)
    problem = only(inspection, "schema")
    assert problem.message == "图表只能用一种数据：csv 或 categories/series，请删掉其中一种。"
    assert problem.message_en
    assert (problem.card, problem.field, problem.line) == ("unions", "detail.chart", line_of(bundle, "type: bar"))
    assert "chart" not in codes(inspection)  # no follow-on count mismatch


def test_csv_cell_with_full_width_digits_says_so(make_bundle):
    csv_text = "城市,今年\n济南,１２.5\n"
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    problem = only(check(bundle), "csv")
    assert "半角数字" in problem.hint


# ---------------------------------------------------------------- theme, files, fonts


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


def test_bad_colour_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["display"] = {"theme": {"gold": "gold"}}
    problem = only(check(make_bundle(manifest)), "schema")
    assert "#RRGGBB" in problem.hint
    assert problem.field == "display.theme.gold"


def test_unused_file_is_a_warning(make_bundle):
    bundle = make_bundle(files={"extra/old.txt": "旧文件", "README.md": "说明", ".hidden": "x"})
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "unused-file", WARNING)
    assert problem.file == "extra/old.txt"


def test_missing_font_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/none.ttf"]
    bundle = make_bundle(manifest)
    problem = only(check(bundle, check_fonts=False), "missing-file")
    assert problem.field == "fonts"
    assert problem.line == line_of(bundle, "fonts:")


def test_bundle_font_is_read_for_coverage(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    inspection = check(make_bundle(manifest, files={"fonts/test.ttf": font()}), check_fonts=True)
    assert "bad-font" not in codes(inspection)


def test_font_that_is_not_a_font_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    bundle = make_bundle(manifest, files={"fonts/test.ttf": b"\x00\x01\x00\x00" + b"\xff" * 64})
    assert only(check(bundle, check_fonts=True), "bad-font").field == "fonts"


def test_font_with_a_damaged_cmap_is_refused_not_raised(make_bundle):
    # A cmap whose subtable offset points into the middle of another: fontTools
    # fails inside struct.unpack there, not with one of its own errors.
    damaged = bytes.fromhex(
        "00000002000000030000001400030001000000140004000c000000060004000100024f1a5de5ffff"
        "00004f1a5de5ffffb0e7a21c000100000000009c"
    )
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    bundle = make_bundle(manifest, files={"fonts/test.ttf": font(damaged)})
    assert only(check(bundle, check_fonts=True), "bad-font").field == "fonts"


def test_file_that_is_not_a_font_is_refused_by_the_kiosk_as_by_validate(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    bundle = make_bundle(manifest, files={"fonts/test.ttf": b"<html>not a font</html>"})
    for check_fonts in (True, False):
        problem = only(check(bundle, check_fonts=check_fonts), "bad-font")
        assert (problem.field, problem.line) == ("fonts", line_of(bundle, "fonts:"))
    with pytest.raises(BundleError) as caught:
        load_bundle(bundle)
    assert [p.code for p in caught.value.problems] == ["bad-font"]


@pytest.mark.parametrize("signature", [b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf"])
def test_a_font_that_is_only_a_header_is_refused_by_every_load(make_bundle, signature):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    bundle = make_bundle(manifest, files={"fonts/test.ttf": signature + b"\xff" * 64})
    for check_fonts in (True, False):
        assert only(check(bundle, check_fonts=check_fonts), "bad-font").field == "fonts"


def test_font_in_a_zip_is_checked_by_its_header(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    path = make_bundle(manifest, files={"fonts/test.ttf": b"PK\x03\x04 not a font"}, as_zip=True)
    assert only(check(path, check_fonts=False), "bad-font").field == "fonts"


# ---------------------------------------------------------------- load_bundle


def test_load_bundle_raises_bundle_error_with_every_problem(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["section"] = "nowhere"
    manifest["cards"][1]["headline"] = "近1001个"
    with pytest.raises(BundleError) as caught:
        load_bundle(make_bundle(manifest))
    assert {p.code for p in caught.value.problems} == {"unknown-section", "figure-not-in-quote"}
    assert "bundle.yaml:" in str(caught.value)


def test_load_bundle_returns_warnings_with_a_valid_bundle(make_bundle):
    bundle = load_bundle(make_bundle(files={"extra.txt": "x"}))
    try:
        assert [p.code for p in bundle.warnings] == ["unused-file"]
        assert bundle.files.read("source.md") == SOURCE_TEXT.encode()
    finally:
        bundle.close()


def test_every_error_of_a_badly_broken_bundle_is_reported_at_once(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["section"] = "nowhere"
    manifest["cards"][0]["image"] = "none.png"
    manifest["cards"][1]["related"] = ["ghost"]
    manifest["cards"][1]["source"]["source"] = "nope"
    inspection = check(make_bundle(manifest))
    assert {"unknown-section", "missing-file", "unknown-card", "unknown-source"} <= codes(inspection)



# ---------------------------------------------------------------- what fits on a detail page


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


def test_reading_a_bundle_leaves_the_garbage_collector_as_it_was(make_bundle):
    import gc

    broken = dump(minimal_manifest()).replace("label: 全省已建立基层工会", "label: 全省: 基层工会")
    for bundle in (make_bundle(), make_bundle(broken)):
        assert gc.isenabled()
        check(bundle)
        assert gc.isenabled()
    gc.disable()
    try:
        check(make_bundle())
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---------------------------------------------------------------- floods and oversized charts


def test_csv_of_a_million_bad_rows_costs_one_problem(make_bundle):
    csv_text = "城市,今年\n" + "x,y\n" * 1_000_000
    bundle = make_bundle(with_chart(CSV_CHART), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    inspection = check(bundle)
    assert [p.code for p in inspection.problems.errors] == ["csv-limit"]
    assert "超过" in inspection.problems.errors[0].message


def test_chart_value_of_400_digits_is_refused_before_it_reaches_an_axis(make_bundle):
    chart = {"type": "bar", "categories": ["甲"], "series": [{"name": "数量", "values": ["9" * 400 + "个"]}]}
    inspection = check(make_bundle(with_chart(chart)))
    assert "400 位数字" in only(inspection, "chart-value").message


def test_a_flood_of_unknown_keys_is_capped_with_a_count(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0].update({f"extra{i}": "x" for i in range(500)})
    inspection = check(make_bundle(manifest))
    assert inspection.ok
    assert len(inspection.problems.items) <= 20
    [omitted] = inspection.problems.omitted
    assert (omitted.code, omitted.count) == ("schema", 500 - len(inspection.problems.items))


# ---------------------------------------------------------------- pictures shared and pictures in bulk


def test_a_picture_shown_by_many_cards_is_decoded_once(make_bundle, monkeypatch):
    from kiosk.core import bundle as bundle_module

    decoded = []
    real = bundle_module._image_decodes
    monkeypatch.setattr(bundle_module, "_image_decodes", lambda *a, **kw: decoded.append(a) or real(*a, **kw))
    manifest = minimal_manifest()
    for card in manifest["cards"]:
        card["image"] = "images/card.png"
    assert check(make_bundle(manifest, files={"images/card.png": png(64, 32)})).ok
    assert len(decoded) == 1


def test_a_damaged_picture_shown_by_two_cards_names_both(make_bundle):
    manifest = minimal_manifest()
    for card in manifest["cards"]:
        card["image"] = "images/card.png"
    data = png(64, 32)
    inspection = check(make_bundle(manifest, files={"images/card.png": data[: len(data) * 2 // 3]}))
    assert sorted(p.card for p in inspection.problems.errors if p.code == "bad-image") == ["stations", "unions"]


def test_pictures_beyond_the_decoding_budget_are_refused(make_bundle, monkeypatch):
    from kiosk.core import limits

    monkeypatch.setattr(limits, "MAX_DECODED_PIXELS", 64 * 32 + 10)
    manifest = minimal_manifest()
    manifest["cards"][0]["image"] = "images/a.png"
    manifest["cards"][1]["image"] = "images/b.png"
    problem = only(check(make_bundle(manifest, files={"images/a.png": png(64, 32), "images/b.png": png(64, 32)})), "images-too-many")
    assert problem.card == "stations"
    assert "缩小" in problem.hint
