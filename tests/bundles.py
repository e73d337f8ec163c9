"""Small builders for bundles on disk: folders, zips, images, fonts.

``tests/conftest.py`` turns :class:`BundleMaker` into the ``make_bundle``
fixture.  A bundle starts from :func:`minimal_manifest` (valid, no warnings)
and each test breaks exactly one thing in it.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from kiosk.core.bundle import Inspection, inspect_bundle
from kiosk.core.images import MAX_PIXELS
from kiosk.core.problems import Problem, Severity

HAN = re.compile(r"[\u4e00-\u9fff]")

SOURCE_TEXT = (
    "# 测试文章\n\n"
    "目前，全省已建立基层工会 **15.1** 万个，工会会员发展到 **1927** 万人。\n\n"
    "户外劳动者“爱心驿站”近 **1000** 个。\n\n"
    "与 **1.5** 万余名职工面对面交流。\n"
)


def minimal_manifest() -> dict[str, Any]:
    """A small valid manifest whose every figure and quote is in SOURCE_TEXT."""
    return {
        "format": 1,
        "id": "test-bundle",
        "title": "测试数据包",
        "organisation": "测试工会",
        "sources": [{"id": "article", "title": "测试文章", "author": "本报记者", "file": "source.md"}],
        "sections": [{"id": "org", "title": "组织建设"}],
        "cards": [
            {
                "id": "unions",
                "section": "org",
                "headline": "15.1万个",
                "label": "全省已建立基层工会",
                "source": {"source": "article", "quote": "目前，全省已建立基层工会15.1万个，工会会员发展到1927万人。"},
                "figures": [{"figure": "1927万人", "label": "工会会员"}],
                "related": ["stations"],
            },
            {
                "id": "stations",
                "section": "org",
                "headline": "近1000个",
                "label": "户外劳动者“爱心驿站”",
                "source": {"source": "article", "quote": "户外劳动者“爱心驿站”近1000个。"},
            },
        ],
    }


def dump(manifest: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(manifest), allow_unicode=True, sort_keys=False, width=1000)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk: length, type, data and its CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int) -> bytes:
    """A PNG of ``width`` x ``height`` that decodes: tiny ones in red, larger ones
    black in one bit per pixel (quick to write and to decode).  Over the
    kiosk's pixel cap, only the header claims the size: nothing to decode."""
    if width * height <= 64:
        header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        row = b"\x00" + b"\xc8\x10\x2e" * width
    else:
        header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        row = b"\x00" * (1 + (width + 7) // 8) if width * height <= MAX_PIXELS else b""
    body = png_chunk(b"IDAT", zlib.compress(row * height)) if row else b""
    return b"\x89PNG\r\n\x1a\n" + header + body + png_chunk(b"IEND", b"")


def photo_png(width: int = 48, height: int = 32) -> bytes:
    """A PNG of varied pixels, so its IDAT is long and a cut lands inside it."""
    rows = b"".join(
        b"\x00" + bytes((x * 7 + y * 13 + c * 101) % 256 for x in range(width) for c in range(3)) for y in range(height)
    )
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b"")


def picture(kind: str, width: int = 48, height: int = 32) -> bytes:
    """A small picture in ``kind`` (JPEG, GIF, BMP, WEBP, PNG), written by Pillow."""
    from PIL import Image

    image = Image.new("RGB", (width, height), (200, 16, 46))
    for x in range(width):  # a diagonal, so the encoders have something to encode
        image.putpixel((x, x * height // width), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


SVG_ICON = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'


def font(cmap_data: bytes | None = None) -> bytes:
    """A tiny TrueType font mapping 工 and 会; ``cmap_data`` replaces its cmap table."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "a"])
    builder.setupCharacterMap({ord("工"): "a", ord("会"): "a"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 500))
    pen.lineTo((500, 0))
    pen.closePath()
    glyph = pen.glyph()
    builder.setupGlyf({".notdef": glyph, "a": glyph})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "a": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    if cmap_data is not None:
        raw = DefaultTable("cmap")
        raw.data = cmap_data
        builder.font["cmap"] = raw
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def write_zip(path: Path, members: Mapping[str | zipfile.ZipInfo, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix: the mode in the high bits counts
    info.external_attr = (0o120777 << 16) & 0xFFFFFFFF
    return info


def set_encrypted_flag(path: Path, member: str) -> None:
    """Mark ``member`` as encrypted in both its headers (zipfile cannot encrypt)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_offset : at + name_offset + len(name)] == name:
                (flags,) = struct.unpack_from("<H", data, at + flag_offset)
                struct.pack_into("<H", data, at + flag_offset, flags | 0x1)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


class BundleMaker:
    """Writes bundles under one folder: ``make_bundle(manifest, files=..., as_zip=...)``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def __call__(
        self,
        manifest: Mapping[str, Any] | str | bytes | None = None,
        *,
        files: Mapping[str, bytes | str] | None = None,
        source: str | None = SOURCE_TEXT,
        as_zip: bool = False,
        top_folder: str | None = None,
    ) -> Path:
        """A bundle folder (or zip) holding ``manifest`` and ``files``.

        ``manifest`` is a dict (dumped as YAML), raw text or bytes, or None
        for :func:`minimal_manifest`.  ``source`` is the article ``source.md``.
        """
        self.count += 1
        if manifest is None:
            manifest = minimal_manifest()
        if isinstance(manifest, Mapping):
            manifest = dump(manifest)
        contents: dict[str, bytes] = {"bundle.yaml": manifest.encode() if isinstance(manifest, str) else manifest}
        if source is not None:
            contents["source.md"] = source.encode()
        for name, data in (files or {}).items():
            contents[name] = data.encode() if isinstance(data, str) else data
        prefix = f"{top_folder}/" if top_folder else ""
        if as_zip:
            return write_zip(self.root / f"bundle{self.count}.zip", {prefix + n: d for n, d in contents.items()})
        folder = self.root / f"bundle{self.count}" / prefix
        for name, data in contents.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder


def manifest_text(bundle: Path) -> str:
    return (bundle / "bundle.yaml").read_text(encoding="utf-8")


def line_of(bundle: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the manifest where ``needle`` occurs for the ``occurrence``-th time."""
    seen = 0
    for number, line in enumerate(manifest_text(bundle).splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in the manifest")


def check(path: Path, **kw: Any) -> Inspection:
    """``inspect_bundle``, and what every problem must carry, whatever it is."""
    inspection = inspect_bundle(path, **kw)
    if inspection.files is not None:
        inspection.files.close()
    for problem in inspection.problems.items:
        assert problem.file, problem
        assert HAN.search(problem.message), f"message not in Chinese: {problem.message!r}"
        if problem.line:
            assert f"{problem.file}:{problem.line}" in problem.describe()
        else:
            assert problem.file in problem.describe()
    assert inspection.ok == (inspection.manifest is not None and not inspection.problems.errors)
    if inspection.manifest is None:
        assert inspection.problems.errors, "no manifest, yet no error says why"
    return inspection


def only(inspection: Inspection, code: str, severity: Severity = Severity.ERROR) -> Problem:
    """The one problem with ``code``; fails listing every problem otherwise."""
    found = [p for p in inspection.problems.items if p.code == code and p.severity is severity]
    assert len(found) == 1, [p.describe() for p in inspection.problems.items]
    return found[0]


def codes(inspection: Inspection) -> set[str]:
    return {p.code for p in inspection.problems.items}


def edit(manifest: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of ``manifest`` with top-level ``changes``."""
    result = copy.deepcopy(manifest)
    result.update(changes)
    return result
