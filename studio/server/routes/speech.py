"""POST /v1/audio/speech, OpenAI-compatible: `model` is an engine id; pcm and wav stream as the take
makes them, flac/mp3/opus are encoded whole."""

from __future__ import annotations

import logging
import struct
from collections.abc import AsyncIterator

import numpy as np
import soxr
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse

from backends.audio import MP3_SAMPLE_RATES, Audio
from backends.base import AudioChunk, SynthesisRequest
from studio.server.context import ServerContext
from studio.server.errors import ApiError, error_for
from studio.server.hosting import Failed, Take
from studio.server.models import SpeechBody, VoiceRef, error_responses

log = logging.getLogger(__name__)

OPENAI_PCM_RATE = 24000  # OpenAI's `pcm` is 24 kHz 16-bit mono; clients assume that rate
OPUS_RATE = 48000


def speech_router(ctx: ServerContext) -> APIRouter:
    """The speech route; unknown voices and free-form instructions are refused before the take starts."""
    router = APIRouter()
    config = ctx.config
    prepared = ctx.prepared

    @router.post("/v1/audio/speech", summary="OpenAI-compatible text to speech",
                 response_class=Response,
                 responses={200: {"content": {"audio/wav": {}, "audio/pcm": {}, "audio/flac": {},
                                              "audio/mpeg": {}, "audio/ogg": {}},
                                  "description": "The audio"},
                            **error_responses(400, 404, 422, 429, 500, 503)})
    async def speech(body: SpeechBody, http: Request) -> Response:
        host = ctx.host_for(body.model)
        ctx.check_text(body.input)
        voice = body.voice.id if isinstance(body.voice, VoiceRef) else body.voice
        if voice is not None:
            known = [v.id for v in await run_in_threadpool(host.backend.voices)]
            known += [v.id for v in prepared.list(host.engine_id)]
            if voice not in known:
                raise ApiError(400, "unknown-voice", f"Engine '{host.engine_id}' has no voice '{voice}' "
                                                     f"(its voices: {', '.join(known) or 'none'}).")
        if body.instructions:
            raise ApiError(400, "unsupported", "Free-form 'instructions' are not supported here; write tags "
                                               "into the input text instead (see GET /v1/engines).")
        request = SynthesisRequest(text=body.input, voice_id=voice, speed=body.speed)
        take, first = await ctx.start_take(host, request, http=http)
        fmt = body.response_format
        if fmt in ("pcm", "wav"):
            return StreamingResponse(_stream_audio(take, first, fmt, config.heartbeat_s),
                                     media_type="audio/wav" if fmt == "wav" else "audio/pcm")
        return await _whole_file(take, first, fmt, config.heartbeat_s)

    return router


# --- audio framing ----------------------------------------------------------------------------


def streaming_wav_header(sample_rate: int) -> bytes:
    """A 16-bit mono WAV header whose sizes say "unknown" (0xFFFFFFFF), as streaming servers send:
    players and soundfile read such a stream to its end."""
    unknown = 0xFFFFFFFF
    return (b"RIFF" + struct.pack("<I", unknown) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16)
            + b"data" + struct.pack("<I", unknown))


def pcm16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


async def _stream_audio(take: Take, first: object, fmt: str, heartbeat_s: float) -> AsyncIterator[bytes]:
    """pcm: 24 kHz s16le as OpenAI sends it; wav: a streaming header at the take's own rate, then
    s16le. A failure after audio began can only end the stream early (the status is sent)."""
    resampler: soxr.ResampleStream | None = None
    rate: int | None = None
    try:
        pending: object = first
        while pending is not None:
            if isinstance(pending, Failed):
                log.warning("take failed mid-stream: %s", pending.error)
                return
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
            pending = await take.next(heartbeat_s)
        if resampler is not None:
            yield pcm16(resampler.resample_chunk(np.zeros(0, dtype=np.float32), last=True))
    finally:
        take.cancel()


async def _whole_file(take: Take, first: object, fmt: str, heartbeat_s: float) -> Response:
    from studio.library.storage import encode_audio

    chunks: list[np.ndarray] = []
    rate: int | None = None
    try:
        pending: object = first
        while pending is not None:
            if isinstance(pending, Failed):
                raise error_for(pending.error) from pending.error
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
    audio = Audio(np.concatenate(chunks), rate)
    if fmt == "mp3" and rate not in MP3_SAMPLE_RATES:
        audio = audio.resampled(next((r for r in MP3_SAMPLE_RATES if r >= rate), MP3_SAMPLE_RATES[-1]))
    if fmt == "opus":
        audio = audio.resampled(OPUS_RATE)
        data = await run_in_threadpool(encode_audio, audio, "ogg", subtype="OPUS")
    else:
        data = await run_in_threadpool(encode_audio, audio, fmt)
    media = {"flac": "audio/flac", "mp3": "audio/mpeg", "opus": "audio/ogg"}[fmt]
    return Response(data, media_type=media)
