"""Voices prepared on this server: list an engine's voices, make one from a reference clip (the
engine's prepare_voice, optionally with NDJSON progress), forget one. A prepared voice's id then
works as `voice_id` anywhere a voice is named."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse

from backends.base import BackendError, Cancelled, CancelToken, SupportsVoicePreparation
from backends.remote import wire
from studio.server.context import ServerContext
from studio.server.errors import ApiError, error_for
from studio.server.models import VOICE_FORM, error_responses
from studio.server.uploads import FormError, parse_form

log = logging.getLogger(__name__)


def voices_router(ctx: ServerContext) -> APIRouter:
    """GET, POST /v1/engines/{id}/voices and DELETE /v1/engines/{id}/voices/{voice_id}."""
    router = APIRouter()
    config = ctx.config
    prepared = ctx.prepared

    @router.get("/v1/engines/{engine_id}/voices", summary="An engine's voices",
                responses=error_responses(400, 404, 500, 503))
    async def engine_voices(engine_id: str) -> dict[str, Any]:
        host = ctx.host_for(engine_id)
        try:
            voices = await run_in_threadpool(host.backend.voices)
        except BackendError as exc:
            raise error_for(exc) from exc
        return {"voices": [wire.encode_voice(v) for v in voices],
                "prepared": [v.to_json() for v in prepared.list(engine_id)]}

    @router.post("/v1/engines/{engine_id}/voices",
                 summary="Prepare a voice from a reference clip and keep it",
                 openapi_extra=VOICE_FORM, response_class=Response,
                 responses={201: {"content": {"application/json": {}, wire.NDJSON_MEDIA_TYPE: {}},
                                  "description": "The stored voice (id, name, transcript, profile); with "
                                                 "'Accept: application/x-ndjson', progress lines then it"},
                            **error_responses(400, 404, 429, 500, 503)})
    async def create_voice(engine_id: str, request: Request) -> Response:
        host = ctx.host_for(engine_id)
        backend = host.backend
        if backend.manifest.cloning.kind == "none" or not isinstance(backend, SupportsVoicePreparation):
            raise ApiError(400, "cannot-prepare-voices", f"Engine '{engine_id}' cannot make a voice from a "
                                                         "clip (its manifest declares no cloning).")
        raw = await request.body()
        try:
            form = parse_form(request.headers.get("content-type", ""), raw)
            fields = {k: p.text() for k, p in form.items() if k != "file"}
        except FormError as exc:
            raise ApiError(400, "invalid-request", str(exc)) from exc
        upload = form.get("file")
        if upload is None:
            raise ApiError(400, "invalid-request", "The form needs a 'file' field with the reference clip.")
        transcript = fields.get("transcript", "").strip() or None
        if transcript is not None:
            ctx.check_text(transcript)
        if transcript is None and backend.manifest.cloning.needs_transcript:
            raise ApiError(400, "invalid-request", f"Engine '{engine_id}' needs the clip's transcript "
                                                   "(a 'transcript' field).")
        name = fields.get("name", "").strip()[:200] or "Prepared voice"
        reference = await ctx.read_clip(upload)
        await ctx.acquire(host, "jobs", request)
        token = CancelToken()
        loop = asyncio.get_running_loop()
        updates: asyncio.Queue[tuple[float, str]] = asyncio.Queue()

        def report(fraction: float, message: str) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed (server shutting down)
                loop.call_soon_threadsafe(updates.put_nowait, (float(fraction), str(message)))

        def prepare() -> Any:
            try:
                host.ensure_loaded()
                return backend.prepare_voice(reference, transcript, token, report)
            finally:
                host.release()

        job = asyncio.ensure_future(run_in_threadpool(prepare))

        async def finish() -> dict[str, Any]:
            """The stored voice, once the job is done; ApiError when it failed."""
            try:
                profile = job.result()
            except Cancelled as exc:
                raise ApiError(499, "cancelled", "The voice was not prepared: the client left.") from exc
            except Exception as exc:
                if not isinstance(exc, BackendError):
                    log.exception("prepare_voice failed")
                raise error_for(exc) from exc
            try:
                json.dumps(profile.to_json(), allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise ApiError(500, "engine-failed", f"Engine '{engine_id}' made a voice profile that is "
                                                     f"not plain JSON ({exc}).") from exc
            voice = await run_in_threadpool(prepared.add, engine_id, name, transcript, profile)
            return voice.to_json()

        if wire.NDJSON_MEDIA_TYPE in request.headers.get("accept", ""):
            async def lines() -> AsyncIterator[bytes]:
                """progress / heartbeat lines while preparing, then `voice` or `error`. A client that
                leaves closes this generator, which cancels the preparation."""
                try:
                    while not job.done():
                        await asyncio.wait({job}, timeout=config.heartbeat_s)
                        sent = False
                        while not updates.empty():
                            fraction, message = updates.get_nowait()
                            yield wire.dumps_line({"type": "progress", "fraction": fraction,
                                                   "message": message})
                            sent = True
                        if not sent and not job.done():
                            yield wire.dumps_line({"type": "heartbeat"})
                    try:
                        yield wire.dumps_line({"type": "voice", "voice": await finish()})
                    except ApiError as exc:
                        yield wire.dumps_line(wire.encode_event(wire.RemoteError(exc.code, exc.message)))
                finally:
                    token.cancel()  # no effect once done; stops the engine when the client left

            return StreamingResponse(lines(), status_code=201, media_type=wire.NDJSON_MEDIA_TYPE)
        try:
            while not job.done():  # without a stream, a client that leaves is noticed by polling
                await asyncio.wait({job}, timeout=0.5)
                if not job.done() and await request.is_disconnected():
                    token.cancel()
            return JSONResponse(await finish(), status_code=201)
        finally:
            token.cancel()

    @router.delete("/v1/engines/{engine_id}/voices/{voice_id}", summary="Forget a prepared voice",
                   responses=error_responses(404))
    async def delete_voice(engine_id: str, voice_id: str) -> dict[str, Any]:
        ctx.host_for(engine_id)
        if not await run_in_threadpool(prepared.delete, engine_id, voice_id):
            raise ApiError(404, "unknown-voice", f"Engine '{engine_id}' has no prepared voice '{voice_id}' "
                                                 "on this server.")
        return {"id": voice_id, "deleted": True}

    return router
