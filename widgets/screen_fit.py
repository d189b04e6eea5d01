"""A dialog body that scrolls when it is taller than the screen (large text on a small screen), and
otherwise asks for its whole size, so it never shows a scroll bar it does not need.

QScrollArea asks for at most 36 x 24 lines of text whatever its content, which would make a long
dialog scroll even at normal text size; a window taller than the screen is squeezed by the window
manager and cuts its labels instead.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

SCREEN_SHARE = 0.85  # of the screen's free height and width, at most


class ScrollingBody(QScrollArea):
    """Holds `body`; asks for `body`'s size hint, bounded by the screen it is on."""

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def sizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().sizeHint()
        want = body.sizeHint().expandedTo(body.minimumSizeHint())
        want += QSize(self.verticalScrollBar().sizeHint().width(), 0)  # room for it, should it come
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry().size() * SCREEN_SHARE
            want = want.boundedTo(free)
        return want

    def minimumSizeHint(self) -> QSize:
        body = self.widget()
        width = body.minimumSizeHint().width() if body is not None else 0
        return QSize(width, min(self.sizeHint().height(), 160))
