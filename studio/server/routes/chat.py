"""POST /v1/chat/completions, OpenAI-compatible: a chat engine's reply streamed as SSE or whole,
with tools (`tool_calls` out; tool turns and assistant turns with calls in) and the studio's spoken
turns (`audio_tokens`, `transcript`)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from backends.base import ChatDelta, ChatFinished, ChatMessage, SupportsChat, ToolCallRequest
from backends.remote import wire
from backends.remote.openai_tools import tool_call_json
from studio.server.context import ServerContext
from studio.server.errors import ApiError, error_body, error_for
from studio.server.hosting import Failed, Take
from studio.server.models import ChatCompletionBody, ChatMessageBody, error_responses


def _chat_content(msg: ChatMessageBody) -> str:
    if msg.content is None:
        return ""
    if isinstance(msg.content, str):
        return msg.content
    texts = []
    for part in msg.content:
        if part.type != "text" or part.text is None:
            raise ApiError(400, "unsupported", f"Message content of type '{part.type}' is not supported "
                                               "here; send text (spoken turns: audio_tokens, transcript).")
        texts.append(part.text)
    return "".join(texts)


def chat_history(body: ChatCompletionBody) -> list[ChatMessage]:
    """The OpenAI messages as the engines' ChatMessage list ("developer" is a system turn); raises
    ValueError for a tool turn without the id of its call, or tool calls outside an assistant turn."""
    return [ChatMessage("system" if m.role == "developer" else m.role, _chat_content(m),
                        m.audio_tokens or None, m.transcript,
                        tuple(ToolCallRequest(c.id, c.function.name, c.function.arguments)
                              for c in m.tool_calls or ()),
                        m.tool_call_id or None) for m in body.messages]


def tool_call_delta(index: int, call: ToolCallRequest) -> dict[str, Any]:
    """A streamed `tool_calls` entry: the whole call in one piece (the engine yields it complete)."""
    return {"index": index, **tool_call_json(call)}


def finish_reason(meta: Mapping[str, Any], tool_calls: int) -> str:
    """The engine's finish reason; a reply that ended by asking for tools says "tool_calls", as
    OpenAI's does, so clients know to run them and continue."""
    reason = str(meta.get("finish_reason") or "stop")
    return "tool_calls" if tool_calls and reason == "stop" else reason


def _sse(obj: Mapping[str, Any]) -> bytes:
    return b"data: " + json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n\n"



def chat_router(ctx: ServerContext) -> APIRouter:
    """The chat completions route; the engine's slot is held for the reply, which a client that
    leaves cancels."""
    router = APIRouter()
    hosts = ctx.hosts
    config = ctx.config

    @router.post("/v1/chat/completions", summary="OpenAI-compatible chat (streamed as SSE, or whole)",
                 responses={200: {"content": {"application/json": {}, "text/event-stream": {}},
                                  "description": "A chat.completion, or chat.completion.chunk events"},
                            **error_responses(400, 404, 429, 500, 503)})
    async def chat_completions(body: ChatCompletionBody, request: Request) -> Response:
        host = ctx.host_for(body.model)
        backend = host.backend
        if not (backend.manifest.chat and isinstance(backend, SupportsChat)):
            chatting = [eid for eid, h in hosts.items()
                        if h.backend.manifest.chat and isinstance(h.backend, SupportsChat)]
            raise ApiError(400, "not-a-chat-engine",
                           f"Engine '{host.engine_id}' does not chat (chat engines here: "
                           f"{', '.join(chatting) or 'none'}).")
        ctx.check_text("".join(_chat_content(m) + (m.transcript or "")
                           + "".join(c.function.arguments for c in m.tool_calls or ())
                           for m in body.messages))
        try:
            history = chat_history(body)
        except ValueError as exc:
            raise ApiError(400, "invalid-request", f"The request is not valid: {exc}.",
                           param="messages") from exc
        max_tokens = body.max_completion_tokens or body.max_tokens or 2048
        chat = backend.chat

        def start(token: Any) -> Any:
            return chat(history, token, temperature=body.temperature, top_p=body.top_p,
                        max_tokens=max_tokens, tools=body.tools)

        await ctx.acquire(host, "replies", request)
        take = Take(host, None, start=start)
        first = await take.next(config.heartbeat_s)
        if isinstance(first, Failed):
            raise error_for(first.error) from first.error
        reply_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())

        def chunk(delta: dict[str, Any], finish: str | None = None, usage: Any = None) -> bytes:
            obj: dict[str, Any] = {"id": reply_id, "object": "chat.completion.chunk", "created": created,
                                   "model": body.model,
                                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            if usage is not None:
                obj["usage"] = usage
            return _sse(obj)

        if body.stream:
            async def events() -> AsyncIterator[bytes]:
                try:
                    yield chunk({"role": "assistant", "content": ""})
                    pending: object = first
                    finished: ChatFinished | None = None
                    calls = 0
                    while pending is not None:
                        if isinstance(pending, Failed):
                            err = error_for(pending.error)
                            yield _sse(error_body(err.status, err.code, err.message))
                            return
                        if isinstance(pending, wire.Heartbeat):
                            yield b": keep-alive\n\n"  # an SSE comment: clients skip it
                        elif isinstance(pending, ChatDelta) and pending.text:
                            yield chunk({"content": pending.text})
                        elif isinstance(pending, ToolCallRequest):
                            yield chunk({"tool_calls": [tool_call_delta(calls, pending)]})
                            calls += 1
                        elif isinstance(pending, ChatFinished):
                            finished = pending
                        pending = await take.next(config.heartbeat_s)
                    if finished is None:
                        yield _sse(error_body(500, "engine-failed", f"Engine '{host.engine_id}' ended the "
                                                                    "reply before it was finished."))
                        return
                    meta = finished.metadata
                    usage = wire.json_safe(meta.get("usage"))
                    yield chunk({}, finish_reason(meta, calls), usage)
                    yield b"data: [DONE]\n\n"
                finally:
                    take.cancel()  # the client left (or the reply ended): stop the engine

            return StreamingResponse(events(), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache"})

        parts: list[str] = []
        requested: list[ToolCallRequest] = []
        finished_meta: Mapping[str, Any] | None = None
        try:
            pending: object = first
            while pending is not None:
                if isinstance(pending, Failed):
                    raise error_for(pending.error) from pending.error
                if isinstance(pending, ChatDelta):
                    parts.append(pending.text)
                elif isinstance(pending, ToolCallRequest):
                    requested.append(pending)
                elif isinstance(pending, ChatFinished):
                    finished_meta = pending.metadata
                pending = await take.next(config.heartbeat_s)
        finally:
            take.cancel()
        if finished_meta is None:
            raise ApiError(500, "engine-failed", f"Engine '{host.engine_id}' ended the reply before it was "
                                                 "finished.")
        message: dict[str, Any] = {"role": "assistant", "content": "".join(parts)}
        if requested:
            message["tool_calls"] = [tool_call_json(c) for c in requested]
            message["content"] = message["content"] or None
        reply: dict[str, Any] = {
            "id": reply_id, "object": "chat.completion", "created": created, "model": body.model,
            "choices": [{"index": 0, "message": message,
                         "finish_reason": finish_reason(finished_meta, len(requested))}]}
        usage = finished_meta.get("usage")
        if isinstance(usage, Mapping):
            reply["usage"] = wire.json_safe(usage)
        return JSONResponse(reply)

    return router
