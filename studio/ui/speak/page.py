"""The Speak workspace: write tagged text, pick a voice, hear it while it is made, keep the takes.

The page renders what the core reports and asks the core to do things; it never waits. A take is a
`SynthesisJob` whose events arrive on a worker thread and are re-emitted on the GUI thread through
an `EventBridge` tagged with the job's serial number, so a straggler from a cancelled take is
ignored. Chunks go to the `StreamPlayer` and to the waveform as they arrive, which is what lets the
user hear the first sentence while later ones are still being made. Library writes go through a
one-thread task queue (ordered, off the GUI thread); audio loads of older takes through another.

Decisions a user will notice:
- Stopping a take mid-stream discards it (the history keeps only finished takes); the notice says so.
- Unsupported tags never block a take: the editor underlines them, the summary line counts them,
  and the engine reports each as a warning that is stored with the take.
- The editor text is saved as a draft (debounced, off the GUI thread), so nothing typed is lost.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSlider,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio
from backends.base import (
    AudioChunk,
    Backend,
    Finished,
    Manifest,
    Progress,
    Range,
    Support,
    SynthesisRequest,
    SynthesisWarning,
    TagSupport,
    VoiceInfo,
    VoiceProfile,
)
from backends.tags import STATE_FAMILIES, ParsedText, Tag
from studio.engines.jobs import JobCancelled, JobFailed, SynthesisJob
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.labels import language_names, safe_filename
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.speak.sampling_dialog import SamplingDialog
from studio.voices.presets import EngineSettings, Preset, ShippedPresets, VoiceRef
from widgets.notices import ElidedLabel, Level, NoticeArea
from widgets.tag_editor import TagEditor
from widgets.tag_picker import TagPicker
from widgets.take_details import TakeDetails
from widgets.take_list import TakeList
from widgets.waveform_view import WaveformView

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 20_000  # one take; about 20 minutes of speech
AUDIO_CACHE_TAKES = 8
DRAFT_DEBOUNCE_MS = 700
LIBRARY_PREFIX = "library:"  # voice picker data for a library voice (engine voice ids are plain)





# Engines describe voices with these words (VoiceInfo.gender); the UI shows them translated.
GENDERS = {"male": QT_TRANSLATE_NOOP("", "male"), "female": QT_TRANSLATE_NOOP("", "female")}


class EngineSwitcher(Protocol):
    """What the page needs from the window to apply a preset made for another engine."""

    def engine_problem(self, engine_id: str) -> str | None:
        """Why `engine_id` cannot be used (missing, unavailable), or None. GUI thread, instant."""

    def engine_voices(self, engine_id: str) -> list[VoiceInfo]:
        """The engine's voices (blocking: called off the GUI thread)."""

    def switch_engine(self, engine_id: str) -> None:
        """Select the engine the way the engine picker does (the page's `set_engine` follows)."""


def _preset_engine(preset: Preset, current: str) -> str:
    """The engine a preset wants: its own setting, else its built-in voice's, else `current`."""
    if preset.engine.engine_id:
        return preset.engine.engine_id
    if preset.voice.kind == "built-in" and preset.voice.engine_id:
        return preset.voice.engine_id
    return current


