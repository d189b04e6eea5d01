from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

from backends.base import BackendUnavailable, CancelToken, ChatDelta, ChatFinished, ChatMessage
from studio.conversation.models import (
    ChatModelEngine,
    EngineChat,
    OpenAICompatibleChat,
    ToolCallRequest,
    ToolExchange,
    TransformersChat,
)

HISTORY = [ChatMessage("system", "be brief"), ChatMessage("user", "hello there")]


def test_transformers_chat_streams(tiny_lm_dir: Any) -> None:
    events = list(TransformersChat(tiny_lm_dir).chat(HISTORY, CancelToken(), max_tokens=12))
    deltas = [e for e in events if isinstance(e, ChatDelta)]
    assert len(deltas) >= 5 and isinstance(events[-1], ChatFinished)
    assert all(isinstance(e, (ChatDelta, ChatFinished)) for e in events)


def test_transformers_chat_stops_when_cancelled(tiny_lm_dir: Any) -> None:
    cancel = CancelToken()
    got = 0
    with pytest.raises(Exception) as info:
        for _event in TransformersChat(tiny_lm_dir).chat(HISTORY, cancel, max_tokens=400):
            got += 1
            if got == 3:
                cancel.cancel()
    assert type(info.value).__name__ == "Cancelled" and got == 3


def test_our_server_serves_the_local_model(lm_server: Any) -> None:
    chat = OpenAICompatibleChat(lm_server.url + "/v1", "tiny-chat")
    assert chat.availability().available
    events = list(chat.chat(HISTORY, CancelToken(), max_tokens=10))
    assert sum(isinstance(e, ChatDelta) for e in events) >= 3 and isinstance(events[-1], ChatFinished)
    assert not OpenAICompatibleChat(lm_server.url, "nope").availability().available


def test_engine_chat_wraps_a_chat_engine(tiny_lm_dir: Any) -> None:
    engine = ChatModelEngine(TransformersChat(tiny_lm_dir))
    chat = EngineChat(engine)
    events = list(chat.chat(HISTORY, CancelToken(), max_tokens=6,
                            exchanges=[ToolExchange(ToolCallRequest("c1", "calculator", "{}"), "4")]))
    assert isinstance(events[-1], ChatFinished) and any(isinstance(e, ChatDelta) for e in events)


def test_unreachable_server_says_so() -> None:
    chat = OpenAICompatibleChat("http://127.0.0.1:9", "m", timeout=1)
    with pytest.raises(BackendUnavailable):
        list(chat.chat(HISTORY, CancelToken()))


# --- tool-call deltas, from a server that streams them the way OpenAI and vLLM do ------------------


def _tool_server() -> tuple[Any, list[dict[str, Any]]]:
    app = FastAPI()
    seen: list[dict[str, Any]] = []

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> StreamingResponse:
        body = await request.json()
        seen.append(body)

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            obj = {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            return f"data: {json.dumps(obj)}\n\n".encode()

        def events() -> Iterator[bytes]:
            if body["messages"][-1]["role"] == "tool":
                yield chunk({"content": "It is "})
                yield chunk({"content": body["messages"][-1]["content"] + "."}, "stop")
            else:
                yield chunk({"content": "One moment."})
                yield chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                             "function": {"name": "calculator", "arguments": ""}}]})
                yield chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"expression": '}}]})
                yield chunk({"tool_calls": [{"index": 0, "function": {"arguments": '"6*7"}'}}]}, "tool_calls")
            yield b"data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app, seen


class _Serve:
    def __init__(self, app: Any) -> None:
        import socket

        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> _Serve:
        import time

        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(5)


@pytest.fixture(scope="module")
def tool_server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    app, seen = _tool_server()
    with _Serve(app) as s:
        yield s.url, seen


def test_streamed_tool_calls_are_assembled_and_results_sent_back(tool_server: Any) -> None:
    url, seen = tool_server
    chat = OpenAICompatibleChat(url + "/v1", "m")
    tools = [{"type": "function", "function": {"name": "calculator", "parameters": {"type": "object"}}}]
    first = list(chat.chat(HISTORY, CancelToken(), tools=tools))
    assert first[0] == ChatDelta("One moment.")
    call = first[1]
    assert call == ToolCallRequest("call_1", "calculator", '{"expression": "6*7"}')
    assert seen[-1]["tools"] == tools
    second = list(chat.chat(HISTORY, CancelToken(), tools=tools,
                            exchanges=[ToolExchange(call, "42", "One moment.")]))
    assert "".join(e.text for e in second if isinstance(e, ChatDelta)) == "It is 42."
    sent = seen[-1]["messages"]
    assert sent[-2]["tool_calls"][0]["id"] == "call_1"
    assert sent[-1] == {"role": "tool", "tool_call_id": "call_1", "content": "42"}


