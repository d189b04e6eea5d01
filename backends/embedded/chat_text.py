"""Tool calls the offline model writes as text, turned into ToolCallRequest events.

Why parse text: Qwen2.5-Coder-0.5B's template asks for `<tool_call>{"name": ..., "arguments": ...}
</tool_call>`, but the 0.5B model mostly writes the bare JSON object, sometimes in a ```json fence,
and llama.cpp's own parser only recognises the tagged form. So the reply is watched as it streams:
a reply that opens with `{`, a fence or the tag is held until it ends and then read as one or more
calls; text that does not is streamed at once (holding back only a tail that could start the tag).

Fallbacks, so a user never hears JSON read aloud: a held reply that is JSON but not a call (no
"name") is ordinary text and is passed on unchanged; one that looks like a call but cannot be read,
or names a tool that was not offered, becomes MALFORMED_TOOL_CALL (the raw text goes to the
ChatFinished metadata for whoever wants to see it). Arguments the tool does not declare are dropped:
the model pads calls with pieces of the schema it was shown ("required") or invents arguments for
tools that take none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from backends.base import ChatDelta, ToolCallRequest

OPEN = "<tool_call>"
CLOSE = "</tool_call>"
MALFORMED_TOOL_CALL = ("(The offline model tried to use a tool but wrote the request in a form the studio "
                       "cannot read; ask again, perhaps in other words.)")
_HOLD = ("{", "```", OPEN)
_FENCE = re.compile(r"```[a-zA-Z]*")


def tool_parameters(tools: list[Mapping[str, Any]] | None) -> dict[str, Mapping[str, Any]]:
    """Offered tool names -> their parameters' JSON schema (OpenAI `tools` entries)."""
    found: dict[str, Mapping[str, Any]] = {}
    for tool in tools or ():
        function = tool.get("function") if isinstance(tool, Mapping) else None
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            params = function.get("parameters")
            found[function["name"]] = params if isinstance(params, Mapping) else {}
    return found


def _objects(text: str) -> list[Any] | None:
    """Every JSON value in `text` (tags, fences and whitespace between them ignored); None when any
    remaining text is not JSON."""
    body = _FENCE.sub(" ", text.replace(OPEN, " ").replace(CLOSE, " "))
    decoder = json.JSONDecoder()
    values: list[Any] = []
    at = 0
    while True:
        while at < len(body) and body[at].isspace():
            at += 1
        if at >= len(body):
            return values
        try:
            value, at = decoder.raw_decode(body, at)
        except ValueError:
            return None
        values.append(value)


class ToolText:
    """Feeds on the streamed reply; returns text and complete calls in the order written.

    `malformed` holds the raw text of a call that could not be read, after `finish`."""

    def __init__(self, tools: list[Mapping[str, Any]] | None) -> None:
        self._tools = tool_parameters(tools)
        self._buf = ""
        self._state = "start" if self._tools else "text"  # start | text | held
        self._count = 0
        self.malformed: str | None = None

    def feed(self, text: str) -> list[ChatDelta | ToolCallRequest]:
        self._buf += text
        if self._state == "start":
            lead = self._buf.lstrip()
            if not lead:
                return []
            if any(lead.startswith(h) for h in _HOLD):
                self._state = "held"
                return []
            if any(h.startswith(lead) for h in _HOLD):
                return []  # could still become a fence or the tag
            self._state = "text"
        if self._state == "held":
            return []
        start = self._buf.find(OPEN)
        if start >= 0:  # text, then a tagged call: hold the call until the end
            out = [ChatDelta(self._buf[:start])] if self._buf[:start] else []
            self._buf = self._buf[start:]
            self._state = "held"
            return out
        keep = next((n for n in range(min(len(OPEN) - 1, len(self._buf)), 0, -1)
                     if OPEN.startswith(self._buf[-n:])), 0)
        ready, self._buf = self._buf[:len(self._buf) - keep], self._buf[len(self._buf) - keep:]
        return [ChatDelta(ready)] if ready else []

    def finish(self) -> list[ChatDelta | ToolCallRequest]:
        rest, self._buf = self._buf, ""
        if self._state != "held":
            return [ChatDelta(rest)] if rest else []
        values = _objects(rest)
        if values is None:
            looks_like_call = OPEN in rest or '"name"' in rest  # e.g. cut off by the length cap
        else:
            looks_like_call = OPEN in rest or any(
                isinstance(v, dict) and ("name" in v or "function" in v) for v in values)
        if not looks_like_call:
            return [ChatDelta(rest)] if rest else []  # JSON or code as an answer, not a call
        calls = [self._call(v) for v in values or ()]
        if not calls or any(c is None for c in calls):
            self.malformed = rest
            return [ChatDelta(MALFORMED_TOOL_CALL)]
        return [c for c in calls if c is not None]

    def _call(self, value: Any) -> ToolCallRequest | None:
        if not isinstance(value, dict):
            return None
        if isinstance(value.get("function"), dict):  # OpenAI's shape, written out as text
            value = value["function"]
        name = value.get("name")
        if not isinstance(name, str) or name not in self._tools:
            return None
        arguments = value.get("arguments", value.get("parameters", {}))
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments or "{}")
            except ValueError:
                return None
        if not isinstance(arguments, dict):
            return None
        declared = self._tools[name].get("properties") or {}
        # Keep only the declared arguments: the model pads calls with bits of the schema it was shown
        # ("required", "type", "properties") or invents some for tools that take none.
        arguments = {k: v for k, v in arguments.items() if k in declared}
        self._count += 1
        return ToolCallRequest(f"call_{self._count - 1}", name, json.dumps(arguments, ensure_ascii=False))
