"""Non-modal messages shown inline near what they are about (engine warnings, errors, hints).

Modal dialogs for warnings interrupt the work and get dismissed unread; a toast disappears before it
is read. A notice stays beside the editor until the user closes it or the next take replaces it,
and it says what happened in a sentence, coloured by severity.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from widgets.announce import announce
from widgets.icons import icon, mark_size


class Level(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


_ICONS = {Level.INFO: "info", Level.WARNING: "warning", Level.ERROR: "error"}  # widgets/svg/


class Notice(QFrame):
    """One message with a close button; styled through the `level` dynamic property."""

    closed = Signal()

    def __init__(self, text: str, level: Level, key: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.level = level
        self.setObjectName("notice")
        self.setProperty("level", level.value)
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setSpacing(8)
        size = mark_size()
        mark = QLabel(self)
        mark.setPixmap(icon(_ICONS[level]).pixmap(QSize(size, size), self.devicePixelRatioF()))
        mark.setFixedSize(size, self.fontMetrics().height())
        mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mark.setObjectName("noticeIcon")
        layout.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(text, self)
        # Notices quote outside text (file names, voice names, server replies): never HTML.
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setObjectName("noticeText")
        layout.addWidget(self.label, 1)
        close = QToolButton(self)
        close.setIcon(icon("close"))
        close.setAutoRaise(True)
        close.setToolTip(QCoreApplication.translate("Notices", "Dismiss"))
        close.setAccessibleName(QCoreApplication.translate("Notices", "Dismiss"))
        close.clicked.connect(self._close)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self.label.text()

    def _close(self) -> None:
        self.closed.emit()
        self.hide()
        self.deleteLater()


class NoticeArea(QWidget):
    """A vertical stack of notices. A notice with a key replaces an earlier one with the same key."""

    MAX_NOTICES = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._notices: list[Notice] = []
        self.hide()

    def show_notice(self, text: str, level: Level = Level.INFO, key: str = "") -> Notice:
        if key:
            self.dismiss(key)
        notice = Notice(text, level, key, self)
        notice.closed.connect(lambda n=notice: self._forget(n))
        self._layout.addWidget(notice)
        self._notices.append(notice)
        while len(self._notices) > self.MAX_NOTICES:
            self._remove(self._notices[0])
        self.show()
        announce(notice, text, assertive=level is Level.ERROR)
        return notice

    def dismiss(self, key: str) -> None:
        for notice in [n for n in self._notices if n.key == key]:
            self._remove(notice)

    def clear(self) -> None:
        for notice in list(self._notices):
            self._remove(notice)

    def texts(self) -> list[str]:
        return [n.text() for n in self._notices]

    def levels(self) -> list[Level]:
        return [n.level for n in self._notices]

    def _remove(self, notice: Notice) -> None:
        self._forget(notice)
        notice.hide()
        notice.deleteLater()

    def _forget(self, notice: Notice) -> None:
        if notice in self._notices:
            self._notices.remove(notice)
        if not self._notices:
            self.hide()
