"""The Edit page's history: every version of the project, newest last, with A/B and restore.

Undo and redo move the current version; restoring an older one makes it current again as a new
step, so nothing in the history is ever thrown away by looking back. "Play this version" plays
the chosen version at the selection (or from the start) so it can be heard beside the current one.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from studio.ui.common.i18n import translate as _tr
from studio.ui.edit.document import DocState, VersionRow


def op_label(op: dict[str, object]) -> str:
    """What a step did, in the user's words."""
    name = str(op.get("op", ""))
    labels = {
        "open": _tr("Opened"), "delete": _tr("Delete"), "cut": _tr("Cut"), "paste": _tr("Paste"),
        "insert": _tr("Insert clip"), "insert_silence": _tr("Insert silence"), "crop": _tr("Crop"),
        "split": _tr("Split"), "silence": _tr("Silence"), "fade_in": _tr("Fade in"),
        "fade_out": _tr("Fade out"), "gain": _tr("Gain"), "normalize_peak": _tr("Normalise peak"),
        "normalize_loudness": _tr("Normalise loudness"), "pitch": _tr("Pitch"), "speed": _tr("Speed"),
        "denoise": _tr("Denoise"), "shorten_pauses": _tr("Shorten pauses"), "restore": _tr("Restore"),
        "delete_words": _tr("Delete words"), "respeak": _tr("Re-speak"), "instruct": _tr("Instruction"),
    }
    label = labels.get(name, name.replace("_", " ").capitalize())
    detail = ""
    if name == "gain" and isinstance(op.get("db"), (int, float)):
        detail = f" {float(op['db']):+.1f} dB"  # type: ignore[arg-type]
    elif name == "normalize_loudness" and isinstance(op.get("lufs"), (int, float)):
        detail = f" {float(op['lufs']):.0f} LUFS"  # type: ignore[arg-type]
    elif name == "normalize_peak" and isinstance(op.get("dbfs"), (int, float)):
        detail = f" {float(op['dbfs']):.1f} dBFS"  # type: ignore[arg-type]
    elif name == "speed" and isinstance(op.get("factor"), (int, float)):
        detail = f" ×{float(op['factor']):.2f}"  # type: ignore[arg-type]
    elif name == "pitch" and isinstance(op.get("semitones"), (int, float)):
        detail = f" {float(op['semitones']):+.1f} st"  # type: ignore[arg-type]
    elif name == "restore" and isinstance(op.get("version"), int):
        detail = " " + _tr("version {n}").format(n=op["version"])
    return label + detail


class HistoryPanel(QWidget):
    restoreRequested = Signal(int)
    playRequested = Signal(int)  # a version to hear at the selection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_tr("Versions"))
        self.list.currentRowChanged.connect(lambda _r: self._sync())
        self.list.itemDoubleClicked.connect(lambda _i: self._play())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.play_button = QPushButton(_tr("Play this version"), self)
        self.play_button.setToolTip(_tr("Hear the chosen version at the selection, to compare it with "
                                        "the current one"))
        self.play_button.clicked.connect(self._play)
        self.restore_button = QPushButton(_tr("Restore"), self)
        self.restore_button.setToolTip(_tr("Make the chosen version current again (undoable)"))
        self.restore_button.clicked.connect(self._restore)
        row.addWidget(self.play_button)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self._current = 0
        self._sync()

    def set_state(self, state: DocState | None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        if state is not None:
            for row in state.versions:
                self.list.addItem(self._item(row, row.index == state.current))
            self._current = state.current
            self.list.setCurrentRow(state.current)
            self.list.scrollToItem(self.list.currentItem())
        self.list.blockSignals(False)
        self._sync()

    def _item(self, row: VersionRow, current: bool) -> QListWidgetItem:
        stamp = time.strftime("%H:%M:%S", time.localtime(row.created))
        item = QListWidgetItem(f"{row.index}. {op_label(row.op)}  ·  {stamp}")
        item.setData(Qt.ItemDataRole.UserRole, row.index)
        if current:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setToolTip(_tr("The current version"))
        return item

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _sync(self) -> None:
        chosen = self.chosen()
        self.play_button.setEnabled(chosen is not None)
        self.restore_button.setEnabled(chosen is not None and chosen != self._current)

    def _play(self) -> None:
        if (chosen := self.chosen()) is not None:
            self.playRequested.emit(chosen)

    def _restore(self) -> None:
        if (chosen := self.chosen()) is not None and chosen != self._current:
            self.restoreRequested.emit(chosen)
