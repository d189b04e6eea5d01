"""Audio tokens over the network, with the real Step-Audio engine on tiny checkpoints: the engine server's
`POST /v1/engines/{id}/tokens`, RemoteBackend.tokenize, and Step-Audio-Chat's audio mode sending exactly
those `<audio_N>` tokens to an OpenAI-compatible stand-in for vLLM (a real server on loopback)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "remote"))

from _chat_standin import StandIn, StandInServer
from remote_doubles import ThreadServer, ToneEngine

from backends.audio import Audio
from backends.base import BackendUnavailable, CancelToken, ChatFinished, ChatMessage, InvalidRequest
from backends.remote.client import RemoteBackend
from backends.remote.step_chat import StepAudioChatBackend
from studio.conversation.controller import ConversationController
from studio.conversation.events import ErrorNotice
from studio.conversation.models import EngineChat, audio_tokenizer
from studio.conversation.settings import VadSettings


def _clip(seconds: float = 2.0, rate: int = 16000, hz: float = 170.0) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    x = 0.3 * np.sin(2 * np.pi * hz * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
    return Audio(x.astype(np.float32), rate)


@pytest.fixture(scope="module")
def served(tiny_engine):
    with ThreadServer({"step-local": tiny_engine, "tone": ToneEngine()}, load_on_start=False) as server:
        yield server.url


@pytest.fixture
def standin():
    s = StandIn()
    with StandInServer(s) as server:
        yield s, server.url


def test_the_server_tokenises_with_the_real_engine(tiny_engine, served) -> None:
    clip = _clip()
    local = tiny_engine.tokenize(clip)
    remote = RemoteBackend(served, "step-local", transport="http")
    got = remote.tokenize(clip)
    # FLAC at 24 bits on the way: the same codes as tokenising the clip here.
    assert got.as_text() == local.as_text() and got.as_text().startswith("<audio_")
    assert np.array_equal(got.vq02, local.vq02) and np.array_equal(got.vq06, local.vq06)

    buf = io.BytesIO()
    sf.write(buf, clip.samples, clip.sample_rate, format="WAV", subtype="FLOAT")
    raw = httpx.post(f"{served}/v1/engines/step-local/tokens",
                     files={"file": ("c.wav", buf.getvalue(), "audio/wav")}).json()
    assert raw["codes"] == [int(c) for c in local.interleaved()] and max(raw["codes"]) < 5120
    assert raw["text"] == local.as_text() and raw["seconds"] == pytest.approx(2.0, abs=0.01)


def test_engines_that_cannot_tokenise_and_bad_uploads_are_refused_clearly(served) -> None:
    r = httpx.post(f"{served}/v1/engines/tone/tokens", files={"file": ("c.wav", b"RIFF", "audio/wav")})
    assert r.status_code == 422 and r.json()["error"]["code"] == "cannot-tokenize"
    assert "step-local" in r.json()["error"]["message"]
    with pytest.raises(InvalidRequest, match="cannot turn audio into tokens"):
        RemoteBackend(served, "tone", transport="http").tokenize(_clip())
    r = httpx.post(f"{served}/v1/engines/step-local/tokens",
                   files={"file": ("c.wav", b"not audio", "audio/wav")})
    assert r.status_code == 400 and r.json()["error"]["code"] == "unreadable-audio"
    r = httpx.post(f"{served}/v1/engines/step-local/tokens", content=b"{}",
                   headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid-request"
    r = httpx.post(f"{served}/v1/engines/nope/tokens", files={"file": ("c.wav", b"x", "audio/wav")})
    assert r.status_code == 404


def _reply_meta(engine: StepAudioChatBackend, history: list[ChatMessage]) -> dict:
    events = list(engine.chat(history, CancelToken(), max_tokens=8))
    assert isinstance(events[-1], ChatFinished)
    return dict(events[-1].metadata)


def test_audio_mode_sends_the_latest_spoken_turn_as_its_tokens(tiny_engine, served, standin) -> None:
    s, url = standin
    tokenizer = RemoteBackend(served, "step-local", transport="http")
    engine = StepAudioChatBackend(url, tokenizer=tokenizer)
    assert engine.audio_input().available
    model = EngineChat(engine)
    assert model.takes_audio_tokens and audio_tokenizer(model) is not None
    clip = _clip(hz=220.0)
    tokens = model.audio_tokens(clip)
    assert tokens == tiny_engine.tokenize(clip).as_text()
    history = [ChatMessage("user", "what is the weather today", audio_tokens=model.audio_tokens(_clip()),
                           transcript="what is the weather today"),
               ChatMessage("assistant", "the weather today is sunny ."),
               ChatMessage("user", "and in the city", audio_tokens=tokens, transcript="and in the city")]
    meta = _reply_meta(engine, history)
    sent = s.received[-1]["messages"]
    assert sent[-1]["content"] == tokens and meta["mode"] == "audio"
    assert sent[0]["content"] == "what is the weather today"  # a past spoken turn: its transcript


def test_an_unreachable_tokenizer_falls_back_to_text_with_a_warning(standin) -> None:
    s, url = standin
    engine = StepAudioChatBackend(url, tokenizer=RemoteBackend("http://127.0.0.1:9", "step-local", retries=0))
    state = engine.audio_input()
    assert not state.available and "tokenizer" in state.reason
    model = EngineChat(engine)
    events: list[object] = []
    controller = ConversationController(model=model, tts=ToneEngine(), voice_id=None, asr=object(),  # type: ignore[arg-type]
                                        vad=VadSettings(), on_event=events.append)
    assert controller._spoken_tokens(_clip()) is None
    [notice] = [e for e in events if isinstance(e, ErrorNotice)]
    assert "sent as its transcript" in notice.message and "Cannot reach" in notice.message
    # A turn that still carries tokens goes as its transcript, and the reply says why.
    meta = _reply_meta(engine, [ChatMessage("user", "hello there", audio_tokens="<audio_1><audio_2>",
                                            transcript="hello there")])
    assert s.received[-1]["messages"][-1]["content"] == "hello there"
    assert meta["mode"] == "text" and "Cannot reach" in meta["audio_fallback"]
    with pytest.raises(BackendUnavailable):
        model.audio_tokens(_clip())
