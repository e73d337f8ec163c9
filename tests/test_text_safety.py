"""Control and format characters in bundle text: refused in the manifest, escaped when printed."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

from kiosk.core.problems import Severity
from kiosk.core.text_safety import ALLOWED_FORMAT, character_name, first_unsafe, for_terminal, is_unsafe
from tests.bundles import check, codes, dump, line_of, minimal_manifest, only

ESC_SEQUENCE = "\x1b[31m"  # turns a terminal's text red
TITLE_SEQUENCE = "\x1b]0;title\x07"  # sets a terminal window's title


# ---------------------------------------------------------------- which characters


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f",
     "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029", "\U000e0041", "\ud800"],
)  # fmt: skip
def test_controls_and_invisible_format_characters_are_unsafe_everywhere(char):
    assert is_unsafe(char)
    assert is_unsafe(char, multiline=True)


@pytest.mark.parametrize("char", ["\n", "\t"])
def test_newline_and_tab_are_safe_only_in_multiline_text(char):
    assert is_unsafe(char)
    assert not is_unsafe(char, multiline=True)


@pytest.mark.parametrize(
    "text", ["山东省总工会", "“工会会员服务卡”覆盖职工", "97%以上", "第一\u3000段", "Café", "👩\u200d👩\u200d👧"]
)
def test_chinese_text_full_width_space_accents_and_emoji_joiners_are_safe(text):
    assert first_unsafe(text) is None


def test_first_unsafe_finds_the_position():
    assert first_unsafe("组织\x1b建设") == 2
    assert first_unsafe("一行\n两行") == 2
    assert first_unsafe("一行\n两行", multiline=True) is None


def test_every_format_character_of_this_python_is_unsafe_but_the_joiners():
    """The hand-written character class keeps up with the running Python's Unicode tables."""
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        category = unicodedata.category(char)
        expected = category in {"Cc", "Cs", "Zl", "Zp"} or (category == "Cf" and char not in ALLOWED_FORMAT)
        if category == "Cn":  # not assigned yet: the class may cover format characters of newer Unicode
            continue
        assert is_unsafe(char) == expected, f"U+{point:04X} {category}"


def test_character_names_say_what_a_control_is():
    assert character_name("\x1b") == "U+001B ESC"
    assert character_name("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"


# ---------------------------------------------------------------- printing


def test_for_terminal_shows_escape_sequences_as_visible_escapes():
    shown = for_terminal(f"组织{TITLE_SEQUENCE}建设\u202e")
    assert shown == "组织\\u001b]0;title\\u0007建设\\u202e"
    assert first_unsafe(shown) is None


def test_for_terminal_keeps_newlines_unless_told_the_text_is_one_line():
    assert for_terminal("第一行\n第二行") == "第一行\n第二行"
    assert for_terminal("第一行\n第二行", multiline=False) == "第一行\\u000a第二行"


def test_for_terminal_leaves_plain_text_alone():
    text = "近1000个 户外劳动者“爱心驿站” C:\\path"
    assert for_terminal(text) == text


def test_for_terminal_keeps_json_valid_and_the_same():
    data = {"label": "a\x7fb\x9bc\u202ed\U000e0041e\x1b", "中文": "一\n二"}
    dumped = json.dumps(data, ensure_ascii=False, indent=2)
    shown = for_terminal(dumped)
    assert first_unsafe(shown, multiline=True) is None
    assert json.loads(shown) == data


def test_for_terminal_escapes_lone_surrogates_so_printing_cannot_fail():
    shown = for_terminal("a\ud800b")
    shown.encode("utf-8")  # would raise on the raw surrogate
    assert shown == "a\\ud800b"


# ---------------------------------------------------------------- the manifest refuses them


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


def test_unknown_key_with_an_escape_is_reported_and_its_echo_escaped(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["la\x1b[8mbel"] = "x"
    problem = only(check(make_bundle(manifest)), "schema", Severity.WARNING)
    assert "不认识的键" in problem.message
    assert "\x1b" not in problem.describe()
    assert "la\\u001b[8mbel" in problem.describe()


def test_a_zero_width_joiner_is_not_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["explanation"] = "工会👩\u200d👩\u200d👧之家"
    assert check(make_bundle(manifest)).ok
