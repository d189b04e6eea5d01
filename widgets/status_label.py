"""A one-line status label whose changing text never changes the layout around it.

A plain QLabel asks for the width of its whole text as its minimum. Status lines change several
times a second while a take is made ("Generating… 12.3 s so far"), and each new width made the
Speak page's left pane (already at its minimum) grow or shrink by a few pixels, which resized the
waveform's plots and relaid them out: the GUI stalls of bench/gui_stall.py (issue 21). This label
asks for a fixed width as its minimum (its preferred width is still its text's), and elides what does not fit;
the whole text stays available as its tooltip and to screen readers.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QStyleOption, QWidget


class StatusLabel(QLabel):
    """A QLabel for plain, single-line status text; rich text and word wrap are not for it."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, least_width: int = 0) -> None:
        """`least_width`: the width it keeps however little room its row has, whatever its text, so
        that a neighbour that may go empty gives way before the status does."""
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._least_width = least_width

    def minimumSizeHint(self) -> QSize:
        return QSize(self._least_width, super().minimumSizeHint().height())

    def setText(self, text: str) -> None:
        if text == self.text():
            return  # the same words again: nothing to lay out or paint
        super().setText(text)
        self.setAccessibleName(text)
        self._update_tooltip()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._update_tooltip()

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawItemText(painter, rect, int(self.alignment()), option.palette, self.isEnabled(),
                                  shown, self.foregroundRole())
        painter.end()
