"""Tool calls the offline model writes as text: the shapes it was seen to write, split anywhere by
streaming, and the fallbacks (plain JSON answers pass through; unreadable calls become a sentence)."""

from __future__ import annotations

import json

from backends.base import ChatDelta, ToolCallRequest
from backends.embedded.chat_text import MALFORMED_TOOL_CALL, ToolText

TOOLS = [{"type": "function", "function": {"name": "calculator", "parameters": {
    "type": "object", "properties": {"expression": {"type": "string"}}, "required": ["expression"]}}},
    {"type": "function", "function": {"name": "current_time", "parameters": {"type": "object",
                                                                             "properties": {}}}}]


def run(text: str, tools: list | None = TOOLS, step: int = 3) -> tuple[ToolText, list]:
    parser = ToolText(tools)
    out = []
    for i in range(0, len(text), step):
        out += parser.feed(text[i:i + step])
    return parser, out + parser.finish()


def calls(events: list) -> list[tuple[str, dict]]:
    return [(e.name, json.loads(e.arguments)) for e in events if isinstance(e, ToolCallRequest)]


def text(events: list) -> str:
    return "".join(e.text for e in events if isinstance(e, ChatDelta))


def test_bare_fenced_and_tagged_calls() -> None:
    for written in ('{"name": "calculator", "arguments": {"expression": "37 * 91"}}',
                    '```json\n{"name": "calculator", "arguments": {"expression": "37 * 91"}}\n```',
                    '<tool_call>\n{"name": "calculator", "arguments": "{\\"expression\\": \\"37 * 91\\"}"}'
                    '\n</tool_call>'):
        _, events = run(written)
        assert calls(events) == [("calculator", {"expression": "37 * 91"})] and not text(events), written


def test_text_then_a_tagged_call_streams_the_text_first() -> None:
    _, events = run('Let me check. <tool_call>{"name": "current_time", "arguments": {}}</tool_call>')
    assert isinstance(events[0], ChatDelta) and text(events) == "Let me check. "
    assert calls(events) == [("current_time", {})]


def test_schema_pieces_and_invented_arguments_are_dropped() -> None:
    _, events = run('{"name": "calculator", "arguments": {"expression": "1+1", "required": ["expression"]}}'
                    '\n{"name": "current_time", "arguments": {"type": "object", "properties": {}}}')
    assert calls(events) == [("calculator", {"expression": "1+1"}), ("current_time", {})]


def test_plain_answers_stream_and_json_answers_pass_through() -> None:
    _, events = run("The capital of France is Paris.")
    assert text(events) == "The capital of France is Paris." and not calls(events)
    assert len(events) > 2  # streamed, not held to the end
    _, events = run('{"city": "Paris"}')
    assert text(events) == '{"city": "Paris"}' and not calls(events)
    _, events = run('{"name": "calculator"}', tools=None)  # no tools offered: never a call
    assert text(events) == '{"name": "calculator"}'


def test_unreadable_or_unknown_calls_become_one_sentence() -> None:
    for written in ('{"name": "weather", "arguments": {"city": "Paris"}}',
                    '{"name": "calculator", "arguments": {"expression": "1+',  # cut by the length cap
                    '<tool_call>not json</tool_call>'):
        parser, events = run(written)
        assert text(events) == MALFORMED_TOOL_CALL and not calls(events), written
        assert parser.malformed == written
