"""Voices prepared on this server: list an engine's voices, make one from a reference clip (the
engine's prepare_voice, optionally with NDJSON progress), forget one. A prepared voice's id then
works as `voice_id` anywhere a voice is named.

Making a voice asks what the Clone wizard and `step-studio clone` ask, with the same core
decisions, so a client cannot do over HTTP what the window and the command line refuse: who is
speaking and how they agreed (`speaker`, `consent`; studio.voices.library.consent_for_new_voice),
and a clip with enough speech (studio.voices.reference: `refusal()`). Both are checked before the
engine is queued for, and a refusal writes nothing."""

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
from studio.server.models import clip_form, error_responses
from studio.server.uploads import FormError, parse_form
from studio.voices.library import Consent, ConsentMissing, consent_for_new_voice
from studio.voices.reference import check_reference

log = logging.getLogger(__name__)

# The consent fields mirror the CLI's --speaker, --consent, --source, --licence and --recorded.
VOICE_FORM = clip_form("The reference clip (wav, flac, ogg, mp3, ...); at least 3 s of speech",
                       transcript="What the clip says (engines that need it)", name="A name for people",
                       speaker="Who is speaking in the clip (required)",
                       consent="How the speaker agreed to their voice being cloned, e.g. 'in writing' "
                               "(required)",
                       source="Where the clip came from (default: the uploaded file's name)",
                       licence="What others may do with the voice, e.g. 'personal use only'",
                       recorded="When the clip was recorded (ISO 8601; default: today)")
VOICE_FORM["requestBody"]["content"]["multipart/form-data"]["schema"]["required"] = [
    "file", "speaker", "consent"]

CONSENT_NEEDED = ("A voice is made only with its consent record: send who is speaking (a 'speaker' field) "
                  "and how they agreed (a 'consent' field, e.g. 'in writing'), as the Clone wizard and "
                  "the command line ask too.")


def consent_from_fields(fields: dict[str, str], filename: str | None) -> Consent:
    """The consent record for a voice made from this form, as the CLI makes it from its options;
    ApiError 400 (`consent-missing`) when who is speaking or how they agreed is not said."""
    try:
        return consent_for_new_voice(speaker=fields.get("speaker", ""), how=fields.get("consent", ""),
                                     source=fields.get("source", "").strip()
                                     or f"Uploaded to the engine server as {filename or 'a clip'}",
                                     licence=fields.get("licence", ""),
                                     recorded=fields.get("recorded", "").strip()[:40] or None)
    except ConsentMissing as exc:
        raise ApiError(400, "consent-missing", CONSENT_NEEDED, param="consent") from exc


def refuse_unusable_reference(reference: Any) -> None:
    """The wizard's and the CLI's decision: ApiError 422 (`unusable-reference`) with its sentence
    for a clip without enough speech (noise, a tone, silence) or with samples that are not audio.
    Speaker embeddings are skipped: the decision does not use them, and they cost a model load."""
    refusal = check_reference(reference, speakers=False).refusal()
    if refusal is not None:
        raise ApiError(422, "unusable-reference", refusal, param="file")


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
                                  "description": "The stored voice (id, name, transcript, profile, "
                                                 "consent); with 'Accept: application/x-ndjson', progress "
                                                 "lines then it"},
                            **error_responses(400, 404, 422, 429, 500, 503)})
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
        # An unreadable file is told first (the client's most basic mistake), then missing consent
        # (as the CLI asks before its minutes of work), then the clip's speech.
        consent = None
        if config.front_end_checks:
            consent = consent_from_fields(fields, upload.filename)
            await run_in_threadpool(refuse_unusable_reference, reference)  # before the engine's queue
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
            voice = await run_in_threadpool(prepared.add, engine_id, name, transcript, profile,
                                            consent.to_json() if consent is not None else None)
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
