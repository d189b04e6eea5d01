"""Step 4 of the Clone wizard, name and consent: who is speaking, that they agreed (required) and how,
source, licence, tags. The record travels with the voice when it is shared.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from studio.ui.clone.step_kit import LANGUAGES, card, heading, language_name, muted
from studio.ui.common.i18n import translate as _tr
from widgets.sizes import scaled


class ConsentStep(QWidget):
    """The voice's name and language and the consent record; `changed()` when a required field changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build()

    def _build(self) -> None:
        page = self
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        frame, cl = card(page)
        frame.setMaximumWidth(scaled(760))
        cl.addWidget(heading(_tr("Name the voice and record consent"), frame))
        cl.addWidget(muted(_tr(
            "A voice belongs to the person who speaks. Save it only with their agreement; the record "
            "travels with the voice when it is shared."), frame))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        self.name_edit = QLineEdit(frame)
        self.name_edit.setPlaceholderText(_tr("e.g. Grandma reading"))
        self.name_edit.setAccessibleName(_tr("Voice name"))
        form.addRow(_tr("Voice name"), self.name_edit)
        self.voice_language = QComboBox(frame)
        self.voice_language.setAccessibleName(_tr("Voice language"))
        for code, _name in LANGUAGES:
            self.voice_language.addItem(language_name(code), code)
        form.addRow(_tr("Language"), self.voice_language)
        self.speaker_edit = QLineEdit(frame)
        self.speaker_edit.setPlaceholderText(_tr("Who is speaking in the clip"))
        self.speaker_edit.setAccessibleName(_tr("Speaker"))
        form.addRow(_tr("Speaker"), self.speaker_edit)
        self.consent_box = QCheckBox(_tr("They agreed to this use of their voice"), frame)
        self.consent_box.setObjectName("consentBox")
        form.addRow("", self.consent_box)
        self.consent_how = QComboBox(frame)
        self.consent_how.setEditable(True)
        self.consent_how.setAccessibleName(_tr("How they agreed"))
        for text in (_tr("It is my own voice"), _tr("In writing"), _tr("Spoken, on the recording"),
                     _tr("Spoken, not recorded"), _tr("Public-domain or licensed recording")):
            self.consent_how.addItem(text)
        form.addRow(_tr("How"), self.consent_how)
        self.source_edit = QLineEdit(frame)
        self.source_edit.setAccessibleName(_tr("Source"))
        form.addRow(_tr("Source"), self.source_edit)
        self.licence_combo = QComboBox(frame)
        self.licence_combo.setEditable(True)
        self.licence_combo.setAccessibleName(_tr("Licence"))
        for text in (_tr("Personal use only"), "CC BY 4.0", "CC BY-NC 4.0", "CC0 1.0",
                     _tr("All rights reserved")):
            self.licence_combo.addItem(text)
        form.addRow(_tr("Licence"), self.licence_combo)
        self.tags_edit = QLineEdit(frame)
        self.tags_edit.setPlaceholderText(_tr("warm, narration, female (comma separated)"))
        self.tags_edit.setAccessibleName(_tr("Tags"))
        form.addRow(_tr("Tags"), self.tags_edit)
        cl.addLayout(form)
        cl.addStretch(1)
        layout.addWidget(frame, 1)
        layout.addStretch(0)
        for edit in (self.name_edit, self.speaker_edit):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        self.consent_box.toggled.connect(lambda _on: self.changed.emit())

    def clear(self) -> None:
        for w in (self.name_edit, self.speaker_edit, self.source_edit, self.tags_edit):
            w.clear()
        self.consent_box.setChecked(False)

    def note_source(self, label: str, kind: str) -> None:
        """Fill in where the clip came from, unless the user wrote something of their own."""
        if not self.source_edit.text().strip() or self.source_edit.property("auto"):
            self.source_edit.setText(_tr("Recorded in Step Audio Studio") if kind == "recorded"
                                     else _tr("Imported from {0}").format(label))
            self.source_edit.setProperty("auto", True)

    def can_leave(self) -> tuple[bool, str]:
        missing = []
        if not self.name_edit.text().strip():
            missing.append(_tr("a name"))
        if not self.speaker_edit.text().strip():
            missing.append(_tr("who is speaking"))
        if not self.consent_box.isChecked():
            missing.append(_tr("their consent"))
        if missing:
            return False, _tr("To go on, give {0}.").format(", ".join(missing))
        return True, ""

    def set_language(self, code: str) -> None:
        code = {"cmn": "zh", "zh-cn": "zh"}.get(code.lower(), code.lower())
        index = self.voice_language.findData(code)
        if index >= 0:
            self.voice_language.setCurrentIndex(index)

    def language_code(self) -> str:
        return str(self.voice_language.currentData() or "en")

    def voice_name(self) -> str:
        return self.name_edit.text().strip()

    def tags(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())

    def consent_fields(self) -> dict[str, Any]:
        """The consent record's fields, as `make_consent` takes them."""
        return {"speaker": self.speaker_edit.text().strip(), "given": self.consent_box.isChecked(),
                "how": self.consent_how.currentText().strip(),
                "source": self.source_edit.text().strip(),
                "licence": self.licence_combo.currentText().strip()}
