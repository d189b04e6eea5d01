"""The studio's status marks and button icons, drawn as SVG files shipped in `widgets/svg/`.

Marks such as ⛔ ✓ ✕ ≈ ★ ▶ depend on the fonts a system happens to have: on a machine without
an emoji font ⛔ is an empty box. The icons here are drawn by the studio itself, so every mark
looks the same everywhere, in both themes and at any scale. Each icon has an `@2x` twin so rich
text (`marked`) stays sharp at 200 % scaling; `QIcon` renders the SVG at any size itself.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from PySide6.QtGui import QFontMetrics, QIcon
from PySide6.QtWidgets import QApplication

ICONS_DIR = Path(__file__).resolve().parent / "svg"

# Status marks: ok/fail/approx are a tag's or a check's verdict, info/warning/error a notice's level.
NAMES = ("info", "warning", "error", "ok", "fail", "approx", "busy", "ready", "play", "stop", "record",
         "star", "star-outline", "close", "voice", "check")


def icon_path(name: str) -> Path:
    """The SVG file of icon `name` (one of NAMES)."""
    if name not in NAMES:
        raise KeyError(f"no icon named {name!r}")
    return ICONS_DIR / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    """Icon `name` as a QIcon, for buttons, actions and list items."""
    return QIcon(str(icon_path(name)))


def mark_size() -> int:
    """The side of an inline mark in logical pixels: about the height of a capital letter."""
    app = QApplication.instance()
    font = app.font() if isinstance(app, QApplication) else None
    height = QFontMetrics(font).height() if font is not None else 16
    return max(12, round(height * 0.85))


def mark_html(name: str) -> str:
    """Icon `name` as an inline rich-text image (labels, tooltips)."""
    size = mark_size()
    return f'<img src="{icon_path(name).as_posix()}" width="{size}" height="{size}">'


def marked(name: str, text: str, *, rich: bool = False) -> str:
    """`text` after icon `name`, as rich text for a QLabel or a tooltip; plain `text` is escaped.

    The result starts with a tag, so a label in Qt's default AutoText format shows it as rich text.
    """
    body = text if rich else html.escape(text, quote=False).replace("\n", "<br>")
    return f"{mark_html(name)}&nbsp;{body}"
