"""Fonts: each listed font a usable file, refused on every load when it is not."""

from __future__ import annotations

import pytest

from kiosk.core.bundle import BundleError, load_bundle
from tests.bundles import check, codes, font, line_of, minimal_manifest, only


def test_missing_font_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/none.ttf"]
    bundle = make_bundle(manifest)
    problem = only(check(bundle, check_fonts=False), "missing-file")
    assert problem.field == "fonts"
    assert problem.line == line_of(bundle, "fonts:")


def test_bundle_font_is_read_for_coverage(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    inspection = check(make_bundle(manifest, files={"fonts/test.ttf": font()}), check_fonts=True)
    assert "bad-font" not in codes(inspection)


def test_font_that_is_not_a_font_is_refused(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    bundle = make_bundle(manifest, files={"fonts/test.ttf": b"\x00\x01\x00\x00" + b"\xff" * 64})
    assert only(check(bundle, check_fonts=True), "bad-font").field == "fonts"


def test_font_with_a_damaged_cmap_is_refused_not_raised(make_bundle):
    # A cmap whose subtable offset points into the middle of another: fontTools
    # fails inside struct.unpack there, not with one of its own errors.
    damaged = bytes.fromhex(
        "00000002000000030000001400030001000000140004000c000000060004000100024f1a5de5ffff"
        "00004f1a5de5ffffb0e7a21c000100000000009c"
    )
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    bundle = make_bundle(manifest, files={"fonts/test.ttf": font(damaged)})
    assert only(check(bundle, check_fonts=True), "bad-font").field == "fonts"


def test_file_that_is_not_a_font_is_refused_by_the_kiosk_as_by_validate(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    bundle = make_bundle(manifest, files={"fonts/test.ttf": b"<html>not a font</html>"})
    for check_fonts in (True, False):
        problem = only(check(bundle, check_fonts=check_fonts), "bad-font")
        assert (problem.field, problem.line) == ("fonts", line_of(bundle, "fonts:"))
    with pytest.raises(BundleError) as caught:
        load_bundle(bundle)
    assert [p.code for p in caught.value.problems] == ["bad-font"]


@pytest.mark.parametrize("signature", [b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf"])
def test_a_font_that_is_only_a_header_is_refused_by_every_load(make_bundle, signature):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    bundle = make_bundle(manifest, files={"fonts/test.ttf": signature + b"\xff" * 64})
    for check_fonts in (True, False):
        assert only(check(bundle, check_fonts=check_fonts), "bad-font").field == "fonts"


def test_font_in_a_zip_is_checked_by_its_header(make_bundle):
    manifest = minimal_manifest()
    manifest["fonts"] = ["fonts/test.ttf"]
    path = make_bundle(manifest, files={"fonts/test.ttf": b"PK\x03\x04 not a font"}, as_zip=True)
    assert only(check(path, check_fonts=False), "bad-font").field == "fonts"


def test_characters_are_not_called_missing_while_a_listed_font_could_not_be_read(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["label"] = "户外劳动者“爱心驿站”\U0002a6a5"  # a character no shipped font has
    assert "glyphs" in codes(check(make_bundle(manifest), check_fonts=True))
    manifest["fonts"] = ["fonts/none.ttf"]  # it may be the font that has it
    inspection = check(make_bundle(manifest), check_fonts=True)
    assert sorted(codes(inspection)) == ["missing-file"]
