"""Every figure a card shows is traced to the card's own sentence in the source."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.bundle import inspect_bundle
from kiosk.core.checks.provenance import figure_in_text, normalise_source_text, sentences
from kiosk.core.figures import parse_figure
from kiosk.core.problems import Severity
from tests.bundles import SOURCE_TEXT, check, dump, line_of, minimal_manifest, only

WARNING = Severity.WARNING


DEFAULT = Path(__file__).resolve().parents[3] / "data" / "shandong"


def default_deck() -> dict:
    return yaml.safe_load((DEFAULT / "bundle.yaml").read_text(encoding="utf-8"))


def write_deck(folder: Path, manifest: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT / "source.md", folder / "source.md")
    (folder / "bundle.yaml").write_text(dump(manifest), encoding="utf-8")
    return folder


def card(manifest: dict, card_id: str) -> dict:
    return next(c for c in manifest["cards"] if c["id"] == card_id)


# ---------------------------------------------------------------- the card's own sentence


def test_a_figure_of_the_article_on_the_wrong_card_is_refused(tmp_path):
    manifest = default_deck()
    card(manifest, "mama-rooms")["headline"] = "1108人"  # the 社会化工会工作者 figure
    inspection = inspect_bundle(write_deck(tmp_path / "deck", manifest))
    assert not inspection.ok
    problem = only(inspection, "figure-not-in-quote")
    assert (problem.card, problem.field) == ("mama-rooms", "headline")
    assert "1108人" in problem.message
    assert "选聘社会化工会工作者1108人" in problem.message  # where the article does say it
    assert "quote" in problem.hint


def test_a_card_may_quote_two_sentences(make_bundle):
    manifest = minimal_manifest()
    unions = manifest["cards"][0]
    unions["figures"].append({"figure": "近1000个", "label": "爱心驿站"})
    assert only(check(make_bundle(manifest)), "figure-not-in-quote").field == "figures"
    unions["source"]["quote"] = [unions["source"]["quote"], "户外劳动者“爱心驿站”近1000个。"]
    inspection = check(make_bundle(manifest))
    assert inspection.ok, [p.describe() for p in inspection.problems.items]
    assert inspection.manifest.cards[0].source.quotes[1] == "户外劳动者“爱心驿站”近1000个。"


def test_every_quote_of_a_list_must_be_in_the_source(make_bundle):
    manifest = minimal_manifest()
    unions = manifest["cards"][0]
    unions["source"]["quote"] = [unions["source"]["quote"], "全省建成职工之家3000个。"]
    problem = only(check(make_bundle(manifest)), "quote-not-in-source")
    assert "第 2 条引文" in problem.message


def test_a_card_with_a_source_but_no_quote_is_refused(make_bundle):
    manifest = minimal_manifest()
    del manifest["cards"][1]["source"]["quote"]
    problem = only(check(make_bundle(manifest)), "no-quote")
    assert (problem.card, problem.field) == ("stations", "source.quote")
    assert "原句" in problem.message


def test_chart_values_must_be_in_the_cards_sentence(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["detail"] = {
        "chart": {
            "type": "bar",
            "categories": ["爱心驿站", "基层工会"],
            "series": [{"name": "数量", "values": ["近1000个", "15.1万个"]}],
        }
    }
    problem = only(check(make_bundle(manifest)), "figure-not-in-quote")
    assert (problem.card, problem.field) == ("stations", "detail.chart")
    assert "15.1万个" in problem.message


def test_the_message_shows_the_sentence_around_the_closest_match(make_bundle):
    source = SOURCE_TEXT + "全年服务职工累计达 **1727** 万人次。\n"
    manifest = minimal_manifest()
    manifest["cards"].append(
        {
            "id": "served",
            "section": "org",
            "headline": "1727万人次",
            "label": "服务职工",
            "source": {"source": "article", "quote": "全年服务职工累计达1727万人次。"},
        }
    )
    problem = only(check(make_bundle(manifest, source=source)), "figure-not-in-quote")
    assert "原句是“" in problem.message and "累计达1727万人次" in problem.message
    assert "“达”" in problem.hint and "达到" in problem.hint
    assert "达1727万人次" in problem.hint


def test_a_different_unit_shows_what_the_sentence_says(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["figures"] = [{"figure": "1927万名", "label": "工会会员"}]
    problem = only(check(make_bundle(manifest)), "figure-not-in-quote")
    assert "1927万人" in problem.message  # the sentence's own words


def test_a_thousands_comma_in_the_article_still_matches(make_bundle):
    source = SOURCE_TEXT + "托管职工子女 **9,899** 人。\n"
    manifest = minimal_manifest()
    manifest["cards"].append(
        {
            "id": "children",
            "section": "org",
            "headline": "9899人",
            "label": "托管职工子女",
            "source": {"source": "article", "quote": "托管职工子女9,899人。"},
        }
    )
    inspection = check(make_bundle(manifest, source=source))
    assert inspection.ok, [p.describe() for p in inspection.problems.items]


# ---------------------------------------------------------------- figures a visitor can check


# ---------------------------------------------------------------- the detail page


def test_a_sentence_repeated_on_the_detail_page_is_a_warning(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["explanation"] = "户外劳动者“爱心驿站”近1000个。"
    problem = only(check(make_bundle(manifest)), "repeated-sentence", Severity.WARNING)
    assert problem.card == "stations"
    assert "两次" in problem.message


def test_no_detail_page_of_the_default_deck_repeats_a_sentence():
    inspection = inspect_bundle(DEFAULT)
    assert inspection.ok
    assert not [p for p in inspection.problems.items if p.code == "repeated-sentence"]


def test_sentences_cut_after_chinese_full_stops_and_line_ends():
    assert sentences("第一句。第二句！\n第三句") == ["第一句。", "第二句！", "第三句"]


# ---------------------------------------------------------------- any figure moved onto another card


def _moves() -> list[tuple[str, str, str]]:
    """(figure, from card, onto card) for every figure the default deck shows and
    every card whose quoted sentences do not say it."""
    manifest = inspect_bundle(DEFAULT).manifest
    assert manifest is not None
    moves = []
    for source_card in manifest.cards:
        shown = {source_card.headline.text()} | {f.figure.text() for f in source_card.figures}
        for target in manifest.cards:
            quotes = normalise_source_text("".join(target.source.quotes))
            moves += [(figure, source_card.id, target.id) for figure in sorted(shown) if figure not in quotes]
    return moves


MOVES = _moves()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(move=st.sampled_from(MOVES), as_headline=st.booleans())
def test_any_figure_moved_onto_another_card_is_refused(tmp_path_factory, move, as_headline):
    figure, _from, onto = move
    manifest = copy.deepcopy(DECK)
    target = card(manifest, onto)
    if as_headline:
        target["headline"] = figure
    else:
        target["figures"] = [*target.get("figures", []), {"figure": figure, "label": "挪过来的数字"}]
    inspection = inspect_bundle(write_deck(tmp_path_factory.mktemp("moved"), manifest))
    assert not inspection.ok
    assert any(p.code == "figure-not-in-quote" and p.card == onto for p in inspection.problems.errors)


DECK = default_deck()


def test_there_are_many_ways_to_move_a_figure():
    assert len(MOVES) > 1000


def test_unknown_source_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["source"]["source"] = "nope"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "unknown-source")
    assert "nope" in problem.message and "article" in problem.hint
    assert (problem.card, problem.field, problem.line) == ("stations", "source.source", line_of(bundle, "source: nope"))


def test_quote_not_in_source_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["source"]["quote"] = "户外劳动者“爱心驿站”近2000个。"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "quote-not-in-source")
    assert (problem.card, problem.field) == ("stations", "source.quote")
    assert problem.line == line_of(bundle, "quote: 户外劳动者“爱心驿站”近2000个。")


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
    assert (problem.card, problem.field, problem.line) == (
        "stations",
        "headline",
        line_of(bundle, "headline: 近1001个"),
    )


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


def test_card_without_source_is_a_warning(make_bundle):
    manifest = minimal_manifest()
    del manifest["cards"][1]["source"]
    bundle = make_bundle(manifest)
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "no-source", WARNING)
    assert (problem.card, problem.field, problem.line) == ("stations", "source", line_of(bundle, "- id: stations"))


# ---------------------------------------------------------------- the line of the field named


def test_a_secondary_figure_not_in_the_quote_points_at_that_figure(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["figures"] = [
        {"figure": "1927万人", "label": "工会会员"},
        {"figure": "1928万人", "label": "会员"},
    ]
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "figure-not-in-quote")
    assert (problem.field, problem.line) == ("figures", line_of(bundle, "figure: 1928万人"))


def test_a_chart_value_not_in_the_quote_points_at_its_series(make_bundle):
    manifest = minimal_manifest()
    series = [{"name": "数量", "values": ["近1001个"]}]
    manifest["cards"][1]["detail"] = {"chart": {"type": "bar", "categories": ["驿站"], "series": series}}
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "figure-not-in-quote")
    assert (problem.field, problem.line) == ("detail.chart", line_of(bundle, "- name: 数量"))


def test_the_second_quote_of_a_list_not_in_the_source_points_at_that_quote(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["source"]["quote"] = ["户外劳动者“爱心驿站”近1000个。", "原文里没有这一句。"]
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "quote-not-in-source")
    assert "第 2 条引文" in problem.message
    assert problem.line == line_of(bundle, "- 原文里没有这一句。")


def test_a_source_without_a_quote_points_at_the_cards_source(make_bundle):
    manifest = minimal_manifest()
    del manifest["cards"][1]["source"]["quote"]
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "no-quote")
    assert problem.line == line_of(bundle, "source:", 3)  # the card's source:, not its id: line


def test_a_repeated_sentence_points_at_the_field_that_repeats_it(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["detail"] = {"text": "户外劳动者“爱心驿站”近1000个。"}
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "repeated-sentence", WARNING)
    assert (problem.field, problem.line) == ("source.quote", line_of(bundle, "quote: 户外劳动者"))


# ---------------------------------------------------------------- one figure, two things

# 1300多个 counts two things; 15.1万个 one thing, said twice (the unions card shows it: no warning).
TWO_THINGS = SOURCE_TEXT + (
    "\n全省建成职工书屋示范点1300多个。\n\n各级工会建成哺乳室1300多个，惠及女职工。\n\n15.1万个基层工会，1927万工会会员。\n"
)


def test_a_figure_the_source_gives_for_two_things_is_a_warning_naming_both(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1].update(
        headline="1300多个",
        label="职工书屋示范点",
        source={"source": "article", "quote": "全省建成职工书屋示范点1300多个。"},
    )
    bundle = make_bundle(manifest, source=TWO_THINGS)
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "figure-twice-in-source", WARNING)
    assert problem.message == (
        "数字“1300多个”在原文里出现在两句不同的话里：“全省建成职工书屋示范点1300多个。”和“各级工会建成哺乳室1300多个，惠及女职工。”。"
    )
    assert (problem.card, problem.field, problem.line) == (
        "stations",
        "headline",
        line_of(bundle, "headline: 1300多个"),
    )
