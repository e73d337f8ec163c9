"""A broken save's problems, laid over the last good picture in large type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.model import Theme
from kiosk.core.problems import Problem
from kiosk.core.text_safety import for_terminal
from kiosk.ui import fonts
from kiosk.ui.look import plain_label, set_font, set_text_colour, with_alpha

MAX_SHOWN = 4  # more do not fit in large type; the card list has them all
SHADE_ALPHA = 0.8  # the picture stays visible behind the problems, dimmed
HEADING = "保存的内容有错误，画面仍是上次有效的内容。改好并保存后，这里会自动消失。"
HEADING_EN = "The last save has errors; the picture is the last good one. It clears when the errors are fixed."


def _safe(text: str) -> str:
    # Bundle text is data: control and bidi characters are shown as escapes, never acted on.
    return for_terminal(text, multiline=False)


class ProblemsOverlay(QWidget):
    """Covers its parent; hidden while there is nothing to show."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems_overlay")
        self._theme = theme
        self.problems: list[Problem] = []
        self._layout = QVBoxLayout(self)
        self._labels: list[tuple[QLabel, str, float, bool]] = []  # label, colour, size in units, bold
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._restyle()

    def show_problems(self, problems: list[Problem]) -> None:
        """Show ``problems`` (errors first, as the bundle check sorts them); none hides the overlay."""
        self.problems = list(problems)
        self._rebuild()
        self.setVisible(bool(self.problems))
        if self.problems:
            self.raise_()

    def texts(self) -> list[str]:
        """What the overlay says, line by line (for tests and screen readers)."""
        return [label.text() for label, *_ in self._labels]

    # -------------------------------------------------------------- layout

    def _rebuild(self) -> None:
        for label, *_ in self._labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self._labels = []
        if not self.problems:
            return
        self._add(HEADING, self._theme.gold, 1.15, bold=True)
        self._add(HEADING_EN, self._theme.muted, 0.6, bold=False)
        for problem in self.problems[:MAX_SHOWN]:
            self._add(_safe(problem.where()), self._theme.gold, 1.0, bold=True)
            self._add(_safe(f"{problem.message} {problem.hint}".strip()), self._theme.text, 1.0, bold=False)
            if problem.message_en:
                self._add(_safe(problem.message_en), self._theme.muted, 0.6, bold=False)
        if len(self.problems) > MAX_SHOWN:
            more = len(self.problems) - MAX_SHOWN
            self._add(f"……还有 {more} 个问题，见左侧卡片列表。", self._theme.muted, 0.8, bold=False)
        self._layout.addStretch(1)
        self._restyle()

    def _add(self, text: str, colour: str, size: float, *, bold: bool) -> None:
        label = plain_label(text, parent=self)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._layout.addWidget(label)
        self._labels.append((label, colour, size, bold))

    def _unit(self) -> float:
        """The body type size: large, yet four problems fit a laptop-sized pane."""
        return max(15.0, min(30.0, self.height() / 22, self.width() / 34))

    def _restyle(self) -> None:
        unit = self._unit()
        margin = round(unit * 1.2)
        self._layout.setContentsMargins(margin, margin, margin, margin)
        self._layout.setSpacing(round(unit * 0.35))
        for label, colour, size, bold in self._labels:
            set_font(label, fonts.font(unit * size, bold=bold))
            set_text_colour(label, colour)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._restyle()
        super().resizeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), with_alpha(QColor(self._theme.background_deep).darker(250), SHADE_ALPHA))
        painter.end()
