"""Sending one report: an HTTP PUT into the reports folder (:class:`ReportSender`), or a :class:`ReportError`."""

from __future__ import annotations

import base64
import urllib.parse
import urllib.request
from pathlib import Path

import urllib3

from kiosk import __version__
from kiosk.feed.report_format import CONTENT_TYPES
from kiosk.feed.report_settings import ReportSettings

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
# Statuses the server may cure by itself, or a person by fixing kiosk.yaml: the report waits in the queue.
KEEP_QUEUED = frozenset({401, 403, 404, 405, 408, 409, 423, 425, 429})


class ReportError(Exception):
    """A report did not reach the server; ``keep``: it stays queued (the network or the server may recover)."""

    def __init__(self, message: str, *, keep: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.keep = keep
        self.status = status


class ReportSender:
    """HTTP PUT into the reports folder, with basic auth, bounded time, no redirects followed.

    A redirect is not followed: it would carry the password somewhere else.
    """

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.url = url.rstrip("/") + "/"
        self.timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
        headers = {"User-Agent": f"union-kiosk/{__version__}"}
        if user is not None and password is not None:
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        parts = urllib.parse.urlsplit(self.url)
        proxy = urllib.request.getproxies().get(parts.scheme)
        host = parts.hostname or ""
        if proxy and host not in ("localhost", "127.0.0.1", "::1") and not urllib.request.proxy_bypass(host):
            self._pool: urllib3.PoolManager = urllib3.ProxyManager(proxy)
        else:
            self._pool = urllib3.PoolManager()
        self._headers = headers  # per request: urllib3 replaces a pool's headers with a request's, never merges

    @classmethod
    def from_settings(cls, settings: ReportSettings) -> ReportSender:
        return cls(settings.url, user=settings.user, password=settings.password)

    def url_of(self, hall: str, name: str) -> str:
        return f"{self.url}{urllib.parse.quote(hall)}/{urllib.parse.quote(name)}"

    def put(self, hall: str, name: str, body: bytes) -> None:
        """PUT ``body`` to ``<url>/<hall>/<name>``; :class:`ReportError` when it did not arrive."""
        url = self.url_of(hall, name)
        content_type = CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream")
        try:
            response = self._pool.request(
                "PUT",
                url,
                body=body,
                headers=self._headers | {"Content-Type": content_type},
                timeout=self.timeout,
                retries=urllib3.Retry(total=0, connect=0, read=0, redirect=0, status=0, raise_on_redirect=False),
                redirect=False,
            )
        except urllib3.exceptions.HTTPError as exc:
            raise ReportError(f"{url}: {exc}", keep=True) from exc
        status = response.status
        response.drain_conn()
        response.release_conn()
        if status in (200, 201, 204):
            return
        keep = status >= 500 or status in KEEP_QUEUED or 300 <= status < 400
        raise ReportError(f"HTTP {status} for {url}", keep=keep, status=status)
