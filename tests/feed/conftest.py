"""A real nginx on 127.0.0.1 serving a feed, from the configuration in ``packaging/nginx/``.

The fixture writes its own ``nginx.conf`` in the test's folder around the
packaged server block (paths and port substituted), starts
``nginx -p TMP -c nginx.conf -g 'daemon off;'`` on a free port, waits until it
answers and stops it at the end.  A second server on another port serves the
same folder slowly (``limit_rate``) and a path that always answers 503.
``reports_server`` is the same with the report folder's basic auth turned on
(an ``htpasswd`` the fixture writes, ``{SSHA}`` entries as nginx reads them).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.bundles import minimal_manifest

NGINX = Path("/usr/sbin/nginx")
PACKAGED_CONF = Path(__file__).resolve().parents[2] / "packaging" / "nginx" / "union-kiosk-feed.conf"
START_SECONDS = 10.0
SLOW_RATE = "200"  # bytes per second: a timestamp.json alone takes seconds
REPORTS_USER, REPORTS_PASSWORD = "kiosk", "报告-pass word:1"
AUTH_LINES = (  # on as packaged: a test without a password turns them off
    'auth_basic "union-kiosk reports";',
    "auth_basic_user_file /etc/nginx/union-kiosk-reports.htpasswd;",
)
# Parsed by bench/fleet.py: time, status, method, URI, bytes in, bytes out (headers included).
FLEET_LOG_FORMAT = "fleet '$msec $status $request_method $request_uri $request_length $bytes_sent'"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited ({process.returncode}): {log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not answer on port {port} within {START_SECONDS} s")


@dataclass
class FeedServer:
    repo: Path
    reports: Path
    port: int
    slow_port: int
    conf: Path
    user: str | None = None
    password: str | None = None
    process: subprocess.Popen[bytes] | None = None
    restart: Callable[[], None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def slow_url(self) -> str:
        return f"http://127.0.0.1:{self.slow_port}/slow/"

    @property
    def broken_url(self) -> str:
        return f"http://127.0.0.1:{self.slow_port}/broken/"


def ssha_entry(user: str, password: str, salt: bytes = b"union-kiosk") -> str:
    """One ``htpasswd`` line nginx's ``auth_basic_user_file`` accepts: RFC 2307 ``{SSHA}`` (salted SHA-1)."""
    digest = hashlib.sha1(password.encode("utf-8") + salt, usedforsecurity=False).digest()
    return f"{user}:{{SSHA}}{base64.b64encode(digest + salt).decode('ascii')}\n"


