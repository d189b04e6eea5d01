"""The Render Script dialog's lines: who says what, each line's takes, and what can be done to one line.

A line can be moved up or down (the script's text is rewritten, each moved line with its speaker
written out, so it keeps its voice). Once the script was rendered, a line can be heard, made again
(another take, the earlier one kept) and any of its takes put back in use; the dialog joins the
take again when asked. The widget only shows and asks: the dialog does the work off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.scripts.script import Script
from studio.ui.common.i18n import translate as _tr
from widgets.flow import FlowRow


class ScriptLines(QWidget):
    moveRequested = Signal(int, int)  # line index, -1 (up) or +1 (down)
    playRequested = Signal(Path)
    remakeRequested = Signal(int)
    takeChosen = Signal(int, Path)  # line index, the take to use

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.script: Script | None = None
        self.line_takes: dict[int, list[Path]] = {}  # each rendered line's takes, the one in use first
        self.busy = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_tr("Speaker"), _tr("Line"),
                                              QCoreApplication.translate("ScriptLines", "Takes")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_tr("Lines of the script"))
        lay.addWidget(self.table, 1)
        row = FlowRow()
        self.up_button = QPushButton(_tr("Move Up"), self)
        self.down_button = QPushButton(_tr("Move Down"), self)
        self.play_button = QPushButton(_tr("Play Line"), self)
        self.remake_button = QPushButton(_tr("Make Again"), self)
        self.takes = QComboBox(self)
        self.takes.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # filled once shown
        self.takes.setAccessibleName(_tr("Take in use"))
        for w in (self.up_button, self.down_button, self.play_button, self.remake_button, self.takes):
            row.addWidget(w)
        lay.addLayout(row)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.play_button.clicked.connect(self._play)
        self.remake_button.clicked.connect(lambda: self.remakeRequested.emit(self.selected()))
        self.takes.activated.connect(self._chosen)
        self.table.itemSelectionChanged.connect(self.sync)
        self.sync()

    def show_lines(self, script: Script | None, line_takes: dict[int, list[Path]] | None = None,
                   select: int | None = None) -> None:
        """The script's lines; `line_takes`: each line's takes (`takes_of`, read off the GUI thread)
        from a render of exactly these lines (None: not rendered yet)."""
        keep = self.selected() if select is None else select
        self.script = script
        self.line_takes = {n: takes for n, takes in (line_takes or {}).items() if takes}
        lines = script.lines if script is not None else []
        self.table.setRowCount(len(lines))
        for n, line in enumerate(lines):
            takes = self.line_takes.get(n)
            cells = (line.speaker, line.text, str(len(takes)) if takes else "—")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(n, col, item)
        self.table.resizeColumnToContents(0)
        if 0 <= keep < len(lines):
            self.table.selectRow(keep)
        self.sync()

    def selected(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def sync(self) -> None:
        n, count = self.selected(), self.table.rowCount()
        takes = self.line_takes.get(n, [])
        path = takes[0] if takes else None
        self.up_button.setEnabled(not self.busy and n > 0)
        self.down_button.setEnabled(not self.busy and 0 <= n < count - 1)
        for w in (self.play_button, self.remake_button, self.takes):
            w.setEnabled(not self.busy and path is not None)
        why = "" if path is not None or n < 0 else _tr("Render the script first; then a line can be heard, "
                                                        "made again or given an earlier take.")
        for w in (self.play_button, self.remake_button, self.takes):
            w.setToolTip(why)
        self.takes.clear()
        if path is not None:
            for k, take in enumerate(takes):
                label = _tr("Take in use") if k == 0 else _tr("Earlier take {0}").format(k)
                self.takes.addItem(label, take)

    def _move(self, step: int) -> None:
        n = self.selected()
        if n >= 0:
            self.moveRequested.emit(n, step)

    def _play(self) -> None:
        takes = self.line_takes.get(self.selected())
        if takes:
            self.playRequested.emit(takes[0])

    def _chosen(self, index: int) -> None:
        take = self.takes.itemData(index)
        if index > 0 and isinstance(take, Path):
            self.takeChosen.emit(self.selected(), take)
