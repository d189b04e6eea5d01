"""The engine server's /v1/chat/completions and /v1/audio/transcriptions, started for real on
loopback and spoken to with the official openai client and httpx. The chat engine behind it is
StepAudioChatBackend, talking to a real OpenAI-compatible stand-in for vLLM (a bigram model)."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2] / "backends" / "remote"))
from _chat_standin import CORPUS, StandIn, StandInServer  # noqa: E402
from remote_doubles import ThreadServer, ToneEngine  # noqa: E402

from backends.remote.step_chat import StepAudioChatBackend  # noqa: E402

openai = pytest.importorskip("openai")
DATA = HERE.parents[2] / "data"
TRANSCRIPT = "His political stance was conservative, and he was particularly close to margaret thatcher."
TOKENS = "<audio_12><audio_300><audio_1100>"


def wer(reference: str, hypothesis: str) -> float:
    ref = re.sub(r"[^\w\s']", " ", reference.lower()).split()
    hyp = re.sub(r"[^\w\s']", " ", hypothesis.lower()).split()
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / max(1, len(ref))


@pytest.fixture
def standin() -> Iterator[tuple[StandIn, str]]:
    s = StandIn()
    with StandInServer(s) as server:
        yield s, server.url


@pytest.fixture
def server(standin: tuple[StandIn, str]) -> Iterator[ThreadServer]:
    engines = {"tone": ToneEngine(), "step-audio-chat": StepAudioChatBackend(standin[1])}
    with ThreadServer(engines, heartbeat_s=0.2, max_body_bytes=1_000_000, max_takes_per_engine=2) as s:
        yield s


def _client(server: ThreadServer) -> object:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)


def test_transcription_with_the_openai_client(server: ThreadServer) -> None:
    client = _client(server)
    with open(DATA / "zero_shot_en_prompt.wav", "rb") as f:
        result = client.audio.transcriptions.create(model="whisper-tiny.en", file=f)
    assert wer(TRANSCRIPT, result.text) <= 0.20, result.text
    with open(DATA / "zero_shot_en_prompt.wav", "rb") as f:
        text = client.audio.transcriptions.create(model="whisper-tiny.en", file=f, response_format="text")
    assert wer(TRANSCRIPT, str(text)) <= 0.20
    with open(DATA / "zero_shot_en_prompt.wav", "rb") as f:
        verbose = client.audio.transcriptions.create(model="whisper-tiny.en", file=f,
                                                     response_format="verbose_json", language="en")
    assert verbose.language == "en" and verbose.duration == pytest.approx(5.0, abs=0.2)
    assert verbose.segments and verbose.segments[0].end > verbose.segments[0].start


def test_transcription_refusals(server: ThreadServer) -> None:
    wav = (DATA / "zero_shot_en_prompt.wav").read_bytes()
    url = f"{server.url}/v1/audio/transcriptions"

    def post(files: dict | None = None, data: dict | None = None, **kw: object) -> tuple[int, str, str]:
        r = httpx.post(url, files=files, data=data, **kw)  # type: ignore[arg-type]
        body = r.json()["error"]
        return r.status_code, body["code"], body["message"]

    status, code, message = post({"file": ("a.wav", wav)}, {"model": "whisper-9"})
    assert (status, code) == (400, "unknown-model") and "whisper-base" in message
    assert post({"model": (None, "whisper-tiny.en")})[2].startswith("The form needs a 'file'")
    assert "not 'application/x-www-form-urlencoded'" in post(data={"model": "whisper-base"})[2]
    status, code, message = post({"file": ("notes.wav", b"this is not audio")}, {"model": "whisper-base"})
    assert (status, code) == (400, "unreadable-audio") and message.startswith("notes.wav:")
    status, _, message = post({"file": ("a.wav", wav)}, {"model": "whisper-tiny.en", "language": "zh"})
    assert status == 400 and "only transcribes English" in message
    status, _, message = post(json={"model": "whisper-base"})
    assert status == 400 and "multipart/form-data" in message
    status, code, _ = post({"file": ("a.wav", b"")}, {"model": "whisper-base"})
    assert (status, code) == (400, "invalid-request")
    cut = httpx.post(url, content=b"--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper",
                     headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert cut.status_code == 400 and "cut short" in cut.json()["error"]["message"]


def test_huge_upload_is_refused_before_it_is_read() -> None:
    with ThreadServer({"tone": ToneEngine()}, max_upload_bytes=100_000) as s, \
            open(DATA / "zero_shot_en_prompt.wav", "rb") as f, pytest.raises(openai.APIStatusError) as caught:
        _client(s).audio.transcriptions.create(model="whisper-base", file=f)
    assert caught.value.status_code == 413 and "at most 100000 for an upload" in str(caught.value)


def test_chat_streams_through_the_server(server: ThreadServer, standin: tuple[StandIn, str]) -> None:
    s, _ = standin
    client = _client(server)
    stream = client.chat.completions.create(
        model="step-audio-chat", stream=True, max_tokens=10, temperature=0.4,
        messages=[{"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "tell me about the voice"}])
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    words = "".join(pieces).split()
    assert len([p for p in pieces if p]) >= 2 and all(w in CORPUS.split() for w in words)
    sent = s.received[-1]
    assert sent["model"] == "step-audio-chat" and sent["stream"] is True
    assert (sent["max_tokens"], sent["temperature"]) == (10, 0.4)
    assert sent["messages"][-1] == {"role": "user", "content": "tell me about the voice"}


def test_chat_whole_reply_and_spoken_turns(server: ThreadServer, standin: tuple[StandIn, str]) -> None:
    s, _ = standin
    reply = _client(server).chat.completions.create(
        model="step-audio-chat",
        messages=[{"role": "user", "content": "", "audio_tokens": TOKENS,  # type: ignore[misc]
                   "transcript": "what is the weather today"},
                  {"role": "assistant", "content": "sunny ."},
                  {"role": "developer", "content": "Answer in English."},
                  {"role": "user", "content": [{"type": "text", "text": "and in the city"}]}])
    assert reply.object == "chat.completion" and reply.choices[0].finish_reason == "stop"
    assert reply.choices[0].message.content
    assert s.received[-1]["messages"] == [
        {"role": "user", "content": "what is the weather today"},  # a past spoken turn: its transcript
        {"role": "assistant", "content": "sunny ."},
        {"role": "system", "content": "Answer in English."},
        {"role": "user", "content": "and in the city"}]


def test_chat_refusals(server: ThreadServer, standin: tuple[StandIn, str]) -> None:
    client = _client(server)
    user = [{"role": "user", "content": "hi"}]
    with pytest.raises(openai.BadRequestError, match=r"does not chat .*step-audio-chat"):
        client.chat.completions.create(model="tone", messages=user)
    with pytest.raises(openai.NotFoundError, match="no engine 'gpt-4o'"):
        client.chat.completions.create(model="gpt-4o", messages=user)
    with pytest.raises(openai.BadRequestError, match="end with the user"):
        client.chat.completions.create(model="step-audio-chat",
                                       messages=[*user, {"role": "assistant", "content": "x"}])
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="step-audio-chat", messages=[])
    standin[0].mode = "fail"
    with pytest.raises(openai.InternalServerError, match="HTTP 500: CUDA out of memory"):
        client.chat.completions.create(model="step-audio-chat", messages=user)
    standin[0].mode = "empty"
    with pytest.raises(openai.APIError, match="empty reply"):
        list(client.chat.completions.create(model="step-audio-chat", messages=user, stream=True))


def test_chat_engine_that_cannot_be_reached_is_503() -> None:
    with ThreadServer({"step-audio-chat": StepAudioChatBackend("http://127.0.0.1:9", timeout=1)},
                      load_on_start=False) as s:
        r = httpx.post(f"{s.url}/v1/chat/completions",
                       json={"model": "step-audio-chat", "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 503 and "Cannot reach a chat server" in r.json()["error"]["message"]


def test_leaving_a_streamed_chat_stops_the_upstream_reply(server: ThreadServer,
                                                          standin: tuple[StandIn, str]) -> None:
    s, _ = standin
    s.delay = 0.05
    body = {"model": "step-audio-chat", "stream": True, "max_tokens": 500,
            "messages": [{"role": "user", "content": "the studio"}]}
    with httpx.stream("POST", f"{server.url}/v1/chat/completions", json=body, timeout=10) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = r.iter_lines()
        seen = 0
        for line in lines:
            if '"content":"' in line and '"content":""' not in line:
                seen += 1
                if seen == 2:
                    break
    started = time.monotonic()
    # Measured on a 2-core EPYC: the upstream stops within 55 ms of the client leaving; 5 s is over
    # ten times that.
    assert s.stream_ended_early.wait(5), "the stand-in kept generating after the client left"
    assert time.monotonic() - started < 5


def test_openapi_lists_the_new_endpoints(server: ThreadServer) -> None:
    doc = httpx.get(f"{server.url}/openapi.json").json()
    form = doc["paths"]["/v1/audio/transcriptions"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert form["schema"]["required"] == ["file", "model"]
    assert "/v1/chat/completions" in doc["paths"]


class ToolChatEngine:
    """A chat engine double that asks for the calculator after a user turn and answers from the
    tool's result after a tool turn; it records the histories the server handed it."""

    def __init__(self) -> None:
        from backends.base import Manifest

        self.manifest = Manifest(id="tool-chat", name="Tool chat", version="", licence="", description="",
                                 languages=(), tags={}, streaming=True, chat=True)
        self.histories: list[list[object]] = []

    def availability(self) -> object:
        from backends.base import Availability

        return Availability(True)

    def load(self) -> None:
        pass

    def unload(self) -> None:
        pass

    def voices(self) -> list[object]:
        return []

    def synthesize(self, request: object, cancel: object) -> Iterator[object]:
        from backends.base import InvalidRequest

        raise InvalidRequest("this test engine only chats")

    def chat(self, history: list, cancel: object, **kwargs: object) -> Iterator[object]:
        from backends.base import ChatDelta, ChatFinished, ToolCallRequest

        self.histories.append(list(history))
        if history[-1].role == "tool":
            yield ChatDelta(f"It is {history[-1].text}.")
        else:
            yield ChatDelta("One moment.")
            yield ToolCallRequest("call_a", "calculator", '{"expression": "6*7"}')
            yield ToolCallRequest("call_b", "date", "{}")
        yield ChatFinished({"finish_reason": "stop"})


