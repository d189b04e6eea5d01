"""The Speak workspace: write tagged text, pick a voice, hear it while it is made, keep the takes.

The page composes its panels (text, voice bar with presets, transport, waveform, takes) and runs
the take being made. It renders what the core reports and asks the core to do things; it never
waits. A take is a `SynthesisJob` whose events arrive on a worker thread and are re-emitted on the
GUI thread through an `EventBridge` tagged with the job's serial number, so a straggler from a
cancelled take is ignored. Chunks go to the `StreamPlayer` and to the waveform as they arrive, which
is what lets the user hear the first sentence while later ones are still being made. Library writes
go through a one-thread task queue (ordered, off the GUI thread); audio loads of older takes through
another.

Decisions a user will notice:
- Stopping a take mid-stream discards it (the history keeps only finished takes); the notice says so.
- Unsupported tags never block a take: the editor underlines them, the summary line counts them,
  and the engine reports each as a warning that is stored with the take.
- The editor text is saved as a draft (debounced, off the GUI thread), so nothing typed is lost.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from backends.audio import Audio
from backends.base import (
    AudioChunk,
    Backend,
    Finished,
    Manifest,
    Progress,
    SpeechTokens,
    SynthesisRequest,
    SynthesisWarning,
    TagSupport,
    VoiceInfo,
    VoiceProfile,
)
from backends.tags import Tag
from studio.engines.jobs import JobCancelled, JobFailed, SynthesisJob
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.speak.playback import Playback
from studio.ui.speak.presets import EngineSwitcher, PresetsButton
from studio.ui.speak.pronunciations import Pronunciations
from studio.ui.speak.subtitles import SubtitleExport
from studio.ui.speak.take_view import TakeView
from studio.ui.speak.text_panel import TextPanel
from studio.ui.speak.token_compare import TokenCompare
from studio.ui.speak.token_view import TokenView
from studio.ui.speak.transport import TransportBar
from studio.ui.speak.voice_bar import VoiceBar
from studio.voices.presets import ShippedPresets
from widgets.notices import Level, NoticeArea
from widgets.sizes import scaled
from widgets.tag_picker import TagPicker
from widgets.waveform_view import WaveformView


class SpeakPage(QWidget):
    """Editor, voice and parameters, transport, waveform, and the takes history."""

    statusMessage = Signal(str)
    preferencesChanged = Signal()
    draftChanged = Signal(str)  # debounced: the main window saves it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speakPage")
        self._io = Tasks(self, 1, "library")
        self._loads = Tasks(self, 2, "audio-loads")
        # Every call into the player (opening a device stream, feeding, stopping) runs here, one at
        # a time and in order: opening a PortAudio stream can take tens of milliseconds, and the
        # GUI thread never waits on a device. `playing`/`position` are lock-free reads.
        self._device = Tasks(self, 1, "audio-device")
        self._job: SynthesisJob | None = None
        self._job_serial = 0
        self._bridge: EventBridge | None = None
        self._job_started = 0.0
        self._first_audio_s: float | None = None
        self._stream_rate = 0
        self._engine_message = _tr("Loading engine…")
        self._engine_warnings: list[str] = []
        self._sized = False

        self._build()
        self._wire()
        self._update_buttons()
        self.text.update_summary(self.editor.parsed())

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter)

        # Left: editor, parameters, transport, waveform.
        left = QWidget(self.splitter)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.setSpacing(8)
        busy = self._busy
        self.picker = TagPicker(left)
        lv.addWidget(self.picker)
        self.text = TextPanel(self.picker, left)
        lv.addWidget(self.text, 3)
        self.notices = NoticeArea(left)
        lv.addWidget(self.notices)
        self.pronunciations = Pronunciations(self.text.editor, lambda m: self.notices.show_notice(
            m, Level.WARNING, key="pronunciations"), parent=self)
        self.pronunciations.load()
        self.voice_bar = VoiceBar(left)
        self.presets = PresetsButton(self.voice_bar, self.text.editor, self.notices, self._io, self._loads,
                                     busy, lambda: self._engine_message, self.voice_bar)
        self.voice_bar.place_beside_voice(self.presets)
        lv.addWidget(self.voice_bar)
        self.transport = TransportBar(left)
        lv.addWidget(self.transport)
        wave_card = QFrame(left)
        wave_card.setObjectName("card")
        wv = QVBoxLayout(wave_card)
        wv.setContentsMargins(4, 4, 4, 4)
        self.waveform = WaveformView(wave_card)
        self.waveform.setMinimumHeight(200)
        wv.addWidget(self.waveform)
        lv.addWidget(wave_card, 4)
        self.playback = Playback(self._device, self.waveform, self.notices, busy,
                                 lambda: self.take_view.current_audio, self)
        self.tokens = TokenView(self.waveform, self.playback.play, self._io, self)

        # Right: history and details.
        self.take_view = TakeView(self.waveform, self.transport, self.playback, self.notices, self._io,
                                  self._loads, busy, self.text.editor.toPlainText,
                                  lambda: self.voice_bar.engine_id, self.splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([scaled(900), scaled(360)])

        # The panels' widgets that the window, other workspaces and tests reach through the page.
        self.editor = self.text.editor
        self.char_count, self.tag_summary = self.text.char_count, self.text.tag_summary
        bar = self.voice_bar
        self.voice_combo, self.sampling_button = bar.voice_combo, bar.sampling_button
        self.speed_slider, self.speed_value = bar.speed_slider, bar.speed_value
        self.pitch_slider, self.pitch_value = bar.pitch_slider, bar.pitch_value
        self.speed_badge, self.pitch_badge = bar.speed_badge, bar.pitch_badge
        self.presets_button, self.presets_menu = self.presets, self.presets.presets_menu
        t = self.transport
        self.generate_button, self.stop_button = t.generate_button, t.stop_button
        self.play_button = t.play_button
        self.export_button, self.sidecar_action = t.export_button, t.sidecar_action
        self.progress, self.job_status, self.time_label = t.progress, t.job_status, t.time_label
        self.audio_state = t.audio_state
        self.takes, self.details = self.take_view.takes, self.take_view.details

        self.generate_action = QAction(_tr("Generate"), self)
        self.generate_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.stop_action = QAction(_tr("Stop"), self)
        self.stop_action.setShortcut(QKeySequence("Esc"))
        self.play_action = QAction(_tr("Play/Pause"), self)
        self.play_action.setShortcut(QKeySequence("Ctrl+Space"))
        for name, action in (("generate", self.generate_action), ("stop", self.stop_action),
                             ("play", self.play_action)):
            action.setObjectName(f"speak.{name}")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        # Space plays unless a text field has focus (text widgets claim Space for typing first).
        self.space_shortcut = QShortcut(QKeySequence("Space"), self)
        self.space_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _wire(self) -> None:
        self.text.draftChanged.connect(self.draftChanged)
        self.voice_bar.preferencesChanged.connect(self.preferencesChanged)
        self.take_view.preferencesChanged.connect(self.preferencesChanged)
        self.presets.statusMessage.connect(self.statusMessage)
        self.take_view.statusMessage.connect(self.statusMessage)
        self.tokens.statusMessage.connect(self.statusMessage)
        self.subtitles = SubtitleExport(self.take_view, self._io, self)
        self.subtitles.statusMessage.connect(self.statusMessage)
        model = self.take_view.takes.model
        self.token_compare = TokenCompare(self.tokens, lambda: (self.take_view.current_take, [
            model.take_at(row) for row in range(model.rowCount())]), self._io, self)
        self.token_compare.statusMessage.connect(self.statusMessage)
        self.take_view.changed.connect(self._update_buttons)
        self.take_view.changed.connect(self._show_take_tokens)
        self.playback.changed.connect(self._update_buttons)
        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)
        self.play_button.clicked.connect(self.toggle_play)
        self.export_button.clicked.connect(self.export_current)
        self.generate_action.triggered.connect(self.generate)
        self.stop_action.triggered.connect(self.stop)
        self.play_action.triggered.connect(self.toggle_play)
        self.space_shortcut.activated.connect(self.toggle_play)
        self.waveform.seekRequested.connect(self.seek)

    def _busy(self) -> bool:
        return self._job is not None

    # --- engine ---------------------------------------------------------------------------------

    @property
    def engine_id(self) -> str:
        return self.voice_bar.engine_id

    @property
    def backend(self) -> Backend | None:
        return self.voice_bar.backend

    @property
    def manifest(self) -> Manifest | None:
        return self.voice_bar.manifest

    @property
    def voices(self) -> list[VoiceInfo]:
        return self.voice_bar.voices

    def set_engine_pending(self, engine_id: str, message: str) -> None:
        """The engine is loading (or failed to): Generate waits for `set_engine`."""
        self.voice_bar.set_engine_pending(engine_id)
        self._engine_message = message
        self._update_buttons()

    def set_engine(self, engine_id: str, backend: Backend, voices: list[VoiceInfo]) -> None:
        """Use a loaded engine: marks, voices and parameter ranges follow its manifest."""
        self.voice_bar.set_engine(engine_id, backend, voices)
        assert self.manifest is not None
        self.text.set_manifest(self.manifest)
        self.pronunciations.set_manifest(self.manifest)
        self.voice_bar.show_engine()
        self.text.update_summary(self.editor.parsed())
        self._update_buttons()
        self.presets.engine_ready(engine_id)

    def tag_support(self, tag: Tag | str) -> TagSupport:
        """The current engine's support for a tag or manifest key."""
        return self.text.tag_support(tag)

    def set_library_voices(self, voices: list[Any]) -> None:
        """The voice library changed: offer its voices that have a profile for this engine."""
        self.voice_bar.set_library_voices(voices)
        self.presets.fill_menu()  # tooltips name library voices

    # --- parameters (kept by the voice bar) -------------------------------------------------------

    @property
    def voice_preferences(self) -> dict[str, str]:
        """Engine id -> the voice last chosen for it (the window saves and restores these)."""
        return self.voice_bar.voice_preferences

    @voice_preferences.setter
    def voice_preferences(self, preferences: dict[str, str]) -> None:
        self.voice_bar.voice_preferences = preferences

    def current_voice(self) -> VoiceInfo | None:
        return self.voice_bar.current_voice()

    def current_library_voice(self) -> tuple[Any, VoiceProfile] | None:
        return self.voice_bar.current_library_voice()

    @property
    def speed(self) -> float:
        return self.voice_bar.speed

    @property
    def pitch(self) -> float:
        return self.voice_bar.pitch

    @property
    def speed_preference(self) -> float:
        return self.voice_bar.speed_preference

    @property
    def pitch_preference(self) -> float:
        return self.voice_bar.pitch_preference

    def set_parameters(self, speed: float | None = None, pitch: float | None = None) -> None:
        """Restore saved values (applied now, and again when an engine's ranges arrive)."""
        self.voice_bar.set_parameters(speed, pitch)

    # --- presets (the presets button does the work) -----------------------------------------------

    @property
    def engine_switcher(self) -> EngineSwitcher | None:
        return self.presets.engine_switcher

    @engine_switcher.setter
    def engine_switcher(self, switcher: EngineSwitcher | None) -> None:
        self.presets.engine_switcher = switcher

    def load_shipped_presets(self, loader: Callable[[], ShippedPresets]) -> None:
        self.presets.load_shipped_presets(loader)

    def set_preset_library(self, presets: Any) -> None:
        self.presets.set_preset_library(presets)

    def cancel_pending_preset(self) -> None:
        self.presets.cancel_pending_preset()

    # --- takes, playback and export (the take view and playback do the work) ----------------------

    def set_library(self, library: Any) -> None:
        self.take_view.set_library(library)

    def set_library_failed(self, message: str) -> None:
        self.take_view.set_library_failed(message)

    @property
    def export_dir(self) -> str:
        return self.take_view.export_dir

    @property
    def export_format(self) -> str:
        return self.take_view.export_format

    @property
    def export_sidecar(self) -> bool:
        return self.take_view.export_sidecar

    def set_export_preferences(self, folder: str, fmt: str, sidecar: bool) -> None:
        self.take_view.set_export_preferences(folder, fmt, sidecar)

    def export_current(self) -> None:
        self.take_view.export_current()

    @property
    def player(self) -> Any:
        return self.playback.player

    @property
    def player_reason(self) -> str | None:
        return self.playback.player_reason

    def set_player(self, player: Any, reason: str | None) -> None:
        """Use `player` for sound, or none (with the reason shown once, inline)."""
        self.playback.set_player(player, reason)
        self.transport.show_sound(player is not None, reason)
        if player is not None:
            self.notices.dismiss("playback")
        elif reason:
            self.notices.show_notice(reason, Level.INFO, key="playback")
        self._update_buttons()

    def toggle_play(self) -> None:
        """Play/Pause (Ctrl+Space; Space outside text fields)."""
        self.playback.toggle_play()

    def seek(self, seconds: float) -> None:
        """Click on the waveform: move the playhead there (and keep playing from there)."""
        self.playback.seek(seconds)

    # --- generating -----------------------------------------------------------------------------

    @property
    def generating(self) -> bool:
        return self._job is not None

    def generate(self) -> None:
        """Start a take from the editor's text (Generate button, Ctrl+Enter)."""
        if self._job is not None:
            self.statusMessage.emit(_tr("A take is already being generated. Stop it first (Esc)."))
            return
        text = self.editor.toPlainText()
        problem = self.text.validate(text)
        if problem:
            self.notices.show_notice(problem, Level.ERROR, key="input")
            return
        self.notices.dismiss("input")
        if self.backend is None:
            self.notices.show_notice(
                _tr("The engine is not ready yet: {0}").format(self._engine_message), Level.WARNING,
                key="input")
            return
        for key in ("engine", "job", "saved"):
            self.notices.dismiss(key)
        self._engine_warnings = []
        voice = self.current_voice()
        library_voice = self.current_library_voice()
        bar = self.voice_bar
        options = dict(bar.sampling.get(bar.engine_id, {})) if bar.declared_options() else {}
        profile = library_voice[1] if library_voice is not None else None
        # A library voice is its profile; voice_id stays None so no engine takes the library id for its own.
        request = SynthesisRequest(text=text, voice_id=voice.id if voice and profile is None else None,
                                   speed=self.speed, pitch=self.pitch, seed=bar.seed, options=options,
                                   voice_profile=profile, lexicon=self.pronunciations.lexicon.entries)
        self.playback.stop()
        self.playback.paused_at = None
        self._job_serial += 1
        bridge = EventBridge(self._job_serial, self)
        bridge.event.connect(self._on_job_event)
        self._bridge = bridge
        job = SynthesisJob(self.backend, request, bridge.deliver, engine_id=self.engine_id,
                           front_end="window")
        self._job = job
        self._job_started = time.perf_counter()
        self._first_audio_s = None
        self._stream_rate = 0
        self.playback.streaming = False
        self.take_view.clear_current()
        self.waveform.clear()
        self.waveform.set_placeholder(_tr("Generating…"))
        self.tokens.begin_take()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.job_status.setText(_tr("Generating…"))
        self.time_label.clear()
        self._update_buttons()
        job.start()

    def stop(self) -> None:
        """Esc / Stop: cancel the take being made, or stop playback."""
        if self._job is not None:
            self._job.cancel()
            self.job_status.setText(_tr("Stopping…"))
        self.playback.stop()
        self.playback.paused_at = None
        self._update_buttons()

    def _on_job_event(self, serial: int, event: object) -> None:
        if serial != self._job_serial or self._job is None:
            return  # a straggler from an earlier take
        if isinstance(event, AudioChunk):
            self._on_chunk(event)
        elif isinstance(event, Progress):
            if event.total > 0:
                self.progress.setRange(0, event.total)
                self.progress.setValue(event.done)
                msg = translate_core(event.message) or _tr("Sentence {0} of {1}").format(
                    min(event.done + 1, event.total), event.total)
            else:
                msg = translate_core(event.message)
            if msg:
                self.job_status.setText(msg)
        elif isinstance(event, SynthesisWarning):
            self._show_engine_warning(event)
        elif isinstance(event, SpeechTokens):
            self.tokens.add(event)
        elif isinstance(event, Finished):
            self._on_finished(event)
        elif isinstance(event, JobFailed):
            self._end_job()
            self.playback.stop()
            self.waveform.clear()
            self.waveform.set_placeholder(_tr("The take failed. See the message above."))
            self.tokens.clear()
            failed = _tr("The take failed: {0}").format(translate_core(event.message))
            self.notices.show_notice(failed, Level.ERROR, key="job")
            self.job_status.setText(_tr("Failed"))
        elif isinstance(event, JobCancelled):
            self._end_job()
            self.playback.stop()
            self.waveform.clear()
            self.waveform.set_placeholder(_tr("Stopped. The unfinished take was discarded."))
            self.tokens.clear()
            self.notices.show_notice(_tr("Stopped. The unfinished take was discarded; finished takes are "
                                         "kept in the history."), Level.INFO, key="job")
            self.job_status.setText(_tr("Stopped"))

    def _on_chunk(self, chunk: AudioChunk) -> None:
        if not self._stream_rate:
            self._stream_rate = chunk.sample_rate
            self._first_audio_s = time.perf_counter() - self._job_started
            self.waveform.begin_stream(chunk.sample_rate)
            self.time_label.setText(_tr("first audio in {0:.2f} s").format(self._first_audio_s))
            self.playback.begin_stream(chunk.sample_rate)
        self.waveform.append(chunk.samples)
        self.playback.feed(chunk.samples)
        if self.waveform.duration:
            self.job_status.setText(_tr("Generating… {0:.1f} s so far").format(self.waveform.duration))

    def _on_finished(self, event: Finished) -> None:
        job = self._job
        assert job is not None
        audio = job.audio
        if audio is None and self.waveform.sample_rate:
            audio = Audio(self.waveform.samples(), self.waveform.sample_rate)
        self._end_job()
        self.playback.end_stream()
        if audio is None or len(audio) == 0:
            self.waveform.clear()
            self.notices.show_notice(_tr("The engine finished without producing any audio."),
                                     Level.ERROR, key="job")
            self.job_status.setText(_tr("No audio"))
            return
        self.waveform.end_stream()
        metadata = self._take_metadata(job, event)
        total = time.perf_counter() - self._job_started
        self.job_status.setText(_tr("Done: {0:.1f} s of audio in {1:.1f} s").format(audio.duration, total))
        self._update_buttons()
        # Lanes, details and save in the loop's next turn, apart from the whole take's fit (issue 21).
        QTimer.singleShot(0, self, lambda s=self._job_serial: self._take_finished(audio, metadata, s))

    def _take_finished(self, audio: Audio, metadata: dict[str, Any], serial: int) -> None:
        if serial == self._job_serial:  # not when another take began in between: it is shown now
            self.take_view.take_made(audio, metadata)
            self.tokens.show_metadata(metadata, str(metadata.get("engine_name", "")))
        self.take_view.save_take(audio, metadata)

    def _show_take_tokens(self) -> None:
        take = self.take_view.current_take
        if take is not None and self._job is None:
            meta = take.metadata or {}
            self.tokens.show_metadata(meta, str(meta.get("engine_name") or take.engine_id))

    def _take_metadata(self, job: SynthesisJob, event: Finished) -> dict[str, Any]:
        meta: dict[str, Any] = dict(event.metadata)
        voice = self.current_voice()
        request = job.request
        meta.setdefault("engine_name", self.manifest.name if self.manifest else self.engine_id)
        meta.setdefault("engine_version", self.manifest.version if self.manifest else "")
        used = meta.get("voices_used")
        names = {v.id: v.name for v in self.voices}
        if isinstance(used, (list, tuple)) and used:
            # Say who actually spoke: an engine may hand a language to another voice.
            meta["voice_name"] = ", ".join(names.get(str(u), str(u)) for u in used)
        elif voice is not None:
            meta.setdefault("voice_name", voice.name)
        library_voice = self.current_library_voice()
        if library_voice is not None and request.voice_profile is library_voice[1]:
            meta["voice_name"] = library_voice[0].name
            meta["library_voice_id"] = library_voice[0].id
            meta.setdefault("voice_profile", {"kind": library_voice[1].kind,
                                              "similarity": library_voice[1].similarity})
        meta.setdefault("parameters", {"speed": request.speed, "pitch": request.pitch,
                                       "seed": request.seed, "voice_id": request.voice_id})
        if job.warnings and "warnings" not in meta:
            meta["warnings"] = [{"code": w.code, "message": w.message} for w in job.warnings]
        studio = dict(meta.get("studio", {})) if isinstance(meta.get("studio"), Mapping) else {}
        if self._first_audio_s is not None:
            studio["first_audio_s"] = round(self._first_audio_s, 3)
        studio["streamed_to_speakers"] = self.playback.streaming
        meta["studio"] = studio
        return meta

    def _end_job(self) -> None:
        self._job = None
        self._bridge = None
        self.progress.hide()
        self._update_buttons()

    # --- state ----------------------------------------------------------------------------------

    def _show_engine_warning(self, warning: SynthesisWarning) -> None:
        """All of a take's engine warnings in one notice, one line each (tags are never dropped
        silently, but four separate boxes for four tags would bury the editor)."""
        if warning.message in self._engine_warnings:
            return
        self._engine_warnings.append(warning.message)
        name = self.manifest.name if self.manifest else self.engine_id
        if len(self._engine_warnings) == 1:
            text = _tr("{0}: {1}").format(name, translate_core(warning.message))
        else:
            text = _tr("{0} reported {1} things about this take:").format(name, len(self._engine_warnings))
            text += "".join(f"\n• {translate_core(m)}" for m in self._engine_warnings)
        self.notices.show_notice(text, Level.WARNING, key="engine")

    def _update_buttons(self) -> None:
        busy = self._job is not None
        playing = self.playback.playing
        self.generate_action.setEnabled(not busy)
        self.stop_action.setEnabled(busy or playing)
        view = self.take_view
        has_audio = view.current_audio is not None
        can_export = not busy and (view.current_take is not None
                                   or (has_audio and view.unsaved_meta is not None))
        self.transport.show_state(busy=busy, ready=self.backend is not None,
                                  engine_message=self._engine_message, has_player=self.player is not None,
                                  player_reason=self.player_reason,
                                  playing=playing, has_audio=has_audio, can_export=can_export)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: give the history a comfortable share once laid out
            self._sized = True
            QTimer.singleShot(0, self._initial_sizes)

    def _initial_sizes(self) -> None:
        total = max(self.splitter.width(), scaled(900))
        side = scaled(380) if total >= scaled(1150) else scaled(320)
        self.splitter.setSizes([total - side, side])

    def shutdown(self) -> None:
        """Stop everything and wait for pending library writes (the window is closing)."""
        if self._job is not None:
            self._job.cancel()
        self.tokens.shutdown()
        self.playback.shutdown()
        with contextlib.suppress(Exception):
            self._device.wait(5_000)
            self._io.wait(10_000)
            self._loads.wait(10_000)
