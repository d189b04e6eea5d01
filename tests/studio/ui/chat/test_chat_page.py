"""The Chat workspace, driven offscreen: with a scripted controller double where the real one is not
the point, and with the real ConversationController against a chat model served over HTTP on
loopback (the bigram stand-in) and a TTS double."""

from __future__ import annotations

import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui_fakes import FakeBackend, FakePlayer

from backends.audio import load_audio
from backends.base import Availability
from studio.conversation import model_config as chat_model_config
from studio.conversation.events import (
    Interrupted,
    ReplyAudio,
    ReplyText,
    SpeculationStats,
    StateChanged,
    ToolActivity,
    TurnLatency,
    UserTranscript,
)
from studio.conversation.model_config import ChatModelConfig
from studio.conversation.sessions import ChatSessionStore
from studio.conversation.settings import TurnState
from studio.settings import Settings
from studio.ui.chat.model_dialog import ChatModelDialog
from studio.ui.chat.page import ChatPage
from studio.ui.chat.services import ChatServices

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "backends" / "remote"))

DATA = Path(__file__).resolve().parents[3] / "data"


class Device:
    def __init__(self, index: int, name: str, is_default: bool = False) -> None:
        self.index, self.name, self.is_default = index, name, is_default


class VirtualMic:
    """Stands in for the sound card: the test pushes frames, the page's consumer gets them."""

    def __init__(self, device: Any, on_frames: Any, on_stopped: Any) -> None:
        self.device, self.on_frames, self.on_stopped = device, on_frames, on_stopped
        self.device_name = "Virtual mic"
        self.stopped = False

    def push(self, samples: np.ndarray, rate: int, block: int = 320, pace: float = 0.0) -> None:
        for i in range(0, len(samples), block):
            self.on_frames(samples[i:i + block], rate)
            if pace:
                time.sleep(pace)

    def stop(self) -> None:
        self.stopped = True


