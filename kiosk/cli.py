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
from typing import Any

from kiosk import __version__

log = logging.getLogger("kiosk")

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

COMMANDS = ("validate", "list", "schema", "export")


def _out(text: str = "") -> None:
    """Write a line for the person at the terminal (a frozen GUI build has no stdout)."""
    stream = sys.stdout
    if stream is not None:
        stream.write(text + "\n")


def _err(text: str) -> None:
    stream = sys.stderr
    if stream is not None:
        stream.write(text + "\n")


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
    parser.add_argument("-v", "--verbose", action="store_true", help="更多日志")
    return parser


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr if sys.stderr is not None else None,
    )


def _bundle_path(path: Path | None) -> Path:
    if path is not None:
        return path
    from kiosk.resources import default_bundle

    return default_bundle()


# ---------------------------------------------------------------- commands


def cmd_validate(args: argparse.Namespace) -> int:
    from kiosk.core.bundle import inspect_bundle

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
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            _out(problem.describe())
        errors = len(inspection.problems.errors)
        warnings = len(inspection.problems.warnings)
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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            command = argv[0]
            args = command_parser(command).parse_args(argv[1:])
            setup_logging(args.verbose)
            handler = {"validate": cmd_validate, "list": cmd_list, "schema": cmd_schema}.get(command)
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
