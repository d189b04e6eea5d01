from __future__ import annotations

import pytest

from backends.base import BackendError, ChatMessage, ToolCallRequest
from backends.remote.openai_tools import ToolCallAssembler, message_json

CALL = ToolCallRequest("call_9", "calculator", '{"expression": "1+1"}')


def test_streamed_pieces_become_complete_calls_in_index_order() -> None:
    calls = ToolCallAssembler()
    calls.feed([{"index": 1, "id": "b", "type": "function", "function": {"name": "date", "arguments": ""}}])
    calls.feed([{"index": 0, "id": "a", "type": "function", "function": {"name": "calculator"}}])
    calls.feed([{"index": 0, "function": {"arguments": '{"expression": '}}])
    calls.feed([{"index": 0, "function": {"arguments": '"2*3"}'}}])
    calls.feed(None)
    assert calls.calls() == [ToolCallRequest("a", "calculator", '{"expression": "2*3"}'),
                             ToolCallRequest("b", "date", "{}")]


def test_malformed_pieces_are_refused() -> None:
    with pytest.raises(BackendError, match="not a list"):
        ToolCallAssembler().feed({"index": 0})
    nameless = ToolCallAssembler()
    nameless.feed([{"index": 0, "function": {"arguments": "{}"}}])
    with pytest.raises(BackendError, match="without naming"):
        nameless.calls()


def test_messages_carry_calls_and_results() -> None:
    asked = message_json(ChatMessage("assistant", "", tool_calls=(CALL,)), "")
    assert asked == {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_9", "type": "function", "function": {"name": "calculator",
                                                           "arguments": '{"expression": "1+1"}'}}]}
    assert message_json(ChatMessage("tool", "2", tool_call_id="call_9"), "2") == \
        {"role": "tool", "content": "2", "tool_call_id": "call_9"}


def test_chat_message_checks_tool_fields() -> None:
    with pytest.raises(ValueError):
        ChatMessage("tool", "2")
    with pytest.raises(ValueError):
        ChatMessage("user", "x", tool_calls=(CALL,))
    with pytest.raises(ValueError):
        ChatMessage("user", "x", tool_call_id="call_9")
