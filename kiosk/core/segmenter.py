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
from collections.abc import Iterator
from pathlib import Path

# Chinese characters (CJK unified ideographs, extension A, compatibility ideographs), as code points:
# a regular expression's class this wide takes the first frame 1-2 ms to compile.
_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _han_runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of Chinese characters in ``text``."""
    start = -1
    for at, char in enumerate(text):
        code = ord(char)
        if any(low <= code <= high for low, high in _HAN):
            if start < 0:
                start = at
        elif start >= 0:
            yield start, at
            start = -1
    if start >= 0:
        yield start, len(text)


class Segmenter:
    """Words of a frequency list; ``spans`` gives where each word of two or more characters stands."""

    def __init__(self, frequencies: dict[str, int]) -> None:
        self._freq = frequencies
        self._log_total = math.log(sum(frequencies.values()) or 1)
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
        return self._lookup(word)[0] is not None

    def _lookup(self, piece: str) -> tuple[int | None, bool]:
        """``piece``'s frequency if it is a word of the list, and whether a longer word may start with it
        (the dictionary does not know, nor need to: its lookups are cheap)."""
        return self._freq.get(piece), True

    def cut(self, run: str) -> list[str]:
        """``run`` (Han characters) as words, jieba's way."""
        n = len(run)
        log_total = self._log_total
        # best[i]: (log probability of the best reading of run[i:], end of its first word)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            # As jieba: the words of the list that start here; the lone character only if none does.
            found: list[tuple[int, int]] = []
            for end in range(i + 1, min(n, i + self._longest) + 1):
                freq, longer = self._lookup(run[i:end])
                if freq is not None:
                    found.append((end, freq))
                if not longer:
                    break
            # jieba's max((score, end)): a tie goes to the longer word.
            best[i] = max((math.log(freq or 1) - log_total + best[end][0], end) for end, freq in found or [(i + 1, 0)])
        words, i = [], 0
        while i < n:
            end = best[i][1]
            words.append(run[i:end])
            i = end
        return words

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in ``text`` of each word of two or more characters."""
        out: list[tuple[int, int]] = []
        for start, end in _han_runs(text):
            at = start
            for word in self.cut(text[start:end]):
                if len(word) > 1:
                    out.append((at, at + len(word)))
                at += len(word)
        return out


class SortedWordFile(Segmenter):
    """The same segmenter, its words looked up in the sorted list's bytes by binary search.

    Reading the list into a dictionary takes some 60 ms; this reads the file's
    bytes (0.6 MB) and finds a piece of text in about twenty steps, which also
    tell whether any longer word starts with it (if none does, the search for
    longer ones ends).  It is slower per word, and it is what the first frame
    uses while the dictionary is read on a thread: the same list, the same
    cuts.  The list's total frequency and its longest word are in a file beside
    it (``scripts/build_segmenter_dict.py`` writes both; a test checks they agree).
    """

    def __init__(self, data: bytes, total: int, longest: int) -> None:
        self._data = data
        self._log_total = math.log(total or 1)
        self._longest = max(1, longest)

    @classmethod
    def from_files(cls, words: Path, totals: Path) -> SortedWordFile:
        total, longest = (int(value) for value in totals.read_text(encoding="ascii").split())
        return cls(words.read_bytes(), total, longest)

    def _line(self, start: int) -> tuple[bytes, int]:
        """The line from ``start`` (a line's start), and where the next one starts."""
        end = self._data.find(b"\n", start)
        end = len(self._data) if end < 0 else end
        return self._data[start:end], end + 1

    def _lookup(self, piece: str) -> tuple[int | None, bool]:
        key = piece.encode("utf-8")
        data = self._data
        # The first line not less than the piece: lines sort as bytes, and "词 12" before "词语 3".
        low, high = 0, len(data)  # both always at the start of a line
        while low < high:
            start = data.rfind(b"\n", 0, (low + high) // 2) + 1  # the line the middle falls in
            line, after = self._line(start)
            if line < key:
                low = after
            else:
                high = start
        line, after = self._line(low)
        if not line.startswith(key):
            return None, False  # no word is the piece or starts with it
        rest = line[len(key) :]
        if not rest.startswith(b" "):
            return None, True  # a longer word starts with it
        longer = self._line(after)[0].startswith(key)
        return (int(rest[1:]) if rest[1:].isdigit() else None), longer
