"""The Edit timeline by keyboard and screen reader: arrows move the cursor (Ctrl by word, Shift
extends), and the position, selection, words and playhead are there as text."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from widgets.edit_timeline import EditTimeline
from widgets.timeline_access import describe, moved, words_between

WORDS = [(0.5, 1.0, "hello"), (1.2, 1.8, "there"), (2.0, 2.6, "world")]


def test_arrows_step_a_fiftieth_of_the_view_and_stay_inside() -> None:
    go = {"duration": 10.0, "view": (0.0, 5.0), "words": WORDS}
    assert moved(1.0, "right", by_word=False, **go) == pytest.approx(1.1)
    assert moved(1.0, "left", by_word=False, **go) == pytest.approx(0.9)
    assert moved(0.05, "left", by_word=False, **go) == 0.0
    assert moved(9.95, "right", by_word=False, **go) == 10.0
    assert moved(3.0, "home", by_word=False, **go) == 0.0
    assert moved(3.0, "end", by_word=False, **go) == 10.0
    tiny = {**go, "view": (0.0, 0.1)}
    assert moved(1.0, "right", by_word=False, **tiny) == pytest.approx(1.01)  # never under 10 ms


def test_ctrl_arrows_go_word_by_word_or_a_second_without_words() -> None:
    go = {"duration": 10.0, "view": (0.0, 5.0), "words": WORDS}
    assert moved(0.0, "right", by_word=True, **go) == 0.5
    assert moved(0.5, "right", by_word=True, **go) == 1.2
    assert moved(2.0, "right", by_word=True, **go) == 2.6  # the last word's end
    assert moved(2.6, "right", by_word=True, **go) == 10.0
    assert moved(1.5, "left", by_word=True, **go) == 1.2
    assert moved(0.5, "left", by_word=True, **go) == 0.0
    assert moved(4.0, "right", by_word=True, **{**go, "words": []}) == 5.0


def test_the_position_is_said_with_its_words_and_the_playhead() -> None:
    assert describe(0.0, (0.0, 0.0), None, []) == "No recording"
    assert describe(65.0, (1.5, 1.5), None, WORDS) == "Cursor at 0:01.50 of 1:05.00: “there”"
    assert describe(10.0, (0.6, 2.1), None, WORDS) == \
        "Selection 0:00.60 to 0:02.10 (1.50 s) of 0:10.00: “hello there world”"
    assert describe(10.0, (3.0, 3.0), 4.25, WORDS) == "Cursor at 0:03.00 of 0:10.00. Playing at 0:04.25"
    assert words_between(WORDS, 1.05, 1.1) == ""  # between two words


def test_keys_on_the_waveform_move_select_and_describe(qtbot: Any, timeline: EditTimeline) -> None:
    timeline.set_words(WORDS)
    seen: list[tuple[float, float]] = []
    timeline.selectionChanged.connect(lambda a, b: seen.append((a, b)))
    canvas = timeline.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert timeline.selection == (0.5, 0.5) and seen[-1] == (0.5, 0.5)
    assert canvas.accessibleDescription() == "Cursor at 0:00.50 of 0:10.00: “hello”"
    for _ in range(2):
        qtbot.keyClick(canvas, Qt.Key.Key_Right,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert timeline.selection == (0.5, 2.0)
    assert "“hello there”" in canvas.accessibleDescription()
    qtbot.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)  # the moving end
    assert timeline.selection[0] == 0.5 and timeline.selection[1] == pytest.approx(2.0 - 10 / 50)
    qtbot.keyClick(canvas, Qt.Key.Key_Left)  # a selection collapses to its start first
    assert timeline.selection == (0.5, 0.5)
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    assert timeline.selection == (10.0, 10.0)
    timeline.set_playhead(3.4)
    assert canvas.accessibleDescription().endswith("Playing at 0:03.40")
    timeline.set_playhead(3.6)  # the same second: not said again
    assert canvas.accessibleDescription().endswith("Playing at 0:03.40")
    timeline.set_playhead(None)
    assert "Playing" not in canvas.accessibleDescription()


def test_keys_do_nothing_without_a_recording(qtbot: Any) -> None:
    t = EditTimeline()
    qtbot.addWidget(t)
    t.show()
    qtbot.keyClick(t.canvas, Qt.Key.Key_Right)
    assert t.selection == (0.0, 0.0)


def test_the_speak_waveform_says_its_length_selection_and_playhead(qtbot: Any) -> None:
    import numpy as np

    from widgets.waveform_view import WaveformView

    view = WaveformView()
    qtbot.addWidget(view)
    assert view.accessibleDescription() in ("", "No audio")
    view.set_audio(np.zeros(32_000, dtype=np.float32), 16_000)
    assert view.accessibleDescription() == "Audio 0:02.00 long"
    view.set_region(0.5, 1.25)
    assert view.accessibleDescription() == "Audio 0:02.00 long. Selection 0:00.50 to 0:01.25 (0.75 s)"
    view.set_playhead(1.5)
    assert view.accessibleDescription().endswith("Playing at 0:01.50")
    view.clear()
    assert view.accessibleDescription() == "No audio"
