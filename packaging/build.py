"""Build the frozen kiosk: ``make package`` (or ``python packaging/build.py``).

1. the icon (packaging/icon.py) into build/icon/;
2. PyInstaller with packaging/union-kiosk.spec: dist/union-kiosk/ (Windows:
   union-kiosk.exe inside; macOS: also dist/Union Hall Kiosk.app);
3. on Linux, with dpkg-deb: dist/union-kiosk_<version>_<arch>.deb, which installs
   the build into /opt/union-kiosk, the command /usr/bin/union-kiosk, the menu
   entry, the icon and the systemd units.

Windows and macOS installers are made from step 2's output by
packaging/windows/union-kiosk.iss and packaging/macos/build-dmg.sh.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
NAME = "union-kiosk"
ONEDIR = DIST / NAME
MAX_ONEDIR_MB = 150  # the Linux onedir build, as `du` counts it

# Where each shared library the build takes from the system comes from (Debian
# and Ubuntu names; "a | b" for a library renamed by the 64-bit time_t transition).
# build.py fails when the bundle links a library missing here: add it, and to the README.
SYSTEM_LIBRARIES = {
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
    "libutil.so.1": "libc6",
    "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    "libglib-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

CONTROL = """\
Package: {name}
Version: {version}
Architecture: {arch}
Maintainer: {maintainer}
Installed-Size: {size_kib}
Depends: {depends}
Section: misc
Priority: optional
Description: 工会数据展台 Union Hall Kiosk: a union's key figures, fullscreen
 A fullscreen touchscreen kiosk that shows the key numbers of a trade
 union's work as rotating cards, with a detail chart behind each one.
 Content comes from a data bundle (a folder or zip with a YAML manifest);
 the Shandong bundle and a Chinese font are included.
 .
 Installs a self-contained build in /opt/union-kiosk and the command
 union-kiosk, a menu entry, and systemd units (not enabled): the user unit
 union-kiosk.service for a desktop session and the system unit
 union-kiosk-cage.service for a dedicated kiosk box under cage.
"""

# systemd reads new unit files only after a reload; the units are never enabled here.
MAINTAINER_SCRIPT = """\
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl daemon-reload || true
fi
exit 0
"""

COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: union-kiosk
Comment: A PyInstaller build: /opt/union-kiosk/_internal holds the Python
 interpreter and the libraries the kiosk uses, each under its own licence.

Files: /opt/union-kiosk/union-kiosk /opt/union-kiosk/_internal/kiosk/*
License: MIT

Files: /opt/union-kiosk/_internal/kiosk/_resources/fonts/*
License: OFL-1.1
Comment: Union Hall Sans SC, a subset of Noto Sans CJK SC; the full licence
 is /opt/union-kiosk/_internal/kiosk/_resources/fonts/OFL.txt.

Files: /opt/union-kiosk/_internal/PySide6/* /opt/union-kiosk/_internal/shiboken6/*
License: LGPL-3.0
Comment: Qt 6 and Qt for Python, used as shared libraries that may be replaced.
 Qt's ICU data library (libicudata) is trimmed to the data Qt uses (Unicode licence).

Files: /opt/union-kiosk/_internal/libpython* /opt/union-kiosk/_internal/python3*
License: PSF-2.0

Files: /opt/union-kiosk/_internal/numpy* /opt/union-kiosk/_internal/pyqtgraph/*
 /opt/union-kiosk/_internal/yaml/* /opt/union-kiosk/_internal/fontTools/*
License: BSD-3-Clause or MIT (numpy, pyqtgraph, PyYAML, fontTools, platformdirs)
"""


