"""CSV charts: a chart's data read from a CSV file of the bundle, within bounds.

The figures of each cell are read as the article writes them (the chart's
unit added), and every problem names the CSV file and its line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace

from kiosk.core import limits, model
from kiosk.core.checks import MAX_TEXT_BYTES
from kiosk.core.checks.charts import chart_limit_hint
from kiosk.core.figures import Figure, FigureTextError, check_digits, parse_figure
from kiosk.core.files import BundleFileError, BundleFiles
from kiosk.core.model import line_of_field
from kiosk.core.problems import ProblemList


def with_csv_charts(manifest: model.Manifest, files: BundleFiles, problems: ProblemList) -> model.Manifest:
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
        line=line_of_field(chart, "csv"),
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


# ``1,070``: a number with thousands commas (or full-width ones), as a spreadsheet may write it.
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?")


def cell_figure(cell: str, unit: str) -> Figure:
    """The figure a CSV cell gives with its chart's ``unit``; a hint that says how to write the cell itself.

    The hint suggests the cell as it should be written (``70``, not ``70个``):
    the unit comes from the chart's ``unit:``.
    """
    text = cell.strip()
    from_unit = f"单位“{unit}”来自图表的 unit:，格子里只写数字。" if unit else ""
    try:
        check_digits(text)
    except FigureTextError as exc:
        raise FigureTextError(cell, exc.message, exc.hint + from_unit, exc.message_en) from None
    if _THOUSANDS.fullmatch(text):
        whole = re.sub("[,，]", "", text)
        raise FigureTextError(
            cell,
            f"“{text}”里有千位逗号。",
            f"请去掉千位逗号，写成 {whole}。" + from_unit,
            f"{text!r} has thousands commas: write {whole}",
        )
    if unit and text.endswith(unit) and text != unit:
        shown = text[: -len(unit)].strip()
        raise FigureTextError(
            cell,
            f"“{text}”已经带了单位“{unit}”，图表的 unit: 会再加一次。",
            f"请只写数字：{shown}。",
            f"{text!r} already ends with the chart's unit {unit!r}: write {shown}",
        )
    return parse_figure(text + unit)


def _read_csv_chart(chart: model.Chart, files: BundleFiles, problems: ProblemList, card: str) -> model.Chart | None:
    text = _csv_text(chart, files, problems, card)
    if text is None:
        return None
    rows = _csv_rows(chart, text, problems, card)
    if rows is None:
        return None
    if len(rows) < 2 or len(rows[0][1]) < 2:
        problems.error(
            "csv",
            f"“{chart.csv}”至少要有标题行和一行数据、两列。",
            en="CSV needs a header row, a data row and two columns",
            file=chart.csv,
            card=card,
        )
        return None
    return _chart_of_rows(chart, rows, problems, card)


def _csv_text(chart: model.Chart, files: BundleFiles, problems: ProblemList, card: str) -> str | None:
    """The CSV file's text, or ``None`` with a missing file or an encoding other than UTF-8 reported."""
    try:
        return files.read(chart.csv, MAX_TEXT_BYTES).decode("utf-8-sig")
    except BundleFileError as exc:
        problems.error(
            "missing-file",
            exc.message,
            en=exc.message_en,
            line=line_of_field(chart, "csv"),
            card=card,
            field="detail.chart.csv",
        )
        return None
    except UnicodeDecodeError:
        problems.error(
            "encoding",
            f"“{chart.csv}”不是 UTF-8 编码。",
            hint="在 Excel 里另存为“CSV UTF-8”。",
            en="CSV is not UTF-8",
            line=line_of_field(chart, "csv"),
            card=card,
            field="detail.chart.csv",
        )
        return None


def _too_large(
    chart: model.Chart,
    problems: ProblemList,
    card: str,
    line: int,
    *,
    message: str,
    en: str,
    hint: str,
    code: str = "csv-limit",
) -> None:
    problems.error(
        code,
        f"“{chart.csv}”{message}",
        hint=hint,
        en=f"{chart.csv}: {en}",
        file=chart.csv,
        line=line,
        card=card,
        field="detail.chart.csv",
    )


