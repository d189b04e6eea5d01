"""Lengths that grow with the text: a width chosen in pixels at the design font grows in proportion
when the system's (or the user's) font is larger, so a 200 % font never meets a 100 % box.

The studio's layouts were drawn with Qt's default 9 pt font at 96 logical DPI; `scaled(320)` is
320 px there and 640 px with an 18 pt font.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication, QWidget

DESIGN_POINT_SIZE = 9.0


def font_scale(widget: QWidget | None = None) -> float:
    """How much larger than the design font the font of `widget` (else the application's) is;
    never below 1, so a small system font does not squeeze what was sized for the design."""
    font = widget.font() if widget is not None else QApplication.font()
    size = font.pointSizeF()
    if size <= 0:  # a font set in pixels: ask what it comes to in points
        size = QFontInfo(QFont(font)).pointSizeF()
    return max(1.0, size / DESIGN_POINT_SIZE) if size > 0 else 1.0


def scaled(pixels: int, widget: QWidget | None = None) -> int:
    """`pixels` at the design font, at the font shown now."""
    return round(pixels * font_scale(widget))
