"""The Clone wizard: from a few seconds of someone's voice to a saved voice the studio can use.

Five steps in one page flow (a step bar on top, Back / Next at the bottom), not a modal dialog:
the user can switch to Speak mid-way and come back to where they were.

1. Source: record from a chosen microphone (3-2-1 countdown, live level meter) or import a file
   (button or drag and drop). With no input device the record card is disabled and says why.
2. Check: the clip's waveform and spectrogram with the proposed best window as a draggable region,
   the reference report as a checklist, trim / normalise / denoise, and an A/B listen.
3. Transcript: Whisper fills it in the background; the user corrects it and may pick the language.
4. Name and consent: who is speaking, that they agreed (required) and how, source, licence.
5. Preview and save: per engine that can clone or match, what it will do with the reference (its
   manifest note, shown before anything runs), the profile made in the background with progress
   and cancel, the similarity reached against the default voice, and a preview sentence.

Every slow step (loading, checking, preparing the clip, ASR, engine preparation, synthesis,
saving, device calls) runs through `Tasks`; results come back tagged with a serial number so a
late answer about an older clip is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio
from backends.base import AudioChunk, CancelToken, SynthesisRequest, VoiceProfile
from studio.ui.clone.services import (
    CloneServices,
    best_window,
    item_title,
    item_value,
    make_consent,
    report_items,
    status_of,
    verdict_of,
)
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.tasks import EventBridge, Tasks
from widgets.level_meter import LevelMeter
from widgets.notices import Level, NoticeArea
from widgets.waveform_view import WaveformView

AUDIO_FILTER = "Audio (*.wav *.flac *.ogg *.mp3 *.m4a *.aiff *.aif)"
AUDIO_SUFFIXES = {".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aiff", ".aif", ".opus"}
MAX_RECORD_S = 30.0
COUNTDOWN_FROM = 3
IDEAL_MIN_S, IDEAL_MAX_S = 5.0, 10.0

LANGUAGES = (("en", "English"), ("zh", "Mandarin"), ("yue", "Cantonese"), ("ja", "Japanese"),
             ("ko", "Korean"), ("de", "German"), ("fr", "French"), ("es", "Spanish"),
             ("it", "Italian"), ("pt", "Portuguese"), ("ru", "Russian"), ("hi", "Hindi"))

PREVIEW_SENTENCES = {
    "en": "Hello! This is my new voice, made from a few seconds of speech.",
    "zh": "你好！这是我的新声音，只用了几秒钟的录音。",
    "yue": "你好！呢個係我嘅新聲音。",
    "ja": "こんにちは。これは数秒の録音から作った私の新しい声です。",
    "ko": "안녕하세요. 몇 초의 녹음으로 만든 제 새 목소리입니다.",
}

MARKS = {"good": "✓", "warning": "!", "problem": "✕"}




def _language_name(code: str) -> str:
    return QCoreApplication.translate("Languages", dict(LANGUAGES).get(code, code))


@dataclass
class EngineChoice:
    """An engine whose manifest can clone or match, and how to get it loaded (blocking)."""

    engine_id: str
    name: str
    manifest: Any
    get_backend: Callable[[], Any]  # blocking: creates and loads the engine; call off the GUI thread


@dataclass
class _EngineRun:
    """One engine's preparation in the wizard: its widgets and its outcome."""

    choice: EngineChoice
    card: QFrame
    status: QLabel
    progress: QProgressBar
    cancel_button: QPushButton
    retry_button: QPushButton
    preview_button: QPushButton
    result: QLabel
    token: CancelToken | None = None
    profile: VoiceProfile | None = None
    error: str | None = None
    serial: int = 0


def _card(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(8)
    return frame, layout


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "heading")
    return label


