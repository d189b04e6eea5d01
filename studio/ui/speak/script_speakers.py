"""The Render Script dialog's speakers: each one's voice, and the tags, speed and pitch their lines
start from (a speaker's `(高兴1)` comes before each of their lines' own tags).

The table is rebuilt when the script changes, keeping what the user chose for every speaker still
in it, so editing a line never undoes a voice the user picked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from backends.base import VoiceInfo, VoiceProfile
from backends.tags import parse
from studio.scripts.script import Script, Speaker, assign_voices
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.labels import language_names
from widgets.icons import icon

VOICE, TAGS, SPEED, PITCH = 2, 3, 4, 5


LIBRARY = "library:"  # a library voice's entry in the voice list (engine voice ids are plain)


class ScriptSpeakers(QTableWidget):
    def __init__(self, voices: list[VoiceInfo], parent: QWidget | None = None,
                 library: Sequence[tuple[Any, VoiceProfile]] = ()) -> None:
        super().__init__(0, 6, parent)
        self.voices = voices
        self.library = {LIBRARY + voice.id: (voice, profile) for voice, profile in library}
        self.setHorizontalHeaderLabels([_tr("Speaker"), _tr("Lines"), _tr("Voice"), _tr("Tags"), _tr("Speed"),
                                        _tr("Pitch")])
        # Every column as wide as what it shows (a voice's name and languages are long at 200 % text):
        # the table scrolls sideways rather than cutting a voice's name.
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setVisible(False)

    def show_speakers(self, script: Script | None) -> None:
        """One row per speaker of `script`, each keeping its earlier choices."""
        before = self.speakers()
        self.setRowCount(0)
        if script is None:
            return
        chosen = assign_voices(script, self.voices, {n: s.voice for n, s in before.items() if s.voice})
        for row, name in enumerate(script.speaker_names()):
            self.insertRow(row)
            old = before.get(name, Speaker(name))
            for col, text in ((0, name), (1, str(sum(line.speaker == name for line in script.lines)))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.setItem(row, col, item)
            combo = QComboBox(self)
            for key, (voice, _profile) in self.library.items():  # the user's own voices first
                combo.addItem(icon("star"), _tr("{0} (your voice)").format(voice.name), key)
            for voice in self.voices:
                combo.addItem(f"{translate_core(voice.name)} — {language_names(voice.languages)}", voice.id)
            combo.setCurrentIndex(max(0, combo.findData(chosen.get(name))))
            combo.setAccessibleName(_tr("Voice of {0}").format(name))
            self.setCellWidget(row, VOICE, combo)
            tags = QLineEdit(old.tags, self)
            tags.setPlaceholderText("(高兴1)")
            tags.setAccessibleName(_tr("Tags before each line of {0}").format(name))
            self.setCellWidget(row, TAGS, tags)
            for col, value, low, high, suffix in ((SPEED, old.speed, 0.5, 2.0, "×"),
                                                  (PITCH, old.pitch, -12.0, 12.0, _tr(" st"))):
                box = QDoubleSpinBox(self)
                box.setRange(low, high)
                box.setSingleStep(0.05 if col == SPEED else 0.5)
                box.setSuffix(suffix)
                box.setValue(value)
                self.setCellWidget(row, col, box)
        self.resizeColumnsToContents()

    def speakers(self) -> dict[str, Speaker]:
        """Every speaker as set in the table."""
        out: dict[str, Speaker] = {}
        for row in range(self.rowCount()):
            name, voice, tags = self.item(row, 0), self.cellWidget(row, VOICE), self.cellWidget(row, TAGS)
            speed, pitch = self.cellWidget(row, SPEED), self.cellWidget(row, PITCH)
            if name is None or not isinstance(voice, QComboBox) or not isinstance(tags, QLineEdit) \
                    or not isinstance(speed, QDoubleSpinBox) or not isinstance(pitch, QDoubleSpinBox):
                continue
            out[name.text()] = Speaker(name.text(), str(voice.currentData() or "") or None,
                                       tags.text().strip(), speed.value(), pitch.value())
        return out

    def profile_of(self, voice: str | None) -> VoiceProfile | None:
        """The prepared voice a library entry stands for (None for an engine voice)."""
        found = self.library.get(voice or "")
        return found[1] if found is not None else None

    def problem(self) -> str:
        """Why the speakers cannot be used as set (one sentence), or ""."""
        for speaker in self.speakers().values():
            parsed = parse(speaker.tags)
            if speaker.tags and (parsed.has_speech or not parsed.tags):
                return _tr("The tags of {0} hold words to speak; write only tags there, such as "
                           "(高兴1).").format(speaker.name)
        return ""
