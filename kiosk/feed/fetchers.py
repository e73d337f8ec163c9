"""How the updater reaches a feed: over HTTP(S) with bounded time, or from a folder (a USB stick).

Both are python-tuf ``FetcherInterface``\\ s: they only move bytes.  Every
byte is verified against the signed metadata by the updater, whichever way
it came, so a folder is trusted no more than a web server.
"""

from __future__ import annotations

import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import urllib3
from tuf.api.exceptions import DownloadError, DownloadHTTPError, SlowRetrievalError
from tuf.ngclient.fetcher import FetcherInterface

from kiosk import __version__

CONNECT_TIMEOUT = 10.0  # seconds to open a connection: a server that is not there is known quickly
SOCKET_TIMEOUT = 30.0  # longest silence while a file comes in
FILE_DEADLINE = 900.0  # longest a single file may take: 15 minutes is ~50 MB on a 0.5 Mbit/s line
CHUNK_BYTES = 64 * 1024
REDIRECTS = 5
CONNECT_RETRIES = 2  # quick retries inside one check; the follower's backoff spaces out the rest
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
NOT_FOUND = 404


class HttpFetcher(FetcherInterface):
    """GET over HTTP(S) with urllib3, the system's certificates and the ``https_proxy``/``no_proxy`` variables.

    Unlike a plain socket timeout, :data:`FILE_DEADLINE` bounds the whole file:
    a server trickling one byte a second cannot hold a kiosk's updater for hours.
    """

    def __init__(
        self,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        socket_timeout: float = SOCKET_TIMEOUT,
        deadline: float = FILE_DEADLINE,
        chunk_bytes: int = CHUNK_BYTES,
    ) -> None:
        self.timeout = urllib3.Timeout(connect=connect_timeout, read=socket_timeout)
        self.deadline = deadline
        self.chunk_bytes = chunk_bytes
        headers = {"User-Agent": f"union-kiosk/{__version__}"}
        self._direct = urllib3.PoolManager(headers=headers)
        self._proxies: dict[str, urllib3.ProxyManager] = {}
        for scheme, proxy in urllib.request.getproxies().items():
            if scheme in ("http", "https"):
                self._proxies[scheme] = urllib3.ProxyManager(proxy, headers=headers)

    def _manager(self, url: str) -> urllib3.PoolManager:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        proxy = self._proxies.get(parts.scheme)
        if proxy is None or host in LOCAL_HOSTS or urllib.request.proxy_bypass(host):
            return self._direct
        return proxy

    def _fetch(self, url: str) -> Iterator[bytes]:
        started = time.monotonic()
        retries = urllib3.Retry(
            total=CONNECT_RETRIES + REDIRECTS, connect=CONNECT_RETRIES, read=0, status=0, redirect=REDIRECTS,
            backoff_factor=0.2,
        )  # fmt: skip
        try:
            response = self._manager(url).request(
                "GET", url, preload_content=False, timeout=self.timeout, retries=retries
            )
        except urllib3.exceptions.MaxRetryError as exc:
            # NewConnectionError (refused, no route, no such host) is a TimeoutError to urllib3: not slow, away.
            reason = exc.reason
            if isinstance(reason, urllib3.exceptions.TimeoutError) and not isinstance(
                reason, urllib3.exceptions.NewConnectionError
            ):
                raise SlowRetrievalError(f"{url}: no answer in time") from exc
            raise DownloadError(f"{url}: {exc.reason}") from exc
        except urllib3.exceptions.TimeoutError as exc:
            raise SlowRetrievalError(f"{url}: no answer in time") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise DownloadError(f"{url}: {exc}") from exc
        if response.status >= 400:
            response.close()  # its body unread: the connection must not serve the next request
            raise DownloadHTTPError(f"HTTP {response.status} for {url}", response.status)
        return self._chunks(response, url, started)

    def _chunks(self, response: urllib3.BaseHTTPResponse, url: str, started: float) -> Iterator[bytes]:
        try:
            while True:
                if time.monotonic() - started > self.deadline:
                    raise SlowRetrievalError(f"{url}: longer than {self.deadline:.0f} s")
                chunk = response.read1(self.chunk_bytes)
                if not chunk:
                    break
                yield chunk
        except DownloadError:
            response.close()
            raise
        except urllib3.exceptions.TimeoutError as exc:
            response.close()
            raise SlowRetrievalError(f"{url}: the server went silent") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            response.close()
            raise DownloadError(f"{url}: the connection broke off mid-file ({exc})") from exc
        except BaseException:  # the reader gave up (GeneratorExit): the rest of the body is unread
            response.close()
            raise
        response.release_conn()  # read to the end: the connection may serve the next file


class FolderFetcher(FetcherInterface):
    """Reads the feed's files from a folder (``update --from /media/usb/feed``), never from outside it.

    The updater asks for ``file:`` URLs under :meth:`base_url`; a missing file
    answers like a web server's 404, which the updater needs to find the
    newest root.
    """

    def __init__(self, root: Path, *, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.root = root.resolve()
        self.chunk_bytes = chunk_bytes

    def base_url(self) -> str:
        return self.root.as_uri() + "/"

    def _fetch(self, url: str) -> Iterator[bytes]:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "file":
            raise DownloadError(f"not a file URL: {url}")
        path = Path(urllib.request.url2pathname(urllib.parse.unquote(parts.path)))
        try:
            real = path.resolve(strict=True)
        except (FileNotFoundError, NotADirectoryError):
            raise DownloadHTTPError(f"not found: {path}", NOT_FOUND) from None
        except (OSError, RuntimeError) as exc:
            raise DownloadError(f"cannot read {path}: {exc}") from exc
        if not real.is_relative_to(self.root) or not real.is_file():
            raise DownloadHTTPError(f"not a file of the feed: {path}", NOT_FOUND)
        return self._chunks(real)

    def _chunks(self, path: Path) -> Iterator[bytes]:
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(self.chunk_bytes):
                    yield chunk
        except OSError as exc:
            raise DownloadError(f"cannot read {path}: {exc}") from exc
