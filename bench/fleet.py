"""The fleet on one machine: a few hundred kiosks following one nginx, in simulated time.

    .venv/bin/python bench/fleet.py [--kiosks 300] [--hours 9] [--check-minutes 15] [--workers 24]

Each kiosk is a real updater (:func:`kiosk.feed.update.update_once`, its own
data folder, the shipped deck) against one nginx on 127.0.0.1 running the
packaged configuration.  Time is simulated: a kiosk boots at a random moment
within :data:`kiosk.feed.follow.FIRST_CHECK_SPREAD`, then checks every
``--check-minutes`` with the follower's jitter (±10 %).  Checks due in the same
simulated minute run together on a bounded thread pool.  A new version is
published after the first third of the run; the figure is the simulated time
until every kiosk has installed it.  Requests and bytes come from nginx's
access log (a log format written for this: bytes sent include headers), split
into the polling-only part (no new content) and the publish.

Prints the figures; exits 1 when the fleet did not converge within two check
intervals.  Bounded: ``--kiosks`` at most 2,000, ``--workers`` at most 48
(the test nginx takes 64 connections), ``--max-seconds`` of real time.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.feed.fetchers import HttpFetcher  # noqa: E402
from kiosk.feed.follow import FIRST_CHECK_SPREAD, INTERVAL_JITTER, next_delay  # noqa: E402
from kiosk.feed.publish import publish_bundle  # noqa: E402
from kiosk.feed.update import Outcome, update_once  # noqa: E402
from tests.feed.conftest import (  # noqa: E402
    FLEET_LOG_FORMAT,
    free_port,
    nginx_binary,
    start_nginx,
    stop_nginx,
    write_nginx_conf,
)

DECK = ROOT / "data" / "shandong"
MAX_KIOSKS = 2000
MAX_WORKERS = 48
DAY_MINUTES = 24 * 60


@dataclass
class Kiosk:
    index: int
    data_dir: Path
    next_check: float  # simulated minutes
    failures: int = 0
    installed_at: dict[str, float] = field(default_factory=dict)  # version -> simulated minute


@dataclass
class LogLine:
    at: float
    status: int
    method: str
    uri: str
    received: int
    sent: int


def read_log(path: Path) -> list[LogLine]:
    lines = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = raw.split()
        if len(parts) != 6:
            continue
        lines.append(LogLine(float(parts[0]), int(parts[1]), parts[2], parts[3], int(parts[4]), int(parts[5])))
    return lines


def second_version(work: Path) -> Path:
    copy = work / "deck-v2"
    shutil.copytree(DECK, copy)
    manifest = copy / "bundle.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("title: ", "title: 第二版 · ", 1), encoding="utf-8")
    return copy


def counts_in(minutes: float, interval: float, kiosks: int) -> float:
    """How many checks a fleet makes in ``minutes``: one per kiosk per interval (the jitter averages out)."""
    return kiosks * minutes / interval


@dataclass
class Feed:
    """The feed the fleet follows: one nginx serving a repository with the first version published."""

    repo: Path
    keys: Path
    nginx: Path  # nginx's prefix folder, with its access log
    trust: Path
    url: str
    first_sha256: str
    bundle_size: int
    process: subprocess.Popen[bytes]


def start_feed(work: Path) -> Feed:
    """Publish the shipped deck into a new repository under ``work`` and serve it with nginx."""
    repo, keys, reports = work / "repo", work / "keys", work / "reports"
    prefix = work / "nginx"
    prefix.mkdir()
    repo.mkdir()
    port, slow_port = free_port(), free_port()
    conf = write_nginx_conf(prefix, repo, reports, port, slow_port, log_format=FLEET_LOG_FORMAT)
    deck_v1 = work / "deck-v1"
    shutil.copytree(DECK, deck_v1)
    first = publish_bundle(deck_v1, repo, keys)
    trust = repo / "metadata" / "1.root.json"
    bundle_bytes = (repo / "targets").glob("*.bundle.zip")
    bundle_size = max(p.stat().st_size for p in bundle_bytes)
    # Started last: the caller stops nginx once it holds the Feed, so nothing after this may fail.
    process = start_nginx(nginx_binary(), prefix, conf, port, slow_port)
    return Feed(repo, keys, prefix, trust, f"http://127.0.0.1:{port}/", first.sha256, bundle_size, process)


@dataclass
class Run:
    """The simulated run: the kiosks, what their checks answered, and when (in real time) each part began."""

    feed: Feed
    kiosks: list[Kiosk]
    interval: float  # simulated minutes between a kiosk's checks
    total: float  # simulated minutes
    rng: random.Random
    versions: dict[str, str]  # name -> sha256
    phase_marks: dict[str, float]  # start, publish, converged, end: real time
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    slot_started: dict[float, float] = field(default_factory=dict)  # simulated minute -> real time
    minute: float = 0.0  # the simulated minute reached
    publish_minute: float | None = None  # when the new version was published
    lock: threading.Lock = field(default_factory=threading.Lock)
    fetchers: threading.local = field(default_factory=threading.local)  # one HttpFetcher per worker thread

    @property
    def publish_at(self) -> float:
        return self.total / 3

    def check(self, kiosk: Kiosk, minute: float) -> None:
        """One check of ``kiosk`` at simulated ``minute``, and when its next one is due."""
        fetcher = getattr(self.fetchers, "fetcher", None)
        if fetcher is None:
            fetcher = self.fetchers.fetcher = HttpFetcher(connect_timeout=5, socket_timeout=10, deadline=30)
        result = update_once(self.feed.url, self.feed.trust, None, kiosk.data_dir, fetcher=fetcher)
        with self.lock:
            self.counts[result.outcome.value] += 1
        if result.outcome is Outcome.INSTALLED:
            for name, sha in self.versions.items():
                if sha == result.sha256:
                    kiosk.installed_at.setdefault(name, minute)
        interval = self.interval
        if result.ok:
            kiosk.failures = 0
            kiosk.next_check = minute + interval * (1 - INTERVAL_JITTER + 2 * INTERVAL_JITTER * self.rng.random())
        else:
            with self.lock:
                self.counts["refused:" + (result.reason.code if result.reason else "?")] += 1
            delay = next_delay(kiosk.failures, 0.5, interval, self.rng.random)  # minutes
            kiosk.failures += 1
            kiosk.next_check = minute + max(delay, 1 / 60)


def run_fleet(args: argparse.Namespace, work: Path, feed: Feed, rng: random.Random) -> Run:
    """Every simulated minute, the checks due in it; the new version published after the first third."""
    interval = args.check_minutes
    kiosks = [
        Kiosk(i, work / "kiosks" / f"k{i:04d}", rng.uniform(0, min(FIRST_CHECK_SPREAD / 60, interval)))
        for i in range(args.kiosks)
    ]
    run = Run(feed, kiosks, interval, args.hours * 60.0, rng, {"v1": feed.first_sha256}, {"start": time.time()})
    deadline = time.monotonic() + args.max_seconds
    with ThreadPoolExecutor(max_workers=args.workers, thread_name_prefix="kiosk") as pool:
        while run.minute < run.total:
            minute = run.minute
            if time.monotonic() > deadline:
                print(f"! stopped after {args.max_seconds:.0f} s of real time, at simulated minute {minute:.0f}")
                break
            if run.publish_minute is None and minute >= run.publish_at:
                run.phase_marks["publish"] = time.time()
                run.versions["v2"] = publish_bundle(second_version(work), feed.repo, feed.keys).sha256
                run.publish_minute = minute
            run.slot_started[minute] = time.time()
            due = [k for k in kiosks if k.next_check < minute + 1]
            list(pool.map(run.check, due, [max(minute, k.next_check) for k in due]))
            if (
                run.publish_minute is not None
                and all("v2" in k.installed_at for k in kiosks)
                and "converged" not in run.phase_marks
            ):
                run.phase_marks["converged"] = time.time()
            run.minute += 1
    run.phase_marks["end"] = time.time()
    return run


def simulate(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="union-kiosk-fleet-"))
    feed = None
    try:
        feed = start_feed(work)
        run = run_fleet(args, work, feed, rng)
        time.sleep(0.2)  # nginx writes its log line after the response
        log = read_log(feed.nginx / "access.log")
    finally:
        if feed is not None:
            stop_nginx(feed.process)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return report(args, run, log)


def report(args: argparse.Namespace, run: Run, log: list[LogLine]) -> int:
    """Print the figures of the run; 0 when the fleet converged within two check intervals, else 1."""
    interval, publish_at, publish_minute = run.interval, run.publish_at, run.publish_minute
    phase_marks = run.phase_marks
    real_seconds = phase_marks["end"] - phase_marks["start"]
    simulated = run.minute
    n = args.kiosks
    boot_end = float(int(min(FIRST_CHECK_SPREAD / 60, interval) + interval * (1 + INTERVAL_JITTER)) + 1)
    window_start = run.slot_started.get(boot_end, float("inf"))
    window_end = run.slot_started.get(publish_at, phase_marks.get("publish", float("inf")))
    steady = [line for line in log if window_start <= line.at < window_end]
    steady_minutes = max(1.0, publish_at - boot_end)
    per_day = DAY_MINUTES / steady_minutes
    requests_day = len(steady) / n * per_day
    bytes_day = sum(line.sent + line.received for line in steady) / n * per_day
    after = [line for line in log if line.at >= phase_marks.get("publish", float("inf"))]
    converged = [k.installed_at.get("v2") for k in run.kiosks]
    done = [m for m in converged if m is not None]
    convergence = (max(done) - publish_minute) if len(done) == n else float("inf")
    # What a publish adds to the polling: the new snapshot and targets metadata and the bundle, once per screen.
    new_files = [line for line in after if not line.uri.endswith(("timestamp.json", ".root.json"))]
    publish_bytes = sum(line.sent for line in new_files) / n
    errors = sum(1 for line in log if line.status >= 500)

    print(f"fleet simulation: {n} kiosks, one nginx on 127.0.0.1, check every {interval:g} simulated minutes ±10 %")
    print(
        f"  simulated {simulated / 60:.1f} h in {real_seconds:.1f} s real time, {args.workers} concurrent checks at most"
    )
    print(f"  checks: {dict(sorted(run.counts.items()))}; nginx 5xx answers: {errors}")
    print(f"  bundle (the shipped deck, packed): {run.feed.bundle_size / 1024:.1f} KB")
    print(
        f"  new version published at minute {publish_minute:.0f}: all {len(done)}/{n} kiosks had it after "
        f"{convergence:.0f} simulated minutes (median {sorted(m - publish_minute for m in done)[len(done) // 2]:.0f})"
    )
    print(
        f"  polling, no new content: {requests_day:.0f} requests and {bytes_day / 1024:.0f} KB per screen per day "
        f"({len(steady)} requests from minute {boot_end:.0f} to {publish_at:.0f})"
    )
    print(
        f"    per check: {len(steady) / max(1, counts_in(steady_minutes, interval, n)):.1f} requests: "
        + ", ".join(f"{name} ×{count}" for name, count in sorted(requests_by_file(steady).items()))
    )
    print(f"  a publish: {publish_bytes / 1024:.1f} KB per screen (new snapshot and targets metadata, the bundle once)")
    print(f"  all requests in the run: {len(log)}; {len(log) / max(real_seconds, 1e-9):.0f} per second served")
    return 0 if convergence <= 2 * interval * (1 + INTERVAL_JITTER) else 1


def requests_by_file(lines: list[LogLine]) -> dict[str, int]:
    """How many requests each kind of file had, by status: ``timestamp.json 200``, ``root.json 404``…"""
    by_file: dict[str, int] = defaultdict(int)
    for line in lines:
        name = line.uri.rsplit("/", 1)[-1]
        by_file[f"{name.split('.', 1)[-1] if name[0].isdigit() else name} {line.status}"] += 1
    return by_file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, default=300)
    parser.add_argument("--hours", type=float, default=9.0, help="simulated hours")
    parser.add_argument("--check-minutes", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=24, help="checks running at once (threads)")
    parser.add_argument("--max-seconds", type=float, default=170.0, help="real time at most")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (nginx log, kiosks)")
    args = parser.parse_args()
    if not 1 <= args.kiosks <= MAX_KIOSKS or not 1 <= args.workers <= MAX_WORKERS:
        parser.error(f"--kiosks 1–{MAX_KIOSKS}, --workers 1–{MAX_WORKERS}")
    return simulate(args)


if __name__ == "__main__":
    sys.exit(main())