def run(cmd: list[str], **kwargs: object) -> None:
    print("+", " ".join(str(part) for part in cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def version() -> str:
    text = (ROOT / "kiosk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"""__version__\s*=\s*["']([^"']+)["']""", text)
    if match is None:
        raise SystemExit("build: no __version__ in kiosk/__init__.py")
    return match.group(1)


def du_mb(path: Path) -> float:
    """Disk usage as `du -s` counts it (blocks, symbolic links not followed), in MiB."""
    total = 0
    seen: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            info = (Path(folder) / name).lstat()
            if (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                total += info.st_blocks * 512
    return (total + path.lstat().st_blocks * 512) / 2**20


def build_icons() -> None:
    run([sys.executable, str(PACKAGING / "icon.py"), str(BUILD / "icon")])


def build_onedir(clean: bool) -> None:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller")]
    if clean:
        cmd.append("--clean")
    run([*cmd, str(PACKAGING / "union-kiosk.spec")], cwd=ROOT)


# ---------------------------------------------------------------- .deb


def linked_system_libraries(tree: Path) -> dict[str, str]:
    """Each library the build links but does not contain → a file that links it."""
    sys.path.insert(0, str(PACKAGING))
    from freeze_filter import elf_needed

    present: set[str] = set()
    wanted: dict[str, str] = {}
    for folder, _dirs, files in os.walk(tree):
        for name in files:
            present.add(name)
            path = Path(folder) / name
            if path.is_symlink():
                continue
            for library in elf_needed(str(path)):
                wanted.setdefault(library, str(path.relative_to(tree)))
    return {library: by for library, by in wanted.items() if library not in present}


def glibc_needed(tree: Path) -> str | None:
    """The newest GLIBC_x.y symbol version the build asks for."""
    newest: tuple[int, ...] = ()
    for folder, _dirs, files in os.walk(tree):
        for name in files:
            path = Path(folder) / name
            if path.is_symlink() or not (name.endswith(".so") or ".so." in name or name == NAME):
                continue
            for match in re.finditer(rb"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?\0", path.read_bytes()):
                newest = max(newest, tuple(int(part) for part in match.groups() if part is not None))
    return ".".join(map(str, newest)) if newest else None


def depends(tree: Path) -> str:
    missing = linked_system_libraries(tree)
    unknown = {library: by for library, by in missing.items() if library not in SYSTEM_LIBRARIES}
    if unknown:
        lines = "\n".join(f"  {library} (linked by {by})" for library, by in sorted(unknown.items()))
        raise SystemExit(
            f"build: the bundle links system libraries no Depends entry provides:\n{lines}\n"
            "Add them to SYSTEM_LIBRARIES in packaging/build.py."
        )
    packages = sorted({SYSTEM_LIBRARIES[library] for library in missing})
    glibc = glibc_needed(tree)
    if glibc is not None:
        packages = [f"libc6 (>= {glibc})" if package == "libc6" else package for package in packages]
    return ", ".join(packages)


def _normalise_modes(tree: Path) -> None:
    for folder, dirs, files in os.walk(tree):
        for name in dirs:
            (Path(folder) / name).chmod(0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def build_deb(version_text: str) -> Path:
    arch = subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True, text=True).stdout.strip()
    stage = BUILD / "deb" / f"{NAME}_{version_text}_{arch}"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / "opt" / NAME
    shutil.copytree(ONEDIR, opt, symlinks=True)
    docs = opt / "packaging"
    (docs / "linux").mkdir(parents=True)
    shutil.copy2(PACKAGING / "README.md", docs / "README.md")  # the units' Documentation=
    shutil.copy2(PACKAGING / "linux" / "union-kiosk-autostart.desktop", docs / "linux")

    usr = stage / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    for source, target in [
        (PACKAGING / "linux" / "union-kiosk.desktop", usr / "share" / "applications" / "union-kiosk.desktop"),
        (
            BUILD / "icon" / "union-kiosk.png",
            usr / "share" / "icons" / "hicolor" / "256x256" / "apps" / "union-kiosk.png",
        ),
        (PACKAGING / "linux" / "union-kiosk.service", usr / "lib" / "systemd" / "user" / "union-kiosk.service"),
        (
            PACKAGING / "linux" / "union-kiosk-cage.service",
            usr / "lib" / "systemd" / "system" / "union-kiosk-cage.service",
        ),
    ]:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    doc = usr / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")

    control = stage / "DEBIAN"
    control.mkdir()
    _normalise_modes(stage)
    size_kib = (
        sum((Path(folder) / name).lstat().st_size for folder, _d, files in os.walk(stage) for name in files) // 1024
    )
    (control / "control").write_text(
        CONTROL.format(
            name=NAME,
            version=version_text,
            arch=arch,
            maintainer=os.environ.get("DEB_MAINTAINER", "Union Kiosk maintainers <union-kiosk@localhost>"),
            size_kib=size_kib,
            depends=depends(ONEDIR),
        ),
        encoding="utf-8",
    )
    for script in ("postinst", "postrm"):
        (control / script).write_text(MAINTAINER_SCRIPT, encoding="utf-8")
        (control / script).chmod(0o755)
    deb = DIST / f"{stage.name}.deb"
    # xz at level 6 (dpkg's default) is what every Debian and Ubuntu release installs.
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(deb)])
    return deb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", action="store_true", help="rebuild PyInstaller's cache from scratch")
    parser.add_argument("--no-deb", action="store_true", help="only the onedir build, no .deb")
    args = parser.parse_args()
    started = time.perf_counter()
    build_icons()
    build_onedir(args.clean)
    if not ONEDIR.is_dir():
        raise SystemExit(f"build: PyInstaller left no {ONEDIR}")
    size = du_mb(ONEDIR)
    print(f"onedir: {ONEDIR} {size:.0f} MiB")
    if sys.platform.startswith("linux") and size > MAX_ONEDIR_MB:
        print(f"warning: the onedir build is over {MAX_ONEDIR_MB} MiB (is ICU untrimmed? see packaging/icu_trim.py)")
    if sys.platform.startswith("linux") and not args.no_deb:
        if shutil.which("dpkg-deb") is None:
            print("note: no dpkg-deb (not a Debian system): no .deb")
        else:
            deb = build_deb(version())
            print(f"deb: {deb} {deb.stat().st_size / 2**20:.0f} MiB")
    print(f"built in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
