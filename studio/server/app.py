"""The engine server's routes: OpenAI-compatible speech and models, plus the studio's extensions.

OpenAI-compatible (so other tools can use the studio's engines):
  GET  /v1/models                    each engine id as a model
  POST /v1/audio/speech              model = engine id; pcm and wav stream as made, flac/mp3/opus whole
Extensions (the client engine in backends.remote uses these):
  GET  /v1/engines                   manifests and availability
  GET  /v1/engines/{id}/voices       an engine's voices
  POST /v1/engines/{id}/synthesize   the take's events as NDJSON (backends.remote.wire)

A take's first event is awaited for up to one heartbeat before the response starts, so a request
the engine refuses at once (unknown voice, empty text) is an HTTP error with a JSON body; after
that, failures travel as an `error` line. The client closing the connection cancels the take.
"""

from __future__ import annotations

import contextlib
import logging
import struct
import threading
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
import soxr
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from backends.audio import MP3_SAMPLE_RATES, Audio
from backends.base import (
    AudioChunk,
    Backend,
    BackendError,
    BackendUnavailable,
    InvalidRequest,
    SynthesisRequest,
)
from backends.remote import wire
from studio.export import studio_version
from studio.server.guard import LOOPBACK_NAMES, Guard
from studio.server.hosting import EngineHost, Failed, Take

log = logging.getLogger(__name__)

OPENAI_PCM_RATE = 24000  # OpenAI's `pcm` is 24 kHz 16-bit mono; clients assume that rate
OPUS_RATE = 48000


@dataclass
class ServerConfig:
    """Limits and security settings; `serve` fills these from its command line."""

    key: str | None = None
    bound_host: str = "127.0.0.1"
    allow_hosts: tuple[str, ...] = ()
    max_text_chars: int = 20_000
    max_body_bytes: int = 1_000_000
    max_takes_per_engine: int = 4
    heartbeat_s: float = 0.5
    load_on_start: bool = True

    def host_names(self) -> tuple[set[str], bool]:
        """(accepted Host names, whether any IP literal is accepted too)."""
        names = set(LOOPBACK_NAMES) | {h.lower() for h in self.allow_hosts}
        wildcard = self.bound_host in ("0.0.0.0", "::", "")
        if not wildcard:
            names.add(self.bound_host.lower().strip("[]"))
        return names, wildcard


class ApiError(Exception):
    """A refusal: becomes `{"error": {"code", "message"}}` with `status`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _json_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(wire.error_body(code, message), status_code=status)


def _error_for(exc: BaseException) -> ApiError:
    """How an engine's exception is told to the client (the message is the engine's own words)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, InvalidRequest):
        return ApiError(400, "invalid-request", text or "The engine cannot synthesise this request.")
    if isinstance(exc, BackendUnavailable):
        return ApiError(503, "engine-unavailable", text or "The engine cannot run on this server.")
    if isinstance(exc, BackendError):
        return ApiError(500, "engine-failed", text or "The engine failed.")
    return ApiError(500, "internal-error", f"The engine failed unexpectedly ({type(exc).__name__}: {text}).")


# --- request bodies (they also make the OpenAPI document) --------------------------------------

Finite = Annotated[float, Field(allow_inf_nan=False)]


class VoiceRef(BaseModel):
    id: str


class SpeechBody(BaseModel):
    """OpenAI's /v1/audio/speech body; `model` names one of this server's engines."""

    model: str
    input: str
    voice: str | VoiceRef | None = None
    speed: Annotated[float, Field(ge=0.25, le=4.0, allow_inf_nan=False)] = 1.0
    response_format: Literal["wav", "pcm", "flac", "mp3", "opus"] = "mp3"
    instructions: str | None = None


class SynthesizeBody(BaseModel):
    """A SynthesisRequest in the wire format (backends.remote.wire.encode_request)."""

    text: str
    voice_id: str | None = None
    speed: Finite = 1.0
    pitch: Finite = 0.0
    seed: int | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    voice_profile: dict[str, Any] | None = None
    encoding: Literal["f32le", "s16le"] = "f32le"


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


# --- the app ----------------------------------------------------------------------------------


def _load_quietly(host: EngineHost) -> None:
    try:
        host.ensure_loaded()
    except Exception as exc:  # reported again, to the client, by the first take that needs it
        log.warning("engine '%s' did not load: %s", host.engine_id, exc)


