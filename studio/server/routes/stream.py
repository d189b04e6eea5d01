"""WS /v1/engines/{id}/stream: the NDJSON take's events over a WebSocket, several takes at once.

The protocol (text frames, one JSON object each). The client sends
  {"type": "synthesize", "id": "<its id for the take>", "request": <wire request>, "encoding": "f32le"}
  {"type": "cancel", "id": "..."}
and receives wire events (backends.remote.wire.encode_event) with the take's "id" added. Takes are
multiplexed: a client may run several at once on one socket, each holding one of the engine's
slots like an HTTP take; each take ends with its `finished` or `error` event (a refusal, such as
"busy" or "text-too-long", is an `error` event with the HTTP route's code). A cancelled take ends
with an `error` event of code "cancelled". Closing the socket cancels all its takes. The socket
passes the same Guard as HTTP (Host, key) plus an Origin check (see guard.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from backends.remote import wire
from studio.server.context import ServerContext
from studio.server.errors import ApiError, error_for
from studio.server.hosting import Failed, Take

log = logging.getLogger(__name__)


async def serve_socket(ctx: ServerContext, websocket: WebSocket, engine_id: str) -> None:
    """The WebSocket protocol of the module docstring: one task per take, one lock per send."""
    config = ctx.config
    # Each take waits in the engine's queue like an HTTP request; one socket may not hold more than the
    # queue and the slots together (beyond that every take would be refused as busy anyway).
    max_takes_per_socket = max(1, config.max_takes_per_engine + config.max_queue_per_engine)
    await websocket.accept()
    send_lock = asyncio.Lock()
    takes: dict[str, Take] = {}
    tasks: dict[str, asyncio.Task[None]] = {}
    # `cancel` for a take whose task has not started its engine yet: applied the moment it does
    cancel_early: set[str] = set()

    async def send(obj: Mapping[str, Any]) -> None:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        async with send_lock:
            try:
                await websocket.send_text(text)
            except (RuntimeError, OSError) as exc:
                # The connection closed under a take still sending: the client left, or the server
                # closed the socket itself (a message over the size limit: 1009). Nobody is listening.
                raise WebSocketDisconnect(1006) from exc

    async def refuse(take_id: Any, code: str, message: str) -> None:
        await send({**wire.encode_event(wire.RemoteError(code, message)), "id": take_id})

    async def run(take_id: str, raw: Any, encoding: str) -> None:
        take: Take | None = None

        def started(new: Take) -> None:
            # Registered before the first event is awaited: a `cancel` that arrives during that
            # wait (up to a heartbeat, longer on a loaded machine) must reach this take.
            nonlocal take
            take = new
            takes[take_id] = new
            if take_id in cancel_early:
                new.cancel()

        try:
            host = ctx.host_for(engine_id)
            if not isinstance(raw, dict):
                raise ApiError(422, "invalid-request",
                               "'request' must be a JSON object with at least 'text'.")
            try:
                request = wire.decode_request(raw)
            except wire.WireError as exc:
                raise ApiError(422, "invalid-request", f"The request is not valid: {exc}.") from exc
            ctx.check_text(request.text)
            started_take, pending = await ctx.start_take(host, request, started)
            take = started_take
            while pending is not None:
                if isinstance(pending, Failed):
                    err = error_for(pending.error)
                    await refuse(take_id, err.code, err.message)
                    return
                await send({**wire.encode_event(pending, encoding), "id": take_id})  # type: ignore[arg-type]
                pending = await take.next(config.heartbeat_s)
            if take.token.cancelled:
                await refuse(take_id, "cancelled", "The take was cancelled.")
        except ApiError as exc:
            await refuse(take_id, exc.code, exc.message)
        except WebSocketDisconnect:
            pass  # the client left (or the socket was closed under it): nobody to tell
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug: the client still hears, in a sentence, that its take ended
            err = error_for(exc)
            log.error("WebSocket take '%s' on '%s' failed: %s", take_id, engine_id, err.message, exc_info=exc)
            with contextlib.suppress(Exception):
                await refuse(take_id, err.code, err.message)
        finally:
            if take is not None:
                take.cancel()
            takes.pop(take_id, None)
            tasks.pop(take_id, None)
            cancel_early.discard(take_id)

    try:
        while True:
            frame = await websocket.receive()
            if frame["type"] == "websocket.disconnect":
                break
            message, problem = parse_message(frame)
            if problem is not None or message is None:
                await refuse(echo_id(message), "invalid-request", problem or "The message is not valid.")
                continue
            kind, take_id = message["type"], message["id"]
            if kind == "synthesize":
                encoding = message.get("encoding") or "f32le"
                if take_id in tasks:
                    await refuse(take_id, "invalid-request", f"A take with id '{take_id}' is running.")
                elif encoding not in wire.AUDIO_ENCODINGS:
                    await refuse(take_id, "invalid-request",
                                 f"Unknown audio encoding {str(encoding)[:40]!r}; use one of "
                                 f"{', '.join(wire.AUDIO_ENCODINGS)}.")
                elif len(tasks) >= max_takes_per_socket:
                    await refuse(take_id, "busy", f"This connection already runs {len(tasks)} takes; "
                                                  "wait for one to end.")
                else:
                    tasks[take_id] = asyncio.create_task(run(take_id, message.get("request"), encoding))
            elif kind == "cancel":  # a take that already ended (or never was) has nothing to cancel
                take = takes.get(take_id)
                if take is not None:
                    take.cancel()
                elif take_id in tasks:  # its task has not started the engine yet
                    cancel_early.add(take_id)
            else:
                await refuse(take_id, "invalid-request",
                             f"Unknown message type {kind[:40]!r}; send 'synthesize' or 'cancel'.")
    except WebSocketDisconnect:
        pass
    finally:  # the client left: cancel its takes (their engine threads free the slots)
        for take in list(takes.values()):
            take.cancel()
        for task in list(tasks.values()):
            task.cancel()


MAX_ID_CHARS = 100


def echo_id(message: Mapping[str, Any] | None) -> str | None:
    """The id to put on a refusal of `message`: its own, when it has a usable one."""
    take_id = message.get("id") if message is not None else None
    return take_id if isinstance(take_id, str) and 0 < len(take_id) <= MAX_ID_CHARS else None


def parse_message(frame: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """(the message, None), or (what could be read of it, the sentence that says what is wrong)."""
    text = frame.get("text")
    if text is None:
        return None, "Binary frames are not part of this protocol; send each message as JSON in a text frame."
    try:
        message = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested thousands deep
        why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return None, f"A message is not valid JSON ({why}); send one JSON object per text frame."
    if not isinstance(message, dict):
        return None, f"A message must be a JSON object, not {type(message).__name__}."
    kind, take_id = message.get("type"), message.get("id")
    if not isinstance(kind, str) or not kind:
        return message, "A message needs 'type', a string: 'synthesize' or 'cancel'."
    if not isinstance(take_id, str) or not take_id or len(take_id) > MAX_ID_CHARS:
        return message, f"A message needs 'id', a string of 1 to {MAX_ID_CHARS} characters naming the take."
    encoding = message.get("encoding")
    if encoding is not None and not isinstance(encoding, str):
        return message, "'encoding' must be a string: " + ", ".join(wire.AUDIO_ENCODINGS) + "."
    return message, None


def stream_router(ctx: ServerContext) -> APIRouter:
    """The WebSocket route; each connection runs serve_socket."""
    router = APIRouter()

    @router.websocket("/v1/engines/{engine_id}/stream")
    async def stream(websocket: WebSocket, engine_id: str) -> None:
        await serve_socket(ctx, websocket, engine_id)

    return router
