"""The command line: ``union-kiosk`` and ``python -m kiosk``, the one way in.

Start-up in stages, in one direction: parse the arguments; set up logging
(:mod:`kiosk.earlyinit`); run a Qt-free command (``validate``, ``list``,
``schema``, ``stats``, ``set-pin``) here, or, for the window and for pictures,
let :mod:`kiosk.earlyinit` check that Qt loads and that there is a display,
and only then start the composition root, :mod:`kiosk.app` (whose module
imports no Qt: Qt and the widgets come in when it builds the window).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from kiosk import __version__, earlyinit
from kiosk.core.collector import collector_paused, spare_the_last_collection
from kiosk.terminal import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_USAGE, bundle_path, err, out

if TYPE_CHECKING:
    from kiosk.core.problems import ProblemList

log = logging.getLogger("kiosk")

COMMANDS = (
    "validate",
    "list",
    "schema",
    "export",
    "stats",
    "set-pin",
    "draft",
    "publish",
    "update",
    "preview",
    "fleet",
)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a short message, never a traceback."""

    def error(self, message: str) -> NoReturn:
        err(f"{self.prog}: {message}\n用法见 {self.prog} --help")
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
        parser.description = "把每张卡片和它的详情页导出为 PNG 图片，或一份 PDF 讲义，或两者。"
        _bundle_arg(parser)
        parser.add_argument("--png", type=Path, metavar="DIR", help="PNG 输出文件夹")
        parser.add_argument("--pdf", type=Path, metavar="FILE", help="PDF 讲义文件：每张卡片一页，其后是它的详情页")
        parser.add_argument("--size", type=_size, default=(1920, 1080), help="图片尺寸，如 1920x1080")
    elif command == "stats":
        parser.description = "播放统计：每张卡片播放了多少次、多久，观众点开了哪些，每小时触摸多少次。"
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="只统计这一天（含）以后的记录")
        parser.add_argument("--csv", type=Path, metavar="FILE", help="另把全部明细导出为 CSV（Excel 可直接打开）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    elif command == "set-pin":
        from kiosk.core.pin import NEW_PIN_MIN_DIGITS, PIN_MAX_DIGITS

        digits = f"{NEW_PIN_MIN_DIGITS}–{PIN_MAX_DIGITS}"
        parser.description = f"设置进入管理菜单的管理密码（{digits} 位数字）。只保存加盐哈希，不保存密码本身。"
        parser.add_argument("--pin-stdin", action="store_true", help="从标准输入读一行作为管理密码（供脚本使用）")
    elif command == "draft":
        from kiosk.core.draft.command import add_draft_arguments

        parser.description = "从一篇文章起草数据包：找出每个数字和它的原句，提出卡片。"
        add_draft_arguments(parser)
    elif command == "preview":
        parser.description = "预览数据包：每次保存后立即显示改动的卡片，保存有错时把问题显示在画面上。"
        parser.add_argument("bundle", type=Path, help="数据包文件夹或 .zip")
    elif command == "publish":
        from kiosk.feed.commands import add_publish_arguments

        add_publish_arguments(parser)
    elif command == "update":
        from kiosk.feed.commands import add_update_arguments

        add_update_arguments(parser)
    elif command == "fleet":
        from kiosk.feed.fleet_commands import add_fleet_arguments

        add_fleet_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="更多日志")
    return parser


# ---------------------------------------------------------------- commands


def out_json(value: object) -> None:
    """``value`` on standard output as indented JSON, Chinese as written."""
    import json  # the --json outputs only: the kiosk and its screenshots start without it

    out(json.dumps(value, ensure_ascii=False, indent=2))


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

    path = bundle_path(args.bundle)
    inspection = inspect_bundle(path, check_fonts=True)
    problems = inspection.problems.sorted()
    if args.json:
        out_json(
            {
                "bundle": str(path),
                "valid": inspection.ok,
                "cards": len(inspection.manifest.cards) if inspection.manifest else 0,
                "errors": [p.as_dict() for p in problems if p.severity == "error"],
                "warnings": [p.as_dict() for p in problems if p.severity == "warning"],
            }
            | _omitted_counts(inspection.problems)
        )
    else:
        for problem in problems:
            out(problem.describe())
        for omitted in inspection.problems.omitted:
            out(omitted.describe())
        errors = inspection.problems.count(Severity.ERROR)
        warnings = inspection.problems.count(Severity.WARNING)
        if inspection.ok and inspection.manifest is not None:
            out(f"✓ 数据包有效：{path}（{len(inspection.manifest.cards)} 张卡片，{warnings} 条提醒）")
        else:
            out(f"✗ 数据包无效：{path}（{errors} 个错误，{warnings} 条提醒）。请按上面的提示逐条修改。")
    if inspection.files is not None:
        inspection.files.close()
    return EXIT_OK if inspection.ok else EXIT_INVALID


def cmd_list(args: argparse.Namespace) -> int:
    from kiosk.core.bundle import load_bundle
    from kiosk.core.listing import card_rows, format_table
    from kiosk.core.problems import BundleError

    path = bundle_path(args.bundle)
    try:
        bundle = load_bundle(path)
    except BundleError as exc:
        for problem in exc.problems:
            err(problem.describe())
        err(f"✗ 数据包无效：{path}。先运行 union-kiosk validate 查看全部问题。")
        return EXIT_INVALID
    rows = card_rows(bundle.manifest)
    bundle.close()
    if args.json:
        out_json(rows)
    else:
        out(format_table(rows))
    return EXIT_OK


def cmd_schema(_args: argparse.Namespace) -> int:
    from kiosk.core.manifest import json_schema

    out_json(json_schema())
    return EXIT_OK


