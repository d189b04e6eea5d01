"""The Clone wizard: from a few seconds of someone's voice to a saved voice the studio can use.

Five steps in one page flow (a step bar on top, Back / Next at the bottom), not a modal dialog:
the user can switch to Speak mid-way and come back to where they were. Each step is its own
widget (source_step, check_step, transcript_step, consent_step, preview_step); this module puts
them in order, says when the user may go on, starts over on a new clip, and saves the voice.

Every slow step (loading, checking, preparing the clip, ASR, engine preparation, synthesis,
saving, device calls) runs through `Tasks`; results come back tagged with a serial number so a
late answer about an older clip is dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio
from backends.base import VoiceProfile
from studio.ui.clone.check_step import CheckStep
from studio.ui.clone.consent_step import ConsentStep
from studio.ui.clone.engines import EngineChoice, ensure_loaded
from studio.ui.clone.preview_step import PreviewStep
from studio.ui.clone.services import CloneServices, make_consent
from studio.ui.clone.source_step import AUDIO_FILTER, SourceStep
from studio.ui.clone.step_kit import Clip, Listening, muted, repolish
from studio.ui.clone.transcript_step import TranscriptStep
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from widgets.notices import Level, NoticeArea
from widgets.sizes import scaled

__all__ = ["CloneWizard", "EngineChoice", "ensure_loaded"]


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
        self.engines: list[EngineChoice] = []
        self._work = Tasks(self, 2, "clone-work")  # load, check, prepare, ASR, synthesis
        self._record_io = Tasks(self, 1, "clone-recorder")  # the microphone, in order
        self._engine_work = Tasks(self, 2, "clone-engines")
        self._io = Tasks(self, 1, "clone-save")
        self.clip = Clip()
        self._saving = False

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
        self.listening = Listening(Tasks(self, 1, "clone-audio-device"), self.notices)

        self.pages = QStackedWidget(self)
        self.source = SourceStep(self.services, self.clip, self._work, self._record_io, self.listening,
                                 self.notices, self)
        self.check = CheckStep(self.services, self.clip, self._work, self.listening, self.notices, self)
        self.transcript_step = TranscriptStep(self.services, self.clip, self._work, self)
        self.consent = ConsentStep(self)
        self.preview = PreviewStep(self.clip, self.transcript_step.text, self._work, self._engine_work,
                                   self.listening, self, consent=lambda: self.consent.consent_fields())
        for page in (self.source, self.check, self.transcript_step, self.consent, self.preview):
            self.pages.addWidget(page)
        outer.addWidget(self.pages, 1)
        # The widgets the window and the tests reach through the wizard.
        self.record_button = self.source.record_button
        self.record_reason = self.source.record_reason
        self.import_button = self.source.import_button
        self.waveform = self.check.waveform
        self.transcript = self.transcript_step.transcript
        self.name_edit = self.consent.name_edit
        self.speaker_edit = self.consent.speaker_edit
        self.consent_box = self.consent.consent_box
        self._runs = self.preview.runs

        bottom = QHBoxLayout()
        self.cancel_button = QPushButton(_tr("Cancel"), self)
        self.cancel_button.setToolTip(_tr("Leave the wizard; nothing is saved"))
        self.hint = muted("", self)
        self.hint.setObjectName("wizardHint")
        self.back_button = QPushButton(_tr("Back"), self)
        self.next_button = QPushButton(_tr("Next"), self)
        self.next_button.setObjectName("primary")
        self.next_button.setMinimumWidth(scaled(120))
        bottom.addWidget(self.cancel_button)
        bottom.addSpacing(12)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.next_button)
        outer.addLayout(bottom)

        self.cancel_button.clicked.connect(self.cancel)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.source.import_button.clicked.connect(self.choose_file)
        self.source.clipArrived.connect(self.use_audio)
        self.check.changed.connect(self._update_nav)
        self.check.preparedReady.connect(self._on_prepared)
        self.transcript_step.changed.connect(self._update_nav)
        self.transcript_step.languageDetected.connect(self.consent.set_language)
        self.consent.changed.connect(self._update_nav)
        self.consent.voice_language.currentIndexChanged.connect(self._on_voice_language)
        self.preview.changed.connect(self._update_nav)

    # --- the clip, as the steps have left it --------------------------------------------------------

    @property
    def source_audio(self) -> Audio | None:
        return self.clip.audio

    @property
    def report(self) -> Any:
        return self.clip.report

    @property
    def prepared(self) -> Audio | None:
        return self.clip.prepared

    def checklist_rows(self) -> list[str]:
        """The checklist as text, one row each (tests, screen readers)."""
        return self.check.checklist_rows()

    def profiles(self) -> list[VoiceProfile]:
        return self.preview.profiles()

    # --- context from the window ------------------------------------------------------------------

    def set_library(self, library: Any) -> None:
        self.library = library
        self._update_nav()

    def set_player(self, player: Any, reason: str | None, device_tasks: Tasks | None = None) -> None:
        """The output for listening; `device_tasks` is the window's one queue for player calls."""
        self.listening.player = player
        self.listening.reason = reason
        if device_tasks is not None:
            self.listening.device_tasks = device_tasks
        self.check.show_player(reason)

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
                repolish(chip)
        if index == 0:
            self.probe_inputs()
        if index == 2:
            self.transcript_step.start_transcription()
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
        self.source.cancel_record()
        self.stop_playback()
        self.preview.cancel_all()
        self.reset()
        self.closed.emit()

    def reset(self) -> None:
        """Start over with an empty wizard (after a save or cancel)."""
        self.clip.serial += 1
        self.clip.audio = None
        self.clip.prepared = None
        self.clip.report = None
        self.clip.label = self.clip.kind = ""
        self.check.reset()
        self.transcript_step.reset()
        self.consent.clear()
        self.source.import_status.clear()
        self.notices.clear()
        self.preview.clear_engine_cards()
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
        self.step_labels[0].setToolTip(self.clip.label)

    def _can_leave(self, step: int) -> tuple[bool, str]:
        if step == 0:
            if self.clip.audio is None:
                return False, _tr("Record or import a clip to go on.")
            return True, _tr("{0}: {1:.1f} s").format(self.clip.label, self.clip.audio.duration)
        if step == 1:
            if self.clip.report is None:
                return False, _tr("Checking the clip…")
            refusal = getattr(self.clip.report, "refusal", lambda: None)()
            if refusal is not None:  # the same decision as the CLI's and the server's
                return False, translate_core(refusal)
            if self.clip.prepared is None:
                return False, _tr("Preparing the selected window…")
            if self.clip.prepared.duration < 1.0:
                return False, _tr("The selection is shorter than a second; widen it.")
            return True, _tr("The prepared clip is {0:.1f} s long.").format(self.clip.prepared.duration)
        if step == 2:
            return self.transcript_step.can_leave(self.engines)
        if step == 3:
            return self.consent.can_leave()
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
        self.source.probe_inputs()

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
        self.source.load_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if self.step == 0 and urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.source.set_dragging(True)

    def dragLeaveEvent(self, event: Any) -> None:
        self.source.set_dragging(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self.source.drop(event)

    def use_audio(self, audio: Audio, label: str, kind: str) -> None:
        """A clip arrived (recorded or imported): show it and check it."""
        self.notices.dismiss("source")
        self.clip.serial += 1
        self.clip.audio = audio
        self.clip.label = label
        self.clip.kind = kind
        self.clip.report = None
        self.clip.prepared = None
        self.transcript_step.forget()
        self.preview.clear_engine_cards()
        self.consent.note_source(label, kind)
        self.check.show_clip(audio)
        self._go(1)
        self.check.start_check()

    # --- steps 2 to 4: check, transcript, consent -------------------------------------------------

    def _on_prepared(self) -> None:
        """A new prepared clip: the transcript and the engines' profiles are for the old one."""
        self.transcript_step.clip_changed()
        self.preview.clear_engine_cards()
        self._update_nav()

    def stop_playback(self) -> None:
        self.listening.stop()

    def _on_voice_language(self, _index: int) -> None:
        self.preview.suggest_sentence(self.consent.language_code())

    # --- step 5: preview and save -----------------------------------------------------------------

    def _enter_preview(self) -> None:
        if not self.preview.preview_text.text():
            self._on_voice_language(0)
        self.preview.enter(self.engines)
        self._update_nav()

    def save(self) -> None:
        """Store the voice with its profiles (off the GUI thread); then `saved(voice)`."""
        ok, hint = self._can_leave(4)
        if not ok or self.clip.prepared is None or self.library is None:
            self.hint.setText(hint)
            return
        library = self.library
        reference = self.clip.prepared
        name = self.consent.voice_name()
        transcript = self.transcript_step.text()
        language = self.consent.language_code()
        tags = self.consent.tags()
        profiles = self.profiles()
        consent_fields = self.consent.consent_fields()
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
        self.source.cancel_record()
        self.preview.cancel_all()
        self.check.tokens.shutdown()
        for tasks in (self._record_io, self._io, self._work, self._engine_work):
            tasks.wait(5_000)
