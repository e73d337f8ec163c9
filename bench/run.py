"""The kiosk's benchmarks: each figure with its target.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py [--only NAME]``).
Benchmarks are measurements, not tests: they print, and exit 1 only when a
target is missed, so a slow, busy machine never breaks ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float
    lower_is_better: bool = True
    detail: str = ""

    @property
    def met(self) -> bool:
        return self.value <= self.target if self.lower_is_better else self.value >= self.target

    def row(self) -> str:
        sign = "<=" if self.lower_is_better else ">="
        verdict = "met" if self.met else "NOT MET"
        return f"{self.name:<48} {self.value:>9.2f} {self.unit:<6} target {sign} {self.target:g} {self.unit:<6} {verdict}  {self.detail}"


BENCHMARKS: dict[str, Callable[[], list[Figure]]] = {}


def benchmark(name: str) -> Callable[[Callable[[], list[Figure]]], Callable[[], list[Figure]]]:
    def register(func: Callable[[], list[Figure]]) -> Callable[[], list[Figure]]:
        BENCHMARKS[name] = func
        return func

    return register


# ---------------------------------------------------------------- bundle loading


def write_large_bundle(folder: Path, cards: int) -> None:
    sections = [f"s{i}" for i in range(20)]
    lines = [
        "format: 1",
        "id: bench",
        "title: 基准测试数据包",
        "organisation: 示例市总工会",
        "sources:",
        "  - id: src",
        "    title: 示例文章",
        "sections:",
    ]
    lines += [f"  - id: {s}\n    title: 栏目{i}" for i, s in enumerate(sections)]
    lines.append("cards:")
    for i in range(cards):
        lines += [
            f"  - id: card-{i}",
            f"    section: {sections[i % len(sections)]}",
            f"    headline: {i % 900 + 100}余个",
            f"    label: 第{i}张卡片的说明文字",
            "    explanation: 一两句解释，说明这个数字的来历。",
            "    source: {source: src, quote: 这是一句引文。}",
            "    figures:",
            f"      - {{figure: {i % 50}.5万人, label: 附加数字}}",
        ]
        if i % 10 == 0:
            lines += [
                "    detail:",
                "      chart:",
                "        type: bar",
                "        categories: [甲, 乙, 丙]",
                "        series:",
                "          - {name: 系列, values: [1万件, 2.5万件, 3万件]}",
            ]
    (folder / "bundle.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@benchmark("load")
def bench_load() -> list[Figure]:
    from kiosk.core.bundle import inspect_bundle

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_large_bundle(folder, 2000)
        times = []
        for _ in range(7):
            start = time.perf_counter()
            inspection = inspect_bundle(folder, check_fonts=True)
            times.append(time.perf_counter() - start)
            assert inspection.ok, inspection.problems.errors[:3]
            inspection.files.close()
    return [Figure("load + validate a 2,000-card bundle (median of 7)", statistics.median(times) * 1000, "ms", 300)]


# ---------------------------------------------------------------- whole-process screenshot


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and exit code of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def screenshot_command() -> list[str]:
    frozen = os.environ.get("KIOSK_BINARY")
    return [frozen] if frozen else [sys.executable, "-m", "kiosk"]


@benchmark("screenshot")
def bench_screenshot() -> list[Figure]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # An installed kiosk runs from compiled bytecode (pip and the frozen build
    # both compile it); a checkout with PYTHONDONTWRITEBYTECODE set would
    # compile every module on every start instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "card.png"
        cmd = [*screenshot_command(), "--screenshot", str(out), "--size", "1920x1080"]
        run_measured(cmd, env)  # warm the disk cache and write the bytecode
        walls, peaks = [], []
        for _ in range(7):
            wall, peak, code = run_measured(cmd, env)
            if code != 0:
                raise RuntimeError(f"screenshot exited {code}")
            walls.append(wall)
            peaks.append(peak)
    label = "frozen " if os.environ.get("KIOSK_BINARY") else ""
    return [
        Figure(f"{label}--screenshot 1920x1080, wall (median of 7)", statistics.median(walls), "s", 0.35),
        Figure(f"{label}--screenshot 1920x1080, peak memory (median)", statistics.median(peaks), "MiB", 110),
    ]


# ---------------------------------------------------------------- in-process window figures


def _window(presenter: bool = False, clock: Callable[[], float] | None = None):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from kiosk.core.bundle import load_bundle
    from kiosk.resources import default_bundle
    from kiosk.ui import fonts
    from kiosk.ui.window import KioskWindow

    app = QApplication.instance() or QApplication([])
    fonts.register_shipped_fonts()
    kwargs = {"clock": clock} if clock else {}
    window = KioskWindow(load_bundle(default_bundle()), presenter=presenter, fullscreen=False, watch=False, **kwargs)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    return app, window


def rss_mib() -> float:
    with Path("/proc/self/statm").open() as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


@benchmark("fps")
def bench_fps() -> list[Figure]:
    from PySide6.QtCore import QEventLoop, QTimer

    app, window = _window(presenter=True)
    rates = []
    for _ in range(8):
        window.stage.settle()
        app.processEvents()
        frames = window.stage.frames_painted
        start = time.perf_counter()
        loop = QEventLoop()
        window.stage.transition_finished.connect(loop.quit)
        window.loop.next()
        QTimer.singleShot(5000, loop.quit)
        loop.exec()
        window.stage.transition_finished.disconnect(loop.quit)
        elapsed = time.perf_counter() - start
        rates.append((window.stage.frames_painted - frames) / elapsed)
    window.close()
    return [Figure("frames per second during a transition, 1920x1080", statistics.median(rates), "fps", 55, False)]


@benchmark("idle-cpu")
def bench_idle_cpu() -> list[Figure]:
    from PySide6.QtCore import QEventLoop, QTimer

    _app, window = _window()
    window.loop.toggle_pause()  # stay on one card: measure the time between transitions
    window.stage.settle()
    loop = QEventLoop()
    QTimer.singleShot(2000, loop.quit)  # let the first count-up finish
    loop.exec()
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    QTimer.singleShot(5000, loop.quit)
    loop.exec()
    share = (time.process_time() - cpu_start) / (time.perf_counter() - wall_start) * 100
    window.close()
    return [Figure("CPU while a card is shown (5 s)", share, "%", 2)]


@benchmark("rotations")
def bench_rotations() -> list[Figure]:
    import gc

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    app, window = _window(clock=clock)

    def rotate(times: int) -> None:
        for _ in range(times):
            clock.now += window.loop.duration()
            window.tick()
            window.stage.settle()
            window.stage.repaint()
        app.processEvents()

    rotate(200)  # every card painted at least once: caches and glyphs warm
    gc.collect()
    before = rss_mib()
    rotate(10_000)
    gc.collect()
    grown = rss_mib() - before
    window.close()
    return [Figure("memory growth over 10,000 rotations", grown, "MB", 10)]


@benchmark("tap")
def bench_tap_to_detail() -> list[Figure]:
    from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
    from PySide6.QtTest import QTest

    from kiosk.core.attract import Mode

    app, window = _window(presenter=True)
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)  # the first frame is up and the warm-up has run
    loop.exec()
    times = []
    cards = [c.id for c in window.loop.cards]
    for i in range(40):
        window.loop.go_to(cards[i % len(cards)])
        window.stage.settle()
        window.stage.repaint()
        start = time.perf_counter()
        QTest.mouseClick(window.stage, Qt.MouseButton.LeftButton, pos=QPoint(960, 500))
        window.detail_page.repaint()  # painted, chart and all (its first frame)
        times.append(time.perf_counter() - start)
        assert window.loop.mode is Mode.DETAIL
        window.loop.close()
        app.processEvents()
    window.close()
    times_ms = sorted(t * 1000 for t in times)
    p95 = times_ms[int(len(times_ms) * 0.95) - 1]
    first = times[0] * 1000
    return [
        Figure("tap to detail page painted, median of 40", statistics.median(times_ms), "ms", 100, detail=f"first tap {first:.0f} ms"),
        Figure("tap to detail page painted, 95th percentile", p95, "ms", 150),
    ]


@benchmark("detail-memory")
def bench_detail_memory() -> list[Figure]:
    import gc

    app, window = _window(presenter=True)
    cards = [c.id for c in window.loop.cards]

    def cycle(times: int) -> None:
        for i in range(times):
            window.loop.go_to(cards[i % len(cards)])
            window.open_detail()
            window.detail_page.settle()
            window.detail_page.repaint()
            window.loop.close()
        app.processEvents()

    cycle(2 * len(cards))
    gc.collect()
    before = rss_mib()
    cycle(1000)
    gc.collect()
    grown = rss_mib() - before
    window.close()
    return [Figure("memory growth over 1,000 detail open/close cycles", grown, "MB", 10)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS), help="run only these")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    figures: list[Figure] = []
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {shutil.which('python3')}")
    for name in names:
        for figure in BENCHMARKS[name]():
            print(figure.row(), flush=True)
            figures.append(figure)
    if args.json:
        args.json.write_text(json.dumps([f.__dict__ | {"met": f.met} for f in figures], ensure_ascii=False, indent=2))
    missed = [f.name for f in figures if not f.met]
    if missed:
        print(f"{len(missed)} target(s) not met")
    return 1 if missed else 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