def _card_titles(configured: Path | None) -> dict[str, str]:
    """Card id → what the card says, so the table reads as more than ids; empty when the bundle is not at hand."""
    from kiosk.core.bundle import load_bundle
    from kiosk.core.problems import BundleError

    try:
        loaded = load_bundle(bundle_path(None, configured))
    except (BundleError, OSError) as exc:
        log.debug("no card titles for the stats table: %s", exc)
        return {}
    titles = {card.id: f"{card.headline.text()} {card.label}" for card in loaded.manifest.cards}
    loaded.close()
    return titles


def cmd_stats(args: argparse.Namespace) -> int:
    import time
    from datetime import datetime

    from kiosk.core.report import format_summary
    from kiosk.core.settings import load_settings
    from kiosk.core.stats import StatsRecorder, stats_path

    since = None
    if args.since is not None:
        try:
            since = datetime.strptime(args.since, "%Y-%m-%d")
        except ValueError:
            err(f"✗ 日期“{args.since}”无效：请写成 YYYY-MM-DD，如 2025-01-31 / --since wants YYYY-MM-DD")
            return EXIT_INVALID
    path = stats_path()
    with StatsRecorder(path, time.time) as recorder:
        summary = recorder.summarise(since)
        rows = recorder.to_csv(args.csv, since) if args.csv is not None else None
    if args.json:
        out_json(summary.as_dict())
    else:
        out(format_summary(summary, _card_titles(load_settings().bundle)))
        out(f"\n数据文件：{path}")
    if rows is not None:
        (err if args.json else out)(f"✓ 已导出 {rows} 行明细到 {args.csv}")
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
            pin = getpass.getpass(f"新管理密码（{digits} 位数字） / new PIN ({digits} digits)：").strip()
            problem = new_pin_problem(pin)
            if problem is None and getpass.getpass("再输入一次：").strip() != pin:
                problem = "两次输入的管理密码不一致 / the two entries differ"
        except EOFError:
            problem = "没有读到管理密码 / no PIN entered"
    if problem is not None:
        err(f"✗ {problem}。管理密码没有保存。")
        return EXIT_INVALID
    try:
        path = store_pin(hash_pin(pin))
    except (SettingsError, OSError) as exc:
        err(f"✗ {exc}。管理密码没有保存。")
        return EXIT_INVALID
    out(f"✓ 管理密码已保存到 {path}（只存加盐哈希，不存密码本身）")
    return EXIT_OK


class _Lines:
    """A text stream for commands that write to one: every line goes through ``out``/``err``."""

    def __init__(self, write_line: Callable[[str], None]) -> None:
        self._write_line = write_line

    def write(self, text: str) -> int:
        for line in text.rstrip("\n").split("\n"):
            self._write_line(line)
        return len(text)


def cmd_draft(args: argparse.Namespace) -> int:
    from kiosk.core.draft.command import cmd_draft as draft

    return draft(args, _Lines(out), _Lines(err))  # type: ignore[arg-type]


def cmd_publish(args: argparse.Namespace) -> int:
    from kiosk.feed.commands import cmd_publish as publish

    return publish(args, out=out, err=err)


def cmd_update(args: argparse.Namespace) -> int:
    from kiosk.feed.commands import cmd_update as update

    return update(args, out=out, err=err)


def cmd_preview(args: argparse.Namespace) -> int:
    from kiosk import app  # Qt-free at import, like the kiosk's own start

    if (failed := earlyinit.prepare_window()) is not None:
        return failed
    return app.preview(args)


def cmd_fleet(args: argparse.Namespace) -> int:
    from kiosk.feed.fleet_commands import cmd_fleet as fleet

    return fleet(args, out=out, err=err)


def program() -> int:
    """The ``union-kiosk`` program (its script, ``python -m kiosk``, the frozen build): :func:`main`, and then
    the exit, without the interpreter's last walk over every object (see :mod:`kiosk.core.collector`)."""
    code = main(exit_after=True)
    spare_the_last_collection()
    return code


def main(argv: Sequence[str] | None = None, *, exit_after: bool = False) -> int:
    """The command line; ``exit_after``: the process ends on return (:func:`program`), so a picture made
    with the collector paused leaves it paused, rather than have it walk every object made so far."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            command = argv[0]
            parser = command_parser(command)
            args = parser.parse_args(argv[1:])
            if command == "export" and args.png is None and args.pdf is None:
                parser.error("请给出 --png 文件夹、--pdf 文件，或两者 / give --png DIR, --pdf FILE or both")
            earlyinit.setup_logging(args.verbose)
            handler = {
                "validate": cmd_validate,
                "list": cmd_list,
                "schema": cmd_schema,
                "stats": cmd_stats,
                "set-pin": cmd_set_pin,
                "draft": cmd_draft,
                "publish": cmd_publish,
                "update": cmd_update,
                "fleet": cmd_fleet,
                "preview": cmd_preview,
            }.get(command)
            if handler is not None:
                return handler(args)
            from kiosk import app  # Qt-free at import: see below

            if (failed := earlyinit.prepare_drawing()) is not None:
                return failed
            return app.export(args)
        args = run_parser().parse_args(argv)
        earlyinit.setup_logging(args.verbose)
        with collector_paused(resume=not exit_after):  # the window resumes it once it is built
            # The composition root's module imports only the Qt-free core, and before
            # Qt: every module imported after PySide6 goes through its import hook,
            # which costs a --screenshot some 2.5 MB and milliseconds.
            from kiosk import app

            prepare = earlyinit.prepare_drawing if args.screenshot is not None else earlyinit.prepare_window
            if (failed := prepare()) is not None:
                return failed
            return app.run(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
