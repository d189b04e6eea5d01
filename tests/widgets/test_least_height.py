"""The least height of a page follows its wrapped lines, even through a splitter that ignores height
for width; a dialog body scrolls only when taller than the screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from widgets.least_height import least_height
from widgets.screen_fit import ScrollingBody

WORDS = "a sentence long enough to wrap onto several lines when the column is narrow " * 3


def test_a_splitter_pane_with_wrapped_text_raises_the_least_height(qtbot: Any) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    column = QVBoxLayout(page)
    splitter = QSplitter(Qt.Orientation.Horizontal, page)
    pane = QWidget(splitter)
    inner = QVBoxLayout(pane)
    inner.addWidget(QLabel("title", pane))
    note = QLabel(WORDS, pane)
    note.setWordWrap(True)
    inner.addWidget(note)
    splitter.addWidget(pane)
    splitter.addWidget(QWidget(splitter))
    column.addWidget(splitter)
    page.resize(400, 100)
    page.show()
    qtbot.waitExposed(page)
    splitter.setSizes([150, 250])
    qtbot.wait(10)
    need = least_height(page.layout(), page.width())
    assert need >= note.heightForWidth(note.width()) + QLabel("title").sizeHint().height()


def test_a_dialog_body_asks_for_its_size_but_not_more_than_the_screen(qtbot: Any) -> None:
    small = QLabel("short")
    area = ScrollingBody(small)
    qtbot.addWidget(area)
    assert area.sizeHint().height() == small.sizeHint().expandedTo(small.minimumSizeHint()).height()
    tall = QWidget()
    tall.setMinimumHeight(20_000)
    area = ScrollingBody(tall)
    qtbot.addWidget(area)
    screen = area.screen().availableGeometry()
    assert area.sizeHint().height() <= screen.height()
