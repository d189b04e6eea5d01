"""The Chat workspace: talk with a model through the microphone and hear it answer.

The page renders what the conversation controller (studio.conversation) reports and asks it to do
things; it never waits. Controller events arrive on the controller's worker threads and are
re-emitted on the GUI thread through an `EventBridge`. Everything slow runs elsewhere:

- building the model, the speech recogniser and the controller, and opening the session store, on a
  task pool;
- every device call (opening the microphone, opening, feeding and stopping the speaker stream) on
  one ordered queue thread, `AudioOut` (speaker.py) for the speaker; the controller's sink enqueues
  there too;
- saving each turn as it completes, on a one-thread task queue (ordered, off the GUI thread).

Decisions a user will notice:
- Without a microphone the page says why and still takes typed turns; without a speaker replies are
  still written and saved.
- Without a chat model the transcript area says exactly what to set up and offers the dialog.
- Assistant text that has not been spoken yet is shown muted; when the user interrupts, what was
  not heard is struck through and the history keeps only what was said.
- Every turn is saved the moment it ends (text, timing, latency, audio), so a crash loses at most
  the turn in flight. The sessions list replays and exports saved conversations.

The page composes its panels (controls.py, transcript.py, model_dialog.py, sessions_panel.py,
devices.py, live_turns.py) and keeps what crosses them: the conversation's lifecycle, the controller's
events, the saving of turns and the saved session on view.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio
from studio.conversation.model_config import ChatModelConfig
from studio.conversation.recogniser import recogniser_for
from studio.conversation.sessions import mix_clips
from studio.devices.mic_stream import AudioHistory
from studio.ui.chat.controls import TRACE_DEVICE, ControlsBar
from studio.ui.chat.devices import ChatDevices
from studio.ui.chat.entry import MessageEntry
from studio.ui.chat.live_turns import LatencyReadout, LiveTurns, Reply
from studio.ui.chat.model_dialog import ChatModelDialog, SetupPanel
from studio.ui.chat.services import ChatServices, build_conversation
from studio.ui.chat.sessions_panel import SessionsPanel
from studio.ui.chat.speaker import AudioOut
from studio.ui.chat.transcript import Transcript
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.tasks import EventBridge, Tasks
from widgets.notices import Level, NoticeArea
from widgets.sizes import scaled

log = logging.getLogger(__name__)

PTT_KEY = Qt.Key.Key_F8


class ChatPage(QWidget):
    """Devices and modes, the live transcript, latency, and the saved sessions."""

    editRequested = Signal(object, str, dict)  # a conversation as heard, for the Edit page
    statusMessage = Signal(str)
    modelConfigChanged = Signal(object)  # ChatModelConfig | None: the window stores it in settings
    preferencesChanged = Signal()

    def __init__(self, services: ChatServices | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatPage")
        self.services = services or ChatServices()
        self.model_config: ChatModelConfig | None = None
        self.backend: Any = None  # the TTS engine (the window's current engine)
        self.engine_id = ""
        self.voices: list[Any] = []
        self.controller: Any = None
        self.session_id: str | None = None
        self._engine_message = _tr("The engines are still being found.")
        self.history = AudioHistory()
        self.state = "silence"
        self._starting = False
        self._pending_text: str | None = None
        self._serial = 0
        self._viewing: str | None = None  # a saved session shown in the transcript
        self.last_replay: Audio | None = None

        self._tasks = Tasks(self, 2, "chat-start")
        self._io = Tasks(self, 1, "chat-sessions")
        self._device = Tasks(self, 1, "chat-devices")
        self._out = AudioOut()
        self._bridge = EventBridge(0, self)
        self._bridge.event.connect(self._on_event)
        self._notice_bridge = EventBridge(1, self)
        self._notice_bridge.event.connect(lambda _t, text: self.notices.show_notice(str(text), Level.WARNING,
                                                                                     key="audio"))
        self._out.on_error = self._notice_bridge.deliver
        self._build()
        self.devices = ChatDevices(self.services, self.controls, self.notices, self._out, self._device,
                                   lambda: self.controller is not None, self)
        self.turns = LiveTurns(self.transcript, self.history, self.readout, self._save_turn,
                               lambda: self.player)
        self._wire()
        self.show_model_state()
        self._update_controls()

    @property
    def sessions(self) -> Any:
        """The ChatSessionStore once open (the sessions panel holds it)."""
        return self.sessions_panel.store

    @property
    def replies(self) -> dict[int, Reply]:
        """The current conversation's assistant turns, by the controller's turn id."""
        return self.turns.replies

    @property
    def player(self) -> Any:
        """The speaker's StreamPlayer once open (None without one)."""
        return self.devices.player

    @property
    def mic(self) -> Any:
        """The open microphone stream while a conversation runs."""
        return self.devices.mic

    @property
    def preferences(self) -> dict[str, Any]:
        """What the user chose (the window keeps it in settings); the controls bar holds it."""
        return self.controls.preferences

    def set_preferences(self, prefs: dict[str, Any]) -> None:
        """What the user chose last time (from settings; applied as the choices become available)."""
        self.controls.set_preferences(prefs)

    def _live_session(self) -> str | None:
        return self.session_id if self.controller is not None else None

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        outer.setSpacing(8)
        self.controls = ControlsBar(lambda: self.controller, self)
        outer.addWidget(self.controls)
        c = self.controls  # the page reads and wires these directly
        self.mic_combo, self.out_combo, self.echo_combo = c.mic_combo, c.out_combo, c.echo_combo
        self.echo_state, self.model_button = c.echo_state, c.model_button
        self.persona_combo, self.voice_combo = c.persona_combo, c.voice_combo
        self.vad_combo, self.language_combo = c.vad_combo, c.language_combo
        self.start_button, self.interrupt_button, self.talk_button = c.start_button, c.interrupt_button, \
            c.talk_button
        self.mode_hands_free, self.mode_ptt = c.mode_hands_free, c.mode_ptt
        self.state_label, self.meter = c.state_label, c.meter

        self.notices = NoticeArea(self)
        outer.addWidget(self.notices)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)

        left = QWidget(self.splitter)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.setSpacing(6)
        card = QFrame(left)
        card.setObjectName("card")
        cv = QVBoxLayout(card)
        cv.setContentsMargins(1, 1, 1, 1)
        self.center = QStackedWidget(card)
        self.transcript = Transcript(self.center)
        self.setup_panel = SetupPanel(self.center)
        self.setup_text, self.setup_button = self.setup_panel.setup_text, self.setup_panel.setup_button
        self.center.addWidget(self.transcript)
        self.center.addWidget(self.setup_panel)
        cv.addWidget(self.center)
        lv.addWidget(card, 1)
        self.entry = MessageEntry(left)
        self.message_edit, self.send_button = self.entry.message_edit, self.entry.send_button
        lv.addWidget(self.entry)

        right = QWidget(self.splitter)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(8, 0, 0, 0)
        rv.setSpacing(6)
        self.readout = LatencyReadout(right)
        rv.addWidget(self.readout)
        self.latency_label, self.speculation_label = (self.readout.latency_label,
                                                      self.readout.speculation_label)
        rv.addSpacing(8)
        self.sessions_panel = SessionsPanel(self._io, self.notices, self._live_session, right)
        rv.addWidget(self.sessions_panel, 1)
        p = self.sessions_panel
        self.session_list, self.replay_button = p.session_list, p.replay_button
        self.export_button, self.rename_button, self.delete_button = p.export_button, p.rename_button, \
            p.delete_button
        right.setMinimumWidth(scaled(300))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([scaled(880), scaled(360)])

    def _wire(self) -> None:
        self.start_button.clicked.connect(self.toggle_conversation)
        self.interrupt_button.clicked.connect(self.interrupt)
        self.send_button.clicked.connect(self.send_typed)
        self.message_edit.returnPressed.connect(self.send_typed)
        self.controls.modeChanged.connect(self._update_controls)
        self.controls.statusMessage.connect(self.statusMessage)
        self.controls.preferencesChanged.connect(self.preferencesChanged)
        self.controls.settingApplied.connect(self.transcript.add_line)
        self.model_button.clicked.connect(self.open_model_dialog)
        self.setup_button.clicked.connect(self.open_model_dialog)
        self.entry.setupRequested.connect(self.open_model_dialog)
        self.session_list.currentItemChanged.connect(lambda *_a: self._update_controls())
        self.session_list.itemActivated.connect(
            lambda _item: self.show_session(self.sessions_panel.selected_session()))
        self.replay_button.clicked.connect(self.replay_selected)
        self.sessions_panel.statusMessage.connect(self.statusMessage)
        self.sessions_panel.changed.connect(self._update_controls)
        self.sessions_panel.deleting.connect(self._forget_viewed)
        self.sessions_panel.editRequested.connect(self.editRequested)
        self.devices.statusMessage.connect(self.statusMessage)
        self.devices.changed.connect(self._update_controls)

    # --- set-up from the window ---------------------------------------------------------------------

    def start_background(self) -> None:
        """Devices, personas and saved sessions, found off the GUI thread (after the first paint)."""
        self.devices.find()
        self._tasks.run(self.services.personas, self.controls.set_personas,
                        lambda exc: self.notices.show_notice(
                            _tr("Personas could not be read: {0}").format(exc), Level.WARNING,
                            key="personas"))
        self._io.run(self.services.open_sessions, self.sessions_panel.open,
                     lambda exc: self.notices.show_notice(
                         _tr("Saved conversations are unavailable: {0}").format(exc), Level.ERROR,
                         key="sessions"))

    def set_model_config(self, config: ChatModelConfig | None) -> None:
        self.model_config = config
        self.show_model_state()
        self._update_controls()

    def show_model_state(self) -> None:
        self.controls.show_model(self.model_config)
        if self.model_config is None:
            if self.controller is None and self._viewing is None:
                self.center.setCurrentWidget(self.setup_panel)
        elif self.center.currentWidget() is self.setup_panel:
            self.center.setCurrentWidget(self.transcript)

    def set_engine_pending(self, message: str) -> None:
        """No engine to speak the replies yet: `message` says why (loading, or what failed)."""
        self.backend = None
        self._engine_message = message
        self.controls.show_engine_pending(message)
        self._update_controls()

    def set_engine(self, engine_id: str, backend: Any, voices: list[Any]) -> None:
        """The engine that speaks the replies (the window's current engine) and its voices."""
        self.engine_id, self.backend, self.voices = engine_id, backend, list(voices)
        self.controls.show_voices(voices)
        self._update_controls()

    # --- keys ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """F8 held anywhere in the window talks (push-to-talk mode)."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and self.isVisible():
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() == PTT_KEY and self.mode_ptt.isChecked():
                if not key_event.isAutoRepeat():
                    self.controls.push_to_talk(event.type() == QEvent.Type.KeyPress)
                return True
            if key_event.key() == Qt.Key.Key_Escape and event.type() == QEvent.Type.KeyPress \
                    and self.state == "bot_replying":
                self.interrupt()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.controls.push_to_talk(False)

    # --- the model ----------------------------------------------------------------------------------

    def open_model_dialog(self) -> ChatModelDialog:
        dialog = ChatModelDialog(self.model_config, self.services.check_model, self)
        dialog.accepted.connect(lambda: self._model_chosen(dialog.config))
        dialog.open()
        return dialog

    def _model_chosen(self, config: ChatModelConfig | None) -> None:
        if config is None:
            return
        self.set_model_config(config)
        self.modelConfigChanged.emit(config)
        self.statusMessage.emit(_tr("Chat model set: {0}").format(config.describe()))

    # --- the conversation ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.controller is not None

    def toggle_conversation(self) -> None:
        if self.controller is not None or self._starting:
            self.stop_conversation()
        else:
            self.start_conversation()

    def start_conversation(self) -> None:
        """Build the controller off the GUI thread, then open the microphone on the device queue."""
        if self.controller is not None or self._starting:
            return
        if self.model_config is None:
            self.center.setCurrentWidget(self.setup_panel)
            return
        if self.backend is None:
            self.notices.show_notice(_tr("The voice engine is still loading; start again in a moment."),
                                     Level.INFO, key="engine")
            return
        self._starting = True
        self._serial += 1
        serial = self._serial
        self._reset_view()
        self.state_label.setText(_tr("Starting…"))
        config, backend, voice = self.model_config, self.backend, self.voice_combo.currentData()
        persona, vad, echo = self.controls.current_persona(), self.controls.vad(), self.controls.echo_mode()
        recogniser = recogniser_for(self.language_combo.currentData())
        hands_free = self.mode_hands_free.isChecked()
        build = functools.partial(
            build_conversation, self.services, self.sessions, config=config, backend=backend, voice=voice,
            persona=persona, vad=vad, echo=echo, recogniser=recogniser, hands_free=hands_free,
            on_event=self._bridge.deliver, engine_id=self.engine_id)
        self._tasks.run(build, lambda result: self._on_built(serial, *result),
                        lambda exc: self._on_start_failed(serial, exc))
        self._update_controls()

    def _on_built(self, serial: int, controller: Any, session_id: str | None) -> None:
        if serial != self._serial:  # stopped while starting
            self._tasks.run(controller.stop)
            return
        self._starting = False
        self.controller = controller
        self.session_id = session_id
        self._out.on_played = getattr(controller, "notify_played", None)
        controller.set_output(self._out.sink, self._out.flush)
        controller.start()
        if self.session_id is not None:
            self.sessions_panel.refresh(select=self.session_id)
        mic = self.controls.selected_mic()
        if mic == TRACE_DEVICE:
            self.state_label.setText(_tr("Listening to typed turns"))
        else:
            history = self.history

            def frames(samples: np.ndarray, rate: int) -> None:
                history.append(samples, rate)
                controller.feed_microphone(samples, rate)

            def stopped(message: str) -> None:
                self._notice_bridge.deliver(message)

            self.devices.open_mic(mic, frames, stopped)
        self._update_controls()
        if self._pending_text:
            text, self._pending_text = self._pending_text, None
            self._send(text)

    def _on_start_failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self._starting = False
        self.state_label.setText(_tr("Not started"))
        self.notices.show_notice(_tr("The conversation could not start: {0}").format(exc), Level.ERROR,
                                 key="start")
        self._update_controls()

    def stop_conversation(self) -> None:
        """End the conversation: close the mic, stop the reply, save what is pending."""
        self._serial += 1
        self._starting = False
        controller = self.controller
        self.controller = None
        self.turns.finish_replies()
        self.devices.close_mic()
        if controller is not None:
            self._tasks.run(controller.stop)
        self._out.flush()
        self.state = "silence"
        self.state_label.setText(_tr("Not started"))
        self.meter.reset()
        self._update_controls()

    def interrupt(self) -> None:
        if self.controller is not None:
            self.controller.interrupt()
        else:
            self._out.flush()  # a replay

    def send_typed(self) -> None:
        """Send the typed turn (Send, or Enter in the box): only when Send is enabled, which the line
        beside it explains when it is not; the text stays in the box until it can go."""
        text = self.message_edit.text().strip()
        if not text or not self.entry.can_send():
            return
        self.message_edit.clear()
        if self.controller is None:
            self._pending_text = text
            self.start_conversation()
            return
        self._send(text)

    def _send(self, text: str) -> None:
        bubble = self.transcript.add_bubble("user", text)
        bubble.set_footer(_tr("typed"))
        self.turns.typed.append((text, bubble))
        self._save_turn("user", text, None, time.time(), time.time(), {}, {"typed": True})
        self.controller.send_text(text)

    # --- controller events (GUI thread) -------------------------------------------------------------

    def _on_event(self, _tag: int, event: object) -> None:
        kind = type(event).__name__
        handler = getattr(self, f"_on_{kind}", None) or getattr(self.turns, f"on_{kind}", None)
        if handler is not None:
            handler(event)

    def _on_StateChanged(self, event: Any) -> None:
        state = getattr(event.state, "value", str(event.state))
        previous, self.state = self.state, state
        labels = {"silence": _tr("Listening"), "user_speaking": _tr("You are speaking"),
                  "user_paused": _tr("Pause: thinking ahead"), "bot_replying": _tr("Replying")}
        self.state_label.setText(labels.get(state, state))
        if state == "user_speaking" and previous in ("silence", "bot_replying"):
            self.turns.speech_started = time.monotonic()
        if state == "silence" and previous == "bot_replying":
            self.turns.finish_replies()
        self._update_controls()

    def _on_LevelUpdate(self, event: Any) -> None:
        self.meter.set_level(10 ** (float(event.dbfs) / 20.0))

    def _on_EchoModeActive(self, event: Any) -> None:
        self.echo_state.setText(_tr("Active: {0}").format(event.description))
        self.echo_state.setToolTip(event.description)

    def _on_ErrorNotice(self, event: Any) -> None:
        self.notices.show_notice(str(event.message), Level.WARNING, key="conversation")

    # --- saving -------------------------------------------------------------------------------------

    def _save_turn(self, role: str, text: str, audio: Audio | None, started: float, ended: float,
                   latency: dict[str, Any], metadata: dict[str, Any]) -> None:
        store, session_id = self.sessions, self.session_id
        if store is None or session_id is None:
            return
        numeric = {k: v for k, v in latency.items() if k != "speculative_committed"}
        self._io.run(lambda: store.add_turn(session_id, role, text, audio=audio, started=started, ended=ended,
                                            latency=numeric, metadata=metadata),
                     lambda _turn: self.sessions_panel.refresh(),
                     lambda exc: self.notices.show_notice(_tr("A turn could not be saved: {0}").format(exc),
                                                          Level.ERROR, key="save"))

    def show_session(self, session_id: str | None) -> None:
        """Show a saved conversation's transcript (while no conversation is live)."""
        store = self.sessions
        if store is None or session_id is None or self.controller is not None:
            return

        def load() -> tuple[Any, list[Any]]:
            return store.get(session_id), store.turns(session_id)

        self._io.run(load, self._show_turns,
                     lambda exc: self.notices.show_notice(str(exc), Level.ERROR, key="sessions"))

    def _show_turns(self, loaded: tuple[Any, list[Any]]) -> None:
        session, turns = loaded
        if self.controller is not None:
            return
        self._viewing = session.id
        self.transcript.clear()
        self.center.setCurrentWidget(self.transcript)
        self.transcript.show_turns(turns)
        self.statusMessage.emit(_tr("Showing “{0}”").format(session.display_title))

    def replay_selected(self) -> None:
        """Play the whole saved conversation (its mix: real timing, long silences shortened)."""
        session_id, store = self.sessions_panel.selected_session(), self.sessions
        if session_id is None or store is None:
            return
        if self.player is None:
            self.notices.show_notice(self.devices.player_reason or _tr("No audio output device."), Level.INFO,
                                     key="speaker")
        self.show_session(session_id)

        def mix() -> Audio | None:
            return mix_clips(store.replay_clips(session_id))

        def play(audio: Audio | None) -> None:
            if audio is None:
                self.statusMessage.emit(_tr("This conversation has no audio to replay."))
                return
            self.last_replay = audio
            if self.player is not None:
                self._out.play(audio)
                self.statusMessage.emit(
                    _tr("Replaying ({0:.1f} s); Interrupt stops it.").format(audio.duration))

        self._io.run(mix, play, lambda exc: self.notices.show_notice(str(exc), Level.ERROR, key="sessions"))

    def _forget_viewed(self, session_id: str) -> None:
        """A session is being deleted: stop showing it if the transcript does."""
        if self._viewing == session_id:
            self._viewing = None
            self.transcript.clear()

    # --- state --------------------------------------------------------------------------------------

    def _reset_view(self) -> None:
        self.transcript.clear()
        self.center.setCurrentWidget(self.transcript)
        self._viewing = None
        self.turns.clear()
        self.history.clear()

    def _update_controls(self) -> None:
        live = self.controller is not None
        self.start_button.setText(_tr("Stop conversation") if live or self._starting
                                  else _tr("Start conversation"))
        can_start = self.model_config is not None and self.backend is not None
        self.start_button.setEnabled(live or self._starting or can_start)
        if not can_start and not live:
            self.start_button.setToolTip(_tr("Set up a chat model first") if self.model_config is None
                                         else _tr("Waiting for the voice engine to load"))
        else:
            self.start_button.setToolTip(_tr("Start listening; every turn is saved as it ends"))
        replaying = not live and self.player is not None and bool(self.player.playing)
        self.interrupt_button.setEnabled((live and self.state == "bot_replying") or replaying)
        self.talk_button.setEnabled(self.mode_ptt.isChecked() and live)
        self.talk_button.setVisible(self.mode_ptt.isChecked())
        self.talk_button.setToolTip(_tr("Hold this button, or the F8 key, while you speak") if live else
                                    _tr("Start the conversation first; then hold this button, or F8, "
                                        "while you speak"))
        ready = live or self.backend is not None
        self.entry.set_state(has_model=live or self.model_config is not None,
                             engine_problem=None if ready else self._engine_message, starting=self._starting)
        self.sessions_panel.update_buttons()

    def shutdown(self) -> None:
        """The window is closing: stop the conversation, wait for pending saves."""
        self.stop_conversation()
        with contextlib.suppress(Exception):
            self._tasks.wait(5_000)
            self._device.wait(5_000)
            self._io.wait(10_000)
        self._out.close()
        if self.sessions is not None:
            with contextlib.suppress(Exception):
                self.sessions.close()