class ScriptedController:
    """The controller's interface, recording what the page asks; the test emits its events."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.on_event = kwargs["on_event"]
        self.calls: list[tuple[str, Any]] = []
        self.sink: Any = None
        self.flush: Any = None
        self.hands_free = True
        self.mic_frames = 0

    def start(self) -> None:
        self.calls.append(("start", None))

    def stop(self) -> None:
        self.calls.append(("stop", None))

    def set_output(self, sink: Any, flush: Any) -> None:
        self.sink, self.flush = sink, flush

    def notify_played(self, samples: np.ndarray, rate: int) -> None:
        self.calls.append(("played", len(samples)))

    def feed_microphone(self, samples: np.ndarray, rate: int) -> None:
        self.mic_frames += len(samples)

    def interrupt(self) -> None:
        self.calls.append(("interrupt", None))

    def push_to_talk(self, pressed: bool) -> None:
        self.calls.append(("ptt", pressed))

    def send_text(self, text: str) -> None:
        self.calls.append(("send_text", text))

    def set_persona(self, persona: Any) -> None:
        self.calls.append(("set_persona", persona))

    def set_echo_mode(self, mode: Any) -> None:
        self.calls.append(("set_echo_mode", mode))

    def set_vad(self, settings: Any) -> None:
        self.calls.append(("set_vad", settings))

    def set_voice(self, voice_id: str | None) -> None:
        self.calls.append(("set_voice", voice_id))

    def emit_from_worker(self, *events: Any) -> None:
        """Events come from the controller's threads, never the GUI's."""
        worker = threading.Thread(target=lambda: [self.on_event(e) for e in events])
        worker.start()
        worker.join()


class FixedTranscriber:
    def __init__(self, text: str = "hello there") -> None:
        self.text = text

    def transcribe(self, audio: Any) -> Any:
        return type("T", (), {"text": self.text})()


class Services(ChatServices):
    def __init__(self, root: Path, *, inputs: list[Any] | None = None, outputs: list[Any] | None = None,
                 controller: type | None = ScriptedController, asr: Any = None) -> None:
        self.root = root
        self.inputs = inputs or []
        self.outputs = outputs if outputs is not None else [Device(3, "Test speaker", True)]
        self.controller_type = controller
        self.controllers: list[Any] = []
        self.mics: list[VirtualMic] = []
        self.players: list[FakePlayer] = []
        self.checked: list[ChatModelConfig] = []
        self.asr = asr or FixedTranscriber()
        self.asr_languages: list[str | None] = []

    def input_devices(self) -> tuple[list[Any], str | None]:
        return self.inputs, (None if self.inputs else "No microphone (audio input device) was found.")

    def output_devices(self) -> tuple[list[Any], str | None]:
        return self.outputs, (None if self.outputs else "No audio output device was found.")

    def open_mic(self, device: Any, on_frames: Any, on_stopped: Any) -> VirtualMic:
        mic = VirtualMic(device, on_frames, on_stopped)
        self.mics.append(mic)
        return mic

    def make_player(self, device: Any) -> FakePlayer:
        player = FakePlayer(device)
        self.players.append(player)
        return player

    def open_sessions(self) -> ChatSessionStore:
        return ChatSessionStore(self.root)

    def check_model(self, config: ChatModelConfig) -> Availability:
        self.checked.append(config)
        if "bad" in config.url:
            return Availability(False, f"Nothing answers at {config.url}.", "Start the server.")
        return Availability(True)

    def make_asr(self, language: str | None = "en") -> Any:
        self.asr_languages.append(language)
        return self.asr

    def make_controller(self, **kwargs: Any) -> Any:
        if self.controller_type is None:
            return super().make_controller(**kwargs)
        controller = self.controller_type(**kwargs)
        self.controllers.append(controller)
        return controller


def until(qtbot: Any, condition: Any, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


CONFIG = ChatModelConfig("openai", url="http://127.0.0.1:9/v1", model="tiny")


def make_page(qtbot: Any, services: Services, config: ChatModelConfig | None = CONFIG,
              engine: bool = True) -> ChatPage:
    page = ChatPage(services)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.set_model_config(config)
    page.start_background()
    until(qtbot, lambda: page.sessions is not None
                    and page.out_combo.itemText(0) != "Looking for speakers…"
                    and page.mic_combo.itemText(0) != "Looking for microphones…", timeout=5000)
    if engine:
        backend = FakeBackend()
        page.set_engine("fake", backend, backend.voices())
    return page


def start(qtbot: Any, page: ChatPage) -> Any:
    page.start_conversation()
    until(qtbot, lambda: page.controller is not None, timeout=5000)
    return page.controller


def test_no_chat_model_says_what_to_set_up_and_offers_it(qtbot: Any, tmp_path: Path) -> None:
    services = Services(tmp_path)
    page = make_page(qtbot, services, config=None)
    assert page.center.currentWidget() is page.setup_panel
    text = page.setup_text.text()
    for needed in ("OpenAI-compatible server", "model name", "Step-Audio-Chat", "transformers model folder"):
        assert needed in text
    assert not page.start_button.isEnabled() and "chat model" in page.start_button.toolTip()
    assert page.model_button.text() == "Chat model: not set up"
    page.message_edit.setText("hello?")
    page.send_typed()  # a typed turn without a model points at the setup, and keeps the text
    assert page.message_edit.text() == "hello?" and services.controllers == []

    chosen: list[Any] = []
    page.modelConfigChanged.connect(chosen.append)
    dialog = page.open_model_dialog()
    assert isinstance(dialog, ChatModelDialog)
    dialog.url_edit.setText("http://bad-host:8000/v1")
    dialog.model_edit.setText("qwen-tiny")
    dialog.test()
    until(qtbot, lambda: dialog.test_button.isEnabled() and "Nothing answers" in dialog.result.text())
    assert services.checked[-1].url == "http://bad-host:8000/v1"  # tested off the GUI thread
    dialog.url_edit.setText("http://127.0.0.1:8000/v1")
    dialog.test()
    until(qtbot, lambda: "answers" in dialog.result.text() and "ok.svg" in dialog.result.text())
    dialog.model_edit.setText("")
    dialog.save()
    assert dialog.isVisible() and "model name" in dialog.result.text()  # refused, says why
    dialog.model_edit.setText("qwen-tiny")
    dialog.save()
    assert chosen == [ChatModelConfig("openai", url="http://127.0.0.1:8000/v1", model="qwen-tiny")]
    assert page.center.currentWidget() is page.transcript
    assert "qwen-tiny" in page.model_button.text() and page.start_button.isEnabled()
    # the window stores it in settings; it round-trips
    settings = chat_model_config.store(Settings(), chosen[0])
    assert chat_model_config.load(settings) == chosen[0]


def test_setup_dialog_kinds(qtbot: Any, tmp_path: Path) -> None:
    dialog = ChatModelDialog(None, lambda c: Availability(True))
    qtbot.addWidget(dialog)
    dialog.kind_buttons["transformers"].setChecked(True)
    assert not dialog.url_edit.isEnabled() and dialog.folder_holder.isEnabled()
    dialog.folder_edit.setText(str(tmp_path))
    dialog.save()
    assert dialog.config == ChatModelConfig("transformers", url=chat_model_config.DEFAULT_OPENAI_URL,
                                            folder=str(tmp_path))
    assert chat_model_config.check(dialog.config).available is False  # no config.json: says so
    dialog2 = ChatModelDialog(None, lambda c: Availability(True))
    qtbot.addWidget(dialog2)
    dialog2.kind_buttons["step-audio-chat"].setChecked(True)
    assert not dialog2.model_edit.isEnabled()
    dialog2.url_edit.setText("http://gpu-host:8000")
    dialog2.save()
    assert dialog2.config is not None and dialog2.config.describe() == "Step-Audio-Chat at http://gpu-host:8000"


def test_typed_turn_without_microphone_streams_speaks_and_saves(qtbot: Any, tmp_path: Path) -> None:
    services = Services(tmp_path)
    page = make_page(qtbot, services)
    assert page.mic_combo.currentText() == "No microphone" and not page.mic_combo.isEnabled()
    assert any("No microphone" in t and "Type your turns" in t for t in page.notices.texts())
    page.message_edit.setText("What is two plus two?")
    page.send_typed()  # starts the conversation, then sends
    until(qtbot, lambda: services.controllers and ("send_text", "What is two plus two?")
                    in services.controllers[0].calls, timeout=5000)
    controller = services.controllers[0]
    assert controller.kwargs["voice_id"] == "alto" and controller.kwargs["model"].model == "tiny"
    assert services.mics == []  # no microphone was opened
    assert page.state_label.text() == "Listening to typed turns"
    tone = np.full(2400, 0.1, np.float32)
    controller.emit_from_worker(
        UserTranscript(1, "What is two plus two?", True),
        StateChanged(TurnState.BOT_REPLYING),
        ToolActivity(1, "calculator", {"expression": "2+2"}, None),
        ToolActivity(1, "calculator", {"expression": "2+2"}, "4"),
        ReplyText(1, "It is four. "), ReplyText(1, "Anything else?"),
        ReplyAudio(1, tone, 24000, "It is four."),
        TurnLatency(1, 0.12, 0.34, 0.50, 0.55, True),
        SpeculationStats(2, 1, 1))
    until(qtbot, lambda: len(page.transcript.bubbles) == 2)
    user, bot = page.transcript.bubbles
    assert user.role == "user" and user.text == "What is two plus two?"
    assert user.footer.text() == "typed"
    assert bot.text == "It is four. Anything else?" and bot.spoken == len("It is four.")
    # what has not been spoken yet is muted
    assert "line-through" not in bot.body.text() and "Anything else?</span>" in bot.body.text()
    assert "0.55 s to first audio (ASR 0.12 · model 0.22 · TTS 0.16)" in bot.footer.text()
    assert "speculative" in bot.footer.text()
    assert page.transcript.lines[0].text() == "Tool: calculator(expression='2+2') → 4"
    assert "1 used" in page.speculation_label.text() and "1 thrown away" in page.speculation_label.text()
    assert "0.55 s" in page.latency_label.text()
    assert page.interrupt_button.isEnabled()
    # reply audio through the sink reaches the player on the device thread, and is reported as played
    controller.sink(tone, 24000)
    player = services.players[0]
    until(qtbot, lambda: ("feed", 2400) in player.calls)
    assert player.calls[0] == ("begin", 24000)
    until(qtbot, lambda: ("played", 2400) in controller.calls)
    controller.emit_from_worker(StateChanged(TurnState.SILENCE))
    until(qtbot, lambda: bot.spoken == len(bot.text))
    store = page.sessions
    until(qtbot, lambda: page.session_id and len(store.turns(page.session_id)) == 2, timeout=5000)
    turns = store.turns(page.session_id)
    assert [t.role for t in turns] == ["user", "assistant"] and turns[0].metadata["typed"]
    assert turns[1].text == "It is four. Anything else?"
    assert turns[1].latency["total_s"] == pytest.approx(0.55)
    assert turns[1].metadata["tools"][0]["result"] == "4" and turns[1].playable
    assert store.get(page.session_id).voice_id == "alto"
    # the next turn is matched to the controller's echo of the typed text, not shown twice
    page.message_edit.setText("thanks")
    page.send_typed()
    controller.emit_from_worker(UserTranscript(2, "thanks", True))
    qtbot.wait(50)
    assert [b.text for b in page.transcript.bubbles].count("thanks") == 1
    controller.emit_from_worker(TurnLatency(2, 0.0, 0.2, 0.3, 0.35, False, 0.2, 0.0))
    until(qtbot, lambda: "Median over 2 turns: 0.45 s" in page.latency_label.text())  # the true median
    page.stop_conversation()
    until(qtbot, lambda: ("stop", None) in controller.calls)


def test_microphone_barge_in_and_push_to_talk(qtbot: Any, tmp_path: Path) -> None:
    services = Services(tmp_path, inputs=[Device(1, "USB mic", True)])
    page = make_page(qtbot, services)
    assert page.mic_combo.isEnabled() and "USB mic" in page.mic_combo.currentText()
    controller = start(qtbot, page)
    until(qtbot, lambda: len(services.mics) == 1 and page.mic is not None)
    mic = services.mics[0]
    speech = load_audio(DATA / "zero_shot_en_prompt.wav").resampled(16000)
    controller.emit_from_worker(StateChanged(TurnState.USER_SPEAKING))
    until(qtbot, lambda: page.state_label.text() == "You are speaking")
    mic.push(speech.samples[:16000], 16000)
    assert controller.mic_frames == 16000  # every frame reached the controller
    controller.emit_from_worker(UserTranscript(1, "His political", False))
    until(qtbot, lambda: page.transcript.bubbles[0].footer.text() == "hearing…"
          if page.transcript.bubbles else False)
    controller.emit_from_worker(UserTranscript(1, "His political stance", True),
                                StateChanged(TurnState.BOT_REPLYING),
                                ReplyText(1, "Tell me more. I would like to know why."),
                                ReplyAudio(1, np.full(4800, 0.2, np.float32), 24000, "Tell me more."),
                                Interrupted(1, "Tell me more."),
                                StateChanged(TurnState.USER_SPEAKING))
    until(qtbot, lambda: page.transcript.bubbles[-1].footer.text() == "interrupted")
    bot = page.transcript.bubbles[-1]
    assert "line-through" in bot.body.text() and bot.spoken == len("Tell me more.")
    controller.emit_from_worker(UserTranscript(2, "wait", True))  # the barge-in turn closes the reply
    store = page.sessions
    until(qtbot, lambda: len(store.turns(page.session_id)) == 3, timeout=5000)
    user, reply, _second = store.turns(page.session_id)
    assert user.text == "His political stance" and user.playable
    assert 0.9 < user.duration < 1.6  # what the mic heard for the turn, with a little pre-roll
    assert reply.text == "Tell me more." and reply.metadata["interrupted"]
    # the interrupt button and Esc ask the controller; push-to-talk with the button and F8
    controller.emit_from_worker(StateChanged(TurnState.BOT_REPLYING))
    until(qtbot, page.interrupt_button.isEnabled)
    qtbot.mouseClick(page.interrupt_button, Qt.MouseButton.LeftButton)
    assert ("interrupt", None) in controller.calls
    page.mode_ptt.setChecked(True)
    assert controller.hands_free is False and page.talk_button.isVisible()
    qtbot.mousePress(page.talk_button, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(page.talk_button, Qt.MouseButton.LeftButton)
    qtbot.keyPress(page.message_edit, Qt.Key.Key_F8)
    qtbot.keyRelease(page.message_edit, Qt.Key.Key_F8)
    assert [c for c in controller.calls if c[0] == "ptt"] == [("ptt", True), ("ptt", False)] * 2
    page.stop_conversation()
    until(qtbot, lambda: mic.stopped)


def test_echo_vad_persona_and_voice_choices(qtbot: Any, tmp_path: Path) -> None:
    services = Services(tmp_path)
    page = make_page(qtbot, services)
    until(qtbot, lambda: page.persona_combo.count() > 1)
    assert "Headphone" in page.echo_state.text()
    page.echo_combo.setCurrentIndex(page.echo_combo.findData("speakers"))
    assert "Speaker mode" in page.echo_state.text() and page.preferences["echo"] == "speakers"
    page.vad_combo.setCurrentIndex(page.vad_combo.findData("noisy-room"))
    page.persona_combo.setCurrentIndex(1)
    persona = page.controls.current_persona()
    page.voice_combo.setCurrentIndex(page.voice_combo.findData("bass"))
    controller = start(qtbot, page)
    assert controller.kwargs["echo"].value == "speakers"
    assert controller.kwargs["vad"].name == "noisy-room"
    assert controller.kwargs["persona"] == persona
    assert controller.kwargs["voice_id"] == "bass"
    assert {t.name for t in controller.kwargs["tools"]} >= {"calculator"}
    # English (the default) is heard by tiny.en; the page shows which Whisper listens
    assert services.asr_languages == ["en"] and controller.kwargs["asr_language"] == "en"
    assert page.language_combo.currentText() == "English · Whisper tiny.en"
    assert store_meta(page)["asr"] == "Whisper tiny.en"
    from studio.conversation.events import EchoModeActive
    from studio.conversation.settings import EchoMode

    controller.emit_from_worker(EchoModeActive(EchoMode.SPEAKERS, "speakers: gating replies"))
    until(qtbot, lambda: "gating replies" in page.echo_state.text())
    # every choice applies to the running conversation, and the page says so
    assert page.vad_combo.isEnabled()
    said: list[str] = []
    page.statusMessage.connect(said.append)
    page.vad_combo.setCurrentIndex(page.vad_combo.findData("slow-speaker"))
    page.echo_combo.setCurrentIndex(page.echo_combo.findData("headphones"))
    page.voice_combo.setCurrentIndex(page.voice_combo.findData("alto"))
    page.persona_combo.setCurrentIndex(0)
    live = [c for c in controller.calls if c[0].startswith("set_")]
    assert live[0][0] == "set_vad" and live[0][1].name == "slow-speaker"
    assert live[1] == ("set_echo_mode", EchoMode.HEADPHONES)
    assert live[2] == ("set_voice", "alto") and live[-1] == ("set_persona", None)
    assert len(said) == len(live) and all("from now on in this conversation" in t for t in said)
    assert said[0].startswith("Turn-taking: ") and said[-1] == "Persona: no persona (from now on in " \
                                                                "this conversation)"
    assert [line.text() for line in page.transcript.lines][-len(said):] == said
    page.stop_conversation()


def store_meta(page: ChatPage) -> dict:
    return page.sessions.get(page.session_id).metadata if page.sessions and page.session_id else {}


def test_language_picks_the_recogniser(qtbot: Any, tmp_path: Path) -> None:
    services = Services(tmp_path)
    page = make_page(qtbot, services)
    page.language_combo.setCurrentIndex(page.language_combo.findData("zh"))
    assert page.language_combo.currentText() == "Mandarin Chinese · Whisper base"
    assert "Whisper base" in page.language_combo.toolTip() and page.preferences["language"] == "zh"
    controller = start(qtbot, page)
    assert services.asr_languages == ["zh"] and controller.kwargs["asr_language"] == "zh"
    page.language_combo.setCurrentIndex(page.language_combo.findData("auto"))
    page.stop_conversation()
    controller = start(qtbot, page)
    assert services.asr_languages[-1] == "auto" and controller.kwargs["asr_language"] is None
    page.stop_conversation()


def test_saved_sessions_listed_replayed_exported_renamed_deleted(qtbot: Any, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = ChatSessionStore(tmp_path)
    sid = store.create(persona_name="Guide").id
    voice = load_audio(DATA / "zero_shot_en_prompt.wav").slice_seconds(0, 1)
    store.add_turn(sid, "user", "hello there", audio=voice, started=100.0, ended=101.0)
    store.add_turn(sid, "assistant", "hi, how can I help?", audio=load_audio(DATA / "tingting_prompt.wav")
                   .slice_seconds(0, 1), started=101.5, ended=102.5, latency={"total_s": 0.4})
    store.close()
    services = Services(tmp_path)
    page = make_page(qtbot, services)
    until(qtbot, lambda: page.session_list.count() == 1)
    item = page.session_list.item(0)
    assert item.text().startswith("hello there") and "2 turns" in item.text()
    page.session_list.setCurrentRow(0)
    assert page.replay_button.isEnabled()
    page.replay_selected()
    player = services.players[0]
    until(qtbot, lambda: ("play", 0.0) in player.calls, timeout=5000)
    assert page.last_replay is not None and page.last_replay.duration == pytest.approx(2.5, abs=0.01)
    assert [b.text for b in page.transcript.bubbles] == ["hello there", "hi, how can I help?"]
    assert "0.40 s to first audio" in page.transcript.bubbles[1].footer.text()
    target = tmp_path / "out" / "talk"
    target.parent.mkdir()
    panel = page.sessions_panel  # export, rename and delete are the sessions panel's
    monkeypatch.setattr(panel, "ask_export_path", lambda suggested: str(target) + ".zip")
    panel.export_selected()
    until(qtbot, lambda: bool(panel.exported), timeout=5000)
    with zipfile.ZipFile(panel.exported[0]) as archive:
        assert {"transcript.md", "transcript.json", "conversation.flac"} <= set(archive.namelist())
    monkeypatch.setattr(panel, "ask_export_path", lambda suggested: str(target))  # no suffix: Markdown
    panel.exported = []
    panel.export_selected()
    until(qtbot, lambda: bool(panel.exported), timeout=5000)
    assert [p.name for p in panel.exported] == ["talk.md", "talk.flac"]
    panel.rename_selected("Greeting")
    until(qtbot, lambda: page.session_list.count()
          and page.session_list.item(0).text().startswith("Greeting"))
    monkeypatch.setattr(panel, "confirm_delete", lambda title: title == "Greeting")
    page.session_list.setCurrentRow(0)
    panel.delete_selected()
    until(qtbot, lambda: page.session_list.count() == 0)
    assert not (tmp_path / "chats" / sid).exists()


def test_no_speaker_still_writes_replies(qtbot: Any, tmp_path: Path) -> None:
    services = Services(tmp_path, outputs=[])
    page = make_page(qtbot, services)
    assert page.out_combo.currentText() == "No speaker" and page.player is None
    controller = start(qtbot, page)
    controller.sink(np.zeros(100, np.float32), 24000)  # nowhere to play: dropped quietly
    controller.emit_from_worker(ReplyText(1, "Written anyway."))
    until(qtbot, lambda: page.transcript.bubbles and page.transcript.bubbles[0].text == "Written anyway.")
    page.stop_conversation()


# --- the real controller -------------------------------------------------------------------------


@pytest.fixture()
def chat_server() -> Any:
    from _chat_standin import StandIn, StandInServer

    standin = StandIn(model_name="tiny-bigram")
    with StandInServer(standin) as server:
        yield standin, server


def test_real_controller_typed_turn_over_loopback_chat_server(qtbot: Any, tmp_path: Path,
                                                              chat_server: Any) -> None:
    standin, server = chat_server
    services = Services(tmp_path, controller=None)
    config = ChatModelConfig("openai", url=f"{server.url}/v1", model="tiny-bigram")
    assert chat_model_config.check(config).available
    page = make_page(qtbot, services, config=config)
    controller = start(qtbot, page)
    assert type(controller).__name__ == "ConversationController"
    page.message_edit.setText("tell me about the weather today")
    page.send_typed()
    until(qtbot, lambda: len(page.transcript.bubbles) == 2 and page.transcript.bubbles[1].text, timeout=15000)
    until(qtbot, lambda: page.state == "silence" and page.replies and
                    all(r.saved for r in page.replies.values()), timeout=20000)
    reply = page.transcript.bubbles[1].text
    assert reply.strip() and set(reply.replace(".", " ").split()) <= set(standin.lm.next)  # the model's words
    assert standin.received[-1]["messages"][-1]["content"] == "tell me about the weather today"
    player = services.players[0]
    assert player.calls[0][0] == "begin" and sum(n for k, n in player.calls if k == "feed") > 0
    store = page.sessions
    until(qtbot, lambda: len(store.turns(page.session_id)) == 2, timeout=5000)
    user, bot = store.turns(page.session_id)
    assert user.text == "tell me about the weather today" and bot.text.strip() == reply.strip()
    assert bot.playable and bot.duration > 0.2  # the TTS double's tones, as played
    page.stop_conversation()


def test_spoken_turn_is_saved_with_exactly_the_controllers_audio(qtbot: Any, tmp_path: Path) -> None:
    """The final transcript's audio (cut by the controller) is what the session keeps, not the page's
    own microphone history: the saved turn holds exactly the utterance."""
    from backends.audio import Audio

    services = Services(tmp_path, inputs=[Device(1, "USB mic", True)])
    page = make_page(qtbot, services)
    controller = start(qtbot, page)
    until(qtbot, lambda: len(services.mics) == 1 and page.mic is not None)
    speech = load_audio(DATA / "zero_shot_en_prompt.wav").resampled(16000)
    services.mics[0].push(speech.samples, 16000)  # the page's history holds all 5 s
    utterance = Audio(speech.samples[8000:8000 + 27200].copy(), 16000)  # the controller's 1.7 s cut
    controller.emit_from_worker(StateChanged(TurnState.USER_SPEAKING),
                                UserTranscript(1, "His political stance", True, utterance))
    store = page.sessions
    until(qtbot, lambda: page.session_id and len(store.turns(page.session_id)) == 1, timeout=5000)
    (turn,) = store.turns(page.session_id)
    saved = store.load_turn_audio(turn)
    assert saved.sample_rate == 16000 and len(saved.samples) == len(utterance.samples)
    assert np.max(np.abs(saved.samples - utterance.samples)) < 2e-4  # 16-bit FLAC
    assert turn.duration == pytest.approx(1.7, abs=1e-3)
    page.stop_conversation()
