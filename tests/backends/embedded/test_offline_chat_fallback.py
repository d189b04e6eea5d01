"""A tool call the offline model garbles is not the user's answer: the turn is asked again without
tools (OfflineChat._reply_or_plain), with the garbled text kept in the reply's metadata."""

from __future__ import annotations

from typing import Any

from backends.base import CancelToken, ChatDelta, ChatFinished, ChatMessage
from backends.embedded.chat import OfflineChat
from backends.embedded.chat_text import MALFORMED_TOOL_CALL

TOOL = {"type": "function", "function": {"name": "current_time", "parameters": {"type": "object"}}}


def test_a_garbled_call_is_asked_again_without_tools(monkeypatch: Any) -> None:
    chat = OfflineChat()
    asked: list[dict[str, Any]] = []

    def reply(request: dict[str, Any], tools: Any, cancel: CancelToken) -> Any:
        asked.append(request)
        if "tools" in request:
            yield ChatDelta("Let me check. ")
            yield ChatDelta(MALFORMED_TOOL_CALL)
            yield ChatFinished({"malformed_tool_call": '{"name": "current_'})
        else:
            yield ChatDelta("Paris.")
            yield ChatFinished({"finish_reason": "stop"})

    monkeypatch.setattr(chat, "_reply", reply)
    events = list(chat.chat([ChatMessage("user", "What is the capital of France?")], CancelToken(),
                            tools=[TOOL]))
    text = "".join(e.text for e in events if isinstance(e, ChatDelta))
    assert text == "Let me check. Paris." and MALFORMED_TOOL_CALL not in text
    assert len(asked) == 2 and "tools" in asked[0] and "tools" not in asked[1]
    assert asked[1]["messages"] != asked[0]["messages"]  # asked plainly: no tool guidance in the turn
    finished = [e for e in events if isinstance(e, ChatFinished)]
    assert len(finished) == 1 and finished[0].metadata["asked_again_without_tools"] is True
    assert finished[0].metadata["malformed_tool_call"] == '{"name": "current_'


def test_a_readable_reply_is_not_asked_twice(monkeypatch: Any) -> None:
    chat = OfflineChat()
    calls: list[int] = []

    def reply(request: dict[str, Any], tools: Any, cancel: CancelToken) -> Any:
        calls.append(1)
        yield ChatDelta("Paris.")
        yield ChatFinished({})

    monkeypatch.setattr(chat, "_reply", reply)
    list(chat.chat([ChatMessage("user", "Capital of France?")], CancelToken(), tools=[TOOL]))
    assert calls == [1]
