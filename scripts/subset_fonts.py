#!/usr/bin/env python3
"""Regenerate the kiosk's bundled Simplified Chinese font from Noto Sans CJK.

A fresh machine may have no Chinese font at all, so the kiosk ships its own in
``resources/fonts/``: a subset of Noto Sans CJK SC (Regular and Bold), renamed
to "Union Hall Sans SC" so the modified version carries no upstream name (the
SIL OFL 1.1 text of Noto CJK reserves "Source"; "Noto" is a Google trademark).

The subset keeps a fixed character set -- printable ASCII, Latin-1, the
punctuation Chinese text uses, CJK Symbols and Punctuation, Fullwidth Forms
and all of GB2312 -- plus every non-ASCII character found in the repository's data and
kiosk code when the script runs, plus ``resources/fonts/extra-chars.txt`` if
present.  Output is deterministic: the same sources and inputs give
byte-identical files.

Usage (from the repository root)::

    .venv/bin/python scripts/subset_fonts.py
"""

from __future__ import annotations

import argparse
import logging
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

log = logging.getLogger("subset_fonts")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")

SOURCE_FAMILY = "Noto Sans CJK SC"
# Language system kept in GSUB/GPOS.  The other CJK language systems (JAN,
# KOR, ZHT, ZHH) carry 'locl' substitutions to Japanese, Korean and
# Traditional glyph forms; keeping them nearly doubles the glyph count for
# forms a Simplified Chinese kiosk never shows.
KEPT_LANGSYS = "ZHS "

FAMILY = "Union Hall Sans SC"
PS_FAMILY = "UnionHallSansSC"

CHARS_PER_LINE = 100


@dataclass(frozen=True)
class Style:
    """One weight of the family: where it comes from and what it is called."""

    name: str  # "Regular" / "Bold"
    source_file: str  # file name of the Noto Sans CJK collection
    weight_class: int

    @property
    def is_bold(self) -> bool:
        return self.weight_class >= 700

    @property
    def ps_name(self) -> str:
        return f"{PS_FAMILY}-{self.name}"

    @property
    def full_name(self) -> str:
        return f"{FAMILY} {self.name}"

    @property
    def output_file(self) -> str:
        return f"{self.ps_name}.otf"


STYLES = (
    Style("Regular", "NotoSansCJK-Regular.ttc", 400),
    Style("Bold", "NotoSansCJK-Bold.ttc", 700),
)

# OpenType layout features kept.  fontTools' default list already covers
# 'locl', 'vert', 'vrt2', 'kern', 'halt', 'vhal', 'palt', 'vkrn', 'vpal', 'ccmp'
# and friends; the width variants are added.  'aalt', 'hist', 'ruby', 'dlig'
# and the Hangul jamo features are dropped.
LAYOUT_FEATURES = sorted(
    set(subset.Options._layout_features_default)
    | {"locl", "vert", "vrt2", "kern", "palt", "halt", "vpal", "vhal", "vkrn"}
    | {"fwid", "hwid", "pwid"}
)

# Name records copied unchanged from the source: copyright, version,
# trademark, manufacturer, designer, URLs, licence description and URL.
KEPT_NAME_IDS = (0, 5, 7, 8, 9, 11, 12, 13, 14)

# OS/2 fsSelection and head.macStyle bits.
FS_ITALIC = 1 << 0
FS_BOLD = 1 << 5
FS_REGULAR = 1 << 6
MAC_BOLD = 1 << 0
MAC_ITALIC = 1 << 1

WIN_PLATFORM, WIN_UNICODE_BMP, WIN_EN_US = 3, 1, 0x409


class SubsetError(Exception):
    """The source fonts or inputs are not what the script expects."""


# --------------------------------------------------------------------------
# Character set
# --------------------------------------------------------------------------


def fixed_codepoints() -> set[int]:
    """Characters always kept, whatever the data says."""
    cps: set[int] = set(range(0x20, 0x7F))  # printable ASCII
    # Punctuation of Chinese text outside the CJK blocks:
    # · — ‘ ’ “ ” …
    cps |= {0x00B7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026}
    # The whole Latin-1 Supplement (76 glyphs beyond GB2312, ~10 kB): without
    # it fontconfig does not list the font as covering "en" and Qt does not
    # report the Latin writing system for it.
    cps |= set(range(0xA0, 0x100))
    cps |= set(range(0x3000, 0x3040))  # CJK Symbols and Punctuation
    cps |= set(range(0xFF01, 0xFF5F))  # Fullwidth ASCII variants
    cps |= gb2312_codepoints()
    return cps


