"""Loading and validating a data bundle.

``inspect_bundle`` reads everything it can and collects every problem, so an
editor sees all of them in one run.  ``load_bundle`` is what the kiosk uses:
it returns a :class:`Bundle` or raises :class:`BundleError`.
"""

from __future__ import annotations

import csv
import gc
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.core import limits, model, provenance
from kiosk.core.colours import contrast_ratio
from kiosk.core.figures import (
    Figure,
    FigureTextError,
    parse_figure,
    plot_value,
)
from kiosk.core.files import MANIFEST_NAME, BundleFileError, BundleFiles, open_files, safe_relpath
from kiosk.core.images import (
    LARGE_SIDE,
    MAX_PIXELS,
    ImageDataError,
    ImageHeaderError,
    ImageInfo,
    image_info,
    verify_image,
)
from kiosk.core.manifest import read_manifest
from kiosk.core.problems import BundleError, Problem, ProblemList
from kiosk.core.provenance import normalise_source_text
from kiosk.core.yamlsafe import MappingNode, Node, ScalarNode, SequenceNode, YamlSyntaxError, compose, line_of

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_TEXT_BYTES = 4 * 1024 * 1024
MAX_FONT_BYTES = 32 * 1024 * 1024
# The first four bytes of a TrueType, OpenType (CFF), old Mac TrueType and collection file.
FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
IMAGE_FORMATS = "PNG、JPEG、GIF、BMP 或 WebP"
ICON_FORMATS = "PNG、JPEG、GIF、BMP、WebP 或 SVG"
MIN_CONTRAST = 4.5
# Characters of explanation, detail text and quote a detail page holds at a
# readable size on a 1366x768 screen (see _check_detail_length).
DETAIL_CHARS_BESIDE_CHART = 360
DETAIL_CHARS_ALONE = 1200
NOT_UNUSED = re.compile(r"(^|/)(readme|license|licence|copying|ofl)[^/]*$", re.IGNORECASE)


@dataclass
class Bundle:
    """A valid bundle, ready to show."""

    manifest: model.Manifest
    files: BundleFiles
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self.problems

    def close(self) -> None:
        self.files.close()


@dataclass
class Inspection:
    """Everything learnt about a bundle, valid or not."""

    path: Path
    manifest: model.Manifest | None
    problems: ProblemList
    files: BundleFiles | None = None

    @property
    def ok(self) -> bool:
        return self.manifest is not None and not self.problems.has_errors()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading a manifest makes a great many small objects and no cycles worth
    collecting on the way: Python's cyclic collector, running over and over
    on them, took a third of the time to load a 2,000-card bundle and most of
    its variance.  It runs again, as usual, as soon as the bundle is read."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def inspect_bundle(path: Path | str, *, check_fonts: bool = False) -> Inspection:
    """Every problem of the bundle at ``path``.

    The errors are those :func:`load_bundle` refuses a bundle for, whatever
    ``check_fonts`` says: it adds only the warning about characters that no
    font covers (``validate`` asks for it).
    """
    with _collector_paused():
        return _inspect(Path(path), check_fonts=check_fonts)


def _inspect(path: Path, *, check_fonts: bool) -> Inspection:
    problems = ProblemList()
    try:
        files = open_files(path)
    except BundleFileError as exc:
        problems.error("open", exc.message, en=exc.message_en, file=exc.file or str(path))
        return Inspection(path, None, problems)
    try:
        data = files.read(MANIFEST_NAME)
    except BundleFileError as exc:
        if exc.missing:
            problems.error(
                "no-manifest",
                f"数据包里没有 {MANIFEST_NAME}。",
                hint=f"数据包的最上层必须有一个名为 {MANIFEST_NAME} 的清单文件。",
                en=f"{MANIFEST_NAME} not found in the bundle",
            )
        else:
            problems.error("read", exc.message, en=exc.message_en)
        return Inspection(path, None, problems, files)
    try:
        node = compose(data)
    except YamlSyntaxError as exc:
        problems.error("yaml", exc.message, en=exc.message_en, line=exc.line)
        return Inspection(path, None, problems, files)
    manifest = read_manifest(node, problems)
    if manifest is not None:
        manifest = _with_csv_charts(manifest, files, problems)
        _check(manifest, files, problems, _written_ids(node), check_fonts=check_fonts, fonts_line=_key_line(node, "fonts"))
    return Inspection(path, manifest, problems, files)


