"""Tool calls in OpenAI's chat format, both ways: the history's assistant turns that asked for tools
and the "tool" turns holding results, as request JSON; and the streamed `tool_calls` deltas of a
reply, put back together into complete calls.

Shared by every client of an OpenAI-compatible server (Step-Audio-Chat remote, the studio's generic
chat model) and by the studio's own server, so all of them agree on one shape. A streamed call
arrives in pieces keyed by `index`: the first piece carries the id and the function name, later
ones carry more of the arguments' JSON text, which is only complete when the reply ends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backends.base import BackendError, ChatMessage, ToolCallRequest


def tool_call_json(call: ToolCallRequest) -> dict[str, Any]:
    """One entry of an assistant message's `tool_calls` (arguments stay JSON text, as OpenAI sends)."""
    return {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": call.arguments}}


def message_json(msg: ChatMessage, content: str) -> dict[str, Any]:
    """`msg` as an OpenAI message with `content` as its text: an assistant turn with tool calls gets
    `tool_calls` (and null content when it said nothing), a tool turn its `tool_call_id`."""
    out: dict[str, Any] = {"role": msg.role, "content": content}
    if msg.tool_calls:
        out["tool_calls"] = [tool_call_json(c) for c in msg.tool_calls]
        if not content:
            out["content"] = None
    if msg.tool_call_id:
        out["tool_call_id"] = msg.tool_call_id
    return out


@dataclass
class _Pending:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


@dataclass
class ToolCallAssembler:
    """Collects `delta.tool_calls` pieces of one streamed reply; `calls()` once it has ended."""

    where: str = "The chat server"  # who sent the pieces, for the error message
    _calls: dict[int, _Pending] = field(default_factory=dict)

    def feed(self, pieces: Any) -> None:
        if pieces is None:
            return
        if not isinstance(pieces, list):
            raise BackendError(f"{self.where} sent a malformed stream (a delta's tool_calls is not a "
                               "list); the reply was abandoned.")
        for piece in pieces:
            if not isinstance(piece, Mapping):
                raise BackendError(f"{self.where} sent a malformed stream (a tool call piece is not an "
                                   "object); the reply was abandoned.")
            index = piece.get("index", len(self._calls) if piece.get("id") else 0)
            if not isinstance(index, int):
                raise BackendError(f"{self.where} sent a malformed stream (a tool call's index is not a "
                                   "number); the reply was abandoned.")
            pending = self._calls.setdefault(index, _Pending())
            if isinstance(piece.get("id"), str) and piece["id"]:
                pending.id = piece["id"]
            fn = piece.get("function")
            if isinstance(fn, Mapping):
                if isinstance(fn.get("name"), str) and fn["name"]:
                    pending.name = fn["name"]
                args = fn.get("arguments")
                if isinstance(args, str):
                    pending.arguments.append(args)
                elif isinstance(args, Mapping):  # a few servers send the object itself
                    pending.arguments.append(json.dumps(args, ensure_ascii=False))

    def __bool__(self) -> bool:
        return bool(self._calls)

    def calls(self) -> list[ToolCallRequest]:
        """The complete calls in index order; BackendError for a call that never got a name."""
        out = []
        for index in sorted(self._calls):
            c = self._calls[index]
            if not c.name:
                raise BackendError(f"{self.where} asked for a tool without naming it; the reply was "
                                   "abandoned.")
            out.append(ToolCallRequest(c.id or f"call_{index}", c.name, "".join(c.arguments) or "{}"))
        return out
