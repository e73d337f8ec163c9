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
from kiosk.core.problems import Severity
from kiosk.core.provenance import normalise_source_text, sentences
from tests.bundles import SOURCE_TEXT, check, dump, line_of, minimal_manifest, only

DEFAULT = Path(__file__).resolve().parents[1] / "data" / "shandong"


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


@pytest.mark.parametrize("bare", ["9", "2021", "15.1万"])
def test_a_figure_without_a_measure_word_or_unit_is_refused(make_bundle, bare):
    manifest = minimal_manifest()
    manifest["cards"][0]["figures"] = [{"figure": bare, "label": "工会会员"}]
    problem = only(check(make_bundle(manifest)), "figure-no-unit")
    assert "没有量词或单位" in problem.message
    assert "个" in problem.hint


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


@pytest.mark.parametrize("hidden", ["\u202e", "\x1b[2J", "\u200b"])
def test_a_figure_with_a_hidden_character_is_refused(make_bundle, hidden):
    manifest = minimal_manifest()
    manifest["cards"][0]["headline"] = f"15.1万{hidden}个"
    inspection = check(make_bundle(manifest))
    assert not inspection.ok
    assert {p.code for p in inspection.problems.errors} == {"unsafe-character"}