def load_bundle(path: Path | str, *, check_fonts: bool = False) -> Bundle:
    """The bundle at ``path``, or :class:`BundleError` with every problem."""
    inspection = inspect_bundle(path, check_fonts=check_fonts)
    if not inspection.ok or inspection.manifest is None or inspection.files is None:
        if inspection.files is not None:
            inspection.files.close()
        raise BundleError(inspection.problems.sorted())
    for warning in inspection.problems.warnings:
        log.warning("%s", warning.describe())
    return Bundle(inspection.manifest, inspection.files, inspection.problems.warnings)


# ---------------------------------------------------------------- cross-checks


def _written_ids(node: Node | None) -> dict[str, set[str]]:
    """The ids written under cards, sections and sources, readable or not.

    An item the schema refused is left out of the manifest and reported once;
    a reference to it is no second mistake, so the cross-checks let it be.
    """
    written: dict[str, set[str]] = {"cards": set(), "sections": set(), "sources": set()}
    if not isinstance(node, MappingNode):
        return written
    for key, items in node.value:
        if not (isinstance(key, ScalarNode) and key.value in written and isinstance(items, SequenceNode)):
            continue
        for item in items.value:
            for field_node, value in item.value if isinstance(item, MappingNode) else ():
                if isinstance(field_node, ScalarNode) and field_node.value == "id" and isinstance(value, ScalarNode):
                    written[key.value].add(str(value.value).strip())
    return written


def _key_line(node: Node | None, key: str) -> int | None:
    """The line of a top-level ``key:`` of the manifest, if it is written."""
    if isinstance(node, MappingNode):
        for key_node, _value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return line_of(key_node)
    return None


def _check(
    manifest: model.Manifest,
    files: BundleFiles,
    problems: ProblemList,
    written: dict[str, set[str]],
    *,
    check_fonts: bool,
    fonts_line: int | None = None,
) -> None:
    _check_ids(manifest, problems, written)
    sources = provenance.SourceTexts(_check_sources(manifest, files, problems))
    referenced = {MANIFEST_NAME} | {s.file for s in manifest.sources if s.file}
    pictures = _PictureChecks(files)
    for card in manifest.cards:
        provenance.check_card_source(card, manifest, sources, problems, written["sources"])
        provenance.check_repeated_sentences(card, problems)
        for attr in ("image", "icon"):
            name = getattr(card, attr)
            if name:
                referenced.add(name)
                pictures.check(name, problems, card=card.id, field=attr, line=card.line)
        if card.detail and card.detail.chart:
            if card.detail.chart.csv:
                referenced.add(card.detail.chart.csv)
            _check_chart(card, card.detail.chart, problems)
        _check_detail_length(card, problems)
    _check_theme(manifest.display.theme, problems)
    referenced.update(manifest.fonts)
    fonts = _check_font_files(manifest, files, problems, fonts_line)
    if check_fonts:
        _check_font_coverage(manifest, fonts, problems)
    used = set()
    for name in referenced:  # as written (./images/a.png), as listed (images/a.png)
        try:
            used.add(safe_relpath(name))
        except BundleFileError:
            continue  # reported where it is used
    for name in files.names():
        if name not in used and not NOT_UNUSED.search(name):
            problems.warning(
                "unused-file",
                f"文件“{name}”没有被任何卡片用到。",
                hint="如果不需要，可以把它删掉，让数据包更小。",
                en=f"{name} is not used by any card",
                file=name,
            )


