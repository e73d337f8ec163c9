"""Pictures: found, of a kind the screen shows, within size, whole, and each decoded once."""

from __future__ import annotations

import pytest

from kiosk.core.checks import pictures
from kiosk.core.problems import Severity
from tests.bundles import check, line_of, minimal_manifest, only, png

WARNING = Severity.WARNING


def with_image(name: str = "images/card.png") -> dict:
    manifest = minimal_manifest()
    manifest["cards"][1]["image"] = name
    return manifest


def test_small_png_is_accepted(make_bundle):
    assert check(make_bundle(with_image(), files={"images/card.png": png(2, 2)})).problems.items == []


def test_missing_image_is_refused(make_bundle):
    bundle = make_bundle(with_image("images/none.png"))
    problem = only(check(bundle), "missing-file")
    assert "找不到文件“images/none.png”" in problem.message
    assert (problem.card, problem.field, problem.line) == (
        "stations",
        "image",
        line_of(bundle, "image: images/none.png"),
    )


def test_missing_image_asks_to_check_the_file_name(make_bundle):
    problem = only(check(make_bundle(with_image("images/Card.PNG"))), "missing-file")
    assert problem.hint == "请检查文件名（大小写也要一致）。"


@pytest.mark.parametrize("name", ["../outside.png", "/etc/passwd"])
def test_image_path_leaving_the_bundle_gets_no_file_name_hint(make_bundle, name):
    problem = only(check(make_bundle(with_image(name))), "missing-file")
    assert "大小写" not in problem.hint


def test_image_that_is_not_an_image_is_refused(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": "这不是图片"})
    problem = only(check(bundle), "bad-image")
    assert (problem.card, problem.field) == ("stations", "image")


def test_image_header_claiming_a_huge_size_is_refused_without_decoding(make_bundle):
    claim = png(100_000, 100_000)
    assert len(claim) < 100  # nothing to decode: the header alone is refused
    bundle = make_bundle(with_image(), files={"images/card.png": claim})
    problem = only(check(bundle), "image-too-large")
    assert "100000×100000" in problem.message
    assert (problem.card, problem.field) == ("stations", "image")


def test_large_image_is_a_warning(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": png(8000, 4000)})
    inspection = check(bundle)
    assert inspection.ok
    problem = only(inspection, "image-large", WARNING)
    assert "8000×4000" in problem.message


def test_large_image_hint_gives_the_size_to_shrink_to_and_the_size_now(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": png(8000, 4000)})
    problem = only(check(bundle), "image-large", WARNING)
    assert "缩小到 3840×2160 左右（现在 8000×4000）" in problem.hint
    assert "8000x4000" in problem.message_en


def test_huge_image_hint_gives_the_size_to_shrink_to_and_the_size_now(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": png(10_000, 10_000)})
    problem = only(check(bundle), "image-too-large")
    assert "缩小到 3840×2160 左右（现在 10000×10000）" in problem.hint


def test_image_that_is_not_an_image_names_the_formats_accepted(make_bundle):
    bundle = make_bundle(with_image(), files={"images/card.png": "这不是图片"})
    assert only(check(bundle), "bad-image").hint == "请使用 PNG、JPEG、GIF、BMP 或 WebP 格式。"


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'


def test_svg_is_accepted_as_an_icon(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["icon"] = "icons/heart.svg"
    assert check(make_bundle(manifest, files={"icons/heart.svg": SVG})).problems.items == []


def test_svg_as_a_card_image_is_refused(make_bundle):
    bundle = make_bundle(with_image("images/card.svg"), files={"images/card.svg": SVG})
    problem = only(check(bundle), "bad-image")
    assert "只有图标（icon）可以用 SVG" in problem.message
    assert problem.field == "image"


def test_a_picture_shown_by_many_cards_is_decoded_once(make_bundle, monkeypatch):
    decoded = []
    real = pictures.image_decodes
    monkeypatch.setattr(pictures, "image_decodes", lambda *a, **kw: decoded.append(a) or real(*a, **kw))
    manifest = minimal_manifest()
    for card in manifest["cards"]:
        card["image"] = "images/card.png"
    assert check(make_bundle(manifest, files={"images/card.png": png(64, 32)})).ok
    assert len(decoded) == 1


def test_a_damaged_picture_shown_by_two_cards_names_both(make_bundle):
    manifest = minimal_manifest()
    for card in manifest["cards"]:
        card["image"] = "images/card.png"
    data = png(64, 32)
    inspection = check(make_bundle(manifest, files={"images/card.png": data[: len(data) * 2 // 3]}))
    assert sorted(p.card for p in inspection.problems.errors if p.code == "bad-image") == ["stations", "unions"]


def test_pictures_beyond_the_decoding_budget_are_refused(make_bundle, monkeypatch):
    from kiosk.core import limits

    monkeypatch.setattr(limits, "MAX_DECODED_PIXELS", 64 * 32 + 10)
    manifest = minimal_manifest()
    manifest["cards"][0]["image"] = "images/a.png"
    manifest["cards"][1]["image"] = "images/b.png"
    problem = only(
        check(make_bundle(manifest, files={"images/a.png": png(64, 32), "images/b.png": png(64, 32)})),
        "images-too-many",
    )
    assert problem.card == "stations"
    assert "缩小" in problem.hint


def test_a_missing_icon_points_at_the_icon_line(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["icon"] = "icons/none.svg"
    bundle = make_bundle(manifest)
    problem = only(check(bundle), "missing-file")
    assert (problem.card, problem.field, problem.line) == ("stations", "icon", line_of(bundle, "icon: icons/none.svg"))
