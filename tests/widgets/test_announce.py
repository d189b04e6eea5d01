"""Notices and status lines reach a screen reader as announcements: errors interrupt, others wait."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAccessible

from widgets.notices import Level, NoticeArea


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    said: list[tuple[str, Any]] = []

    def spy(event: Any) -> None:
        if event.type() == QAccessible.Event.Announcement:
            said.append((event.message(), event.politeness()))

    monkeypatch.setattr(QAccessible, "updateAccessibility", spy)
    return said


def test_an_error_notice_interrupts_and_an_info_notice_waits(qtbot: Any, heard: list) -> None:
    area = NoticeArea()
    qtbot.addWidget(area)
    area.show_notice("The disk is full.\nNothing was lost.", Level.ERROR)
    area.show_notice("Imported 2 voices.", Level.INFO)
    assert heard == [("The disk is full. Nothing was lost.", QAccessible.AnnouncementPoliteness.Assertive),
                     ("Imported 2 voices.", QAccessible.AnnouncementPoliteness.Polite)]