def _check_ids(manifest: model.Manifest, problems: ProblemList, written: dict[str, set[str]]) -> None:
    seen_sections: dict[str, int] = {}
    for section in manifest.sections:
        if section.id in seen_sections:
            problems.error("duplicate-id", f"栏目编号“{section.id}”重复（第 {seen_sections[section.id]} 行已用过）。", hint="每个栏目的 id 必须不同。", en=f"duplicate section id {section.id}", line=section.line, field="sections.id")
        seen_sections.setdefault(section.id, section.line)
    seen_cards: dict[str, int] = {}
    used_sections: set[str] = set()
    for card in manifest.cards:
        if card.id in seen_cards:
            problems.error("duplicate-id", f"卡片编号“{card.id}”重复（第 {seen_cards[card.id]} 行已用过）。", hint="每张卡片的 id 必须不同，请改掉其中一个。", en=f"duplicate card id {card.id}", line=card.line, card=card.id, field="id")
        seen_cards.setdefault(card.id, card.line)
        if card.section not in seen_sections and card.section not in written["sections"]:
            known = "、".join(seen_sections) or "（没有栏目）"
            problems.error("unknown-section", f"栏目“{card.section}”不存在。", hint=f"请写 sections 里已有的栏目编号：{known}。", en=f"unknown section {card.section}", line=card.line, card=card.id, field="section")
        used_sections.add(card.section)
    for card in manifest.cards:
        for related in card.related:
            if related == card.id:
                problems.warning("related-self", "相关卡片指向了自己。", en="card lists itself as related", line=card.line, card=card.id, field="related")
            elif related not in seen_cards and related not in written["cards"]:
                problems.error("unknown-card", f"相关卡片“{related}”不存在。", hint="请写已有卡片的 id。", en=f"unknown related card {related}", line=card.line, card=card.id, field="related")
    for section in manifest.sections:
        if section.id not in used_sections:
            problems.warning("empty-section", f"栏目“{section.title}”里没有卡片，不会显示。", en=f"section {section.id} has no cards", line=section.line, field="sections")


def _check_sources(manifest: model.Manifest, files: BundleFiles, problems: ProblemList) -> dict[str, str]:
    """Each source's normalised text, where the bundle carries it."""
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for source in manifest.sources:
        if source.id in seen:
            problems.error("duplicate-id", f"来源编号“{source.id}”重复。", en=f"duplicate source id {source.id}", line=source.line, field="sources.id")
        seen.add(source.id)
        if not source.file:
            continue
        try:
            raw = files.read(source.file, MAX_TEXT_BYTES)
            texts[source.id] = normalise_source_text(raw.decode("utf-8-sig"))
        except BundleFileError as exc:
            problems.error("missing-file", exc.message, en=exc.message_en, line=source.line, field="sources.file")
        except UnicodeDecodeError:
            problems.error("encoding", f"原文文件“{source.file}”不是 UTF-8 编码。", hint="请用 UTF-8 另存。", en=f"{source.file} is not UTF-8", line=source.line, field="sources.file")
    return texts


class _PictureChecks:
    """Each picture checked once, however many cards show it, within a decoding budget."""

    def __init__(self, files: BundleFiles) -> None:
        self.files = files
        self.pixels_left = limits.MAX_DECODED_PIXELS
        self._done: dict[tuple[str, str], list[Problem]] = {}

    def check(self, name: str, problems: ProblemList, *, card: str, field: str, line: int) -> None:
        key = (name, field)
        if key not in self._done:
            found = ProblemList(file=problems.file)
            _check_image(self.files, name, found, card=card, field=field, line=line, budget=self)
            self._done[key] = found.items
        for problem in self._done[key]:
            problems.add(problem.severity, problem.code, problem.message, hint=problem.hint, en=problem.message_en, file=problem.file, line=line, card=card, field=field)

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


