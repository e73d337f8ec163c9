"""The command line: ``union-kiosk`` and ``python -m kiosk``.

Start-up in stages: parse arguments and set up logging first, and import Qt
only when a window or a picture is wanted, so that ``validate``/``list`` stay
fast and a missing Qt gets a readable message instead of a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.core.text_safety import for_terminal
from kiosk.logs import LOG_FORMAT, EscapingFormatter

if TYPE_CHECKING:
    from kiosk.core.problems import ProblemList

log = logging.getLogger("kiosk")

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

COMMANDS = ("validate", "list", "schema", "export", "stats", "set-pin")


def _out(text: str = "") -> None:
    """Write a line for the person at the terminal (a frozen GUI build has no stdout).

    Bundle text in it cannot drive the terminal: control and format characters are
    shown as ``\\uXXXX`` escapes, which inside ``--json`` output mean the same character.
    """
    stream = sys.stdout
    if stream is not None:
        stream.write(for_terminal(text) + "\n")


def _err(text: str) -> None:
    stream = sys.stderr
    if stream is not None:
        stream.write(for_terminal(text) + "\n")


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a short message, never a traceback."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        _err(f"{self.prog}: {message}\n用法见 {self.prog} --help")
        raise SystemExit(EXIT_USAGE)


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, not {text!r}") from None
    if not (160 <= width <= 16384 and 160 <= height <= 16384):
        raise argparse.ArgumentTypeError(f"size {text} out of range (160..16384)")
    return width, height


def _bundle_arg(parser: argparse.ArgumentParser, positional: bool = False) -> None:
    help_text = "数据包文件夹或 .zip（默认：自带的山东省总工会数据包）"
    if positional:
        parser.add_argument("bundle", nargs="?", type=Path, help=help_text)
    else:
        parser.add_argument("--bundle", type=Path, help=help_text)


def run_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="union-kiosk",
        description="工会数据展台：全屏轮播工会工作的关键数字。 Commands: " + ", ".join(COMMANDS),
    )
    parser.add_argument("--version", action="version", version=f"union-kiosk {__version__}")
    _bundle_arg(parser)
    parser.add_argument("--windowed", action="store_true", help="普通窗口，而不是全屏")
    parser.add_argument("--screen", type=int, default=None, help="在第 N 块屏幕上全屏（从 0 数起）")
    parser.add_argument("--presenter", action="store_true", help="演讲模式：不自动轮播，用翻页笔翻页")
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png", help="把一张卡片画成 PNG 后退出")
    parser.add_argument("--size", type=_size, default=(1920, 1080), help="截图尺寸，如 1920x1080")
    parser.add_argument("--card", help="截图的卡片编号（默认第一张）")
    parser.add_argument("--detail", action="store_true", help="截图卡片的详情页")
    parser.add_argument("-v", "--verbose", action="store_true", help="更多日志")
    return parser


def command_parser(command: str) -> argparse.ArgumentParser:
    parser = _Parser(prog=f"union-kiosk {command}")
    if command == "validate":
        parser.description = "校验数据包：退出码 0 有效，1 有错误，2 用法错误。"
        _bundle_arg(parser, positional=True)
        parser.add_argument("--json", action="store_true", help="以 JSON 输出，供程序读取")
    elif command == "list":
        parser.description = "按播放顺序列出每张卡片和它显示的数字。"
        _bundle_arg(parser, positional=True)
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    elif command == "schema":
        parser.description = "输出清单 bundle.yaml 的 JSON Schema，供编辑器自动补全。"
    elif command == "export":
        parser.description = "把每张卡片导出为 PNG，和一份 PDF 讲义。"
        _bundle_arg(parser)
        parser.add_argument("--png", type=Path, required=True, metavar="DIR", help="PNG 输出文件夹")
        parser.add_argument("--pdf", type=Path, metavar="FILE", help="PDF 输出文件")
        parser.add_argument("--size", type=_size, default=(1920, 1080), help="图片尺寸，如 1920x1080")
    elif command == "stats":
        parser.description = "播放统计：每张卡片播放了多少次、多久，观众点开了哪些，每小时触摸多少次。"
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="只统计这一天（含）以后的记录")
        parser.add_argument("--csv", type=Path, metavar="FILE", help="另把全部明细导出为 CSV（Excel 可直接打开）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    elif command == "set-pin":
        from kiosk.core.pin import NEW_PIN_MIN_DIGITS, PIN_MAX_DIGITS

        digits = f"{NEW_PIN_MIN_DIGITS}–{PIN_MAX_DIGITS}"
        parser.description = f"设置进入管理菜单的 PIN（{digits} 位数字）。只保存加盐哈希，不保存 PIN 本身。"
        parser.add_argument("--pin-stdin", action="store_true", help="从标准输入读一行作为 PIN（供脚本使用）")
    parser.add_argument("-v", "--verbose", action="store_true", help="更多日志")
    return parser


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)  # None in a GUI build without a console: nothing is written
    handler.setFormatter(EscapingFormatter(LOG_FORMAT))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler])


def _bundle_path(path: Path | None) -> Path:
    if path is not None:
        return path
    from kiosk.resources import default_bundle

    return default_bundle()


# ---------------------------------------------------------------- commands


def _omitted_counts(problems: ProblemList) -> dict[str, object]:
    """Past the cap on problems, how many there were in all and of each kind left out."""
    from kiosk.core.problems import Severity

    if not problems.omitted:
        return {}
    return {
        "error_count": problems.count(Severity.ERROR),
        "warning_count": problems.count(Severity.WARNING),
        "omitted": [o.as_dict() for o in problems.omitted],
    }


def cmd_validate(args: argparse.Namespace) -> int:
    from kiosk.core.bundle import inspect_bundle
    from kiosk.core.problems import Severity

    path = _bundle_path(args.bundle)
    inspection = inspect_bundle(path, check_fonts=True)
    problems = inspection.problems.sorted()
    if args.json:
        _out(
            json.dumps(
                {
                    "bundle": str(path),
                    "valid": inspection.ok,
                    "cards": len(inspection.manifest.cards) if inspection.manifest else 0,
                    "errors": [p.as_dict() for p in problems if p.severity == "error"],
                    "warnings": [p.as_dict() for p in problems if p.severity == "warning"],
                }
                | _omitted_counts(inspection.problems),
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            _out(problem.describe())
        for omitted in inspection.problems.omitted:
            _out(omitted.describe())
        errors = inspection.problems.count(Severity.ERROR)
        warnings = inspection.problems.count(Severity.WARNING)
        if inspection.ok and inspection.manifest is not None:
            _out(f"✓ 数据包有效：{path}（{len(inspection.manifest.cards)} 张卡片，{warnings} 条提醒）")
        else:
            _out(f"✗ 数据包无效：{path}（{errors} 个错误，{warnings} 条提醒）。请按上面的提示逐条修改。")
    if inspection.files is not None:
        inspection.files.close()
    return EXIT_OK if inspection.ok else EXIT_INVALID


def cmd_list(args: argparse.Namespace) -> int:
    from kiosk.core.bundle import BundleError, load_bundle
    from kiosk.core.listing import card_rows, format_table

    path = _bundle_path(args.bundle)
    try:
        bundle = load_bundle(path)
    except BundleError as exc:
        for problem in exc.problems:
            _err(problem.describe())
        _err(f"✗ 数据包无效：{path}。先运行 union-kiosk validate 查看全部问题。")
        return EXIT_INVALID
    rows = card_rows(bundle.manifest)
    bundle.close()
    if args.json:
        _out(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _out(format_table(rows))
    return EXIT_OK


def cmd_schema(_args: argparse.Namespace) -> int:
    from kiosk.core.manifest import json_schema

    _out(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _card_titles(bundle: Path | None) -> dict[str, str]:
    """Card id → what the card says, so the table reads as more than ids; empty when the bundle is not at hand."""
    from kiosk.core.bundle import BundleError, load_bundle

    try:
        loaded = load_bundle(_bundle_path(bundle))
    except (BundleError, OSError) as exc:
        log.debug("no card titles for the stats table: %s", exc)
        return {}
    titles = {card.id: f"{card.headline.text()} {card.label}" for card in loaded.manifest.cards}
    loaded.close()
    return titles


def cmd_stats(args: argparse.Namespace) -> int:
    from datetime import datetime

    from kiosk.core.report import format_summary
    from kiosk.core.settings import load_settings
    from kiosk.core.stats import StatsRecorder, stats_path

    since = None
    if args.since is not None:
        try:
            since = datetime.strptime(args.since, "%Y-%m-%d")
        except ValueError:
            _err(f"✗ 日期“{args.since}”无效：请写成 YYYY-MM-DD，如 2025-01-31 / --since wants YYYY-MM-DD")
            return EXIT_INVALID
    path = stats_path()
    with StatsRecorder(path) as recorder:
        summary = recorder.summarise(since)
        rows = recorder.to_csv(args.csv, since) if args.csv is not None else None
    if args.json:
        _out(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        _out(format_summary(summary, _card_titles(load_settings().bundle)))
        _out(f"\n数据文件：{path}")
    if rows is not None:
        (_err if args.json else _out)(f"✓ 已导出 {rows} 行明细到 {args.csv}")
    return EXIT_OK


def cmd_set_pin(args: argparse.Namespace) -> int:
    from kiosk.core.pin import NEW_PIN_MIN_DIGITS, PIN_MAX_DIGITS, hash_pin, new_pin_problem
    from kiosk.core.settings import SettingsError, store_pin

    # The PIN never appears in a message: it is read without echo and only ever hashed.
    if args.pin_stdin:
        pin = (sys.stdin.readline() if sys.stdin is not None else "").strip()
        problem = new_pin_problem(pin)
    else:
        import getpass

        try:
            digits = f"{NEW_PIN_MIN_DIGITS}–{PIN_MAX_DIGITS}"
            pin = getpass.getpass(f"新 PIN（{digits} 位数字） / new PIN ({digits} digits)：").strip()
            problem = new_pin_problem(pin)
            if problem is None and getpass.getpass("再输入一次：").strip() != pin:
                problem = "两次输入的 PIN 不一致 / the two entries differ"
        except EOFError:
            problem = "没有读到 PIN / no PIN entered"
    if problem is not None:
        _err(f"✗ {problem}。PIN 没有保存。")
        return EXIT_INVALID
    try:
        path = store_pin(hash_pin(pin))
    except (SettingsError, OSError) as exc:
        _err(f"✗ {exc}。PIN 没有保存。")
        return EXIT_INVALID
    _out(f"✓ PIN 已保存到 {path}（只存加盐哈希，不存 PIN 本身）")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            command = argv[0]
            args = command_parser(command).parse_args(argv[1:])
            setup_logging(args.verbose)
            handler = {
                "validate": cmd_validate,
                "list": cmd_list,
                "schema": cmd_schema,
                "stats": cmd_stats,
                "set-pin": cmd_set_pin,
            }.get(command)
            if handler is None:
                from kiosk.app import export_command

                return export_command(args)
            return handler(args)
        args = run_parser().parse_args(argv)
        setup_logging(args.verbose)
        from kiosk.app import run

        return run(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
