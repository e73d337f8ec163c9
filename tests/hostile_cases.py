"""A corpus of broken and hostile bundles, each with the errors it must give.

The bundles of the tests in ``tests/core/``, one of each kind, and the
damaged pictures and fonts that only a full decode finds.  ``tests/core/test_bundle.py``
runs every one through both ``inspect_bundle`` and ``load_bundle``.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core import files as bundle_files
from kiosk.core.yamlsafe import MAX_MANIFEST_BYTES
from kiosk.resources import resource_path
from tests.bundles import (
    SOURCE_TEXT,
    SVG_ICON,
    BundleMaker,
    dump,
    font,
    minimal_manifest,
    photo_png,
    picture,
    png,
    png_chunk,
    set_encrypted_flag,
    symlink_info,
    write_zip,
)

Build = Callable[[BundleMaker, Path], Path]


@dataclass(frozen=True)
class Case:
    id: str
    build: Build
    errors: frozenset[str]  # the error codes it must give; empty: it is valid; ANY_ERROR: refused, for any reason


ANY_ERROR = frozenset({"*"})  # for checks whose codes are still being refined (quotes and figures)


CASES: list[Case] = []


def case(*errors: str) -> Callable[[Build], Build]:
    def register(build: Build) -> Build:
        CASES.append(Case(build.__name__, build, frozenset(errors)))
        return build

    return register


def manifest_with(**card_changes: Any) -> dict[str, Any]:
    """The minimal manifest with ``card_changes`` on its second card."""
    manifest = minimal_manifest()
    manifest["cards"][1].update(card_changes)
    return manifest


def with_image(
    data: bytes | str, name: str = "images/card.png", attr: str = "image"
) -> Callable[[BundleMaker, Path], Path]:
    return lambda make, _tmp: make(manifest_with(**{attr: name}), files={name: data})


def with_font(data: bytes) -> Callable[[BundleMaker, Path], Path]:
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    return lambda make, _tmp: make(manifest, files={"fonts/test.ttf": data})


def text_with(old: str, new: str) -> Callable[[BundleMaker, Path], Path]:
    return lambda make, _tmp: make(dump(minimal_manifest()).replace(old, new))


def register(name: str, build: Build, *errors: str) -> None:
    CASES.append(Case(name, build, frozenset(errors)))


# ---------------------------------------------------------------- the manifest


@case()
def minimal(make: BundleMaker, _tmp: Path) -> Path:
    return make()


register("yaml-syntax", text_with("label: 全省已建立基层工会", "label: 全省: 基层工会"), "yaml")
register("python-tag", text_with("title: 测试数据包", "title: !!python/object/apply:os.system ['echo pwned']"), "yaml")
register(
    "deep-nesting",
    lambda make, _tmp: make(dump(minimal_manifest()) + "extra: " + "[" * 5000 + "]" * 5000 + "\n"),
    "yaml",
)
register("not-utf8", lambda make, _tmp: make(dump(minimal_manifest()).encode("gbk")), "yaml")
register("empty", lambda make, _tmp: make(""), "empty")
register("manifest-over-cap", lambda make, _tmp: make(b"#" * (MAX_MANIFEST_BYTES + 1)), "yaml")
register("unknown-key-warning", lambda make, _tmp: make(manifest_with(lable="x")))


@case("schema")
def billion_laughs(make: BundleMaker, _tmp: Path) -> Path:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 10)]
    manifest = minimal_manifest()
    del manifest["cards"], manifest["title"]
    return make("\n".join(lines) + "\n" + dump(manifest) + "title: *l9\ncards: *l9\n")


@case("schema")
def missing_label(make: BundleMaker, _tmp: Path) -> Path:
    manifest = minimal_manifest()
    del manifest["cards"][0]["label"]
    return make(manifest)


@case("schema")
def duration_out_of_range(make: BundleMaker, _tmp: Path) -> Path:
    return make(manifest_with(duration=1))


@case("duplicate-id")
def duplicate_card(make: BundleMaker, _tmp: Path) -> Path:
    manifest = minimal_manifest()
    manifest["cards"][1]["id"] = "unions"
    manifest["cards"][0]["related"] = []
    return make(manifest)


@case("unknown-section", "unknown-card", "unknown-source")
def broken_references(make: BundleMaker, _tmp: Path) -> Path:
    manifest = minimal_manifest()
    manifest["cards"][0]["section"] = "nowhere"
    manifest["cards"][1]["related"] = ["ghost"]
    manifest["cards"][1]["source"]["source"] = "nope"
    return make(manifest)


@case(*ANY_ERROR)
def not_in_source(make: BundleMaker, _tmp: Path) -> Path:
    return make(manifest_with(headline="近1001个", source={"source": "article", "quote": "没有这句话。"}))


@case("schema")
def unquoted_colour(make: BundleMaker, _tmp: Path) -> Path:
    return make(dump(minimal_manifest()) + "display:\n  theme:\n    background: #12355B\n")


@case()
def no_source_warning(make: BundleMaker, _tmp: Path) -> Path:
    manifest = minimal_manifest()
    del manifest["cards"][1]["source"]
    return make(manifest)


@case("missing-file")
def source_file_missing(make: BundleMaker, _tmp: Path) -> Path:
    return make(source=None)


@case("encoding")
def source_not_utf8(make: BundleMaker, tmp: Path) -> Path:
    bundle = make()
    (bundle / "source.md").write_bytes(SOURCE_TEXT.encode("gbk"))
    return bundle


@case("chart")
def chart_series_too_short(make: BundleMaker, _tmp: Path) -> Path:
    chart = {"type": "bar", "categories": ["甲", "乙"], "series": [{"name": "组织", "values": ["15.1万个"]}]}
    manifest = minimal_manifest()
    manifest["cards"][0]["detail"] = {"chart": chart}
    return make(manifest)


@case("missing-file")
def csv_missing(make: BundleMaker, _tmp: Path) -> Path:
    manifest = minimal_manifest()
    manifest["cards"][0]["detail"] = {"chart": {"type": "bar", "csv": "data/none.csv"}}
    return make(manifest)


@case()
def low_contrast_warning(make: BundleMaker, _tmp: Path) -> Path:
    manifest = minimal_manifest()
    manifest["display"] = {"theme": {"text": "#12355B", "background": "#12355C"}}
    return make(manifest)


@case()
def unused_file_warning(make: BundleMaker, _tmp: Path) -> Path:
    return make(files={"extra/old.txt": "x"})


# ---------------------------------------------------------------- files and zips


register("image-missing", lambda make, _tmp: make(manifest_with(image="images/none.png")), "missing-file")
register("image-path-climbs-out", lambda make, _tmp: make(manifest_with(image="../outside.png")), "missing-file")


@case("missing-file")
def symlink_outside(make: BundleMaker, tmp: Path) -> Path:
    outside = tmp / "outside.png"
    outside.write_bytes(png(2, 2))
    bundle = make(manifest_with(image="images/card.png"))
    (bundle / "images").mkdir()
    (bundle / "images" / "card.png").symlink_to(outside)
    return bundle


register("zip", lambda make, _tmp: make(as_zip=True))
register("zip-with-top-folder", lambda make, _tmp: make(as_zip=True, top_folder="bundle"))


@case("open")
def zip_member_climbs_out(_make: BundleMaker, tmp: Path) -> Path:
    return write_zip(tmp / "evil.zip", {"bundle.yaml": dump(minimal_manifest()), "../evil.txt": "x"})


@case("open")
def zip_symlink_member(_make: BundleMaker, tmp: Path) -> Path:
    return write_zip(
        tmp / "link.zip", {"bundle.yaml": dump(minimal_manifest()), symlink_info("source.md"): "/etc/passwd"}
    )


@case("open")
def zip_with_too_many_entries(_make: BundleMaker, tmp: Path) -> Path:
    members = {f"f/{i}.txt": b"" for i in range(bundle_files.MAX_ZIP_ENTRIES + 1)}
    return write_zip(tmp / "many.zip", {"bundle.yaml": dump(minimal_manifest()), **members})


@case("open")
def zip_bomb(_make: BundleMaker, tmp: Path) -> Path:
    path = tmp / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle.yaml", dump(minimal_manifest()))
        with archive.open("source.md", "w") as member:
            for _ in range(50):
                member.write(bytes(1024 * 1024))
    return path


@case("open")
def truncated_zip(make: BundleMaker, _tmp: Path) -> Path:
    path = make(as_zip=True)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


@case("open")
def zip_with_encrypted_member(make: BundleMaker, _tmp: Path) -> Path:
    path = make(as_zip=True)
    set_encrypted_flag(path, "source.md")
    return path


@case("no-manifest")
def zip_without_manifest(_make: BundleMaker, tmp: Path) -> Path:
    return write_zip(tmp / "empty.zip", {"a/readme.txt": "x", "b/readme.txt": "y"})


@case("open")
def not_a_zip(_make: BundleMaker, tmp: Path) -> Path:
    path = tmp / "bundle.zip"
    path.write_text("不是 zip", encoding="utf-8")
    return path


@case("open")
def missing_bundle(_make: BundleMaker, tmp: Path) -> Path:
    return tmp / "nowhere"


# ---------------------------------------------------------------- images


def _png_with_bad_idat_crc() -> bytes:
    data = bytearray(photo_png())
    at = data.find(b"IDAT")
    (length,) = struct.unpack(">I", data[at - 4 : at])
    data[at + 4 + length] ^= 0x01  # the first byte of the IDAT's CRC
    return bytes(data)


def _webp_with_garbage() -> bytes:
    data = picture("WEBP")
    return data[:30] + bytes((i * 37) % 256 for i in range(len(data) - 30))


register("png", with_image(png(2, 2)))
register("png-larger", with_image(photo_png()))
register("jpeg", with_image(picture("JPEG"), "images/card.jpg"))
register("gif", with_image(picture("GIF"), "images/card.gif"))
register("bmp", with_image(picture("BMP"), "images/card.bmp"))
register("webp", with_image(picture("WEBP"), "images/card.webp"))
register("svg-icon", with_image(SVG_ICON, "icons/heart.svg", "icon"))
register("not-an-image", with_image("这不是图片"), "bad-image")
register("svg-as-image", with_image(SVG_ICON, "images/card.svg"), "bad-image")
register("image-header-claims-huge", with_image(png(100_000, 100_000)), "image-too-large")
register("image-large-warning", with_image(png(8000, 4000)))
register("png-cut-at-60-percent", with_image(photo_png()[: len(photo_png()) * 6 // 10]), "bad-image")
register(
    "png-header-with-garbage-idat",
    with_image(photo_png()[:33] + png_chunk(b"IDAT", b"\x78\x9c" + b"garbage!" * 40) + png_chunk(b"IEND", b"")),
    "bad-image",
)
register("png-with-bad-crc", with_image(_png_with_bad_idat_crc()), "bad-image")
register("jpeg-cut-in-half", with_image(picture("JPEG")[: len(picture("JPEG")) // 2], "images/card.jpg"), "bad-image")
register("gif-header-only", with_image(picture("GIF")[:13], "images/card.gif"), "bad-image")
register("webp-with-garbage", with_image(_webp_with_garbage(), "images/card.webp"), "bad-image")
register("bmp-cut-short", with_image(picture("BMP")[:200], "images/card.bmp"), "bad-image")
SVG_EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>'
)
register("svg-icon-with-external-entity", with_image(SVG_EXTERNAL_ENTITY, "icons/heart.svg", "icon"), "bad-image")
register(
    "svg-icon-with-doctype",
    with_image(
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        + SVG_ICON,
        "icons/a.svg",
        "icon",
    ),
    "bad-image",
)
register("svg-icon-cut-short", with_image(SVG_ICON[:50], "icons/heart.svg", "icon"), "bad-image")


# ---------------------------------------------------------------- fonts


def _font_header_only() -> bytes:
    """The 12-byte offset table of a TrueType font claiming ten tables, and nothing else."""
    return b"\x00\x01\x00\x00" + struct.pack(">HHHH", 10, 128, 3, 32)


register("font", with_font(font()))
register(
    "shipped-otf-font",
    with_font(resource_path("fonts/UnionHallSansSC-Regular.otf").read_bytes()),
)
register("font-missing", lambda make, _tmp: make({**minimal_manifest(), "fonts": ["fonts/none.ttf"]}), "missing-file")
register("font-html", with_font(b"<html>not a font</html>"), "bad-font")
register("font-zip-header", with_font(b"PK\x03\x04 not a font"), "bad-font")
register("font-4-byte-signature-only", with_font(b"\x00\x01\x00\x00" + b"\xff" * 64), "bad-font")
register("font-header-only", with_font(_font_header_only()), "bad-font")
register("font-cut-in-half", with_font(font()[: len(font()) // 2]), "bad-font")
register("font-that-is-a-renamed-png", with_font(png(2, 2)), "bad-font")
register(
    "font-with-damaged-cmap",
    with_font(
        font(
            bytes.fromhex(
                "00000002000000030000001400030001000000140004000c000000060004000100024f1a5de5ffff"
                "00004f1a5de5ffffb0e7a21c000100000000009c"
            )
        )
    ),
    "bad-font",
)
