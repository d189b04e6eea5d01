"""Transcript editing on the Edit page: transcribe, select words, delete them, or type new ones and
re-speak them in the recording's own voice.

The words come from the studio's Whisper (studio.editing.transcript), run on the document's
worker with progress and Cancel; they sit in the timeline's word lane and follow every edit
without transcribing again. Selecting words (in the lane, or by selecting audio) fills the text
field; Delete words cuts them with a natural pause kept (studio.editing.wordcut), and Re-speak
(Ctrl+R) speaks what the field now says and splices it in (studio.editing.respeak). Who will
speak is said before it runs: the take's own engine and voice, a voice prepared from the
recording itself, or the chosen voice. Export subtitles writes the words of the version on
screen as SRT or WebVTT (studio.timeline.subtitles).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.i18n import translate as _tr
from studio.ui.edit.step_progress import StepProgress

LANGUAGES = (("", QT_TRANSLATE_NOOP("", "Detect the language")), ("en", QT_TRANSLATE_NOOP("", "English")),
             ("zh", QT_TRANSLATE_NOOP("", "Chinese")))


class WordsPanel(QWidget):
    transcribeRequested = Signal(str)  # language code, "" to detect
    deleteRequested = Signal()
    respeakRequested = Signal(str)  # the new words
    cancelRequested = Signal()
    subtitlesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._running = False
        self._has_project = False
        self._has_words = False
        self._selected = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.status = QLabel(_tr("Transcribe the recording to edit it by its words."), self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.language = QComboBox(self)
        self.language.setAccessibleName(_tr("Language of the recording"))
        for code, name in LANGUAGES:
            self.language.addItem(_tr(name), code)
        self.transcribe_button = QPushButton(_tr("Transcribe"), self)
        self.transcribe_button.setToolTip(_tr("Find the words and their times with Whisper (offline)"))
        self.transcribe_button.clicked.connect(
            lambda: self.transcribeRequested.emit(str(self.language.currentData() or "")))
        row.addWidget(self.language, 1)
        row.addWidget(self.transcribe_button)
        layout.addLayout(row)
        self.progress = StepProgress(self)
        layout.addWidget(self.progress)
        form = QFormLayout()
        self.words_edit = QLineEdit(self)
        self.words_edit.setAccessibleName(_tr("Selected words"))
        self.words_edit.setPlaceholderText(_tr("Select words in the lane under the waveform"))
        self.words_edit.textEdited.connect(lambda _t: self._sync())
        form.addRow(_tr("Words"), self.words_edit)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.delete_button = QPushButton(_tr("Delete words"), self)
        self.delete_button.setToolTip(_tr("Cut the selected words, keeping one natural pause at the join"))
        self.delete_button.clicked.connect(self.deleteRequested)
        self.respeak_button = QPushButton(_tr("Re-speak"), self)
        self.respeak_button.setToolTip(_tr("Speak the words as typed in place of the selected ones (Ctrl+R)"))
        self.respeak_button.clicked.connect(self._respeak)
        self.cancel_button = QPushButton(_tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.cancel_button.hide()
        for b in (self.delete_button, self.respeak_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.plan_label = QLabel("", self)
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.plan_label.setObjectName("hint")
        layout.addWidget(self.plan_label)
        self.subtitles_button = QPushButton(_tr("Export subtitles…"), self)
        self.subtitles_button.setToolTip(_tr("Save the words with their times as SRT or WebVTT subtitles"))
        self.subtitles_button.clicked.connect(self.subtitlesRequested)
        subtitles = QHBoxLayout()
        subtitles.addWidget(self.subtitles_button)
        subtitles.addStretch(1)
        layout.addLayout(subtitles)
        layout.addStretch(1)
        self._sync()

    # --- state from the page ----------------------------------------------------------------------

    def set_project(self, has_project: bool, words: int | None) -> None:
        """A project is open (or not), with `words` words transcribed (None: not transcribed)."""
        self._has_project = has_project
        self._has_words = words is not None
        if not has_project:
            self.status.setText(_tr("Transcribe the recording to edit it by its words."))
        elif words is None:
            self.status.setText(_tr("Not transcribed yet: transcribe to see its words under the waveform."))
        else:
            self.status.setText(_tr("{n} words, under the waveform. Select some to delete or re-speak "
                                    "them.").format(n=words))
        self._sync()

    def set_selection(self, text: str | None) -> None:
        """The words the selection covers (None: no word selected)."""
        self._selected = text is not None
        self.words_edit.setText(text or "")
        self._sync()

    def set_plan(self, sentence: str) -> None:
        self.plan_label.setText(sentence)

    def set_running(self, running: bool) -> None:
        self._running = running
        self.progress.running(running)
        self.cancel_button.setVisible(running)
        self._sync()

    def set_progress(self, fraction: float, message: str) -> None:
        self.progress.report(fraction, message)

    def set_busy(self, busy: bool) -> None:
        """Another step runs on the project: nothing here may start."""
        self._busy = busy
        self._sync()

    # --- actions ------------------------------------------------------------------------------------

    def can_respeak(self) -> bool:
        return self.respeak_button.isEnabled()

    def _respeak(self) -> None:
        if self.can_respeak():
            self.respeakRequested.emit(self.words_edit.text())

    def _sync(self) -> None:
        idle = self._has_project and not self._running and not getattr(self, "_busy", False)
        self.transcribe_button.setEnabled(idle)
        self.language.setEnabled(idle)
        self.words_edit.setEnabled(idle and self._has_words)
        self.subtitles_button.setEnabled(self._has_project and self._has_words)
        self.delete_button.setEnabled(idle and self._has_words and self._selected)
        self.respeak_button.setEnabled(idle and self._has_words and self._selected
                                       and bool(self.words_edit.text().strip()))
