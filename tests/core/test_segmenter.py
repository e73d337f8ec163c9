"""The segmenter cuts as jieba does over the same word list, and its list keeps the deck's names whole."""

from __future__ import annotations

import logging
import re

import pytest

from kiosk.core.bundle import load_bundle
from kiosk.core.segmenter import Segmenter
from kiosk.core.texts import displayed_texts
from kiosk.resources import data_path, resource_path

WORDS = resource_path("segmenter/words.txt")


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter.from_file(WORDS)


@pytest.fixture(scope="module")
def deck_runs():
    bundle = load_bundle(data_path())
    try:
        texts = [text for _card, _field, text in displayed_texts(bundle.manifest)]
    finally:
        bundle.close()
    texts.append((data_path() / "source.md").read_text(encoding="utf-8"))
    return [run for text in texts for run in re.findall(r"[\u4e00-\u9fff]+", text)]


def test_it_cuts_the_deck_exactly_as_jieba_does_with_the_same_list(segmenter, deck_runs):
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer(dictionary=str(WORDS))
    tokenizer.tmp_dir = None
    tokenizer.cache_file = None
    different = [run for run in deck_runs if segmenter.cut(run) != list(tokenizer.cut(run, HMM=False))]
    assert not different, different[:5]


def test_the_deck_names_are_single_words(segmenter):
    for name in ("周国芳", "青驼寺", "济南", "省工会", "委员会", "先进工作者", "立功竞赛", "整改"):
        assert segmenter.cut(name) == [name]
        assert segmenter.cut(f"的{name}是") == ["的", name, "是"]


def test_spans_are_words_of_two_or_more_characters_in_the_text(segmenter):
    text = "2520个妈妈小屋、近1000个爱心驿站"
    spans = segmenter.spans(text)
    assert all(end - start > 1 for start, end in spans)
    assert "妈妈小屋" in [text[start:end] for start, end in spans]


def test_the_word_list_stays_small_for_the_frozen_build():
    assert WORDS.stat().st_size < 1_000_000


def test_an_empty_list_cuts_into_characters():
    assert Segmenter({}).cut("工会") == ["工", "会"]
