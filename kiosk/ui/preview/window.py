"""The preview window: the edited card at a kiosk screen's size, redrawn on every save."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from kiosk.core.bundle import Bundle
from kiosk.core.clock import MonotonicClock
from kiosk.core.edits import edited_card
from kiosk.core.model import Manifest, Theme
from kiosk.core.problems import Problem, Severity
from kiosk.core.reload_policy import ReloadPolicy
from kiosk.ui import fonts
from kiosk.ui.look import plain_label, set_font, set_style
from kiosk.ui.preview.card_list import CardList
from kiosk.ui.preview.picture import BACKDROP, PicturePane
from kiosk.ui.preview.render import nearest_card, render_page
from kiosk.ui.preview.screens import DEFAULT_SIZE, SCREEN_SIZES, ScreenSize
from kiosk.ui.reload import BundleWatcher

log = logging.getLogger(__name__)

SETTLE_MS = 200  # an editor's save is one small write: read it almost at once
WINDOW_SIZE = (1400, 860)
LIST_WIDTH = 380
SHOW_EVERY_DECK = ReloadPolicy(hold_s=0)  # a shorter deck is the editor's own doing: never held
PANEL_CSS = (
    f"QWidget#preview_window {{ background: {BACKDROP}; }}"
    " QTreeWidget { background: #26262B; color: #ECECEC; border: none; }"
    " QTreeWidget::item { padding: 3px 0; }"
    " QTreeWidget::item:selected { background: #8E1B1B; color: #FFF8E7; }"
    " QLabel { color: #ECECEC; background: transparent; }"
    " QPushButton { color: #ECECEC; background: #34343A; border: 1px solid #4A4A52;"
    " border-radius: 4px; padding: 4px 10px; }"
    " QPushButton:checked { color: #5C0F12; background: #F4C95D; border-color: #F4C95D; }"
)


class PreviewWindow(QWidget):
    """Shows the bundle at ``path``: ``bundle`` as loaded at start, or ``problems`` when it was not valid.

    ``shown`` is emitted each time a new picture is on screen.
    """

    shown = Signal()

    def __init__(
        self,
        path: Path,
        bundle: Bundle | None,
        *,
        problems: list[Problem] | None = None,
        clock: MonotonicClock,
        settle_ms: int = SETTLE_MS,
    ) -> None:
        super().__init__()
        self.setObjectName("preview_window")
        self.bundle = bundle
        self.problems: list[Problem] = list(problems or [])  # of the newest save that was not valid
        self.card_id: str | None = None
        self.screen_size: ScreenSize = DEFAULT_SIZE
        self.detail = False
        self.page: tuple[str | None, ScreenSize, bool] | None = None  # what the picture shows: card, size, detail
        self._saved_at = ""  # when the newest save was read
        self.setFont(fonts.font(15))
        self.setStyleSheet(PANEL_CSS)
        self.resize(*WINDOW_SIZE)
        self.card_list = CardList(self)
        self.card_list.card_chosen.connect(self.go_to)
        self.pane = PicturePane(self._theme(), self)
        self._build_layout()
        self._build_keys()
        manifest = bundle.manifest if bundle is not None else None
        self.watcher = BundleWatcher(
            path, self, shown=manifest, clock=clock, policy=SHOW_EVERY_DECK, settle_ms=settle_ms
        )
        self.watcher.updated.connect(self._new_bundle)
        self.watcher.checked.connect(self._checked)
        self.watcher.start()
        if bundle is not None:
            fonts.register_bundle_fonts(bundle.files, bundle.manifest.fonts)
            self.card_id = nearest_card([], self._ids(bundle.manifest), None)
        self._show_state()
        self.redraw()

    # -------------------------------------------------------------- building

    def _build_layout(self) -> None:
        self.size_buttons = QButtonGroup(self)
        bar = QHBoxLayout()
        for index, size in enumerate(SCREEN_SIZES):
            button = QPushButton(f"{size.name} {size.text()}", self)
            button.setCheckable(True)
            button.setChecked(size == self.screen_size)
            button.setToolTip(f"按 {index + 1} 键")
            self.size_buttons.addButton(button, index)
            bar.addWidget(button)
        self.size_buttons.idClicked.connect(lambda index: self.set_screen_size(SCREEN_SIZES[index]))
        bar.addStretch(1)
        self.detail_button = QPushButton("详情页 (D)", self)
        self.detail_button.setCheckable(True)
        self.detail_button.toggled.connect(self.set_detail)
        bar.addWidget(self.detail_button)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.card_list)
        split.addWidget(self.pane)
        split.setStretchFactor(1, 1)
        split.setSizes([LIST_WIDTH, WINDOW_SIZE[0] - LIST_WIDTH])
        self.status = plain_label(wrap=False, parent=self)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 6)
        column.addLayout(bar)
        column.addWidget(split, 1)
        column.addWidget(self.status)

    def _build_keys(self) -> None:
        QShortcut(QKeySequence(Qt.Key.Key_D), self, self.detail_button.toggle)
        for index, size in enumerate(SCREEN_SIZES):
            QShortcut(QKeySequence(str(index + 1)), self, lambda s=size: self.set_screen_size(s))
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.step(1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.step(-1))

    # -------------------------------------------------------------- what is shown

    def go_to(self, card_id: str) -> None:
        if card_id != self.card_id:
            self.card_id = card_id
            self.redraw()

    def step(self, by: int) -> None:
        ids = self._ids(self.bundle.manifest) if self.bundle is not None else []
        if ids and self.card_id in ids:
            self.go_to(ids[(ids.index(self.card_id) + by) % len(ids)])

    def set_screen_size(self, size: ScreenSize) -> None:
        self.size_buttons.button(SCREEN_SIZES.index(size)).setChecked(True)
        if size != self.screen_size:
            self.screen_size = size
            self.redraw()

    def set_detail(self, on: bool) -> None:
        if self.detail_button.isChecked() != on:
            self.detail_button.setChecked(on)  # toggled comes back here
            return
        if on != self.detail:
            self.detail = on
            self.redraw()

    def redraw(self) -> None:
        """Draw the chosen page of the last good deck at the chosen size."""
        if self.bundle is None:
            self.pane.set_image(None)
            return
        started = time.monotonic()
        image = render_page(self.bundle, self.card_id, self.screen_size, detail=self.detail)
        self.pane.set_image(image)
        self.page = (self.card_id, self.screen_size, self.detail) if image is not None else None
        self.card_list.select_card(self.card_id)
        self.pane.repaint()  # on screen now, not at the next idle moment
        log.debug("preview of %s drawn in %.0f ms", self.card_id, (time.monotonic() - started) * 1000)
        self._show_status()
        self.shown.emit()

    # -------------------------------------------------------------- saves

    def _new_bundle(self, bundle: Bundle) -> None:
        before = self.bundle.manifest if self.bundle is not None else None
        old_ids = self._ids(before) if before is not None else []
        edited = edited_card(before, bundle.manifest)
        self.card_id = edited or nearest_card(old_ids, self._ids(bundle.manifest), self.card_id)
        fonts.register_bundle_fonts(bundle.files, bundle.manifest.fonts)
        if self.bundle is not None:
            self.bundle.close()
        self.bundle = bundle
        self.problems = []
        self._saved_at = time.strftime("%H:%M:%S")
        self._show_state()
        self.redraw()

    def _checked(self) -> None:
        problems = self.watcher.last_problems
        if problems == self.problems:
            return
        self.problems = list(problems)
        self._saved_at = time.strftime("%H:%M:%S")
        self._show_state()
        broken = next((p.card for p in self.errors() if p.card is not None), None)
        if broken is not None and self.bundle is not None and self.bundle.manifest.card(broken) is not None:
            self.go_to(broken)  # the card being edited, as it was when last good
        self._show_status()

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def _show_state(self) -> None:
        manifest = self.bundle.manifest if self.bundle is not None else None
        self.pane.set_theme(self._theme())
        self.pane.overlay.show_problems(self.errors())
        listed = self.problems or (self.bundle.warnings if self.bundle is not None else [])
        self.card_list.show_deck(manifest, listed)
        self.setWindowTitle(f"预览 · {manifest.title}" if manifest is not None else "预览 · 数据包无效")

    def _show_status(self) -> None:
        when = self._saved_at
        size = f"{self.screen_size.name} {self.screen_size.text()}" + ("，详情页" if self.detail else "")
        if self.errors():
            text = f"{when} 保存的内容有 {len(self.errors())} 个错误：画面是上次有效的内容。{size}"
        elif self.bundle is not None:
            cards, warnings = len(self.bundle.manifest.cards), len(self.bundle.warnings)
            text = f"{when} 数据包有效：{cards} 张卡片，{warnings} 条提醒。{size}"
        else:
            text = "数据包无效。"
        set_style(self.status, "color: #FF8A80;" if self.errors() else "")
        set_font(self.status, fonts.font(14))  # a style sheet of its own drops the window's font
        self.status.setText(text.strip())

    def _theme(self) -> Theme:
        return self.bundle.manifest.display.theme if self.bundle is not None else Theme()

    @staticmethod
    def _ids(manifest: Manifest) -> list[str]:
        return [card.id for card in manifest.play_order()]

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watcher.stop()
        if self.bundle is not None:
            self.bundle.close()
            self.bundle = None
        super().closeEvent(event)
