"""Say something to a screen reader without moving focus: a notice, a status line, a finished take.

Qt 6.8's announcement event reaches the platform's accessibility bridge (AT-SPI on Linux, UIA on
Windows, NSAccessibility on macOS); with no screen reader running the bridge is inactive and the
call costs nothing. Errors interrupt (assertive), everything else waits its turn (polite).
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Announce `text` as coming from `widget` (whose window the screen reader is reading)."""
    text = " ".join(text.split())
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
