"""A horizontal input level meter (dBFS) with a peak hold, for recording a reference.

People judge a recording level by where the bar sits and whether it turns red, not by numbers: the
bar is green up to -12 dBFS, amber up to -3 dBFS and red above, the peak hold shows the loudest
recent moment for a second, and the current value is also exposed as text for screen readers.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

FLOOR_DB = -60.0
WARN_DB = -12.0
HOT_DB = -3.0
PEAK_HOLD_S = 1.2


def to_db(level: float) -> float:
    """Linear amplitude (0..1) to dBFS, clamped at the meter's floor."""
    if level <= 0.0:
        return FLOOR_DB
    return max(FLOOR_DB, 20.0 * math.log10(level))


class LevelMeter(QWidget):
    """Shows `set_level(linear peak)`; call it at any rate from the GUI thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = FLOOR_DB
        self._peak_db = FLOOR_DB
        self._peak_at = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(QCoreApplication.translate("LevelMeter", "Input level"))

    def sizeHint(self) -> QSize:
        return QSize(240, 14)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, 10)

    @property
    def db(self) -> float:
        return self._db

    @property
    def peak_db(self) -> float:
        return self._peak_db

    def set_level(self, level: float) -> None:
        db = to_db(float(level))
        now = time.monotonic()
        # Fall smoothly (a meter that drops instantly flickers); rise instantly.
        self._db = db if db >= self._db else max(db, self._db - 1.5)
        if db >= self._peak_db or now - self._peak_at > PEAK_HOLD_S:
            self._peak_db = db
            self._peak_at = now
        self.setAccessibleDescription(
            QCoreApplication.translate("LevelMeter", "{0:.0f} dBFS").format(self._db))
        self.update()

    def reset(self) -> None:
        self._db = self._peak_db = FLOOR_DB
        self.update()

    @staticmethod
    def _fraction(db: float) -> float:
        return (db - FLOOR_DB) / -FLOOR_DB

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        pal = self.palette()
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(rect, 4, 4)
        inner = rect.adjusted(2, 2, -2, -2)
        width = inner.width() * self._fraction(self._db)
        if width > 0:
            colour = QColor("#22a559")
            if self._db > HOT_DB:
                colour = QColor("#e5484d")
            elif self._db > WARN_DB:
                colour = QColor("#f5a524")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(inner.left(), inner.top(), width, inner.height()), 3, 3)
        # Zone ticks at -12 and -3 dBFS.
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        for mark in (WARN_DB, HOT_DB):
            x = inner.left() + inner.width() * self._fraction(mark)
            painter.drawLine(int(x), int(inner.top()), int(x), int(inner.bottom()))
        if self._peak_db > FLOOR_DB:
            x = inner.left() + inner.width() * self._fraction(self._peak_db)
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            painter.drawLine(int(x), int(inner.top()), int(x), int(inner.bottom()))
        painter.end()