def _check_image(files: BundleFiles, name: str, problems: ProblemList, *, card: str, field: str, line: int, budget: _PictureChecks | None = None) -> None:
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
        problems.error("bad-image", f"“{name}”不是能显示的图片。", hint=f"请使用 {formats} 格式。", en=f"{name} is not a supported image", line=line, card=card, field=field)
        return
    if info.format == "svg" and field != "icon":
        problems.error("bad-image", f"“{name}”是 SVG，只有图标（icon）可以用 SVG。", hint=f"图片请使用 {formats} 格式。", en=f"{name} is SVG, which only icons may use", line=line, card=card, field=field)
        return
    shrink = f"缩小到 3840×2160 左右（现在 {info.width}×{info.height}）"
    if info.pixels > MAX_PIXELS:
        problems.error("image-too-large", f"图片“{name}”太大（{info.width}×{info.height} 像素），无法安全显示。", hint=f"请{shrink}。", en=f"image {name} is {info.width}x{info.height}, too large to decode: shrink it to about 3840x2160", line=line, card=card, field=field)
        return
    if budget is not None and not budget.spend(name, info, problems, card=card, field=field, line=line):
        return
    if not _image_decodes(data, info, problems, name=name, card=card, field=field, line=line):
        return
    if max(info.width, info.height) > LARGE_SIDE:
        problems.warning("image-large", f"图片“{name}”比屏幕大得多（{info.width}×{info.height} 像素）。", hint=f"请{shrink}，加载更快、更省内存。", en=f"image {name} is {info.width}x{info.height}, much larger than a screen: shrink it to about 3840x2160", line=line, card=card, field=field)



def _image_decodes(data: bytes, info: ImageInfo, problems: ProblemList, *, name: str, card: str, field: str, line: int) -> bool:
    """Whether the whole picture decodes (within the size its header gave); an error if not."""
    try:
        verify_image(data, info)
    except ImageDataError as exc:
        what = "图标" if field == "icon" else "图片"
        if exc.unsafe:
            message, hint = f"{what}“{name}”{exc.reason}，不能使用。", "请在绘图软件里重新导出为普通 SVG，或改用 PNG。"
        else:
            message, hint = f"{what}“{name}”已损坏或不完整（{exc.reason}）。", "请重新导出或重新复制这个文件。"
        problems.error("bad-image", message, hint=hint, en=f"{name} cannot be shown: {exc.reason_en}", line=line, card=card, field=field)
        return False
    return True

def _check_detail_length(card: model.Card, problems: ProblemList) -> None:
    """Detail text longer than a small screen holds is set smaller and smaller
    by the detail page; past these lengths it gets too small to read from a
    step away (measured at 1366×768, where the text is set at two thirds)."""
    if card.detail is None:
        return
    has_chart = card.detail.chart is not None
    limit = DETAIL_CHARS_BESIDE_CHART if has_chart else DETAIL_CHARS_ALONE
    length = len(card.explanation) + len(card.detail.text) + (len(card.source.quote) if card.source else 0)
    if length > limit:
        beside = "旁边有图表，" if has_chart else ""
        problems.warning(
            "detail-too-long",
            f"详情页的文字（说明、详情文字和原句）共 {length} 字，{beside}在 1366×768 的小屏幕上要缩得很小才放得下。",
            hint=f"请精简到 {limit} 字以内，或把一部分内容写成另一张卡片。",
            en=f"detail page text is {length} characters; above {limit} it is set too small to read on a 1366x768 screen",
            line=card.detail.line or card.line,
            card=card.id,
            field="detail.text",
        )


def _chart_limit_hint(chart_type: str) -> str:
    """What to do with a chart that has more categories than its type shows."""
    if chart_type == model.ChartType.TABLE:
        return "请只留最要紧的行，或把表格拆成几张卡片。"
    if chart_type in (model.ChartType.PIE, model.ChartType.DONUT):
        return "请把较小的几块合并成“其他”，或改用柱状图 type: bar、表格 type: table。"
    if chart_type == model.ChartType.COMPARISON:
        return "对比图只放几个数字：请只留最要紧的，或改用柱状图 type: bar。"
    return f"请把图表拆成两张卡片，或改用表格 type: table（最多 {limits.MAX_TABLE_ROWS} 行）。"


