"""The Edit timeline: selection by drag, click and words; zoom and scroll stay inside the recording."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from widgets.edit_timeline import MIN_SPAN, EditTimeline, format_clock


def test_drag_selects_and_click_places_the_cursor(qtbot: Any, timeline: EditTimeline) -> None:
    seen: list[tuple[float, float]] = []
    seeks: list[float] = []
    timeline.selectionChanged.connect(lambda a, b: seen.append((a, b)))
    timeline.seekRequested.connect(seeks.append)
    c = timeline.canvas
    y = c.height() // 2
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=QPoint(100, y))
    qtbot.mouseMove(c, QPoint(300, y))
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=QPoint(300, y))
    a, b = timeline.selection
    assert a == pytest.approx(100 / c.width() * 10, abs=0.02)
    assert b == pytest.approx(300 / c.width() * 10, abs=0.02)
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=QPoint(500, y))
    assert timeline.selection[0] == timeline.selection[1]
    assert seeks and seeks[-1] == pytest.approx(500 / c.width() * 10, abs=0.02)


def test_words_select_their_span_and_shift_extends(qtbot: Any, timeline: EditTimeline) -> None:
    timeline.set_words([(1.0, 1.5, "hello"), (1.6, 2.0, "big"), (2.2, 3.0, "world")])
    c = timeline.canvas
    lane_y = c.height() - 10
    x = int(1.8 / 10 * c.width())
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=QPoint(x, lane_y))
    assert timeline.selection == (1.6, 2.0)
    x = int(2.5 / 10 * c.width())
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(x, lane_y))
    assert timeline.selection == (1.6, 3.0)


def test_zoom_and_scroll_stay_inside_the_recording(timeline: EditTimeline) -> None:
    views: list[tuple[float, float, int]] = []
    timeline.viewChanged.connect(lambda a, b, n: views.append((a, b, n)))
    timeline.zoom(0.1, centre=9.9)
    a, b = timeline.view
    assert b <= 10.0 + 1e-9 and b - a == pytest.approx(1.0)
    timeline.scroll_to(-5)
    assert timeline.view[0] == 0.0
    for _ in range(40):
        timeline.zoom(0.5)
    assert timeline.view[1] - timeline.view[0] == pytest.approx(MIN_SPAN)
    timeline.fit()
    assert timeline.view == (0.0, 10.0)
    assert views and views[-1][:2] == (0.0, 10.0)


def test_old_columns_are_stretched_until_new_ones_come(timeline: EditTimeline) -> None:
    w = timeline.canvas.width()
    mins, maxs = -np.linspace(0, 1, w, dtype=np.float32), np.linspace(0, 1, w, dtype=np.float32)
    timeline.set_overview(0.0, 10.0, mins, maxs)
    exact = timeline.columns_for_view(w)
    assert exact is not None and exact[1] is maxs
    timeline.zoom(0.5, centre=5.0)
    stretched = timeline.columns_for_view(w)
    assert stretched is not None
    assert stretched[1][0] == pytest.approx(0.25, abs=0.01)
    assert stretched[1][-1] == pytest.approx(0.75, abs=0.01)


def test_a_view_of_the_whole_stays_the_whole_when_the_length_changes(timeline: EditTimeline) -> None:
    timeline.set_duration(12.5)
    assert timeline.view == (0.0, 12.5) and timeline.scrollbar.isHidden()
    timeline.set_duration(7.0)
    assert timeline.view == (0.0, 7.0) and timeline.scrollbar.isHidden()


def test_a_shorter_recording_pulls_the_view_and_selection_in(timeline: EditTimeline) -> None:
    timeline.zoom(0.2, centre=9.0)
    timeline.set_selection(8.0, 9.5)
    timeline.set_duration(5.0)
    assert timeline.view[1] <= 5.0 and timeline.selection == (5.0, 5.0)


@pytest.mark.parametrize(("seconds", "step", "text"), [(5, 1, "0:05"), (3723, 60, "1:02:03"),
                                                       (5.25, 0.05, "0:05.25"), (5.25, 0.5, "0:05.2"),
                                                       # ruler ticks reached by adding steps up
                                                       (sum([0.2] * 10), 0.2, "0:02.0"),
                                                       (59.9999999, 5, "1:00")])
def test_clock(seconds: float, step: float, text: str) -> None:
    assert format_clock(seconds, step) == text
