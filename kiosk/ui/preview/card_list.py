"""Every card of the deck by section, each with its problems and warnings; a click goes there."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from kiosk.core.model import Manifest
from kiosk.core.problems import Problem, Severity
from kiosk.core.text_safety import for_terminal
from kiosk.ui import fonts

CARD_ID = Qt.ItemDataRole.UserRole  # the card an item stands for, or belongs to
WHOLE_TEXT = Qt.ItemDataRole.UserRole + 1  # the row's text before it was broken into lines
ROW_PADDING = 12  # beside the text: the item's own margins and the scroll bar's edge
ERROR_COLOUR = "#FF8A80"
WARNING_COLOUR = "#FFD36B"
SECTION_COLOUR = "#F4C95D"
WHOLE_BUNDLE = "整个数据包"
KIND = {Severity.ERROR: "错误", Severity.WARNING: "提醒"}


def _safe(text: str) -> str:
    return for_terminal(text, multiline=False)


def broken_into_lines(text: str, metrics: QFontMetricsF, width: float) -> str:
    """``text`` with line breaks so that no line is wider than ``width``: between any two
    Chinese characters, and at a space in English where one is near."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and metrics.horizontalAdvance(line + char) > width:
            cut = line.rfind(" ")
            inside_a_word = char.isascii() and char.isalnum() and line[-1].isascii() and line[-1].isalnum()
            if inside_a_word and cut > len(line) // 2:
                lines.append(line[:cut])
                line = line[cut + 1 :]
            else:
                lines.append(line)
                line = ""
            if char == " ":
                continue
        line += char
    lines.append(line)
    return "\n".join(lines)


def problem_text(problem: Problem) -> str:
    """One problem under its card: what, where, and what to do."""
    where = problem.file + (f":{problem.line}" if problem.line else "")
    field = f"（{problem.field}）" if problem.field else ""
    return _safe(f"{KIND[problem.severity]}{field}：{problem.message} {problem.hint}".strip() + f"  [{where}]")


class CardList(QTreeWidget):
    """``card_chosen(id)`` when someone clicks or taps a card, or one of its problems."""

    card_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_card_list")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setIndentation(14)
        # Rows wrap onto more lines rather than end in "…": what to do is at a problem's end.
        # A tree does not wrap by itself, so the lines are broken here, again on each resize.
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setFont(fonts.font(15))
        self._cards: dict[str, QTreeWidgetItem] = {}
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)
        self.currentItemChanged.connect(self._moved)  # arrow keys walk the deck

    def show_deck(self, manifest: Manifest | None, problems: Iterable[Problem]) -> None:
        """List ``manifest``'s cards (the last good deck) with ``problems`` of the newest save."""
        current = self.current_card()
        self.clear()
        self._cards = {}
        by_card: dict[str | None, list[Problem]] = {}
        known = {c.id for c in manifest.cards} if manifest is not None else set()
        for problem in problems:
            by_card.setdefault(problem.card if problem.card in known else None, []).append(problem)
        if None in by_card:
            whole = QTreeWidgetItem(self, [WHOLE_BUNDLE])
            self._style_heading(whole)
            self._add_problems(whole, by_card[None], None)
        if manifest is not None:
            self._add_cards(manifest, by_card)
        self.expandAll()
        self._break_lines()
        if current is not None:
            self.select_card(current)

    def _add_cards(self, manifest: Manifest, by_card: dict[str | None, list[Problem]]) -> None:
        sections: dict[str, QTreeWidgetItem] = {}
        for number, card in enumerate(manifest.play_order(), start=1):
            heading = sections.get(card.section)
            if heading is None:
                section = manifest.section(card.section)
                heading = QTreeWidgetItem(self, [section.title if section is not None else card.section])
                self._style_heading(heading)
                sections[card.section] = heading
            item = self._row(heading, _safe(f"{number}. {card.headline.text()} {card.label}"))
            item.setData(0, CARD_ID, card.id)
            item.setToolTip(0, _safe(f"卡片 {card.id}，bundle.yaml 第 {card.line} 行"))
            self._cards[card.id] = item
            self._add_problems(item, by_card.get(card.id, []), card.id)

    def _add_problems(self, parent: QTreeWidgetItem, problems: list[Problem], card_id: str | None) -> None:
        for problem in problems:
            child = self._row(parent, problem_text(problem))
            child.setData(0, CARD_ID, card_id)
            child.setToolTip(0, problem.describe())
            colour = ERROR_COLOUR if problem.severity is Severity.ERROR else WARNING_COLOUR
            child.setForeground(0, QBrush(QColor(colour)))
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)

    @staticmethod
    def _row(parent: QTreeWidgetItem, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, WHOLE_TEXT, text)
        return item

    def _break_lines(self) -> None:
        metrics = QFontMetricsF(self.font())
        room = self.viewport().width() - ROW_PADDING
        rows = [item for i in range(self.topLevelItemCount()) if (item := self.topLevelItem(i)) is not None]
        depth = {id(row): 1 for row in rows}
        while rows:
            row = rows.pop()
            children = [child for i in range(row.childCount()) if (child := row.child(i)) is not None]
            depth.update({id(child): depth[id(row)] + 1 for child in children})
            rows.extend(children)
            whole = row.data(0, WHOLE_TEXT)
            if isinstance(whole, str):
                width = max(80.0, room - self.indentation() * depth[id(row)])
                row.setText(0, broken_into_lines(whole, metrics, width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._break_lines()

    @staticmethod
    def _style_heading(item: QTreeWidgetItem) -> None:
        item.setFont(0, fonts.font(15, bold=True))
        item.setForeground(0, QBrush(QColor(SECTION_COLOUR)))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)

    # -------------------------------------------------------------- the card shown

    def card_item(self, card_id: str) -> QTreeWidgetItem | None:
        return self._cards.get(card_id)

    def current_card(self) -> str | None:
        item = self.currentItem()
        card_id = item.data(0, CARD_ID) if item is not None else None
        return card_id if isinstance(card_id, str) else None

    def select_card(self, card_id: str | None) -> None:
        """Mark the card on screen, without announcing it as chosen."""
        item = self._cards.get(card_id) if card_id is not None else None
        if item is None or item is self.currentItem():
            return
        self.blockSignals(True)
        self.setCurrentItem(item)
        self.blockSignals(False)
        if (heading := item.parent()) is not None:
            self.scrollToItem(heading)  # the section's title too, where both fit
        self.scrollToItem(item)

    def _moved(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is not None and item.data(0, CARD_ID) is not None:
            self._clicked(item)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        card_id = item.data(0, CARD_ID)
        if isinstance(card_id, str):
            self.select_card(card_id)
            self.card_chosen.emit(card_id)
