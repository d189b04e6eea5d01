"""The takes list on its own: order, search, favourites, rename and delete requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt

from widgets.take_list import TakeList, format_duration


@dataclass
class Row:
    id: str
    title: str
    text: str = ""
    engine_id: str = "fake"
    voice_id: str = "v"
    created: float = 0.0
    duration: float = 1.0
    sample_rate: int = 16000
    favourite: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)


def make(qtbot: Any) -> TakeList:
    widget = TakeList()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_takes([Row("b", "Second", "the sea"), Row("a", "First", "a forest", favourite=True)])
    return widget


def test_search_and_favourites_filter_in_memory(qtbot: Any) -> None:
    takes = make(qtbot)
    assert takes.visible_titles() == ["Second", "First"]
    takes.search.setText("FOREST")
    assert takes.visible_titles() == ["First"]
    takes.search.clear()
    takes.favourites_button.click()
    assert takes.visible_titles() == ["First"]


def test_new_takes_go_on_top_and_are_selected(qtbot: Any) -> None:
    takes = make(qtbot)
    takes.add_take(Row("c", "Third"))
    assert takes.visible_titles()[0] == "Third"
    assert takes.current_id() == "c"


def test_rename_emits_a_request_and_shows_the_new_title(qtbot: Any) -> None:
    takes = make(qtbot)
    takes.select("b")
    with qtbot.waitSignal(takes.renameRequested) as blocker:
        takes.view.model().setData(takes.view.currentIndex(), "  New name ")
    assert blocker.args == ["b", "New name"]
    assert takes.visible_titles()[0] == "New name"


def test_keys_request_delete_play_and_favourite(qtbot: Any) -> None:
    takes = make(qtbot)
    takes.select("a")
    takes.activateWindow()
    qtbot.waitUntil(takes.isActiveWindow)
    takes.view.setFocus()
    with qtbot.waitSignal(takes.deleteRequested) as deleted:
        qtbot.keyClick(takes.view, Qt.Key.Key_Delete)
    assert deleted.args == ["a"]
    with qtbot.waitSignal(takes.playRequested) as played:
        qtbot.keyClick(takes.view, Qt.Key.Key_Return)
    assert played.args == ["a"]
    with qtbot.waitSignal(takes.favouriteRequested) as fav:
        qtbot.keyClick(takes.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert fav.args == ["a", False]


def test_star_click_toggles_favourite(qtbot: Any) -> None:
    takes = make(qtbot)
    rect = takes.view.visualRect(takes.view.model().index(0, 0))
    star = takes.delegate._star_rect(rect.adjusted(2, 1, -2, -1)).center()
    with qtbot.waitSignal(takes.favouriteRequested) as fav:
        qtbot.mouseClick(takes.view.viewport(), Qt.MouseButton.LeftButton, pos=star)
    assert fav.args == ["b", True]


def test_durations_read_naturally() -> None:
    assert format_duration(3.24) == "3.2 s"
    assert format_duration(125) == "2:05"