class SpeakPage(QWidget):
    """Editor, voice and parameters, transport, waveform, and the takes history."""

    statusMessage = Signal(str)
    preferencesChanged = Signal()
    draftChanged = Signal(str)  # debounced: the main window saves it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speakPage")
        self.library: Any = None  # studio.library.takes.TakeLibrary once opened
        self.backend: Backend | None = None
        self.engine_id = ""
        self.manifest: Manifest | None = None
        self.voices: list[VoiceInfo] = []
        self.library_voices: list[Any] = []  # library Voices: offered when they have a profile here
        self.player: Any = None  # studio.devices.playback.StreamPlayer, None when there is no sound
        self.player_reason: str | None = None
        self.voice_preferences: dict[str, str] = {}
        self.export_dir = ""
        self.export_format = "wav"
        self.export_sidecar = False

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
        self._stream_to_player = False
        self._stream_rate = 0
        self._pending_saves: list[tuple[Audio, dict[str, Any]]] = []
        self._audio_cache: OrderedDict[str, Audio] = OrderedDict()
        self._current_take: Any = None
        self._current_audio: Audio | None = None
        self._unsaved_meta: dict[str, Any] | None = None  # current audio that is not in the library
        self._paused_at: float | None = None
        self._load_serial = 0
        self._engine_message = _tr("Loading engine…")
        self._engine_warnings: list[str] = []
        self._speed_pref = 1.0  # what the user chose; survives an engine whose range is narrower
        self._pitch_pref = 0.0
        self._sized = False
        # Presets: the shipped ones, the user's (from the voice library), and how to switch engines.
        self.shipped: list[Preset] = []
        self.user_presets: list[Preset] = []
        self.sampling: dict[str, dict[str, Any]] = {}  # engine id -> options the user changed
        self.seed: int | None = None  # None: a new random seed each take
        self.preset_library: Any = None  # studio.voices.presets.PresetLibrary once the voice library is open
        self.engine_switcher: EngineSwitcher | None = None  # the main window
        self._pending_preset: Preset | None = None  # applied once its engine is loaded
        self._preset_serial = 0

        self._player_bridge = EventBridge(0, self)
        self._player_bridge.event.connect(self._on_player_state)

        self._build()
        self._wire()
        self._update_buttons()
        self._update_summary(self.editor.parsed())

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

        self.picker = TagPicker(left)
        lv.addWidget(self.picker)

        editor_card = QFrame(left)
        editor_card.setObjectName("card")
        ev = QVBoxLayout(editor_card)
        ev.setContentsMargins(1, 1, 1, 1)
        ev.setSpacing(0)
        self.editor = TagEditor(editor_card)
        self.editor.setObjectName("tagEditor")
        self.editor.setPlaceholderText(_tr(
            "Type what to say. Add tags from the menus above, e.g. (高兴1)Good morning! [Laughter] "
            "Long texts are spoken sentence by sentence, and you hear the first sentence right away."))
        self.editor.setAccessibleName(_tr("Text to speak"))
        ev.addWidget(self.editor, 1)
        footer = QHBoxLayout()
        footer.setContentsMargins(10, 4, 10, 6)
        self.char_count = QLabel(editor_card)
        self.char_count.setObjectName("charCount")
        self.char_count.setProperty("role", "muted")
        self.tag_summary = ElidedLabel(editor_card)
        self.tag_summary.setObjectName("tagSummary")
        self.tag_summary.setProperty("role", "muted")
        footer.addWidget(self.tag_summary, 1)
        footer.addWidget(self.char_count)
        ev.addLayout(footer)
        lv.addWidget(editor_card, 3)

        self.notices = NoticeArea(left)
        lv.addWidget(self.notices)

        # Voice, speed, pitch.
        params = QHBoxLayout()
        params.setSpacing(8)
        voice_label = QLabel(_tr("Voice"), left)
        self.voice_combo = QComboBox(left)
        self.voice_combo.setMinimumWidth(240)
        self.voice_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.voice_combo.setAccessibleName(_tr("Voice"))
        voice_label.setBuddy(self.voice_combo)
        params.addWidget(voice_label)
        params.addWidget(self.voice_combo, 2)
        self.presets_button = QToolButton(left)
        self.presets_button.setObjectName("presetsButton")
        self.presets_button.setText(_tr("Presets"))
        self.presets_button.setProperty("tagFamily", True)  # the tag menus' look
        self.presets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.presets_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.presets_button.setAccessibleName(_tr("Presets"))
        self.presets_button.setToolTip(_tr("Apply a preset (voice, speed, pitch and tags), or save the "
                                           "current settings as one"))
        self.presets_menu = QMenu(self.presets_button)
        self.presets_menu.setToolTipsVisible(True)
        self.presets_button.setMenu(self.presets_menu)
        params.addWidget(self.presets_button)
        params.addSpacing(12)
        self.speed_slider, self.speed_value, self.speed_badge = self._slider_group(params, _tr("Speed"))
        params.addSpacing(12)
        self.pitch_slider, self.pitch_value, self.pitch_badge = self._slider_group(params, _tr("Pitch"))
        # Shown only for engines that declare their own options (Step-Audio: temperature, top-k, ...).
        self.sampling_button = QPushButton(_tr("Sampling…"), left)
        self.sampling_button.setToolTip(_tr("This engine's sampling settings and the seed"))
        self.sampling_button.clicked.connect(self.edit_sampling)
        self.sampling_button.hide()
        params.addWidget(self.sampling_button)
        lv.addLayout(params)

        # Transport.
        transport = QHBoxLayout()
        transport.setSpacing(6)
        self.generate_button = QPushButton(_tr("Generate"), left)
        self.generate_button.setObjectName("primary")
        self.generate_button.setToolTip(_tr("Speak the text (Ctrl+Enter)"))
        self.generate_button.setMinimumWidth(120)
        self.stop_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaStop),
                                       _tr("Stop"), left)
        self.stop_button.setToolTip(_tr("Stop generating or playing (Esc)"))
        self.play_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
                                       _tr("Play"), left)
        self.play_button.setToolTip(_tr("Play or pause the take (Ctrl+Space, or Space outside the editor)"))
        self.export_button = QToolButton(left)
        self.export_button.setText(_tr("Export…"))
        self.export_button.setToolTip(_tr("Export the selected take as WAV, FLAC, OGG or MP3"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        export_menu = QMenu(self.export_button)
        self.sidecar_action = export_menu.addAction(_tr("Also write a metadata sidecar (.json)"))
        self.sidecar_action.setCheckable(True)
        self.export_button.setMenu(export_menu)
        for w in (self.generate_button, self.stop_button, self.play_button):
            transport.addWidget(w)
        transport.addWidget(self.export_button)
        transport.addSpacing(10)
        self.progress = QProgressBar(left)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        transport.addWidget(self.progress)
        self.job_status = QLabel(left)
        self.job_status.setProperty("role", "muted")
        transport.addWidget(self.job_status, 1)
        self.time_label = QLabel("", left)
        self.time_label.setProperty("role", "muted")
        transport.addWidget(self.time_label)
        self.audio_state = QLabel(left)
        self.audio_state.setObjectName("audioState")
        self.audio_state.setProperty("role", "badge")
        self.audio_state.hide()
        transport.addWidget(self.audio_state)
        lv.addLayout(transport)

        wave_card = QFrame(left)
        wave_card.setObjectName("card")
        wv = QVBoxLayout(wave_card)
        wv.setContentsMargins(4, 4, 4, 4)
        self.waveform = WaveformView(wave_card)
        self.waveform.setMinimumHeight(200)
        wv.addWidget(self.waveform)
        lv.addWidget(wave_card, 4)

        # Right: history and details.
        right = QSplitter(Qt.Orientation.Vertical, self.splitter)
        right.setChildrenCollapsible(False)
        takes_box = QWidget(right)
        tv = QVBoxLayout(takes_box)
        tv.setContentsMargins(8, 0, 0, 4)
        tv.setSpacing(6)
        heading = QLabel(_tr("Takes"), takes_box)
        heading.setProperty("role", "heading")
        tv.addWidget(heading)
        self.takes = TakeList(takes_box)
        tv.addWidget(self.takes, 1)
        details_box = QWidget(right)
        dv = QVBoxLayout(details_box)
        dv.setContentsMargins(8, 4, 0, 0)
        dv.setSpacing(6)
        dheading = QLabel(_tr("Details"), details_box)
        dheading.setProperty("role", "heading")
        dv.addWidget(dheading)
        details_card = QFrame(details_box)
        details_card.setObjectName("card")
        dcl = QVBoxLayout(details_card)
        dcl.setContentsMargins(6, 6, 6, 6)
        self.details = TakeDetails(details_card)
        dcl.addWidget(self.details)
        dv.addWidget(details_card, 1)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        right.setMinimumWidth(280)
        self.splitter.setSizes([900, 360])

        # Keyboard.
        self.generate_action = QAction(_tr("Generate"), self)
        self.generate_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.stop_action = QAction(_tr("Stop"), self)
        self.stop_action.setShortcut(QKeySequence("Esc"))
        self.play_action = QAction(_tr("Play/Pause"), self)
        self.play_action.setShortcut(QKeySequence("Ctrl+Space"))
        for action in (self.generate_action, self.stop_action, self.play_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        # Space plays unless a text field has focus (text widgets claim Space for typing first).
        self.space_shortcut = QShortcut(QKeySequence("Space"), self)
        self.space_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self._fill_presets_menu()

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DEBOUNCE_MS)
        self._playhead_timer = QTimer(self)
        self._playhead_timer.setInterval(30)

    def _slider_group(self, layout: QHBoxLayout, title: str) -> tuple[QSlider, QToolButton, QLabel]:
        label = QLabel(title, self)
        slider = QSlider(Qt.Orientation.Horizontal, self)
        slider.setMinimumWidth(90)
        slider.setMaximumWidth(180)
        slider.setAccessibleName(title)
        label.setBuddy(slider)
        slider.setEnabled(False)
        slider.setToolTip(_tr("Available once the engine is loaded"))
        value = QToolButton(self)
        value.setAutoRaise(True)
        value.setToolTip(_tr("Reset to the default"))
        value.setMinimumWidth(58)
        badge = QLabel(self)
        badge.setProperty("role", "badge")
        layout.addWidget(label)
        layout.addWidget(slider, 1)
        layout.addWidget(value)
        layout.addWidget(badge)
        return slider, value, badge

    def _wire(self) -> None:
        self.picker.tagChosen.connect(self.editor.insert_tag)
        self.editor.parsedChanged.connect(self._update_summary)
        self.editor.textChanged.connect(self._draft_timer.start)
        self._draft_timer.timeout.connect(lambda: self.draftChanged.emit(self.editor.toPlainText()))
        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)
        self.play_button.clicked.connect(self.toggle_play)
        self.export_button.clicked.connect(self.export_current)
        self.sidecar_action.toggled.connect(self._on_sidecar_toggled)
        self.generate_action.triggered.connect(self.generate)
        self.stop_action.triggered.connect(self.stop)
        self.play_action.triggered.connect(self.toggle_play)
        self.space_shortcut.activated.connect(self.toggle_play)
        self.voice_combo.currentIndexChanged.connect(self._on_voice_changed)
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        self.pitch_slider.valueChanged.connect(self._on_pitch_changed)
        self.speed_value.clicked.connect(lambda: self._reset_slider("speed"))
        self.pitch_value.clicked.connect(lambda: self._reset_slider("pitch"))
        self.takes.currentTakeChanged.connect(self._on_take_selected)
        self.takes.playRequested.connect(self._play_take)
        self.takes.renameRequested.connect(self._rename_take)
        self.takes.deleteRequested.connect(self._delete_take)
        self.takes.favouriteRequested.connect(self._favourite_take)
        self.takes.exportRequested.connect(self.export_take)
        self.waveform.seekRequested.connect(self.seek)
        self._playhead_timer.timeout.connect(self._tick_playhead)

    # --- engine ---------------------------------------------------------------------------------

    def declared_options(self) -> dict[str, Any]:
        """The current engine's own options (`options()`), or none."""
        declared = getattr(self.backend, "options", None)
        return dict(declared()) if callable(declared) else {}

    def edit_sampling(self) -> None:
        declared = self.declared_options()
        if not declared or self.manifest is None:
            return
        dialog = SamplingDialog(self.manifest.name, declared, self.sampling.get(self.engine_id, {}),
                                self.seed, self)
        if self.run_sampling_dialog(dialog):
            self.sampling[self.engine_id] = dialog.values()
            self.seed = dialog.seed()

    def run_sampling_dialog(self, dialog: SamplingDialog) -> bool:
        """Show the dialog modally (tests replace this)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def set_engine_pending(self, engine_id: str, message: str) -> None:
        """The engine is loading (or failed to): Generate waits for `set_engine`."""
        self.engine_id = engine_id
        self.backend = None
        self._engine_message = message
        self._update_buttons()

    def set_engine(self, engine_id: str, backend: Backend, voices: list[VoiceInfo]) -> None:
        """Use a loaded engine: marks, voices and parameter ranges follow its manifest."""
        self.engine_id = engine_id
        self.backend = backend
        self.manifest = backend.manifest
        self.voices = list(voices)
        name = self.manifest.name
        self.editor.set_support(self.tag_support, name)
        self.picker.set_support(self.tag_support, name)
        self._fill_voices()
        self._configure_slider(self.speed_slider, self.speed_badge, self.manifest.speed, 100, "speed")
        self._configure_slider(self.pitch_slider, self.pitch_badge, self.manifest.pitch, 2, "pitch")
        self.sampling_button.setVisible(bool(self.declared_options()))
        self._update_summary(self.editor.parsed())
        self._update_buttons()
        pending, self._pending_preset = self._pending_preset, None
        if pending is not None and _preset_engine(pending, engine_id) == engine_id:
            self._apply_checked(pending)

    def cancel_pending_preset(self) -> None:
        """The engine a preset asked for failed to load: nothing of the preset is applied."""
        if self._pending_preset is not None:
            name = self._pending_preset.name
            self._pending_preset = None
            self.notices.show_notice(_tr("The preset “{0}” was not applied: its engine could not be "
                                         "loaded.").format(name), Level.WARNING, key="preset")

    def tag_support(self, tag: Tag | str) -> TagSupport:
        """The current engine's support for a tag or manifest key."""
        assert self.manifest is not None
        return self.manifest.tag_support(tag)

    def set_library_voices(self, voices: list[Any]) -> None:
        """The voice library changed: offer its voices that have a profile for this engine."""
        self.library_voices = list(voices)
        if self.manifest is not None:
            self._fill_voices()
        self._fill_presets_menu()  # tooltips name library voices

    def usable_library_voices(self) -> list[tuple[Any, VoiceProfile]]:
        """Library voices the current engine can speak with, and their profile for it."""
        from studio.ui.clone.services import profiles_of

        out = []
        for voice in self.library_voices:
            profile = profiles_of(voice).get(self.engine_id)
            if profile is not None:
                out.append((voice, profile))
        return out

    def _fill_voices(self) -> None:
        current = self.voice_combo.currentData()
        self.voice_combo.blockSignals(True)
        self.voice_combo.clear()
        for voice, profile in self.usable_library_voices():
            kind = _tr("cloned") if profile.kind == "clone" else _tr("matched")
            label = (_tr("★ {0} ({1}, similarity {2:.2f})").format(voice.name, kind, profile.similarity)
                     if profile.similarity is not None else _tr("★ {0} ({1})").format(voice.name, kind))
            self.voice_combo.addItem(label, LIBRARY_PREFIX + voice.id)
            tip = _tr("Your voice from the library") + (f"\n{profile.note}" if profile.note else "")
            self.voice_combo.setItemData(self.voice_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if self.voice_combo.count():
            self.voice_combo.insertSeparator(self.voice_combo.count())
        for v in self.voices:
            extra = f" · {_tr(GENDERS.get(v.gender, v.gender))}" if v.gender else ""
            self.voice_combo.addItem(f"{v.name} — {language_names(v.languages)}{extra}", v.id)
            tip = v.description or v.name
            if v.origin != "built-in":
                tip += f" ({v.origin})"
            self.voice_combo.setItemData(self.voice_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        wanted = self.voice_preferences.get(self.engine_id)
        index = self.voice_combo.findData(wanted) if wanted else -1
        if index < 0 and current:
            index = self.voice_combo.findData(current)
        if index < 0:  # the engine's own first voice, not a library one, by default
            index = next((i for i in range(self.voice_combo.count())
                          if self.voice_combo.itemData(i) and
                          not str(self.voice_combo.itemData(i)).startswith(LIBRARY_PREFIX)), 0)
        self.voice_combo.setCurrentIndex(max(0, index))
        self.voice_combo.blockSignals(False)
        self.voice_combo.setEnabled(self.voice_combo.count() > 0)
        self._update_pitch_badge()

    def _configure_slider(self, slider: QSlider, badge: QLabel, rng: Range | None, scale: int,
                          kind: str) -> None:
        slider.blockSignals(True)
        if rng is None:
            slider.setRange(0, 0)
            slider.setEnabled(False)
            name = self.manifest.name if self.manifest else ""
            what = _tr("speed") if kind == "speed" else _tr("pitch")
            slider.setToolTip(_tr("{0} has no {1} control").format(name, what))
            badge.setText(_tr("n/a"))
        else:
            slider.setEnabled(True)
            slider.setRange(round(rng.minimum * scale), round(rng.maximum * scale))
            slider.setSingleStep(5 if kind == "speed" else 1)
            slider.setPageStep(10 if kind == "speed" else 2)
            current = getattr(self, f"_{kind}_pref", rng.default)
            current = min(max(current, rng.minimum), rng.maximum)
            slider.setValue(round(current * scale))
            slider.setToolTip(rng.how)
            badge.setToolTip(rng.how)
        slider.blockSignals(False)
        self._show_values()
        if kind == "speed" and rng is not None:
            badge.setText(self._short_how(rng.how))
        self._update_pitch_badge()

    @staticmethod
    def _short_how(how: str) -> str:
        text = how.strip()
        if not text:
            return ""
        if len(text) <= 14:
            return _tr(text)
        return _tr("native") if text.lower().startswith("native") else _tr("post-process")

    def _update_pitch_badge(self) -> None:
        rng = self.manifest.pitch if self.manifest else None
        if rng is None:
            return
        voice = self.current_voice()
        if len(rng.how) <= 14:
            self.pitch_badge.setText(self._short_how(rng.how))
        elif voice is not None:
            self.pitch_badge.setText(_tr("native") if voice.native_pitch else _tr("post-process"))
        else:
            self.pitch_badge.setText(self._short_how(rng.how))

    # --- parameters -----------------------------------------------------------------------------

    def current_voice(self) -> VoiceInfo | None:
        vid = self.voice_combo.currentData()
        return next((v for v in self.voices if v.id == vid), None)

    def current_library_voice(self) -> tuple[Any, VoiceProfile] | None:
        """The chosen library voice and its profile for this engine, if one is chosen."""
        vid = self.voice_combo.currentData()
        if not isinstance(vid, str) or not vid.startswith(LIBRARY_PREFIX):
            return None
        wanted = vid[len(LIBRARY_PREFIX):]
        return next(((v, p) for v, p in self.usable_library_voices() if v.id == wanted), None)

    @property
    def speed(self) -> float:
        return self.speed_slider.value() / 100.0 if self.speed_slider.isEnabled() else 1.0

    @property
    def pitch(self) -> float:
        return self.pitch_slider.value() / 2.0 if self.pitch_slider.isEnabled() else 0.0

    @property
    def speed_preference(self) -> float:
        return self._speed_pref

    @property
    def pitch_preference(self) -> float:
        return self._pitch_pref

    def set_parameters(self, speed: float | None = None, pitch: float | None = None) -> None:
        """Restore saved values (applied now, and again when an engine's ranges arrive)."""
        if speed is not None:
            self._speed_pref = float(speed)
            if self.speed_slider.isEnabled() and self.manifest is not None:
                self.speed_slider.setValue(round(speed * 100))
        if pitch is not None:
            self._pitch_pref = float(pitch)
            if self.pitch_slider.isEnabled() and self.manifest is not None:
                self.pitch_slider.setValue(round(pitch * 2))
        self._show_values()

    def _show_values(self) -> None:
        self.speed_value.setText(f"{self.speed:.2f}×")
        p = self.pitch
        self.pitch_value.setText(_tr("{0} st").format(f"{p:+g}" if p else "0"))

    def _on_speed_changed(self, _value: int) -> None:
        self._speed_pref = self.speed
        self._show_values()
        self.preferencesChanged.emit()

    def _on_pitch_changed(self, _value: int) -> None:
        self._pitch_pref = self.pitch
        self._show_values()
        self.preferencesChanged.emit()

    def _reset_slider(self, kind: str) -> None:
        rng = getattr(self.manifest, kind, None) if self.manifest else None
        if rng is None:
            return
        slider = self.speed_slider if kind == "speed" else self.pitch_slider
        slider.setValue(round(rng.default * (100 if kind == "speed" else 2)))

    def _on_voice_changed(self, _index: int) -> None:
        vid = self.voice_combo.currentData()
        if vid and self.engine_id:
            self.voice_preferences[self.engine_id] = vid
            self.preferencesChanged.emit()
        self._update_pitch_badge()

    def _on_sidecar_toggled(self, on: bool) -> None:
        self.export_sidecar = on
        self.preferencesChanged.emit()

    def set_export_preferences(self, folder: str, fmt: str, sidecar: bool) -> None:
        self.export_dir = folder
        self.export_format = fmt or "wav"
        self.sidecar_action.setChecked(bool(sidecar))

    # --- tags summary ---------------------------------------------------------------------------

    def _update_summary(self, parsed: ParsedText) -> None:
        text = parsed.source
        spoken = len(parsed.spoken_text.strip())
        too_long = len(text) > MAX_TEXT_CHARS
        count = _tr("{0} characters").format(f"{len(text):,}")
        if parsed.tags:
            count = _tr("{0} characters · {1} spoken").format(f"{len(text):,}", f"{spoken:,}")
        if too_long:
            count += " " + _tr("(limit {0})").format(f"{MAX_TEXT_CHARS:,}")
        self.char_count.setText(count)
        self._set_state(self.char_count, "bad" if too_long else "")

        if self.manifest is None or not parsed.tags:
            n = len(parsed.tags)
            self.tag_summary.setText(_tr("{0} tags").format(n) if n else "")
            self.tag_summary.setToolTip("")
            self._set_state(self.tag_summary, "")
            return
        bad = [t for t in parsed.tags if self.tag_support(t).support is Support.UNSUPPORTED]
        approx = [t for t in parsed.tags if self.tag_support(t).support is Support.APPROXIMATED]
        name = self.manifest.name
        parts: list[str] = []
        if bad:
            shown = ", ".join(t.raw for t in bad[:4]) + ("…" if len(bad) > 4 else "")
            if len(bad) == 1:
                parts.append(_tr("1 tag won't be honoured by {0}: {1}").format(name, shown))
            else:
                parts.append(_tr("{0} tags won't be honoured by {1}: {2}").format(len(bad), name, shown))
        if approx:
            parts.append(_tr("{0} approximated").format(len(approx)))
        if not parts:
            parts.append(_tr("{0} tags, all honoured by {1}").format(len(parsed.tags), name))
        self.tag_summary.setText("  ·  ".join(parts))
        tips = [f"✕ {t.raw}: {self.tag_support(t).how}" for t in bad]
        tips += [f"≈ {t.raw}: {self.tag_support(t).how}" for t in approx]
        self.tag_summary.setToolTip("\n".join(tips))
        self._set_state(self.tag_summary, "bad" if bad else ("approx" if approx else ""))

    @staticmethod
    def _set_state(label: QLabel, state: str) -> None:
        if label.property("state") != state:
            label.setProperty("state", state)
            label.style().unpolish(label)
            label.style().polish(label)

    # --- generating -----------------------------------------------------------------------------

    @property
    def generating(self) -> bool:
        return self._job is not None

    def validate(self, text: str) -> str | None:
        """Why `text` cannot be spoken as one take (a sentence for the user), or None."""
        if not text.strip():
            return _tr("Type the text to speak first.")
        if len(text) > MAX_TEXT_CHARS:
            return _tr("This text has {0} characters; one take holds up to {1} (about 20 minutes of "
                       "speech). Split it into several takes. Your text stays in the editor.").format(
                f"{len(text):,}", f"{MAX_TEXT_CHARS:,}")
        parsed = self.editor.parsed()
        if not parsed.has_speech:
            return _tr("There are only tags here and nothing to say. Write some words after the tags.")
        return None

    def generate(self) -> None:
        """Start a take from the editor's text (Generate button, Ctrl+Enter)."""
        if self._job is not None:
            self.statusMessage.emit(_tr("A take is already being generated. Stop it first (Esc)."))
            return
        text = self.editor.toPlainText()
        problem = self.validate(text)
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
        options = dict(self.sampling.get(self.engine_id, {})) if self.declared_options() else {}
        if library_voice is not None:
            # The profile is the voice; voice_id stays None so no engine mistakes the library id
            # for one of its own voices.
            request = SynthesisRequest(text=text, voice_id=None, speed=self.speed, pitch=self.pitch,
                                       voice_profile=library_voice[1], seed=self.seed, options=options)
        else:
            request = SynthesisRequest(text=text, voice_id=voice.id if voice else None,
                                       speed=self.speed, pitch=self.pitch, seed=self.seed, options=options)
        self._stop_player()
        self._paused_at = None
        self._job_serial += 1
        bridge = EventBridge(self._job_serial, self)
        bridge.event.connect(self._on_job_event)
        self._bridge = bridge
        job = SynthesisJob(self.backend, request, bridge.deliver)
        self._job = job
        self._job_started = time.perf_counter()
        self._first_audio_s = None
        self._stream_rate = 0
        self._stream_to_player = False
        self._current_take = None
        self._current_audio = None
        self._unsaved_meta = None
        self.waveform.clear()
        self.waveform.set_placeholder(_tr("Generating…"))
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
        self._stop_player()
        self._paused_at = None
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
                msg = event.message or _tr("Sentence {0} of {1}").format(
                    min(event.done + 1, event.total), event.total)
            else:
                msg = event.message
            if msg:
                self.job_status.setText(msg)
        elif isinstance(event, SynthesisWarning):
            self._show_engine_warning(event)
        elif isinstance(event, Finished):
            self._on_finished(event)
        elif isinstance(event, JobFailed):
            self._end_job()
            self._stop_player()
            self.waveform.clear()
            self.waveform.set_placeholder(_tr("The take failed. See the message above."))
            self.notices.show_notice(_tr("The take failed: {0}").format(event.message), Level.ERROR,
                                     key="job")
            self.job_status.setText(_tr("Failed"))
        elif isinstance(event, JobCancelled):
            self._end_job()
            self._stop_player()
            self.waveform.clear()
            self.waveform.set_placeholder(_tr("Stopped. The unfinished take was discarded."))
            self.notices.show_notice(_tr("Stopped. The unfinished take was discarded; finished takes are "
                                         "kept in the history."), Level.INFO, key="job")
            self.job_status.setText(_tr("Stopped"))

    def _on_chunk(self, chunk: AudioChunk) -> None:
        if not self._stream_rate:
            self._stream_rate = chunk.sample_rate
            self._first_audio_s = time.perf_counter() - self._job_started
            self.waveform.begin_stream(chunk.sample_rate)
            self.time_label.setText(_tr("first audio in {0:.2f} s").format(self._first_audio_s))
            if self.player is not None:
                player, rate = self.player, chunk.sample_rate
                self._stream_to_player = True
                self._device.run(lambda: player.begin(rate), lambda _r: self._on_player_started(),
                                 self._on_player_failed)
        self.waveform.append(chunk.samples)
        if self._stream_to_player and self.player is not None:
            player, samples = self.player, chunk.samples
            self._device.run(lambda: player.feed(samples))
        if self.waveform.duration:
            self.job_status.setText(_tr("Generating… {0:.1f} s so far").format(self.waveform.duration))

    def _on_finished(self, event: Finished) -> None:
        job = self._job
        assert job is not None
        audio = job.audio
        if audio is None and self.waveform.sample_rate:
            audio = Audio(self.waveform.samples(), self.waveform.sample_rate)
        self._end_job()
        if self._stream_to_player and self.player is not None:
            self._device.run(self.player.end_of_stream)
        if audio is None or len(audio) == 0:
            self.waveform.clear()
            self.notices.show_notice(_tr("The engine finished without producing any audio."),
                                     Level.ERROR, key="job")
            self.job_status.setText(_tr("No audio"))
            return
        self.waveform.end_stream()
        metadata = self._take_metadata(job, event)
        self._current_audio = audio
        self._unsaved_meta = metadata
        total = time.perf_counter() - self._job_started
        self.job_status.setText(_tr("Done: {0:.1f} s of audio in {1:.1f} s").format(audio.duration, total))
        self._update_buttons()
        self._save_take(audio, metadata)

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
        studio["streamed_to_speakers"] = self._stream_to_player
        meta["studio"] = studio
        return meta

    def _end_job(self) -> None:
        self._job = None
        self._bridge = None
        self.progress.hide()
        self._update_buttons()

    # --- presets --------------------------------------------------------------------------------

    def load_shipped_presets(self, loader: Callable[[], ShippedPresets]) -> None:
        """Read the shipped presets off the GUI thread; problems are shown once, as a notice."""
        self._loads.run(loader, self._on_shipped_presets,
                        lambda exc: self.notices.show_notice(
                            _tr("The shipped presets could not be read: {0}").format(exc), Level.WARNING,
                            key="presets-shipped"))

    def _on_shipped_presets(self, shipped: ShippedPresets) -> None:
        self.shipped = list(shipped.presets)
        self._fill_presets_menu()
        if shipped.problems:
            text = _tr("Some shipped presets could not be read and are not offered:")
            text += "".join(f"\n• {p}" for p in shipped.problems[:4])
            self.notices.show_notice(text, Level.WARNING, key="presets-shipped")

    def set_preset_library(self, presets: Any) -> None:
        """Use the voice library's presets (`VoiceLibrary.presets`): list them in the background."""
        if presets is self.preset_library:
            return
        self.preset_library = presets
        self.refresh_presets()

    def refresh_presets(self) -> None:
        library = self.preset_library
        if library is None:
            return
        self._io.run(lambda: library.list(), self._on_user_presets,
                     lambda exc: self._library_error(_tr("Your presets could not be read: {0}"), exc))

    def _on_user_presets(self, presets: list[Preset]) -> None:
        self.user_presets = sorted(presets, key=lambda p: p.name.casefold())
        self._fill_presets_menu()

    def _fill_presets_menu(self) -> None:
        menu = self.presets_menu
        menu.clear()
        menu.addSection(_tr("Shipped presets"))
        for preset in self.shipped:
            self._add_preset_action(menu, preset)
        if not self.shipped:
            menu.addAction(_tr("(none)")).setEnabled(False)
        menu.addSection(_tr("Your presets"))
        for preset in self.user_presets:
            self._add_preset_action(menu, preset)
        if not self.user_presets:
            empty = menu.addAction(_tr("No saved presets yet") if self.preset_library is not None
                                   else _tr("Opening your presets…"))
            empty.setEnabled(False)
        menu.addSeparator()
        self.save_preset_action = menu.addAction(_tr("Save current settings as preset…"))
        self.save_preset_action.setEnabled(self.preset_library is not None)
        if self.preset_library is None:
            self.save_preset_action.setToolTip(_tr("Waiting for the voice library to open."))
        self.save_preset_action.triggered.connect(self.save_preset)
        self.delete_menu = menu.addMenu(_tr("Delete preset"))
        self.delete_menu.setToolTipsVisible(True)
        self.delete_menu.setEnabled(bool(self.user_presets))
        for preset in self.user_presets:
            action = self.delete_menu.addAction(preset.name)
            action.setData(preset.id)
            action.triggered.connect(lambda _=False, p=preset: self.delete_preset(p))

    def _add_preset_action(self, menu: QMenu, preset: Preset) -> None:
        action = menu.addAction(preset.name)
        action.setData(preset.id)
        action.setToolTip(self._preset_tooltip(preset))
        action.triggered.connect(lambda _=False, p=preset: self.apply_preset(p))

    def _preset_tooltip(self, preset: Preset) -> str:
        if preset.voice.kind == "library":
            voice = next((v.name for v in self.library_voices if v.id == preset.voice.voice_id),
                         preset.voice.voice_id)
            voice = _tr("{0} (your library)").format(voice)
        else:
            voice = preset.voice.voice_id
        bits = [_tr("Voice: {0}").format(voice)]
        engine = _preset_engine(preset, "")
        if engine:
            bits.insert(0, _tr("Engine: {0}").format(engine))
        if preset.tags:
            bits.append(_tr("Tags: {0}").format(preset.tags))
        bits.append(_tr("Speed {0}×, pitch {1} st").format(f"{preset.engine.speed:g}",
                                                           f"{preset.engine.pitch:+g}"))
        lines = [preset.description] if preset.description else []
        return "\n".join([*lines, " · ".join(bits)])

    def presets(self) -> list[Preset]:
        """Everything the menu offers: shipped first, then the user's."""
        return [*self.shipped, *self.user_presets]

    def preset_actions(self) -> list[QAction]:
        """The menu's apply actions (tests)."""
        return [a for a in self.presets_menu.actions()
                if not a.isSeparator() and a.data() is not None and a.menu() is None]

    def apply_preset(self, preset: Preset) -> None:
        """Switch engine (when the preset names another), voice, speed, pitch and leading tags, or
        nothing at all: a missing engine or voice is said in a notice."""
        self._preset_serial += 1
        self._pending_preset = None
        if self._job is not None:
            self.notices.show_notice(_tr("Stop the current take before applying a preset."), Level.INFO,
                                     key="preset")
            return
        target = _preset_engine(preset, self.engine_id)
        if target == self.engine_id:
            if self.backend is None:
                self.notices.show_notice(_tr("The preset “{0}” was not applied: the engine is not ready "
                                             "yet ({1}).").format(preset.name, self._engine_message),
                                         Level.INFO, key="preset")
                return
            self._apply_checked(preset)
            return
        switcher = self.engine_switcher
        problem = (switcher.engine_problem(target) if switcher is not None
                   else _tr("engines are still being found"))
        if problem:
            self._preset_refused(preset, problem)
            return
        assert switcher is not None
        if preset.voice.kind == "library":
            problem = self._library_voice_problem(preset, target)
            if problem:
                self._preset_refused(preset, problem)
                return
            self._switch_for(preset, target)
            return
        serial = self._preset_serial

        def checked(voices: list[VoiceInfo]) -> None:
            if serial != self._preset_serial:
                return  # another preset was chosen meanwhile
            if all(v.id != preset.voice.voice_id for v in voices):
                self._preset_refused(preset, self._builtin_missing(preset, target))
                return
            self._switch_for(preset, target)

        def failed(exc: BaseException) -> None:
            if serial == self._preset_serial:
                self._preset_refused(preset, str(exc))

        self._loads.run(lambda: switcher.engine_voices(target), checked, failed)

    def _switch_for(self, preset: Preset, engine_id: str) -> None:
        assert self.engine_switcher is not None
        if self._job is not None:
            self.notices.show_notice(_tr("Stop the current take before applying a preset."), Level.INFO,
                                     key="preset")
            return
        self._pending_preset = preset
        self.notices.dismiss("preset")
        self.statusMessage.emit(_tr("Switching engine for the preset “{0}”…").format(preset.name))
        self.engine_switcher.switch_engine(engine_id)

    def _library_voice_problem(self, preset: Preset, engine_id: str) -> str | None:
        from studio.ui.clone.services import profiles_of

        voice = next((v for v in self.library_voices if v.id == preset.voice.voice_id), None)
        if voice is None:
            return _tr("its voice is no longer in your voice library.")
        if engine_id not in profiles_of(voice):
            return _tr("your voice “{0}” has no profile for this engine yet (make one on the Clone "
                       "page).").format(voice.name)
        return None

    def _builtin_missing(self, preset: Preset, engine_id: str) -> str:
        return _tr("the engine “{0}” has no voice “{1}”.").format(engine_id, preset.voice.voice_id)

    def _preset_refused(self, preset: Preset, why: str) -> None:
        self.notices.show_notice(_tr("The preset “{0}” was not applied: {1}").format(preset.name, why),
                                 Level.WARNING, key="preset")

    def _apply_checked(self, preset: Preset) -> None:
        """Apply a preset whose engine is the current one (checking its voice first)."""
        if preset.voice.kind == "library":
            problem = self._library_voice_problem(preset, self.engine_id)
            data = LIBRARY_PREFIX + preset.voice.voice_id
        else:
            data = preset.voice.voice_id
            problem = None if any(v.id == data for v in self.voices) else self._builtin_missing(
                preset, self.manifest.name if self.manifest else self.engine_id)
        index = self.voice_combo.findData(data)
        if problem is None and index < 0:
            problem = _tr("its voice is not offered here.")
        if problem:
            self._preset_refused(preset, problem)
            return
        self.voice_combo.setCurrentIndex(index)
        self.set_parameters(preset.engine.speed, preset.engine.pitch)
        self.editor.apply_leading_tags(preset.tags)
        self.notices.dismiss("preset")
        self.statusMessage.emit(_tr("Applied the preset “{0}”").format(preset.name))

    def ask_preset_details(self) -> tuple[str, str] | None:
        """Name and description for a new preset (tests replace this); None when cancelled."""
        dialog = QDialog(self)
        dialog.setWindowTitle(_tr("Save preset"))
        form = QFormLayout(dialog)
        name = QLineEdit(dialog)
        name.setMaxLength(120)
        name.setPlaceholderText(_tr("e.g. Calm narrator"))
        description = QLineEdit(dialog)
        description.setPlaceholderText(_tr("Optional: what it is for"))
        form.addRow(_tr("Name"), name)
        form.addRow(_tr("Description"), description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, dialog)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(False)
        name.textChanged.connect(lambda t: save.setEnabled(bool(t.strip())))
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted or not name.text().strip():
            return None
        return name.text().strip(), description.text().strip()

    def current_preset_parts(self) -> tuple[VoiceRef, str, EngineSettings] | None:
        """What "Save current settings as preset" stores: voice, leading state tags, engine settings."""
        library_voice = self.current_library_voice()
        voice = self.current_voice()
        if library_voice is not None:
            ref = VoiceRef.library(library_voice[0].id)
        elif voice is not None and self.engine_id:
            ref = VoiceRef.built_in(self.engine_id, voice.id)
        else:
            return None
        tags = "".join(t.canonical for t in self.editor.leading_tags() if t.family in STATE_FAMILIES)
        return ref, tags, EngineSettings(self.engine_id, self.speed, self.pitch)

    def save_preset(self) -> None:
        library = self.preset_library
        if library is None:
            return
        parts = self.current_preset_parts()
        if parts is None:
            self.notices.show_notice(_tr("Choose an engine and a voice before saving a preset."),
                                     Level.INFO, key="preset")
            return
        details = self.ask_preset_details()
        if details is None:
            return
        name, description = details
        voice, tags, engine = parts

        def done(preset: Preset) -> None:
            self.statusMessage.emit(_tr("Saved the preset “{0}”").format(preset.name))
            self.refresh_presets()

        self._io.run(lambda: library.add(name, voice, tags=tags, engine=engine, description=description),
                     done, lambda exc: self._library_error(_tr("The preset could not be saved: {0}"), exc))

    def confirm_delete_preset(self, name: str) -> bool:
        """Ask before deleting a preset (tests replace this)."""
        answer = QMessageBox.question(
            self, _tr("Delete preset"), _tr("Delete the preset “{0}”? This cannot be undone.").format(name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def delete_preset(self, preset: Preset) -> None:
        library = self.preset_library
        if library is None or all(p.id != preset.id for p in self.user_presets):
            return  # shipped presets cannot be deleted
        if not self.confirm_delete_preset(preset.name):
            return

        def done(_result: Any) -> None:
            self.statusMessage.emit(_tr("Deleted the preset “{0}”").format(preset.name))
            self.refresh_presets()

        self._io.run(lambda: library.delete(preset.id), done,
                     lambda exc: self._library_error(_tr("The preset could not be deleted: {0}"), exc))

    # --- library --------------------------------------------------------------------------------

    def set_library(self, library: Any) -> None:
        """Use an opened TakeLibrary: list its takes (in the background) and save pending takes."""
        self.library = library
        self._io.run(lambda: library.list(), self._on_takes_listed,
                     lambda exc: self.notices.show_notice(
                         _tr("The take history could not be read: {0}").format(exc), Level.ERROR,
                         key="library"))
        pending, self._pending_saves = self._pending_saves, []
        for audio, meta in pending:
            self._save_take(audio, meta)
        problems = getattr(library, "problems", [])
        if problems:
            self.notices.show_notice("\n".join(p.message for p in problems[:3]), Level.WARNING, key="library")

    def set_library_failed(self, message: str) -> None:
        self.notices.show_notice(_tr("Takes cannot be kept: {0} Generating and exporting still work.").format(
            message), Level.ERROR, key="library")

    def _on_takes_listed(self, takes: list[Any]) -> None:
        self.takes.set_takes(takes)
        if takes and self._current_audio is None and self._job is None:
            self.takes.select(takes[0].id)

    def _save_take(self, audio: Audio, metadata: dict[str, Any]) -> None:
        if self.library is None:
            self._pending_saves.append((audio, metadata))
            return
        job_request_text = self.editor.toPlainText()
        text = str(metadata.get("text") or job_request_text)
        voice_id = str(metadata.get("voice_id") or (metadata.get("parameters") or {}).get("voice_id") or "")
        library = self.library
        engine_id = self.engine_id

        def add() -> Any:
            return library.add(audio, text=text, engine_id=engine_id, voice_id=voice_id, metadata=metadata)

        def done(take: Any) -> None:
            self._cache_audio(take.id, audio)
            if self._current_audio is audio:
                self._current_take = take
                self._unsaved_meta = None
            self.takes.add_take(take, select=self._job is None)
            self.statusMessage.emit(_tr("Saved “{0}” to the history").format(take.title))
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.notices.show_notice(_tr("The take could not be saved: {0} It is still shown here; export "
                                         "it to keep it.").format(exc), Level.ERROR, key="saved")

        self._io.run(add, done, failed)

    def _cache_audio(self, take_id: str, audio: Audio) -> None:
        self._audio_cache[take_id] = audio
        self._audio_cache.move_to_end(take_id)
        while len(self._audio_cache) > AUDIO_CACHE_TAKES:
            self._audio_cache.popitem(last=False)

    def _on_take_selected(self, take: Any) -> None:
        self.details.show_take(take)
        if take is None or self._job is not None:
            return
        if self._current_take is not None and self._current_take.id == take.id and self._current_audio:
            return
        self._stop_player()
        self._paused_at = None
        self._current_take = take
        self._current_audio = None
        self._unsaved_meta = None
        self._update_buttons()
        cached = self._audio_cache.get(take.id)
        if cached is not None:
            self._show_audio(take, cached)
            return
        if not getattr(take, "playable", True):
            self.waveform.clear()
            self.waveform.set_placeholder(_tr("The audio file of this take is missing."))
            return
        self._load_serial += 1
        serial = self._load_serial
        self.waveform.clear()
        self.waveform.set_placeholder(_tr("Loading…"))
        library = self.library

        def done(audio: Audio) -> None:
            self._cache_audio(take.id, audio)
            if serial == self._load_serial and self._current_take is take:
                self._show_audio(take, audio)

        def failed(exc: BaseException) -> None:
            if serial == self._load_serial:
                self.waveform.set_placeholder(_tr("This take's audio cannot be read: {0}").format(exc))

        self._loads.run(lambda: library.load_audio(take.id), done, failed)

    def _show_audio(self, take: Any, audio: Audio) -> None:
        self._current_take = take
        self._current_audio = audio
        self.waveform.set_audio(audio.samples, audio.sample_rate)
        self.time_label.setText(f"{audio.duration:.1f} s")
        self._update_buttons()

    def _rename_take(self, take_id: str, title: str) -> None:
        if self.library is None:
            return
        library = self.library
        self._io.run(lambda: library.rename(take_id, title), self._on_take_updated,
                     lambda exc: self._library_error(_tr("Could not rename the take: {0}"), exc))

    def _favourite_take(self, take_id: str, favourite: bool) -> None:
        if self.library is None:
            return
        self.takes.set_favourite(take_id, favourite)
        library = self.library
        self._io.run(lambda: library.set_favourite(take_id, favourite), self._on_take_updated,
                     lambda exc: self._library_error(_tr("Could not change the favourite: {0}"), exc))

    def _on_take_updated(self, take: Any) -> None:
        self.takes.set_title(take.id, take.title)
        self.takes.set_favourite(take.id, take.favourite)
        if self._current_take is not None and self._current_take.id == take.id:
            self._current_take = take
            self.details.show_take(take)

    def confirm_delete(self, title: str) -> bool:
        """Ask before deleting (there is no undo). Tests replace this."""
        answer = QMessageBox.question(
            self, _tr("Delete take"),
            _tr("Delete “{0}”? Its audio is removed from the history; this cannot be undone.").format(title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _delete_take(self, take_id: str) -> None:
        if self.library is None or not self.confirm_delete(self.takes.title_of(take_id)):
            return
        if self._current_take is not None and self._current_take.id == take_id:
            self._stop_player()
            self._current_take = None
            self._current_audio = None
            self.waveform.clear()
            self.details.show_take(None)
        self._audio_cache.pop(take_id, None)
        self.takes.remove_take(take_id)
        library = self.library
        self._io.run(lambda: library.delete(take_id), lambda _r: self._update_buttons(),
                     lambda exc: self._library_error(_tr("Could not delete the take: {0}"), exc))
        self._update_buttons()

    def _library_error(self, template: str, exc: BaseException) -> None:
        self.notices.show_notice(template.format(exc), Level.ERROR, key="library-op")

    # --- playback -------------------------------------------------------------------------------

    def set_player(self, player: Any, reason: str | None) -> None:
        """Use `player` for sound, or none (with the reason shown once, inline)."""
        self._stop_player()
        self.player = player
        self.player_reason = reason
        if player is not None:
            player.on_state = self._player_bridge.deliver
            self.notices.dismiss("playback")
            self.audio_state.hide()
        else:
            self.audio_state.setText(_tr("No sound output"))
            self.audio_state.setToolTip(reason or _tr("No audio output device."))
            self.audio_state.show()
            if reason:
                self.notices.show_notice(reason, Level.INFO, key="playback")
        self._update_buttons()

    def toggle_play(self) -> None:
        """Play/Pause (Ctrl+Space; Space outside text fields)."""
        if self.player is None:
            self.notices.show_notice(self.player_reason or _tr("No audio output device."), Level.INFO,
                                     key="playback")
            return
        if self.player.playing:
            self._paused_at = None if self._job is not None else self.player.position
            self._device.run(self.player.stop, lambda _r: self._update_buttons())
            return
        if self._job is not None or self._current_audio is None:
            return
        audio = self._current_audio
        start = self._paused_at or 0.0
        if start >= audio.duration - 0.05:
            start = 0.0
        self._play(audio, start)

    def _play(self, audio: Audio, start: float) -> None:
        """Play `audio` from `start` (replacing whatever plays), opened off the GUI thread."""
        player = self.player
        self._device.run(lambda: player.play(audio, start), lambda _r: self._on_player_started(),
                         self._on_player_failed)

    def _on_player_started(self) -> None:
        self._playhead_timer.start()
        self._update_buttons()

    def _on_player_failed(self, exc: BaseException) -> None:
        """PlaybackUnavailable (or a device error): say so; generating and exporting go on."""
        self._stream_to_player = False
        self.notices.show_notice(str(exc), Level.WARNING, key="playback")
        self._update_buttons()

    def _play_take(self, take_id: str) -> None:
        if self._current_take is not None and self._current_take.id == take_id and self._current_audio:
            self._paused_at = 0.0
            if self.player is None:
                self.toggle_play()  # says why there is no sound
            else:
                self._play(self._current_audio, 0.0)  # play() replaces whatever is playing

    def seek(self, seconds: float) -> None:
        """Click on the waveform: move the playhead there (and keep playing from there)."""
        if self._job is not None or self._current_audio is None:
            return
        self._paused_at = seconds
        self.waveform.set_playhead(seconds)
        if self.player is not None and self.player.playing:
            self._play(self._current_audio, seconds)

    def _stop_player(self) -> None:
        if self.player is not None and self.player.playing:
            self._device.run(self.player.stop)
        self._stream_to_player = False

    def _on_player_state(self, _tag: int, state: object) -> None:
        state = str(state)
        if state.startswith("error:"):
            self.notices.show_notice(state[len("error:"):].strip(), Level.WARNING, key="playback")
        if state == "finished":
            self._paused_at = None
        self._update_buttons()

    def _tick_playhead(self) -> None:
        if self.player is not None and self.player.playing:
            self.waveform.set_playhead(self.player.position)
        else:
            self._playhead_timer.stop()
            if self._paused_at is not None:
                self.waveform.set_playhead(self._paused_at)
            self._update_buttons()

    # --- export ---------------------------------------------------------------------------------

    def export_current(self) -> None:
        take = self._current_take
        if take is not None:
            self.export_take(take.id)
        elif self._current_audio is not None and self._unsaved_meta is not None:
            self._export(None, self._current_audio, self._unsaved_meta, "take")

    def export_take(self, take_id: str) -> None:
        title = self.takes.title_of(take_id) or "take"
        self._export(take_id, None, None, title)

    def ask_export_path(self, suggested: str) -> tuple[str, str]:
        """The save dialog (tests replace it). Returns (path, chosen filter) or ('', '')."""
        from studio.library.export import EXPORT_FORMATS

        filters = [f"{desc} (*.{ext})" for ext, desc in EXPORT_FORMATS.items()]
        selected = next((f for f in filters if f.endswith(f"*.{self.export_format})")), filters[0])
        path, chosen = QFileDialog.getSaveFileName(self, _tr("Export take"), suggested, ";;".join(filters),
                                                   selected)
        return path, chosen

    def _export(self, take_id: str | None, audio: Audio | None, metadata: dict[str, Any] | None,
                title: str) -> None:
        from studio.library.export import export_audio, export_take

        folder = self.export_dir or str(Path.home())
        suggested = str(Path(folder) / f"{safe_filename(title)}.{self.export_format}")
        path, chosen = self.ask_export_path(suggested)
        if not path:
            return
        m = re.search(r"\*\.(\w+)\)", chosen or "")
        fmt = Path(path).suffix.lstrip(".").lower()
        if not fmt and m:
            fmt = m.group(1)
            path = f"{path}.{fmt}"
        sidecar = self.sidecar_action.isChecked()
        self.export_dir = str(Path(path).parent)
        if fmt:
            self.export_format = fmt
        self.preferencesChanged.emit()
        library = self.library

        def work() -> Path:
            if take_id is not None:
                return export_take(library, take_id, path, fmt or None, sidecar=sidecar)
            assert audio is not None
            return export_audio(audio, path, fmt or None, metadata, sidecar=sidecar)

        self.statusMessage.emit(_tr("Exporting…"))
        self._loads.run(
            work,
            lambda written: self.statusMessage.emit(_tr("Exported to {0}").format(written)),
            lambda exc: self.notices.show_notice(_tr("Export failed: {0}").format(exc), Level.ERROR,
                                                 key="export"))

    # --- state ----------------------------------------------------------------------------------

    def _show_engine_warning(self, warning: SynthesisWarning) -> None:
        """All of a take's engine warnings in one notice, one line each (tags are never dropped
        silently, but four separate boxes for four tags would bury the editor)."""
        if warning.message in self._engine_warnings:
            return
        self._engine_warnings.append(warning.message)
        name = self.manifest.name if self.manifest else self.engine_id
        if len(self._engine_warnings) == 1:
            text = _tr("{0}: {1}").format(name, warning.message)
        else:
            text = _tr("{0} reported {1} things about this take:").format(name, len(self._engine_warnings))
            text += "".join(f"\n• {m}" for m in self._engine_warnings)
        self.notices.show_notice(text, Level.WARNING, key="engine")

    def _update_buttons(self) -> None:
        busy = self._job is not None
        ready = self.backend is not None
        self.generate_button.setEnabled(ready and not busy)
        self.generate_action.setEnabled(not busy)
        if not ready:
            self.generate_button.setToolTip(self._engine_message)
            self.generate_button.setText(_tr("Loading engine…") if "load" in self._engine_message.lower()
                                         else _tr("Generate"))
        else:
            self.generate_button.setToolTip(_tr("Speak the text (Ctrl+Enter)"))
            self.generate_button.setText(_tr("Generate"))
        playing = self.player is not None and self.player.playing
        self.stop_button.setEnabled(busy or playing)
        self.stop_action.setEnabled(busy or playing)
        has_audio = self._current_audio is not None
        self.play_button.setEnabled(self.player is not None and (has_audio or playing))
        if self.player is None:
            self.play_button.setToolTip(self.player_reason or _tr("No audio output device."))
        else:
            self.play_button.setToolTip(
                _tr("Play or pause the take (Ctrl+Space, or Space outside the editor)"))
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(_tr("Pause") if playing else _tr("Play"))
        can_export = not busy and (self._current_take is not None
                                   or (has_audio and self._unsaved_meta is not None))
        self.export_button.setEnabled(can_export)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: give the history a comfortable share once laid out
            self._sized = True
            QTimer.singleShot(0, self._initial_sizes)

    def _initial_sizes(self) -> None:
        total = max(self.splitter.width(), 900)
        side = 380 if total >= 1150 else 320
        self.splitter.setSizes([total - side, side])

    def shutdown(self) -> None:
        """Stop everything and wait for pending library writes (the window is closing)."""
        if self._job is not None:
            self._job.cancel()
        self._stop_player()
        self._playhead_timer.stop()
        with contextlib.suppress(Exception):
            self._device.wait(5_000)
            self._io.wait(10_000)
            self._loads.wait(10_000)
