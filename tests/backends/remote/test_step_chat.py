"""StepAudioChatBackend against a real OpenAI-compatible server on loopback (the stand-in for vLLM,
backed by a word-bigram model trained in _chat_standin), plus the faults it must name clearly."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from _chat_standin import CORPUS, StandIn, StandInServer

from backends.base import (
    Backend,
    BackendError,
    BackendUnavailable,
    Cancelled,
    CancelToken,
    ChatDelta,
    ChatFinished,
    ChatMessage,
    InvalidRequest,
    SupportsChat,
    SynthesisRequest,
)
from backends.remote.step_chat import StepAudioChatBackend, build_messages

TOKENS = "<audio_12><audio_300><audio_1100><audio_2048><audio_5000>"


@pytest.fixture
def standin() -> Iterator[tuple[StandIn, str]]:
    s = StandIn()
    with StandInServer(s) as server:
        yield s, server.url


def _reply(engine: StepAudioChatBackend, history: list[ChatMessage], **kw: object) -> tuple[list[str], dict]:
    deltas: list[str] = []
    meta: dict = {}
    for event in engine.chat(history, CancelToken(), **kw):  # type: ignore[arg-type]
        if isinstance(event, ChatDelta):
            deltas.append(event.text)
        else:
            assert isinstance(event, ChatFinished)
            meta = dict(event.metadata)
    return deltas, meta


def test_protocols_manifest_and_audio_mode() -> None:
    engine = StepAudioChatBackend("http://127.0.0.1:9/v1/")
    assert isinstance(engine, Backend) and isinstance(engine, SupportsChat)
    assert engine.url == "http://127.0.0.1:9"
    m = engine.manifest
    assert m.chat and not m.tokenize and m.hardware.device == "remote" and engine.voices() == []
    audio = engine.audio_input()
    assert not audio.available and "tokenizer" in audio.reason and audio.fix
    with pytest.raises(InvalidRequest, match="does not speak"):
        engine.synthesize(SynthesisRequest("hello"), CancelToken())


def test_a_streamed_reply_arrives_as_deltas(standin: tuple[StandIn, str]) -> None:
    s, url = standin
    engine = StepAudioChatBackend(url)
    assert engine.availability().available
    engine.load()
    deltas, meta = _reply(engine, [ChatMessage("system", "Be brief."),
                                   ChatMessage("user", "tell me about the weather")],
                          temperature=0.5, top_p=0.8, max_tokens=12)
    assert len(deltas) >= 2  # streamed word by word, not one block
    words = "".join(deltas).split()
    assert words and all(w in CORPUS.split() for w in words)  # the bigram model's own words
    assert meta["finish_reason"] == "stop" and meta["mode"] == "text" and meta["characters"] > 0
    sent = s.received[-1]
    assert sent["stream"] is True and sent["model"] == "step-audio-chat"
    assert (sent["temperature"], sent["top_p"], sent["max_tokens"]) == (0.5, 0.8, 12)
    assert sent["messages"] == [{"role": "system", "content": "Be brief."},
                                {"role": "user", "content": "tell me about the weather"}]


def test_past_audio_turns_are_sent_as_transcripts(standin: tuple[StandIn, str]) -> None:
    s, url = standin
    history = [
        ChatMessage("user", "", audio_tokens=TOKENS, transcript="what is the weather today"),
        ChatMessage("assistant", "the weather today is sunny ."),
        ChatMessage("user", "and in the city", audio_tokens=TOKENS, transcript="and in the city"),
    ]
    _, meta = _reply(StepAudioChatBackend(url), history)
    sent = s.received[-1]["messages"]
    assert sent[0] == {"role": "user", "content": "what is the weather today"}
    assert sent[1] == {"role": "assistant", "content": "the weather today is sunny ."}
    # audio mode is unavailable (no tokenizer yet), so the current turn goes as its transcript too
    assert sent[2] == {"role": "user", "content": "and in the city"}
    assert "<audio_" not in str(sent) and meta["transcribed_turns"] == 1 and meta["mode"] == "text"
    # once a tokenizer exists, only the latest spoken turn travels as audio tokens
    audio = build_messages(history, audio=True)
    assert audio[0]["content"] == "what is the weather today" and audio[2]["content"] == TOKENS


def test_history_that_cannot_be_sent_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="empty"):
        build_messages([])
    with pytest.raises(InvalidRequest, match="end with the user"):
        build_messages([ChatMessage("user", "hi"), ChatMessage("assistant", "hello")])
    with pytest.raises(InvalidRequest, match="no transcript"):
        build_messages([ChatMessage("user", "", audio_tokens=TOKENS), ChatMessage("user", "hi")])
    with pytest.raises(InvalidRequest, match="outside"):
        build_messages([ChatMessage("user", "", audio_tokens="<audio_9999>")], audio=True)
    with pytest.raises(InvalidRequest, match="nothing else"):
        build_messages([ChatMessage("user", "", audio_tokens="hi <audio_1>")], audio=True)
    with pytest.raises(ValueError, match="role"):
        ChatMessage("human", "hi")  # type: ignore[arg-type]


def test_cancel_mid_reply_closes_the_stream(standin: tuple[StandIn, str]) -> None:
    s, url = standin
    s.delay = 0.05
    cancel = CancelToken()
    events = StepAudioChatBackend(url).chat([ChatMessage("user", "the studio")], cancel, max_tokens=200)
    first = next(events)
    assert isinstance(first, ChatDelta)
    cancel.cancel()
    with pytest.raises(Cancelled):
        next(events)
    assert s.stream_ended_early.wait(5)  # the server saw the client leave and stopped generating


def test_dead_server_is_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once closed
    engine = StepAudioChatBackend(f"http://127.0.0.1:{port}", timeout=2)
    state = engine.availability()
    assert not state.available and "nothing answered" in state.reason and "vllm serve" in state.fix
    with pytest.raises(BackendUnavailable, match="Cannot reach a chat server"):
        engine.chat([ChatMessage("user", "hi")], CancelToken())


def test_wrong_key_and_wrong_model() -> None:
    s = StandIn(key="secret")
    with StandInServer(s) as server:
        wrong = StepAudioChatBackend(server.url, key="guess")
        state = wrong.availability()
        assert not state.available and "refused the key" in state.reason and "--api-key" in state.fix
        with pytest.raises(BackendUnavailable, match=r"refused the key .*HTTP 401: Unauthorized"):
            wrong.chat([ChatMessage("user", "hi")], CancelToken())
        right = StepAudioChatBackend(server.url, key="secret")
        assert right.availability().available
        other = StepAudioChatBackend(server.url, model="llama", key="secret")
        state = other.availability()
        assert not state.available and "does not serve 'llama'" in state.reason
        assert "step-audio-chat" in state.reason
        with pytest.raises(BackendUnavailable, match="HTTP 404: The model `llama` does not exist"):
            other.chat([ChatMessage("user", "hi")], CancelToken())


@pytest.mark.parametrize(("mode", "message"), [
    ("malformed", "malformed stream"),
    ("empty", "empty reply .*Step1"),
    ("fail", r"failed \(HTTP 500: CUDA out of memory\)"),
    ("error-event", "failed during the reply: the engine died"),
])
def test_faults_are_clear_errors(standin: tuple[StandIn, str], mode: str, message: str) -> None:
    s, url = standin
    s.mode = mode
    engine = StepAudioChatBackend(url)
    with pytest.raises(BackendError, match=message) as caught:
        _reply(engine, [ChatMessage("user", "the model")])
    assert "\n" not in str(caught.value)


def test_a_server_that_is_not_openai_compatible(standin: tuple[StandIn, str]) -> None:
    _, url = standin
    engine = StepAudioChatBackend(url + "/nowhere")
    state = engine.availability()
    assert not state.available and "HTTP 404" in state.reason


def test_build_messages_keeps_tool_turns() -> None:
    from backends.base import ToolCallRequest

    call = ToolCallRequest("call_1", "calculator", '{"expression": "6*7"}')
    sent = build_messages([ChatMessage("user", "six times seven?"),
                           ChatMessage("assistant", "", tool_calls=(call,)),
                           ChatMessage("tool", "42", tool_call_id="call_1")])
    assert sent[1] == {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_1", "type": "function",
         "function": {"name": "calculator", "arguments": '{"expression": "6*7"}'}}]}
    assert sent[2] == {"role": "tool", "content": "42", "tool_call_id": "call_1"}