def _muted(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class CloneWizard(QWidget):
    """The five-step flow; `saved(voice)` when a voice is in the library, `closed()` on cancel."""

    saved = Signal(object)
    closed = Signal()
    statusMessage = Signal(str)

    # QT_TRANSLATE_NOOP marks them for lupdate; the chips translate them with _tr(name).
    STEPS = (QT_TRANSLATE_NOOP("", "Source"), QT_TRANSLATE_NOOP("", "Check"),
             QT_TRANSLATE_NOOP("", "Transcript"), QT_TRANSLATE_NOOP("", "Name & consent"),
             QT_TRANSLATE_NOOP("", "Preview & save"))

    def __init__(self, services: CloneServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cloneWizard")
        self.setAcceptDrops(True)
        self.services = services
        self.library: Any = None
        self.player: Any = None
        self.player_reason: str | None = _tr("No audio output device.")
        self.engines: list[EngineChoice] = []
        self._device_tasks: Tasks = Tasks(self, 1, "clone-audio-device")
        self._work = Tasks(self, 2, "clone-work")  # load, check, prepare, ASR, synthesis
        self._record_io = Tasks(self, 1, "clone-recorder")  # the microphone, in order
        self._engine_work = Tasks(self, 2, "clone-engines")
        self._io = Tasks(self, 1, "clone-save")

        self.source_audio: Audio | None = None
        self.source_label = ""  # "recorded" or the file name
        self.source_kind = ""
        self.report: Any = None
        self.prepared: Audio | None = None
        self._serial = 0  # bumps with each new clip
        self._prepare_serial = 0
        self._asr_serial = 0
        self._transcribed_for = -1
        self._transcript_edited = False
        self._recorder: Any = None
        self._countdown = 0
        self._devices: list[Any] = []
        self._runs: dict[str, _EngineRun] = {}
        self._saving = False

        self._level_bridge = EventBridge(0, self)
        self._level_bridge.event.connect(lambda _t, v: self.meter.set_level(float(v)))  # type: ignore[arg-type]
        self._progress_bridge = EventBridge(0, self)
        self._progress_bridge.event.connect(self._on_engine_progress)

        self._build()
        self._go(0)

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(10)

        top = QHBoxLayout()
        title = QLabel(_tr("New voice"), self)
        title.setObjectName("wizardTitle")
        top.addWidget(title)
        top.addSpacing(18)
        self.step_labels: list[QLabel] = []
        for i, name in enumerate(self.STEPS):
            chip = QLabel(f"{i + 1}  {_tr(name)}", self)
            chip.setObjectName("stepChip")
            chip.setProperty("state", "todo")
            top.addWidget(chip)
            self.step_labels.append(chip)
            if i < len(self.STEPS) - 1:
                line = QLabel("—", self)
                line.setProperty("role", "muted")
                top.addWidget(line)
        top.addStretch(1)
        outer.addLayout(top)

        self.notices = NoticeArea(self)
        outer.addWidget(self.notices)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_source())
        self.pages.addWidget(self._build_check())
        self.pages.addWidget(self._build_transcript())
        self.pages.addWidget(self._build_consent())
        self.pages.addWidget(self._build_preview())
        outer.addWidget(self.pages, 1)

        bottom = QHBoxLayout()
        self.cancel_button = QPushButton(_tr("Cancel"), self)
        self.cancel_button.setToolTip(_tr("Leave the wizard; nothing is saved"))
        self.hint = _muted("", self)
        self.hint.setObjectName("wizardHint")
        self.back_button = QPushButton(_tr("Back"), self)
        self.next_button = QPushButton(_tr("Next"), self)
        self.next_button.setObjectName("primary")
        self.next_button.setMinimumWidth(120)
        bottom.addWidget(self.cancel_button)
        bottom.addSpacing(12)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.next_button)
        outer.addLayout(bottom)

        self.cancel_button.clicked.connect(self.cancel)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)

    def _build_source(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(12)
        intro = _muted(_tr(
            "About 5 to 10 seconds of one person speaking naturally, in a quiet room, works best. "
            "Longer recordings are fine: the next step finds the best part."), page)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.setSpacing(14)

        self.record_card, rc = _card(page)
        rc.addWidget(_heading(_tr("Record"), self.record_card))
        dev_row = QHBoxLayout()
        dev_row.addWidget(QLabel(_tr("Microphone"), self.record_card))
        self.input_combo = QComboBox(self.record_card)
        self.input_combo.setAccessibleName(_tr("Microphone"))
        self.input_combo.addItem(_tr("Looking for microphones…"), None)
        self.input_combo.setEnabled(False)
        dev_row.addWidget(self.input_combo, 1)
        rc.addLayout(dev_row)
        self.meter = LevelMeter(self.record_card)
        rc.addWidget(self.meter)
        self.countdown_label = QLabel("", self.record_card)
        self.countdown_label.setObjectName("countdown")
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown_label.setMinimumHeight(64)
        rc.addWidget(self.countdown_label)
        self.record_button = QPushButton(_tr("●  Record"), self.record_card)
        self.record_button.setObjectName("recordButton")
        self.record_button.setEnabled(False)
        self.record_button.setMinimumHeight(36)
        rc.addWidget(self.record_button)
        self.record_reason = _muted(_tr("Looking for microphones…"), self.record_card)
        rc.addWidget(self.record_reason)
        rc.addStretch(1)
        row.addWidget(self.record_card, 1)

        self.import_card, ic = _card(page)
        self.import_card.setObjectName("dropZone")
        ic.addWidget(_heading(_tr("Import a file"), self.import_card))
        drop = QLabel(_tr("Drop an audio file here\n\nWAV, FLAC, OGG or MP3"), self.import_card)
        drop.setObjectName("dropHint")
        drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop.setMinimumHeight(120)
        ic.addWidget(drop, 1)
        self.import_button = QPushButton(_tr("Choose a file…"), self.import_card)
        self.import_button.setMinimumHeight(36)
        ic.addWidget(self.import_button)
        self.import_status = _muted("", self.import_card)
        ic.addWidget(self.import_status)
        row.addWidget(self.import_card, 1)
        layout.addLayout(row, 1)

        self.record_button.clicked.connect(self.toggle_record)
        self.import_button.clicked.connect(self.choose_file)
        self._countdown_timer = QTimer(self)
        self._countdown_timer.setInterval(1000)
        self._countdown_timer.timeout.connect(self._tick_countdown)
        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.setInterval(100)
        self._elapsed_timer.timeout.connect(self._tick_recording)
        return page

    def _build_check(self) -> QWidget:
        page = QWidget(self)
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(14)

        left = QVBoxLayout()
        left.setSpacing(8)
        wave_card, wc = _card(page)
        wc.setContentsMargins(4, 4, 4, 4)
        self.waveform = WaveformView(wave_card)
        self.waveform.setMinimumHeight(260)
        self.waveform.set_placeholder(_tr("Choose or record a clip first."))
        wc.addWidget(self.waveform)
        left.addWidget(wave_card, 1)
        self.window_label = _muted("", page)
        self.window_label.setObjectName("windowLabel")
        left.addWidget(self.window_label)

        options = QHBoxLayout()
        options.setSpacing(14)
        self.trim_box = QCheckBox(_tr("Trim to the selection"), page)
        self.trim_box.setChecked(True)
        self.trim_box.setToolTip(_tr("Keep only the highlighted window; drag it or its edges to change it"))
        self.normalise_box = QCheckBox(_tr("Normalise loudness"), page)
        self.normalise_box.setChecked(True)
        self.denoise_box = QCheckBox(_tr("Reduce background noise"), page)
        self.denoise_box.setToolTip(_tr("Helps with hiss and hum; leave it off for clean recordings, "
                                        "it can dull the voice"))
        for box in (self.trim_box, self.normalise_box, self.denoise_box):
            options.addWidget(box)
        options.addStretch(1)
        self.play_a = QPushButton(_tr("▶  A: original"), page)
        self.play_a.setToolTip(_tr("Listen to the clip as it came in"))
        self.play_b = QPushButton(_tr("▶  B: prepared"), page)
        self.play_b.setToolTip(_tr("Listen to what will be used: trimmed, normalised, denoised"))
        self.stop_play = QPushButton(_tr("■"), page)
        self.stop_play.setToolTip(_tr("Stop listening"))
        self.stop_play.setFixedWidth(36)
        for b in (self.play_a, self.play_b, self.stop_play):
            options.addWidget(b)
        left.addLayout(options)
        layout.addLayout(left, 3)

        report_card, rl = _card(page)
        report_card.setMinimumWidth(320)
        report_card.setMaximumWidth(420)
        rl.addWidget(_heading(_tr("Reference check"), report_card))
        self.verdict_label = QLabel(_tr("Not checked yet"), report_card)
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        rl.addWidget(self.verdict_label)
        self.checklist = QWidget(report_card)
        self.checklist_layout = QVBoxLayout(self.checklist)
        self.checklist_layout.setContentsMargins(0, 4, 0, 0)
        self.checklist_layout.setSpacing(6)
        scroll = QScrollArea(report_card)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.checklist)
        rl.addWidget(scroll, 1)
        layout.addWidget(report_card, 2)

        self.waveform.regionChanged.connect(lambda _a, _b: self._schedule_prepare())
        for box in (self.trim_box, self.normalise_box, self.denoise_box):
            box.toggled.connect(lambda _on: self._schedule_prepare())
        self.play_a.clicked.connect(lambda: self._play(self.source_audio))
        self.play_b.clicked.connect(lambda: self._play(self.prepared))
        self.stop_play.clicked.connect(self.stop_playback)
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(250)
        self._prepare_timer.timeout.connect(self._prepare_now)
        return page

    def _build_transcript(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        card, cl = _card(page)
        cl.addWidget(_heading(_tr("What is said in the clip"), card))
        cl.addWidget(_muted(_tr(
            "Engines that clone use the transcript to line the voice up with the words. Correct any "
            "mistake: an exact transcript gives a closer clone."), card))
        row = QHBoxLayout()
        row.addWidget(QLabel(_tr("Language"), card))
        self.asr_language = QComboBox(card)
        self.asr_language.setAccessibleName(_tr("Language of the clip"))
        self.asr_language.addItem(_tr("Detect automatically"), None)
        for code, _name in LANGUAGES:
            self.asr_language.addItem(_language_name(code), code)
        row.addWidget(self.asr_language)
        self.retranscribe = QPushButton(_tr("Transcribe again"), card)
        row.addWidget(self.retranscribe)
        self.asr_progress = QProgressBar(card)
        self.asr_progress.setRange(0, 0)
        self.asr_progress.setFixedHeight(6)
        self.asr_progress.setMaximumWidth(120)
        self.asr_progress.setTextVisible(False)
        self.asr_progress.hide()
        row.addWidget(self.asr_progress)
        self.asr_status = _muted("", card)
        row.addWidget(self.asr_status, 1)
        cl.addLayout(row)
        self.transcript = QPlainTextEdit(card)
        self.transcript.setObjectName("transcript")
        self.transcript.setAccessibleName(_tr("Transcript"))
        self.transcript.setPlaceholderText(_tr("The transcript appears here…"))
        cl.addWidget(self.transcript, 1)
        layout.addWidget(card, 1)
        self.retranscribe.clicked.connect(lambda: self.start_transcription(force=True))
        self.asr_language.activated.connect(lambda _i: self.start_transcription(force=True))
        self.transcript.textChanged.connect(self._on_transcript_typed)
        return page

    def _build_consent(self) -> QWidget:
        page = QWidget(self)
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        card, cl = _card(page)
        card.setMaximumWidth(760)
        cl.addWidget(_heading(_tr("Name the voice and record consent"), card))
        cl.addWidget(_muted(_tr(
            "A voice belongs to the person who speaks. Save it only with their agreement; the record "
            "travels with the voice when it is shared."), card))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        self.name_edit = QLineEdit(card)
        self.name_edit.setPlaceholderText(_tr("e.g. Grandma reading"))
        self.name_edit.setAccessibleName(_tr("Voice name"))
        form.addRow(_tr("Voice name"), self.name_edit)
        self.voice_language = QComboBox(card)
        self.voice_language.setAccessibleName(_tr("Voice language"))
        for code, _name in LANGUAGES:
            self.voice_language.addItem(_language_name(code), code)
        form.addRow(_tr("Language"), self.voice_language)
        self.speaker_edit = QLineEdit(card)
        self.speaker_edit.setPlaceholderText(_tr("Who is speaking in the clip"))
        self.speaker_edit.setAccessibleName(_tr("Speaker"))
        form.addRow(_tr("Speaker"), self.speaker_edit)
        self.consent_box = QCheckBox(_tr("They agreed to this use of their voice"), card)
        self.consent_box.setObjectName("consentBox")
        form.addRow("", self.consent_box)
        self.consent_how = QComboBox(card)
        self.consent_how.setEditable(True)
        self.consent_how.setAccessibleName(_tr("How they agreed"))
        for text in (_tr("It is my own voice"), _tr("In writing"), _tr("Spoken, on the recording"),
                     _tr("Spoken, not recorded"), _tr("Public-domain or licensed recording")):
            self.consent_how.addItem(text)
        form.addRow(_tr("How"), self.consent_how)
        self.source_edit = QLineEdit(card)
        self.source_edit.setAccessibleName(_tr("Source"))
        form.addRow(_tr("Source"), self.source_edit)
        self.licence_combo = QComboBox(card)
        self.licence_combo.setEditable(True)
        self.licence_combo.setAccessibleName(_tr("Licence"))
        for text in (_tr("Personal use only"), "CC BY 4.0", "CC BY-NC 4.0", "CC0 1.0",
                     _tr("All rights reserved")):
            self.licence_combo.addItem(text)
        form.addRow(_tr("Licence"), self.licence_combo)
        self.tags_edit = QLineEdit(card)
        self.tags_edit.setPlaceholderText(_tr("warm, narration, female (comma separated)"))
        self.tags_edit.setAccessibleName(_tr("Tags"))
        form.addRow(_tr("Tags"), self.tags_edit)
        cl.addLayout(form)
        cl.addStretch(1)
        layout.addWidget(card, 1)
        layout.addStretch(0)
        for edit in (self.name_edit, self.speaker_edit):
            edit.textChanged.connect(lambda _t: self._update_nav())
        self.consent_box.toggled.connect(lambda _on: self._update_nav())
        self.voice_language.currentIndexChanged.connect(self._on_voice_language)
        return page

    def _build_preview(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(10)
        row = QHBoxLayout()
        row.addWidget(QLabel(_tr("Preview sentence"), page))
        self.preview_text = QLineEdit(page)
        self.preview_text.setAccessibleName(_tr("Preview sentence"))
        row.addWidget(self.preview_text, 1)
        layout.addLayout(row)
        self.engine_area = QWidget(page)
        self.engine_layout = QVBoxLayout(self.engine_area)
        self.engine_layout.setContentsMargins(0, 0, 0, 0)
        self.engine_layout.setSpacing(10)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.engine_area)
        layout.addWidget(scroll, 1)
        return page

    # --- context from the window ------------------------------------------------------------------

    def set_library(self, library: Any) -> None:
        self.library = library
        self._update_nav()

    def set_player(self, player: Any, reason: str | None, device_tasks: Tasks | None = None) -> None:
        """The output for listening; `device_tasks` is the window's one queue for player calls."""
        self.player = player
        self.player_reason = reason
        if device_tasks is not None:
            self._device_tasks = device_tasks
        why = reason or _tr("No audio output device.")
        for b in (self.play_a, self.play_b, self.stop_play):
            b.setToolTip(why if player is None else b.toolTip())
        self._update_listen_buttons()

    def set_engines(self, engines: list[EngineChoice]) -> None:
        self.engines = list(engines)
        if self.pages.currentIndex() == 4:
            self._enter_preview()

    # --- navigation -------------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def _go(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        for i, chip in enumerate(self.step_labels):
            state = "done" if i < index else ("current" if i == index else "todo")
            if chip.property("state") != state:
                chip.setProperty("state", state)
                _repolish(chip)
        if index == 0:
            self.probe_inputs()
        if index == 2:
            self.start_transcription()
        if index == 4:
            self._enter_preview()
        self._update_nav()

    def next(self) -> None:
        if not self.next_button.isEnabled():
            return
        if self.step == 4:
            self.save()
            return
        self._go(self.step + 1)

    def back(self) -> None:
        if self.step > 0:
            self._go(self.step - 1)

    def cancel(self) -> None:
        self._cancel_record()
        self.stop_playback()
        for run in self._runs.values():
            if run.token is not None:
                run.token.cancel()
        self.reset()
        self.closed.emit()

    def reset(self) -> None:
        """Start over with an empty wizard (after a save or cancel)."""
        self._serial += 1
        self.source_audio = None
        self.prepared = None
        self.report = None
        self.source_label = self.source_kind = ""
        self.waveform.clear()
        self.waveform.set_placeholder(_tr("Choose or record a clip first."))
        self._clear_checklist()
        self.verdict_label.setText(_tr("Not checked yet"))
        self.window_label.clear()
        self.transcript.blockSignals(True)
        self.transcript.clear()
        self.transcript.blockSignals(False)
        self._transcript_edited = False
        self._transcribed_for = -1
        self.asr_status.clear()
        for w in (self.name_edit, self.speaker_edit, self.source_edit, self.tags_edit):
            w.clear()
        self.consent_box.setChecked(False)
        self.import_status.clear()
        self.notices.clear()
        self._clear_engine_cards()
        self._saving = False
        self._go(0)

    def _update_nav(self) -> None:
        step = self.step
        self.back_button.setEnabled(step > 0 and not self._saving)
        self.next_button.setText(_tr("Save voice") if step == 4 else _tr("Next"))
        ok, hint = self._can_leave(step)
        self.next_button.setEnabled(ok)
        self.next_button.setToolTip(hint)
        self.hint.setText(hint)
        # Steps ahead are reachable only once the earlier ones are done.
        self.step_labels[0].setToolTip(self.source_label)

    def _can_leave(self, step: int) -> tuple[bool, str]:
        if step == 0:
            if self.source_audio is None:
                return False, _tr("Record or import a clip to go on.")
            return True, _tr("{0}: {1:.1f} s").format(self.source_label, self.source_audio.duration)
        if step == 1:
            if self.report is None:
                return False, _tr("Checking the clip…")
            if self.prepared is None:
                return False, _tr("Preparing the selected window…")
            if self.prepared.duration < 1.0:
                return False, _tr("The selection is shorter than a second; widen it.")
            return True, _tr("The prepared clip is {0:.1f} s long.").format(self.prepared.duration)
        if step == 2:
            if not self.transcript.toPlainText().strip():
                needs = [c.name for c in self.engines if getattr(c.manifest.cloning, "needs_transcript", False)]  # noqa: E501
                if needs:
                    return False, _tr("{0} needs the transcript: wait for it or type it.").format(
                        ", ".join(needs))
                return True, _tr("No transcript: engines that need one will not be offered the voice.")
            return True, ""
        if step == 3:
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
        if self._saving:
            return False, _tr("Saving…")
        if self.library is None:
            return False, _tr("The voice library is still opening…")
        busy = [r.choice.name for r in self._runs.values() if r.token is not None]
        if busy:
            return False, _tr("Wait for {0} to finish, or cancel it.").format(", ".join(busy))
        made = [r for r in self._runs.values() if r.profile is not None]
        if not made:
            return True, _tr("No engine made a profile: the voice is saved with its reference only, "
                             "for an engine that can clone later.")
        return True, _tr("Saves the voice with {0} profile(s).").format(len(made))

    # --- step 1: source ---------------------------------------------------------------------------

    def probe_inputs(self) -> None:
        """Ask for microphones off the GUI thread (PortAudio can take a moment)."""
        services = self.services

        def probe() -> tuple[list[Any], str | None]:
            devices = services.input_devices()
            return devices, (None if devices else services.input_unavailable_reason(None))

        self._work.run(probe, self._on_inputs,
                       lambda exc: self._on_inputs(([], _tr("Microphones cannot be listed: {0}").format(exc))))  # noqa: E501

    def _on_inputs(self, result: tuple[list[Any], str | None]) -> None:
        devices, reason = result
        if self._recorder is not None:
            return
        self._devices = list(devices)
        current = self.input_combo.currentData()
        self.input_combo.clear()
        if not devices:
            why = reason or _tr("No microphone was found.")
            self.input_combo.addItem(_tr("No microphone"), None)
            self.input_combo.setEnabled(False)
            self.record_button.setEnabled(False)
            self.record_button.setToolTip(why)
            self.record_reason.setText(why if "import" in why.lower()
                                       else why + " " + _tr("Importing a file still works."))
            self.record_card.setEnabled(False)
            self.record_card.setToolTip(why)
            return
        self.record_card.setEnabled(True)
        self.record_card.setToolTip("")
        self.input_combo.setEnabled(True)
        for i, d in enumerate(devices):
            name = str(getattr(d, "name", d))
            self.input_combo.addItem(name + (_tr(" (default)") if getattr(d, "is_default", False) else ""), i)
        default = next((i for i, d in enumerate(devices) if getattr(d, "is_default", False)), 0)
        self.input_combo.setCurrentIndex(current if isinstance(current, int) and current < len(devices)
                                         else default)
        self.record_button.setEnabled(True)
        self.record_button.setToolTip(_tr("Counts down from 3, then records until you press Stop"))
        self.record_reason.setText(_tr("Press Record, wait for the countdown, then speak."))

    def toggle_record(self) -> None:
        if self._countdown > 0:
            self._cancel_record()
        elif self._recorder is not None:
            self.stop_recording()
        else:
            self.start_countdown()

    def start_countdown(self) -> None:
        if not self._devices:
            return
        self.stop_playback()
        self._countdown = COUNTDOWN_FROM
        self.countdown_label.setText(str(self._countdown))
        self.record_button.setText(_tr("Cancel"))
        self.input_combo.setEnabled(False)
        self._countdown_timer.start()

    def _tick_countdown(self) -> None:
        self._countdown -= 1
        if self._countdown > 0:
            self.countdown_label.setText(str(self._countdown))
            return
        self._countdown_timer.stop()
        self.countdown_label.setText(_tr("Starting…"))
        index = self.input_combo.currentData()
        device = self._devices[index] if isinstance(index, int) and index < len(self._devices) else None
        recorder = self.services.recorder(device)
        recorder.on_level = self._level_bridge.deliver
        self._recorder = recorder
        self.record_button.setText(_tr("■  Stop"))
        self._record_io.run(recorder.start, lambda _r: self._on_recording_started(recorder),
                            self._on_recording_failed)

    def _on_recording_started(self, recorder: Any) -> None:
        if recorder is not self._recorder:
            return
        self.countdown_label.setText(_tr("Recording…"))
        self._elapsed_timer.start()

    def _on_recording_failed(self, exc: BaseException) -> None:
        self._recorder = None
        self._elapsed_timer.stop()
        self.meter.reset()
        self.countdown_label.clear()
        self.record_button.setText(_tr("●  Record"))
        self.input_combo.setEnabled(bool(self._devices))
        self.notices.show_notice(_tr("Recording could not start: {0}").format(exc), Level.ERROR, key="record")

    def _tick_recording(self) -> None:
        recorder = self._recorder
        if recorder is None:
            return
        elapsed = float(getattr(recorder, "elapsed", 0.0))
        self.countdown_label.setText(_tr("Recording… {0:.1f} s").format(elapsed))
        if elapsed >= MAX_RECORD_S:
            self.stop_recording()

    def stop_recording(self) -> None:
        recorder = self._recorder
        if recorder is None:
            return
        self._recorder = None
        self._elapsed_timer.stop()
        self.countdown_label.setText(_tr("Finishing…"))
        self.record_button.setEnabled(False)

        def done(audio: Audio) -> None:
            self.record_button.setEnabled(True)
            self.record_button.setText(_tr("●  Record"))
            self.input_combo.setEnabled(True)
            self.countdown_label.clear()
            self.meter.reset()
            self.use_audio(audio, _tr("Recording"), "recorded")

        self._record_io.run(recorder.stop, done, self._on_recording_failed)

    def _cancel_record(self) -> None:
        self._countdown_timer.stop()
        self._countdown = 0
        recorder, self._recorder = self._recorder, None
        self._elapsed_timer.stop()
        if recorder is not None:
            self._record_io.run(recorder.stop, None, lambda _exc: None)
        self.countdown_label.clear()
        self.meter.reset()
        self.record_button.setText(_tr("●  Record"))
        self.input_combo.setEnabled(bool(self._devices))

    def ask_audio_path(self) -> str:
        """The open dialog (tests replace it)."""
        path, _f = QFileDialog.getOpenFileName(self, _tr("Import a voice recording"), str(Path.home()),
                                               AUDIO_FILTER + ";;" + _tr("All files (*)"))
        return path

    def choose_file(self) -> None:
        path = self.ask_audio_path()
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> None:
        """Read an audio file off the GUI thread, then show it in the Check step."""
        self.import_status.setText(_tr("Reading {0}…").format(Path(path).name))
        self.import_button.setEnabled(False)
        self._serial += 1
        serial = self._serial
        services = self.services

        def done(audio: Audio) -> None:
            self.import_button.setEnabled(True)
            if serial == self._serial:
                self.import_status.setText(Path(path).name)
                self.use_audio(audio, Path(path).name, "imported")

        def failed(exc: BaseException) -> None:
            self.import_button.setEnabled(True)
            self.import_status.setText("")
            self.notices.show_notice(_tr("{0} cannot be used: {1}").format(Path(path).name, exc),
                                     Level.ERROR, key="source")

        self._work.run(lambda: services.load_audio(path), done, failed)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if self.step == 0 and urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.import_card.setProperty("dragging", True)
            _repolish(self.import_card)

    def dragLeaveEvent(self, event: Any) -> None:
        self.import_card.setProperty("dragging", False)
        _repolish(self.import_card)

    def dropEvent(self, event: QDropEvent) -> None:
        self.import_card.setProperty("dragging", False)
        _repolish(self.import_card)
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if not urls:
            return
        path = urls[0].toLocalFile()
        if Path(path).suffix.lower() not in AUDIO_SUFFIXES:
            self.notices.show_notice(_tr("{0} does not look like an audio file (WAV, FLAC, OGG or MP3).").format(  # noqa: E501
                Path(path).name), Level.ERROR, key="source")
            return
        event.acceptProposedAction()
        self.load_file(path)

    def use_audio(self, audio: Audio, label: str, kind: str) -> None:
        """A clip arrived (recorded or imported): show it and check it."""
        self.notices.dismiss("source")
        self._serial += 1
        self.source_audio = audio
        self.source_label = label
        self.source_kind = kind
        self.report = None
        self.prepared = None
        self._transcribed_for = -1
        self._transcript_edited = False
        self.transcript.blockSignals(True)
        self.transcript.clear()
        self.transcript.blockSignals(False)
        self._clear_engine_cards()
        if not self.source_edit.text().strip() or self.source_edit.property("auto"):
            self.source_edit.setText(_tr("Recorded in Step Audio Studio") if kind == "recorded"
                                     else _tr("Imported from {0}").format(label))
            self.source_edit.setProperty("auto", True)
        self.waveform.set_audio(audio.samples, audio.sample_rate)
        self.waveform.set_placeholder(_tr("Checking…"))
        self._go(1)
        self.start_check()

    # --- step 2: check ----------------------------------------------------------------------------

    def start_check(self) -> None:
        audio = self.source_audio
        if audio is None:
            return
        serial = self._serial
        self.verdict_label.setText(_tr("Checking the clip…"))
        self._clear_checklist()
        services = self.services

        def done(report: Any) -> None:
            if serial == self._serial:
                self._show_report(report)

        def failed(exc: BaseException) -> None:
            if serial == self._serial:
                self.verdict_label.setText(_tr("The clip could not be checked: {0}").format(exc))
                self._set_verdict_state("problem")

        self._work.run(lambda: services.check(audio), done, failed)

    def _clear_checklist(self) -> None:
        while self.checklist_layout.count():
            item = self.checklist_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def _set_verdict_state(self, state: str) -> None:
        self.verdict_label.setProperty("state", state)
        _repolish(self.verdict_label)

    def _show_report(self, report: Any) -> None:
        assert self.source_audio is not None
        self.report = report
        verdict = verdict_of(report)
        texts = {"good": _tr("✓  A good reference."),
                 "warning": _tr("!  Usable, with the warnings below."),
                 "problem": _tr("✕  This clip has problems: a clone made from it will suffer.")}
        # The checklist below names each criterion; the headline is translated, the core's summary is not.
        self.verdict_label.setText(texts.get(verdict, verdict))
        self._set_verdict_state(verdict)
        self._clear_checklist()
        for item in report_items(report):
            self.checklist_layout.addWidget(self._check_row(item))
        self.checklist_layout.addStretch(1)
        start, end = best_window(report, self.source_audio.duration)
        self.waveform.set_region(start, end)
        score = getattr(getattr(report, "best_window", None), "score", None)
        self._window_score = score
        self._prepare_now()

    def _check_row(self, item: Any) -> QWidget:
        status = status_of(item)
        row = QWidget(self.checklist)
        row.setObjectName("checkRow")
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        mark = QLabel(MARKS.get(status, "·"), row)
        mark.setObjectName("checkMark")
        mark.setProperty("state", status)
        mark.setFixedSize(18, 18)
        mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(f"<b>{item_title(item)}</b>", row)
        value = QLabel(item_value(item), row)
        value.setProperty("role", "muted")
        message = QLabel(str(getattr(item, "message", "")), row)
        message.setWordWrap(True)
        message.setProperty("role", "muted")
        grid.addWidget(mark, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(title, 0, 1)
        grid.addWidget(value, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(message, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        row.setAccessibleName(f"{status}: {item_title(item)} {item_value(item)}. {message.text()}")
        return row

    def checklist_rows(self) -> list[str]:
        """The checklist as text, one row each (tests, screen readers)."""
        rows = []
        for i in range(self.checklist_layout.count()):
            w = self.checklist_layout.itemAt(i).widget()
            if w is not None:
                rows.append(w.accessibleName())
        return rows

    def _schedule_prepare(self) -> None:
        if self.report is not None:
            self.prepared = None
            self._update_nav()
            self._prepare_timer.start()

    def selection(self) -> tuple[float, float]:
        assert self.source_audio is not None
        span = self.waveform.region() if self.trim_box.isChecked() else None
        if span is None:
            return 0.0, self.source_audio.duration
        return max(0.0, span[0]), min(self.source_audio.duration, span[1])

    def _prepare_now(self) -> None:
        audio = self.source_audio
        if audio is None or self.report is None:
            return
        start, end = self.selection()
        normalise, denoise = self.normalise_box.isChecked(), self.denoise_box.isChecked()
        self._prepare_serial += 1
        serial = self._prepare_serial
        length = end - start
        text = _tr("Selection {0:.1f}–{1:.1f} s ({2:.1f} s)").format(start, end, length)
        if length < IDEAL_MIN_S:
            text += "  ·  " + _tr("shorter than the ideal 5–10 s")
        elif length > IDEAL_MAX_S + 5:
            text += "  ·  " + _tr("longer than needed; 5–10 s is ideal")
        if self.trim_box.isChecked():
            text += "  ·  " + _tr("drag the highlighted window or its edges to change it")
        self.window_label.setText(text)
        self.prepared = None
        self._update_nav()
        services = self.services

        def done(prepared: Audio) -> None:
            if serial == self._prepare_serial:
                self.prepared = prepared
                self._transcribed_for = -1 if not self._transcript_edited else self._transcribed_for
                self._clear_engine_cards()
                self._update_nav()
                self._update_listen_buttons()

        def failed(exc: BaseException) -> None:
            if serial == self._prepare_serial:
                self.notices.show_notice(_tr("The clip could not be prepared: {0}").format(exc), Level.ERROR,
                                         key="prepare")

        self._work.run(lambda: services.prepare(audio, start, end, normalise, denoise), done, failed)

    def _update_listen_buttons(self) -> None:
        has_player = self.player is not None
        self.play_a.setEnabled(has_player and self.source_audio is not None)
        self.play_b.setEnabled(has_player and self.prepared is not None)
        self.stop_play.setEnabled(has_player)

    def _play(self, audio: Audio | None) -> None:
        if audio is None:
            return
        if self.player is None:
            self.notices.show_notice(self.player_reason or _tr("No audio output device."), Level.INFO,
                                     key="playback")
            return
        player = self.player
        self._device_tasks.run(lambda: player.play(audio, 0.0), None,
                               lambda exc: self.notices.show_notice(str(exc), Level.WARNING, key="playback"))

    def stop_playback(self) -> None:
        player = self.player
        if player is not None and player.playing:
            self._device_tasks.run(player.stop)

    # --- step 3: transcript -----------------------------------------------------------------------

    def _on_transcript_typed(self) -> None:
        self._transcript_edited = True
        self._update_nav()

    def start_transcription(self, force: bool = False) -> None:
        """Transcribe the prepared clip in the background (once per clip unless forced)."""
        audio = self.prepared
        if audio is None:
            return
        if not force and (self._transcribed_for == self._prepare_serial or self._transcript_edited):
            return
        self._transcribed_for = self._prepare_serial
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
                _language_name(detected)) if detected else _tr("Check the words and correct any mistake."))
            if detected:
                self._set_voice_language(detected)
            self._update_nav()

        def failed(exc: BaseException) -> None:
            if serial != self._asr_serial:
                return
            self.asr_progress.hide()
            self.retranscribe.setEnabled(True)
            self.asr_status.setText(_tr("Automatic transcription failed ({0}); type the transcript.").format(exc))  # noqa: E501

        self._work.run(lambda: services.transcribe(audio, language), done, failed)

    def _set_voice_language(self, code: str) -> None:
        code = {"cmn": "zh", "zh-cn": "zh"}.get(code.lower(), code.lower())
        index = self.voice_language.findData(code)
        if index >= 0:
            self.voice_language.setCurrentIndex(index)

    def _on_voice_language(self, _index: int) -> None:
        code = self.voice_language.currentData() or "en"
        current = self.preview_text.text()
        if not current or current in PREVIEW_SENTENCES.values():
            self.preview_text.setText(PREVIEW_SENTENCES.get(code, PREVIEW_SENTENCES["en"]))

    # --- step 5: preview and save -----------------------------------------------------------------

    def _clear_engine_cards(self) -> None:
        for run in self._runs.values():
            if run.token is not None:
                run.token.cancel()
            run.card.deleteLater()
        self._runs.clear()
        while self.engine_layout.count():
            item = self.engine_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _enter_preview(self) -> None:
        if not self.preview_text.text():
            self._on_voice_language(0)
        if self._runs:
            self._update_nav()
            return
        self._clear_engine_cards()
        if not self.engines:
            frame, fl = _card(self.engine_area)
            fl.addWidget(_heading(_tr("No installed engine can use a reference yet"), frame))
            fl.addWidget(_muted(_tr(
                "The voice can still be saved with its checked reference, transcript and consent; an "
                "engine that clones (such as Step-Audio) can use it once installed. The voice library "
                "shows which engines can use each voice."), frame))
            self.engine_layout.addWidget(frame)
            self.engine_layout.addStretch(1)
            self._update_nav()
            return
        for choice in self.engines:
            self._runs[choice.engine_id] = self._engine_card(choice)
        self.engine_layout.addStretch(1)
        for run in self._runs.values():
            self.start_engine(run.choice.engine_id)
        self._update_nav()

    def _engine_card(self, choice: EngineChoice) -> _EngineRun:
        cloning = choice.manifest.cloning
        frame, fl = _card(self.engine_area)
        frame.setObjectName("card")
        head = QHBoxLayout()
        head.addWidget(_heading(choice.name, frame))
        badge = QLabel(_tr("Clones the voice") if cloning.kind == "clone" else _tr("Voice match"), frame)
        badge.setProperty("role", "badge")
        head.addWidget(badge)
        head.addStretch(1)
        fl.addLayout(head)
        what = cloning.note or (_tr("Makes a zero-shot clone of the reference.") if cloning.kind == "clone"
                                else _tr("Picks the nearest of its own voices; it does not clone."))
        fl.addWidget(_muted(_tr("What it does with the reference: {0}").format(what), frame))
        if self.prepared is not None and cloning.ideal_seconds:
            fl.addWidget(_muted(_tr("Works best with {0:g}–{1:g} s of speech; yours is {2:.1f} s.").format(
                cloning.min_seconds or cloning.ideal_seconds, cloning.max_seconds or cloning.ideal_seconds,
                self.prepared.duration), frame))
        row = QHBoxLayout()
        progress = QProgressBar(frame)
        progress.setRange(0, 100)
        progress.setFixedHeight(6)
        progress.setTextVisible(False)
        status = _muted("", frame)
        cancel = QPushButton(_tr("Cancel"), frame)
        retry = QPushButton(_tr("Try again"), frame)
        preview = QPushButton(_tr("▶  Preview"), frame)
        preview.setEnabled(False)
        row.addWidget(progress, 1)
        row.addWidget(cancel)
        row.addWidget(retry)
        row.addWidget(preview)
        fl.addWidget(status)
        fl.addLayout(row)
        result = QLabel("", frame)
        result.setObjectName("similarity")
        result.setWordWrap(True)
        fl.addWidget(result)
        self.engine_layout.addWidget(frame)
        eid = choice.engine_id
        cancel.clicked.connect(lambda: self.cancel_engine(eid))
        retry.clicked.connect(lambda: self.start_engine(eid))
        preview.clicked.connect(lambda: self.preview_engine(eid))
        return _EngineRun(choice, frame, status, progress, cancel, retry, preview, result)

    def start_engine(self, engine_id: str) -> None:
        """Make this engine's profile in the background (load the engine first if needed)."""
        run = self._runs.get(engine_id)
        reference = self.prepared
        if run is None or reference is None or run.token is not None:
            return
        transcript = self.transcript.toPlainText().strip() or None
        if getattr(run.choice.manifest.cloning, "needs_transcript", False) and not transcript:
            run.status.setText(_tr("Needs a transcript: go back one step and type it."))
            return
        token = CancelToken()
        run.token = token
        run.profile = None
        run.error = None
        run.serial += 1
        serial = run.serial
        run.progress.setValue(0)
        run.progress.show()
        run.status.setText(_tr("Loading {0}…").format(run.choice.name))
        run.result.clear()
        run.cancel_button.setEnabled(True)
        run.retry_button.setEnabled(False)
        run.preview_button.setEnabled(False)
        bridge = self._progress_bridge
        choice = run.choice

        def work() -> VoiceProfile:
            backend = choice.get_backend()
            token.raise_if_cancelled()
            return backend.prepare_voice(
                reference, transcript, token,
                lambda fraction, message: bridge.deliver((engine_id, serial, float(fraction), str(message))))

        def done(profile: VoiceProfile) -> None:
            if run.serial != serial or self._runs.get(engine_id) is not run:
                return
            run.token = None
            run.profile = profile
            run.progress.setValue(100)
            run.status.setText(_tr("Ready."))
            run.result.setText(self._describe_profile(profile))
            run.cancel_button.setEnabled(False)
            run.retry_button.setEnabled(True)
            run.preview_button.setEnabled(True)
            self._update_nav()

        def failed(exc: BaseException) -> None:
            if run.serial != serial or self._runs.get(engine_id) is not run:
                return
            run.token = None
            cancelled = token.cancelled or type(exc).__name__ == "Cancelled"
            run.error = None if cancelled else str(exc)
            run.progress.setValue(0)
            run.status.setText(_tr("Cancelled. Nothing from {0} is saved with the voice.").format(choice.name)
                               if cancelled else _tr("Failed: {0}").format(exc))
            run.cancel_button.setEnabled(False)
            run.retry_button.setEnabled(True)
            self._update_nav()

        self._engine_work.run(work, done, failed)
        self._update_nav()

    def _on_engine_progress(self, _tag: int, value: object) -> None:
        engine_id, serial, fraction, message = value  # type: ignore[misc]
        run = self._runs.get(engine_id)
        if run is None or run.serial != serial or run.token is None:
            return
        run.progress.setValue(round(100 * min(max(fraction, 0.0), 1.0)))
        if message:
            run.status.setText(message)

    def cancel_engine(self, engine_id: str) -> None:
        run = self._runs.get(engine_id)
        if run is not None and run.token is not None:
            run.token.cancel()
            run.status.setText(_tr("Cancelling…"))
            run.cancel_button.setEnabled(False)

    @staticmethod
    def _describe_profile(profile: VoiceProfile) -> str:
        parts = []
        if profile.similarity is not None:
            text = _tr("Similarity to the reference: <b>{0:.2f}</b>").format(profile.similarity)
            if profile.baseline_similarity is not None:
                gain = profile.similarity - profile.baseline_similarity
                text += _tr(" (default voice {0:.2f}, {1:+.2f})").format(profile.baseline_similarity, gain)
            parts.append(text)
        if profile.note:
            parts.append(profile.note)
        return "<br>".join(parts) or _tr("Profile ready.")

    def profiles(self) -> list[VoiceProfile]:
        return [r.profile for r in self._runs.values() if r.profile is not None]

    def preview_engine(self, engine_id: str) -> None:
        """Speak the preview sentence with the new profile, off the GUI thread, then play it."""
        run = self._runs.get(engine_id)
        if run is None or run.profile is None:
            return
        text = self.preview_text.text().strip() or PREVIEW_SENTENCES["en"]
        profile = run.profile
        choice = run.choice
        run.preview_button.setEnabled(False)
        run.status.setText(_tr("Speaking the preview…"))

        def work() -> Audio:
            backend = choice.get_backend()
            request = SynthesisRequest(text=text, voice_profile=profile)
            chunks: list[np.ndarray] = []
            rate = 0
            for event in backend.synthesize(request, CancelToken()):
                if isinstance(event, AudioChunk):
                    chunks.append(event.samples)
                    rate = event.sample_rate
            if not chunks:
                raise RuntimeError(_tr("the engine produced no audio"))
            return Audio(np.concatenate(chunks), rate)

        def done(audio: Audio) -> None:
            run.preview_button.setEnabled(True)
            run.status.setText(_tr("Preview: {0:.1f} s").format(audio.duration))
            self.last_preview = audio
            self._play(audio)

        def failed(exc: BaseException) -> None:
            run.preview_button.setEnabled(True)
            run.status.setText(_tr("The preview failed: {0}").format(exc))

        self._work.run(work, done, failed)

    def save(self) -> None:
        """Store the voice with its profiles (off the GUI thread); then `saved(voice)`."""
        ok, hint = self._can_leave(4)
        if not ok or self.prepared is None or self.library is None:
            self.hint.setText(hint)
            return
        library = self.library
        reference = self.prepared
        name = self.name_edit.text().strip()
        transcript = self.transcript.toPlainText().strip()
        language = str(self.voice_language.currentData() or "en")
        tags = tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())
        profiles = self.profiles()
        consent_fields = {"speaker": self.speaker_edit.text().strip(), "given": self.consent_box.isChecked(),
                          "how": self.consent_how.currentText().strip(),
                          "source": self.source_edit.text().strip(),
                          "licence": self.licence_combo.currentText().strip()}
        kinds = {p.kind for p in profiles}
        origin = "matched" if kinds == {"match"} else "cloned"
        self._saving = True
        self._update_nav()
        self.hint.setText(_tr("Saving “{0}”…").format(name))

        def work() -> Any:
            consent = make_consent(**consent_fields)
            return library.add(name, reference, transcript=transcript, language=language, consent=consent,
                               origin=origin, profiles=profiles, tags=tags)

        def done(voice: Any) -> None:
            self._saving = False
            self.statusMessage.emit(_tr("Saved the voice “{0}”.").format(name))
            self.reset()
            self.saved.emit(voice)

        def failed(exc: BaseException) -> None:
            self._saving = False
            self._update_nav()
            self.notices.show_notice(_tr("The voice could not be saved: {0}").format(exc), Level.ERROR,
                                     key="save")

        self._io.run(work, done, failed)

    # --- shutdown ---------------------------------------------------------------------------------

    def shutdown(self) -> None:
        self._cancel_record()
        for run in self._runs.values():
            if run.token is not None:
                run.token.cancel()
        for tasks in (self._record_io, self._io, self._work, self._engine_work):
            tasks.wait(5_000)


def ensure_loaded(manager: Any, engine_id: str) -> Any:
    """Block (on a worker thread) until `engine_id` is loaded by the window's EngineManager."""
    if manager.is_loaded(engine_id):
        return manager.backend(engine_id)
    finished = threading.Event()
    errors: list[str | None] = []

    def on_done(error: str | None) -> None:
        errors.append(error)
        finished.set()

    manager.load_in_background(engine_id, on_done)
    finished.wait()
    if errors and errors[0]:
        raise RuntimeError(errors[0])
    return manager.backend(engine_id)

