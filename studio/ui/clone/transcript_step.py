"""Step 3 of the Clone wizard, the transcript: Whisper fills it in the background (once per prepared
clip); the user corrects it and may pick the language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.clone.services import CloneServices
from studio.ui.clone.step_kit import LANGUAGES, Clip, card, heading, language_name, muted
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.tasks import Tasks
from widgets.sizes import scaled


class TranscriptStep(QWidget):
    """Transcribes `clip.prepared`; `changed()` when the text changes, `languageDetected(code)` when
    Whisper names the language."""

    changed = Signal()
    languageDetected = Signal(str)

    def __init__(self, services: CloneServices, clip: Clip, work: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.clip = clip
        self._work = work
        self._asr_serial = 0
        self._transcribed_for = -1  # the prepare serial last transcribed
        self._transcript_edited = False
        self._build()

    def _build(self) -> None:
        page = self
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        frame, cl = card(page)
        cl.addWidget(heading(_tr("What is said in the clip"), frame))
        cl.addWidget(muted(_tr(
            "Engines that clone use the transcript to line the voice up with the words. Correct any "
            "mistake: an exact transcript gives a closer clone."), frame))
        row = QHBoxLayout()
        row.addWidget(QLabel(_tr("Language"), frame))
        self.asr_language = QComboBox(frame)
        self.asr_language.setAccessibleName(_tr("Language of the clip"))
        self.asr_language.addItem(_tr("Detect automatically"), None)
        for code, _name in LANGUAGES:
            self.asr_language.addItem(language_name(code), code)
        row.addWidget(self.asr_language)
        self.retranscribe = QPushButton(_tr("Transcribe again"), frame)
        row.addWidget(self.retranscribe)
        self.asr_progress = QProgressBar(frame)
        self.asr_progress.setRange(0, 0)
        self.asr_progress.setFixedHeight(6)
        self.asr_progress.setMaximumWidth(scaled(120))
        self.asr_progress.setTextVisible(False)
        self.asr_progress.hide()
        row.addWidget(self.asr_progress)
        row.addStretch(1)
        cl.addLayout(row)
        self.asr_status = muted("", frame)  # its own line: beside the row it lost its second line
        cl.addWidget(self.asr_status)
        self.transcript = QPlainTextEdit(frame)
        self.transcript.setObjectName("transcript")
        self.transcript.setAccessibleName(_tr("Transcript"))
        self.transcript.setPlaceholderText(_tr("The transcript appears here…"))
        cl.addWidget(self.transcript, 1)
        layout.addWidget(frame, 1)
        self.retranscribe.clicked.connect(lambda: self.start_transcription(force=True))
        self.asr_language.activated.connect(lambda _i: self.start_transcription(force=True))
        self.transcript.textChanged.connect(self._on_transcript_typed)

    def text(self) -> str:
        return self.transcript.toPlainText().strip()

    def forget(self) -> None:
        """A new clip: the old transcript no longer applies."""
        self._transcribed_for = -1
        self._transcript_edited = False
        self.transcript.blockSignals(True)
        self.transcript.clear()
        self.transcript.blockSignals(False)

    def reset(self) -> None:
        self.forget()
        self.asr_status.clear()

    def clip_changed(self) -> None:
        """A new preparation of the clip: transcribe it again, unless the user typed the words."""
        self._transcribed_for = -1 if not self._transcript_edited else self._transcribed_for

    def can_leave(self, engines: list[Any]) -> tuple[bool, str]:
        if not self.text():
            needs = [c.name for c in engines if getattr(c.manifest.cloning, "needs_transcript", False)]
            if needs:
                return False, _tr("{0} needs the transcript: wait for it or type it.").format(
                    ", ".join(needs))
            return True, _tr("No transcript: engines that need one will not be offered the voice.")
        return True, ""

    def _on_transcript_typed(self) -> None:
        self._transcript_edited = True
        self.changed.emit()

    def start_transcription(self, force: bool = False) -> None:
        """Transcribe the prepared clip in the background (once per clip unless forced)."""
        audio = self.clip.prepared
        if audio is None:
            return
        if not force and (self._transcribed_for == self.clip.prepare_serial or self._transcript_edited):
            return
        self._transcribed_for = self.clip.prepare_serial
        self._asr_serial += 1
        serial = self._asr_serial
        language = self.asr_language.currentData()
        self.asr_progress.show()
        self.retranscribe.setEnabled(False)
        self.asr_status.setText(_tr("Transcribing with Whisper…"))
        services = self.services

        def done(result: Any) -> None:
            if serial != self._asr_serial:
                return
            self.asr_progress.hide()
            self.retranscribe.setEnabled(True)
            text = str(getattr(result, "text", result)).strip()
            detected = str(getattr(result, "language", "") or "")
            self.transcript.blockSignals(True)
            self.transcript.setPlainText(text)
            self.transcript.blockSignals(False)
            self._transcript_edited = False
            self.asr_status.setText(_tr("Detected {0}. Check the words and correct any mistake.").format(
                language_name(detected)) if detected else _tr("Check the words and correct any mistake."))
            if detected:
                self.languageDetected.emit(detected)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if serial != self._asr_serial:
                return
            self.asr_progress.hide()
            self.retranscribe.setEnabled(True)
            self.asr_status.setText(_tr("Automatic transcription failed ({0}); type the transcript.").format(exc))  # noqa: E501

        self._work.run(lambda: services.transcribe(audio, language), done, failed)
