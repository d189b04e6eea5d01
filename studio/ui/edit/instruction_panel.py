"""Edits by instruction, built from what the chosen engine declares (`Manifest.edits`).

Every kind of edit is listed with how the engine treats it (native, approximated and how, or not
possible and why) before anything runs, like tags in Speak: a kind the engine cannot do is shown
disabled with its reason, never silently dropped. The edit applies to the selection (or the whole
recording), through `studio.editing.instruct.apply_instruction` on the document's worker, with
progress and a Cancel that leaves the project at its last good version.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backends.base import Support
from backends.edits import PITCH_RANGE, SPEED_RANGE, VALUES, EditKind, EditRequest, edit_support
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.edit.step_progress import StepProgress

MAX_REPEAT = 10


def kind_label(kind: EditKind) -> str:
    return {EditKind.EMOTION: _tr("Emotion"), EditKind.STYLE: _tr("Speaking style"),
            EditKind.SPEED: _tr("Speed"), EditKind.PITCH: _tr("Pitch"),
            EditKind.PARALINGUISTIC: _tr("Add a sound (breath, laugh…)"),
            EditKind.DENOISE: _tr("Denoise"), EditKind.REMOVE_SILENCE: _tr("Remove silences")}[kind]


# EditX's values in the user's words (backends.edits.VALUES); a value missing here is shown as written.
_VALUE_LABELS = {
    "happy": QT_TRANSLATE_NOOP("", "happy"), "angry": QT_TRANSLATE_NOOP("", "angry"),
    "sad": QT_TRANSLATE_NOOP("", "sad"), "humour": QT_TRANSLATE_NOOP("", "humour"),
    "confusion": QT_TRANSLATE_NOOP("", "confusion"), "disgusted": QT_TRANSLATE_NOOP("", "disgusted"),
    "empathy": QT_TRANSLATE_NOOP("", "empathy"), "embarrass": QT_TRANSLATE_NOOP("", "embarrassed"),
    "fear": QT_TRANSLATE_NOOP("", "fear"), "surprised": QT_TRANSLATE_NOOP("", "surprised"),
    "excited": QT_TRANSLATE_NOOP("", "excited"), "depressed": QT_TRANSLATE_NOOP("", "depressed"),
    "coldness": QT_TRANSLATE_NOOP("", "cold"), "admiration": QT_TRANSLATE_NOOP("", "admiration"),
    "remove": QT_TRANSLATE_NOOP("", "remove (neutral)"),
    "serious": QT_TRANSLATE_NOOP("", "serious"), "arrogant": QT_TRANSLATE_NOOP("", "arrogant"),
    "child": QT_TRANSLATE_NOOP("", "child"), "older": QT_TRANSLATE_NOOP("", "older"),
    "girl": QT_TRANSLATE_NOOP("", "girl"), "pure": QT_TRANSLATE_NOOP("", "pure"),
    "sister": QT_TRANSLATE_NOOP("", "big sister"), "sweet": QT_TRANSLATE_NOOP("", "sweet"),
    "ethereal": QT_TRANSLATE_NOOP("", "ethereal"), "whisper": QT_TRANSLATE_NOOP("", "whisper"),
    "gentle": QT_TRANSLATE_NOOP("", "gentle"), "recite": QT_TRANSLATE_NOOP("", "recitation"),
    "generous": QT_TRANSLATE_NOOP("", "generous"), "act_coy": QT_TRANSLATE_NOOP("", "acting coy"),
    "warm": QT_TRANSLATE_NOOP("", "warm"), "shy": QT_TRANSLATE_NOOP("", "shy"),
    "comfort": QT_TRANSLATE_NOOP("", "comforting"), "authority": QT_TRANSLATE_NOOP("", "authoritative"),
    "chat": QT_TRANSLATE_NOOP("", "chatty"), "radio": QT_TRANSLATE_NOOP("", "radio host"),
    "soulful": QT_TRANSLATE_NOOP("", "soulful"), "story": QT_TRANSLATE_NOOP("", "storytelling"),
    "vivid": QT_TRANSLATE_NOOP("", "vivid"), "program": QT_TRANSLATE_NOOP("", "programme host"),
    "news": QT_TRANSLATE_NOOP("", "newsreader"), "advertising": QT_TRANSLATE_NOOP("", "advertising"),
    "roar": QT_TRANSLATE_NOOP("", "roar"), "murmur": QT_TRANSLATE_NOOP("", "murmur"),
    "shout": QT_TRANSLATE_NOOP("", "shout"), "deeply": QT_TRANSLATE_NOOP("", "deep"),
    "loudly": QT_TRANSLATE_NOOP("", "loud"), "exaggerated": QT_TRANSLATE_NOOP("", "exaggerated"),
    "breathing": QT_TRANSLATE_NOOP("", "breathing"), "laughter": QT_TRANSLATE_NOOP("", "laughter"),
    "sigh": QT_TRANSLATE_NOOP("", "sigh"), "uhm": QT_TRANSLATE_NOOP("", "uhm"),
    "surprise-oh": QT_TRANSLATE_NOOP("", "surprise (oh)"),
    "surprise-ah": QT_TRANSLATE_NOOP("", "surprise (ah)"),
    "surprise-wa": QT_TRANSLATE_NOOP("", "surprise (wa)"),
    "confirmation-en": QT_TRANSLATE_NOOP("", "confirmation (en)"),
    "question-ei": QT_TRANSLATE_NOOP("", "question (ei)"),
    "dissatisfaction-hnn": QT_TRANSLATE_NOOP("", "dissatisfaction (hnn)"),
}


def value_label(value: str) -> str:
    known = _VALUE_LABELS.get(value)
    return _tr(known) if known else value.replace("_", " ")


def support_label(support: Support) -> str:
    return {Support.NATIVE: _tr("native"), Support.APPROXIMATED: _tr("approximated"),
            Support.UNSUPPORTED: _tr("not possible")}.get(support, str(support))


class InstructionPanel(QWidget):
    """The form; the page runs what `runRequested` asks and reports back with `set_running`."""

    runRequested = Signal(object, int)  # EditRequest, repeat
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manifest: Any = None
        self._running = False
        self._can_run = False
        self._has_value = self._has_amount = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.engine_label = QLabel(_tr("Waiting for an engine…"), self)
        self.engine_label.setWordWrap(True)
        self.engine_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.engine_label)
        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(_tr("Edit"))
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._on_kind())
        form.addRow(_tr("Edit"), self.kind_combo)
        self.value_combo = QComboBox(self)
        self.value_combo.setAccessibleName(_tr("Value"))
        form.addRow(_tr("Value"), self.value_combo)
        self.amount_spin = QDoubleSpinBox(self)
        self.amount_spin.setAccessibleName(_tr("Amount"))
        form.addRow(_tr("Amount"), self.amount_spin)
        self.repeat_spin = QSpinBox(self)
        self.repeat_spin.setRange(1, MAX_REPEAT)
        self.repeat_spin.setToolTip(_tr("Feed each result into the next edit; every iteration is kept as "
                                        "a version you can hear and restore"))
        form.addRow(_tr("Repeat"), self.repeat_spin)
        layout.addLayout(form)
        self.how_label = QLabel("", self)
        self.how_label.setWordWrap(True)
        self.how_label.setTextFormat(Qt.TextFormat.PlainText)
        self.how_label.setObjectName("hint")
        layout.addWidget(self.how_label)
        self.progress = StepProgress(self)
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        self.run_button = QPushButton(_tr("Apply"), self)
        self.run_button.setToolTip(_tr("Apply to the selection, or to the whole recording when nothing is "
                                       "selected; the ends move to the nearest pauses"))
        self.run_button.clicked.connect(self._run)
        self.cancel_button = QPushButton(_tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.cancel_button.hide()
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self._sync()

    # --- inputs -----------------------------------------------------------------------------------

    def set_engine(self, manifest: Any, reason: str | None = None) -> None:
        """The engine whose declarations build the form (None: none yet; `reason` says why)."""
        self.manifest = manifest
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        if manifest is None:
            self.engine_label.setText(reason or _tr("Waiting for an engine…"))
        else:
            name = translate_core(manifest.name)
            if not getattr(manifest, "edits", None):
                self.engine_label.setText(_tr("{name} cannot edit recordings by instruction; choose an "
                                              "engine that lists edits.").format(name=name))
            else:
                self.engine_label.setText(_tr("Edits through {name}:").format(name=name))
            for kind in EditKind:
                support = edit_support(manifest, kind)
                label = f"{kind_label(kind)} — {support_label(support.support)}"
                self.kind_combo.addItem(label, kind)
                row = self.kind_combo.count() - 1
                self.kind_combo.setItemData(row, self._how(kind), Qt.ItemDataRole.ToolTipRole)
                if not support.honoured:
                    item = self.kind_combo.model().item(row)  # type: ignore[attr-defined]
                    item.setEnabled(False)
            first = next((i for i in range(self.kind_combo.count())
                          if edit_support(manifest, self.kind_combo.itemData(i)).honoured), 0)
            self.kind_combo.setCurrentIndex(first)
        self.kind_combo.blockSignals(False)
        self._on_kind()

    def set_can_run(self, can: bool) -> None:
        self._can_run = can
        self._sync()

    def set_running(self, running: bool) -> None:
        self._running = running
        self.progress.running(running)
        self.cancel_button.setVisible(running)
        self._sync()

    def set_progress(self, fraction: float, message: str) -> None:
        self.progress.report(fraction, message)

    # --- the form ---------------------------------------------------------------------------------

    def current_kind(self) -> EditKind | None:
        kind = self.kind_combo.currentData()  # Qt hands a str-valued enum back as its string
        try:
            return EditKind(kind) if kind else None
        except ValueError:
            return None

    def _on_kind(self) -> None:
        kind = self.current_kind()
        self.value_combo.clear()
        self.value_combo.setVisible(False)
        self.amount_spin.setVisible(False)
        form = self.form
        self._has_value = self._has_amount = False
        if kind is None or self.manifest is None:
            self.how_label.setText("")
            self._sync()
            return
        support = edit_support(self.manifest, kind)
        values = support.values or VALUES.get(kind, ())
        for value in values:
            self.value_combo.addItem(value_label(value), value)
        self.value_combo.setVisible(bool(values))
        self._has_value = bool(values)
        if kind in (EditKind.SPEED, EditKind.PITCH):
            lo, hi = SPEED_RANGE if kind is EditKind.SPEED else PITCH_RANGE
            self.amount_spin.setRange(lo, hi)
            self.amount_spin.setDecimals(2 if kind is EditKind.SPEED else 1)
            self.amount_spin.setSingleStep(0.05 if kind is EditKind.SPEED else 0.5)
            self.amount_spin.setValue(1.25 if kind is EditKind.SPEED else 2.0)
            self.amount_spin.setSuffix(" ×" if kind is EditKind.SPEED else _tr(" semitones"))
            self.amount_spin.setVisible(True)
        self._has_amount = kind in (EditKind.SPEED, EditKind.PITCH)
        form.setRowVisible(self.value_combo, self._has_value)
        form.setRowVisible(self.amount_spin, self._has_amount)
        prefix = {Support.NATIVE: _tr("Native:"), Support.APPROXIMATED: _tr("Approximated:"),
                  Support.UNSUPPORTED: _tr("Not possible:")}.get(support.support, "")
        how = f"{prefix} {self._how(kind)}".strip()
        if kind is EditKind.PARALINGUISTIC and support.honoured:
            how += " " + _tr("The sound goes at the cursor (click the waveform), or where the selection "
                             "starts.")
        self.how_label.setText(how)
        self._sync()

    def _how(self, kind: EditKind) -> str:
        """The engine's sentence for `kind`, or ours when it does not declare the kind at all."""
        if kind.value not in (getattr(self.manifest, "edits", None) or {}):
            return _tr("{name} does not offer this edit.").format(name=translate_core(self.manifest.name))
        return translate_core(edit_support(self.manifest, kind).how)

    def request(self, at: float | None = None) -> EditRequest | None:
        kind = self.current_kind()
        if kind is None:
            return None
        value = str(self.value_combo.currentData() or "") if self._has_value else ""
        amount = self.amount_spin.value() if self._has_amount else None
        return EditRequest(kind, value, amount, at if kind is EditKind.PARALINGUISTIC else None)

    def _sync(self) -> None:
        kind = self.current_kind()
        ok = (self.manifest is not None and kind is not None and edit_support(self.manifest, kind).honoured)
        self.run_button.setEnabled(ok and self._can_run and not self._running)
        for w in (self.kind_combo, self.value_combo, self.amount_spin, self.repeat_spin):
            w.setEnabled(not self._running and self.manifest is not None)

    def _run(self) -> None:
        request = self.request()
        if request is not None:
            self.runRequested.emit(request, self.repeat_spin.value())
