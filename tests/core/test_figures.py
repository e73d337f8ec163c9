"""Figures read and written exactly as the article prints them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.figures import (
    CHINESE_NUMERALS,
    CHINESE_VALUE,
    DEFAULT_POSITIONS,
    Figure,
    FigureTextError,
    QualifierPosition,
    default_position,
    format_figures,
    parse_figure,
    plot_value,
)

P = QualifierPosition

# ---------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (Figure("1000", unit="个", qualifier="近"), "近1000个"),
        (Figure("3000", unit="人", qualifier="约"), "约3000人"),
        (Figure("50", unit="%", qualifier="超过"), "超过50%"),
        (Figure("900", unit="人次", magnitude="万", qualifier="多", qualifier_position=P.AFTER_NUMBER), "900多万人次"),
        (Figure("400", unit="项", qualifier="余"), "400余项"),
        (Figure("400", unit="项", qualifier="余", qualifier_position=P.AFTER_NUMBER), "400余项"),
        (Figure("1.5", unit="名", magnitude="万", qualifier="余"), "1.5万余名"),
        (Figure("1.5", unit="名", magnitude="万", qualifier="余", qualifier_position=P.AFTER_MAGNITUDE), "1.5万余名"),
        (Figure("97", unit="%", qualifier="以上"), "97%以上"),
        (Figure("100", unit="人", qualifier="左右", qualifier_position=P.AFTER_UNIT), "100人左右"),
        (Figure("4000", unit="家", qualifier="多"), "4000多家"),
    ],
)
def test_qualifier_stands_where_the_article_puts_it(figure, text):
    assert figure.text() == text


@pytest.mark.parametrize(
    ("qualifier", "position"),
    [
        ("近", P.BEFORE_NUMBER),
        ("约", P.BEFORE_NUMBER),
        ("超过", P.BEFORE_NUMBER),
        ("余", P.AFTER_MAGNITUDE),
        ("多", P.AFTER_MAGNITUDE),
        ("以上", P.AFTER_UNIT),
        ("左右", P.AFTER_UNIT),
        ("大约有", P.BEFORE_NUMBER),  # unknown qualifiers go before the number
    ],
)
def test_each_qualifier_has_a_default_position(qualifier, position):
    assert default_position(qualifier) is position


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (Figure("15.1", unit="个", magnitude="万"), "15.1万个"),
        (Figure("18.1", unit="元", magnitude="亿"), "18.1亿元"),
        (Figure("3", unit="元", magnitude="万亿"), "3万亿元"),
        (Figure("1108", unit="人"), "1108人"),
        (Figure("45", unit="项"), "45项"),
        (Figure("2000", unit="元", magnitude="万"), "2000万元"),
        (Figure("4.54", unit="平方米", magnitude="万"), "4.54万平方米"),
        (Figure("97", unit="%"), "97%"),
        (Figure("1024.4", unit="人次", magnitude="万"), "1024.4万人次"),
        (Figure("5.2", unit="件次", magnitude="万"), "5.2万件次"),
    ],
)
def test_magnitude_and_unit_follow_the_number(figure, text):
    assert figure.text() == text


def test_parts_split_the_number_from_its_words():
    assert Figure("900", unit="人次", magnitude="万", qualifier="多", qualifier_position=P.AFTER_NUMBER).parts() == (
        "",
        "900",
        "多万人次",
    )
    assert Figure("1000", unit="个", qualifier="近").parts() == ("近", "1000", "个")
    assert Figure("97", unit="%", qualifier="以上").parts() == ("", "97", "%以上")
    assert Figure("5", unit="元", prefix="¥", suffix="整").parts() == ("¥", "5", "元整")


def test_format_figures_joins_with_the_chinese_list_comma():
    assert format_figures([parse_figure("11个"), parse_figure("33个")]) == "11个、33个"


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "value", "magnitude", "unit", "qualifier", "position"),
    [
        ("15.1万个", "15.1", "万", "个", "", P.BEFORE_NUMBER),
        ("近1000个", "1000", "", "个", "近", P.BEFORE_NUMBER),
        ("900多万人次", "900", "万", "人次", "多", P.AFTER_NUMBER),
        ("1.5万余名", "1.5", "万", "名", "余", P.AFTER_MAGNITUDE),
        ("97%以上", "97", "", "%", "以上", P.AFTER_UNIT),
        ("400余项", "400", "", "项", "余", P.AFTER_MAGNITUDE),  # no magnitude: both positions read alike
        ("3.2亿元", "3.2", "亿", "元", "", P.BEFORE_NUMBER),
        ("超过50%", "50", "", "%", "超过", P.BEFORE_NUMBER),
        ("六出", "六", "", "出", "", P.BEFORE_NUMBER),
        ("1940年", "1940", "", "年", "", P.BEFORE_NUMBER),
    ],
)
def test_parse_reads_every_part(text, value, magnitude, unit, qualifier, position):
    figure = parse_figure(text)
    assert (figure.value, figure.magnitude, figure.unit, figure.qualifier) == (value, magnitude, unit, qualifier)
    assert figure.position is position
    assert figure.text() == text


def test_parse_ignores_surrounding_spaces():
    assert parse_figure("  近1000个 ").text() == "近1000个"


@pytest.mark.parametrize("text", ["", "很多个", "个", "近", "1000个2", "近1000多个以上", "1,000个", "-5个", "1e5个"])
def test_parse_refuses_text_that_is_not_one_figure(text):
    with pytest.raises(FigureTextError):
        parse_figure(text)


@pytest.mark.parametrize("text", ["１０００个", "近１５.１万个", "15．1万个", "٣个"])
def test_parse_refuses_digits_that_are_not_ascii_saying_so(text):
    with pytest.raises(FigureTextError) as caught:
        parse_figure(text)
    assert "请用半角数字 0-9" in caught.value.message
    assert caught.value.message_en


def test_full_width_digits_hint_gives_the_figure_in_ascii_digits():
    with pytest.raises(FigureTextError) as caught:
        parse_figure("近１５．１万个")
    assert "“近15.1万个”" in caught.value.hint


def test_full_width_digits_are_not_arabic():
    assert not Figure("１０００").is_arabic
    assert Figure("１０００").number is None


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("3千人", "3000人"),
        ("3.5千人", "3500人"),
        ("5百个", "500个"),
        ("2十名", "20名"),
        ("3千万元", "3000万元"),
        ("近3千人", "近3000人"),
    ],
)
def test_thousand_hundred_or_ten_after_arabic_digits_is_refused_with_the_number_in_full(text, suggestion):
    with pytest.raises(FigureTextError) as caught:
        parse_figure(text)
    assert caught.value.hint == f"请写成 {suggestion}。"
    assert "只有万、亿、万亿是数量级" in caught.value.message
    assert suggestion in caught.value.message_en
    assert parse_figure(suggestion).text() == suggestion


@pytest.mark.parametrize("text", ["三千人", "五百个", "3千米", "1.5千克", "30千瓦时", "2个百分点", "0.5百分点"])
def test_chinese_numerals_and_units_that_start_with_thousand_are_still_read(text):
    assert parse_figure(text).text() == text


def test_text_and_mapping_forms_take_the_same_chinese_numerals():
    assert CHINESE_VALUE.match(parse_figure("一千二百个").value)
    assert all(parse_figure(ch + "个").value == ch for ch in CHINESE_NUMERALS)
    assert not CHINESE_VALUE.match("一万")  # 万 is a magnitude, never part of the number
    assert parse_figure("一万个").magnitude == "万"


def test_every_default_qualifier_is_read_in_its_place():
    for qualifier, position in DEFAULT_POSITIONS.items():
        figure = Figure("100", unit="个", qualifier=qualifier)
        parsed = parse_figure(figure.text())
        assert (parsed.qualifier, parsed.position) == (qualifier, position)


@pytest.mark.parametrize("text", ["15.1", "15.10", "0.5", "1024.40", "007"])
def test_decimals_stay_exactly_as_written(text):
    figure = parse_figure(text + "万个")
    assert figure.value == text
    assert figure.text() == text + "万个"
    assert figure.decimals == len(text.partition(".")[2])


def test_value_is_never_a_float():
    figure = parse_figure("15.1万个")
    assert isinstance(figure.value, str)
    assert figure.number == Decimal("15.1")


# ---------------------------------------------------------------- round trip

QUALIFIERS = {
    P.BEFORE_NUMBER: ["近", "将近", "约", "超过", "超", "逾", "达"],
    P.AFTER_NUMBER: ["余", "多"],
    P.AFTER_MAGNITUDE: ["余", "多"],
    P.AFTER_UNIT: ["以上", "以下", "左右", "上下"],
}
UNITS = ["", "个", "人", "项", "元", "平方米", "%", "人次", "件次", "名", "家", "户", "万人"]

arabic = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.builds(lambda i, d: f"{i}.{d}", st.integers(0, 99_999), st.text("0123456789", min_size=1, max_size=4)),
)
chinese = st.text("零一二两三四五六七八九十百千", min_size=1, max_size=4)


@st.composite
def figures(draw):
    value = draw(st.one_of(arabic, chinese))
    position = draw(st.sampled_from([None, *QualifierPosition]))
    qualifier = "" if draw(st.booleans()) else draw(st.sampled_from(QUALIFIERS[position or P.BEFORE_NUMBER]))
    if qualifier and position is None:
        position = default_position(qualifier)
    return Figure(
        value=value,
        unit=draw(st.sampled_from(UNITS)),
        magnitude=draw(st.sampled_from(["", "万", "亿", "万亿"])),
        qualifier=qualifier,
        qualifier_position=draw(st.sampled_from([position, None])) if qualifier else None,
    )


@settings(max_examples=300, deadline=None)
@given(figures())
def test_format_parse_format_is_stable(figure):
    text = figure.text()
    parsed = parse_figure(text)
    assert parsed.text() == text
    assert parse_figure(parsed.text()).text() == text
    if figure.is_arabic:
        assert parsed.number == figure.number


# ---------------------------------------------------------------- count-up


@settings(max_examples=200, deadline=None)
@given(figures())
def test_last_frame_is_exactly_the_figure(figure):
    assert figure.frame_text(1.0) == figure.text()
    assert figure.frame_number(1.0) == figure.value


@settings(max_examples=200, deadline=None)
@given(figures().filter(lambda f: f.is_arabic), st.lists(st.floats(0, 1), min_size=2, max_size=20))
def test_frames_climb_to_the_target_and_never_pass_it(figure, progresses):
    target = Decimal(figure.value)
    numbers = [figure.frame_number(p) for p in sorted(progresses)]
    for number in numbers:
        assert Decimal(number) <= target
        assert len(number.partition(".")[2]) == figure.decimals
    assert [Decimal(n) for n in numbers] == sorted(Decimal(n) for n in numbers)


def test_frames_keep_the_decimals_of_the_source():
    figure = parse_figure("15.10万个")
    assert figure.frame_text(0) == "0.00万个"
    assert figure.frame_text(0.5) == "7.55万个"
    assert figure.frame_text(1) == "15.10万个"


def test_frames_keep_words_around_the_number():
    figure = parse_figure("900多万人次", animate=True)
    assert figure.frame_text(0.5) == "450多万人次"
    assert parse_figure("近1000个").frame_text(0.25) == "近250个"


@pytest.mark.parametrize("progress", [-1.0, -0.0, float("nan"), 2.0, float("inf")])
def test_frames_outside_zero_to_one_are_clamped(progress):
    figure = parse_figure("1024.4万人次")
    assert figure.frame_number(progress) in ("0.0", "1024.4")


def test_frame_accepts_numpy_floats_and_huge_values():
    import numpy as np

    assert parse_figure("1000个").frame_text(np.float64(0.5)) == "500个"
    huge = Figure("9" * 60, unit="个")
    assert huge.frame_number(0.5).isdigit()
    assert Decimal(huge.frame_number(0.999)) <= Decimal(huge.value)


@pytest.mark.parametrize("progress", [0.0, 0.3, 0.99])
def test_chinese_numerals_do_not_count_up(progress):
    figure = parse_figure("六出")
    assert not figure.is_arabic
    assert figure.frame_text(progress) == "六出"


def test_figures_marked_not_to_animate_stay_still():
    year = parse_figure("1940年", animate=False)
    assert year.frame_text(0.1) == "1940年"


def test_widest_number_is_the_value():
    assert parse_figure("1024.4万人次").widest_number() == "1024.4"


# ---------------------------------------------------------------- charts


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("15.1万个", 151_000.0),
        ("3.2亿元", 320_000_000.0),
        ("近1000个", 1000.0),
        ("97%以上", 97.0),
        ("2万亿元", 2e12),
        ("0.5个", 0.5),
    ],
)
def test_plot_value_scales_by_magnitude(text, value):
    assert plot_value(parse_figure(text)) == value


def test_plot_value_refuses_chinese_numerals():
    with pytest.raises(FigureTextError):
        plot_value(parse_figure("六出"))
