"""The one reader of OpenAI chat-completion SSE streams, fed the lines servers really send."""

from __future__ import annotations

import json

import pytest

from backends.base import BackendError, Cancelled, CancelToken
from backends.remote.openai_stream import ChatStream


def _data(obj: object) -> str:
    return "data: " + json.dumps(obj)


def _chunk(delta: dict, finish: str | None = None, **extra: object) -> str:
    return _data({"model": "m", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})


def test_text_tool_calls_usage_and_done() -> None:
    lines = [": keep-alive", "", "event: message", _chunk({"role": "assistant", "content": ""}),
             _chunk({"content": "Hello"}), "", _chunk({"content": " there"}),
             _chunk({"tool_calls": [{"index": 0, "id": "c1",
                                     "function": {"name": "clock", "arguments": "{"}}]}),
             _chunk({"tool_calls": [{"index": 0, "function": {"arguments": "}"}}]}, "tool_calls"),
             _data({"choices": [], "usage": {"completion_tokens": 3}}), "data: [DONE]",
             _chunk({"content": "x"})]
    reply = ChatStream("The chat server at here")
    assert list(reply.deltas(lines)) == ["Hello", " there"]
    assert reply.done and reply.ended and reply.finish_reason == "tool_calls" and reply.model == "m"
    assert reply.usage == {"completion_tokens": 3}
    [call] = reply.tool_calls()
    assert (call.id, call.name, call.arguments) == ("c1", "clock", "{}")


def test_a_stream_without_an_end_is_not_ended() -> None:
    reply = ChatStream("s")
    assert list(reply.deltas([_chunk({"content": "half"})])) == ["half"] and not reply.ended


@pytest.mark.parametrize(("line", "message"), [
    ("data: {not json", "an event is not JSON"),
    ("data: [1, 2]", "not a JSON object"),
    (_data({"object": "chunk"}), "has no 'choices'"),
    (_data({"choices": [{"index": 0}]}), "has no 'delta'"),
    (_chunk({"content": 5}), "content is not text"),
    (_data({"error": {"message": "GPU  on\nfire"}}), "failed during the reply: GPU on fire"),
])
def test_malformed_and_failing_streams_name_the_server(line: str, message: str) -> None:
    with pytest.raises(BackendError, match=message) as caught:
        list(ChatStream("The chat server at http://h").deltas([line]))
    assert str(caught.value).startswith("The chat server at http://h")


def test_cancel_is_noticed_between_lines() -> None:
    cancel = CancelToken()
    reply = ChatStream("s")
    pieces = reply.deltas([_chunk({"content": "a"}), _chunk({"content": "b"})], cancel)
    assert next(pieces) == "a"
    cancel.cancel()
    with pytest.raises(Cancelled):
        next(pieces)
