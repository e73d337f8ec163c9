"""Pictures: each image and icon found, of a kind the screen shows, small enough, and whole.

A picture is decoded in full when the bundle is loaded, so a damaged one is
refused there and never found out on screen.  Each is checked once however
many cards show it, and all of them within one decoding budget.
"""

from __future__ import annotations

from kiosk.core import limits
from kiosk.core.files import BundleFileError, BundleFiles
from kiosk.core.images import (
    LARGE_SIDE,
    MAX_PIXELS,
    ImageDataError,
    ImageHeaderError,
    ImageInfo,
    image_info,
    verify_image,
)
from kiosk.core.problems import Problem, ProblemList

MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_FORMATS = "PNG、JPEG、GIF、BMP 或 WebP"
ICON_FORMATS = "PNG、JPEG、GIF、BMP、WebP 或 SVG"


class PictureChecks:
    """Each picture checked once, however many cards show it, within a decoding budget."""

    def __init__(self, files: BundleFiles) -> None:
        self.files = files
        self.pixels_left = limits.MAX_DECODED_PIXELS
        self._done: dict[tuple[str, str], list[Problem]] = {}

    def check(self, name: str, problems: ProblemList, *, card: str, field: str, line: int) -> None:
        key = (name, field)
        if key not in self._done:
            found = ProblemList(file=problems.file)
            _check_picture(self.files, name, found, card=card, field=field, line=line, budget=self)
            self._done[key] = found.items
        for problem in self._done[key]:
            problems.add(
                problem.severity,
                problem.code,
                problem.message,
                hint=problem.hint,
                en=problem.message_en,
                file=problem.file,
                line=line,
                card=card,
                field=field,
            )

    def spend(self, name: str, info: ImageInfo, problems: ProblemList, *, card: str, field: str, line: int) -> bool:
        """Whether ``info``'s pixels may still be decoded; an error once the budget is spent."""
        self.pixels_left -= info.pixels
        if self.pixels_left >= 0:
            return True
        problems.error(
            "images-too-many",
            f"数据包里的图片加起来太大，超过 {limits.MAX_DECODED_PIXELS // 1_000_000} 百万像素，无法在限定时间内逐张核对（到“{name}”为止）。",
            hint="请把图片缩小到屏幕大小（例如 1920×1080），或减少图片。",
            en=f"the bundle's pictures add up to more than {limits.MAX_DECODED_PIXELS} pixels: shrink them to screen size",
            line=line,
            card=card,
            field=field,
        )
        return False


def _check_picture(
    files: BundleFiles,
    name: str,
    problems: ProblemList,
    *,
    card: str,
    field: str,
    line: int,
    budget: PictureChecks | None = None,
) -> None:
    try:
        data = files.read(name, MAX_IMAGE_BYTES)
    except BundleFileError as exc:
        hint = "请检查文件名（大小写也要一致）。" if exc.missing else ""
        problems.error("missing-file", exc.message, hint=hint, en=exc.message_en, line=line, card=card, field=field)
        return
    formats = ICON_FORMATS if field == "icon" else IMAGE_FORMATS
    try:
        info = image_info(data)
    except ImageHeaderError:
        problems.error(
            "bad-image",
            f"“{name}”不是能显示的图片。",
            hint=f"请使用 {formats} 格式。",
            en=f"{name} is not a supported image",
            line=line,
            card=card,
            field=field,
        )
        return
    if info.format == "svg" and field != "icon":
        problems.error(
            "bad-image",
            f"“{name}”是 SVG，只有图标（icon）可以用 SVG。",
            hint=f"图片请使用 {formats} 格式。",
            en=f"{name} is SVG, which only icons may use",
            line=line,
            card=card,
            field=field,
        )
        return
    shrink = f"缩小到 3840×2160 左右（现在 {info.width}×{info.height}）"
    if info.pixels > MAX_PIXELS:
        problems.error(
            "image-too-large",
            f"图片“{name}”太大（{info.width}×{info.height} 像素），无法安全显示。",
            hint=f"请{shrink}。",
            en=f"image {name} is {info.width}x{info.height}, too large to decode: shrink it to about 3840x2160",
            line=line,
            card=card,
            field=field,
        )
        return
    if budget is not None and not budget.spend(name, info, problems, card=card, field=field, line=line):
        return
    if not image_decodes(data, info, problems, name=name, card=card, field=field, line=line):
        return
    if max(info.width, info.height) > LARGE_SIDE:
        problems.warning(
            "image-large",
            f"图片“{name}”比屏幕大得多（{info.width}×{info.height} 像素）。",
            hint=f"请{shrink}，加载更快、更省内存。",
            en=f"image {name} is {info.width}x{info.height}, much larger than a screen: shrink it to about 3840x2160",
            line=line,
            card=card,
            field=field,
        )


def image_decodes(
    data: bytes, info: ImageInfo, problems: ProblemList, *, name: str, card: str, field: str, line: int
) -> bool:
    """Whether the whole picture decodes (within the size its header gave); an error if not."""
    try:
        verify_image(data, info)
    except ImageDataError as exc:
        what = "图标" if field == "icon" else "图片"
        if exc.unsafe:
            message, hint = f"{what}“{name}”{exc.reason}，不能使用。", "请在绘图软件里重新导出为普通 SVG，或改用 PNG。"
        else:
            message, hint = f"{what}“{name}”已损坏或不完整（{exc.reason}）。", "请重新导出或重新复制这个文件。"
        problems.error(
            "bad-image",
            message,
            hint=hint,
            en=f"{name} cannot be shown: {exc.reason_en}",
            line=line,
            card=card,
            field=field,
        )
        return False
    return True
