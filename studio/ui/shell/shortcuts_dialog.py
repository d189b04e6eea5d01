"""Help > Keyboard Shortcuts: every key the studio answers to, where it works, and a place to
change it. Built from the window's actions (`keymap.Keymap`), so the list is what the keys really
do, not a text kept beside them. A change is checked for clashes as it is typed; OK is refused,
with the clash named, until there is none."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.i18n import translate as _tr
from studio.ui.common.labels import keys_text
from studio.ui.shell.keymap import Keymap, place_name

_ORDER = {"window": 0, "speak": 1, "takes": 2, "edit": 3}


class ShortcutsDialog(QDialog):
    """The keys, editable. `on_saved(keys)` gets every action's keys when OK is pressed."""

    def __init__(self, keymap: Keymap, on_saved: Callable[[dict[str, list[QKeySequence]]], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Keyboard Shortcuts"))
        self.keymap = keymap
        self._on_saved = on_saved
        self.keys = keymap.current()
        names = sorted(keymap.bindings, key=lambda n: (_ORDER.get(keymap.bindings[n].place, 9), n))
        self.names = names

        intro = QLabel(_tr("Click a shortcut and press the new keys. Keys that work everywhere may not "
                           "be used again elsewhere. Space also plays in Speak outside text fields, "
                           "and F2 also renames in the take list."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(names), 3, self)
        self.table.setHorizontalHeaderLabels([_tr("Where"), _tr("Action"), _tr("Shortcut")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_tr("Keyboard shortcuts"))
        self.edits: dict[str, QKeySequenceEdit] = {}
        for row, name in enumerate(names):
            binding = keymap.bindings[name]
            for col, text in ((0, place_name(binding.place)), (1, binding.label)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            edit = QKeySequenceEdit(self.keys[name][0] if self.keys[name] else QKeySequence(), self.table)
            edit.setMaximumSequenceLength(1)
            edit.setClearButtonEnabled(True)
            edit.setAccessibleName(_tr("Shortcut for {action}").format(action=binding.label))
            rest = self.keys[name][1:]
            if rest:
                edit.setToolTip(_tr("Also: {keys}").format(keys=keys_text(rest)))
            edit.keySequenceChanged.connect(lambda key, n=name: self._changed(n, key))
            self.table.setCellWidget(row, 2, edit)
            self.edits[name] = edit
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(120)

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_tr("Shortcut problem"))
        self.reset_button = QPushButton(_tr("Reset to Default"), self)
        self.reset_button.setToolTip(_tr("Give the chosen action its original keys"))
        self.reset_button.clicked.connect(self._reset_chosen)
        self.reset_all_button = QPushButton(_tr("Reset All"), self)
        self.reset_all_button.clicked.connect(self._reset_all)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.reset_button)
        row.addWidget(self.reset_all_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        self.resize(640, 560)
        self._check()

    def _changed(self, name: str, key: QKeySequence) -> None:
        # The edit holds one key; a second default key (Ctrl+Enter beside Ctrl+Return) goes with the
        # first only while the first is unchanged.
        defaults = list(self.keymap.bindings[name].defaults)
        if defaults and key.matches(defaults[0]) == QKeySequence.SequenceMatch.ExactMatch:
            self.keys[name] = defaults
        else:
            self.keys[name] = [key] if not key.isEmpty() else []
        self._check()

    def _set(self, name: str, keys: list[QKeySequence]) -> None:
        edit = self.edits[name]
        edit.blockSignals(True)
        edit.setKeySequence(keys[0] if keys else QKeySequence())
        edit.blockSignals(False)
        self.keys[name] = list(keys)

    def _reset_chosen(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.names):
            name = self.names[row]
            self._set(name, list(self.keymap.bindings[name].defaults))
            self._check()

    def _reset_all(self) -> None:
        for name, binding in self.keymap.bindings.items():
            self._set(name, list(binding.defaults))
        self._check()

    def _check(self) -> str:
        """Say the first clash (if any) and allow OK only without one; returns the sentence."""
        found = self.keymap.clashes(self.keys)
        text = ""
        if found:
            a, b, key = found[0]
            bindings = self.keymap.bindings
            text = _tr("{key} is used by both “{first}” and “{second}”; choose another key "
                       "for one of them.").format(key=QKeySequence(key).toString(
                           QKeySequence.SequenceFormat.NativeText), first=bindings[a].label,
                           second=bindings[b].label)
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not found)
        return text

    def _save(self) -> None:
        if self._check():
            return
        self._on_saved({name: list(keys) for name, keys in self.keys.items()})
        self.accept()
