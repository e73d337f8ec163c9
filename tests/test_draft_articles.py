"""The figure finder measured on real articles: figures found / figures present, and non-figures proposed.

The articles in tests/data/articles/ are published reports about unions' work, each
with its source named in its first line; the figures each one prints are annotated
by hand beside it (NAME.figures.yaml).  The default deck's article is measured
against data/shandong/bundle.yaml, made by hand from it.

Print the table:  .venv/bin/python -m tests.test_draft_articles
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from kiosk.core.bundle import load_bundle
from kiosk.core.draft.article import normalise
from kiosk.core.draft.figures_in_text import find_figures

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"
SHANDONG = ROOT / "data" / "shandong"

# What the finder does today (see the table this module prints); a change that finds
# fewer figures, or proposes more that are not, fails here.
MIN_RECALL = 1.0
MAX_FALSE_POSITIVES = 0


@dataclass(frozen=True)
class Measurement:
    name: str
    present: int
    found: int  # figures present that the finder proposes
    false_positives: list[str]  # proposed, not annotated as a figure
    missed: list[str]

    @property
    def recall(self) -> float:
        return self.found / self.present if self.present else 1.0


def annotations() -> list[Path]:
    return sorted(ARTICLES.glob("*.figures.yaml"))


def measure(annotation: Path) -> Measurement:
    notes = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    text = (ARTICLES / notes["article"]).read_text(encoding="utf-8")
    present = Counter(str(f) for f in notes["figures"])
    proposed = Counter(f.text for f in find_figures(text).figures)
    hits = present & proposed
    return Measurement(
        notes["article"],
        sum(present.values()),
        sum(hits.values()),
        sorted((proposed - present).elements()),
        sorted((present - proposed).elements()),
    )


def shandong_figures() -> list[tuple[str, list[str]]]:
    """Every figure the default deck shows (headline, figures, chart values), with its card's quotes."""
    bundle = load_bundle(SHANDONG)
    shown: list[tuple[str, list[str]]] = []
    for card in bundle.manifest.cards:
        quotes = [normalise(q) for q in (card.source.quotes if card.source else [])]
        shown.append((card.headline.text(), quotes))
        shown += [(extra.figure.text(), quotes) for extra in card.figures]
        if card.detail and card.detail.chart:
            shown += [(value.text(), quotes) for series in card.detail.chart.series for value in series.values]
    bundle.close()
    unique: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for figure, quotes in shown:  # a chart repeats its card's figures
        unique.setdefault((figure, tuple(quotes)), quotes)
    return [(figure, quotes) for (figure, _key), quotes in unique.items()]


def measure_shandong() -> Measurement:
    text = (SHANDONG / "source.md").read_text(encoding="utf-8")
    found = find_figures(text).figures
    wanted = shandong_figures()
    missed = [
        figure
        for figure, quotes in wanted
        if not any(
            f.text == figure and any(q in f.sentence.text or f.sentence.text in q for q in quotes) for f in found
        )
    ]
    assert wanted, "the default deck shows figures"
    texts = {figure for figure, _quotes in wanted}
    return Measurement(
        "data/shandong/source.md",
        len(wanted),
        len(wanted) - len(missed),
        sorted(f.text for f in found if f.text not in texts),
        missed,
    )


def test_every_figure_of_the_default_deck_is_found_in_its_own_sentence():
    result = measure_shandong()
    assert result.missed == []
    assert result.false_positives == []


@pytest.mark.parametrize("annotation", annotations(), ids=lambda p: p.name.removesuffix(".figures.yaml"))
def test_real_article_recall_and_false_positives(annotation):
    result = measure(annotation)
    assert result.recall >= MIN_RECALL, f"missed: {result.missed}"
    assert len(result.false_positives) <= MAX_FALSE_POSITIVES, f"proposed, not figures: {result.false_positives}"


def test_there_are_at_least_two_real_articles_besides_the_default_deck():
    assert len(annotations()) >= 2
    for annotation in annotations():
        first = (ARTICLES / yaml.safe_load(annotation.read_text(encoding="utf-8"))["article"]).read_text(
            encoding="utf-8"
        )
        assert first.startswith("<!-- 来源："), f"{annotation.name}: the article's first line names its source"


def main() -> None:
    results = [measure_shandong(), *(measure(a) for a in annotations())]
    print(f"{'article':42} {'found/present':>14} {'recall':>7} {'non-figures proposed':>21}")
    for r in results:
        print(f"{r.name:42} {f'{r.found}/{r.present}':>14} {r.recall:7.0%} {len(r.false_positives):>21}")
        if r.missed:
            print(f"{'':42} missed: {'、'.join(r.missed)}")
        if r.false_positives:
            print(f"{'':42} proposed: {'、'.join(r.false_positives)}")


if __name__ == "__main__":
    main()
