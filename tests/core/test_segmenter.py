"""The segmenter cuts as jieba does over the same word list, and its list keeps the deck's names whole."""

from __future__ import annotations

import logging
import random
import re

import pytest

from kiosk.core.bundle import load_bundle
from kiosk.core.segmenter import Segmenter, SortedWordFile
from kiosk.core.texts import displayed_texts
from kiosk.resources import data_path, resource_path

WORDS = resource_path("segmenter/words.txt")
TOTALS = resource_path("segmenter/totals.txt")


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


@pytest.fixture(scope="module")
def word_file():
    return SortedWordFile.from_files(WORDS, TOTALS)


def test_the_list_is_sorted_as_bytes_and_its_totals_agree(segmenter):
    lines = WORDS.read_bytes().split(b"\n")
    assert lines[-1] == b""  # one word a line, the last ended too
    assert lines[:-1] == sorted(lines[:-1])
    total, longest = (int(v) for v in TOTALS.read_text(encoding="ascii").split())
    assert total == sum(segmenter._freq.values())
    assert longest == max(map(len, segmenter._freq))


def test_the_word_file_cuts_the_deck_as_the_dictionary_does(segmenter, word_file, deck_runs):
    different = [run for run in deck_runs if word_file.cut(run) != segmenter.cut(run)]
    assert not different, different[:5]


@pytest.mark.parametrize("word", ["一", "一一", "委员会", "青驼寺", "先进工作者", "齐鲁"])
def test_the_word_file_finds_the_first_words_and_the_last_and_knows_their_frequency(segmenter, word_file, word):
    assert (word in word_file) is (word in segmenter)
    assert word_file._lookup(word)[0] == segmenter._freq.get(word)


def test_the_word_file_finds_every_word_of_the_list(segmenter, word_file):
    words = list(segmenter._freq)
    sample = words[:: max(1, len(words) // 2000)] + words[-5:]
    assert [w for w in sample if w not in word_file] == []
    assert "工会工会工会" not in word_file
    assert "" not in word_file


def test_the_word_file_on_tiny_and_odd_lists():
    data = "乙 3\n甲 5\n甲乙 2\n".encode()
    tiny = SortedWordFile(data, 10, 2)
    assert tiny.cut("甲乙乙") == Segmenter({"乙": 3, "甲": 5, "甲乙": 2}).cut("甲乙乙")
    assert "丙" not in tiny
    assert "丙" not in SortedWordFile(b"", 0, 1)
    assert SortedWordFile(b"", 0, 1).cut("工会") == ["工", "会"]


def test_the_word_file_cuts_runs_of_random_words_as_the_dictionary_does(segmenter, word_file):
    """Runs made of the list's own words and pieces of them, where the two lookups could part."""
    rng = random.Random(12)
    words = list(segmenter._freq)
    runs = []
    for _ in range(300):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 6))]
        run = "".join(part[: rng.randint(1, len(part))] if rng.random() < 0.3 else part for part in parts)
        runs.append("".join(ch for ch in run if "\u4e00" <= ch <= "\u9fff"))
    different = [run for run in runs if run and word_file.cut(run) != segmenter.cut(run)]
    assert not different, different[:5]
