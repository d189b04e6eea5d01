"""The Chat workspace: talk with a model through the microphone and hear it answer.

The page renders what the conversation controller (studio.conversation) reports and asks it to do
things; it never waits. Controller events arrive on the controller's worker threads and are
re-emitted on the GUI thread through an `EventBridge`. Everything slow runs elsewhere:

- building the model, the speech recogniser and the controller, and opening the session store, on a
  task pool;
- every device call (opening the microphone, opening, feeding and stopping the speaker stream) on
  one ordered queue thread, `_AudioOut` for the speaker; the controller's sink enqueues there too;
- saving each turn as it completes, on a one-thread task queue (ordered, off the GUI thread).

Decisions a user will notice:
- Without a microphone the page says why and still takes typed turns; without a speaker replies are
  still written and saved.
- Without a chat model the transcript area says exactly what to set up and offers the dialog.
- Assistant text that has not been spoken yet is shown muted; when the user interrupts, what was
  not heard is struck through and the history keeps only what was said.
- Every turn is saved the moment it ends (text, timing, latency, audio), so a crash loses at most
  the turn in flight. The sessions list replays and exports saved conversations.
"""

from __future__ import annotations

import contextlib
import html
import logging
import queue
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio
from studio.conversation import model_config as chat_model_config
from studio.conversation.model_config import ChatModelConfig
from studio.conversation.recogniser import SPOKEN_LANGUAGES, recogniser_for
from studio.conversation.sessions import latency_line, mix_clips
from studio.devices.mic_stream import AudioHistory
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.common.theme import is_dark
from widgets.level_meter import LevelMeter
from widgets.notices import Level, NoticeArea

log = logging.getLogger(__name__)

PTT_KEY = Qt.Key.Key_F8
BUBBLE_TEXT_WIDTH = 560
PRE_ROLL_S = 0.3  # a saved user turn starts this much before speech was detected (the VAD is late)
TRACE_DEVICE = "__none__"




# --- collaborators ------------------------------------------------------------------------------


class ChatServices:
    """Everything the page needs from outside Qt; tests replace parts with doubles.

    Each method may block (devices, disk, models) and is only ever called off the GUI thread,
    except `personas`' result handling.
    """

    def input_devices(self) -> tuple[list[Any], str | None]:
        from studio.devices.recording import audio_input_unavailable_reason, input_devices

        devices = input_devices()
        return devices, (None if devices else audio_input_unavailable_reason(None))

    def output_devices(self) -> tuple[list[Any], str | None]:
        from studio.devices.playback import audio_unavailable_reason, output_devices

        devices = output_devices()
        return devices, (None if devices else audio_unavailable_reason(None))

    def open_mic(self, device: int | None, on_frames: Callable[[np.ndarray, int], None],
                 on_stopped: Callable[[str], None]) -> Any:
        from studio.devices.mic_stream import MicStream

        mic = MicStream(device, on_frames, on_stopped)
        mic.start()
        return mic

    def make_player(self, device: int | None) -> Any:
        from studio.devices.playback import StreamPlayer

        return StreamPlayer(device)

    def open_sessions(self) -> Any:
        from studio import paths
        from studio.conversation.sessions import ChatSessionStore

        return ChatSessionStore(paths.data_dir())

    def personas(self) -> list[Any]:
        from studio import paths
        from studio.conversation.personas import load_personas

        return load_personas([paths.data_dir() / "personas"])

    def make_model(self, config: ChatModelConfig) -> Any:
        return chat_model_config.build(config)

    def check_model(self, config: ChatModelConfig) -> Any:
        return chat_model_config.check(config)

    def make_asr(self, language: str | None = "en") -> Any:
        """The recogniser for the user's language (studio.conversation.recogniser), loaded."""
        from backends.embedded.asr import WhisperTranscriber

        asr = WhisperTranscriber(recogniser_for(language).model, beam_size=1)
        asr.load()
        return asr

    def tools(self) -> list[Any]:
        from studio.conversation.tools import builtin_tools, plugin_tools

        found, _problems = plugin_tools()
        return [*builtin_tools(), *found]

    def make_controller(self, **kwargs: Any) -> Any:
        from studio.conversation import ConversationController

        return ConversationController(**kwargs)


# --- the speaker, on its own ordered thread ----------------------------------------------------


