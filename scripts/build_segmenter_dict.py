"""Build the word list the kiosk's line breaker segments Chinese with: ``resources/segmenter/words.txt``.

jieba's own dictionary (``dict.txt``, 349,046 words, 5 MB) is too large to ship in
the frozen build, and most of it is rare words a line break never meets.  This
keeps jieba's words of frequency ``--min-freq`` or more (52,000 words at 50), plus
the names and terms of the default deck that jieba does not know (周国芳, 青驼寺)
or splits (省/工会, 先进/工作者, 立功/竞赛), so that no line break falls inside them.
The file is jieba's own format (``word frequency``, one a line), so
``jieba.Tokenizer(dictionary=...)`` reads it as well as ``kiosk.core.segmenter``.

    .venv/bin/python scripts/build_segmenter_dict.py            # or: make segmenter-dict
    .venv/bin/python scripts/build_segmenter_dict.py --report   # how far the pruned list agrees with the full one

Needs jieba (``pip install 'jieba>=0.42,<0.43'``, in the ``test`` extra); the kiosk itself does not.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "segmenter" / "words.txt"
TOTALS = OUT.with_name("totals.txt")  # the list's total frequency and its longest word
MIN_FREQ = 50
# A word added for the deck gets this frequency unless jieba's is higher: enough to win
# over the two or three shorter words it would otherwise be cut into.
DECK_WORD_FREQ = 2000

# Names and terms of the default deck (data/shandong/) that must stay whole on a line.
# jieba splits people and places it does not know (周/国/芳, 青/驼/寺) and some terms
# (省/工会, 先进/工作者, 立功/竞赛); a line break at those splits reads wrong.
_DECK_WORDS = """
周国芳 青驼寺 临沂 济南 齐鲁 山东省 省工会 省总工会 总工会 全国工会 基层工会 工会会员 工会组织
委员会 代表大会 十五次代表大会 工代会 职代会 先进工作者 劳动模范 劳模 工匠 齐鲁工匠 齐鲁大工匠
立功竞赛 劳动竞赛 技能竞赛 职业技能 技术创新 技术革新 合理化建议 操作法 国家专利 创新工作室 创新奖
工会工作创新奖 整改 清理整改 安全隐患 查保促 惠员工程 工友创业园 悦读吧 新时空 微信公众号 公众号
五型工会 三个工程 三个十条 双亮 双争 双述 双评 主责主业 补短板 增活力 强基层 疗休养 普惠 普惠服务
妈妈小屋 爱心驿站 户外劳动者 职工书屋 工人文化宫 文化宫 四季服务 服务卡 会员服务卡 医疗互助
互助保障 困难职工 解困脱困 专项经费 场地面积 建制率 厂务公开 民主管理 一线职工 十九大 十六大 十四大
十四届 第十四届 职工 一连串 沉甸甸 闪光点 智慧工会 最炫 工会风 宣讲团 社会化
"""
DECK_WORDS = tuple(_DECK_WORDS.split())


def jieba_dictionary() -> list[tuple[str, int]]:
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, *_tag = line.split()
        rows.append((word, int(freq)))
    return rows


def pruned(rows: list[tuple[str, int]], min_freq: int) -> dict[str, int]:
    words = {word: freq for word, freq in rows if freq >= min_freq}
    full = dict(rows)
    for word in DECK_WORDS:
        words[word] = max(full.get(word, 0), DECK_WORD_FREQ)
    return words


def deck_text() -> str:
    """Every text of the default deck and its article."""
    sys.path.insert(0, str(ROOT))
    from kiosk.core.bundle import load_bundle
    from kiosk.core.texts import displayed_texts

    bundle = load_bundle(ROOT / "data" / "shandong")
    try:
        texts = [text for _card, _field, text in displayed_texts(bundle.manifest)]
    finally:
        bundle.close()
    return "\n".join([*texts, (ROOT / "data" / "shandong" / "source.md").read_text(encoding="utf-8")])


def report(words: dict[str, int], rows: list[tuple[str, int]]) -> None:
    """How many of full jieba's word boundaries (with the deck's words) in the deck's text the pruned list finds."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    reference = pruned(rows, 1)  # all of jieba's words, and the deck's
    full = jieba.Tokenizer()
    full.FREQ, full.total, full.initialized = _prefixed(reference), sum(reference.values()), True
    small = jieba.Tokenizer()
    small.FREQ, small.total, small.initialized = _prefixed(words), sum(words.values()), True
    text = deck_text()
    a, b = _boundaries(full.cut(text, HMM=False)), _boundaries(small.cut(text, HMM=False))
    same = len(a & b)
    sys.stdout.write(
        f"{len(words)} words, {OUT.stat().st_size if OUT.exists() else 0} bytes; "
        f"of full jieba's {len(a)} boundaries in the deck the pruned list keeps {same} ({same / len(a):.1%}), "
        f"and adds {len(b - a)}\n"
    )


def _prefixed(words: dict[str, int]) -> dict[str, int]:
    freq = dict(words)
    for word in words:
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq


def _boundaries(words: object) -> set[int]:
    at, out = 0, set()
    for word in words:  # type: ignore[attr-defined]
        at += len(word)
        out.add(at)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--min-freq", type=int, default=MIN_FREQ, help=f"keep jieba's words this frequent (default {MIN_FREQ})"
    )
    parser.add_argument("--report", action="store_true", help="compare with full jieba on the deck's text")
    args = parser.parse_args()
    rows = jieba_dictionary()
    words = pruned(rows, args.min_freq)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # Sorted, so the same jieba gives the same bytes, and the first frame can look words up in
    # the file by binary search (kiosk.core.segmenter.SortedWordFile), with these totals beside it.
    OUT.write_text("".join(f"{word} {freq}\n" for word, freq in sorted(words.items())), encoding="utf-8")
    TOTALS.write_text(f"{sum(words.values())} {max(map(len, words))}\n", encoding="ascii")
    if args.report:
        report(words, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
