"""POST /v1/audio/speech, a drop-in for OpenAI's: an unchanged OpenAI client gets audio from the studio.

- `model`: an engine id, or one of OpenAI's speech models (tts-1, tts-1-hd, gpt-4o-mini-tts), which
  mean the server's default engine (see openai_compat.py).
- `voice`: an OpenAI voice name (mapped to a studio voice of a fitting kind; the user's settings can
  change the map), `default` (the engine's default voice), or a studio voice id (or `{"id": ...}`).
- `response_format`: mp3, opus, aac, flac, wav, pcm (24 kHz s16le, as OpenAI's). pcm and wav stream
  as the take makes them; the rest are encoded whole.
- `speed` 0.25-4: the engine does what it can natively, the rest is a time-stretch afterwards
  (X-Studio-Speed-Postprocess says by how much; the audio then comes whole).
- `instructions`: what the studio's tags can say becomes tags before the text; the rest is reported
  in X-Studio-Instructions-Ignored and never read aloud.
- `stream_format: "sse"`: `speech.audio.delta` events with base64 audio in `response_format`, then one
  `speech.audio.done` whose usage counts the input's characters as its input tokens (an engine has
  no tokens) and no output tokens; a failure after the first event is an `error` event.

Every response says what was used: X-Studio-Engine, X-Studio-Voice (the engine's own report when the
audio comes whole), X-Studio-Speed, X-Studio-Speed-Engine, and X-Studio-Instructions-Applied.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

import numpy as np
import soxr
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse

from backends.audio import Audio
from backends.base import AudioChunk, Finished, SynthesisRequest
from backends.remote.wire import Heartbeat
from studio.server.audio_out import (
    MEDIA_TYPES,
    OPENAI_PCM_RATE,
    change_speed,
    encode_whole,
    pcm16,
    split_speed,
    streaming_wav_header,
)
from studio.server.context import ServerContext
from studio.server.errors import ApiError, error_body, error_for
from studio.server.hosting import Failed, Take
from studio.server.models import SpeechBody, VoiceRef, error_responses
from studio.server.openai_compat import instructions_to_tags, resolve_voice

log = logging.getLogger(__name__)

SSE_PIECE_BYTES = 48 * 1024  # a whole file is sent as deltas of at most this many bytes (before base64)


def _ascii(text: str, limit: int = 1000) -> str:
    """A header value: HTTP headers carry Latin-1, so anything else is escaped."""
    return text.encode("ascii", "backslashreplace").decode("ascii")[:limit]


def speech_router(ctx: ServerContext) -> APIRouter:
    """The speech route; an unknown voice is refused before the take starts."""
    router = APIRouter()
    config = ctx.config
    prepared = ctx.prepared

    @router.post("/v1/audio/speech", summary="OpenAI-compatible text to speech",
                 response_class=Response,
                 responses={200: {"content": {media: {} for media in (*MEDIA_TYPES.values(),
                                                                      "text/event-stream")},
                                  "description": "The audio, or speech.audio.delta/done events (SSE)"},
                            **error_responses(400, 404, 429, 500, 503)})
    async def speech(body: SpeechBody, http: Request) -> Response:
        host = ctx.host_for_model(body.model)
        ctx.check_text(body.input, openai=True)
        requested = body.voice.id if isinstance(body.voice, VoiceRef) else body.voice
        voices = await run_in_threadpool(host.backend.voices)
        prepared_ids = [v.id for v in prepared.list(host.engine_id)]
        resolved = resolve_voice(requested, voices, prepared_ids, config.openai_voices)
        if resolved is None:
            known = [v.id for v in voices] + prepared_ids
            raise ApiError(400, "unknown-voice",
                           f"Engine '{host.engine_id}' has no voice '{requested}' (its voices: "
                           f"{', '.join(known) or 'none'}; OpenAI's voice names and 'default' work too).",
                           param="voice")
        told = instructions_to_tags(body.instructions)
        native = host.backend.manifest.speed
        engine_speed, after = split_speed(body.speed, (native.minimum, native.maximum) if native else None)
        request = SynthesisRequest(text=told.prefix + body.input, voice_id=resolved.voice_id,
                                   speed=engine_speed)
        take, first = await ctx.start_take(host, request, http=http)
        headers = {"X-Studio-Engine": _ascii(host.engine_id),
                   "X-Studio-Voice": _ascii(resolved.voice_id or "default"),
                   "X-Studio-Speed": f"{body.speed:g}", "X-Studio-Speed-Engine": f"{engine_speed:g}"}
        if after != 1.0:
            headers["X-Studio-Speed-Postprocess"] = f"{after:g}"
        if told.applied:
            headers["X-Studio-Instructions-Applied"] = _ascii("; ".join(told.applied))
        if told.ignored:
            headers["X-Studio-Instructions-Ignored"] = _ascii(json.dumps(list(told.ignored)))
        fmt = body.response_format
        streams = after == 1.0 and fmt in ("pcm", "wav")
        if body.stream_format == "sse":
            if streams:
                events = _sse_frames(take, first, fmt, config.heartbeat_s, len(body.input))
            else:
                events = _sse_stream(take, first, fmt, after, config.heartbeat_s, len(body.input))
            return StreamingResponse(events, media_type="text/event-stream",
                                     headers={**headers, "Cache-Control": "no-cache"})
        if streams:
            return StreamingResponse(_stream_audio(take, first, fmt, config.heartbeat_s),
                                     media_type=MEDIA_TYPES[fmt], headers=headers)
        audio, metadata = await _whole_take(take, first, config.heartbeat_s)
        if isinstance(metadata.get("voice"), str) and metadata["voice"]:
            headers["X-Studio-Voice"] = _ascii(metadata["voice"])
        audio = await run_in_threadpool(change_speed, audio, after)
        data = await run_in_threadpool(encode_whole, audio, fmt)
        return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers)

    return router


# --- audio as it is made ----------------------------------------------------------------------


async def _frames(take: Take, first: object, fmt: str, heartbeat_s: float) -> AsyncIterator[bytes]:
    """pcm: 24 kHz s16le as OpenAI sends it; wav: a streaming header at the take's own rate, then
    s16le. Yields b"" on a quiet heartbeat (so an SSE stream can keep alive). Raises ApiError when
    the take fails; cancels the take however it ends."""
    resampler: soxr.ResampleStream | None = None
    rate: int | None = None
    try:
        pending: object = first
        while pending is not None:
            if isinstance(pending, Failed):
                raise error_for(pending.error) from pending.error
            if isinstance(pending, AudioChunk) and len(pending.samples):
                samples = np.asarray(pending.samples, dtype=np.float32)
                if rate is None:
                    rate = OPENAI_PCM_RATE if fmt == "pcm" else pending.sample_rate
                    if fmt == "wav":
                        yield streaming_wav_header(rate)
                if pending.sample_rate != rate:
                    if resampler is None:
                        resampler = soxr.ResampleStream(pending.sample_rate, rate, 1, dtype="float32")
                    samples = resampler.resample_chunk(samples)
                yield pcm16(samples)
            elif isinstance(pending, Heartbeat):
                yield b""
            pending = await take.next(heartbeat_s)
        if resampler is not None:
            yield pcm16(resampler.resample_chunk(np.zeros(0, dtype=np.float32), last=True))
    finally:
        take.cancel()


async def _stream_audio(take: Take, first: object, fmt: str, heartbeat_s: float) -> AsyncIterator[bytes]:
    """The raw stream; a failure after audio began can only end it early (the status is sent)."""
    try:
        async for data in _frames(take, first, fmt, heartbeat_s):
            if data:
                yield data
    except ApiError as exc:
        log.warning("take failed mid-stream: %s", exc.message)


async def _whole_take(take: Take, first: object, heartbeat_s: float) -> tuple[Audio, Mapping[str, Any]]:
    """Every chunk of the take as one Audio (at its first chunk's rate), and its Finished metadata."""
    chunks: list[np.ndarray] = []
    rate: int | None = None
    metadata: Mapping[str, Any] = {}
    try:
        pending: object = first
        while pending is not None:
            if isinstance(pending, Failed):
                raise error_for(pending.error) from pending.error
            if isinstance(pending, Finished) and isinstance(pending.metadata, Mapping):
                metadata = pending.metadata
            if isinstance(pending, AudioChunk) and len(pending.samples):
                samples = np.asarray(pending.samples, dtype=np.float32)
                if rate is None:
                    rate = pending.sample_rate
                elif pending.sample_rate != rate:
                    samples = Audio(samples, pending.sample_rate).resampled(rate).samples
                chunks.append(samples)
            pending = await take.next(heartbeat_s)
    finally:
        take.cancel()
    if rate is None:
        raise ApiError(500, "engine-failed", "The engine produced no audio.")
    return Audio(np.concatenate(chunks), rate), metadata


# --- server-sent events ---------------------------------------------------------------------------


def _event(obj: Mapping[str, Any]) -> bytes:
    return b"data: " + json.dumps(obj, separators=(",", ":")).encode("utf-8") + b"\n\n"


def _delta(data: bytes) -> bytes:
    return _event({"type": "speech.audio.delta", "audio": base64.b64encode(data).decode("ascii")})


def _done(characters: int) -> bytes:
    return _event({"type": "speech.audio.done",
                   "usage": {"input_tokens": characters, "output_tokens": 0, "total_tokens": characters}})


def _failure(exc: ApiError) -> bytes:
    return _event({"type": "error", **error_body(exc.status, exc.code, exc.message)})


async def _sse_frames(take: Take, first: object, fmt: str, heartbeat_s: float,
                      characters: int) -> AsyncIterator[bytes]:
    """pcm or wav as it is made, one delta per chunk; a quiet heartbeat is an SSE comment."""
    try:
        async for data in _frames(take, first, fmt, heartbeat_s):
            yield _delta(data) if data else b": keep-alive\n\n"
    except ApiError as exc:
        yield _failure(exc)
        return
    yield _done(characters)


async def _sse_stream(take: Take, first: object, fmt: str, after: float, heartbeat_s: float,
                      characters: int) -> AsyncIterator[bytes]:
    """A whole file (encoded formats, or audio that is post-processed), in pieces, once it is made."""
    try:
        audio, _ = await _whole_take(take, first, heartbeat_s)
        audio = await run_in_threadpool(change_speed, audio, after)
        data = await run_in_threadpool(encode_whole, audio, fmt)
    except ApiError as exc:
        yield _failure(exc)
        return
    for start in range(0, len(data), SSE_PIECE_BYTES):
        yield _delta(data[start:start + SSE_PIECE_BYTES])
    yield _done(characters)
