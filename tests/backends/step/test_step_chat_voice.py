"""Chat replies spoken by the Step-Audio engine (tiny checkpoints): the conversation controller drives
TTS-3B like any other engine, and its 22.05 kHz audio reaches the speaker."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "remote"))

from _chat_standin import StandIn, StandInServer

from backends.remote.step_chat import StepAudioChatBackend
from studio.conversation.controller import ConversationController
from studio.conversation.events import ReplyAudio, ReplyText, TurnLatency
from studio.conversation.models import EngineChat
from studio.conversation.settings import VadSettings


def test_a_typed_turn_is_answered_in_the_step_engine_voice(tiny_engine) -> None:
    events: list[object] = []
    played: list[tuple[int, int]] = []
    with StandInServer(StandIn()) as server:
        controller = ConversationController(
            model=EngineChat(StepAudioChatBackend(server.url)), tts=tiny_engine, voice_id=None,
            asr=object(), vad=VadSettings(), on_event=events.append)  # type: ignore[arg-type]
        controller.set_output(lambda samples, rate: played.append((len(samples), rate)), lambda: None)
        controller.start()
        try:
            controller.send_text("hello")
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not any(isinstance(e, TurnLatency) for e in events):
                time.sleep(0.05)
        finally:
            controller.stop()
    assert "".join(e.text_delta for e in events if isinstance(e, ReplyText)).strip()
    audio = [e for e in events if isinstance(e, ReplyAudio)]
    assert audio and {e.sample_rate for e in audio} == {22050}
    assert all(e.chunk.dtype == np.float32 and np.isfinite(e.chunk).all() for e in audio)
    assert played and {rate for _, rate in played} == {22050}
    (latency,) = [e for e in events if isinstance(e, TurnLatency)]
    assert 0 < latency.tts_first_audio_s <= latency.total_s
