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

from kiosk.core import model
from kiosk.core.figures import (
    CHINESE_NUMERALS,
    DEFAULT_POSITIONS,
    Figure,
    FigureTextError,
    QualifierPosition,
    parse_figure,
)
from kiosk.core.files import MANIFEST_NAME, BundleFileError, BundleFiles, open_files, safe_relpath
from kiosk.core.images import LARGE_SIDE, MAX_PIXELS, ImageHeaderError, image_info
from kiosk.core.manifest import read_manifest
from kiosk.core.problems import BundleError, Problem, ProblemList
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


def inspect_bundle(path: Path | str, *, check_fonts: bool = True) -> Inspection:
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
    sources = _check_sources(manifest, files, problems)
    referenced = {MANIFEST_NAME} | {s.file for s in manifest.sources if s.file}
    for card in manifest.cards:
        _check_card_source(card, manifest, sources, problems, written)
        for attr in ("image", "icon"):
            name = getattr(card, attr)
            if name:
                referenced.add(name)
                _check_image(files, name, problems, card=card.id, field=attr, line=card.line)
        if card.detail and card.detail.chart:
            if card.detail.chart.csv:
                referenced.add(card.detail.chart.csv)
            _check_chart(card, card.detail.chart, problems)
        _check_detail_length(card, problems)
    _check_theme(manifest.display.theme, problems)
    referenced.update(manifest.fonts)
    fonts = _check_font_files(manifest, files, problems, fonts_line)
    if check_fonts:
        _check_font_coverage(manifest, fonts, files, problems, fonts_line)
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


def normalise_source_text(text: str) -> str:
    """Source text with markup and spacing removed, so quotes match as read.

    Articles often set figures in bold with spaces around them
    (``**15.1** 万个``); a quote copied from the screen reads ``15.1万个``.
    """
    return re.sub(r"[\s*#]+", "", text).translate(_FULLWIDTH)


# Chinese articles mix half- and full-width punctuation; compare them as one.
_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})

# The qualifiers a figure may not silently drop, as figures.py places them.
_QUALIFIERS_BEFORE = tuple(q for q, p in DEFAULT_POSITIONS.items() if p is QualifierPosition.BEFORE_NUMBER)
_QUALIFIERS_AFTER = tuple(q for q, p in DEFAULT_POSITIONS.items() if p is QualifierPosition.AFTER_UNIT)
_QUALIFIERS_TAIL = tuple(q for q, p in DEFAULT_POSITIONS.items() if p is QualifierPosition.AFTER_MAGNITUDE)
RANK_MARK = "第"  # 第15名 is a rank, not the figure 15名


def figure_in_text(figure: Figure, text: str) -> bool:
    """Whether the normalised ``text`` prints ``figure`` whole.

    Being a substring is not enough: 5万余名 is inside 1.5万余名, 27万人
    inside 1927万人, 1000个 inside 近1000个, 97% inside 97%以上 and 15名
    inside the rank 第15名.
    """
    shown = figure.text()
    numerals = "0123456789" if figure.is_arabic else CHINESE_NUMERALS + "万亿"
    ends_with_number = not figure.parts()[2]
    start = text.find(shown)
    while start >= 0:
        before = text[max(0, start - 2) : start]
        after = text[start + len(shown) : start + len(shown) + 2]
        inside_number = bool(before) and (before[-1] in numerals or re.fullmatch(r"[0-9]\.", before) is not None)
        if ends_with_number and after:
            inside_number = inside_number or after[0] in numerals + "万亿" or re.fullmatch(r"\.[0-9]", after) is not None
        drops_qualifier = not figure.qualifier and (
            before.endswith(_QUALIFIERS_BEFORE)
            or after.startswith(_QUALIFIERS_AFTER)
            or (not figure.unit and after.startswith(_QUALIFIERS_TAIL))
        )
        rank = not figure.parts()[0] and before.endswith(RANK_MARK)
        if not inside_number and not drops_qualifier and not rank:
            return True
        start = text.find(shown, start + 1)
    return False


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


