"""Bundle images: their size from the header first, then the whole file decoded.

A 1 KB PNG can claim to be 100,000 x 100,000 pixels; decoding it would take
gigabytes.  The kiosk reads the header first and refuses such files.  Only a
picture within that cap is then decoded in full (Pillow, for PNG, JPEG, GIF,
BMP and WebP) or parsed (SVG), so a truncated or damaged file is refused when
the bundle is loaded, not found out on screen.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from types import ModuleType
from typing import NoReturn

from kiosk.core.records import Record

MAX_PIXELS = 40_000_000  # refuse: decoding would cost too much memory
LARGE_SIDE = 7680  # warn: far larger than any screen it will be shown on
MAX_SVG_BYTES = 4 * 1024 * 1024  # an icon; a drawing this large is no icon
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def _cut_short(expat: ModuleType) -> set[int]:
    """Expat's error codes for a document that stops in the middle."""
    names = (
        expat.errors.XML_ERROR_NO_ELEMENTS,
        expat.errors.XML_ERROR_UNCLOSED_TOKEN,
        expat.errors.XML_ERROR_PARTIAL_CHAR,
    )
    return {expat.errors.codes[name] for name in names}


# Our names for the formats the header sniff finds, as Pillow names them.
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "bmp": "BMP", "webp": "WEBP"}
# Pillow reads a JPEG with several pictures (a phone's MPO) as "MPO"; Qt shows its first, a JPEG.
PILLOW_ALIASES = {"MPO": "JPEG"}


@dataclass(frozen=True, eq=False, repr=False)
class ImageInfo(Record):
    """What a picture's header says: its format and size in pixels."""

    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


class ImageHeaderError(ValueError):
    pass


class ImageDataError(ValueError):
    """The file starts like an image but cannot be shown.

    ``reason`` says why in Chinese, for the sentence “图片“…”已损坏或不完整（reason）”;
    ``unsafe`` marks an SVG refused for what it is (a DOCTYPE, too large) rather than for damage.
    """

    def __init__(self, reason: str, reason_en: str, *, unsafe: bool = False) -> None:
        super().__init__(reason_en)
        self.reason = reason
        self.reason_en = reason_en
        self.unsafe = unsafe


TRUNCATED = ("读到一半就结束了", "the file ends before the picture does")
DAMAGED = ("图像数据有错，解不出来", "the picture data cannot be decoded")
BAD_CHECKSUM = ("数据校验不对，文件在复制或保存时出了错", "a checksum does not match")


def image_info(data: bytes) -> ImageInfo:
    """Format and size of a PNG, JPEG, GIF, BMP, WebP or SVG image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return ImageInfo("png", width, height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return ImageInfo("gif", width, height)
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return ImageInfo("bmp", abs(width), abs(height))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096].lower()):
        return ImageInfo("svg", 0, 0)
    raise ImageHeaderError("unknown image format")


def _jpeg(data: bytes) -> ImageInfo:
    pos = 2
    size = len(data)
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if pos + 9 > size:
                break
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return ImageInfo("jpeg", width, height)
        if length < 2:
            break
        pos += 2 + length
    raise ImageHeaderError("JPEG without a size")


def _webp(data: bytes) -> ImageInfo:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return ImageInfo("webp", width, height)
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return ImageInfo("webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return ImageInfo("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    raise ImageHeaderError("WebP without a size")


def verify_image(data: bytes, info: ImageInfo) -> None:
    """Decode ``data`` in full, or :class:`ImageDataError`.

    ``info`` is what :func:`image_info` read from the header, and the caller
    has refused it already when it is over :data:`MAX_PIXELS`: decoding must
    find the same format and size.
    """
    if info.format == "svg":
        _verify_svg(data)
    else:
        _verify_raster(data, info)


def _verify_raster(data: bytes, info: ImageInfo) -> None:
    image_module = _pillow()
    allowed = [name for name in PILLOW_FORMATS.values() if name in image_module.OPEN]
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that; here either is a refusal.
            warnings.simplefilter("error", image_module.DecompressionBombWarning)
            # verify() checks what load() skips (the CRC of every PNG chunk) and leaves
            # the image unusable, so the file is opened a second time to decode it.
            with image_module.open(io.BytesIO(data), formats=allowed) as image:
                found = PILLOW_ALIASES.get(image.format or "", image.format)
                image.verify()
            with image_module.open(io.BytesIO(data), formats=allowed) as image:
                image.load()
                size = image.size
    except Exception as exc:  # hostile data fails inside Pillow's decoders in many ways
        raise _decode_error(exc) from None
    expected = PILLOW_FORMATS[info.format]
    if found != expected:
        raise ImageDataError(
            f"文件开头像 {expected}，解出来却是 {found}",
            f"the header says {expected}, the decoder found {found}",
        )
    if size != (info.width, info.height):
        raise ImageDataError(
            f"文件头写的尺寸是 {info.width}×{info.height}，解出来却是 {size[0]}×{size[1]}",
            f"the header says {info.width}x{info.height}, the decoder found {size[0]}x{size[1]}",
        )


def _pillow() -> ModuleType:
    """Pillow's Image module with only our formats, imported when a bundle first has an image."""
    from PIL import BmpImagePlugin, GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

    del BmpImagePlugin, GifImagePlugin, JpegImagePlugin, PngImagePlugin, WebPImagePlugin  # imported to register
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


def _decode_error(exc: Exception) -> ImageDataError:
    text = str(exc).lower()
    if isinstance(exc, EOFError) or any(
        word in text for word in ("truncated", "end of file", "premature", "not enough")
    ):
        return ImageDataError(*TRUNCATED)
    if "checksum" in text or "crc" in text:
        return ImageDataError(*BAD_CHECKSUM)
    if "decompression bomb" in text:
        return ImageDataError("解出来比文件头写的大得多", "the decoded picture is far larger than its header says")
    return ImageDataError(*DAMAGED)


def _verify_svg(data: bytes) -> None:
    """A well-formed SVG document with neither a DTD nor entities.

    Expat would expand entities declared in a DTD (the "billion laughs") and
    a DOCTYPE is where external ones come from, so both are refused outright.
    """
    if len(data) > MAX_SVG_BYTES:
        raise ImageDataError(
            f"是超过 {MAX_SVG_BYTES // 1024 // 1024} MB 的 SVG，不像是图标",
            f"SVG larger than {MAX_SVG_BYTES} bytes",
            unsafe=True,
        )
    root: list[str] = []

    def refuse_doctype(*_args: object) -> NoReturn:
        raise ImageDataError(
            "里面有 DOCTYPE 或 ENTITY 声明，可能引用数据包以外的内容",
            "the SVG has a DOCTYPE or an entity declaration",
            unsafe=True,
        )

    def start(name: str, _attributes: object) -> None:
        if not root:
            root.append(name)

    from xml.parsers import expat  # only an SVG icon needs it

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = refuse_doctype
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        if exc.code in _cut_short(expat):
            raise ImageDataError(*TRUNCATED) from None
        raise ImageDataError(f"SVG 的写法有错（第 {exc.lineno} 行）", f"malformed SVG: {exc}") from None
    namespace, _, local = root[0].rpartition(" ") if root else ("", "", "")
    if local != "svg" or namespace not in ("", SVG_NAMESPACE):
        raise ImageDataError("最外层不是 <svg> 元素", f"the root element is {local or 'missing'}, not svg")