def test_chat_tool_calls_with_the_openai_client() -> None:
    from backends.base import ChatMessage, ToolCallRequest

    engine = ToolChatEngine()
    tools = [{"type": "function", "function": {"name": "calculator", "parameters": {"type": "object"}}}]
    user = {"role": "user", "content": "six times seven?"}
    with ThreadServer({"tool-chat": engine}, heartbeat_s=0.2) as s:
        client = _client(s)
        chunks = list(client.chat.completions.create(model="tool-chat", stream=True, tools=tools,
                                                     messages=[user]))
        deltas = [c.choices[0].delta for c in chunks if c.choices]
        pieces = [tc for d in deltas for tc in d.tool_calls or []]
        assert [(p.index, p.id, p.function.name, p.function.arguments) for p in pieces] == [
            (0, "call_a", "calculator", '{"expression": "6*7"}'), (1, "call_b", "date", "{}")]
        assert "".join(d.content or "" for d in deltas) == "One moment."
        assert chunks[-1].choices[0].finish_reason == "tool_calls"
        whole = client.chat.completions.create(model="tool-chat", tools=tools, messages=[user])
        message = whole.choices[0].message
        assert whole.choices[0].finish_reason == "tool_calls" and message.content == "One moment."
        assert [(c.id, c.function.name) for c in message.tool_calls] == [("call_a", "calculator"),
                                                                         ("call_b", "date")]
        follow = client.chat.completions.create(model="tool-chat", tools=tools, messages=[
            user, {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_a", "type": "function",
                 "function": {"name": "calculator", "arguments": '{"expression": "6*7"}'}}]},
            {"role": "tool", "tool_call_id": "call_a", "content": "42"}])
        assert follow.choices[0].message.content == "It is 42." and follow.choices[0].finish_reason == "stop"
        assert engine.histories[-1] == [
            ChatMessage("user", "six times seven?"),
            ChatMessage("assistant", "", tool_calls=(ToolCallRequest("call_a", "calculator",
                                                                     '{"expression": "6*7"}'),)),
            ChatMessage("tool", "42", tool_call_id="call_a")]
        bad = httpx.post(f"{s.url}/v1/chat/completions", json={
            "model": "tool-chat", "messages": [user, {"role": "tool", "content": "42"}]})
        assert bad.status_code == 400 and "tool_call_id" in bad.json()["error"]["message"]  # as OpenAI
