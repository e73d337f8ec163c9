"""The frozen build (PyInstaller onedir, ``make package``), used as a person would use it.

Runs only where ``KIOSK_FROZEN_BINARY`` names the built executable, e.g.

    make package
    KIOSK_FROZEN_BINARY=dist/union-kiosk/union-kiosk .venv/bin/python -m pytest tests/test_frozen.py -m frozen

The build is copied into a folder whose path has Chinese characters and a
space, and run from there with an environment that points nowhere else: no
PYTHONPATH, no QT_PLUGIN_PATH, offscreen.  Its pictures must match what the
source checkout draws, which proves the shipped font, the default bundle and
Qt's plugins all came along.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.bundles import minimal_manifest

pytestmark = pytest.mark.frozen

ROOT = Path(__file__).resolve().parents[1]
BINARY = os.environ.get("KIOSK_FROZEN_BINARY", "")
DETAIL_CARD = "rationalisation-proposals"
MAX_ONEDIR_MIB = 150
SHIPPED_FONTS = ("UnionHallSansSC-Regular.otf", "UnionHallSansSC-Bold.otf")
# As tests/ui/approval.py: a pixel differs when a channel moves by more than
# CHANNEL_TOLERANCE; a few antialiased edge pixels may.
CHANNEL_TOLERANCE = 48
MAX_DIFFERING_SHARE = 0.004
MAX_MEAN_DIFFERENCE = 1.5

if not BINARY:
    pytest.skip(
        "KIOSK_FROZEN_BINARY is not set: `make package`, then KIOSK_FROZEN_BINARY=dist/union-kiosk/union-kiosk",
        allow_module_level=True,
    )


def clean_env() -> dict[str, str]:
    """The environment of a machine that has only the frozen build."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


@pytest.fixture(scope="module")
def onedir(tmp_path_factory) -> Path:
    built = Path(BINARY).resolve()
    assert built.is_file(), f"KIOSK_FROZEN_BINARY={BINARY} is not a file: run `make package` first"
    folder = tmp_path_factory.mktemp("frozen") / "展台 测试"
    shutil.copytree(built.parent, folder / built.parent.name, symlinks=True)
    return folder / built.parent.name


@pytest.fixture(scope="module")
def exe(onedir) -> Path:
    return onedir / Path(BINARY).name


@pytest.fixture
def work(tmp_path) -> Path:
    folder = tmp_path / "输出 文件夹"
    folder.mkdir()
    return folder


