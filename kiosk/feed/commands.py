"""``union-kiosk publish`` and ``union-kiosk update``: argument parsers and the commands behind them.

Each command takes the parsed arguments and two writers, ``out`` and ``err``
(a line each, for the person at the terminal), and returns the exit code:
0 done (installed, already current, published), 1 refused (the reason is
printed, Chinese first), 2 wrong usage.  The update framework is imported
only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.text_safety import for_terminal

if TYPE_CHECKING:
    from kiosk.feed.publish import PublishResult

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

Writer = Callable[[str], None]


def _stdout(text: str) -> None:
    if sys.stdout is not None:  # a frozen GUI build has none
        sys.stdout.write(for_terminal(text) + "\n")


def _stderr(text: str) -> None:
    if sys.stderr is not None:
        sys.stderr.write(for_terminal(text) + "\n")


# ---------------------------------------------------------------- publish


def add_publish_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "把数据包或通知签名发布到内容源（TUF 仓库文件夹，任何静态网站服务器都能提供）。"
        "退出码 0 已发布，1 被拒绝，2 用法错误。"
    )
    parser.add_argument("bundle", nargs="?", type=Path, help="要发布的数据包文件夹或 .zip")
    parser.add_argument("--repo", type=Path, required=True, metavar="DIR", help="内容源文件夹（网站服务器提供的目录）")
    parser.add_argument("--keys", type=Path, required=True, metavar="DIR", help="签名密钥文件夹（首次发布时创建）")
    parser.add_argument(
        "--hall", action="append", default=[], metavar="ID", help="只发布给这个展厅（可重复）；不写则发布给所有展厅"
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--notice", metavar="TEXT", help="发布一条通知（需同时给出 --until）")
    action.add_argument("--clear-notice", action="store_true", help="撤下通知")
    action.add_argument("--refresh", action="store_true", help="重新签名 timestamp（供定时任务每几小时运行）")
    action.add_argument("--renew-root", action="store_true", help="续签 root（需要离线保存的 root 密钥）")
    action.add_argument(
        "--rotate-key", metavar="ROLE", choices=("root", "targets", "snapshot", "timestamp"), help="更换一个角色的密钥"
    )
    parser.add_argument("--until", metavar="TIME", help="通知的截止时间，如 2026-12-01T18:00（本机时间）")


def cmd_publish(args: argparse.Namespace, *, out: Writer = _stdout, err: Writer = _stderr) -> int:
    usage_error = _publish_usage_error(args)
    if usage_error is not None:
        err(usage_error)
        return EXIT_USAGE
    try:
        import cryptography  # noqa: F401 - signing needs it; a kiosk that only verifies does not
    except ImportError:
        err(
            "✗ 发布内容要签名，需要 cryptography：请在发布用的电脑上 pip install 'union-kiosk[publish]'。\n"
            "(publishing signs metadata and needs pyca/cryptography: pip install 'union-kiosk[publish]')"
        )
        return EXIT_REFUSED
    from kiosk.feed import publish

    try:
        result, what = _publish(args)
    except publish.PublishError as exc:
        for problem in exc.bundle_problems:
            err(problem.describe())
        for line in exc.problems:
            err(f"✗ {line}")
        return EXIT_REFUSED
    except OSError as exc:
        err(f"✗ 无法写入内容源或密钥文件夹：{exc} / cannot write: {exc}")
        return EXIT_REFUSED
    _say_published(args, result, what, out=out, err=err)
    return EXIT_OK


def _publish_usage_error(args: argparse.Namespace) -> str | None:
    """The first thing wrong with how ``publish`` was called, or ``None``."""
    actions = [bool(args.notice is not None), args.clear_notice, args.refresh, args.renew_root, bool(args.rotate_key)]
    mistakes = (
        (
            args.bundle is not None and any(actions),
            "✗ 一次只做一件事：发布数据包，或 --notice / --clear-notice / --refresh / --renew-root / --rotate-key",
        ),
        (
            args.bundle is None and not any(actions),
            "✗ 请给出要发布的数据包，或 --notice TEXT --until TIME、--clear-notice、--refresh（见 --help）",
        ),
        (
            (args.notice is not None) != (args.until is not None),
            "✗ --notice 和 --until 要一起给出 / --notice needs --until",
        ),
        (
            args.hall and (args.refresh or args.renew_root or args.rotate_key),
            "✗ --hall 只用于数据包和通知 / --hall applies to bundles and notices only",
        ),
    )
    return next((message for wrong, message in mistakes if wrong), None)


def _publish(args: argparse.Namespace) -> tuple[PublishResult, str]:
    """Do the one thing asked for; the result and what was published, for the line that says so."""
    from kiosk.feed import publish

    if args.bundle is not None:
        result = publish.publish_bundle(args.bundle, args.repo, args.keys, halls=args.hall)
        return result, "数据包" + (f"（展厅 {'、'.join(args.hall)}）" if args.hall else "（所有展厅）")
    if args.notice is not None:
        result = publish.publish_notice(args.repo, args.keys, args.notice, args.until, halls=args.hall)
        return result, "通知" + (f"（展厅 {'、'.join(args.hall)}）" if args.hall else "")
    if args.clear_notice:
        result = publish.clear_notice(args.repo, args.keys, halls=args.hall)
        return result, "撤下通知" if result.changed else "撤下通知（本来就没有）"
    if args.refresh:
        return publish.refresh(args.repo, args.keys), "重新签名"
    if args.renew_root:
        return publish.renew_root(args.repo, args.keys), "续签 root"
    return publish.rotate_key(args.repo, args.keys, args.rotate_key), f"更换 {args.rotate_key} 密钥"


def _say_published(args: argparse.Namespace, result: PublishResult, what: str, *, out: Writer, err: Writer) -> None:
    if result.created:
        out(f"已创建密钥（{args.keys}，仅本人可读）和根元数据 {result.trusted_root}")
        out("  请把 root 密钥（root.pem）移到离线处保存；把根元数据复制到每台展台作为 --trust 文件。")
    out(
        f"✓ 已发布{what}：targets v{result.targets_version}，snapshot v{result.snapshot_version}，"
        f"timestamp v{result.timestamp_version}" + (f"，sha256 {result.sha256[:12]}" if result.sha256 else "")
    )
    for warning in result.warnings:
        err(f"! {warning}")


# ---------------------------------------------------------------- update


def add_update_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "检查一次内容源：下载、验证签名、校验并安装本展厅的数据包。"
        "不带参数时用 kiosk.yaml 的 feed 设置。退出码 0 已安装或已是最新，1 被拒绝，2 用法错误。"
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--feed", metavar="URL", help="内容源网址，如 https://feed.example.org/union/")
    source.add_argument(
        "--from", dest="from_path", type=Path, metavar="PATH", help="U 盘上的内容源文件夹（同样验证签名）"
    )
    parser.add_argument("--trust", type=Path, metavar="ROOT.json", help="信任的根元数据（发布方给出的 root.json）")
    parser.add_argument("--hall", metavar="ID", help="本展厅编号：有专属内容时用它，否则用共同内容")
    parser.add_argument("--data", type=Path, metavar="DIR", help="展台的数据文件夹（默认：本机的数据文件夹）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def cmd_update(args: argparse.Namespace, *, out: Writer = _stdout, err: Writer = _stderr) -> int:
    source: str | Path | None = args.feed or args.from_path
    trust: Path | None = args.trust
    hall: str | None = args.hall
    if source is None or trust is None:
        from kiosk.feed.settings import load_feed_settings

        settings = load_feed_settings()
        if settings is None:
            err("✗ 请给出 --feed URL 或 --from PATH，以及 --trust ROOT.json（或在 kiosk.yaml 里设置 feed）")
            return EXIT_USAGE
        source = source or settings.source
        trust = trust or settings.trust
        hall = hall or settings.hall
    if isinstance(source, str) and not source.lower().startswith(("http://", "https://")):
        err(f"✗ --feed 应为 http:// 或 https:// 网址，不是“{source}”；U 盘文件夹请用 --from")
        return EXIT_USAGE
    from kiosk.core import places
    from kiosk.feed.update import update_once

    result = update_once(source, trust, hall, args.data or places.data_dir())
    if args.json:
        out(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        (out if result.ok else err)(result.describe())
    return EXIT_OK if result.ok else EXIT_REFUSED
