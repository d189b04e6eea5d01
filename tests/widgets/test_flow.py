"""Wrapping layouts: rows move their tail to a new line instead of squeezing labels, stretches push
to the right edge, and the minimum height follows the width (so a splitter cannot cut a row)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from widgets.flow import FlowGrid, FlowRow, keep_together


def _buttons(parent: QWidget, n: int, width: int = 100, height: int = 30) -> list[QPushButton]:
    out = []
    for i in range(n):
        b = QPushButton(f"b{i}", parent)
        b.setFixedSize(width, height)
        out.append(b)
    return out


def test_a_grid_takes_as_many_equal_columns_as_fit(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    grid = FlowGrid(host, spacing=4, max_columns=9)
    buttons = _buttons(host, 18)
    for b in buttons:
        grid.addWidget(b)
    assert grid.columns_for(1000) == 9  # capped
    assert grid.columns_for(520) == 5  # 5 x 100 + 4 x 4 = 516
    assert grid.heightForWidth(520) == 4 * 30 + 3 * 4  # 18 items in 4 rows
    grid.setGeometry(QRect(0, 0, 520, 500))
    assert buttons[5].geometry().topLeft().y() == 34  # the sixth starts the second row
    assert grid.minimumSize().height() == 2 * 30 + 4  # hidden: its width is stale, so 9 a row
    host.show()
    qtbot.waitExposed(host)
    grid.setGeometry(QRect(0, 0, 520, 500))
    assert grid.minimumSize().height() == 4 * 30 + 3 * 4  # shown: the rows this width needs


def test_a_row_wraps_grows_and_pushes_to_the_edge(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    row = FlowRow(host, spacing=10, line_spacing=5)
    a, b, c = _buttons(host, 3)
    grow = keep_together(host, QLabel("Voice", host), QPushButton("pick", host), grow=True)
    row.addWidget(a)
    row.addWidget(grow)
    row.addStretch()
    row.addWidget(b)
    row.addWidget(c)
    row.setGeometry(QRect(0, 0, 1000, 200))
    assert len(row.lines(1000)) == 1
    assert c.geometry().right() == 999  # the stretch pushed the tail to the right edge
    assert grow.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Expanding
    narrow = a.width() + grow.sizeHint().width() + 10
    assert len(row.lines(narrow)) >= 2
    assert row.heightForWidth(narrow) > row.heightForWidth(1000)
    c.hide()
    assert all(item.widget() is not c for line in row.lines(1000) for item in line)