class _AudioOut:
    """Calls into a StreamPlayer from one thread, in order, for the GUI and the controller alike.

    `flush()` (barge-in) drops queued chunks at once: each operation carries the generation it was
    queued in, and a flush starts a new one, so stale chunks are skipped instead of played.
    """

    def __init__(self) -> None:
        self.player: Any = None
        self.on_played: Callable[[np.ndarray, int], None] | None = None
        self.on_error: Callable[[str], None] | None = None
        self._queue: queue.SimpleQueue[tuple[int, Callable[[], None]] | None] = queue.SimpleQueue()
        self._generation = 0
        self._rate = 0
        self._thread = threading.Thread(target=self._run, name="chat-audio-out", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            generation, op = item
            if generation != self._generation:
                continue
            try:
                op()
            except Exception as exc:
                log.debug("chat audio output failed", exc_info=True)
                callback = self.on_error
                if callback is not None:
                    callback(str(exc))

    def _put(self, op: Callable[[], None]) -> None:
        self._queue.put((self._generation, op))

    def set_player(self, player: Any) -> None:
        def swap() -> None:
            if self.player is not None:
                with contextlib.suppress(Exception):
                    self.player.stop()
            self.player = player
            self._rate = 0

        self._put(swap)

    def sink(self, samples: np.ndarray, sample_rate: int) -> None:
        """Reply audio to play (any thread): keeps one stream open across chunks and replies."""
        data = np.asarray(samples, dtype=np.float32).reshape(-1)

        def feed() -> None:
            player = self.player
            if player is None:
                return
            if not player.playing or self._rate != sample_rate:
                player.begin(sample_rate)
                self._rate = sample_rate
            player.feed(data)
            callback = self.on_played
            if callback is not None:
                callback(data, sample_rate)

        self._put(feed)

    def flush(self) -> None:
        """Stop at once and forget everything queued (any thread)."""
        self._generation += 1

        def stop() -> None:
            if self.player is not None:
                self.player.stop()
            self._rate = 0

        self._put(stop)

    def play(self, audio: Audio, done: Callable[[], None] | None = None) -> None:
        """Play one whole clip (a replay), replacing whatever plays."""
        self._generation += 1

        def play() -> None:
            if self.player is not None:
                self.player.play(audio)
                self._rate = 0
            if done is not None:
                done()

        self._put(play)

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._thread.join(timeout=3.0)


# --- transcript widgets -------------------------------------------------------------------------


@dataclass
class _Reply:
    """An assistant turn being written and spoken."""

    turn_id: int
    started: float = field(default_factory=time.time)
    text: str = ""
    spoken: int = 0  # characters of `text` already sent to the speaker
    audio: list[np.ndarray] = field(default_factory=list)
    rate: int = 0
    latency: dict[str, Any] = field(default_factory=dict)
    tools: list[dict[str, Any]] = field(default_factory=list)
    interrupted: bool = False
    kept_text: str | None = None
    saved: bool = False
    bubble: Any = None


class Bubble(QFrame):
    """One message: the text (spoken part normal, unspoken muted), and a footer line."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.setObjectName("chatBubble")
        self.setProperty("role", role)
        self.text = ""
        self.spoken: int | None = None  # None: all of it is plain (user text)
        self.struck = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.who = QLabel(_tr("You") if role == "user" else _tr("Assistant"), self)
        self.who.setObjectName("bubbleWho")
        self.body = QLabel(self)
        self.body.setObjectName("bubbleText")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.footer = QLabel(self)
        self.footer.setObjectName("bubbleFooter")
        self.footer.setProperty("role", "muted")
        self.footer.setWordWrap(True)
        self.footer.hide()
        layout.addWidget(self.who)
        layout.addWidget(self.body)
        layout.addWidget(self.footer)
        self.setMaximumWidth(620)

    def set_text(self, text: str, spoken: int | None = None, struck: bool = False) -> None:
        self.text, self.spoken, self.struck = text, spoken, struck
        muted = "#9aa0aa" if is_dark() else "#8a909a"
        if spoken is None or spoken >= len(text):
            rendered = html.escape(text)
        else:
            rest = html.escape(text[spoken:])
            style = f"color:{muted};" + ("text-decoration:line-through;" if struck else "")
            rendered = f"{html.escape(text[:spoken])}<span style='{style}'>{rest}</span>"
        self.body.setText(rendered.replace("\n", "<br>") or f"<span style='color:{muted}'>…</span>")
        # A word-wrapped label shrinks to its narrowest wrap; give it the width its text wants.
        metrics = self.body.fontMetrics()
        longest = max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)
        self.body.setMinimumWidth(min(BUBBLE_TEXT_WIDTH, max(60, longest + 6)))
        self.body.setAccessibleName(text)

    def set_footer(self, text: str) -> None:
        self.footer.setText(text)
        self.footer.setVisible(bool(text))


class Transcript(QScrollArea):
    """The conversation as bubbles, plus tool-activity lines; follows the newest message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatTranscript")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        inner.setObjectName("chatTranscriptInner")
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(10, 10, 10, 10)
        self.column.setSpacing(8)
        self.column.addStretch(1)
        self.setWidget(inner)
        self.bubbles: list[Bubble] = []
        self.lines: list[QLabel] = []
        self.verticalScrollBar().rangeChanged.connect(self._follow)
        self._stick = True

    def _follow(self, _low: int, high: int) -> None:
        if self._stick:
            self.verticalScrollBar().setValue(high)

    def _insert(self, widget: QWidget, align: Qt.AlignmentFlag) -> None:
        bar = self.verticalScrollBar()
        self._stick = bar.value() >= bar.maximum() - 40
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        if align == Qt.AlignmentFlag.AlignRight:
            row.addStretch(1)
        row.addWidget(widget)
        if align != Qt.AlignmentFlag.AlignRight:
            row.addStretch(1)
        self.column.insertLayout(self.column.count() - 1, row)

    def add_bubble(self, role: str, text: str = "", spoken: int | None = None) -> Bubble:
        bubble = Bubble(role, self.widget())
        bubble.set_text(text, spoken)
        self._insert(bubble, Qt.AlignmentFlag.AlignRight if role == "user" else Qt.AlignmentFlag.AlignLeft)
        self.bubbles.append(bubble)
        return bubble

    def add_line(self, text: str) -> QLabel:
        label = QLabel(text, self.widget())
        label.setObjectName("toolLine")
        label.setProperty("role", "muted")
        label.setWordWrap(False)  # one short line; a wrapping label would shrink to its narrowest
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._insert(label, Qt.AlignmentFlag.AlignLeft)
        self.lines.append(label)
        return label

    def clear(self) -> None:
        while self.column.count() > 1:
            item = self.column.takeAt(0)
            layout = item.layout()
            if layout is not None:
                while layout.count():
                    child = layout.takeAt(0).widget()
                    if child is not None:
                        child.deleteLater()
        self.bubbles.clear()
        self.lines.clear()
        self._stick = True


# --- the chat-model setup dialog ----------------------------------------------------------------


class ChatModelDialog(QDialog):
    """Choose what writes the replies; "Test" checks it off the GUI thread."""

    def __init__(self, config: ChatModelConfig | None, check: Callable[[ChatModelConfig], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Set Up a Chat Model"))
        self.setMinimumWidth(540)
        self._check = check
        self._tasks = Tasks(self, 1, "chat-model-test")
        self._serial = 0
        self.config: ChatModelConfig | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(_tr("Replies are written by a chat model and spoken by the current engine's voice. "
                           "Choose where the model runs."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for kind, label in (("openai", _tr("An OpenAI-compatible server (vLLM, llama.cpp, Ollama, "
                                           "step-studio serve)")),
                            ("step-audio-chat", _tr("Step-Audio-Chat on a GPU host (served by vLLM)")),
                            ("transformers", _tr("A local transformers model folder (needs torch)"))):
            button = QRadioButton(label, self)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            layout.addWidget(button)
        form = QFormLayout()
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText(chat_model_config.DEFAULT_OPENAI_URL)
        self.model_edit = QLineEdit(self)
        self.model_edit.setPlaceholderText(_tr("the model name the server serves, e.g. qwen2.5-7b-instruct"))
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(_tr("optional; stored in plain text in the settings file"))
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setPlaceholderText(_tr("a folder with config.json, weights and tokenizer"))
        browse = QPushButton(_tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.folder_holder = QWidget(self)
        self.folder_holder.setLayout(folder_row)
        folder_row.setContentsMargins(0, 0, 0, 0)
        form.addRow(_tr("Server URL"), self.url_edit)
        form.addRow(_tr("Model name"), self.model_edit)
        form.addRow(_tr("Key"), self.key_edit)
        form.addRow(_tr("Model folder"), self.folder_holder)
        layout.addLayout(form)
        self.result = QLabel(self)
        self.result.setObjectName("verdict")
        self.result.setWordWrap(True)
        self.result.hide()
        layout.addWidget(self.result)
        buttons = QDialogButtonBox(self)
        self.test_button = buttons.addButton(_tr("Test"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton(QDialogButtonBox.StandardButton.Save)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.test_button.clicked.connect(self.test)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind_group.buttonToggled.connect(lambda *_a: self._kind_changed())
        start = config or ChatModelConfig("openai", chat_model_config.DEFAULT_OPENAI_URL, "x")
        self.kind_buttons[start.kind].setChecked(True)
        if config is not None:
            self.url_edit.setText(config.url)
            self.model_edit.setText(config.model)
            self.key_edit.setText(config.key or "")
            self.folder_edit.setText(config.folder)
        else:
            self.url_edit.setText(chat_model_config.DEFAULT_OPENAI_URL)
        self._kind_changed()

    @property
    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def _kind_changed(self) -> None:
        local = self.kind == "transformers"
        for widget in (self.url_edit, self.key_edit):
            widget.setEnabled(not local)
        self.model_edit.setEnabled(self.kind == "openai")
        if self.kind == "step-audio-chat" and not self.model_edit.text():
            self.model_edit.setPlaceholderText("step-audio-chat")
        self.folder_holder.setEnabled(local)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _tr("Choose a transformers model folder"))
        if folder:
            self.folder_edit.setText(folder)

    def current(self) -> ChatModelConfig:
        """Raises ValueError (a sentence) when a field is missing or wrong."""
        return ChatModelConfig(self.kind, url=self.url_edit.text().strip(),
                               model=self.model_edit.text().strip(), key=self.key_edit.text() or None,
                               folder=self.folder_edit.text().strip())

    def _show(self, text: str, state: str) -> None:
        self.result.setText(text)
        self.result.setProperty("state", state)
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.show()

    def test(self) -> None:
        try:
            config = self.current()
        except ValueError as exc:
            self._show(str(exc)[:1].upper() + str(exc)[1:] + ".", "problem")
            return
        self._serial += 1
        serial = self._serial
        self.test_button.setEnabled(False)
        self._show(_tr("Testing {0}…").format(config.describe()), "")

        def done(state: Any) -> None:
            if serial != self._serial:
                return
            self.test_button.setEnabled(True)
            if state.available:
                self._show(_tr("✓ {0} answers.").format(config.describe()), "good")
            else:
                fix = f" {state.fix}" if getattr(state, "fix", None) else ""
                self._show(f"{state.reason}{fix}", "problem")

        def failed(exc: BaseException) -> None:
            if serial == self._serial:
                self.test_button.setEnabled(True)
                self._show(str(exc), "problem")

        self._tasks.run(lambda: self._check(config), done, failed)

    def save(self) -> None:
        try:
            self.config = self.current()
        except ValueError as exc:
            self._show(str(exc)[:1].upper() + str(exc)[1:] + ".", "problem")
            return
        self.accept()

    def done(self, result: int) -> None:
        self._serial += 1  # a test still running must not touch a closed dialog
        super().done(result)


# --- the page -----------------------------------------------------------------------------------


class ChatPage(QWidget):
    """Devices and modes, the live transcript, latency, and the saved sessions."""

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
        self.personas: list[Any] = []
        self.controller: Any = None
        self.mic: Any = None
        self.mic_reason: str | None = None
        self.player: Any = None
        self.player_reason: str | None = None
        self.sessions: Any = None  # ChatSessionStore once open
        self.session_id: str | None = None
        self.history = AudioHistory()
        self.state = "silence"
        self.replies: dict[int, _Reply] = {}
        self.user_bubbles: dict[int, Bubble] = {}
        self.tool_lines: dict[tuple[int, str], QLabel] = {}
        self.latencies: list[dict[str, Any]] = []
        self.speculation: tuple[int, int, int] = (0, 0, 0)
        self.preferences: dict[str, Any] = {}
        self._starting = False
        self._engine_changing = False
        self._speech_started: float | None = None
        self._typed: list[tuple[str, Bubble]] = []  # typed turns not yet matched to a controller turn
        self._pending_text: str | None = None
        self._serial = 0
        self._ptt_down = False
        self._viewing: str | None = None  # a saved session shown in the transcript
        self.last_replay: Audio | None = None
        self.exported: list[Path] = []

        self._tasks = Tasks(self, 2, "chat-start")
        self._io = Tasks(self, 1, "chat-sessions")
        self._device = Tasks(self, 1, "chat-devices")
        self._out = _AudioOut()
        self._bridge = EventBridge(0, self)
        self._bridge.event.connect(self._on_event)
        self._notice_bridge = EventBridge(1, self)
        self._notice_bridge.event.connect(lambda _t, text: self.notices.show_notice(str(text), Level.WARNING,
                                                                                     key="audio"))
        self._out.on_error = self._notice_bridge.deliver
        self._build()
        self._wire()
        self.show_model_state()
        self._update_controls()

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        outer.setSpacing(8)

        devices = QHBoxLayout()
        devices.setSpacing(6)
        self.mic_combo = QComboBox(self)
        self.mic_combo.setAccessibleName(_tr("Microphone"))
        self.mic_combo.setMinimumWidth(200)
        self.mic_combo.addItem(_tr("Looking for microphones…"), TRACE_DEVICE)
        self.mic_combo.setEnabled(False)
        self.out_combo = QComboBox(self)
        self.out_combo.setAccessibleName(_tr("Output"))
        self.out_combo.setMinimumWidth(200)
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
            label = QLabel(text, self)
            label.setBuddy(widget)
            devices.addWidget(label)
            devices.addWidget(widget, 1 if widget is not self.echo_combo else 0)
            devices.addSpacing(8)
        self.echo_state = QLabel(self)
        self.echo_state.setObjectName("echoState")
        self.echo_state.setProperty("role", "badge")
        devices.addWidget(self.echo_state)
        outer.addLayout(devices)

        choices = QHBoxLayout()
        choices.setSpacing(6)
        self.persona_combo = QComboBox(self)
        self.persona_combo.setAccessibleName(_tr("Persona"))
        self.persona_combo.addItem(_tr("No persona (plain assistant)"), None)
        # Never narrower than "No persona (plain assistant)", which the row cut off at 1280 px.
        self.persona_combo.setMinimumContentsLength(len(self.persona_combo.itemText(0)))
        self.persona_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.voice_combo = QComboBox(self)
        self.voice_combo.setAccessibleName(_tr("Voice"))
        self.voice_combo.setMinimumWidth(180)
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
            label = QLabel(text, self)
            label.setBuddy(widget)
            choices.addWidget(label)
            choices.addWidget(widget, 1)
            choices.addSpacing(8)
        self.model_button = QToolButton(self)
        self.model_button.setObjectName("chatModelButton")
        self.model_button.setProperty("tagFamily", True)
        self.model_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.model_button.setToolTip(_tr("The chat model that writes the replies; click to change it"))
        choices.addWidget(self.model_button)
        outer.addLayout(choices)

        transport = QHBoxLayout()
        transport.setSpacing(6)
        self.start_button = QPushButton(_tr("Start conversation"), self)
        self.start_button.setObjectName("primary")
        self.start_button.setMinimumWidth(160)
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
        for w in (self.start_button, self.interrupt_button):
            transport.addWidget(w)
        transport.addSpacing(12)
        transport.addWidget(self.mode_hands_free)
        transport.addWidget(self.mode_ptt)
        transport.addWidget(self.talk_button)
        transport.addSpacing(12)
        self.state_label = QLabel(_tr("Not started"), self)
        self.state_label.setObjectName("turnState")
        self.state_label.setProperty("role", "badge")
        transport.addWidget(self.state_label)
        self.meter = LevelMeter(self)
        self.meter.setMinimumWidth(140)
        transport.addWidget(self.meter, 1)
        outer.addLayout(transport)

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
        self.setup_panel = self._build_setup(self.center)
        self.center.addWidget(self.transcript)
        self.center.addWidget(self.setup_panel)
        cv.addWidget(self.center)
        lv.addWidget(card, 1)
        entry = QHBoxLayout()
        self.message_edit = QLineEdit(left)
        self.message_edit.setPlaceholderText(_tr("Type a message and press Enter (works without a "
                                                 "microphone)"))
        self.message_edit.setAccessibleName(_tr("Message"))
        self.send_button = QPushButton(_tr("Send"), left)
        entry.addWidget(self.message_edit, 1)
        entry.addWidget(self.send_button)
        lv.addLayout(entry)

        right = QWidget(self.splitter)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(8, 0, 0, 0)
        rv.setSpacing(6)
        heading = QLabel(_tr("Latency"), right)
        heading.setProperty("role", "heading")
        rv.addWidget(heading)
        self.latency_label = QLabel(_tr("End of your speech → first reply audio, per turn, appears here."),
                                    right)
        self.latency_label.setObjectName("latencyReadout")
        self.latency_label.setWordWrap(True)
        self.latency_label.setProperty("role", "muted")
        rv.addWidget(self.latency_label)
        self.speculation_label = QLabel(right)
        self.speculation_label.setObjectName("speculationStats")
        self.speculation_label.setWordWrap(True)
        self.speculation_label.setProperty("role", "muted")
        rv.addWidget(self.speculation_label)
        rv.addSpacing(8)
        sheading = QLabel(_tr("Saved conversations"), right)
        sheading.setProperty("role", "heading")
        rv.addWidget(sheading)
        self.session_list = QListWidget(right)
        self.session_list.setObjectName("sessionList")
        self.session_list.setAccessibleName(_tr("Saved conversations"))
        self.session_list.setSpacing(4)
        self.session_list.setAlternatingRowColors(True)
        rv.addWidget(self.session_list, 1)
        buttons = QHBoxLayout()
        self.replay_button = QPushButton(_tr("Replay"), right)
        self.export_button = QPushButton(_tr("Export…"), right)
        self.rename_button = QPushButton(_tr("Rename…"), right)
        self.delete_button = QPushButton(_tr("Delete"), right)
        for b in (self.replay_button, self.export_button, self.rename_button, self.delete_button):
            buttons.addWidget(b)
        rv.addLayout(buttons)
        right.setMinimumWidth(300)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([880, 360])

        muted_bg = "#24272c" if is_dark() else "#eef0f4"
        tint = "#2e2f5a" if is_dark() else "#e8e8fb"
        self.setStyleSheet(
            f"QFrame#chatBubble {{ border-radius: 10px; background: {muted_bg}; }}"
            f"QFrame#chatBubble[role=\"user\"] {{ background: {tint}; }}"
            "QLabel#bubbleWho { font-weight: 600; font-size: 8pt; }"
            "QLabel#toolLine { font-size: 9pt; padding-left: 6px; }"
            "QFrame#setupPanel QLabel#setupTitle { font-weight: 700; font-size: 12pt; }")

    def _build_setup(self, parent: QWidget) -> QWidget:
        panel = QFrame(parent)
        panel.setObjectName("setupPanel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(30, 30, 30, 30)
        layout.addStretch(1)
        title = QLabel(_tr("Set up a chat model to start talking"), panel)
        title.setObjectName("setupTitle")
        layout.addWidget(title)
        setup_needed = _tr(
            "No chat model is set up. Spoken replies need a model that writes them; choose one of:\n"
            "• an OpenAI-compatible server (vLLM, llama.cpp, Ollama or a step-studio serve server): its "
            "URL, e.g. http://127.0.0.1:8000/v1, and the model name it serves;\n"
            "• Step-Audio-Chat on a GPU host (vLLM with --served-model-name step-audio-chat): its URL;\n"
            "• a local transformers model folder (config.json, weights and tokenizer; needs torch).")
        self.setup_text = QLabel(setup_needed.replace("\n", "<br>"), panel)
        self.setup_text.setObjectName("setupText")
        self.setup_text.setWordWrap(True)
        self.setup_text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.setup_text)
        self.setup_button = QPushButton(_tr("Set up a chat model…"), panel)
        self.setup_button.setObjectName("primary")
        row = QHBoxLayout()
        row.addWidget(self.setup_button)
        row.addStretch(1)
        layout.addLayout(row)
        hint = QLabel(_tr("Listening and speaking run here: speech recognition on this computer, replies "
                          "spoken by the engine chosen at the top right."), panel)
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        layout.addStretch(2)
        return panel

    def _wire(self) -> None:
        self.start_button.clicked.connect(self.toggle_conversation)
        self.interrupt_button.clicked.connect(self.interrupt)
        self.send_button.clicked.connect(self.send_typed)
        self.message_edit.returnPressed.connect(self.send_typed)
        self.talk_button.pressed.connect(lambda: self.push_to_talk(True))
        self.talk_button.released.connect(lambda: self.push_to_talk(False))
        self.mode_hands_free.toggled.connect(self._on_mode)
        self.echo_combo.currentIndexChanged.connect(self._on_echo_chosen)
        self.vad_combo.currentIndexChanged.connect(self._on_vad_chosen)
        self.language_combo.currentIndexChanged.connect(self._on_language_chosen)
        self.persona_combo.currentIndexChanged.connect(self._on_persona_chosen)
        self.voice_combo.currentIndexChanged.connect(self._on_voice_chosen)
        self.mic_combo.activated.connect(
            lambda _i: self._remember("microphone", self.mic_combo.currentText()))
        self.out_combo.activated.connect(self._on_output_chosen)
        self.model_button.clicked.connect(self.open_model_dialog)
        self.setup_button.clicked.connect(self.open_model_dialog)
        self.session_list.currentItemChanged.connect(lambda *_a: self._update_controls())
        self.session_list.itemActivated.connect(lambda _item: self.show_session(self.selected_session()))
        self.replay_button.clicked.connect(self.replay_selected)
        self.export_button.clicked.connect(self.export_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self._on_echo_chosen(0)
        self._show_recogniser()

    # --- set-up from the window ---------------------------------------------------------------------

    def start_background(self) -> None:
        """Devices, personas and saved sessions, found off the GUI thread (after the first paint)."""
        self._device.run(self.services.input_devices, self._on_inputs,
                         lambda exc: self._on_inputs(([], str(exc))))
        self._device.run(self.services.output_devices, self._on_outputs,
                         lambda exc: self._on_outputs(([], str(exc))))
        self._tasks.run(self.services.personas, self.set_personas,
                        lambda exc: self.notices.show_notice(
                            _tr("Personas could not be read: {0}").format(exc), Level.WARNING,
                            key="personas"))
        self._io.run(self.services.open_sessions, self._on_sessions_opened,
                     lambda exc: self.notices.show_notice(
                         _tr("Saved conversations are unavailable: {0}").format(exc), Level.ERROR,
                         key="sessions"))

    def set_preferences(self, prefs: dict[str, Any]) -> None:
        """What the user chose last time (from settings; applied as the choices become available)."""
        self.preferences = dict(prefs)
        self._select(self.vad_combo, prefs.get("vad"))
        self._select(self.language_combo, prefs.get("language"))
        self._select(self.echo_combo, prefs.get("echo"))
        if prefs.get("push_to_talk"):
            self.mode_ptt.setChecked(True)

    def _remember(self, key: str, value: Any) -> None:
        if self.preferences.get(key) != value:
            self.preferences[key] = value
            self.preferencesChanged.emit()

    @staticmethod
    def _select(combo: QComboBox, data: Any) -> bool:
        if data is None:
            return False
        row = combo.findData(data)
        if row < 0:
            row = combo.findText(str(data))
        if row >= 0:
            combo.setCurrentIndex(row)
        return row >= 0

    def set_model_config(self, config: ChatModelConfig | None) -> None:
        self.model_config = config
        self.show_model_state()
        self._update_controls()

    def show_model_state(self) -> None:
        if self.model_config is None:
            self.model_button.setText(_tr("Chat model: not set up"))
            self.model_button.setToolTip(_tr("The chat model that writes the replies; click to set it up"))
            if self.controller is None and self._viewing is None:
                self.center.setCurrentWidget(self.setup_panel)
        else:
            self.model_button.setText(_tr("Model: {0}").format(self.model_config.short()))
            self.model_button.setToolTip(_tr("Replies are written by {0}; click to change it").format(
                self.model_config.describe()))
            if self.center.currentWidget() is self.setup_panel:
                self.center.setCurrentWidget(self.transcript)
        self.model_button.setMinimumWidth(min(self.model_button.sizeHint().width(), 360))  # never elided

    def set_engine_pending(self, message: str) -> None:
        self.backend = None
        self.voice_combo.clear()
        self.voice_combo.addItem(message, None)
        self.voice_combo.setEnabled(False)
        self._update_controls()

    def set_engine(self, engine_id: str, backend: Any, voices: list[Any]) -> None:
        """The engine that speaks the replies (the window's current engine) and its voices."""
        self.engine_id, self.backend, self.voices = engine_id, backend, list(voices)
        self.voice_combo.blockSignals(True)
        self.voice_combo.clear()
        for voice in voices:
            self.voice_combo.addItem(voice.name, voice.id)
        if not voices:
            self.voice_combo.addItem(_tr("The engine's default voice"), None)
        self.voice_combo.setEnabled(bool(voices))
        self.voice_combo.blockSignals(False)
        persona = self.current_persona()
        self._engine_changing = True  # a running conversation keeps speaking with its own engine
        try:
            if not (persona is not None and self._select(self.voice_combo, persona.voice_id)):
                self._select(self.voice_combo, self.preferences.get("voice"))
        finally:
            self._engine_changing = False
        self._update_controls()

    def set_personas(self, personas: list[Any]) -> None:
        self.personas = list(personas)
        self.persona_combo.blockSignals(True)
        while self.persona_combo.count() > 1:
            self.persona_combo.removeItem(1)
        for persona in personas:
            self.persona_combo.addItem(persona.name, persona.id)
            self.persona_combo.setItemData(self.persona_combo.count() - 1, persona.description,
                                           Qt.ItemDataRole.ToolTipRole)
        self.persona_combo.blockSignals(False)
        self._select(self.persona_combo, self.preferences.get("persona"))

    def current_persona(self) -> Any:
        pid = self.persona_combo.currentData()
        return next((p for p in self.personas if p.id == pid), None)

    def _on_persona_chosen(self, _index: int) -> None:
        persona = self.current_persona()
        if persona is not None and persona.voice_id:
            self._select(self.voice_combo, persona.voice_id)
        self._remember("persona", self.persona_combo.currentData())
        if self.controller is not None:
            name = persona.name if persona is not None else _tr("no persona")
            self._live_setting("set_persona", persona, _tr("Persona: {0}").format(name))

    def _on_voice_chosen(self, _index: int) -> None:
        self._remember("voice", self.voice_combo.currentData())
        if self.controller is not None and self.voice_combo.isEnabled() and not self._engine_changing:
            self._live_setting("set_voice", self.voice_combo.currentData(),
                               _tr("Voice: {0}").format(self.voice_combo.currentText()))

    def _on_language_chosen(self, _index: int) -> None:
        self._remember("language", self.language_combo.currentData())
        self._show_recogniser()
        if self.controller is not None:  # another model has to load: not in the middle of a turn
            self.statusMessage.emit(_tr("{0} listens from the next conversation.").format(
                recogniser_for(self.language_combo.currentData()).describe()))

    def _show_recogniser(self) -> None:
        choice = recogniser_for(self.language_combo.currentData())
        self.language_combo.setToolTip(_tr(
            "What you say is recognised on this computer by {0}. English is heard by Whisper tiny.en "
            "(about twice as fast); other languages by the multilingual Whisper base.").format(
            choice.describe()))

    def _on_vad_chosen(self, _index: int) -> None:
        self._remember("vad", self.vad_combo.currentData())
        if self.controller is not None:
            self._live_setting("set_vad", self._vad(),
                               _tr("Turn-taking: {0}").format(self.vad_combo.currentText()))

    # --- devices ------------------------------------------------------------------------------------

    def _on_inputs(self, result: tuple[list[Any], str | None]) -> None:
        devices, reason = result
        self.mic_combo.clear()
        if not devices:
            self.mic_reason = reason or _tr("No microphone was found.")
            self.mic_combo.addItem(_tr("No microphone"), TRACE_DEVICE)
            self.mic_combo.setEnabled(False)
            self.mic_combo.setToolTip(self.mic_reason)
            self.notices.show_notice(_tr("{0} Type your turns below; replies are still spoken.").format(
                self.mic_reason.replace(" You can still import a recording from a file.", "")),
                Level.INFO, key="microphone")
        else:
            self.mic_reason = None
            default = next((d for d in devices if d.is_default), None)
            self.mic_combo.addItem(_tr("System default") + (f" ({default.name})" if default else ""), None)
            for d in devices:
                self.mic_combo.addItem(d.name, d.index)
            self.mic_combo.setEnabled(True)
            self._select(self.mic_combo, self.preferences.get("microphone"))
        self._update_controls()

    def _on_outputs(self, result: tuple[list[Any], str | None]) -> None:
        devices, reason = result
        self.out_combo.clear()
        if not devices:
            self.player_reason = reason or _tr("No audio output device was found.")
            self.out_combo.addItem(_tr("No speaker"), TRACE_DEVICE)
            self.out_combo.setEnabled(False)
            self.out_combo.setToolTip(self.player_reason)
            self.notices.show_notice(_tr("No sound output: replies are written and saved, not played. {0}")
                                     .format(self.player_reason), Level.INFO, key="speaker")
            self._use_player(None)
            return
        default = next((d for d in devices if d.is_default), None)
        self.out_combo.addItem(_tr("System default") + (f" ({default.name})" if default else ""), None)
        for d in devices:
            self.out_combo.addItem(d.name, d.index)
        self.out_combo.setEnabled(True)
        self._select(self.out_combo, self.preferences.get("speaker"))
        self._on_output_chosen(self.out_combo.currentIndex(), remember=False)

    def _on_output_chosen(self, row: int, remember: bool = True) -> None:
        index = self.out_combo.itemData(row)
        if index == TRACE_DEVICE:
            return
        if remember:
            self._remember("speaker", self.out_combo.itemText(row))
        self._device.run(lambda: self.services.make_player(index), self._use_player,
                         lambda exc: self._use_player(None, str(exc)))

    def _use_player(self, player: Any, reason: str | None = None) -> None:
        self.player = player
        if reason:
            self.player_reason = reason
            self.notices.show_notice(reason, Level.WARNING, key="speaker")
        self._out.set_player(player)

    def _selected_mic(self) -> Any:
        data = self.mic_combo.currentData()
        return TRACE_DEVICE if data == TRACE_DEVICE or not self.mic_combo.isEnabled() else data

    # --- modes --------------------------------------------------------------------------------------

    def _on_echo_chosen(self, _index: int) -> None:
        mode = self.echo_combo.currentData()
        if mode == "speakers":
            self.echo_state.setText(_tr("Speaker mode: the mic is gated while replies play"))
        else:
            self.echo_state.setText(_tr("Headphone mode: no echo handling needed"))
        self._remember("echo", mode)
        if self.controller is not None:
            self._live_setting("set_echo_mode", self._echo_mode(),
                               _tr("Echo handling: {0}").format(self.echo_combo.currentText()))

    def _on_mode(self, hands_free: bool) -> None:
        self._remember("push_to_talk", not hands_free)
        if self.controller is not None:
            with contextlib.suppress(Exception):
                self.controller.hands_free = hands_free
        self._update_controls()

    def _live_setting(self, method: str, value: Any, what: str) -> None:
        """Apply a choice to the running conversation and say so, in the status bar and as a line in
        the transcript (so a saved session's reader sees where the persona or voice changed)."""
        setter = getattr(self.controller, method, None)
        if callable(setter):
            try:
                setter(value)
            except Exception as exc:
                log.debug("live setting failed", exc_info=True)
                self.statusMessage.emit(f"{what}: {exc}")
                return
            said = _tr("{0} (from now on in this conversation)").format(what)
            self.statusMessage.emit(said)
            self.transcript.add_line(said)
            return
        self.statusMessage.emit(_tr("{0} applies from the next conversation.").format(what))

    def _echo_mode(self) -> Any:
        from studio.conversation import EchoMode

        return EchoMode(self.echo_combo.currentData())

    def _vad(self) -> Any:
        from studio.conversation import VAD_PRESETS

        return VAD_PRESETS[self.vad_combo.currentData()]

    def push_to_talk(self, pressed: bool) -> None:
        if self._ptt_down == pressed:
            return
        self._ptt_down = pressed
        self.talk_button.setDown(pressed)
        if self.controller is not None and self.mode_ptt.isChecked():
            self.controller.push_to_talk(pressed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """F8 held anywhere in the window talks (push-to-talk mode)."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and self.isVisible():
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() == PTT_KEY and self.mode_ptt.isChecked():
                if not key_event.isAutoRepeat():
                    self.push_to_talk(event.type() == QEvent.Type.KeyPress)
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
        self.push_to_talk(False)

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
        persona, vad, echo = self.current_persona(), self._vad(), self._echo_mode()
        recogniser = recogniser_for(self.language_combo.currentData())
        hands_free = self.mode_hands_free.isChecked()
        services, bridge, sessions = self.services, self._bridge, self.sessions
        engine_id = self.engine_id

        def build() -> tuple[Any, str | None]:
            model = services.make_model(config)
            asr = services.make_asr(recogniser.language or "auto")
            controller = services.make_controller(
                model=model, tts=backend, voice_id=voice, asr=asr, vad=vad, echo=echo, persona=persona,
                tools=services.tools(), on_event=bridge.deliver, asr_language=recogniser.language)
            with contextlib.suppress(Exception):
                controller.hands_free = hands_free
            session_id = None
            if sessions is not None:
                session_id = sessions.create(
                    persona_id=getattr(persona, "id", None), persona_name=getattr(persona, "name", None),
                    voice_id=voice, engine_id=engine_id, model=config.describe(),
                    metadata={"vad": vad.name, "echo": echo.value,
                              "asr": recogniser.describe(), "language": recogniser.language or "auto"}).id
            return controller, session_id

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
            self._refresh_sessions(select=self.session_id)
        mic = self._selected_mic()
        if mic == TRACE_DEVICE:
            self.state_label.setText(_tr("Listening to typed turns"))
        else:
            history = self.history

            def frames(samples: np.ndarray, rate: int) -> None:
                history.append(samples, rate)
                controller.feed_microphone(samples, rate)

            def stopped(message: str) -> None:
                self._notice_bridge.deliver(message)

            self._device.run(lambda: self.services.open_mic(mic, frames, stopped), self._on_mic_open,
                             self._on_mic_failed)
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

    def _on_mic_open(self, mic: Any) -> None:
        if self.controller is None:
            self._device.run(mic.stop)
            return
        self.mic = mic
        self.notices.dismiss("microphone")
        self.statusMessage.emit(_tr("Listening on {0}").format(getattr(mic, "device_name", "") or
                                                               _tr("the microphone")))

    def _on_mic_failed(self, exc: BaseException) -> None:
        self.mic_reason = str(exc)
        self.notices.show_notice(_tr("{0} Type your turns below instead.").format(exc), Level.WARNING,
                                 key="microphone")

    def stop_conversation(self) -> None:
        """End the conversation: close the mic, stop the reply, save what is pending."""
        self._serial += 1
        self._starting = False
        controller, mic = self.controller, self.mic
        self.controller = None
        self.mic = None
        self._finish_replies()
        if mic is not None:
            self._device.run(mic.stop)
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
        text = self.message_edit.text().strip()
        if not text:
            return
        self.message_edit.clear()
        if self.controller is None:
            if self.model_config is None:
                self.center.setCurrentWidget(self.setup_panel)
                self.message_edit.setText(text)
                return
            self._pending_text = text
            self.start_conversation()
            return
        self._send(text)

    def _send(self, text: str) -> None:
        bubble = self.transcript.add_bubble("user", text)
        bubble.set_footer(_tr("typed"))
        self._typed.append((text, bubble))
        self._save_turn("user", text, None, time.time(), time.time(), {}, {"typed": True})
        self.controller.send_text(text)

    # --- controller events (GUI thread) -------------------------------------------------------------

    def _on_event(self, _tag: int, event: object) -> None:
        kind = type(event).__name__
        handler = getattr(self, f"_on_{kind}", None)
        if handler is not None:
            handler(event)

    def _on_StateChanged(self, event: Any) -> None:
        state = getattr(event.state, "value", str(event.state))
        previous, self.state = self.state, state
        labels = {"silence": _tr("Listening"), "user_speaking": _tr("You are speaking"),
                  "user_paused": _tr("Pause: thinking ahead"), "bot_replying": _tr("Replying")}
        self.state_label.setText(labels.get(state, state))
        if state == "user_speaking" and previous in ("silence", "bot_replying"):
            self._speech_started = time.monotonic()
        if state == "silence" and previous == "bot_replying":
            self._finish_replies()
        self._update_controls()

    def _on_LevelUpdate(self, event: Any) -> None:
        self.meter.set_level(10 ** (float(event.dbfs) / 20.0))

    def _on_UserTranscript(self, event: Any) -> None:
        bubble = self.user_bubbles.get(event.turn_id)
        if bubble is None:
            typed = next((b for t, b in self._typed if t == event.text.strip()), None)
            if typed is not None:  # the controller's echo of a typed turn
                self._typed = [(t, b) for t, b in self._typed if b is not typed]
                self.user_bubbles[event.turn_id] = typed
                return
            self._finish_replies()  # a new user turn ends whatever reply was still open
            bubble = self.transcript.add_bubble("user", event.text)
            self.user_bubbles[event.turn_id] = bubble
        elif bubble.footer.text() == _tr("typed"):
            return
        bubble.set_text(event.text)
        if event.final:
            bubble.set_footer("")
            end = time.monotonic()
            audio = getattr(event, "audio", None)
            if audio is None and self._speech_started is not None:
                audio = self.history.cut(self._speech_started - PRE_ROLL_S, end)
            if isinstance(audio, np.ndarray):
                audio = Audio(audio, int(getattr(event, "sample_rate", 16000)))
            duration = audio.duration if audio is not None else 0.0
            self._speech_started = None
            self._save_turn("user", event.text, audio, time.time() - duration, time.time(), {}, {})
        else:
            bubble.set_footer(_tr("hearing…"))

    def _reply(self, turn_id: int) -> _Reply:
        reply = self.replies.get(turn_id)
        if reply is None:
            reply = _Reply(turn_id)
            self.replies[turn_id] = reply
            reply.bubble = self.transcript.add_bubble("assistant")
        return reply

    def _render(self, reply: _Reply) -> None:
        bubble: Bubble = reply.bubble
        if reply.interrupted:
            kept = len(reply.kept_text or "")
            bubble.set_text(reply.text, min(kept, len(reply.text)), struck=True)
        else:
            bubble.set_text(reply.text, reply.spoken)

    def _on_ReplyText(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        if reply.saved:
            return
        reply.text += event.text_delta
        self._render(reply)

    def _on_ReplyAudio(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        if reply.saved:
            return
        chunk = np.asarray(event.chunk, dtype=np.float32).reshape(-1)
        rate = int(getattr(event, "sample_rate", 0) or 24000)
        if reply.rate and rate != reply.rate:
            chunk = Audio(chunk, rate).resampled(reply.rate).samples
        reply.rate = reply.rate or rate
        reply.audio.append(chunk)
        sentence = str(getattr(event, "text", "") or "").strip()
        if sentence:
            at = reply.text.find(sentence, max(0, reply.spoken - len(sentence)))
            reply.spoken = (at + len(sentence) if at >= 0
                            else min(len(reply.text), reply.spoken + len(sentence)))
            self._render(reply)

    def _on_ToolActivity(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        args = ", ".join(f"{k}={v!r}" for k, v in (event.arguments or {}).items())
        key = (event.turn_id, event.name + args)
        line = self.tool_lines.get(key)
        if event.result is None:
            text = _tr("Tool: {0}({1}) running…").format(event.name, args)
        else:
            text = _tr("Tool: {0}({1}) → {2}").format(event.name, args, event.result)
            reply.tools.append({"name": event.name, "arguments": event.arguments, "result": event.result})
        if line is None:
            self.tool_lines[key] = self.transcript.add_line(text)
        else:
            line.setText(text)

    def _on_TurnLatency(self, event: Any) -> None:
        latency = {"endpoint_s": getattr(event, "endpoint_s", None), "asr_s": event.asr_s,
                   "first_token_s": event.first_token_s,
                   "tts_first_audio_s": event.tts_first_audio_s, "total_s": event.total_s,
                   "speculative_committed": bool(event.speculative_committed)}
        reply = self._reply(event.turn_id)
        reply.latency = latency
        self.latencies.append(latency)
        line = latency_line(latency)
        if event.speculative_committed:
            line += _tr(" · speculative reply used")
        reply.bubble.set_footer(line)
        totals = [x["total_s"] for x in self.latencies if isinstance(x.get("total_s"), (int, float))]
        summary = _tr("Last turn: {0}").format(line or _tr("not measured"))
        if totals:
            summary += "<br>" + _tr("Median over {0} turns: {1:.2f} s").format(len(totals),
                                                                               statistics.median(totals))
        self.latency_label.setText(summary)

    def _on_SpeculationStats(self, event: Any) -> None:
        self.speculation = (event.started, event.committed, event.discarded)
        self.speculation_label.setText(_tr("Speculative replies: {0} started · {1} used · {2} thrown away")
                                       .format(*self.speculation))

    def _on_Interrupted(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        reply.interrupted = True
        reply.kept_text = event.kept_text
        self._render(reply)
        reply.bubble.set_footer(_tr("interrupted"))

    def _on_Resumed(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        reply.interrupted = False
        reply.kept_text = None
        self._render(reply)
        line = latency_line(reply.latency)
        reply.bubble.set_footer(line)

    def _on_EchoModeActive(self, event: Any) -> None:
        self.echo_state.setText(_tr("Active: {0}").format(event.description))
        self.echo_state.setToolTip(event.description)

    def _on_ErrorNotice(self, event: Any) -> None:
        self.notices.show_notice(str(event.message), Level.WARNING, key="conversation")

    def _finish_replies(self) -> None:
        """Save every open reply: called when the bot's turn ends, a new user turn starts or the
        conversation stops."""
        for reply in self.replies.values():
            if reply.saved or not (reply.text or reply.audio):
                continue
            reply.saved = True
            if not reply.interrupted:
                reply.spoken = len(reply.text)
                self._render(reply)
            audio = Audio(np.concatenate(reply.audio), reply.rate) if reply.audio else None
            if audio is not None and reply.interrupted and self.player is not None:
                with contextlib.suppress(Exception):
                    heard = float(self.player.position)
                    if 0 < heard < audio.duration:
                        audio = audio.slice_seconds(0.0, heard)
            metadata: dict[str, Any] = {"turn_id": reply.turn_id}
            if reply.tools:
                metadata["tools"] = reply.tools
            if reply.interrupted:
                metadata["interrupted"] = True
                metadata["kept_text"] = reply.kept_text
            if reply.latency.get("speculative_committed"):
                metadata["speculative_committed"] = True
            self._save_turn("assistant", reply.kept_text if reply.interrupted and reply.kept_text is not None
                            else reply.text, audio, reply.started, time.time(), reply.latency, metadata)

    # --- saving -------------------------------------------------------------------------------------

    def _save_turn(self, role: str, text: str, audio: Audio | None, started: float, ended: float,
                   latency: dict[str, Any], metadata: dict[str, Any]) -> None:
        store, session_id = self.sessions, self.session_id
        if store is None or session_id is None:
            return
        numeric = {k: v for k, v in latency.items() if k != "speculative_committed"}
        self._io.run(lambda: store.add_turn(session_id, role, text, audio=audio, started=started, ended=ended,
                                            latency=numeric, metadata=metadata),
                     lambda _turn: self._refresh_sessions(),
                     lambda exc: self.notices.show_notice(_tr("A turn could not be saved: {0}").format(exc),
                                                          Level.ERROR, key="save"))

    def _on_sessions_opened(self, store: Any) -> None:
        self.sessions = store
        for problem in getattr(store, "problems", [])[:3]:
            self.notices.show_notice(problem.message, Level.WARNING, key=f"sessions-{problem.message[:20]}")
        self._refresh_sessions()

    def _refresh_sessions(self, select: str | None = None) -> None:
        store = self.sessions
        if store is None:
            return
        wanted = select or self.selected_session()
        self._io.run(store.list, lambda sessions: self._fill_sessions(sessions, wanted))

    def _fill_sessions(self, sessions: list[Any], select: str | None) -> None:
        self.session_list.blockSignals(True)
        self.session_list.clear()
        for session in sessions:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.updated))
            live = _tr(" · live") if session.id == self.session_id and self.controller is not None else ""
            item = QListWidgetItem(f"{session.display_title}\n{when} · " +
                                   _tr("{0} turns").format(session.turn_count) + live)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            facts = (session.persona_name, session.voice_id, session.model)
            item.setToolTip(" · ".join(x for x in facts if x))
            self.session_list.addItem(item)
            if session.id == select:
                self.session_list.setCurrentItem(item)
        self.session_list.blockSignals(False)
        self._update_controls()

    def selected_session(self) -> str | None:
        item = self.session_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

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
        for turn in turns:
            role = turn.role if turn.role in ("user", "assistant") else "assistant"
            bubble = self.transcript.add_bubble(role, turn.text)
            for tool in turn.metadata.get("tools") or []:
                args = ", ".join(f"{k}={v!r}" for k, v in (tool.get("arguments") or {}).items())
                self.transcript.add_line(_tr("Tool: {0}({1}) → {2}").format(tool.get("name"), args,
                                                                             tool.get("result")))
            notes = []
            if turn.metadata.get("typed"):
                notes.append(_tr("typed"))
            if turn.metadata.get("interrupted"):
                notes.append(_tr("interrupted"))
            line = latency_line(turn.latency)
            if line:
                notes.append(line)
            bubble.set_footer(" · ".join(notes))
        self.statusMessage.emit(_tr("Showing “{0}”").format(session.display_title))

    def replay_selected(self) -> None:
        """Play the whole saved conversation (its mix: real timing, long silences shortened)."""
        session_id, store = self.selected_session(), self.sessions
        if session_id is None or store is None:
            return
        if self.player is None:
            self.notices.show_notice(self.player_reason or _tr("No audio output device."), Level.INFO,
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

    def ask_export_path(self, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            self, _tr("Export Conversation"), suggested,
            _tr("Markdown transcript + FLAC audio (*.md);;JSON transcript + FLAC audio (*.json);;"
                "Everything in a zip (*.zip)"))
        return path

    def export_selected(self) -> None:
        session_id, store = self.selected_session(), self.sessions
        if session_id is None or store is None:
            return
        item = self.session_list.currentItem()
        title = item.text().split("\n")[0] if item is not None else "conversation"
        from studio.ui.common.labels import safe_filename

        path = self.ask_export_path(str(Path.home() / f"{safe_filename(title)}.md"))
        if not path:
            return
        if Path(path).suffix.lower() not in (".md", ".json", ".zip"):
            path += ".md"

        def done(files: list[Path]) -> None:
            self.statusMessage.emit(_tr("Exported {0}").format(", ".join(p.name for p in files)))
            self.exported = files

        self._io.run(lambda: store.export(session_id, path), done,
                     lambda exc: self.notices.show_notice(_tr("Export failed: {0}").format(exc), Level.ERROR,
                                                          key="export"))

    def rename_selected(self, title: str | None = None) -> None:
        session_id, store = self.selected_session(), self.sessions
        if session_id is None or store is None:
            return
        if title is None:
            item = self.session_list.currentItem()
            current = item.text().split("\n")[0] if item is not None else ""
            title, ok = QInputDialog.getText(self, _tr("Rename Conversation"), _tr("Title"), text=current)
            if not ok:
                return
        if not title.strip():
            return
        self._io.run(lambda: store.rename(session_id, title), lambda _s: self._refresh_sessions(session_id),
                     lambda exc: self.notices.show_notice(str(exc), Level.ERROR, key="sessions"))

    def confirm_delete(self, title: str) -> bool:
        answer = QMessageBox.question(self, _tr("Delete Conversation"),
                                      _tr("Delete “{0}” with its audio? This cannot be undone.")
                                      .format(title))
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> None:
        session_id, store = self.selected_session(), self.sessions
        if session_id is None or store is None:
            return
        if session_id == self.session_id and self.controller is not None:
            self.statusMessage.emit(_tr("Stop the conversation before deleting it."))
            return
        item = self.session_list.currentItem()
        if not self.confirm_delete(item.text().split("\n")[0] if item is not None else ""):
            return
        if self._viewing == session_id:
            self._viewing = None
            self.transcript.clear()
        self._io.run(lambda: store.delete(session_id), lambda _r: self._refresh_sessions(),
                     lambda exc: self.notices.show_notice(str(exc), Level.ERROR, key="sessions"))

    # --- state --------------------------------------------------------------------------------------

    def _reset_view(self) -> None:
        self.transcript.clear()
        self.center.setCurrentWidget(self.transcript)
        self._viewing = None
        self.replies.clear()
        self.user_bubbles.clear()
        self.tool_lines.clear()
        self._typed.clear()
        self.latencies.clear()
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
        self.send_button.setEnabled(not self._starting)
        has_session = self.selected_session() is not None and self.sessions is not None
        for button in (self.replay_button, self.export_button, self.rename_button, self.delete_button):
            button.setEnabled(has_session)

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
