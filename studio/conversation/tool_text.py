"""Tool calls written into a local model's text, turned into ToolCallRequest events.

A server such as vLLM parses tool calls out of the model's text itself; a local transformers model
only writes text, so we parse it, and only in a format we know the chat template taught the model.
Qwen2/2.5/3 and the Hermes-style templates (NousResearch, many fine-tunes) all ask for
`<tool_call>{"name": ..., "arguments": {...}}</tool_call>`; a template that mentions `<tool_call>`
is taken to use that format. Anything else is left as plain text, never guessed at.

Text streams in pieces that can split a tag anywhere, so the parser holds back a tail that could
be the start of `<tool_call>` and everything inside a call until its closing tag.
"""

from __future__ import annotations

import json
from typing import Any

from backends.base import ChatDelta, ToolCallRequest

OPEN = "<tool_call>"
CLOSE = "</tool_call>"
HERMES = "hermes"


def template_tool_format(template: Any) -> str | None:
    """The tool-call format a chat template teaches, or None when we do not know it."""
    if isinstance(template, dict):  # tokenizers with several named templates
        template = " ".join(str(t) for t in template.values())
    if isinstance(template, str) and OPEN in template:
        return HERMES
    return None


def _held_back(text: str) -> int:
    """How many trailing characters of `text` could be the beginning of OPEN."""
    for n in range(min(len(OPEN) - 1, len(text)), 0, -1):
        if OPEN.startswith(text[-n:]):
            return n
    return 0


class HermesToolCalls:
    """Feeds on streamed text; returns text (ChatDelta) and complete calls in the order written."""

    def __init__(self) -> None:
        self._buf = ""
        self._inside = False
        self._count = 0

    def feed(self, text: str) -> list[ChatDelta | ToolCallRequest]:
        self._buf += text
        out: list[ChatDelta | ToolCallRequest] = []
        while True:
            if self._inside:
                end = self._buf.find(CLOSE)
                if end < 0:
                    return out
                out.append(self._call(self._buf[:end]))
                self._buf = self._buf[end + len(CLOSE):]
                self._inside = False
                continue
            start = self._buf.find(OPEN)
            if start >= 0:
                if start:
                    out.append(ChatDelta(self._buf[:start]))
                self._buf = self._buf[start + len(OPEN):]
                self._inside = True
                continue
            keep = _held_back(self._buf)
            ready, self._buf = self._buf[:len(self._buf) - keep], self._buf[len(self._buf) - keep:]
            if ready:
                out.append(ChatDelta(ready))
            return out

    def finish(self) -> list[ChatDelta | ToolCallRequest]:
        """What is left when the model stops: a call whose closing tag never came (the model ended
        right after the JSON, which some do) or the held-back text."""
        rest, self._buf = self._buf, ""
        if self._inside:
            self._inside = False
            return [self._call(rest)] if rest.strip() else []
        return [ChatDelta(rest)] if rest else []

    def _call(self, body: str) -> ChatDelta | ToolCallRequest:
        try:
            raw = json.loads(body.strip())
            name = raw["name"]
            arguments = raw.get("arguments", raw.get("parameters", {}))
            if not isinstance(name, str) or not name:
                raise TypeError("no name")
        except (ValueError, KeyError, TypeError, AttributeError):
            return ChatDelta(f"{OPEN}{body}{CLOSE}")  # not a call after all: keep what the model wrote
        text = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
        self._count += 1
        return ToolCallRequest(f"call_{self._count - 1}", name, text)