def _check_chart_size(card: model.Card, chart: model.Chart, problems: ProblemList) -> bool:
    """Whether the chart is small enough to read on a screen and draw in time (see limits.py)."""
    name = limits.CHART_NAMES_ZH[chart.type]
    origin = f"（来自 {chart.csv}）" if chart.csv else ""

    def error(field_name: str, message: str, en: str, hint: str) -> None:
        where = "detail.chart.csv" if chart.csv else f"detail.chart.{field_name}"
        problems.error("chart-limit", message + origin, hint=hint, en=en, line=chart.line, card=card.id, field=where)

    rows = len(chart.categories) or max(len(s.values) for s in chart.series)
    allowed = limits.CATEGORY_LIMITS[chart.type]
    fits = True
    if rows > allowed:
        error("categories", f"{name}最多 {allowed} 个类别，这张有 {rows} 个。", f"a {chart.type.value} chart takes at most {allowed} categories, this one has {rows}", _chart_limit_hint(chart.type))
        fits = False
    if len(chart.series) > limits.MAX_SERIES:
        error("series", f"图表最多 {limits.MAX_SERIES} 个系列，这张有 {len(chart.series)} 个。", f"a chart takes at most {limits.MAX_SERIES} series, this one has {len(chart.series)}", "系列多了颜色分不清：请把图表拆成两张卡片，每张少几个系列。")
        fits = False
    cells = limits.MAX_TABLE_CELLS if chart.type == model.ChartType.TABLE else limits.MAX_CHART_VALUES
    values = sum(len(s.values) for s in chart.series)
    if fits and values > cells:
        error("series", f"{name}最多画 {cells} 个数字（类别数 × 系列数），这张有 {values} 个。", f"a {chart.type.value} chart draws at most {cells} values (categories x series), this one has {values}", "请减少类别或系列，把图表拆成两张卡片，或改用表格 type: table。")
        fits = False
    long_label = next((c for c in chart.categories if len(c) > limits.MAX_CATEGORY_LABEL), None)
    if long_label is not None:
        shown = long_label[: limits.MAX_CATEGORY_LABEL] + "…"
        error("categories", f"类别名称“{shown}”有 {len(long_label)} 个字，图表上最多 {limits.MAX_CATEGORY_LABEL} 个字。", f"category name has {len(long_label)} characters, at most {limits.MAX_CATEGORY_LABEL} fit under a chart", "请写简短的名称，详细的说明写进 note 或 detail.text。")
        fits = False
    long_name = next((s.name for s in chart.series if len(s.name) > limits.MAX_SERIES_NAME), None)
    if long_name is not None:
        shown = long_name[: limits.MAX_SERIES_NAME] + "…"
        error("series", f"系列名称“{shown}”有 {len(long_name)} 个字，图例里最多 {limits.MAX_SERIES_NAME} 个字。", f"series name has {len(long_name)} characters, at most {limits.MAX_SERIES_NAME} fit in a legend", "请写简短的系列名称。")
        fits = False
    return fits


def _check_chart(card: model.Card, chart: model.Chart, problems: ProblemList) -> None:
    def error(message: str, en: str, hint: str = "") -> None:
        problems.error("chart", message, hint=hint, en=en, line=chart.line, card=card.id, field="detail.chart")

    if not chart.series:
        if not chart.csv:  # a CSV that could not be read was reported by its reader
            error("图表没有数据。", "chart has no series", "请写 series:，或用 csv: 指定数据文件。")
        return
    if not _check_chart_size(card, chart, problems):
        return  # too large to be worth checking value by value
    count = len(chart.categories)
    if chart.type is not model.ChartType.COMPARISON or count:
        for series in chart.series:
            if len(series.values) != count:
                error(
                    f"系列“{series.name}”有 {len(series.values)} 个数字，但类别有 {count} 个。",
                    f"series {series.name!r} has {len(series.values)} values for {count} categories",
                    "每个类别对应一个数字，请补齐或删减。",
                )
    if chart.type in (model.ChartType.PIE, model.ChartType.DONUT):
        if len(chart.series) != 1:
            error("饼图只能有一个系列。", "pie charts take one series")
        units = {(f.magnitude, f.unit) for s in chart.series for f in s.values}
        if len(units) > 1:
            problems.warning("chart-units", "饼图各部分的单位不同，占比没有意义。", en="pie slices have different units", line=chart.line, card=card.id, field="detail.chart")
    for series in chart.series:
        for figure in series.values:
            if not figure.is_arabic:
                error(f"图表里的“{figure.text()}”不是阿拉伯数字，画不出来。", f"{figure.text()} cannot be plotted")
                continue
            try:
                plot_value(figure)
            except FigureTextError as exc:
                where = "detail.chart.csv" if chart.csv else "detail.chart.series"
                problems.error("chart-value", exc.message, hint=exc.hint, en=exc.message_en, line=chart.line, card=card.id, field=where)


