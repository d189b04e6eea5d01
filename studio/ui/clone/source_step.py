"""Step 1 of the Clone wizard, the source: record from a chosen microphone (3-2-1 countdown, live
level meter) or import a file. With no input device the record card is disabled and says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backends.audio import Audio
from studio.ui.clone.services import CloneServices
from studio.ui.clone.step_kit import Clip, Listening, card, heading, muted, repolish
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from widgets.icons import icon
from widgets.level_meter import LevelMeter
from widgets.notices import Level, NoticeArea

AUDIO_FILTER = "Audio (*.wav *.flac *.ogg *.mp3 *.m4a *.aiff *.aif)"
AUDIO_SUFFIXES = {".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aiff", ".aif", ".opus"}
MAX_RECORD_S = 30.0
COUNTDOWN_FROM = 3


class SourceStep(QWidget):
    """The record and import cards; `clipArrived(audio, label, kind)` once a clip is in."""

    clipArrived = Signal(object, str, str)

    def __init__(self, services: CloneServices, clip: Clip, work: Tasks, record_io: Tasks,
                 listening: Listening, notices: NoticeArea, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.clip = clip
        self._work = work  # shared with the other steps: load, check, prepare, ASR, synthesis
        self._record_io = record_io  # the microphone, in order
        self.listening = listening
        self.notices = notices
        self._recorder: Any = None
        self._countdown = 0
        self._devices: list[Any] = []
        self._level_bridge = EventBridge(0, self)
        self._level_bridge.event.connect(lambda _t, v: self.meter.set_level(float(v)))  # type: ignore[arg-type]
        self._build()

    def _build(self) -> None:
        page = self
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(12)
        intro = muted(_tr(
            "About 5 to 10 seconds of one person speaking naturally, in a quiet room, works best. "
            "Longer recordings are fine: the next step finds the best part."), page)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.setSpacing(14)

        self.record_card, rc = card(page)
        rc.addWidget(heading(_tr("Record"), self.record_card))
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
        self.record_button = QPushButton(icon("record"), _tr("Record"), self.record_card)
        self.record_button.setObjectName("recordButton")
        self.record_button.setEnabled(False)
        self.record_button.setMinimumHeight(36)
        rc.addWidget(self.record_button)
        self.record_reason = muted(_tr("Looking for microphones…"), self.record_card)
        rc.addWidget(self.record_reason)
        rc.addStretch(1)
        row.addWidget(self.record_card, 1)

        self.import_card, ic = card(page)
        self.import_card.setObjectName("dropZone")
        ic.addWidget(heading(_tr("Import a file"), self.import_card))
        drop = QLabel(_tr("Drop an audio file here\n\nWAV, FLAC, OGG or MP3"), self.import_card)
        drop.setObjectName("dropHint")
        drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop.setMinimumHeight(120)
        ic.addWidget(drop, 1)
        self.import_button = QPushButton(_tr("Choose a file…"), self.import_card)
        self.import_button.setMinimumHeight(36)
        ic.addWidget(self.import_button)
        self.import_status = muted("", self.import_card)
        ic.addWidget(self.import_status)
        row.addWidget(self.import_card, 1)
        layout.addLayout(row, 1)

        self.record_button.clicked.connect(self.toggle_record)
        self._countdown_timer = QTimer(self)
        self._countdown_timer.setInterval(1000)
        self._countdown_timer.timeout.connect(self._tick_countdown)
        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.setInterval(100)
        self._elapsed_timer.timeout.connect(self._tick_recording)

    # --- microphones ------------------------------------------------------------------------------

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
            why = translate_core(reason) if reason else _tr("No microphone was found.")
            self.input_combo.addItem(_tr("No microphone"), None)
            self.input_combo.setEnabled(False)
            self.record_button.setEnabled(False)
            self.record_button.setToolTip(why)
            self.record_reason.setText(why if "import" in (reason or "").lower()
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

    # --- recording --------------------------------------------------------------------------------

    def toggle_record(self) -> None:
        if self._countdown > 0:
            self.cancel_record()
        elif self._recorder is not None:
            self.stop_recording()
        else:
            self.start_countdown()

    def start_countdown(self) -> None:
        if not self._devices:
            return
        self.listening.stop()
        self._countdown = COUNTDOWN_FROM
        self.countdown_label.setText(str(self._countdown))
        self.record_button.setText(_tr("Cancel"))
        self.record_button.setIcon(icon("stop"))
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
        self.record_button.setText(_tr("Stop"))
        self.record_button.setIcon(icon("stop"))
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
        self.record_button.setText(_tr("Record"))
        self.record_button.setIcon(icon("record"))
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
            self.record_button.setText(_tr("Record"))
            self.record_button.setIcon(icon("record"))
            self.input_combo.setEnabled(True)
            self.countdown_label.clear()
            self.meter.reset()
            self.clipArrived.emit(audio, _tr("Recording"), "recorded")

        self._record_io.run(recorder.stop, done, self._on_recording_failed)

    def cancel_record(self) -> None:
        self._countdown_timer.stop()
        self._countdown = 0
        recorder, self._recorder = self._recorder, None
        self._elapsed_timer.stop()
        if recorder is not None:
            self._record_io.run(recorder.stop, None, lambda _exc: None)
        self.countdown_label.clear()
        self.meter.reset()
        self.record_button.setText(_tr("Record"))
        self.record_button.setIcon(icon("record"))
        self.input_combo.setEnabled(bool(self._devices))

    # --- importing --------------------------------------------------------------------------------

    def load_file(self, path: str) -> None:
        """Read an audio file off the GUI thread, then hand it on (`clipArrived`)."""
        self.import_status.setText(_tr("Reading {0}…").format(Path(path).name))
        self.import_button.setEnabled(False)
        self.clip.serial += 1
        serial = self.clip.serial
        services = self.services

        def done(audio: Audio) -> None:
            self.import_button.setEnabled(True)
            if serial == self.clip.serial:
                self.import_status.setText(Path(path).name)
                self.clipArrived.emit(audio, Path(path).name, "imported")

        def failed(exc: BaseException) -> None:
            self.import_button.setEnabled(True)
            self.import_status.setText("")
            self.notices.show_notice(_tr("{0} cannot be used: {1}").format(Path(path).name, exc),
                                     Level.ERROR, key="source")

        self._work.run(lambda: services.load_audio(path), done, failed)

    def set_dragging(self, dragging: bool) -> None:
        self.import_card.setProperty("dragging", dragging)
        repolish(self.import_card)

    def drop(self, event: QDropEvent) -> None:
        """A drop anywhere on the wizard: load the first local file if it looks like audio."""
        self.set_dragging(False)
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