def write_nginx_conf(
    prefix: Path,
    repo: Path,
    reports: Path,
    port: int,
    slow_port: int,
    *,
    htpasswd: Path | None = None,
    log_format: str | None = None,
) -> Path:
    """``nginx.conf`` in ``prefix``: the packaged server block with this test's paths and port.

    With ``htpasswd``, the block's basic auth for ``/reports/`` (on as
    packaged) reads that file; without, it is turned off; with ``log_format`` (``name '...'``), the access log is
    written in it.
    """
    block = PACKAGED_CONF.read_text(encoding="utf-8")
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("/srv/union-kiosk/feed", str(repo)),
        ("/srv/union-kiosk/reports/", f"{reports}/"),
        ("/var/lib/nginx/union-kiosk-reports", str(prefix / "upload")),
    ]
    if htpasswd is not None:
        replacements.append((AUTH_LINES[1], f"auth_basic_user_file {htpasswd};"))
    else:
        replacements += [(line, f"# {line}") for line in AUTH_LINES]
    for old, new in replacements:
        assert old in block, f"{PACKAGED_CONF} no longer holds {old!r}"
        block = block.replace(old, new)
    (prefix / "feed.conf").write_text(block, encoding="utf-8")
    temp = prefix / "temp"
    user = "user root root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""  # tmp folders are 0700
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""{user}worker_processes 1;
error_log {prefix / "error.log"} warn;
pid {prefix / "nginx.pid"};
events {{ worker_connections 64; }}
http {{
    {f"log_format {log_format};" if log_format else ""}
    access_log {prefix / "access.log"}{" " + log_format.split()[0] if log_format else ""};
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix / "feed.conf"};
    server {{
        listen 127.0.0.1:{slow_port};
        location /slow/ {{
            alias {repo}/;
            limit_rate {SLOW_RATE};
        }}
        location /broken/ {{
            return 503;
        }}
    }}
}}
""",
        encoding="utf-8",
    )
    for folder in (temp, prefix / "upload", reports):
        folder.mkdir(parents=True, exist_ok=True)
    return conf


def nginx_binary() -> str:
    if NGINX.is_file():
        return str(NGINX)
    found = shutil.which("nginx")
    if found is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light; make test installs it)")
    return found


def start_nginx(binary: str, prefix: Path, conf: Path, *ports: int) -> subprocess.Popen[bytes]:
    """``nginx -p prefix -c conf`` in the foreground, once it answers on every one of ``ports``."""
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for port in ports:
            _wait_until_listening(port, process, prefix / "error.log")
    except BaseException:
        stop_nginx(process)
        raise
    return process


def stop_nginx(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    if process.stderr is not None:
        process.stderr.close()


@contextlib.contextmanager
def _serving(tmp_path: Path, *, auth: bool):
    binary = nginx_binary()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    repo, reports = tmp_path / "repo", tmp_path / "reports"
    repo.mkdir(exist_ok=True)
    port, slow_port = free_port(), free_port()
    htpasswd = None
    if auth:
        htpasswd = prefix / "reports.htpasswd"
        htpasswd.write_text(ssha_entry(REPORTS_USER, REPORTS_PASSWORD), encoding="utf-8")
    conf = write_nginx_conf(prefix, repo, reports, port, slow_port, htpasswd=htpasswd)
    server = FeedServer(repo=repo, reports=reports, port=port, slow_port=slow_port, conf=conf)
    if auth:
        server.user, server.password = REPORTS_USER, REPORTS_PASSWORD
    process = start_nginx(binary, prefix, conf, port, slow_port)
    server.process = process
    server.restart = lambda: _restart(server, binary, prefix)
    try:
        yield server
    finally:
        stop_nginx(server.process)


def _restart(server: FeedServer, binary: str, prefix: Path) -> None:
    server.process = start_nginx(binary, prefix, server.conf, server.port, server.slow_port)


@pytest.fixture
def feed_server(tmp_path):
    """A running nginx serving ``tmp_path/repo`` (empty until a test publishes into it)."""
    with _serving(tmp_path, auth=False) as server:
        yield server


@pytest.fixture
def reports_server(tmp_path):
    """Like ``feed_server``, with basic auth on ``/reports/`` (``server.user``, ``server.password``).

    ``server.process`` is the running nginx: a test may stop it
    (``stop_nginx(server.process)``) and start it again (``server.restart()``).
    """
    with _serving(tmp_path, auth=True) as server:
        yield server


class _DroppingHandler(http.server.BaseHTTPRequestHandler):
    """Serves the feed folder, but breaks every target off halfway (a Wi-Fi that drops mid-file)."""

    root: Path

    def do_GET(self):
        path = (self.root / self.path.lstrip("/")).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.path.startswith("/targets/"):
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        else:
            self.wfile.write(data)

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@pytest.fixture
def dropping_server(tmp_path):
    """``(url, repo)``: a loopback server that drops the connection halfway through every target."""
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    handler = type("Handler", (_DroppingHandler,), {"root": repo.resolve()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", repo
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def deck(make_bundle):
    """``deck(title)``: a valid bundle folder whose title (and so whose bytes) differ by ``title``."""

    def build(title: str = "测试数据包", **changes):
        manifest = minimal_manifest()
        manifest["title"] = title
        manifest.update(changes)
        return make_bundle(manifest)

    return build
