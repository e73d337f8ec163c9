"""Chinese words, for line breaking: jieba's maximum-probability segmentation over a small word list.

This is jieba's dictionary algorithm (``jieba.Tokenizer.cut(..., HMM=False)``):
every way of reading a run of Han characters as words of the list is a path
through a graph of its characters; the path whose words are the most probable
(the sum of their log frequencies) is the segmentation.  It is done here, in a
few lines, rather than with jieba at run time: importing jieba loads its HMM
tables for new words (1.3 MB, unused without HMM) and tries ``pkg_resources``;
this module imports in a millisecond and reads the word list in about 60 ms,
off the screen's thread (see :mod:`kiosk.core.linebreak`).  The test compares
it with jieba over the same list.

The list, ``resources/segmenter/words.txt``, is jieba's dictionary pruned to
its more frequent words plus the deck's names (``scripts/build_segmenter_dict.py``).
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path


@cache
def _han_runs() -> re.Pattern[str]:
    """Runs of Chinese characters; compiled when words are first cut, not at start-up (a wide class costs ms)."""
    return re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


class Segmenter:
    """Words of a frequency list; ``spans`` gives where each word of two or more characters stands."""

    def __init__(self, frequencies: dict[str, int]) -> None:
        self._freq = frequencies
        total = sum(frequencies.values()) or 1
        self._log_total = math.log(total)
        self._longest = max((len(w) for w in frequencies), default=1)

    @classmethod
    def from_file(cls, path: Path) -> Segmenter:
        frequencies: dict[str, int] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, freq = line.partition(" ")
            if word and freq.isdigit():
                frequencies[word] = int(freq)
        return cls(frequencies)

    def __contains__(self, word: str) -> bool:
        return word in self._freq

    def cut(self, run: str) -> list[str]:
        """``run`` (Han characters) as words, jieba's way."""
        n = len(run)
        freq, log_total = self._freq, self._log_total
        # best[i]: (log probability of the best reading of run[i:], end of its first word)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            # As jieba: the words of the list that start here; the lone character only if none does.
            ends = [end for end in range(i + 1, min(n, i + self._longest) + 1) if run[i:end] in freq] or [i + 1]
            # jieba's max((score, end)): a tie goes to the longer word.
            best[i] = max((math.log(freq.get(run[i:end]) or 1) - log_total + best[end][0], end) for end in ends)
        words, i = [], 0
        while i < n:
            end = best[i][1]
            words.append(run[i:end])
            i = end
        return words

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in ``text`` of each word of two or more characters."""
        out: list[tuple[int, int]] = []
        for match in _han_runs().finditer(text):
            at = match.start()
            for word in self.cut(match.group()):
                if len(word) > 1:
                    out.append((at, at + len(word)))
                at += len(word)
        return out
