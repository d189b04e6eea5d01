"""`step-studio serve` offers the offline chat model on /v1/chat/completions when the embedded
engine declares chat: the real server on loopback, spoken to with the official openai client,
streamed and whole, with a tool call and the tool's result sent back."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backends.embedded import EmbeddedBackend, chat_weights

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer  # noqa: E402

openai = pytest.importorskip("openai")
pytestmark = pytest.mark.skipif(not chat_weights.installed(),
                                reason="the offline chat model is not installed")
CALCULATOR = {"type": "function", "function": {
    "name": "calculator", "description": "Evaluate an arithmetic expression exactly.",
    "parameters": {"type": "object", "properties": {"expression": {"type": "string"}},
                   "required": ["expression"]}}}


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    engine = EmbeddedBackend(preload_kokoro=False)
    assert engine.manifest.chat  # the model is installed, so the engine declares chat
    with ThreadServer({"embedded": engine}, heartbeat_s=0.5) as server:
        yield openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60)
    engine.unload_chat()


def test_streamed_and_whole_replies(client: object) -> None:
    messages = [{"role": "system", "content": "You are a helpful assistant. Answer in one short sentence."},
                {"role": "user", "content": "What is the capital of France?"}]
    chunks = list(client.chat.completions.create(  # type: ignore[attr-defined]
        model="embedded", messages=messages, stream=True, temperature=0))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "Paris" in text and sum(bool(c.choices and c.choices[0].delta.content) for c in chunks) > 2
    assert chunks[-1].choices[0].finish_reason == "stop"
    whole = client.chat.completions.create(  # type: ignore[attr-defined]
        model="embedded", messages=[{"role": "user", "content": "中国的首都是哪里？"}], temperature=0)
    assert "北京" in whole.choices[0].message.content


def test_a_tool_call_and_its_result(client: object) -> None:
    user = {"role": "user", "content": "What is 37 times 91? Use the calculator."}
    chunks = list(client.chat.completions.create(  # type: ignore[attr-defined]
        model="embedded", messages=[user], stream=True, tools=[CALCULATOR], temperature=0))
    calls = [t for c in chunks if c.choices for t in c.choices[0].delta.tool_calls or ()]
    assert [c.function.name for c in calls] == ["calculator"]
    assert chunks[-1].choices[0].finish_reason == "tool_calls"
    expression = json.loads(calls[0].function.arguments)["expression"]
    assert "37" in expression and "91" in expression
    follow = client.chat.completions.create(  # type: ignore[attr-defined]
        model="embedded", tools=[CALCULATOR], temperature=0, messages=[
            user, {"role": "assistant", "content": None, "tool_calls": [
                {"id": calls[0].id, "type": "function",
                 "function": {"name": "calculator", "arguments": calls[0].function.arguments}}]},
            {"role": "tool", "tool_call_id": calls[0].id, "content": "3367"}])
    assert "3367" in follow.choices[0].message.content.replace(",", "")
