"""Trimming PyInstaller's collection: used by union-kiosk.spec.

PyInstaller collects every plugin of each Qt module that is imported, and
with them every library those plugins link (the GTK theme plugin alone brings
GTK, cairo and pango). The spec drops what the kiosk does not use; ``prune``
then drops the shared libraries that nothing kept links any more, and the
symbolic links that pointed at something dropped.

Only the ELF reader is Linux-specific; elsewhere ``prune`` keeps every
library that the spec's filter kept.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

Entry = tuple[str, str, str]  # (destination in the bundle, source, type code)

DT_NEEDED = 1
SHT_SYMTAB = 2
SHT_DYNAMIC = 6


def _section_headers(data: bytes) -> list[tuple[int, ...]]:
    """(name, type, flags, addr, offset, size, link, info, align, entsize) of each ELF section."""
    if data[:4] != b"\x7fELF":
        return []
    order = "<" if data[5] == 1 else ">"
    if data[4] == 2:
        (shoff,) = struct.unpack_from(order + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A)
        layout = order + "IIQQQQIIQQ"
    else:
        (shoff,) = struct.unpack_from(order + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x2E)
        layout = order + "IIIIIIIIII"
    return [struct.unpack_from(layout, data, shoff + i * shentsize) for i in range(shnum)]


def elf_needed(path: str) -> list[str]:
    """The DT_NEEDED names of an ELF file (its direct dependencies); [] for anything else."""
    try:
        with open(path, "rb") as file:
            data = file.read()
        sections = _section_headers(data)
    except (OSError, struct.error):
        return []
    if not sections:
        return []
    order = "<" if data[5] == 1 else ">"
    dyn = order + ("qQ" if data[4] == 2 else "iI")
    step = struct.calcsize(dyn)
    needed: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
        if kind != SHT_DYNAMIC:
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, step):
            tag, value = struct.unpack_from(dyn, data, at)
            if tag == 0:
                break
            if tag == DT_NEEDED:
                needed.append(data[strings + value : data.index(b"\0", strings + value)].decode())
    return needed


def _is_library(dest: str) -> bool:
    """A shared library collected as a dependency, not a Python extension or a Qt plugin."""
    path = PurePosixPath(dest.replace("\\", "/"))
    name = path.name
    extension = ".cpython-" in name or (".abi3." in name and not name.startswith("lib"))
    if extension or "plugins" in path.parts:
        return False
    return not name.startswith("libpython")  # the bootloader loads it


def prune(
    binaries: Iterable[Entry], datas: Iterable[Entry], keep: Callable[[Entry], bool]
) -> tuple[list[Entry], list[Entry]]:
    """Apply ``keep``, then drop libraries nothing kept links (Linux), then dangling symlinks."""
    kept_binaries = [entry for entry in binaries if keep(entry)]
    kept_datas = [entry for entry in datas if keep(entry)]
    if sys.platform.startswith("linux"):
        libraries = [entry for entry in kept_binaries if entry[2] == "BINARY" and _is_library(entry[0])]
        by_name = {PurePosixPath(entry[0]).name: entry for entry in libraries}
        reached: set[str] = set()
        todo = [entry for entry in kept_binaries if entry[2] in {"BINARY", "EXTENSION"} and entry not in libraries]
        while todo:
            for name in elf_needed(todo.pop()[1]):
                if name in by_name and name not in reached:
                    reached.add(name)
                    todo.append(by_name[name])
        kept_binaries = [
            entry for entry in kept_binaries if entry not in libraries or PurePosixPath(entry[0]).name in reached
        ]
    present = {entry[0].replace("\\", "/") for entry in kept_binaries + kept_datas if entry[2] != "SYMLINK"}

    def resolves(entry: Entry) -> bool:
        if entry[2] != "SYMLINK":
            return True
        dest = entry[0].replace("\\", "/")
        return os.path.normpath(os.path.join(os.path.dirname(dest), entry[1])).replace("\\", "/") in present

    return [e for e in kept_binaries if resolves(e)], [e for e in kept_datas if resolves(e)]


def has_symbols(path: str) -> bool:
    """An ELF file that still has its symbol table (``file`` says "not stripped")."""
    try:
        with open(path, "rb") as file:
            data = file.read()
        return any(section[1] == SHT_SYMTAB for section in _section_headers(data))
    except (OSError, struct.error, ValueError):
        return False


def strip_binaries(binaries: list[Entry], work: str) -> list[Entry]:
    """Stripped copies of the libraries that still carry symbols (Linux).

    A Python built from source (pyenv) keeps its debug symbols: 17 MB of the
    23 MB libpython and half of every lib-dynload module; the compiled modules
    of PyYAML, fontTools and numpy and Qt's ICU carry theirs too.  The
    libraries auditwheel vendored into a ``<name>.libs`` folder (numpy's
    OpenBLAS) are left as they are: rewritten by patchelf, they no longer load
    once stripped ("ELF load command address/offset not page-aligned"), which
    is why PyInstaller's own ``strip=True`` is not used.
    """
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return binaries
    result = []
    for dest, source, kind in binaries:
        vendored = PurePosixPath(dest).parts[0].endswith(".libs")
        if kind in {"BINARY", "EXTENSION"} and not vendored and has_symbols(source):
            out = os.path.join(work, dest)
            if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(source):
                os.makedirs(os.path.dirname(out), exist_ok=True)
                subprocess.run([strip, "--strip-unneeded", "-o", out, source], check=True)
            source = out
        result.append((dest, source, kind))
    return result
