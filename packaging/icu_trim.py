"""A smaller ICU data library for the frozen build (Linux): 31 MB down to about 8 MB.

Qt's wheel links ICU, whose data library ``libicudata.so.NN`` is one symbol,
``icudtNN_dat``, holding every locale's names, units, currencies, collation
rules, line-break dictionaries and legacy converters.  Qt calls ICU only for
case mapping, time-zone names, QCollator and QStringConverter's legacy
encodings; its locale data (number and date formats, names) comes from CLDR
tables inside QtCore, and its line breaking is its own.  The build keeps
what case mapping, time-zone names and collation in Chinese and English need
(and the root data every lookup starts from) and drops the rest, legacy
encodings included, which neither the kiosk nor Python's own decoding use.
A missing item makes the ICU call report an error that Qt handles (an
unknown encoding is invalid; a collator for another language uses the root
order), never a crash.

The data is ICU's "common data" package: a header, a sorted table of
contents (name offset, data offset), the names, then the items, each aligned
to 16 bytes.  It is read and rewritten here in Python; a C compiler (``cc``)
wraps the result into a shared library with the same symbol and soname.
Without ``cc`` the build ships ICU's data unchanged (and says so).
"""

from __future__ import annotations

import os
import platform
import shutil
import struct
import subprocess
import sys
from pathlib import Path

# Folders and file kinds of the data that Qt (as the kiosk uses it) never asks for.
DROP_FOLDERS = frozenset({"brkitr", "coll", "curr", "lang", "region", "unit", "rbnf", "translit"})
DROP_SUFFIXES = (".cnv", ".spp", ".cfu")
# QCollator keeps working for the root order, Chinese (pinyin, stroke) and English: 1.6 MB.
KEEP_COLLATION = ("coll/root.res", "coll/ucadata.icu", "coll/res_index.res", "coll/zh", "coll/en")
ALIGN = 16
PAD = b"\xaa"  # what ICU's own tools pad with


class TrimError(RuntimeError):
    pass


def _sections(data: bytes) -> tuple[str, list[tuple[int, ...]]]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise TrimError("not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    return "<", [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]


def extract(library: Path) -> tuple[str, bytes]:
    """The data symbol's name and bytes from ``libicudata.so.NN``."""
    data = library.read_bytes()
    _order, sections = _sections(data)
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, entsize):
            st_name, _st_info, _st_other, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", data, at)
            name = data[strings + st_name : data.index(b"\0", strings + st_name)].decode()
            if name.startswith("icudt") and name.endswith("_dat") and st_shndx != 0:
                home = sections[st_shndx]
                start = st_value - home[3] + home[4]
                return name, data[start : start + st_size]
    raise TrimError(f"no icudtNN_dat symbol in {library}")


def trim(blob: bytes) -> tuple[bytes, int, int]:
    """The common data without the dropped items; returns (data, items kept, items dropped)."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise TrimError("not little-endian ICU common data (CmnD)")
    base = header_size
    (count,) = struct.unpack_from("<I", blob, base)
    entries = [struct.unpack_from("<II", blob, base + 4 + 8 * i) for i in range(count)]
    ends = [offset for _name, offset in entries[1:]] + [len(blob) - base]
    items = []
    for (name_at, data_at), end in zip(entries, ends, strict=True):
        name = blob[base + name_at : blob.index(b"\0", base + name_at)]
        items.append((name, blob[base + data_at : base + end]))
    kept = [(name, item) for name, item in items if not _dropped(name.decode())]

    names_at = 4 + 8 * len(kept)
    names = bytearray()
    name_offsets = []
    for name, _item in kept:
        name_offsets.append(names_at + len(names))
        names += name + b"\0"
    data_at = _align(names_at + len(names))
    toc = bytearray(struct.pack("<I", len(kept)))
    body = bytearray()
    for (_name, item), name_offset in zip(kept, name_offsets, strict=True):
        toc += struct.pack("<II", name_offset, data_at + len(body))
        body += item + PAD * (_align(len(item)) - len(item))
    toc += names
    toc += PAD * (data_at - len(toc))
    return bytes(blob[:header_size] + toc + body), len(kept), len(items) - len(kept)


def _dropped(name: str) -> bool:
    parts = name.split("/")  # icudt73l/coll/zh.res
    if "/".join(parts[1:]).startswith(KEEP_COLLATION):
        return False
    return (len(parts) > 2 and parts[1] in DROP_FOLDERS) or name.endswith(DROP_SUFFIXES)


def _align(value: int) -> int:
    return (value + ALIGN - 1) // ALIGN * ALIGN


def build_library(symbol: str, data: bytes, soname: str, out: Path, cc: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    blob = out.parent / f"{symbol.removesuffix('_dat')}l.dat"  # icudt73l.dat, as ICU's icupkg names it
    blob.write_bytes(data)
    mark = "%" if platform.machine().lower().startswith(("arm", "aarch")) else "@"
    source = out.parent / f"{symbol}.S"
    source.write_text(
        f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, {mark}object\n\t.balign {ALIGN}\n"
        f'{symbol}:\n\t.incbin "{blob.name}"\n\t.size {symbol}, . - {symbol}\n'
        f'\t.section .note.GNU-stack,"",{mark}progbits\n',
        encoding="ascii",
    )
    subprocess.run(
        [cc, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-Wl,-z,noexecstack", "-o", str(out), source.name],
        cwd=out.parent,
        check=True,
    )


def trimmed_library(library: Path, work: Path) -> Path | None:
    """``library`` rebuilt with trimmed data in ``work``; None (and a note) when it cannot be."""
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        print(f"note: no C compiler (cc): {library.name} ships untrimmed (+24 MB)", file=sys.stderr)
        return None
    out = work / library.name
    if (
        out.exists()
        and out.stat().st_mtime >= library.stat().st_mtime
        and out.stat().st_mtime >= Path(__file__).stat().st_mtime
    ):
        return out
    symbol, blob = extract(library)
    data, kept, dropped = trim(blob)
    build_library(symbol, data, library.name, out, cc)
    check_symbol, check_blob = extract(out)
    if check_symbol != symbol or check_blob != data:
        raise TrimError(f"{out} does not hold the trimmed data")
    print(
        f"ICU data: kept {kept} items, dropped {dropped}: {len(blob) / 1e6:.1f} MB -> {len(data) / 1e6:.1f} MB",
        file=sys.stderr,
    )
    return out
