"""The Edit page's operations bar: the waveform operations as buttons, with the keyboard shortcuts
a sound editor is expected to have, each enabled only when it can act.

An operation acts on the selection; those marked "whole" act on the whole recording when nothing
is selected (their tooltip says so), and the cursor operations (paste, insert, split) act at the
cursor. Parameters (dB, factor, semitones) are asked for when the button is pressed, with the last
value offered again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSizePolicy, QToolButton, QWidget

from studio.ui.common.i18n import translate as _tr
from studio.ui.common.labels import tip_with_keys
from widgets.flow import FlowGrid


@dataclass(frozen=True)
class Operation:
    key: str
    text: str
    tip: str
    needs: str  # "selection" | "cursor" | "whole" (selection, or everything when none)
    shortcut: str = ""


def operations() -> tuple[Operation, ...]:
    """Built on demand so the labels follow the UI language."""
    whole = _tr(" Acts on the selection, or on the whole recording when nothing is selected.")
    return (
        Operation("cut", _tr("Cut"), _tr("Remove the selection and keep it on the clipboard"), "selection",
                  "Ctrl+X"),
        Operation("copy", _tr("Copy"), _tr("Copy the selection to the clipboard"), "selection", "Ctrl+C"),
        Operation("paste", _tr("Paste"), _tr("Insert the clipboard at the cursor"), "cursor", "Ctrl+V"),
        Operation("delete", _tr("Delete"), _tr("Remove the selection; the join is crossfaded"),
                  "selection", "Del"),
        Operation("crop", _tr("Crop"), _tr("Keep only the selection"), "selection"),
        Operation("silence", _tr("Silence"), _tr("Replace the selection with silence of the same length"),
                  "selection"),
        Operation("insert_silence", _tr("Insert silence…"), _tr("Insert a pause at the cursor"), "cursor"),
        Operation("insert_file", _tr("Insert clip…"), _tr("Insert another recording at the cursor"),
                  "cursor"),
        Operation("split", _tr("Split"), _tr("Split the project at the cursor: the rest becomes a new "
                                             "project"), "cursor"),
        Operation("fade_in", _tr("Fade in"), _tr("Fade the selection in from silence"), "selection"),
        Operation("fade_out", _tr("Fade out"), _tr("Fade the selection out to silence"), "selection"),
        Operation("gain", _tr("Gain…"), _tr("Make it louder or quieter by a number of decibels.") + whole,
                  "whole"),
        Operation("normalize", _tr("Normalise…"), _tr("Bring it to a loudness (LUFS, ITU-R BS.1770) or a "
                                                       "peak level.") + whole, "whole"),
        Operation("shorten_pauses", _tr("Shorten pauses…"), _tr("Shorten long pauses found by voice "
                                                                "activity.") + whole, "whole"),
        Operation("denoise", _tr("Denoise"), _tr("Reduce steady background noise, learnt from the pauses.")
                  + whole, "whole"),
        Operation("speed", _tr("Speed…"), _tr("Faster or slower at the same pitch.") + whole, "whole"),
        Operation("pitch", _tr("Pitch…"), _tr("Higher or lower at the same speed.") + whole, "whole"),
    )


class OperationsBar(QWidget):
    """Buttons (and shortcuts) for `operations()`; emits the key of the one chosen."""

    requested = Signal(str)
    COLUMNS = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = FlowGrid(self, spacing=4, max_columns=self.COLUMNS)  # fewer columns when text is large
        self.buttons: dict[str, QToolButton] = {}
        self.actions: dict[str, QAction] = {}
        self._needs: dict[str, str] = {}
        for op in operations():
            action = QAction(op.text, self)
            tip = op.tip
            action.setObjectName(f"edit.{op.key}")
            action.setProperty("plainTip", tip)  # the keymap adds the keys, as they are now
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if op.shortcut:
                action.setShortcut(QKeySequence(op.shortcut))
            action.setToolTip(tip_with_keys(tip, action.shortcuts()))
            action.triggered.connect(lambda _c=False, k=op.key: self.requested.emit(k))
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(op.text)
            grid.addWidget(button)
            self.buttons[op.key] = button
            self.actions[op.key] = action
            self._needs[op.key] = op.needs

    def shortcut_actions(self) -> list[QAction]:
        """Every operation's action, for the page to add to itself (the scope of their keys): the
        user may give a key to one that has none (Help > Keyboard Shortcuts)."""
        return list(self.actions.values())

    def update_state(self, *, has_project: bool, has_selection: bool, has_clipboard: bool,
                     busy: bool) -> None:
        for key, action in self.actions.items():
            needs = self._needs[key]
            ok = has_project and not busy
            if needs == "selection":
                ok = ok and has_selection
            if key == "paste":
                ok = ok and has_clipboard
            action.setEnabled(ok)
