"""Pixel lengths chosen at the design font grow with the font, and never shrink below the design."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from widgets.sizes import DESIGN_POINT_SIZE, font_scale, scaled


def test_lengths_follow_the_font(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    font = QFont(widget.font())
    font.setPointSizeF(DESIGN_POINT_SIZE)
    widget.setFont(font)
    assert scaled(320, widget) == 320
    font.setPointSizeF(DESIGN_POINT_SIZE * 2)
    widget.setFont(font)
    assert font_scale(widget) == 2.0 and scaled(320, widget) == 640
    font.setPointSizeF(DESIGN_POINT_SIZE / 2)
    widget.setFont(font)
    assert scaled(320, widget) == 320  # a small font does not squeeze what was sized for 9 pt
    font.setPixelSize(48)  # a font given in pixels is measured in points
    widget.setFont(font)
    assert font_scale(widget) > 1.0
