"""Bundle images: the header read first, then the whole picture decoded."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from kiosk.core.images import (
    MAX_PIXELS,
    MAX_SVG_BYTES,
    TRUNCATED,
    ImageDataError,
    ImageHeaderError,
    ImageInfo,
    image_info,
    verify_image,
)
from tests.bundles import SVG_ICON, photo_png, picture, png

FORMATS = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif", "BMP": "bmp", "WEBP": "webp"}


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_the_kiosk_takes_decodes(kind):
    data = picture(kind, 48, 32)
    info = image_info(data)
    assert (info.format, info.width, info.height) == (FORMATS[kind], 48, 32)
    verify_image(data, info)


@pytest.mark.parametrize("kind", FORMATS)
def test_a_picture_cut_short_is_refused_as_incomplete(kind):
    data = photo_png(64, 64) if kind == "PNG" else picture(kind, 64, 64)
    cut = data[: len(data) * 6 // 10]
    with pytest.raises(ImageDataError) as caught:
        verify_image(cut, image_info(cut))
    assert caught.value.reason in (TRUNCATED[0], "图像数据有错，解不出来")


def test_truncated_png_says_it_ends_halfway():
    data = photo_png()[: len(photo_png()) * 6 // 10]
    with pytest.raises(ImageDataError) as caught:
        verify_image(data, image_info(data))
    assert caught.value.reason == "读到一半就结束了"


def test_decoded_format_must_match_the_header():
    data = picture("JPEG")
    with pytest.raises(ImageDataError) as caught:
        verify_image(data, ImageInfo("png", 48, 32))
    assert "JPEG" in caught.value.reason


def test_decoded_size_must_match_the_header():
    with pytest.raises(ImageDataError) as caught:
        verify_image(png(2, 2), ImageInfo("png", 3, 3))
    assert "3×3" in caught.value.reason


def test_pillow_refuses_beyond_our_pixel_cap_and_never_loads_truncated_images():
    verify_image(png(2, 2), image_info(png(2, 2)))
    from PIL import Image, ImageFile

    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_header_claiming_a_huge_size_is_read_without_decoding():
    info = image_info(png(100_000, 100_000))
    assert info.pixels > MAX_PIXELS  # the caller refuses it before verify_image


def test_large_picture_within_the_cap_decodes():
    data = png(8000, 4000)
    verify_image(data, image_info(data))


def test_unknown_format_is_a_header_error():
    with pytest.raises(ImageHeaderError):
        image_info(b"II*\x00 a TIFF")


def test_svg_icon_is_parsed():
    verify_image(SVG_ICON.encode(), image_info(SVG_ICON.encode()))


@pytest.mark.parametrize(
    "svg",
    [
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd"><svg/>',
    ],
    ids=["external-entity", "doctype"],
)
def test_svg_with_a_doctype_or_entity_is_refused_as_unsafe(svg):
    with pytest.raises(ImageDataError) as caught:
        verify_image(svg.encode(), image_info(svg.encode()))
    assert caught.value.unsafe


def test_svg_billion_laughs_is_refused_before_anything_expands():
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    svg = f'<?xml version="1.0"?><!DOCTYPE svg [{entities}]><svg>&i;</svg>'.encode()
    start = time.perf_counter()
    with pytest.raises(ImageDataError):
        verify_image(svg, image_info(svg))
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    ("svg", "words"),
    [
        ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>', "最外层不是 <svg>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "SVG 的写法有错"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect', "读到一半就结束了"),
    ],
    ids=["root-not-svg", "malformed", "cut-short"],
)
def test_svg_that_is_no_whole_svg_document_is_refused(svg, words):
    with pytest.raises(ImageDataError) as caught:
        verify_image(svg.encode(), image_info(svg.encode()))
    assert words in caught.value.reason
    assert not caught.value.unsafe


def test_svg_over_its_size_cap_is_refused_unparsed():
    svg = SVG_ICON.encode() + b" " * MAX_SVG_BYTES
    with pytest.raises(ImageDataError):
        verify_image(svg, image_info(svg))


def test_reading_headers_does_not_import_pillow():
    code = "import sys\nfrom kiosk.core import images\nimages.image_info(b'GIF89a\\x01\\x00\\x01\\x00')\nprint('PIL' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
