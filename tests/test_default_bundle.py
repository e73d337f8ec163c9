"""The default bundle shows every figure of its article, and nothing else.

A union's public display must never show a number its source does not
contain.  These tests read the article itself and compare.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.core.bundle import inspect_bundle, load_bundle
from kiosk.core.checks.provenance import normalise_source_text
from kiosk.core.texts import displayed_texts
from kiosk.resources import default_bundle

ARTICLE = default_bundle() / "source.md"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_bf124e9468f803ee.txt"
NUMBER = re.compile(r"\d+(?:\.\d+)?")

# Every figure of the article, as the article writes it.
ARTICLE_FIGURES = [
    "15.1万个", "1927万人", "15万人", "2000万元", "1940年", "45项", "400余项", "27项",
    "239.2万项", "11个", "33个", "52.6万名", "5万元", "30万元", "148名", "994名", "4000多家",
    "17市", "1.5万余名", "97%以上", "591万件", "34.6万项", "12.4万项", "5.6万项", "4000多个",
    "5.2万件次", "16.5万户", "511万人", "900多万人次", "2.5万名", "18.1亿元", "1024.4万人次",
    "2520个", "近1000个", "1108人", "3.2亿元", "112家", "4.54万平方米", "7家", "11家",
]  # fmt: skip


@pytest.fixture(scope="module")
def bundle():
    loaded = load_bundle(default_bundle())
    yield loaded
    loaded.close()


@pytest.fixture(scope="module")
def article() -> str:
    return normalise_source_text(ARTICLE.read_text(encoding="utf-8"))


def test_bundled_article_is_the_seed_article():
    if not SEED.exists():
        pytest.skip("the seed article is not beside this checkout")
    assert ARTICLE.read_bytes() == SEED.read_bytes()


def test_default_bundle_is_valid_without_warnings():
    inspection = inspect_bundle(default_bundle(), check_fonts=True)
    assert inspection.ok, [p.describe() for p in inspection.problems.items]
    assert inspection.problems.warnings == [], [p.describe() for p in inspection.problems.warnings]


def test_every_figure_of_the_article_is_on_a_card(bundle):
    shown = {f.text() for card in bundle.manifest.cards for f in card.all_figures()}
    missing = [figure for figure in ARTICLE_FIGURES if figure not in shown]
    assert missing == []


def test_every_figure_the_article_prints_is_in_our_list(article):
    """Guards the list above: each number of the article is covered by it."""
    listed = " ".join(ARTICLE_FIGURES) + " 1940年8月6日 12月9日 2014年 2013年"
    for number in set(NUMBER.findall(article)):
        assert number in NUMBER.findall(listed), number


def test_every_figure_on_screen_is_written_as_the_article_writes_it(bundle, article):
    for card in bundle.manifest.cards:
        for figure in card.all_figures():
            assert figure.text() in article, (card.id, figure.text())


def test_no_number_on_screen_that_the_article_does_not_contain(bundle, article):
    article_numbers = set(NUMBER.findall(article))
    for card, field, text in displayed_texts(bundle.manifest):
        for number in NUMBER.findall(text):
            assert number in article_numbers, f"{card}.{field}: {number} in {text!r}"


def test_every_card_quotes_its_sentence_from_the_article(bundle, article):
    for card in bundle.manifest.cards:
        assert card.source is not None, card.id
        assert card.source.quote, card.id
        assert normalise_source_text(card.source.quote) in article, card.id
        assert card.headline.text() in normalise_source_text(card.source.quote), card.id


def test_every_card_cites_the_article_and_its_author(bundle):
    source = bundle.manifest.source("article")
    assert source is not None
    assert source.title == "聚焦五年工作“闪光点” 擦亮山东工会名片"
    assert source.author == "本报记者 周国芳"
    assert all(card.source and card.source.source == "article" for card in bundle.manifest.cards)


def test_qualifiers_are_kept_exactly(bundle):
    headlines = {card.headline.text() for card in bundle.manifest.cards}
    for expected in ("400余项", "近1000个", "900多万人次", "97%以上", "1.5万余名", "4000多家", "4000多个"):
        assert expected in headlines


def test_history_card_opens_the_deck(bundle):
    first = bundle.manifest.play_order()[0]
    assert first.headline.text() == "1940年"
    assert not first.headline.animate
    text = first.explanation + (first.detail.text if first.detail else "") + first.source.quote
    for fact in (
        "1940年8月6日",
        "临沂青驼寺",
        "山东省职工抗日联合总会",
        "第十四届委员会",
        "十五次代表大会",
        "12月9日",
        "济南",
    ):
        assert fact in text


def test_charts_combine_only_the_articles_figures(bundle, article):
    charts = [c.detail.chart for c in bundle.manifest.cards if c.detail and c.detail.chart]
    assert charts
    for chart in charts:
        for series in chart.series:
            for figure in series.values:
                assert figure.text() in article


def test_sections_follow_the_article(bundle):
    titles = [s.title for s in bundle.manifest.sections]
    assert titles[:2] == ["历史沿革", "组织建设"]
    for title in ("劳动和技能竞赛", "技术创新", "劳模与职工文化", "权益保障与帮扶", "普惠服务", "工人文化宫"):
        assert title in titles


def test_every_figure_of_the_deck_stands_in_its_own_cards_sentence(bundle):
    from kiosk.core.checks.provenance import figure_in_text, shown_figures

    for card in bundle.manifest.cards:
        quotes = [normalise_source_text(q) for q in card.source.quotes]
        for field_name, figure in shown_figures(card):
            assert any(figure_in_text(figure, q) for q in quotes), (card.id, field_name, figure.text())