def _check_theme(theme: model.Theme, problems: ProblemList) -> None:
    for name in ("text", "muted", "gold"):
        for ground in ("background", "background_deep", "surface"):
            ratio = contrast_ratio(getattr(theme, name), getattr(theme, ground))
            if ratio < MIN_CONTRAST:
                problems.warning(
                    "contrast",
                    f"配色 {name} 与 {ground} 的对比度只有 {ratio:.1f}:1，远处看不清。",
                    hint=f"请把两者的明暗拉开，对比度至少 {MIN_CONTRAST}:1。",
                    en=f"theme {name} on {ground} has contrast {ratio:.1f}:1 (< {MIN_CONTRAST})",
                    line=theme.line or None,
                    field=f"display.theme.{name}",
                )


# ---------------------------------------------------------------- CSV charts


def _with_csv_charts(manifest: model.Manifest, files: BundleFiles, problems: ProblemList) -> model.Manifest:
    """The manifest with each CSV chart's data read in.

    A CSV file is read once however many cards name it, and all of them
    together at most ``MAX_CSV_TOTAL_BYTES``: ten thousand cards pointing
    at 4 MB files must not cost ten thousand reads.
    """
    cards = []
    changed = False
    read: dict[tuple[str, str, str], tuple[tuple[str, ...], tuple[model.Series, ...]] | None] = {}
    budget = limits.MAX_CSV_TOTAL_BYTES
    for card in manifest.cards:
        chart = card.detail.chart if card.detail else None
        loaded = None
        if chart is not None and chart.csv and card.detail is not None:
            key = (chart.csv, chart.unit, chart.type.value)
            if key not in read and budget > 0:
                budget -= _csv_size(files, chart.csv)
                if budget < 0:
                    _csv_budget_spent(chart, problems, card.id)
                else:
                    read[key] = _csv_data(_read_csv_chart(chart, files, problems, card.id))
            data = read.get(key)
            if data is not None:
                loaded = replace(chart, categories=data[0], series=data[1])
        if loaded is not None and card.detail is not None:
            cards.append(replace(card, detail=replace(card.detail, chart=loaded)))
            changed = True
        else:
            cards.append(card)
    return replace(manifest, cards=tuple(cards)) if changed else manifest


def _csv_data(chart: model.Chart | None) -> tuple[tuple[str, ...], tuple[model.Series, ...]] | None:
    return None if chart is None else (chart.categories, chart.series)


def _csv_size(files: BundleFiles, name: str) -> int:
    try:
        return files.size(name)
    except (BundleFileError, OSError):
        return 0  # reported when it is read


def _csv_budget_spent(chart: model.Chart, problems: ProblemList, card: str) -> None:
    total = limits.MAX_CSV_TOTAL_BYTES // 1024 // 1024
    problems.error(
        "csv-limit",
        f"数据包里的 CSV 文件加起来超过 {total} MB，“{chart.csv}”和后面的 CSV 不再读取。",
        hint="一张图表只需要几十行数据：请删掉用不到的行和文件。",
        en=f"the bundle's CSV files together exceed {total} MB; {chart.csv} and the rest were not read",
        file=chart.csv,
        line=chart.line,
        card=card,
        field="detail.chart.csv",
    )


class _CsvLines:
    """The lines of a CSV text, ending early at a line too long or too many lines.

    A 4 MB file of a million rows, or one line of a million commas, would
    otherwise be read in full before any limit could be checked.
    """

    def __init__(self, text: str) -> None:
        self._text = io.StringIO(text)
        self.overflow = ""  # why reading stopped early: "lines" or "width"
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._text:
            self.number += 1
            if self.number > limits.MAX_CSV_LINES:
                self.overflow = "lines"
                return
            if len(line) > limits.MAX_CSV_LINE_CHARS:
                self.overflow = "width"
                return
            yield line


