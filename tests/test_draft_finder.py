"""The figure finder: figures as written, their qualifiers, Chinese numerals, what is not a figure, 其中."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.core.checks.provenance import figure_in_text, normalise_source_text
from kiosk.core.draft.article import normalise, parse_article
from kiosk.core.draft.figures_in_text import FigureKind, NotAFigure, find_figures
from kiosk.core.figures import QualifierPosition

ROOT = Path(__file__).resolve().parent.parent


def texts(article: str) -> list[str]:
    return [f.text for f in find_figures(article).figures]


def reason_for(article: str, number: str) -> NotAFigure:
    """Why the number written ``number`` (and what follows it) is not a figure."""
    return next(r.reason for r in find_figures(article).rejected if r.text.startswith(number))


def only(article: str):
    (figure,) = find_figures(article).figures
    return figure


@pytest.mark.parametrize(
    ("sentence", "figure", "qualifier", "position"),
    [
        ("户外劳动者“爱心驿站”近1000个。", "近1000个", "近", QualifierPosition.BEFORE_NUMBER),
        ("开展了400余项省级竞赛。", "400余项", "余", QualifierPosition.AFTER_NUMBER),
        ("惠及职工900多万人次。", "900多万人次", "多", QualifierPosition.AFTER_NUMBER),
        ("与1.5万余名职工面对面交流。", "1.5万余名", "余", QualifierPosition.AFTER_MAGNITUDE),
        ("建制率均达97%以上。", "97%以上", "以上", QualifierPosition.AFTER_UNIT),
        ("服务职工超过100万人次。", "超过100万人次", "超过", QualifierPosition.BEFORE_NUMBER),
        ("参加活动的有100人左右。", "100人左右", "左右", QualifierPosition.AFTER_UNIT),
        ("吸引职工将近3000名。", "将近3000名", "将近", QualifierPosition.BEFORE_NUMBER),
    ],
)
def test_qualifier_stays_where_the_article_writes_it(sentence, figure, qualifier, position):
    found = only(sentence)
    assert (found.text, found.qualifier, found.position) == (figure, qualifier, position)
    assert found.figure.text() == figure


@pytest.mark.parametrize(
    ("sentence", "figure", "magnitude", "unit"),
    [
        ("共筹集发放资金18.1亿元。", "18.1亿元", "亿", "元"),
        ("清理整改场地面积4.54万平方米。", "4.54万平方米", "万", "平方米"),
        ("全省已建立基层工会15.1万个。", "15.1万个", "万", "个"),
        ("接待处理职工信访5.2万件次。", "5.2万件次", "万", "件次"),
        ("覆盖率提高了3个百分点。", "3个百分点", "", "个百分点"),
        ("赴全省17市开展集中宣讲。", "17市", "", "市"),
    ],
)
def test_magnitude_and_unit_as_written(sentence, figure, magnitude, unit):
    found = only(sentence)
    assert (found.text, found.magnitude, found.unit) == (figure, magnitude, unit)


def test_markdown_bold_and_spaces_do_not_split_a_figure():
    assert texts("目前,全省已建立基层工会 **15.1** 万个,工会会员发展到 **1927** 万人。") == ["15.1万个", "1927万人"]


def test_thousands_comma_is_read_as_validate_reads_it():
    assert texts("全市建成职工书屋1,070个。") == ["1070个"]


@pytest.mark.parametrize(
    ("sentence", "figure", "value"),
    [
        ("六出“大戏”连台上演。", "六出", Decimal(6)),
        ("开展两期知识培训。", "两期", Decimal(2)),
        ("服务职工十二万人。", "十二万人", Decimal(120000)),
        ("资助一千二百名困难职工子女。", "一千二百名", Decimal(1200)),
    ],
)
def test_chinese_numerals_are_figures_with_their_value(sentence, figure, value):
    pytest.importorskip("cn2an")
    found = only(sentence)
    assert found.text == figure
    assert found.number == value


def test_arabic_value_with_magnitude():
    assert only("与1.5万余名职工交流。").number == Decimal(15000)


@pytest.mark.parametrize(
    ("sentence", "number", "reason"),
    [
        ("2021年9月，市总工会召开会议。", "2021年", NotAFigure.DATE),
        ("大会将于12月9日在济南召开。", "12月", NotAFigure.DATE),
        ("2014年以来，各级工会不断创新。", "2014年", NotAFigure.YEAR),
        ("目前是第十四届委员会。", "十四届", NotAFigure.ORDINAL),
        ("他获得全省第15名。", "15名", NotAFigure.ORDINAL),
        ("五年来，工会工作成效明显。", "五年", NotAFigure.TIME_SPAN),
        ("近年来，工会不断发展。", None, None),
        ("成功举办历时3个多月的运动会。", "3个", NotAFigure.TIME_SPAN),
        ("服务热线0531-86951234全天开通。", "0531", NotAFigure.PHONE),
        ("详见 https://www.example.org/2024/100个 。", "2024", NotAFigure.URL),
        ("学习贯彻党的十九大精神。", "十九大", NotAFigure.NAME),
        ("“三个工程”“三个十条”。", "三个工程", NotAFigure.NAME),
        ("围绕建设“五型工会”全局。", "五型", NotAFigure.NAME),
        ("在省工会十五次代表大会召开之际。", "十五次", NotAFigure.NAME),
        ("每30人到50人建立一个“家”。", "30人", NotAFigure.RATE),
        ("成立一个职工之家。", "一个", NotAFigure.VAGUE),
        ("2000万打造“智慧工会”。", "2000万", NotAFigure.NO_UNIT),
    ],
)
def test_not_a_figure(sentence, number, reason):
    findings = find_figures(sentence)
    assert findings.figures == ()
    if number is not None:
        assert reason_for(sentence, number) is reason


def test_a_url_is_never_a_figure():
    findings = find_figures("详见 https://www.example.org/2024/100个 。")
    assert findings.figures == ()
    assert {r.reason for r in findings.rejected} == {NotAFigure.URL}


def test_range_after_every_is_a_rate_both_ends():
    assert reason_for("每30人到50人建立一个“家”。", "50人") is NotAFigure.RATE


def test_founding_year_is_kept_for_an_opening_card():
    found = only("山东省总工会前身为山东省职工抗日联合总会，1940年8月6日在临沂青驼寺成立。")
    assert found.kind is FigureKind.FOUNDING_YEAR
    assert found.text == "1940年"
    assert not found.figure.animate
    assert found.label == "在临沂青驼寺成立"


def test_a_year_that_is_not_a_founding_is_not_a_figure():
    assert texts("2013年以来，权益保障工作聚焦目标任务；2014年，省总工会启动评选。") == []


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("五级服务体系更加健全，建成“妈妈小屋”2520个。", "建成“妈妈小屋”"),
        ("选聘社会化工会工作者1108人，省市县三级工会共拨付专项经费补助3.2亿元。", "选聘社会化工会工作者"),
        ("15万人参加劳动竞赛。", "参加劳动竞赛"),
        ("2000万元，打造全国一流的“智慧工会”。", "打造全国一流的“智慧工会”"),
    ],
)
def test_label_is_what_the_figure_counts(sentence, label):
    assert find_figures(sentence).figures[0].label == label


def test_figures_of_a_list_each_get_their_own_label():
    found = find_figures("覆盖服务职工群众1.93亿人、日服务230.97万人次。").figures
    assert [(f.text, f.label) for f in found] == [("1.93亿人", "覆盖服务职工群众"), ("230.97万人次", "日服务")]


def test_part_of_whole_in_one_sentence():
    (relation,) = find_figures("全省女职工196.78万人，其中工会会员189.29万人。").relations
    assert relation.whole.text == "196.78万人"
    assert [p.text for p in relation.parts] == ["189.29万人"]


def test_part_of_whole_when_other_opens_the_next_sentence():
    article = (
        "全国已建成工会驿站18.61万个，覆盖服务职工群众1.93亿人。其中，建成智能化驿站1.18万个、24小时驿站1.21万个。"
    )
    (relation,) = find_figures(article).relations
    assert relation.whole.text == "18.61万个"
    assert [p.text for p in relation.parts] == ["1.18万个", "1.21万个"]


def test_parts_larger_than_the_whole_are_no_part_of_it():
    assert find_figures("建成托管班257个，其中省总工会建了1000个示范点。").relations == ()


def test_every_figure_stands_whole_in_its_sentence_as_validate_checks_it():
    for path in [
        ROOT / "data" / "shandong" / "source.md",
        *sorted((ROOT / "tests" / "data" / "articles").glob("*.md")),
    ]:
        for figure in find_figures(path.read_text(encoding="utf-8")).figures:
            assert figure_in_text(figure.figure, figure.sentence.text), (path.name, figure.text)


def test_sentences_are_in_the_form_validate_compares():
    for path in [
        ROOT / "data" / "shandong" / "source.md",
        *sorted((ROOT / "tests" / "data" / "articles").glob("*.md")),
    ]:
        text = path.read_text(encoding="utf-8")
        assert normalise(text) == normalise_source_text(text)
        whole = normalise_source_text(text)
        assert all(s.text in whole for s in parse_article(text).sentences)


def test_headings_and_title():
    article = parse_article(
        "# 某市总工会工作“数”读\n\n## 组织建设\n\n建立基层工会15个。\n\n一、服务职工\n\n建成驿站3个。\n"
    )
    assert article.title == "某市总工会工作“数”读"
    assert article.headings == ("组织建设", "一、服务职工")
    assert [p.heading for p in article.paragraphs] == ["组织建设", "一、服务职工"]


def test_a_byline_is_not_a_heading():
    assert parse_article("# 标题\n\n本报记者 周国芳\n\n建成驿站3个。\n").headings == ()


def test_importing_the_finder_does_not_import_cn2an():
    import subprocess
    import sys

    code = "import sys, kiosk.core.draft.figures_in_text; print('cn2an' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