def run(exe: Path, *args: str | Path, cwd: Path, closed: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the frozen kiosk; ``closed``: with stdin, stdout and stderr closed, as a GUI start may."""
    if closed:
        if os.name != "posix":
            pytest.skip("closing the standard streams of a child needs POSIX")

        def close_streams() -> None:
            for fd in (0, 1, 2):
                os.close(fd)

        proc = subprocess.run(
            [str(exe), *map(str, args)], cwd=cwd, env=clean_env(), timeout=120, preexec_fn=close_streams, check=False
        )
        return subprocess.CompletedProcess(proc.args, proc.returncode, "", "")
    return subprocess.run(
        [str(exe), *map(str, args)],
        cwd=cwd,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def source_screenshot(out: Path, *args: str) -> Path:
    """The same picture drawn by the source checkout."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [sys.executable, "-m", "kiosk", "--screenshot", str(out), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )
    return out


def pixels(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a readable PNG"
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def assert_same_picture(frozen: Path, source: Path) -> None:
    got, expected = pixels(frozen), pixels(source)
    assert got.shape == expected.shape
    diff = np.abs(got.astype(np.int16) - expected.astype(np.int16)).max(axis=2)
    differing, mean = float((diff > CHANNEL_TOLERANCE).mean()), float(diff.mean())
    assert differing <= MAX_DIFFERING_SHARE and mean <= MAX_MEAN_DIFFERENCE, (
        f"the frozen build draws {frozen.name} differently from the source: "
        f"{differing:.2%} of pixels differ, mean difference {mean:.2f}"
    )


def assert_not_blank(path: Path) -> None:
    image = pixels(path)
    colours = len(np.unique(image.reshape(-1, 3)[::7], axis=0))
    assert image.std() > 10 and colours > 50, f"{path.name} looks blank ({colours} colours)"


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "Failed to execute script" not in proc.stderr  # PyInstaller's report of an unhandled error


# ---------------------------------------------------------------- what is in the build


def test_the_build_holds_the_font_and_the_default_bundle_where_the_kiosk_looks(onedir):
    package = onedir / "_internal" / "kiosk"
    for font in SHIPPED_FONTS:
        assert (package / "_resources" / "fonts" / font).stat().st_size > 100_000
    assert (package / "_resources" / "fonts" / "OFL.txt").is_file()  # the font's licence travels with it
    assert (package / "_data" / "shandong" / "bundle.yaml").is_file()


def test_qt_comes_without_the_modules_and_plugins_the_kiosk_does_not_use(onedir):
    qt = onedir / "_internal" / "PySide6"
    names = {path.name for path in qt.rglob("*")}
    for unused in ("QtQml", "QtQuick", "QtNetwork", "QtPdf", "QtWebEngineCore", "Qt3DCore", "QtMultimedia"):
        assert not any(name.startswith((unused, f"lib{unused.replace('Qt', 'Qt6', 1)}")) for name in names), unused
    if sys.platform.startswith("linux"):
        platforms = {path.name for path in (qt / "Qt" / "plugins" / "platforms").iterdir()}
        assert platforms == {"libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so"}
        formats = {path.name for path in (qt / "Qt" / "plugins" / "imageformats").iterdir()}
        assert formats == {"libqjpeg.so", "libqgif.so", "libqwebp.so", "libqsvg.so"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the size limit is for the Linux build")
def test_the_linux_build_stays_under_150_mib(onedir):
    out = subprocess.run(["du", "-s", "--block-size=1M", str(onedir)], capture_output=True, text=True, check=True)
    size = int(out.stdout.split()[0])
    assert size <= MAX_ONEDIR_MIB, f"the onedir build is {size} MiB (limit {MAX_ONEDIR_MIB})"


# ---------------------------------------------------------------- pictures


def test_screenshot_of_the_first_card_matches_the_source_run(exe, work, tmp_path):
    out = work / "第一张.png"
    proc = run(exe, "--screenshot", out, cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    assert "shipped font" not in proc.stderr  # "shipped font … is missing", "could not load shipped font …"
    assert_not_blank(out)
    assert_same_picture(out, source_screenshot(tmp_path / "source.png"))


def test_screenshot_of_a_detail_page_matches_the_source_run(exe, work, tmp_path):
    out = work / "详情.png"
    proc = run(exe, "--screenshot", out, "--card", DETAIL_CARD, "--detail", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    assert_not_blank(out)
    assert_same_picture(out, source_screenshot(tmp_path / "source.png", "--card", DETAIL_CARD, "--detail"))


def test_screenshot_works_with_the_standard_streams_closed(exe, work):
    out = work / "无终端.png"
    assert run(exe, "--screenshot", out, "--size", "640x360", cwd=work, closed=True).returncode == 0
    assert_not_blank(out)


def test_export_draws_every_card_and_chart(exe, work):
    """Every chart type of the default bundle: what the build left out of numpy and pyqtgraph is not needed."""
    proc = run(exe, "export", "--png", work / "卡片", "--pdf", work / "讲义.pdf", "--size", "480x270", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    pictures = sorted((work / "卡片").glob("*.png"))
    assert len(pictures) == 2 * 36
    assert (work / "讲义.pdf").read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- validate


def test_validate_the_default_bundle(exe, work):
    proc = run(exe, "validate", cwd=work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✓ 数据包有效" in proc.stdout
    assert "36 张卡片" in proc.stdout
    assert_no_traceback(proc)


def test_validate_a_broken_bundle_says_what_is_wrong(exe, work, make_bundle):
    manifest = minimal_manifest()
    del manifest["cards"][1]["label"]
    broken = make_bundle(manifest)
    proc = run(exe, "validate", broken, cwd=work)
    assert proc.returncode == 1
    assert "✗ 数据包无效" in proc.stdout
    assert "label" in proc.stdout
    assert_no_traceback(proc)


def test_validate_unreadable_yaml_in_a_chinese_folder(exe, work):
    broken = work / "坏的 数据包"
    broken.mkdir()
    (broken / "bundle.yaml").write_text("format: 1\nid: x\ncards: [\n", encoding="utf-8")
    proc = run(exe, "validate", broken, cwd=work)
    assert proc.returncode == 1
    assert "bundle.yaml" in proc.stdout
    assert "坏的 数据包" in proc.stdout
    assert_no_traceback(proc)


@pytest.mark.parametrize(("bundle", "code"), [(None, 0), ("broken", 1)])
def test_validate_with_the_standard_streams_closed(exe, work, bundle, code):
    args = ["validate"]
    if bundle:
        (work / bundle).mkdir()
        (work / bundle / "bundle.yaml").write_text("cards: [\n", encoding="utf-8")
        args.append(bundle)
    assert run(exe, *args, cwd=work, closed=True).returncode == code


def test_validate_with_output_redirected_to_files(exe, work):
    out, err = work / "out.txt", work / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.run(
            [str(exe), "validate"], cwd=work, env=clean_env(), stdout=stdout, stderr=stderr, timeout=120, check=False
        )
    assert proc.returncode == 0
    assert "✓ 数据包有效" in out.read_text(encoding="utf-8")


def test_an_unknown_card_is_a_usage_error_not_a_crash(exe, work):
    proc = run(exe, "--screenshot", work / "x.png", "--card", "no-such-card", cwd=work)
    assert proc.returncode == 2
    assert "no-such-card" in proc.stderr
    assert_no_traceback(proc)


def test_a_published_feed_is_verified_and_installed_without_the_signing_library(exe, work, tmp_path):
    """The frozen kiosk leaves pyca/cryptography out: ed25519 signatures are checked in pure Python."""
    from kiosk.feed.publish import publish_bundle

    repo, keys, home = tmp_path / "repo", tmp_path / "keys", tmp_path / "家"
    publish_bundle(ROOT / "data" / "shandong", repo, keys)
    trust = repo / "metadata" / "1.root.json"
    env_home = {"UNION_KIOSK_HOME": str(home)}
    proc = subprocess.run(
        [str(exe), "update", "--from", str(repo), "--trust", str(trust)],
        cwd=work,
        env=clean_env() | env_home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "已安装" in proc.stdout + proc.stderr
    listed = subprocess.run(
        [str(exe), "list"],
        cwd=work,
        env=clean_env() | env_home,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0 and "36 张卡片" in listed.stdout
    assert not list(exe.parent.rglob("cryptography"))
