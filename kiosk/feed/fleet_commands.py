"""``union-kiosk fleet report``: the page (and CSV) that shows every hall from its reports.

Like :mod:`kiosk.feed.commands`: a parser builder and a command taking the
parsed arguments and two writers, returning the exit code (0 written,
1 the reports or the feed could not be read, 2 wrong usage).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosk.feed.commands import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Writer, _stderr, _stdout
from kiosk.feed.fleet_stores import PASSWORD_ENV


def add_fleet_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "查看所有展厅：从展台发回的报告生成一页离线可看的 HTML（和一份 CSV）。"
    actions = parser.add_subparsers(dest="fleet_action", metavar="ACTION")
    report = actions.add_parser(
        "report",
        help="生成展厅总览页面",
        description=(
            "读取报告文件夹（本机文件夹，或 WebDAV/HTTP 网址），写出一页 HTML 和同名 CSV："
            "每个展厅的最后报告（失联的标出）、显示的版本与最新发布的对比、截图、近 7 天播放和触摸、观众最常打开的卡片。"
            f"网址需要密码时用 --user，并把密码放在环境变量 {PASSWORD_ENV} 里。"
        ),
    )
    report.add_argument("reports", metavar="REPORTS", help="报告文件夹，或其网址，如 https://feed.example.org/reports/")
    report.add_argument(
        "-o", "--output", type=Path, default=Path("report.html"), metavar="FILE", help="输出的 HTML 文件"
    )
    newest = report.add_mutually_exclusive_group()
    newest.add_argument("--repo", type=Path, metavar="DIR", help="内容源文件夹：据此判断各展厅是否为最新版本")
    newest.add_argument("--feed", metavar="URL", help="内容源网址：据此判断各展厅是否为最新版本")
    report.add_argument("--user", metavar="NAME", help=f"报告网址的用户名（密码放在环境变量 {PASSWORD_ENV}）")


def cmd_fleet(args: argparse.Namespace, *, out: Writer = _stdout, err: Writer = _stderr) -> int:
    if getattr(args, "fleet_action", None) != "report":
        err("✗ 用法：union-kiosk fleet report REPORTS -o report.html [--repo DIR | --feed URL]")
        return EXIT_USAGE
    where: str = args.reports
    is_url = where.lower().startswith(("http://", "https://"))
    password = os.environ.get(PASSWORD_ENV)
    if args.user is not None and not is_url:
        err("✗ --user 只用于报告网址 / --user applies to a URL only")
        return EXIT_USAGE
    if args.user is not None and password is None:
        err(f"✗ 请把密码放在环境变量 {PASSWORD_ENV} 里 / set {PASSWORD_ENV}")
        return EXIT_USAGE
    if args.feed is not None and not args.feed.lower().startswith(("http://", "https://")):
        err(f"✗ --feed 应为 http:// 或 https:// 网址，不是“{args.feed}”；文件夹请用 --repo")
        return EXIT_USAGE

    from kiosk.feed.fleet import FleetError, open_store, published_at, published_in_folder, read_fleet
    from kiosk.feed.fleet_page import write_report

    try:
        published = {}
        if args.repo is not None:
            published = published_in_folder(args.repo)
        elif args.feed is not None:
            published = published_at(args.feed)
        store = open_store(where, user=args.user, password=password)
        fleet = read_fleet(store, source=where, published=published)
    except FleetError as exc:
        err(f"✗ {exc}")
        return EXIT_REFUSED
    try:
        page, table = write_report(fleet, args.output)
    except OSError as exc:
        err(f"✗ 无法写入 {args.output}：{exc}")
        return EXIT_REFUSED
    stale = len(fleet.stale())
    out(f"✓ {len(fleet.halls)} 个展厅（{stale} 个失联）：{page}，表格 {table}")
    return EXIT_OK
