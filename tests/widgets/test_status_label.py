"""The status label: its text never changes the layout around it, and what is cut off stays
readable (tooltip, screen readers)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from widgets.status_label import StatusLabel


def test_a_longer_text_asks_for_no_more_width(qtbot: Any) -> None:
    label = StatusLabel("Done")
    qtbot.addWidget(label)
    short = label.minimumSizeHint()
    label.setText("Generating… 123.4 s so far, sentence 12 of 40, and a good deal more besides")
    assert label.minimumSizeHint().width() == short.width() == 0
    assert label.minimumSizeHint().height() == short.height() > 0
    kept = StatusLabel("Done", least_width=120)
    qtbot.addWidget(kept)
    kept.setText(label.text())
    assert kept.minimumSizeHint().width() == 120
    plain = QLabel(label.text())  # the control: a QLabel's minimum is its whole text
    qtbot.addWidget(plain)
    assert plain.minimumSizeHint().width() > 200


def test_the_row_around_it_keeps_its_width(qtbot: Any) -> None:
    """The fault it fixes: a pane at its minimum width grew with each new status text."""
    row = QWidget()
    layout = QHBoxLayout(row)
    label = StatusLabel("Sentence 1 of 3", row)
    layout.addWidget(label, 1)
    qtbot.addWidget(row)
    before = row.minimumSizeHint().width()
    label.setText("Generating… 1234.5 s so far " * 5)
    assert row.minimumSizeHint().width() == before


def test_cut_off_text_is_in_the_tooltip_and_the_accessible_name(qtbot: Any) -> None:
    label = StatusLabel()
    qtbot.addWidget(label)
    label.resize(80, 20)
    label.show()
    qtbot.waitExposed(label)
    text = "Done: 161.5 s of audio in 16.3 s"
    label.setText(text)
    assert label.is_elided()
    assert label.toolTip() == text
    assert label.accessibleName() == text
    label.resize(600, 20)
    qtbot.waitUntil(lambda: not label.is_elided())
    assert label.toolTip() == ""
    image = label.grab().toImage()  # it paints (the elided text drawn by our paintEvent)
    assert image.width() == 600


def test_setting_the_same_text_again_changes_nothing(qtbot: Any) -> None:
    label = StatusLabel("Done")
    qtbot.addWidget(label)
    label.setAccessibleName("changed elsewhere")
    label.setText("Done")
    assert label.accessibleName() == "changed elsewhere"
