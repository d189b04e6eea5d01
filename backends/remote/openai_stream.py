"""Reading a streamed OpenAI `/v1/chat/completions` answer (Server-Sent Events), once for every client.

The Step-Audio-Chat engine, the studio's generic OpenAI-compatible chat model and any other client of
such a server all read the same stream: `data:` lines holding `chat.completion.chunk` objects, SSE
comments as keep-alives, and `data: [DONE]` at the end. A server may also send an error object
mid-stream (vLLM does), and a reply may arrive as text deltas, `tool_calls` pieces, or both. One
reader keeps the rules in one place, so every client treats a malformed or failing stream alike:
as a sentence naming the server, never a half-parsed reply. And an error answer's body reads the
same way for every client (`error_message`).

Kept free of httpx (a type only), so a window that never chats does not import it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from backends.base import BackendError, Cancelled, CancelToken, ToolCallRequest
from backends.remote import wire
from backends.remote.openai_tools import ToolCallAssembler

if TYPE_CHECKING:
    import httpx


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class ChatStream:
    """The state of one streamed reply. `deltas(lines, cancel)` yields the text pieces; afterwards
    `finish_reason`, `usage`, `model`, `done` (the `[DONE]` marker arrived) and `tool_calls()`
    say how it ended. `source` names the server in messages ("The chat server at http://...")."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.finish_reason: str | None = None
        self.usage: Any = None
        self.model: str | None = None
        self.done = False
        self._calls = ToolCallAssembler(source)

    @property
    def ended(self) -> bool:
        """Whether the stream said it was complete (`[DONE]` or a finish reason)."""
        return self.done or self.finish_reason is not None

    def tool_calls(self) -> list[ToolCallRequest]:
        return self._calls.calls()

    def deltas(self, lines: Iterable[str], cancel: CancelToken | None = None) -> Iterator[str]:
        """Text pieces of the reply as they arrive; checks `cancel` between lines."""
        for line in lines:
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            if not line or line.startswith(":"):
                continue  # blank separators and SSE comments (keep-alives)
            field, _, value = line.partition(":")
            if field != "data":
                continue  # event:, id:, retry: carry nothing for us
            value = value[1:] if value.startswith(" ") else value
            if value.strip() == "[DONE]":
                self.done = True
                return
            piece = self.feed(value)
            if piece:
                yield piece

    def _malformed(self, what: str) -> BackendError:
        return BackendError(f"{self.source} sent a malformed stream ({what}); the reply was abandoned.")

    def feed(self, data: str) -> str:
        """One `data:` payload: its text (possibly empty); the rest is kept on the stream."""
        try:
            raw = json.loads(data)
        except ValueError as exc:
            raise self._malformed("an event is not JSON") from exc
        if not isinstance(raw, Mapping):
            raise self._malformed("an event is not a JSON object")
        if "error" in raw:
            inner = raw["error"]
            message = inner.get("message") if isinstance(inner, Mapping) else inner
            said = _one_line(str(message or "no details"))
            raise BackendError(f"{self.source} failed during the reply: {said}")
        choices = raw.get("choices")
        if not isinstance(choices, list):
            raise self._malformed("an event has no 'choices'")
        if isinstance(raw.get("model"), str):
            self.model = raw["model"]
        if raw.get("usage") is not None:
            self.usage = raw["usage"]
        if not choices:
            return ""  # e.g. the usage-only last chunk
        choice = choices[0]
        delta = choice.get("delta") if isinstance(choice, Mapping) else None
        if not isinstance(delta, Mapping):
            raise self._malformed("a choice has no 'delta'")
        content = delta.get("content")
        if content is not None and not isinstance(content, str):
            raise self._malformed("a delta's content is not text")
        self._calls.feed(delta.get("tool_calls"))
        reason = choice.get("finish_reason")
        if isinstance(reason, str):
            self.finish_reason = reason
        return content or ""


def error_message(response: httpx.Response) -> str:
    """The server's own words from an error body: OpenAI's `{"error": {"message"}}`, vLLM's older
    `{"message"}`, our server's wire error, or, failing those, a short piece of the body."""
    try:
        raw = json.loads(response.content or b"null")
    except (ValueError, UnicodeDecodeError):
        raw = None
    try:
        return _one_line(wire.decode_error(raw)[1])
    except wire.WireError:
        pass
    if isinstance(raw, Mapping):
        inner = raw.get("error")
        if isinstance(inner, Mapping) and isinstance(inner.get("message"), str):
            return _one_line(inner["message"])
        if isinstance(inner, str):
            return _one_line(inner)
        for key in ("message", "detail"):
            if isinstance(raw.get(key), str):
                return _one_line(raw[key])
    text = _one_line(response.content[:200].decode("utf-8", "replace")) if response.content else ""
    return text or "no details"
