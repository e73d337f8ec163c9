"""One check of the feed: refresh the signed metadata, fetch this hall's bundle and notice, verify, gate, install.

:func:`update_once` never raises and never installs anything that was not
verified against the signed metadata *and* accepted by the same gate as any
local bundle (:func:`kiosk.core.bundle.inspect_bundle`).  Offline, a server
error, a tampered or rolled-back file, expired metadata: the bundle on screen
stays, and the result says why, in Chinese and English.  The result of the
last check is kept in ``data_dir/feed/last-check.json`` for the staff
diagnostics and the reports.

Call it from a background thread (see :class:`kiosk.feed.follow.FeedFollower`),
never from the GUI thread: it waits for the network.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from tuf.api import exceptions
from tuf.api.metadata import TargetFile
from tuf.ngclient import Updater
from tuf.ngclient.fetcher import FetcherInterface

from kiosk import __version__
from kiosk.core.bundle import inspect_bundle
from kiosk.core.files import MAX_ZIP_TOTAL_BYTES
from kiosk.core.problems import Severity
from kiosk.feed.fetchers import FolderFetcher, HttpFetcher
from kiosk.feed.install import install_bundle, remove_notice, write_json_atomically
from kiosk.feed.layout import (
    CACHE_DIR,
    COMMON_BUNDLE,
    COMMON_NOTICE,
    CURRENT_BUNDLE,
    DOWNLOAD_DIR,
    LAST_CHECK_FILE,
    METADATA_DIR,
    NOTICE_FILE,
    TARGETS_DIR,
    bundle_target,
    check_hall_id,
    feed_dir,
    notice_target,
)
from kiosk.feed.notices import MAX_NOTICE_BYTES, Notice, NoticeError, read_notice

log = logging.getLogger(__name__)

TRUST_MARKER = "trust-anchor.sha256"  # which --trust file the cached metadata grew from


class Outcome(StrEnum):
    INSTALLED = "installed"  # a new bundle is in place: the kiosk shows it at the next card
    CURRENT = "current"  # the bundle in place is the one published
    REFUSED = "refused"  # nothing changed; ``reason`` says why


@dataclass(frozen=True)
class Reason:
    code: str
    zh: str
    en: str

    def describe(self) -> str:
        return f"{self.zh}\n    ({self.en})"


# Codes a retry soon may cure (the follower backs off and tries again); the rest wait for the next check.
TRANSIENT = frozenset({"offline", "server-error", "slow", "interrupted"})


@dataclass(frozen=True)
class NoticeStatus:
    state: str  # "received", "unchanged", "cleared", "none", "expired", "refused"
    notice: Notice | None = None
    reason: Reason | None = None


@dataclass(frozen=True)
class UpdateResult:
    outcome: Outcome
    checked_at: datetime
    source: str
    target: str | None = None  # which target: "halls/<id>/bundle.zip" or "bundle.zip"
    sha256: str | None = None  # of the bundle in place after the check
    path: Path | None = None  # the installed bundle
    reason: Reason | None = None
    notice: NoticeStatus | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is not Outcome.REFUSED

    @property
    def transient(self) -> bool:
        """Refused for a reason that a retry soon may cure (network, server, slowness)."""
        return self.reason is not None and self.reason.code in TRANSIENT

    def describe(self) -> str:
        """For a terminal or the log: Chinese first."""
        if self.outcome is Outcome.INSTALLED:
            text = f"✓ 已安装新内容 {self.target}（{(self.sha256 or '')[:12]}）：下一张卡片起显示 / installed"
        elif self.outcome is Outcome.CURRENT:
            text = f"✓ 已是最新内容 {self.target}（{(self.sha256 or '')[:12]}）/ already current"
        else:
            reason = self.reason.describe() if self.reason else ""
            text = f"✗ 没有更新，继续显示现有内容：{reason}"
        if self.notice is not None and self.notice.state in ("received", "cleared", "expired", "refused"):
            text += "\n" + _notice_line(self.notice)
        return text

    def as_dict(self) -> dict[str, object]:
        notice = self.notice
        return {
            "outcome": self.outcome.value,
            "checked_at": self.checked_at.isoformat(),
            "source": self.source,
            "target": self.target,
            "sha256": self.sha256,
            "path": str(self.path) if self.path else None,
            "reason": None
            if self.reason is None
            else {"code": self.reason.code, "zh": self.reason.zh, "en": self.reason.en},
            "notice": None
            if notice is None
            else {
                "state": notice.state,
                "id": notice.notice.id if notice.notice else None,
                "reason": None if notice.reason is None else notice.reason.code,
            },
            "version": __version__,
        }


def _notice_line(status: NoticeStatus) -> str:
    if status.state == "received" and status.notice is not None:
        return f"通知：已收到“{status.notice.text}”，至 {status.notice.until.isoformat()} / notice received"
    if status.state in ("cleared", "expired"):
        return "通知：已撤下 / notice withdrawn"
    reason = status.reason.describe() if status.reason else ""
    return f"通知没有更新：{reason}"


def last_check(data_dir: Path) -> dict[str, object] | None:
    """The last check's result as :meth:`UpdateResult.as_dict` wrote it, or ``None`` (never checked, damaged)."""
    try:
        data = json.loads((feed_dir(data_dir) / LAST_CHECK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# ---------------------------------------------------------------- reasons


def _reason(exc: BaseException) -> Reason:
    """What went wrong, for a person: the first kind in :data:`_REASONS` the failure is of, else a general error."""
    detail = str(exc) or type(exc).__name__
    for kind, reason in _REASONS:
        if isinstance(exc, kind):
            return reason(exc, detail)
    return Reason("error", f"更新时出错：{detail}", f"update failed: {type(exc).__name__}: {detail}")


def _same_for_all(code: str, zh: str, en: str) -> Callable[[BaseException, str], Reason]:
    """The reason for a kind of failure that says the same whatever the failure: its detail after ``en``."""
    return lambda _exc, detail: Reason(code, zh, f"{en}: {detail}")


def _http_error(exc: exceptions.DownloadHTTPError, detail: str) -> Reason:
    if exc.status_code >= 500:
        return Reason(
            "server-error", f"内容源服务器出错（HTTP {exc.status_code}），稍后再试", f"server error: {detail}"
        )
    return Reason(
        "not-found",
        f"内容源服务器上找不到文件（HTTP {exc.status_code}）：请检查地址",
        f"not on the server: {detail}",
    )


def _download_error(exc: exceptions.DownloadError, detail: str) -> Reason:
    if "mid-file" in detail:
        return Reason("interrupted", "下载中途连接断开，稍后再试", f"the connection broke off: {detail}")
    cause = exc.__cause__ or exc
    return Reason("offline", "连不上内容源（网络断开或地址有误），稍后再试", f"cannot reach the feed: {cause}")


def _disk_error(exc: OSError, detail: str) -> Reason:
    return Reason("disk", f"本机无法写入数据文件夹：{exc.strerror or exc}", f"cannot write the data folder: {detail}")


# The specific failures before the general ones they derive from: the first kind that matches says what went wrong.
_REASONS: tuple[tuple[type[BaseException], Callable[[Any, str], Reason]], ...] = (
    (exceptions.DownloadHTTPError, _http_error),
    (
        exceptions.SlowRetrievalError,
        _same_for_all("slow", "内容源服务器响应太慢，已放弃本次下载", "the server is too slow"),
    ),
    (
        exceptions.DownloadLengthMismatchError,
        _same_for_all("tampered", "下载的文件比签名记录的大：已拒绝（可能被篡改）", "a file is longer than signed"),
    ),
    (exceptions.DownloadError, _download_error),
    (
        exceptions.ExpiredMetadataError,
        _same_for_all("expired", "内容源的签名已过期：请发布方运行 union-kiosk publish --refresh", "expired metadata"),
    ),
    (
        exceptions.BadVersionNumberError,
        _same_for_all("rollback", "内容源给出的版本比本机已有的旧：已拒绝（回滚攻击或镜像过时）", "rollback refused"),
    ),
    (
        exceptions.LengthOrHashMismatchError,
        _same_for_all("tampered", "下载的文件和签名记录不符：已拒绝（可能被篡改）", "hash or length mismatch"),
    ),
    (
        exceptions.UnsignedMetadataError,
        _same_for_all("bad-signature", "内容源的签名无效：已拒绝（可能被篡改或密钥不对）", "bad signature"),
    ),
    (exceptions.RepositoryError, _same_for_all("bad-metadata", "内容源的元数据无效：已拒绝", "invalid metadata")),
    (OSError, _disk_error),
)


# ---------------------------------------------------------------- the check


def _bootstrap(cache: Path, trusted_root: Path) -> bytes:
    """The root to start from: the newest one cached from this same ``--trust`` file, else that file.

    Starting from the cached root keeps key rotations already followed (an old
    compromised root key cannot take the kiosk back); a different ``--trust``
    file (the kiosk moved to another feed) starts afresh.
    """
    anchor = trusted_root.read_bytes()
    digest = hashlib.sha256(anchor).hexdigest()
    marker = cache / TRUST_MARKER
    cached = cache / "root.json"
    try:
        if marker.read_text(encoding="ascii").strip() == digest and cached.is_file():
            return cached.read_bytes()
    except OSError:
        pass
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    marker.write_text(digest + "\n", encoding="ascii")
    return anchor


def _is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def update_once(
    source: str | Path,
    trusted_root: Path,
    hall_id: str | None,
    data_dir: Path,
    *,
    fetcher: FetcherInterface | None = None,
    now: datetime | None = None,
) -> UpdateResult:
    """One check of the feed at ``source`` (an ``http(s)://`` URL, or a folder holding the repository).

    ``trusted_root`` is the root metadata the kiosk was set up with;
    ``hall_id`` picks the hall's own bundle and notice when the feed has
    them, else the common ones.  Installs into ``data_dir/feed/``.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    label = str(source)
    try:
        result = _check(source, trusted_root, hall_id, data_dir, fetcher=fetcher, now=moment)
    except Exception as exc:  # the updater runs unattended: every failure is a result, never a crash
        if not isinstance(exc, exceptions.RepositoryError | exceptions.DownloadError | OSError):
            log.exception("更新出错 / update failed")
        result = UpdateResult(Outcome.REFUSED, moment, label, reason=_reason(exc))
    (log.info if result.ok else log.warning)("%s", result.describe())
    try:
        write_json_atomically(feed_dir(data_dir) / LAST_CHECK_FILE, result.as_dict())
    except OSError as exc:
        log.warning("无法记录更新结果 / cannot record the check: %s", exc)
    return result


def _check(
    source: str | Path,
    trusted_root: Path,
    hall_id: str | None,
    data_dir: Path,
    *,
    fetcher: FetcherInterface | None,
    now: datetime,
) -> UpdateResult:
    label = str(source)
    if hall_id is not None:
        try:
            check_hall_id(hall_id)
        except ValueError as exc:
            return UpdateResult(Outcome.REFUSED, now, label, reason=Reason("usage", str(exc), str(exc)))
    folder = feed_dir(data_dir)
    cache, downloads = folder / CACHE_DIR, folder / DOWNLOAD_DIR
    downloads.mkdir(parents=True, exist_ok=True)
    try:
        bootstrap = _bootstrap(cache, trusted_root)
    except OSError as exc:
        reason = Reason(
            "no-trust",
            f"读不到信任的根元数据 {trusted_root}：{exc.strerror or exc}",
            f"cannot read the trusted root: {exc}",
        )
        return UpdateResult(Outcome.REFUSED, now, label, reason=reason)
    if _is_url(source):
        base = str(source).rstrip("/") + "/"
        chosen = fetcher or HttpFetcher()
    else:
        local = FolderFetcher(Path(source))
        if not local.root.is_dir():
            reason = Reason("offline", f"找不到内容源文件夹 {source}", f"no repository folder at {source}")
            return UpdateResult(Outcome.REFUSED, now, label, reason=reason)
        base, chosen = local.base_url(), fetcher or local
    updater = Updater(
        metadata_dir=str(cache),
        metadata_base_url=base + METADATA_DIR + "/",
        target_dir=str(downloads),
        target_base_url=base + TARGETS_DIR + "/",
        fetcher=chosen,
        bootstrap=bootstrap,
    )
    updater.refresh()
    notice = _follow_notice(updater, hall_id, data_dir, now)

    info, target = None, None
    for candidate in ([bundle_target(hall_id)] if hall_id else []) + [COMMON_BUNDLE]:
        info = updater.get_targetinfo(candidate)
        if info is not None:
            target = candidate
            break
    if info is None or target is None:
        reason = Reason("no-bundle", "内容源里还没有发布数据包", "nothing has been published in this feed yet")
        return UpdateResult(Outcome.REFUSED, now, label, reason=reason, notice=notice)
    sha256 = info.hashes.get("sha256")
    current = folder / CURRENT_BUNDLE
    if updater.find_cached_target(info, str(current)):
        return UpdateResult(Outcome.CURRENT, now, label, target, sha256, current, notice=notice)
    if info.length > MAX_ZIP_TOTAL_BYTES:
        reason = Reason(
            "too-large",
            f"数据包太大（{info.length // 1024 // 1024} MB），没有下载",
            f"the bundle is {info.length} bytes, over {MAX_ZIP_TOTAL_BYTES}",
        )
        return UpdateResult(Outcome.REFUSED, now, label, target, reason=reason, notice=notice)
    part = downloads / "bundle.zip.part"
    try:
        updater.download_target(info, filepath=str(part))
        refusal = _gate(part)
        if refusal is not None:
            return UpdateResult(Outcome.REFUSED, now, label, target, reason=refusal, notice=notice)
        installed = install_bundle(part, data_dir)
    finally:
        part.unlink(missing_ok=True)
    return UpdateResult(Outcome.INSTALLED, now, label, target, sha256, installed, notice=notice)


def _gate(path: Path) -> Reason | None:
    """The same gate as any local bundle: a signed bundle that the gate refuses is not installed either."""
    inspection = inspect_bundle(path)
    if inspection.files is not None:
        inspection.files.close()
    if inspection.ok:
        return None
    errors = [p for p in inspection.problems.sorted() if p.severity is Severity.ERROR]
    first = errors[0].describe() if errors else ""
    return Reason(
        "invalid-bundle",
        f"发布的数据包没有通过校验（{len(errors)} 个错误），没有安装：{first}",
        "the published bundle failed the gate, not installed",
    )


def _follow_notice(updater: Updater, hall_id: str | None, data_dir: Path, now: datetime) -> NoticeStatus:
    """The hall's notice, else the common one, verified and gated; removed when withdrawn or expired."""
    path = feed_dir(data_dir) / NOTICE_FILE
    info: TargetFile | None = None
    try:
        for candidate in ([notice_target(hall_id)] if hall_id else []) + [COMMON_NOTICE]:
            info = updater.get_targetinfo(candidate)
            if info is not None:
                break
        if info is None:
            return NoticeStatus("cleared" if remove_notice(data_dir) else "none")
        if info.length > MAX_NOTICE_BYTES:
            raise NoticeError([f"通知文件太大 / the notice is over {MAX_NOTICE_BYTES} bytes"])
        part = feed_dir(data_dir) / DOWNLOAD_DIR / "notice.json.part"
        try:
            updater.download_target(info, filepath=str(part))
            data = part.read_bytes()
        finally:
            part.unlink(missing_ok=True)
        notice = read_notice(data)
    except NoticeError as exc:
        return NoticeStatus("refused", reason=Reason("invalid-notice", exc.problems[0], "; ".join(exc.problems)))
    except (exceptions.RepositoryError, exceptions.DownloadError, OSError) as exc:
        return NoticeStatus("refused", reason=_reason(exc))
    if not notice.is_current(now):
        remove_notice(data_dir)
        return NoticeStatus("expired", notice)
    try:
        if read_notice(path.read_bytes()) == notice:
            return NoticeStatus("unchanged", notice)
    except (OSError, NoticeError):
        pass
    write_json_atomically(path, notice.as_dict())
    return NoticeStatus("received", notice)