def gb2312_codepoints() -> set[int]:
    """Every character of GB2312 (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    cps: set[int] = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                text = bytes((row, cell)).decode("gb2312")
            except UnicodeDecodeError:
                continue  # unassigned code
            cps.update(ord(ch) for ch in text)
    return cps


def _keep_char(ch: str) -> bool:
    """Whether a character read from a text file belongs in the font."""
    if ch.isspace() and ord(ch) < 0x80:
        return False
    # Controls, surrogates, private use, unassigned and the BOM have no
    # business in the glyph set.
    if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
        return False
    return ch != "\ufeff"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SubsetError(f"{path} is not valid UTF-8: {exc}") from exc


def repository_codepoints(repo_root: Path) -> dict[Path, set[int]]:
    """Non-ASCII characters of the data files and the kiosk code, per file."""
    patterns = (
        ("data", "*.yaml"),
        ("data", "*.yml"),
        ("data", "*.txt"),
        ("data", "*.md"),
        ("data", "*.csv"),
        ("kiosk", "*.py"),
    )
    found: dict[Path, set[int]] = {}
    for folder, pattern in patterns:
        base = repo_root / folder
        if not base.is_dir():
            log.warning("%s does not exist; no characters taken from it", base)
            continue
        for path in sorted(base.rglob(pattern)):
            if not path.is_file():
                continue
            cps = {ord(ch) for ch in _read_text(path) if ord(ch) >= 0x80 and _keep_char(ch)}
            if cps:
                found[path] = cps
    return found


def extra_codepoints(path: Path) -> set[int]:
    """Characters listed in extra-chars.txt.

    Every character counts except whitespace; lines starting with ``#`` are
    comments.
    """
    if not path.is_file():
        return set()
    cps: set[int] = set()
    for line in _read_text(path).splitlines():
        if line.lstrip().startswith("#"):
            continue
        cps.update(ord(ch) for ch in line if not ch.isspace() and _keep_char(ch))
    return cps


def collect_codepoints(repo_root: Path, extra_file: Path) -> set[int]:
    cps = fixed_codepoints()
    log.info("fixed character set: %d characters", len(cps))

    per_file = repository_codepoints(repo_root)
    from_repo: set[int] = set().union(*per_file.values()) if per_file else set()
    log.info(
        "repository: %d distinct non-ASCII characters in %d files, %d not in the fixed set",
        len(from_repo),
        len(per_file),
        len(from_repo - cps),
    )
    cps |= from_repo

    extra = extra_codepoints(extra_file)
    if extra:
        log.info("%s: %d characters, %d new", extra_file, len(extra), len(extra - cps))
    cps |= extra
    return cps


# --------------------------------------------------------------------------
# Font
# --------------------------------------------------------------------------


def _english_name(font: TTFont, name_id: int) -> str | None:
    record = font["name"].getName(name_id, WIN_PLATFORM, WIN_UNICODE_BMP, WIN_EN_US)
    return record.toUnicode() if record is not None else None


def find_face(collection_path: Path, family: str, style: str) -> int:
    """Index of the face whose family is ``family`` in a font collection."""
    if not collection_path.is_file():
        raise SubsetError(f"source font not found: {collection_path}")
    collection = TTCollection(str(collection_path), lazy=True)
    seen = []
    for index, face in enumerate(collection.fonts):
        face_family = _english_name(face, 16) or _english_name(face, 1)
        face_style = _english_name(face, 17) or _english_name(face, 2)
        seen.append(f"{face_family} {face_style}")
        if face_family == family:
            if face_style != style:
                raise SubsetError(
                    f"{collection_path}: face {index} is {family!r} but style {face_style!r}, expected {style!r}"
                )
            return index
    raise SubsetError(f"no face with family {family!r} in {collection_path}; found: {', '.join(seen)}")


def prune_language_systems(font: TTFont, keep: str) -> None:
    """Drop every GSUB/GPOS language system except ``keep`` (and the defaults)."""
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for script_record in font[tag].table.ScriptList.ScriptRecord:
            script = script_record.Script
            script.LangSysRecord = [r for r in script.LangSysRecord if r.LangSysTag == keep]
            script.LangSysCount = len(script.LangSysRecord)


def subset_options(hinting: bool) -> subset.Options:
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.hinting = hinting
    options.glyph_names = False
    options.name_IDs = ["*"]  # rename_font() decides which records stay
    options.name_languages = [WIN_EN_US]
    options.name_legacy = False
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.ignore_missing_unicodes = True
    return options


def rename_font(font: TTFont, style: Style, source_name: str) -> None:
    """Give the subset its own name, keeping copyright and licence records."""
    name = font["name"]
    version = (_english_name(font, 5) or "").removeprefix("Version ").split(";")[0]
    description = (
        f"{FAMILY} is a subset of {source_name} (version {version}), modified "
        "(subset to a Simplified Chinese character set and renamed) under the "
        "SIL Open Font License, Version 1.1."
    )
    original_description = _english_name(font, 10)
    if original_description:
        description += f" Original credits: {original_description}"

    kept = {nid: text for nid in KEPT_NAME_IDS if (text := _english_name(font, nid)) is not None}
    new = {
        1: FAMILY,
        2: style.name,
        3: f"{version};{style.ps_name}",
        4: style.full_name,
        6: style.ps_name,
        10: description,
        16: FAMILY,
        17: style.name,
    }
    name.names = []
    for nid, text in sorted({**kept, **new}.items()):
        name.setName(text, nid, WIN_PLATFORM, WIN_UNICODE_BMP, WIN_EN_US)

    cff = font["CFF "].cff
    old_ps_name = cff.fontNames[0]
    cff.fontNames = [style.ps_name]
    top = cff[0]
    top.FamilyName = FAMILY
    top.FullName = style.full_name
    top.Weight = style.name
    if hasattr(top, "FDArray"):
        for fd in top.FDArray:
            font_name = getattr(fd, "FontName", None)
            if font_name and font_name.startswith(old_ps_name):
                fd.FontName = style.ps_name + font_name[len(old_ps_name) :]

    os2 = font["OS/2"]
    os2.usWeightClass = style.weight_class
    selection = os2.fsSelection & ~(FS_ITALIC | FS_BOLD | FS_REGULAR)
    os2.fsSelection = selection | (FS_BOLD if style.is_bold else FS_REGULAR)
    head = font["head"]
    mac_style = head.macStyle & ~(MAC_BOLD | MAC_ITALIC)
    head.macStyle = mac_style | (MAC_BOLD if style.is_bold else 0)


def build_face(source_dir: Path, style: Style, codepoints: set[int], hinting: bool) -> tuple[TTFont, str]:
    """Subset and rename one weight.  Returns the font and the source version."""
    path = source_dir / style.source_file
    index = find_face(path, SOURCE_FAMILY, style.name)
    log.info("%s: %r is face %d", path, SOURCE_FAMILY, index)

    # recalcTimestamp=False keeps head.created/modified from the source, so
    # the output does not depend on when the script runs.
    font = TTFont(str(path), fontNumber=index, recalcTimestamp=False, lazy=False)
    source_version = _english_name(font, 5) or "unknown version"
    source_cmap = font.getBestCmap()
    missing = sorted(cp for cp in codepoints if cp not in source_cmap)
    if missing:
        log.warning(
            "%s has no glyph for %d requested characters: %s",
            style.source_file,
            len(missing),
            " ".join(f"U+{cp:04X}" for cp in missing),
        )

    prune_language_systems(font, KEPT_LANGSYS)
    subsetter = subset.Subsetter(subset_options(hinting))
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    rename_font(font, style, SOURCE_FAMILY)
    return font, source_version


def write_charset(path: Path, codepoints: Iterable[int]) -> None:
    chars = "".join(chr(cp) for cp in sorted(codepoints))
    lines = [chars[i : i + CHARS_PER_LINE] for i in range(0, len(chars), CHARS_PER_LINE)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Regenerate the subset Simplified Chinese font in resources/fonts/.")
    parser.add_argument(
        "--source-dir",
        type=Path,
        default=DEFAULT_SOURCE_DIR,
        help=f"folder holding NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc (default: {DEFAULT_SOURCE_DIR})",
    )
    parser.add_argument(
        "--repo-root",
        type=Path,
        default=REPO_ROOT,
        help="repository whose data/ and kiosk/ are scanned (default: %(default)s)",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=None,
        help="where the fonts and charset.txt go (default: <repo-root>/resources/fonts)",
    )
    parser.add_argument(
        "--no-hinting",
        action="store_true",
        help="drop the CFF hints (about 15%% smaller, poorer rendering at small sizes)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also show fontTools' subsetting log")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # fontTools' own progress messages only with --verbose.
    logging.getLogger("fontTools").setLevel(logging.INFO if args.verbose else logging.WARNING)

    repo_root = args.repo_root.resolve()
    output_dir = (args.output_dir or repo_root / "resources" / "fonts").resolve()
    output_dir.mkdir(parents=True, exist_ok=True)

    try:
        codepoints = collect_codepoints(repo_root, output_dir / "extra-chars.txt")
        log.info("requested: %d characters", len(codepoints))

        covered: set[int] | None = None
        summary = []
        for style in STYLES:
            font, source_version = build_face(args.source_dir, style, codepoints, hinting=not args.no_hinting)
            cmap = set(font.getBestCmap())
            if covered is not None and cmap != covered:
                raise SubsetError(
                    f"{style.name} covers different characters from Regular: {len(cmap ^ covered)} differ"
                )
            covered = cmap
            out = output_dir / style.output_file
            font.save(str(out))
            size = out.stat().st_size
            log.info(
                "wrote %s: %d glyphs, %d characters, %d bytes (from %s %s)",
                out,
                len(font.getGlyphOrder()),
                len(cmap),
                size,
                SOURCE_FAMILY,
                source_version,
            )
            summary.append(f"{out.name} {size / 1e6:.2f} MB")
        assert covered is not None
        write_charset(output_dir / "charset.txt", covered)
    except (SubsetError, OSError) as exc:
        log.error("%s", exc)
        return 1

    print(f"{len(covered)} characters; " + "; ".join(summary) + f" -> {output_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
