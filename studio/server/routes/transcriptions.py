"""POST /v1/audio/transcriptions, OpenAI-compatible: an uploaded file through the studio's Whisper
(whisper-base, whisper-tiny.en), a few at once; more are refused with 429."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from studio.server.context import ServerContext
from studio.server.errors import ApiError
from studio.server.models import TRANSCRIPTION_FORM, error_responses
from studio.server.uploads import WHISPER_MODELS, FormError, Transcribers, parse_form


def transcriptions_router(ctx: ServerContext) -> APIRouter:
    """The transcription route, with this app's Whisper models and its count of running transcriptions."""
    router = APIRouter()
    config = ctx.config
    transcribers = Transcribers()
    transcribing = [0]  # transcriptions running now (guarded by transcribing_lock)
    transcribing_lock = threading.Lock()

    @router.post("/v1/audio/transcriptions",
                 summary="OpenAI-compatible speech to text (the studio's Whisper)",
                 response_class=Response, openapi_extra=TRANSCRIPTION_FORM,
                 responses=error_responses(400, 429, 500, 503))
    async def transcriptions(request: Request) -> Response:
        raw = await request.body()
        try:
            form = parse_form(request.headers.get("content-type", ""), raw)
        except FormError as exc:
            raise ApiError(400, "invalid-request", str(exc)) from exc
        try:
            fields = {k: p.text() for k, p in form.items() if k != "file"}
        except FormError as exc:
            raise ApiError(400, "invalid-request", str(exc)) from exc
        upload = form.get("file")
        if upload is None:
            raise ApiError(400, "invalid-request", "The form needs a 'file' field with the audio.")
        model = fields.get("model", "").strip()
        if model not in WHISPER_MODELS:
            raise ApiError(400, "unknown-model", f"No transcription model '{model}' here (models: "
                                                 f"{', '.join(WHISPER_MODELS)}).")
        fmt = fields.get("response_format", "json").strip() or "json"
        if fmt not in ("json", "text", "verbose_json"):
            raise ApiError(400, "unsupported", f"response_format '{fmt}' is not supported here (json, text, "
                                               "verbose_json).")
        if fields.get("prompt", "").strip():
            raise ApiError(400, "unsupported", "A transcription 'prompt' is not supported here.")
        temperature = fields.get("temperature", "").strip()
        if temperature:
            try:
                if float(temperature) != 0.0:
                    raise ValueError
            except ValueError:
                raise ApiError(400, "unsupported", "Only temperature 0 is supported here (the studio's "
                                                   "Whisper uses beam search).") from None
        language = fields.get("language", "").strip().lower() or None
        whisper_name = WHISPER_MODELS[model]
        if language and whisper_name.endswith(".en") and language != "en":
            raise ApiError(400, "unsupported", f"{model} only transcribes English, not '{language}'; use "
                                               "whisper-base.")
        audio = await ctx.read_clip(upload, config.max_audio_seconds)
        with transcribing_lock:
            if transcribing[0] >= config.max_transcriptions:
                raise ApiError(429, "busy", f"The server is already transcribing {config.max_transcriptions} "
                                            "files; try again in a few seconds.",
                               headers={"Retry-After": "2"})
            transcribing[0] += 1
        try:
            whisper: Any = transcribers.get(whisper_name)
            transcript = await run_in_threadpool(whisper.transcribe, audio, language)
        except ValueError as exc:
            raise ApiError(400, "invalid-request", f"Cannot transcribe this: {exc}.") from exc
        except Exception as exc:
            from backends.embedded.asr import ModelUnavailable

            if isinstance(exc, ModelUnavailable):
                raise ApiError(503, "model-unavailable", str(exc)) from exc
            raise ApiError(500, "transcription-failed",
                           f"Transcription failed ({type(exc).__name__}: "
                           f"{' '.join(str(exc).split())}).") from exc
        finally:
            with transcribing_lock:
                transcribing[0] -= 1
        if fmt == "text":
            return PlainTextResponse(transcript.text + "\n")
        if fmt == "json":
            return JSONResponse({"text": transcript.text})
        return JSONResponse({
            "task": "transcribe", "language": transcript.language, "duration": transcript.duration,
            "text": transcript.text,
            "segments": [{"id": i, "start": seg.start, "end": seg.end, "text": seg.text}
                         for i, seg in enumerate(transcript.segments)],
            "words": [{"word": w.text, "start": w.start, "end": w.end}
                      for seg in transcript.segments for w in seg.words]})

    return router