def _check_card_source(card: model.Card, manifest: model.Manifest, texts: dict[str, str], problems: ProblemList, written: dict[str, set[str]]) -> None:
    ref = card.source
    if ref is None:
        problems.warning("no-source", "这张卡片没有注明出处。", hint="公开展示的数字应当注明来源：请加上 source: 和原句 quote:。", en="card has no source", line=card.line, card=card.id, field="source")
        return
    if manifest.source(ref.source) is None:
        if ref.source in written["sources"]:
            return  # the source itself could not be read: reported there
        known = "、".join(s.id for s in manifest.sources) or "（还没有 sources）"
        problems.error("unknown-source", f"来源“{ref.source}”不存在。", hint=f"请写 sources 里已有的编号：{known}。", en=f"unknown source {ref.source}", line=ref.line, card=card.id, field="source.source")
        return
    text = texts.get(ref.source)
    quote = normalise_source_text(ref.quote)
    if text is not None and quote and quote not in text:
        problems.error("quote-not-in-source", "引文在原文里找不到。", hint="请从原文逐字复制这句话（标点也要一致）。", en="quote not found in the source text", line=ref.line, card=card.id, field="source.quote")
    if text is None:
        return
    shown_where = [("headline", card.headline)] + [("figures", f.figure) for f in card.figures]
    if card.detail and card.detail.chart:
        shown_where += [("detail.chart", f) for s in card.detail.chart.series for f in s.values]
    for field_name, figure in shown_where:
        if not figure_in_text(figure, text):
            shown = figure.text()
            problems.error(
                "figure-not-in-source",
                f"数字“{shown}”在原文里找不到。",
                hint="展台只能显示原文里有的数字，请按原文改正（限定词“余”“近”“多”“以上”也要一致）。",
                en=f"figure {shown!r} does not appear in the source",
                line=card.line,
                card=card.id,
                field=field_name,
            )


def _check_image(files: BundleFiles, name: str, problems: ProblemList, *, card: str, field: str, line: int) -> None:
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
    elif max(info.width, info.height) > LARGE_SIDE:
        problems.warning("image-large", f"图片“{name}”比屏幕大得多（{info.width}×{info.height} 像素）。", hint=f"请{shrink}，加载更快、更省内存。", en=f"image {name} is {info.width}x{info.height}, much larger than a screen: shrink it to about 3840x2160", line=line, card=card, field=field)


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


def _check_chart(card: model.Card, chart: model.Chart, problems: ProblemList) -> None:
    def error(message: str, en: str, hint: str = "") -> None:
        problems.error("chart", message, hint=hint, en=en, line=chart.line, card=card.id, field="detail.chart")

    if not chart.series:
        error("图表没有数据。", "chart has no series", "请写 series:，或用 csv: 指定数据文件。")
        return
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


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


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
    cards = []
    changed = False
    for card in manifest.cards:
        chart = card.detail.chart if card.detail else None
        loaded = None
        if chart is not None and chart.csv and card.detail is not None:
            loaded = _read_csv_chart(chart, files, problems, card.id)
        if loaded is not None and card.detail is not None:
            cards.append(replace(card, detail=replace(card.detail, chart=loaded)))
            changed = True
        else:
            cards.append(card)
    return replace(manifest, cards=tuple(cards)) if changed else manifest


def _read_csv_chart(chart: model.Chart, files: BundleFiles, problems: ProblemList, card: str) -> model.Chart | None:
    try:
        text = files.read(chart.csv, MAX_TEXT_BYTES).decode("utf-8-sig")
    except BundleFileError as exc:
        problems.error("missing-file", exc.message, en=exc.message_en, line=chart.line, card=card, field="detail.chart.csv")
        return None
    except UnicodeDecodeError:
        problems.error("encoding", f"“{chart.csv}”不是 UTF-8 编码。", hint="在 Excel 里另存为“CSV UTF-8”。", en="CSV is not UTF-8", line=chart.line, card=card, field="detail.chart.csv")
        return None
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []  # with the line each row starts on
    try:
        line = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.error("csv", f"“{chart.csv}”第 {reader.line_num} 行读不出来（某一格太长，或引号没有成对）。", hint="请在 Excel 里另存为“CSV UTF-8”。", en=f"unreadable CSV: {exc}", file=chart.csv, line=reader.line_num, card=card)
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


def _bad_font(problems: ProblemList, font: str, line: int | None) -> None:
    problems.error("bad-font", f"“{font}”不是能用的字体文件。", hint="请使用 OTF 或 TTF 字体。", en=f"{font} is not a usable font", line=line, field="fonts")


def _check_font_files(manifest: model.Manifest, files: BundleFiles, problems: ProblemList, line: int | None) -> list[str]:
    """The listed fonts that are there and look like OTF/TTF files.

    Only a header is read, so the kiosk checks this on every load, as
    ``validate`` does: a bundle font that cannot be used is an error in both.
    """
    usable = []
    for font in manifest.fonts:
        try:
            size = files.size(font)
            head = files.head(font, 4)
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
        elif head not in FONT_SIGNATURES:
            _bad_font(problems, font, line)
        else:
            usable.append(font)
    return usable


def _check_font_coverage(manifest: model.Manifest, fonts: list[str], files: BundleFiles, problems: ProblemList, line: int | None) -> None:
    from kiosk.core import glyphs  # only ``validate`` pays for reading fonts

    covered = glyphs.shipped_coverage()
    for font in fonts:
        try:
            covered |= glyphs.font_coverage(files.read(font, MAX_FONT_BYTES))
        except BundleFileError as exc:
            problems.error("missing-file", exc.message, en=exc.message_en, line=line, field="fonts")
        except glyphs.FontError:
            _bad_font(problems, font, line)
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
