"""``union-kiosk draft ARTICLE -o DIR``: a draft bundle from an article.

Exit codes: 0 written; 1 the article cannot be read or has no figure; 2 wrong
usage (DIR is a file, or not empty without --force).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from kiosk.core.text_safety import for_terminal

EXIT_OK = 0
EXIT_NO_DRAFT = 1
EXIT_USAGE = 2


def add_draft_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``draft``, added to its subcommand's parser."""
    parser.add_argument("article", type=Path, help="文章：纯文本 .txt、Markdown .md 或 Word .docx（UTF-8 或 GB18030）")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="写草稿数据包的文件夹（须为空）"
    )
    parser.add_argument("--force", action="store_true", help="文件夹不是空的也写：替换其中的 bundle.yaml 和原文")


def cmd_draft(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the draft; report what was written on ``out``, or why not on ``err``."""
    from kiosk.core.draft.writer import DraftError, write_draft  # the finder only when asked for

    article: Path = args.article
    folder: Path = args.output
    if not article.is_file():
        err.write(
            f"错误：找不到文章“{for_terminal(str(article))}”。\n(article not found: {for_terminal(str(article))})\n"
        )
        return EXIT_NO_DRAFT
    try:
        draft = write_draft(article, folder, force=bool(getattr(args, "force", False)))
    except DraftError as exc:
        err.write(f"错误：{for_terminal(exc.message)}\n({for_terminal(exc.message_en)})\n")
        return exc.exit_code
    shown = for_terminal(str(folder))
    out.write(
        f"✓ 已写出草稿：{shown}（{draft.cards} 张卡片，{draft.figures} 个数字，原文 {draft.source_file}）。\n"
        f"  {draft.guesses} 处标有“请核对”：标签、栏目和图表是程序猜的，请对照原文逐条改。\n"
    )
    if draft.relations:
        out.write(f"  {draft.relations} 处“其中”关系已在注释里说明：部分不能与整体相加。\n")
    out.write(
        f"  下一步：union-kiosk validate {shown}\n"
        f"(draft written: {draft.cards} cards, {draft.figures} figures; check each 请核对, then run validate)\n"
    )
    return EXIT_OK