def create_app(engines: Mapping[str, Backend], config: ServerConfig | None = None) -> Any:
    """The ASGI app serving `engines` (id -> Backend), wrapped in the Guard (see guard.py)."""
    config = config or ServerConfig()
    hosts = {eid: EngineHost(eid, backend, config.max_takes_per_engine) for eid, backend in engines.items()}
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        """Load every engine in the background at start, so the first take does not pay for it."""
        if config.load_on_start:
            for host in hosts.values():
                threading.Thread(target=_load_quietly, args=(host,), name=f"load-{host.engine_id}",
                                 daemon=True).start()
        yield

    app = FastAPI(lifespan=lifespan, title="Step Audio Studio engine server", version=studio_version(),
                  description="Step Audio Studio's engines over HTTP: OpenAI-compatible speech and models, "
                              "plus capability manifests, voices and an NDJSON event stream.")
    app.state.hosts = hosts
    app.state.config = config

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _json_error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        return _json_error(422, "invalid-request", "The request is not valid: " + "; ".join(parts) + ".")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not-found", 405: "method-not-allowed"}
        return _json_error(exc.status_code, codes.get(exc.status_code, "http-error"), str(exc.detail))

    def host_for(engine_id: str) -> EngineHost:
        host = hosts.get(engine_id)
        if host is None:
            known = ", ".join(hosts) or "none"
            raise ApiError(404, "unknown-engine",
                           f"This server has no engine '{engine_id}' (it serves: {known}).")
        return host

    def check_text(text: str) -> None:
        if len(text) > config.max_text_chars:
            raise ApiError(413, "text-too-long",
                           f"The text is {len(text)} characters; this server accepts at most "
                           f"{config.max_text_chars} per request.")

    async def start_take(host: EngineHost, request: SynthesisRequest) -> tuple[Take, object]:
        """Acquire a slot, start the take and await its first item (or a quiet heartbeat)."""
        if not host.try_acquire():
            raise ApiError(429, "busy", f"Engine '{host.engine_id}' is already running {host.max_takes} "
                                        "takes; try again when one has finished.")
        take = Take(host, request)
        first = await take.next(config.heartbeat_s)
        if isinstance(first, Failed):
            raise _error_for(first.error)
        return take, first

    @app.get("/v1/models", summary="Engines as OpenAI models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": eid, "object": "model", "created": 0,
                                            "owned_by": "step-audio-studio"} for eid in hosts]}

    @app.get("/v1/engines", summary="Every engine's manifest and availability")
    async def engines_list() -> dict[str, Any]:
        out = []
        for eid, host in hosts.items():
            availability = await run_in_threadpool(host.backend.availability)
            out.append({"id": eid, "manifest": wire.encode_manifest(host.backend.manifest),
                        "availability": wire.encode_availability(availability)})
        return {"wire_version": wire.WIRE_VERSION, "engines": out}

    @app.get("/v1/engines/{engine_id}/voices", summary="An engine's voices")
    async def engine_voices(engine_id: str) -> dict[str, Any]:
        host = host_for(engine_id)
        try:
            voices = await run_in_threadpool(host.backend.voices)
        except BackendError as exc:
            raise _error_for(exc) from exc
        return {"voices": [wire.encode_voice(v) for v in voices]}

    @app.post("/v1/engines/{engine_id}/synthesize", summary="Stream a take's events as NDJSON",
              response_class=StreamingResponse,
              responses={200: {"content": {wire.NDJSON_MEDIA_TYPE: {}},
                               "description": "One wire event per line"}})
    async def synthesize(engine_id: str, body: SynthesizeBody) -> StreamingResponse:
        host = host_for(engine_id)
        check_text(body.text)
        try:
            request = wire.decode_request(body.model_dump(exclude={"encoding"}))
        except wire.WireError as exc:
            raise ApiError(422, "invalid-request", f"The request is not valid: {exc}.") from exc
        take, first = await start_take(host, request)

        async def lines() -> AsyncIterator[bytes]:
            try:
                pending: object = first
                while pending is not None:
                    if isinstance(pending, Failed):
                        err = _error_for(pending.error)
                        yield wire.dumps_line(wire.encode_event(wire.RemoteError(err.code, err.message)))
                        return
                    yield wire.dumps_line(wire.encode_event(pending, body.encoding))  # type: ignore[arg-type]
                    pending = await take.next(config.heartbeat_s)
            finally:
                take.cancel()  # the client left (or the take ended): stop the engine

        return StreamingResponse(lines(), media_type=wire.NDJSON_MEDIA_TYPE)

    @app.post("/v1/audio/speech", summary="OpenAI-compatible text to speech",
              response_class=Response,
              responses={200: {"content": {"audio/wav": {}, "audio/pcm": {}, "audio/flac": {},
                                           "audio/mpeg": {}, "audio/ogg": {}},
                               "description": "The audio"}})
    async def speech(body: SpeechBody) -> Response:
        host = host_for(body.model)
        check_text(body.input)
        voice = body.voice.id if isinstance(body.voice, VoiceRef) else body.voice
        if voice is not None:
            known = [v.id for v in await run_in_threadpool(host.backend.voices)]
            if voice not in known:
                raise ApiError(400, "unknown-voice", f"Engine '{host.engine_id}' has no voice '{voice}' "
                                                     f"(its voices: {', '.join(known) or 'none'}).")
        if body.instructions:
            raise ApiError(400, "unsupported", "Free-form 'instructions' are not supported here; write tags "
                                               "into the input text instead (see GET /v1/engines).")
        request = SynthesisRequest(text=body.input, voice_id=voice, speed=body.speed)
        take, first = await start_take(host, request)
        fmt = body.response_format
        if fmt in ("pcm", "wav"):
            return StreamingResponse(_stream_audio(take, first, fmt, config.heartbeat_s),
                                     media_type="audio/wav" if fmt == "wav" else "audio/pcm")
        return await _whole_file(take, first, fmt, config.heartbeat_s)

    return Guard(app, allowed_hosts=config.host_names()[0], any_ip_host=config.host_names()[1],
                 key=config.key, max_body_bytes=config.max_body_bytes)


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
    from studio.storage import encode_audio

    chunks: list[np.ndarray] = []
    rate: int | None = None
    try:
        pending: object = first
        while pending is not None:
            if isinstance(pending, Failed):
                raise _error_for(pending.error)
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
