"""Where the fleet's reports are read from: a folder on this machine, or its URL.

Over HTTP(S) the listing is nginx's JSON (``autoindex_format json``).
Everything listed was written by kiosks: names and sizes are data, read
within size limits, never trusted.
"""

from __future__ import annotations

import base64
import contextlib
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Protocol

import urllib3

from kiosk import __version__

# The reports' password for `union-kiosk fleet`: from the environment, never on the command line.
PASSWORD_ENV = "UNION_KIOSK_REPORTS_PASSWORD"
MAX_LISTING_BYTES = 4 * 1024 * 1024
HTTP_TIMEOUT = urllib3.Timeout(connect=10.0, read=30.0)


class FleetError(Exception):
    """The reports (or the feed) cannot be read at all: a message for the person at the terminal."""


# ---------------------------------------------------------------- where the reports are


@dataclass(frozen=True)
class Entry:
    name: str
    is_dir: bool
    modified: datetime | None
    size: int | None = None


class ReportStore(Protocol):
    def list(self, path: str) -> list[Entry]: ...  # "" is the root; a missing folder lists nothing

    def read(self, path: str, max_bytes: int) -> bytes | None: ...  # None: missing or over max_bytes


class FolderStore:
    """The reports folder on this machine (a copy, or the server's own folder)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, path: str) -> Path | None:
        target = (self.root / path).resolve()
        return target if target == self.root or target.is_relative_to(self.root) else None

    def list(self, path: str) -> list[Entry]:
        folder = self._path(path)
        if folder is None:
            return []
        entries = []
        try:
            children = list(folder.iterdir())
        except OSError:
            return []
        for child in children:
            with contextlib.suppress(OSError):
                info = child.lstat()
                if child.is_symlink():
                    continue
                modified = datetime.fromtimestamp(info.st_mtime, UTC)
                entries.append(Entry(child.name, child.is_dir(), modified, None if child.is_dir() else info.st_size))
        return entries

    def read(self, path: str, max_bytes: int) -> bytes | None:
        target = self._path(path)
        if target is None or target.is_symlink():
            return None
        try:
            with target.open("rb") as stream:
                data = stream.read(max_bytes + 1)
        except OSError:
            return None
        return data if len(data) <= max_bytes else None


class HttpStore:
    """The reports folder over HTTP(S): nginx's JSON listing (``autoindex_format json``) and GET."""

    def __init__(self, url: str, *, user: str | None = None, password: str | None = None) -> None:
        self.url = url.rstrip("/") + "/"
        headers = {"User-Agent": f"union-kiosk-fleet/{__version__}"}
        if user is not None and password is not None:
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")  # UTF-8, as nginx compares
            headers["Authorization"] = f"Basic {token}"
        self._pool = urllib3.PoolManager(headers=headers)

    def _get(self, path: str, max_bytes: int) -> tuple[int, bytes | None]:
        url = self.url + urllib.parse.quote(path)
        try:
            response = self._pool.request(
                "GET", url, preload_content=False, timeout=HTTP_TIMEOUT, retries=urllib3.Retry(2, redirect=0)
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FleetError(f"连不上报告文件夹 {self.url}：{exc} / cannot reach the reports") from exc
        try:
            if response.status != 200:
                return response.status, None
            data = response.read(max_bytes + 1)
        except urllib3.exceptions.HTTPError as exc:
            raise FleetError(f"读取 {url} 时连接中断：{exc}") from exc
        finally:
            response.release_conn()
        return 200, data if len(data) <= max_bytes else None

    def list(self, path: str) -> list[Entry]:
        folder = path.rstrip("/") + "/" if path else ""
        status, data = self._get(folder, MAX_LISTING_BYTES)
        if status in (401, 403):
            raise FleetError(
                f"报告文件夹拒绝访问（HTTP {status}）：请用 --user 给出用户名，密码放在环境变量 {PASSWORD_ENV} 里"
                f" / access denied to the reports: give --user, and the password in {PASSWORD_ENV}"
            )
        if data is None:
            return []
        try:
            items = json.loads(data)
        except ValueError:
            raise FleetError(
                f"{self.url}{folder} 的目录列表不是 JSON：nginx 上请设 autoindex on; autoindex_format json;"
            ) from None
        entries = []
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
                continue
            modified = None
            with contextlib.suppress(TypeError, ValueError):
                modified = parsedate_to_datetime(str(item.get("mtime"))).astimezone(UTC)
            size = item.get("size")
            entries.append(
                Entry(item["name"], item.get("type") == "directory", modified, size if isinstance(size, int) else None)
            )
        return entries

    def read(self, path: str, max_bytes: int) -> bytes | None:
        _status, data = self._get(path, max_bytes)
        return data


def open_store(where: str, *, user: str | None = None, password: str | None = None) -> ReportStore:
    if where.lower().startswith(("http://", "https://")):
        return HttpStore(where, user=user, password=password)
    folder = Path(where).expanduser()
    if not folder.is_dir():
        raise FleetError(f"找不到报告文件夹 {folder} / no reports folder at {folder}")
    return FolderStore(folder)
