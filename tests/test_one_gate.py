"""One gate: the kiosk shows exactly what ``validate`` approved.

``union-kiosk validate`` (``inspect_bundle``) and the kiosk's start and hot
reload (``load_bundle``) refuse the same bundles for the same errors.  Images
are decoded in full and fonts parsed on every load, so a file that only
starts like a picture or a font is refused by both.
"""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from kiosk.core.bundle import BundleError, inspect_bundle, load_bundle
from kiosk.core.problems import Severity
from tests.bundles import check, codes, line_of, only, png
from tests.hostile_cases import ANY_ERROR, CASES, Case, manifest_with, with_font

NEW_HOSTILE_IMAGES = [
    "png-cut-at-60-percent",
    "png-header-with-garbage-idat",
    "png-with-bad-crc",
    "jpeg-cut-in-half",
    "gif-header-only",
    "webp-with-garbage",
    "bmp-cut-short",
    "svg-icon-with-external-entity",
    "svg-icon-with-doctype",
    "svg-icon-cut-short",
]
NEW_HOSTILE_FONTS = ["font-4-byte-signature-only", "font-header-only", "font-cut-in-half", "font-with-damaged-cmap"]
BY_ID = {c.id: c for c in CASES}


def error_codes(problems) -> list[str]:
    return sorted(p.code for p in problems if p.severity is Severity.ERROR)


@pytest.mark.parametrize("hostile", CASES, ids=[c.id for c in CASES])
def test_validate_and_the_kiosk_refuse_the_same_bundles_for_the_same_errors(make_bundle, tmp_path, hostile: Case):
    path = hostile.build(make_bundle, tmp_path)
    inspection = check(path)
    validated = check(path, check_fonts=True)
    assert error_codes(validated.problems.items) == error_codes(inspection.problems.items)
    try:
        loaded = load_bundle(path)
    except BundleError as exc:
        refused = error_codes(exc.problems)
    else:
        loaded.close()
        refused = []
    assert inspection.ok == (not refused)
    assert refused == error_codes(inspection.problems.items)
    if hostile.errors == ANY_ERROR:
        assert refused
    else:
        assert set(refused) == hostile.errors, [p.describe() for p in inspection.problems.items]


@pytest.mark.parametrize("name", NEW_HOSTILE_IMAGES)
def test_damaged_picture_is_refused_naming_file_line_card_and_field(make_bundle, tmp_path, name):
    bundle = BY_ID[name].build(make_bundle, tmp_path)
    problem = only(check(bundle), "bad-image")
    assert (problem.card, problem.line) == ("stations", line_of(bundle, "- id: stations"))
    assert problem.field in ("image", "icon")
    assert "“images/card." in problem.message or "“icons/" in problem.message


def test_truncated_picture_says_it_ends_halfway_and_what_to_do(make_bundle, tmp_path):
    problem = only(check(BY_ID["png-cut-at-60-percent"].build(make_bundle, tmp_path)), "bad-image")
    assert problem.message == "图片“images/card.png”已损坏或不完整（读到一半就结束了）。"
    assert problem.hint == "请重新导出或重新复制这个文件。"


def test_svg_icon_with_a_doctype_is_refused_as_unsafe_not_as_damaged(make_bundle, tmp_path):
    problem = only(check(BY_ID["svg-icon-with-external-entity"].build(make_bundle, tmp_path)), "bad-image")
    assert problem.message.startswith("图标“icons/heart.svg”里面有 DOCTYPE 或 ENTITY 声明")
    assert problem.field == "icon"


@pytest.mark.parametrize("name", NEW_HOSTILE_FONTS)
def test_font_that_only_starts_like_a_font_is_refused_by_the_kiosk_too(make_bundle, tmp_path, name):
    bundle = BY_ID[name].build(make_bundle, tmp_path)
    problem = only(check(bundle), "bad-font")
    assert (problem.field, problem.line) == ("fonts", line_of(bundle, "fonts:"))
    with pytest.raises(BundleError) as caught:
        load_bundle(bundle)
    assert [p.code for p in caught.value.problems] == ["bad-font"]


def test_font_that_is_a_renamed_png_says_it_is_a_picture(make_bundle, tmp_path):
    problem = only(check(BY_ID["font-that-is-a-renamed-png"].build(make_bundle, tmp_path)), "bad-font")
    assert problem.message == "“fonts/test.ttf”不是能用的字体文件（它其实是一张 PNG 图片）。"


def test_shipped_font_passes_the_gate_and_counts_for_coverage(make_bundle, tmp_path):
    from kiosk.resources import resource_path

    data = resource_path("fonts/UnionHallSansSC-Regular.otf").read_bytes()
    bundle = with_font(data)(make_bundle, tmp_path)
    assert check(bundle, check_fonts=True).problems.items == []
    load_bundle(bundle).close()


def test_glyph_coverage_warning_is_the_only_difference_validate_makes(make_bundle):
    bundle = make_bundle(manifest_with(label="囍龘"), source=None)
    quiet, validated = check(bundle), check(bundle, check_fonts=True)
    assert codes(validated) - codes(quiet) == {"glyphs"}
    assert only(validated, "glyphs", Severity.WARNING).severity is Severity.WARNING
    assert error_codes(validated.problems.items) == error_codes(quiet.problems.items)


def test_defaults_of_inspect_and_load_agree(make_bundle):
    import inspect

    defaults = {
        name: inspect.signature(func).parameters["check_fonts"].default
        for name, func in (("inspect", inspect_bundle), ("load", load_bundle))
    }
    assert defaults["inspect"] == defaults["load"]


def test_a_bundle_without_pictures_or_fonts_loads_without_pillow_or_fonttools():
    code = (
        "import sys\n"
        "from kiosk.core.bundle import load_bundle\n"
        "from kiosk.resources import default_bundle\n"
        "load_bundle(default_bundle()).close()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PIL', 'fontTools'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_picture_qt_cannot_decode_leaves_the_card_without_it(qapp, make_bundle, caplog):
    from kiosk.ui import snapshot

    bundle = load_bundle(make_bundle(manifest_with(image="images/card.png"), files={"images/card.png": png(2, 2)}))
    try:
        card = bundle.manifest.cards[1]
        assert snapshot.card_image(bundle, card) is not None
        bundle.files.read = lambda *_args, **_kw: b"\x89PNG not what was verified"  # type: ignore[method-assign]
        with caplog.at_level(logging.WARNING):
            assert snapshot.card_image(bundle, card) is None
        assert "could not be decoded" in caplog.text
        scene = snapshot.scene_for(bundle, card.id)
        assert not snapshot.render(scene, 320, 180).isNull()
    finally:
        bundle.close()


def test_every_new_hostile_case_is_in_the_corpus():
    assert set(NEW_HOSTILE_IMAGES + NEW_HOSTILE_FONTS + ["font-that-is-a-renamed-png", "shipped-otf-font"]) <= set(
        BY_ID
    )
