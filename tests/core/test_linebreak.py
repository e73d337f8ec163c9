"""Where Chinese lines may break: at punctuation and between words, never inside figures, names or words."""

from __future__ import annotations

import pytest

from kiosk.core import linebreak
from kiosk.core.segmenter import Segmenter


@pytest.fixture(autouse=True)
def words():
    return linebreak.load_words()


def test_figures_with_qualifier_magnitude_and_unit_stay_whole():
    for figure in ("近1000个", "18.1亿元", "4.54万平方米", "97%以上", "900多万人次", "400余项", "1.5万余名", "2520个"):
        units = linebreak.units(f"全省共有{figure}，比去年多")
        assert f"{figure}，" in units, (figure, units)


def test_a_figure_never_loses_its_unit_even_before_a_word():
    assert "2520个" in "|".join(linebreak.units("建成2520个妈妈小屋"))
    assert not any(unit.startswith("个") for unit in linebreak.units("建成2520个妈妈小屋"))


def test_dates_stay_in_their_parts():
    units = linebreak.units("1940年8月6日在临沂成立")
    assert units[:3] == ["1940年", "8月", "6日"]


def test_closing_punctuation_never_starts_and_opening_never_ends_a_unit():
    for unit in linebreak.units("工会（基层）建设“悦读吧”，《工会新时空》、活动。然后……继续——完成！"):
        assert unit[0] not in linebreak.NO_LINE_START, unit
        assert unit[-1] not in linebreak.NO_LINE_END, unit


def test_a_quoted_name_stays_whole():
    assert "“妈妈小屋”" in linebreak.units("建成“妈妈小屋”")
    assert "《工会新时空》" in linebreak.units("联办《工会新时空》")


def test_a_quoted_sentence_may_break_inside():
    quoted = "“时代在发展，事业在创新，工会工作也要发展、也要创新。”"
    assert len(linebreak.units(quoted)) > 3


def test_names_and_terms_of_the_deck_are_never_split(words):
    text = "本报记者周国芳报道，1940年在临沂青驼寺成立，是第十四届委员会。省工会代表大会在济南召开，表彰先进工作者，开展立功竞赛，基本完成整改。"
    units = linebreak.units(text)
    for name in ("周国芳", "青驼寺", "济南", "省工会", "委员会", "先进工作者", "立功竞赛", "整改"):
        assert any(name in unit for unit in units), (name, units)


def test_words_of_the_segmenter_are_never_split(words):
    text = "户外劳动者爱心驿站提供服务"
    units = linebreak.units(text)
    for start, end in words.spans(text):
        assert any(text[start:end] in unit for unit in units), (text[start:end], units)


def test_latin_words_and_numbers_stay_whole_and_break_after_spaces():
    assert linebreak.units("版本 Union Hall 1.2") == ["版本 ", "Union ", "Hall ", "1.2"]
    assert linebreak.units("导出PDF文件") == ["导出", "PDF", "文件"]


def test_units_put_together_give_the_text_back():
    text = "五年来，“四季服务”活动共筹集发放资金18.1亿元，帮扶、慰问、服务职工1024.4万人次。"
    assert "".join(linebreak.units(text)) == text


def test_before_the_words_are_read_the_first_frame_looks_them_up_in_the_file(monkeypatch):
    monkeypatch.setattr(linebreak, "_segmenter", None)
    monkeypatch.setattr(linebreak, "_load", lambda: pytest.fail("deferred: the word list must not be read"))
    with linebreak.words_deferred():
        units = linebreak.units("近1000个爱心驿站，山东省职工抗日联合总会")
    assert "近1000个" in units
    assert "爱心驿站，" in units
    assert "总会" in units  # never 总/会, as the first screenshot of a portrait screen had it


def test_without_a_word_file_the_first_frame_breaks_by_the_rules_alone(monkeypatch, caplog):
    monkeypatch.setattr(linebreak, "_segmenter", None)
    monkeypatch.setattr(linebreak, "WORD_TOTALS_FILE", "segmenter/missing.txt")
    linebreak._word_file.cache_clear()
    try:
        with linebreak.words_deferred():
            units = linebreak.units("近1000个爱心驿站")
    finally:
        linebreak._word_file.cache_clear()
    assert "近1000个" in units
    assert "no Chinese word list to look words up in" in caplog.text


def test_the_generation_changes_when_the_words_arrive(monkeypatch):
    monkeypatch.setattr(linebreak, "_segmenter", None)
    before = linebreak.generation()
    linebreak.load_words_in_background().join(timeout=10)
    assert linebreak.generation() == before + 1
    assert linebreak.units("委员会") == ["委员会"]


def test_a_missing_word_list_leaves_the_rules_without_words(monkeypatch, caplog):
    monkeypatch.setattr(linebreak, "_segmenter", None)
    monkeypatch.setattr(linebreak, "WORDS_FILE", "segmenter/missing.txt")
    assert isinstance(linebreak.load_words(), Segmenter)
    assert "no Chinese word list" in caplog.text
