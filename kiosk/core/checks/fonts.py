"""Fonts: each listed font a whole file the screen can use, and every character covered."""

from __future__ import annotations

from kiosk.core import model
from kiosk.core.files import BundleFileError, BundleFiles
from kiosk.core.images import ImageHeaderError, image_info
from kiosk.core.problems import ProblemList
from kiosk.core.texts import displayed_texts

MAX_FONT_BYTES = 32 * 1024 * 1024


def _bad_font(problems: ProblemList, font: str, line: int | None, reason: str = "") -> None:
    because = f"（{reason}）" if reason else ""
    problems.error(
        "bad-font",
        f"“{font}”不是能用的字体文件{because}。",
        hint="请使用 OTF 或 TTF 字体，从字体的原始文件重新复制。",
        en=f"{font} is not a usable font",
        line=line,
        field="fonts",
    )


def check_font_files(
    manifest: model.Manifest, files: BundleFiles, problems: ProblemList, line: int | None
) -> dict[str, frozenset[int]]:
    """The listed fonts that are there and can be used, each parsed in full.

    The kiosk checks this on every load, as ``validate`` does: a bundle font
    the screen could not use is an error in both, never found out on screen.
    """
    usable: dict[str, frozenset[int]] = {}
    if not manifest.fonts:
        return usable
    from kiosk.core import glyphs  # fontTools itself only once there is a font to read

    for font in manifest.fonts:
        try:
            size = files.size(font)
            data = b"" if size > MAX_FONT_BYTES else files.read(font, MAX_FONT_BYTES)
        except BundleFileError as exc:
            if exc.missing:
                problems.error(
                    "missing-file",
                    f"找不到字体文件“{font}”。",
                    hint="请把字体放进数据包，或从 fonts 里删掉它。",
                    en=f"font {font} not found",
                    line=line,
                    field="fonts",
                )
            else:
                problems.error("missing-file", exc.message, en=exc.message_en, line=line, field="fonts")
            continue
        except OSError as exc:
            problems.error(
                "missing-file",
                f"无法读取“{font}”：{exc.strerror or exc}",
                en=f"cannot read {font}: {exc}",
                line=line,
                field="fonts",
            )
            continue
        if size > MAX_FONT_BYTES:
            problems.error(
                "bad-font",
                f"字体文件“{font}”太大（{size // 1024 // 1024} MB，上限 {MAX_FONT_BYTES // 1024 // 1024} MB）。",
                hint="请换用较小的字体文件，例如只含所需汉字的子集。",
                en=f"font {font} is too large: {size} bytes",
                line=line,
                field="fonts",
            )
            continue
        try:
            usable[font] = glyphs.verify_font(data)
        except glyphs.FontError as exc:
            _bad_font(problems, font, line, _what_else(data) or exc.reason)
    return usable


def _what_else(data: bytes) -> str:
    """What a file that is no font is instead, when it is a picture (a renamed PNG)."""
    try:
        kind = image_info(data[:4096]).format
    except ImageHeaderError:
        return ""
    return f"它其实是一张 {kind.upper()} 图片"


def check_font_coverage(manifest: model.Manifest, fonts: dict[str, frozenset[int]], problems: ProblemList) -> None:
    """Characters that no font covers: a warning, so only ``validate`` looks.

    Every font was parsed by :func:`check_font_files` already; what is left
    is a walk over every text of the manifest, which a kiosk that is about to
    show the bundle anyway need not pay for on each start and reload.
    """
    from kiosk.core import glyphs

    covered = set(glyphs.shipped_coverage())
    for codepoints in fonts.values():
        covered.update(map(chr, codepoints))
    texts = list(displayed_texts(manifest))
    if set("".join(text for _card, _field, text in texts)) <= covered:
        return  # the usual case, in one pass: every character is covered
    reported: set[str] = set()
    for card, field_name, text in texts:
        missing = sorted({ch for ch in set(text).difference(covered, reported) if not ch.isspace()})
        if missing:
            reported.update(missing)
            problems.warning(
                "glyphs",
                f"字体里没有这些字：{''.join(missing)}，屏幕上会显示成方框。",
                hint="请换用常用字，或在 fonts 里加入包含这些字的字体。",
                en=f"no shipped font covers: {''.join(missing)}",
                card=card,
                field=field_name,
            )
