from __future__ import annotations

import pytest

from backends.base import ChatDelta, ToolCallRequest
from studio.conversation.tool_text import HermesToolCalls, template_tool_format

CALL = '<tool_call>\n{"name": "calculator", "arguments": {"expression": "6*7"}}\n</tool_call>'


def _run(pieces: list[str]) -> list[object]:
    parser = HermesToolCalls()
    out: list[object] = []
    for piece in pieces:
        out += parser.feed(piece)
    return out + parser.finish()


def _merged(events: list[object]) -> list[object]:
    out: list[object] = []
    for e in events:
        if isinstance(e, ChatDelta) and out and isinstance(out[-1], ChatDelta):
            out[-1] = ChatDelta(out[-1].text + e.text)
        else:
            out.append(e)
    return out


@pytest.mark.parametrize("size", [1, 2, 3, 5, 11, 1000])
def test_calls_are_found_however_the_text_is_split(size: int) -> None:
    text = "Let me check. " + CALL + " " + CALL.replace("6*7", "2+2")
    events = _merged(_run([text[i:i + size] for i in range(0, len(text), size)]))
    assert events == [ChatDelta("Let me check. "),
                      ToolCallRequest("call_0", "calculator", '{"expression": "6*7"}'), ChatDelta(" "),
                      ToolCallRequest("call_1", "calculator", '{"expression": "2+2"}')]


def test_text_that_only_looks_like_a_tag_is_kept() -> None:
    assert _merged(_run(["a <tool", "box> and <tool_c"])) == [ChatDelta("a <toolbox> and <tool_c")]


def test_a_call_without_its_closing_tag_still_counts_at_the_end() -> None:
    events = _run(['<tool_call>{"name": "time", "arguments": {}}'])
    assert events == [ToolCallRequest("call_0", "time", "{}")]


def test_malformed_json_is_kept_as_text_not_run() -> None:
    events = _merged(_run(["<tool_call>{not json}</tool_call>"]))
    assert events == [ChatDelta("<tool_call>{not json}</tool_call>")]


def test_template_format_is_recognised_only_when_taught() -> None:
    assert template_tool_format("... <tool_call>\n{...}\n</tool_call> ...") == "hermes"
    assert template_tool_format({"default": "x", "tool_use": "<tool_call>"}) == "hermes"
    assert template_tool_format("{{ messages }}") is None and template_tool_format(None) is None
