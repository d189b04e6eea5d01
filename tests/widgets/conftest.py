"""Fixtures shared by the widget tests."""

from __future__ import annotations

from typing import Any

import pytest

from widgets.edit_timeline import EditTimeline


@pytest.fixture
def timeline(qtbot: Any) -> EditTimeline:
    """An Edit timeline on screen, 1000 x 240, showing a 10 s recording whole."""
    t = EditTimeline()
    qtbot.addWidget(t)
    t.resize(1000, 240)
    t.show()
    qtbot.waitExposed(t)
    t.set_duration(10.0, keep_view=False)
    return t