# --- tool calls from a local model, end to end through our engine server -----------------------------

CALC = [{"type": "function", "function": {"name": "calculator", "description": "arithmetic",
                                          "parameters": {"type": "object",
                                                         "properties": {"expression": {"type": "string"}}}}}]
ASK = [ChatMessage("user", "what is six times seven")]
WANTED = ToolCallRequest("call_0", "calculator", '{"expression": "6*7"}')


def _text(events: list[Any]) -> str:
    return "".join(e.text for e in events if isinstance(e, ChatDelta))


def test_transformers_chat_parses_hermes_tool_calls(tool_lm_dir: Any) -> None:
    chat = TransformersChat(tool_lm_dir)
    assert chat.tool_format == "hermes"
    first = list(chat.chat(ASK, CancelToken(), tools=CALC, temperature=0))
    assert [e for e in first if isinstance(e, ToolCallRequest)] == [WANTED]
    assert _text(first).strip() == "one moment ." and "<tool_call>" not in _text(first)
    assert first[-1].metadata["finish_reason"] == "tool_calls"
    second = list(chat.chat(ASK, CancelToken(), tools=CALC, temperature=0,
                            exchanges=[ToolExchange(WANTED, "42", "one moment.")]))
    assert _text(second).strip() == "it is forty-two"
    assert not any(isinstance(e, ToolCallRequest) for e in second)
    # without tools offered nothing is parsed: the model's text comes through as written
    plain = list(chat.chat(ASK, CancelToken(), temperature=0))
    assert "<tool_call>" in _text(plain) and not any(isinstance(e, ToolCallRequest) for e in plain)


def test_unknown_template_gets_tool_turns_as_text(tiny_lm_dir: Any) -> None:
    chat = TransformersChat(tiny_lm_dir)
    assert chat.tool_format is None
    prompt = chat._prompt([*ASK, ChatMessage("assistant", "", tool_calls=(WANTED,)),
                           ChatMessage("tool", "42", tool_call_id="call_0")], CALC)
    assert "[called calculator(" in prompt and "[result of calculator: 42]" in prompt


def test_tool_calls_through_our_server_reach_both_clients(tool_lm_server: Any) -> None:
    from backends.remote.step_chat import StepAudioChatBackend

    chat = OpenAICompatibleChat(tool_lm_server.url + "/v1", "tool-chat")
    first = list(chat.chat(ASK, CancelToken(), tools=CALC, temperature=0))
    calls = [e for e in first if isinstance(e, ToolCallRequest)]
    assert [(c.name, c.arguments) for c in calls] == [(WANTED.name, WANTED.arguments)]
    assert first[-1].metadata["finish_reason"] == "tool_calls"
    second = list(chat.chat(ASK, CancelToken(), tools=CALC, temperature=0,
                            exchanges=[ToolExchange(calls[0], "42", _text(first))]))
    assert _text(second).strip() == "it is forty-two"
    # the engine client (SupportsChat) sends the same history as tool turns and gets the same call
    engine = StepAudioChatBackend(tool_lm_server.url, model="tool-chat")
    events = list(engine.chat(ASK, CancelToken(), tools=CALC, temperature=0))
    assert [e for e in events if isinstance(e, ToolCallRequest)] == calls
    follow = [*ASK, ChatMessage("assistant", "one moment.", tool_calls=tuple(calls)),
              ChatMessage("tool", "42", tool_call_id=calls[0].id)]
    assert _text(list(engine.chat(follow, CancelToken(), tools=CALC, temperature=0))).strip() == \
        "it is forty-two"
    engine_chat = EngineChat(engine)
    assert _text(list(engine_chat.chat(ASK, CancelToken(), tools=CALC, temperature=0, exchanges=[
        ToolExchange(calls[0], "42", "one moment.")]))).strip() == "it is forty-two"
