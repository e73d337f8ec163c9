"""Control and format characters in bundle text: refused in the manifest, escaped when printed."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

from kiosk.core.text_safety import ALLOWED_FORMAT, character_name, first_unsafe, for_terminal, is_unsafe

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