def _read_csv_chart(chart: model.Chart, files: BundleFiles, problems: ProblemList, card: str) -> model.Chart | None:
    try:
        text = files.read(chart.csv, MAX_TEXT_BYTES).decode("utf-8-sig")
    except BundleFileError as exc:
        problems.error("missing-file", exc.message, en=exc.message_en, line=chart.line, card=card, field="detail.chart.csv")
        return None
    except UnicodeDecodeError:
        problems.error("encoding", f"“{chart.csv}”不是 UTF-8 编码。", hint="在 Excel 里另存为“CSV UTF-8”。", en="CSV is not UTF-8", line=chart.line, card=card, field="detail.chart.csv")
        return None

    def too_large(message: str, en: str, hint: str, line: int, code: str = "csv-limit") -> None:
        problems.error(code, f"“{chart.csv}”{message}", hint=hint, en=f"{chart.csv}: {en}", file=chart.csv, line=line, card=card, field="detail.chart.csv")

    lines = _CsvLines(text)
    reader = csv.reader(lines)
    rows: list[tuple[int, list[str]]] = []  # with the line each row starts on
    max_rows = limits.CATEGORY_LIMITS[chart.type]
    try:
        line = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
                if len(rows) == 1 and len(row) > limits.MAX_CSV_COLUMNS:
                    too_large(
                        f"有 {len(row)} 列，图表最多 {limits.MAX_CSV_COLUMNS} 列（第一列是类别，其余每列一个系列，最多 {limits.MAX_SERIES} 个系列）。",
                        f"{len(row)} columns, a chart takes at most {limits.MAX_CSV_COLUMNS}",
                        "系列多了颜色分不清：请把图表拆成两张卡片，每张少几个系列。",
                        line,
                    )
                    return None
                if len(rows) > max_rows + 1:
                    name = limits.CHART_NAMES_ZH[chart.type]
                    too_large(f"超过 {max_rows} 行数据：{name}最多 {max_rows} 个类别，后面的行没有读。", f"more than {max_rows} data rows: a {chart.type.value} chart takes at most {max_rows}", _chart_limit_hint(chart.type), line)
                    return None
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.error("csv", f"“{chart.csv}”第 {reader.line_num} 行读不出来（某一格太长，或引号没有成对）。", hint="请在 Excel 里另存为“CSV UTF-8”。", en=f"unreadable CSV: {exc}", file=chart.csv, line=reader.line_num, card=card)
        return None
    if lines.overflow == "lines":
        too_large(f"超过 {limits.MAX_CSV_LINES} 行（空行也算），后面的行没有读。", f"more than {limits.MAX_CSV_LINES} lines", "请删掉多余的空行和用不到的行。", lines.number)
        return None
    if lines.overflow == "width":
        too_large(f"第 {lines.number} 行太长（超过 {limits.MAX_CSV_LINE_CHARS} 个字符）。", f"line {lines.number} is longer than {limits.MAX_CSV_LINE_CHARS} characters", "请检查这一行：是不是少了换行，或者引号没有成对？", lines.number, "csv")
        return None
    if len(rows) < 2 or len(rows[0][1]) < 2:
        problems.error("csv", f"“{chart.csv}”至少要有标题行和一行数据、两列。", en="CSV needs a header row, a data row and two columns", file=chart.csv, card=card)
        return None
    header, body = rows[0][1], rows[1:]
    categories: list[str] = []
    columns: list[list[Figure]] = [[] for _ in header[1:]]
    ok = True
    for number, row in body:
        if len(row) != len(header):
            problems.error("csv", f"第 {number} 行有 {len(row)} 列，标题行有 {len(header)} 列。", en=f"row {number} has {len(row)} cells, header has {len(header)}", file=chart.csv, line=number, card=card)
            ok = False
            continue
        categories.append(row[0].strip())
        for index, cell in enumerate(row[1:]):
            try:
                columns[index].append(parse_figure(cell.strip() + chart.unit if chart.unit else cell.strip()))
            except FigureTextError as exc:
                problems.error("csv", f"第 {number} 行第 {index + 2} 列的“{cell}”不是数字。", hint=exc.message + exc.hint, en=exc.message_en or f"{cell!r} is not a number", file=chart.csv, line=number, card=card)
                ok = False
    if not ok:
        return None
    series = tuple(model.Series(name.strip(), tuple(values)) for name, values in zip(header[1:], columns, strict=True))
    return replace(chart, categories=tuple(categories), series=series)


