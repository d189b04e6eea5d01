"""The offline chat model for real (Qwen2.5-Coder-0.5B in its own process): a short conversation in
English and Mandarin with a persona, a tool call end to end, cancel, a stalled model, the length cap,
and the engine hook (EmbeddedChatting) as the embedded engine takes it on."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator

import pytest

from backends.base import (
    Cancelled,
    CancelToken,
    ChatDelta,
    ChatFinished,
    ChatMessage,
    InvalidRequest,
    SupportsChat,
    ToolCallRequest,
)
from backends.embedded import chat_weights
from backends.embedded.chat import EmbeddedChatting, OfflineChat, with_chat
from backends.embedded.manifest import build_manifest

pytestmark = pytest.mark.skipif(not chat_weights.installed(),
                                reason="the offline chat model is not installed")

TOOLS = [{"type": "function", "function": {
    "name": "calculator", "description": "Evaluate an arithmetic expression exactly.",
    "parameters": {"type": "object", "properties": {"expression": {"type": "string"}},
                   "required": ["expression"]}}},
    {"type": "function", "function": {"name": "current_time", "description": "The current local time of day.",
                                      "parameters": {"type": "object", "properties": {}}}}]
BRIEF = ChatMessage("system", "You are a helpful voice assistant. Answer in one or two short sentences, "
                              "in the user's language.")


@pytest.fixture(scope="module")
def model() -> Iterator[OfflineChat]:
    m = OfflineChat()
    m.start()
    yield m
    m.close()


def reply(model: OfflineChat, history: list[ChatMessage], **kw: object) -> tuple[str, list, dict]:
    events = list(model.chat(history, CancelToken(), temperature=0.0, **kw))  # type: ignore[arg-type]
    assert isinstance(events[-1], ChatFinished)
    text = "".join(e.text for e in events if isinstance(e, ChatDelta))
    return text, [e for e in events if isinstance(e, ToolCallRequest)], dict(events[-1].metadata)


def test_english_and_mandarin_with_a_persona(model: OfflineChat) -> None:
    assert model.load_seconds is not None and model.load_seconds < 30
    hook = ChatMessage("system", "You are Captain Hook, a pirate. Answer in one short sentence.")
    text, calls, meta = reply(model, [hook, ChatMessage("user", "What is your name?")])
    assert "hook" in text.lower() and not calls
    assert meta["first_token_s"] is not None and meta["first_token_s"] < 10 and meta["pieces"] >= 2
    text, _, _ = reply(model, [BRIEF, ChatMessage("user", "中国的首都是哪里？")])
    assert "北京" in text
    first = [BRIEF, ChatMessage("user", "My name is Lena. Please remember it.")]
    said, _, _ = reply(model, first)
    text, _, _ = reply(model, [*first, ChatMessage("assistant", said),
                               ChatMessage("user", "What is my name?")])
    assert "Lena" in text


def test_a_tool_call_end_to_end(model: OfflineChat) -> None:
    question = ChatMessage("user", "What is 37 times 91? Use the calculator.")
    text, calls, meta = reply(model, [BRIEF, question], tools=TOOLS)
    assert [c.name for c in calls] == ["calculator"] and meta["finish_reason"] == "tool_calls"
    expression = json.loads(calls[0].arguments)["expression"]
    assert "37" in expression and "91" in expression and not text.strip()
    asked = ChatMessage("assistant", text, tool_calls=tuple(calls))
    result = ChatMessage("tool", "3367", tool_call_id=calls[0].id)
    answer, more, _ = reply(model, [BRIEF, question, asked, result], tools=TOOLS)
    assert "3367" in answer.replace(",", "") and "{" not in answer and not more


def test_cancel_stops_the_reply_and_the_model_answers_again(model: OfflineChat) -> None:
    token = CancelToken()
    deltas = 0
    with pytest.raises(Cancelled):
        for event in model.chat([ChatMessage("user", "Count from 1 to 300, separated by commas.")], token):
            deltas += isinstance(event, ChatDelta)
            if deltas == 3:
                started = time.monotonic()
                token.cancel()
    assert time.monotonic() - started < 1.0 and model.running
    text, _, _ = reply(model, [ChatMessage("user", "Say hello.")])
    assert text.strip()


def test_a_stalled_model_is_ended_on_cancel_and_restarted(model: OfflineChat) -> None:
    token = CancelToken()
    assert model._process is not None
    pid = model._process.pid
    with pytest.raises(Cancelled):
        for event in model.chat([ChatMessage("user", "Count from 1 to 300, separated by commas.")], token):
            if isinstance(event, ChatDelta):
                os.kill(pid, signal.SIGSTOP)  # the model hangs mid-reply
                started = time.monotonic()
                token.cancel()
    assert time.monotonic() - started < 6.0
    assert model._process is None or model._process.pid != pid  # ended, not left hanging
    text, _, _ = reply(model, [ChatMessage("user", "Say hello.")])
    assert text.strip() and model._process is not None and model._process.pid != pid


def test_a_reply_that_never_ends_is_capped(model: OfflineChat) -> None:
    capped = OfflineChat(max_reply_tokens=24)
    capped._process, capped._inbox = model._process, model._inbox  # the same running model
    _, _, meta = reply(capped, [ChatMessage("user", "Count from 1 to 2000, separated by commas.")],
                       max_tokens=100_000)
    capped._process = None
    assert meta["finish_reason"] == "length" and meta["pieces"] <= 24


def test_a_history_that_cannot_be_answered_is_refused_before_anything_runs(model: OfflineChat) -> None:
    with pytest.raises(InvalidRequest, match="user's turn"):
        model.chat([BRIEF, ChatMessage("assistant", "Hi")], CancelToken())


def test_the_engine_hook_declares_and_delegates() -> None:
    """The lines backends/embedded/engine.py takes: the mixin and `with_chat` on its manifest."""
    class Engine(EmbeddedChatting):
        manifest = with_chat(build_manifest())

    engine = Engine()
    assert engine.manifest.chat and isinstance(engine, SupportsChat)
    text = "".join(e.text for e in engine.chat([ChatMessage("user", "Say hello.")], CancelToken())
                   if isinstance(e, ChatDelta))
    assert text.strip()
    engine.unload_chat()
    assert not engine.offline_chat.running


def test_a_mandarin_tool_call_is_answered_in_mandarin(model: OfflineChat) -> None:
    question = ChatMessage("user", "今天星期几？")
    today = [{"type": "function", "function": {
        "name": "current_date", "description": "Today's date and weekday.",
        "parameters": {"type": "object", "properties": {}}}}]
    _, calls, _ = reply(model, [question], tools=today)
    assert [(c.name, c.arguments) for c in calls] == [("current_date", "{}")]
    asked = ChatMessage("assistant", "", tool_calls=tuple(calls))
    result = ChatMessage("tool", "Saturday, 05 December 2026", tool_call_id=calls[0].id)
    answer, _, _ = reply(model, [question, asked, result], tools=today)
    assert "星期六" in answer and "{" not in answer
