"""The controls above the transcript: devices and echo handling, persona, voice, turn-taking and
language, the chat-model button, and the transport row (start, interrupt, hands-free or push-to-talk,
the turn state, the microphone level). Choices are remembered, and applied to a running conversation."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.conversation.model_config import ChatModelConfig
from studio.conversation.recogniser import SPOKEN_LANGUAGES, recogniser_for
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from widgets.flow import FlowRow, keep_together, labelled
from widgets.level_meter import LevelMeter
from widgets.sizes import scaled

log = logging.getLogger(__name__)

TRACE_DEVICE = "__none__"  # the item of a device list that names no device (none found yet, or none)


def select(combo: QComboBox, data: Any) -> bool:
    """Choose the item whose data (or else text) is `data`; False when there is none."""
    if data is None:
        return False
    row = combo.findData(data)
    if row < 0:
        row = combo.findText(str(data))
    if row >= 0:
        combo.setCurrentIndex(row)
    return row >= 0


class ControlsBar(QWidget):
    """Three rows of controls. `controller()` is the running conversation (None while none runs): a
    persona, voice, turn-taking or echo choice made while it runs is applied to it at once."""

    statusMessage = Signal(str)
    preferencesChanged = Signal()
    settingApplied = Signal(str)  # a choice applied live: the page writes it into the transcript
    modeChanged = Signal()  # hands-free or push-to-talk: the page updates its buttons

    def __init__(self, controller: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.preferences: dict[str, Any] = {}
        self.personas: list[Any] = []
        self._engine_changing = False
        self._ptt_down = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)

        # Labelled controls flow onto a second line when the text is large or the window narrow.
        devices = FlowRow(spacing=14)
        self.mic_combo = QComboBox(self)
        self.mic_combo.setAccessibleName(_tr("Microphone"))
        self.mic_combo.setMinimumWidth(scaled(200))
        self.mic_combo.addItem(_tr("Looking for microphones…"), TRACE_DEVICE)
        self.mic_combo.setEnabled(False)
        self.out_combo = QComboBox(self)
        self.out_combo.setAccessibleName(_tr("Output"))
        self.out_combo.setMinimumWidth(scaled(200))
        self.out_combo.addItem(_tr("Looking for speakers…"), TRACE_DEVICE)
        self.out_combo.setEnabled(False)
        self.echo_combo = QComboBox(self)
        self.echo_combo.setAccessibleName(_tr("Echo handling"))
        self.echo_combo.addItem(_tr("Headphones"), "headphones")
        self.echo_combo.addItem(_tr("Speakers"), "speakers")
        self.echo_combo.setToolTip(_tr("Headphones: the microphone cannot hear replies. Speakers: the "
                                       "microphone is gated while a reply plays, so the assistant does not "
                                       "hear itself; speak up to interrupt."))
        for text, widget in ((_tr("Microphone"), self.mic_combo), (_tr("Output"), self.out_combo),
                             (_tr("Listening with"), self.echo_combo)):
            devices.addWidget(labelled(self, text, widget, grow=widget is not self.echo_combo))
        self.echo_state = QLabel(self)
        self.echo_state.setObjectName("echoState")
        self.echo_state.setProperty("role", "badge")
        devices.addWidget(self.echo_state)
        outer.addLayout(devices)

        choices = FlowRow(spacing=14)
        self.persona_combo = QComboBox(self)
        self.persona_combo.setAccessibleName(_tr("Persona"))
        self.persona_combo.addItem(_tr("No persona (plain assistant)"), None)
        # As wide as its longest persona: "No persona (plain assistant)" was cut off at 1280 px.
        self.persona_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.voice_combo = QComboBox(self)
        self.voice_combo.setAccessibleName(_tr("Voice"))
        self.voice_combo.setMinimumWidth(scaled(180))
        self.voice_combo.addItem(_tr("Loading engine…"), None)
        self.voice_combo.setEnabled(False)
        self.vad_combo = QComboBox(self)
        self.vad_combo.setAccessibleName(_tr("Turn-taking preset"))
        for key, label in (("quiet-room", _tr("Quiet room")), ("noisy-room", _tr("Noisy room")),
                           ("slow-speaker", _tr("Slow speaker"))):
            self.vad_combo.addItem(label, key)
        self.vad_combo.setToolTip(_tr("How eagerly the assistant takes its turn: a noisy room needs louder "
                                      "speech; a slow speaker gets longer pauses before the turn ends."))
        self.language_combo = QComboBox(self)
        self.language_combo.setAccessibleName(_tr("The language you speak"))
        # Written out so that lupdate sees them (SPOKEN_LANGUAGES lives in the Qt-free core).
        spoken = {"en": _tr("English"), "zh": _tr("Mandarin Chinese"),
                  "auto": _tr("Another language (detected)")}
        for code, label in SPOKEN_LANGUAGES:  # each names the recogniser that will listen
            self.language_combo.addItem(f"{spoken.get(code, label)} · {recogniser_for(code).describe()}",
                                        code)
        for text, widget in ((_tr("Persona"), self.persona_combo), (_tr("Voice"), self.voice_combo),
                             (_tr("Turn-taking"), self.vad_combo), (_tr("You speak"), self.language_combo)):
            choices.addWidget(labelled(self, text, widget, grow=True))
        self.model_button = QToolButton(self)
        self.model_button.setObjectName("chatModelButton")
        self.model_button.setProperty("tagFamily", True)
        self.model_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.model_button.setToolTip(_tr("The chat model that writes the replies; click to change it"))
        outer.addLayout(choices)

        transport = FlowRow(spacing=12)
        self.start_button = QPushButton(_tr("Start conversation"), self)
        self.start_button.setObjectName("primary")
        self.start_button.setMinimumWidth(scaled(160))
        self.interrupt_button = QPushButton(_tr("Interrupt"), self)
        self.interrupt_button.setToolTip(_tr("Stop the reply now (Esc)"))
        self.mode_hands_free = QRadioButton(_tr("Hands-free"), self)
        self.mode_ptt = QRadioButton(_tr("Push to talk"), self)
        self.mode_hands_free.setChecked(True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.mode_hands_free)
        self.mode_group.addButton(self.mode_ptt)
        self.talk_button = QPushButton(_tr("Hold to talk (F8)"), self)
        self.talk_button.setToolTip(_tr("Hold this button, or the F8 key, while you speak"))
        transport.addWidget(keep_together(self, self.start_button, self.interrupt_button))
        transport.addWidget(keep_together(self, self.mode_hands_free, self.mode_ptt, self.talk_button))
        self.state_label = QLabel(_tr("Not started"), self)
        self.state_label.setObjectName("turnState")
        self.state_label.setProperty("role", "badge")
        transport.addWidget(self.state_label)
        self.meter = LevelMeter(self)
        self.meter.setMinimumWidth(scaled(140))
        self.meter.setSizePolicy(QSizePolicy.Policy.Expanding, self.meter.sizePolicy().verticalPolicy())
        transport.addWidget(self.meter)
        # The chat model is chosen here, at the end of the line that starts the conversation: with the
        # pickers above, it pushed their row onto two lines at 1280 px.
        transport.addWidget(self.model_button)
        outer.addLayout(transport)

        self.echo_combo.currentIndexChanged.connect(self._on_echo_chosen)
        self.vad_combo.currentIndexChanged.connect(self._on_vad_chosen)
        self.language_combo.currentIndexChanged.connect(self._on_language_chosen)
        self.persona_combo.currentIndexChanged.connect(self._on_persona_chosen)
        self.voice_combo.currentIndexChanged.connect(self._on_voice_chosen)
        self.mic_combo.activated.connect(
            lambda _i: self.remember("microphone", self.mic_combo.currentText()))
        self.talk_button.pressed.connect(lambda: self.push_to_talk(True))
        self.talk_button.released.connect(lambda: self.push_to_talk(False))
        self.mode_hands_free.toggled.connect(self._on_mode)
        self._on_echo_chosen(0)
        self.show_recogniser()

    def set_preferences(self, prefs: dict[str, Any]) -> None:
        """What the user chose last time (from settings; applied as the choices become available)."""
        self.preferences = dict(prefs)
        select(self.vad_combo, prefs.get("vad"))
        select(self.language_combo, prefs.get("language"))
        select(self.echo_combo, prefs.get("echo"))
        if prefs.get("push_to_talk"):
            self.mode_ptt.setChecked(True)

    def remember(self, key: str, value: Any) -> None:
        if self.preferences.get(key) != value:
            self.preferences[key] = value
            self.preferencesChanged.emit()

    def set_personas(self, personas: list[Any]) -> None:
        self.personas = list(personas)
        self._show_personas(personas)
        select(self.persona_combo, self.preferences.get("persona"))

    def current_persona(self) -> Any:
        pid = self.persona_combo.currentData()
        return next((p for p in self.personas if p.id == pid), None)

    def _on_persona_chosen(self, _index: int) -> None:
        persona = self.current_persona()
        if persona is not None and persona.voice_id:
            select(self.voice_combo, persona.voice_id)
        self.remember("persona", self.persona_combo.currentData())
        if self._controller() is not None:
            name = persona.name if persona is not None else _tr("no persona")
            self._live_setting("set_persona", persona, _tr("Persona: {0}").format(name))

    def _on_voice_chosen(self, _index: int) -> None:
        self.remember("voice", self.voice_combo.currentData())
        if self._controller() is not None and self.voice_combo.isEnabled() and not self._engine_changing:
            self._live_setting("set_voice", self.voice_combo.currentData(),
                               _tr("Voice: {0}").format(self.voice_combo.currentText()))

    def _on_language_chosen(self, _index: int) -> None:
        self.remember("language", self.language_combo.currentData())
        self.show_recogniser()
        if self._controller() is not None:  # another model has to load: not in the middle of a turn
            self.statusMessage.emit(_tr("{0} listens from the next conversation.").format(
                recogniser_for(self.language_combo.currentData()).describe()))

    def _on_vad_chosen(self, _index: int) -> None:
        self.remember("vad", self.vad_combo.currentData())
        if self._controller() is not None:
            self._live_setting("set_vad", self.vad(),
                               _tr("Turn-taking: {0}").format(self.vad_combo.currentText()))

    def _on_echo_chosen(self, _index: int) -> None:
        mode = self.echo_combo.currentData()
        if mode == "speakers":
            self.echo_state.setText(_tr("Speaker mode: the mic is gated while replies play"))
        else:
            self.echo_state.setText(_tr("Headphone mode: no echo handling needed"))
        self.remember("echo", mode)
        if self._controller() is not None:
            self._live_setting("set_echo_mode", self.echo_mode(),
                               _tr("Echo handling: {0}").format(self.echo_combo.currentText()))

    def _live_setting(self, method: str, value: Any, what: str) -> None:
        """Apply a choice to the running conversation and say so, in the status bar and as a line in
        the transcript (so a saved session's reader sees where the persona or voice changed)."""
        setter = getattr(self._controller(), method, None)
        if callable(setter):
            try:
                setter(value)
            except Exception as exc:
                log.debug("live setting failed", exc_info=True)
                self.statusMessage.emit(f"{what}: {exc}")
                return
            said = _tr("{0} (from now on in this conversation)").format(what)
            self.statusMessage.emit(said)
            self.settingApplied.emit(said)
            return
        self.statusMessage.emit(_tr("{0} applies from the next conversation.").format(what))

    def show_inputs(self, devices: list[Any], reason: str | None) -> str | None:
        """List the microphones; without one, say why (returned, for the page's notice)."""
        self.mic_combo.clear()
        if not devices:
            reason = reason or _tr("No microphone was found.")
            self.mic_combo.addItem(_tr("No microphone"), TRACE_DEVICE)
            self.mic_combo.setEnabled(False)
            self.mic_combo.setToolTip(reason)
            return reason
        default = next((d for d in devices if d.is_default), None)
        self.mic_combo.addItem(_tr("System default") + (f" ({default.name})" if default else ""), None)
        for d in devices:
            self.mic_combo.addItem(d.name, d.index)
        self.mic_combo.setEnabled(True)
        return None

    def show_outputs(self, devices: list[Any], reason: str | None) -> str | None:
        """List the speakers; without one, say why (returned, for the page's notice)."""
        self.out_combo.clear()
        if not devices:
            reason = reason or _tr("No audio output device was found.")
            self.out_combo.addItem(_tr("No speaker"), TRACE_DEVICE)
            self.out_combo.setEnabled(False)
            self.out_combo.setToolTip(reason)
            return reason
        default = next((d for d in devices if d.is_default), None)
        self.out_combo.addItem(_tr("System default") + (f" ({default.name})" if default else ""), None)
        for d in devices:
            self.out_combo.addItem(d.name, d.index)
        self.out_combo.setEnabled(True)
        return None

    def selected_mic(self) -> Any:
        data = self.mic_combo.currentData()
        return TRACE_DEVICE if data == TRACE_DEVICE or not self.mic_combo.isEnabled() else data

    def show_engine_pending(self, message: str) -> None:
        self.voice_combo.clear()
        self.voice_combo.addItem(message, None)
        self.voice_combo.setEnabled(False)

    def show_voices(self, voices: list[Any]) -> None:
        """The current engine's voices; the persona's voice, or else the last one, is chosen."""
        self.voice_combo.blockSignals(True)
        self.voice_combo.clear()
        for voice in voices:
            self.voice_combo.addItem(translate_core(voice.name), voice.id)
        if not voices:
            self.voice_combo.addItem(_tr("The engine's default voice"), None)
        self.voice_combo.setEnabled(bool(voices))
        self.voice_combo.blockSignals(False)
        persona = self.current_persona()
        self._engine_changing = True  # a running conversation keeps speaking with its own engine
        try:
            if not (persona is not None and select(self.voice_combo, persona.voice_id)):
                select(self.voice_combo, self.preferences.get("voice"))
        finally:
            self._engine_changing = False

    def _show_personas(self, personas: list[Any]) -> None:
        self.persona_combo.blockSignals(True)
        while self.persona_combo.count() > 1:
            self.persona_combo.removeItem(1)
        for persona in personas:
            self.persona_combo.addItem(translate_core(persona.name), persona.id)
            self.persona_combo.setItemData(self.persona_combo.count() - 1,
                                           translate_core(persona.description), Qt.ItemDataRole.ToolTipRole)
        self.persona_combo.blockSignals(False)

    def show_model(self, config: ChatModelConfig | None) -> None:
        if config is None:
            self.model_button.setText(_tr("Chat model: not set up"))
            self.model_button.setToolTip(_tr("The chat model that writes the replies; click to set it up"))
        elif config.kind == "offline":  # honest: a model for trying, not for real conversations
            self.model_button.setText(_tr("Model: offline (for trying)"))
            self.model_button.setToolTip(_tr(
                "Replies are written by the small offline model on this computer (Qwen2.5-Coder 0.5B): "
                "short, simple and sometimes wrong answers, for trying Chat. For real conversations "
                "click to connect Step-Audio-Chat or an OpenAI-compatible server."))
        else:
            self.model_button.setText(_tr("Model: {0}").format(config.short()))
            self.model_button.setToolTip(_tr("Replies are written by {0}; click to change it").format(
                config.describe()))
        self.model_button.setMinimumWidth(min(self.model_button.sizeHint().width(), 360))  # never elided

    def show_recogniser(self) -> None:
        choice = recogniser_for(self.language_combo.currentData())
        self.language_combo.setToolTip(_tr(
            "What you say is recognised on this computer by {0}. English is heard by Whisper tiny.en "
            "(about twice as fast); other languages by the multilingual Whisper base.").format(
            choice.describe()))

    def echo_mode(self) -> Any:
        from studio.conversation import EchoMode

        return EchoMode(self.echo_combo.currentData())

    def vad(self) -> Any:
        from studio.conversation import VAD_PRESETS

        return VAD_PRESETS[self.vad_combo.currentData()]

    def _on_mode(self, hands_free: bool) -> None:
        self.remember("push_to_talk", not hands_free)
        controller = self._controller()
        if controller is not None:
            with contextlib.suppress(Exception):
                controller.hands_free = hands_free
        self.modeChanged.emit()

    def push_to_talk(self, pressed: bool) -> None:
        if self._ptt_down == pressed:
            return
        self._ptt_down = pressed
        self.talk_button.setDown(pressed)
        controller = self._controller()
        if controller is not None and self.mode_ptt.isChecked():
            controller.push_to_talk(pressed)