# ---------------------------------------------------------------- text and fonts


def displayed_texts(manifest: model.Manifest) -> Iterator[tuple[str | None, str, str]]:
    """Every piece of text the screen may show: (card id, field, text)."""
    yield None, "title", manifest.title
    yield None, "organisation", manifest.organisation
    if manifest.data_as_of:
        yield None, "data_as_of", manifest.data_as_of
    for source in manifest.sources:
        yield None, "sources", source.citation()
    for section in manifest.sections:
        yield None, "sections.title", section.title
        if section.subtitle:
            yield None, "sections.subtitle", section.subtitle
    for card in manifest.cards:
        yield card.id, "headline", card.headline.text()
        yield card.id, "label", card.label
        if card.explanation:
            yield card.id, "explanation", card.explanation
        if card.source and card.source.quote:
            yield card.id, "source.quote", card.source.quote
        for extra in card.figures:
            yield card.id, "figures", extra.figure.text()
            yield card.id, "figures.label", extra.label
        if card.detail:
            if card.detail.text:
                yield card.id, "detail.text", card.detail.text
            chart = card.detail.chart
            if chart:
                for text in (chart.title, chart.x_title, chart.y_title, chart.note, *chart.categories):
                    if text:
                        yield card.id, "detail.chart", text
                for series in chart.series:
                    yield card.id, "detail.chart.series", series.name
                    for figure in series.values:
                        yield card.id, "detail.chart.series", figure.text()


def _bad_font(problems: ProblemList, font: str, line: int | None, reason: str = "") -> None:
    because = f"（{reason}）" if reason else ""
    problems.error("bad-font", f"“{font}”不是能用的字体文件{because}。", hint="请使用 OTF 或 TTF 字体，从字体的原始文件重新复制。", en=f"{font} is not a usable font", line=line, field="fonts")


def _check_font_files(manifest: model.Manifest, files: BundleFiles, problems: ProblemList, line: int | None) -> dict[str, frozenset[int]]:
    """The listed fonts that are there and can be used, each parsed in full.

    The kiosk checks this on every load, as ``validate`` does: a bundle font
    the screen could not use is an error in both, never found out on screen.
    """
    from kiosk.core import glyphs  # fontTools itself only once there is a font to read

    usable: dict[str, frozenset[int]] = {}
    for font in manifest.fonts:
        try:
            size = files.size(font)
            data = b"" if size > MAX_FONT_BYTES else files.read(font, MAX_FONT_BYTES)
        except BundleFileError as exc:
            if exc.missing:
                problems.error("missing-file", f"找不到字体文件“{font}”。", hint="请把字体放进数据包，或从 fonts 里删掉它。", en=f"font {font} not found", line=line, field="fonts")
            else:
                problems.error("missing-file", exc.message, en=exc.message_en, line=line, field="fonts")
            continue
        except OSError as exc:
            problems.error("missing-file", f"无法读取“{font}”：{exc.strerror or exc}", en=f"cannot read {font}: {exc}", line=line, field="fonts")
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


def _check_font_coverage(manifest: model.Manifest, fonts: dict[str, frozenset[int]], problems: ProblemList) -> None:
    """Characters that no font covers: a warning, so only ``validate`` looks.

    Every font was parsed by :func:`_check_font_files` already; what is left
    is a walk over every text of the manifest, which a kiosk that is about to
    show the bundle anyway need not pay for on each start and reload.
    """
    from kiosk.core import glyphs

    covered = set(glyphs.shipped_coverage())
    for codepoints in fonts.values():
        covered.update(map(chr, codepoints))
    reported: set[str] = set()
    for card, field_name, text in displayed_texts(manifest):
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
