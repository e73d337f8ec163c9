"""A draft bundle written to a folder: bundle.yaml with every guess marked 请核对, and the article.

The manifest is written as text, not dumped, so that each guessed field
(label, section, chart) carries a YAML comment for the editor.  Every
string is written double-quoted (JSON's escapes are YAML's), so no text of
the article can change the YAML's structure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.draft.article import ArticleError, parse_article, read_text
from kiosk.core.draft.deck import CardProposal, DeckProposal, propose_deck
from kiosk.core.draft.figures_in_text import FigureKind, FoundFigure, find_figures

CHECK = "请核对"
SOURCE_ID = "article"
WRITTEN_FILES = ("bundle.yaml", "source.md", "source.txt")  # what a draft writes, and --force replaces


class DraftError(Exception):
    """A draft that cannot be written: Chinese ``message``, English ``message_en``, and the exit code."""

    def __init__(self, message: str, message_en: str, exit_code: int = 1) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class Draft:
    """What was written."""

    folder: Path
    source_file: str
    cards: int
    figures: int
    guesses: int  # fields marked 请核对
    relations: int  # "其中" relations noted


def _q(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def source_file_name(article: Path) -> str:
    return "source.md" if article.suffix.lower() in (".md", ".markdown", ".docx") else "source.txt"


def bundle_id(folder: Path) -> str:
    """An ASCII id from the folder's name (Chinese names give ``draft``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")[:64]
    return slug or "draft"


def manifest_text(deck: DeckProposal, *, source_file: str, bundle: str) -> str:
    """The draft's bundle.yaml."""
    lines = [
        f"# 数据包草稿：由 union-kiosk draft 从 {source_file} 生成。",
        f"# 数字和原句都是从原文逐字抄来的；标有“{CHECK}”的是程序猜的（标签、栏目、图表），请逐条核对、修改。",
        "# 改完后运行：union-kiosk validate 这个文件夹",
        "format: 1",
        f"id: {_q(bundle)}",
        f"title: {_q(deck.title)}  # {CHECK}：取自文章的标题",
        f"organisation: {_q(deck.organisation)}  # {CHECK}：单位名称是猜的",
        "language: zh-CN",
        "",
        "sources:",
        f"  - id: {SOURCE_ID}",
        f"    title: {_q(deck.title)}",
        f"    file: {source_file}",
        "",
        f"sections:  # {CHECK}：栏目取自文章的小标题或段落",
    ]
    for section in deck.sections:
        origin = "小标题" if section.from_heading else "段落"
        lines += [f"  - id: {section.id}", f"    title: {_q(section.title)}  # {CHECK}：取自{origin}"]
    lines += ["", "cards:"]
    for card in deck.cards:
        lines += _card_lines(card)
    return "\n".join(lines) + "\n"


def _card_lines(card: CardProposal) -> list[str]:
    headline = card.headline
    lines = [""]
    if card.repeated:
        shown = "、".join(f"“{text}”" for text in card.repeated)
        lines.append(f"  # {CHECK}：{shown}在原文里出现不止一次，请确认这张卡片说的是哪一处。")
    for relation in card.relations:
        parts = "、".join(f"“{p.text}”" for p in relation.parts)
        drawn = card.chart is not None and card.chart.relation is relation
        lines.append(
            f"  # {CHECK}：其中关系——{parts}是“{relation.whole.text}”的一部分，不能相加；"
            + (
                "已画成部分与整体图（type: part_of_whole，第一个数字是整体）。"
                if drawn
                else "这张卡片没有画出它，只在详情里说明；请不要把它们画成相加的图表。"
            )
        )
    for figure in (headline, *card.figures):
        if figure.aim:
            lines.append(
                f"  # {CHECK}：原文在“{figure.text}”前面说“{figure.aim}”：它可能是目标、计划或预计，"
                "不是已经做到的数字。若是，请在标签里照原文写明（如“力争建成……”），或删掉它。"
            )
    lines.append(f"  - id: {card.id}")
    lines.append(f"    section: {card.section}  # {CHECK}：栏目")
    if headline.kind is FigureKind.FOUNDING_YEAR:
        lines.append(
            f"    headline: {{text: {_q(headline.text)}, count_up: false}}  # {CHECK}：成立年份，作为开头的卡片"
        )
    else:
        lines.append(f"    headline: {_q(headline.text)}")
    lines.append(f"    label: {_q(headline.label)}  # {CHECK}：标签")
    lines += ["    source:", f"      source: {SOURCE_ID}", f"      quote: {_q(card.quote)}"]
    if card.figures:
        lines.append(f"    figures:  # {CHECK}：同一句里的其他数字和它们的标签")
        lines += [_figure_line(figure) for figure in card.figures]
    note = card.note
    if card.chart or note:
        lines.append("    detail:")
    if note:
        lines.append(f"      text: {_q(note)}  # {CHECK}：其中关系")
    if card.chart:
        chart = card.chart
        lines += [
            f"      chart:  # {CHECK}：图表是程序提议的",
            f"        type: {chart.type}",
            f"        categories: [{', '.join(_q(c) for c in chart.categories)}]",
            "        series:",
            f"          - name: {_q('数量')}",
            f"            values: [{', '.join(_q(f.text) for f in chart.figures)}]",
        ]
    return lines


def _figure_line(figure: FoundFigure) -> str:
    return f"      - {{figure: {_q(figure.text)}, label: {_q(figure.label)}}}"


def draft_manifest(text: str, *, source_file: str = "source.md", bundle: str = "draft") -> tuple[str, DeckProposal]:
    """bundle.yaml for the article ``text``, and the deck it proposes."""
    deck = propose_deck(find_figures(text))
    return manifest_text(deck, source_file=source_file, bundle=bundle), deck


def write_draft(article: Path, folder: Path, *, force: bool = False) -> Draft:
    """Write a draft bundle of ``article`` into ``folder``.

    Refuses (exit code 2) a ``folder`` that is a file, or a folder that is not
    empty unless ``force``; then only the files a draft writes are replaced.
    Raises :class:`DraftError` with exit code 1 when the article cannot be read
    or has no figure.
    """
    if folder.exists() and not folder.is_dir():
        raise DraftError(
            f"“{folder}”是一个文件，不是文件夹。请用 -o 指定一个文件夹。", f"{folder} is a file, not a folder", 2
        )
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise DraftError(
            f"文件夹“{folder}”不是空的，草稿不会覆盖它。请换一个文件夹，或加上 --force 覆盖其中的 bundle.yaml 和原文。",
            f"{folder} is not empty; choose another folder or add --force",
            2,
        )
    try:
        text = read_text(article)
    except ArticleError as exc:
        raise DraftError(exc.message, exc.message_en) from exc
    if not parse_article(text).sentences:
        raise DraftError(f"文章“{article}”里没有文字。", f"{article} has no text")
    source_file = source_file_name(article)
    manifest, deck = draft_manifest(text, source_file=source_file, bundle=bundle_id(folder))
    if not deck.cards:
        raise DraftError(
            f"在文章“{article}”里没有找到可以上展台的数字（带量词或单位的数字，例如 2520个、近1000个）。",
            f"no figure found in {article}",
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name in WRITTEN_FILES:
        (folder / name).unlink(missing_ok=True)
    with (folder / source_file).open("w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    (folder / "bundle.yaml").write_text(manifest, encoding="utf-8")
    figures = sum(1 + len(card.figures) for card in deck.cards)
    return Draft(folder, source_file, len(deck.cards), figures, manifest.count(CHECK) - 1, len(deck.findings.relations))