def _csv_rows(chart: model.Chart, text: str, problems: ProblemList, card: str) -> list[tuple[int, list[str]]] | None:
    """The rows that are not blank, each with the line it starts on; ``None`` when a limit is passed or the CSV is bad."""
    import csv  # only a chart with a CSV file needs it

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
                    _too_large(
                        chart,
                        problems,
                        card,
                        line,
                        message=f"有 {len(row)} 列，图表最多 {limits.MAX_CSV_COLUMNS} 列（第一列是类别，其余每列一个系列，最多 {limits.MAX_SERIES} 个系列）。",
                        en=f"{len(row)} columns, a chart takes at most {limits.MAX_CSV_COLUMNS}",
                        hint="系列多了颜色分不清：请把图表拆成两张卡片，每张少几个系列。",
                    )
                    return None
                if len(rows) > max_rows + 1:
                    name = limits.CHART_NAMES_ZH[chart.type]
                    _too_large(
                        chart,
                        problems,
                        card,
                        line,
                        message=f"超过 {max_rows} 行数据：{name}最多 {max_rows} 个类别，后面的行没有读。",
                        en=f"more than {max_rows} data rows: a {chart.type.value} chart takes at most {max_rows}",
                        hint=chart_limit_hint(chart.type),
                    )
                    return None
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.error(
            "csv",
            f"“{chart.csv}”第 {reader.line_num} 行读不出来（某一格太长，或引号没有成对）。",
            hint="请在 Excel 里另存为“CSV UTF-8”。",
            en=f"unreadable CSV: {exc}",
            file=chart.csv,
            line=reader.line_num,
            card=card,
        )
        return None
    if lines.overflow == "lines":
        _too_large(
            chart,
            problems,
            card,
            lines.number,
            message=f"超过 {limits.MAX_CSV_LINES} 行（空行也算），后面的行没有读。",
            en=f"more than {limits.MAX_CSV_LINES} lines",
            hint="请删掉多余的空行和用不到的行。",
        )
        return None
    if lines.overflow == "width":
        _too_large(
            chart,
            problems,
            card,
            lines.number,
            message=f"第 {lines.number} 行太长（超过 {limits.MAX_CSV_LINE_CHARS} 个字符）。",
            en=f"line {lines.number} is longer than {limits.MAX_CSV_LINE_CHARS} characters",
            hint="请检查这一行：是不是少了换行，或者引号没有成对？",
            code="csv",
        )
        return None
    return rows


def _chart_of_rows(
    chart: model.Chart, rows: list[tuple[int, list[str]]], problems: ProblemList, card: str
) -> model.Chart | None:
    """The chart with the rows' categories (first column) and series (a column each).

    ``None`` when a row or cell is wrong; every one is reported.
    """
    header, body = rows[0][1], rows[1:]
    categories: list[str] = []
    columns: list[list[Figure]] = [[] for _ in header[1:]]
    ok = True
    for number, row in body:
        if len(row) != len(header):
            problems.error(
                "csv",
                f"第 {number} 行有 {len(row)} 列，标题行有 {len(header)} 列。",
                en=f"row {number} has {len(row)} cells, header has {len(header)}",
                file=chart.csv,
                line=number,
                card=card,
            )
            ok = False
            continue
        categories.append(row[0].strip())
        for index, cell in enumerate(row[1:]):
            try:
                columns[index].append(cell_figure(cell, chart.unit))
            except FigureTextError as exc:
                message = exc.message or f"第 {number} 行第 {index + 2} 列的“{cell}”不是数字。"
                if exc.message:
                    message = f"第 {number} 行第 {index + 2} 列：{message}"
                problems.error(
                    "csv",
                    message,
                    hint=exc.hint,
                    en=exc.message_en or f"{cell!r} is not a number",
                    file=chart.csv,
                    line=number,
                    card=card,
                )
                ok = False
    if not ok:
        return None
    series = tuple(model.Series(name.strip(), tuple(values)) for name, values in zip(header[1:], columns, strict=True))
    return replace(chart, categories=tuple(categories), series=series)
