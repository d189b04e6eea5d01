"""The engine server's routes: OpenAI-compatible speech and models, plus the studio's extensions.

OpenAI-compatible (so other tools can use the studio's engines):
  GET  /v1/models                    each engine id as a model
  POST /v1/audio/speech              model = engine id; pcm and wav stream as made, flac/mp3/opus whole
  POST /v1/chat/completions          model = a chat engine's id (backends.base.SupportsChat); SSE or whole
                                     tools: `tool_calls` deltas out, tool/assistant-with-calls turns in
  POST /v1/audio/transcriptions      multipart upload -> the studio's Whisper (whisper-base, whisper-tiny.en)
Extensions (the client engine in backends.remote uses these):
  GET  /v1/engines                   manifests and availability
  GET  /v1/engines/{id}/voices       an engine's voices, and the voices prepared on this server
  POST /v1/engines/{id}/voices       multipart clip (+ transcript, name) -> prepare_voice -> a stored voice
  DELETE /v1/engines/{id}/voices/{voice_id}   forget a prepared voice
  POST /v1/engines/{id}/tokens       multipart clip -> the engine's audio tokens (manifest `tokenize`):
                                     codes (interleaved 0..5119), vq02, vq06, text (`<audio_N>...`), seconds
  POST /v1/engines/{id}/synthesize   the take's events as NDJSON (backends.remote.wire)
  WS   /v1/engines/{id}/stream       the same events over a WebSocket, several takes at once

A prepared voice's id works as `voice_id` anywhere a voice is named (synthesize, stream, speech):
the server speaks it with the stored profile.

The WebSocket protocol (text frames, one JSON object each). The client sends
  {"type": "synthesize", "id": "<its id for the take>", "request": <wire request>, "encoding": "f32le"}
  {"type": "cancel", "id": "..."}
and receives wire events (backends.remote.wire.encode_event) with the take's "id" added. Takes are
multiplexed: a client may run several at once on one socket, each holding one of the engine's
slots like an HTTP take; each take ends with its `finished` or `error` event (a refusal, such as
"busy" or "text-too-long", is an `error` event with the HTTP route's code). A cancelled take ends
with an `error` event of code "cancelled". Closing the socket cancels all its takes. The socket
passes the same Guard as HTTP (Host, key) plus an Origin check (see guard.py).

A take's first event is awaited for up to one heartbeat before the response starts, so a request
the engine refuses at once (unknown voice, empty text) is an HTTP error with a JSON body; after
that, failures travel as an `error` line. The client closing the connection cancels the take.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import struct
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
import soxr
from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from backends.audio import MP3_SAMPLE_RATES, Audio, AudioLoadError
from backends.base import (
    AudioChunk,
    Backend,
    BackendError,
    BackendUnavailable,
    Cancelled,
    CancelToken,
    ChatDelta,
    ChatFinished,
    ChatMessage,
    InvalidRequest,
    SupportsChat,
    SupportsVoicePreparation,
    SynthesisRequest,
    ToolCallRequest,
)
from backends.remote import wire
from backends.remote.openai_tools import tool_call_json
from studio.library.export import studio_version
from studio.server.guard import LOOPBACK_NAMES, Guard
from studio.server.hosting import EngineHost, Failed, Take
from studio.server.uploads import WHISPER_MODELS, FormError, Transcribers, decode_upload, parse_form
from studio.server.voices import VoiceStore

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
    max_audio_seconds: float = 600.0  # longest upload /v1/audio/transcriptions decodes
    max_transcriptions: int = 2  # at once; more are refused with 429
    voices_dir: str | None = None  # where prepared voices are kept; None: in memory only
    max_prepare_seconds: float = 60.0  # longest reference clip POST /v1/engines/{id}/voices decodes

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


class ChatContentPart(BaseModel):
    """One part of an OpenAI message's content list; only text parts are understood here."""

    type: str
    text: str | None = None


class ToolFunctionBody(BaseModel):
    name: str = Field(min_length=1)
    arguments: str = ""  # JSON text, as the model wrote it


class ToolCallBody(BaseModel):
    """One entry of an assistant message's `tool_calls` (OpenAI's format)."""

    id: str = Field(min_length=1)
    type: Literal["function"] = "function"
    function: ToolFunctionBody


class ChatMessageBody(BaseModel):
    """An OpenAI chat message, plus two studio extensions for spoken turns (see
    backends.base.ChatMessage): `audio_tokens` (the `<audio_N>` string) and `transcript`.
    An assistant message may carry `tool_calls`; a "tool" message answers one by `tool_call_id`."""

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ChatContentPart] | None = None
    audio_tokens: str | None = None
    transcript: str | None = None
    tool_calls: list[ToolCallBody] | None = None
    tool_call_id: str | None = None
    name: str | None = None  # OpenAI's optional author name; accepted, not used


class ChatCompletionBody(BaseModel):
    """OpenAI's /v1/chat/completions body; `model` names one of this server's chat engines."""

    model: str
    messages: list[ChatMessageBody] = Field(min_length=1)
    stream: bool = False
    temperature: Annotated[float, Field(ge=0.0, le=2.0, allow_inf_nan=False)] = 0.7
    top_p: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)] = 0.9
    max_tokens: Annotated[int, Field(ge=1, le=65536)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1, le=65536)] | None = None
    n: Annotated[int, Field(ge=1, le=1)] = 1
    tools: list[dict[str, Any]] | None = None


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every refusal's body (backends.remote.wire.error_body)."""

    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the refusals a route can answer with (the Guard's too)."""
    return {status: {"model": ErrorBody, "description": "A refusal, with a sentence for people"}
            for status in (*statuses, 401, 413, 421)}


def clip_form(clip: str, **fields: str) -> dict[str, Any]:
    """The OpenAPI request body of a multipart upload: a required clip `file` plus optional text fields."""
    properties: dict[str, Any] = {"file": {"type": "string", "format": "binary", "description": clip}}
    properties.update({name: {"type": "string", "description": text} for name, text in fields.items()})
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": properties}}}}}


VOICE_FORM = clip_form("The reference clip (wav, flac, ogg, mp3, ...)",
                       transcript="What the clip says (engines that need it)", name="A name for people")
TOKENS_FORM = clip_form("The clip to tokenise (wav, flac, ogg, mp3, ...)")


class TokensBody(BaseModel):
    """A clip's audio tokens, as Step-Audio's LLM reads them (backends.step.tokenizer.AudioTokens)."""

    codes: list[int] = Field(description="Interleaved codes 0..5119: groups of 2 vq02 then 3 vq06 (+1024)")
    vq02: list[int] = Field(description="The vq02 stream (16.67 Hz, 0..1023)")
    vq06: list[int] = Field(description="The vq06 stream (25 Hz, 0..4095)")
    text: str = Field(description="The codes as `<audio_N>` tokens: the content Step-Audio-Chat takes")
    seconds: float = Field(description="The clip's length")


def tokens_json(tokens: Any, seconds: float) -> dict[str, Any]:
    """An engine's AudioTokens (vq02, vq06, interleaved(), as_text()) as the route's JSON."""
    return {"codes": [int(c) for c in tokens.interleaved()], "vq02": [int(c) for c in tokens.vq02],
            "vq06": [int(c) for c in tokens.vq06], "text": str(tokens.as_text()),
            "seconds": round(seconds, 3)}


TRANSCRIPTION_FORM = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file", "model"],
            "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "The audio file (wav, flac, ogg, mp3, ...)"},
                "model": {"type": "string", "enum": list(WHISPER_MODELS)},
                "language": {"type": "string", "description": "ISO-639-1 code; detected when absent"},
                "response_format": {"type": "string", "enum": ["json", "text", "verbose_json"]},
                "temperature": {"type": "number", "description": "only 0 (beam search) is supported"},
            }}}},
    },
    "responses": {"200": {"content": {"application/json": {}, "text/plain": {}},
                          "description": "The transcript"}},
}


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
    transcribers = Transcribers()
    prepared = VoiceStore(config.voices_dir)
    app.state.voices = prepared
    transcribing = [0]  # transcriptions running now (guarded by transcribing_lock)
    transcribing_lock = threading.Lock()

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        if exc.status >= 500:
            # A 5xx is the server's fault or the engine's: say which request got it, with the cause's
            # traceback, so the operator (and a test reading the log) can find why.
            log.error("%s %s answered %d %s: %s", request.method, request.url.path, exc.status, exc.code,
                      exc.message, exc_info=exc.__cause__)
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

    def acquire(host: EngineHost, what: str = "jobs") -> None:
        """Take one of the engine's slots or refuse with 429; whoever ends the job releases it."""
        if not host.try_acquire():
            raise ApiError(429, "busy", f"Engine '{host.engine_id}' is already running {host.max_takes} "
                                        f"{what}; try again when one has finished.")

    async def read_clip(upload: Any, max_seconds: float | None = None) -> Audio:
        """An uploaded clip, decoded off the event loop; bad forms and unreadable audio are 400s."""
        limit = config.max_prepare_seconds if max_seconds is None else max_seconds
        try:
            return await run_in_threadpool(decode_upload, upload, limit)
        except FormError as exc:
            raise ApiError(400, "invalid-request", str(exc)) from exc
        except AudioLoadError as exc:
            raise ApiError(400, "unreadable-audio", str(exc)) from exc

    def check_text(text: str) -> None:
        if len(text) > config.max_text_chars:
            raise ApiError(413, "text-too-long",
                           f"The text is {len(text)} characters; this server accepts at most "
                           f"{config.max_text_chars} per request.")

    def with_prepared_voice(host: EngineHost, request: SynthesisRequest) -> SynthesisRequest:
        """A request naming a voice prepared here gets that voice's stored profile."""
        if request.voice_id and request.voice_profile is None:
            voice = prepared.get(host.engine_id, request.voice_id)
            if voice is not None:
                return dataclasses.replace(request, voice_profile=voice.profile)
        return request

    async def start_take(host: EngineHost, request: SynthesisRequest,
                         started: Callable[[Take], None] | None = None) -> tuple[Take, object]:
        """Acquire a slot, start the take and await its first item (or a quiet heartbeat).

        `started(take)` is called as soon as the take exists, before that wait: a caller that can be
        told to cancel (a WebSocket's `cancel` message) must be able to reach the take during it.
        A caller that is itself cancelled during the wait (its client left) stops the take."""
        request = with_prepared_voice(host, request)
        acquire(host, "takes")
        take = Take(host, request)
        try:
            if started is not None:
                started(take)
            first = await take.next(config.heartbeat_s)
        except BaseException:
            take.cancel()
            raise
        if isinstance(first, Failed):
            raise _error_for(first.error) from first.error
        return take, first

    async def _serve_socket(websocket: WebSocket, engine_id: str) -> None:
        """The WebSocket protocol of the module docstring: one task per take, one lock per send."""
        await websocket.accept()
        send_lock = asyncio.Lock()
        takes: dict[str, Take] = {}
        tasks: dict[str, asyncio.Task[None]] = {}
        # `cancel` for a take whose task has not started its engine yet: applied the moment it does
        cancel_early: set[str] = set()

        async def send(obj: Mapping[str, Any]) -> None:
            text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            async with send_lock:
                await websocket.send_text(text)

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
                host = host_for(engine_id)
                try:
                    request = wire.decode_request(raw)
                except wire.WireError as exc:
                    raise ApiError(422, "invalid-request", f"The request is not valid: {exc}.") from exc
                check_text(request.text)
                started_take, pending = await start_take(host, request, started)
                take = started_take
                while pending is not None:
                    if isinstance(pending, Failed):
                        err = _error_for(pending.error)
                        await refuse(take_id, err.code, err.message)
                        return
                    await send({**wire.encode_event(pending, encoding), "id": take_id})  # type: ignore[arg-type]
                    pending = await take.next(config.heartbeat_s)
                if take.token.cancelled:
                    await refuse(take_id, "cancelled", "The take was cancelled.")
            except ApiError as exc:
                await refuse(take_id, exc.code, exc.message)
            except WebSocketDisconnect:
                pass
            finally:
                if take is not None:
                    take.cancel()
                takes.pop(take_id, None)
                tasks.pop(take_id, None)
                cancel_early.discard(take_id)

        try:
            while True:
                text = await websocket.receive_text()
                try:
                    message = json.loads(text)
                    kind = message["type"]
                    take_id = message["id"]
                    if not isinstance(take_id, str) or not take_id or len(take_id) > 100:
                        raise ValueError("'id' must be a short string")
                except (ValueError, KeyError, TypeError) as exc:
                    await refuse(None, "invalid-request", f"A message is not valid ({exc}); each needs "
                                                          "'type' and 'id'.")
                    continue
                if kind == "synthesize":
                    encoding = message.get("encoding") or "f32le"
                    if take_id in tasks:
                        await refuse(take_id, "invalid-request", f"A take with id '{take_id}' is running.")
                    elif encoding not in wire.AUDIO_ENCODINGS:
                        await refuse(take_id, "invalid-request", f"Unknown audio encoding '{encoding}'.")
                    else:
                        tasks[take_id] = asyncio.create_task(run(take_id, message.get("request"), encoding))
                elif kind == "cancel":
                    take = takes.get(take_id)
                    if take is not None:
                        take.cancel()
                    elif take_id in tasks:  # its task has not started the engine yet
                        cancel_early.add(take_id)
                else:
                    await refuse(take_id, "invalid-request", f"Unknown message type '{kind}'.")
        except WebSocketDisconnect:
            pass
        finally:  # the client left: cancel its takes (their engine threads free the slots)
            for take in list(takes.values()):
                take.cancel()
            for task in list(tasks.values()):
                task.cancel()

    @app.get("/v1/models", summary="Engines as OpenAI models", responses=error_responses())
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": eid, "object": "model", "created": 0,
                                            "owned_by": "step-audio-studio"} for eid in hosts]}

    @app.get("/v1/engines", summary="Every engine's manifest and availability", responses=error_responses())
    async def engines_list() -> dict[str, Any]:
        out = []
        for eid, host in hosts.items():
            availability = await run_in_threadpool(host.backend.availability)
            out.append({"id": eid, "manifest": wire.encode_manifest(host.backend.manifest),
                        "availability": wire.encode_availability(availability)})
        return {"wire_version": wire.WIRE_VERSION, "transports": ["ndjson", "websocket"], "engines": out}

    @app.get("/v1/engines/{engine_id}/voices", summary="An engine's voices",
             responses=error_responses(400, 404, 500, 503))
    async def engine_voices(engine_id: str) -> dict[str, Any]:
        host = host_for(engine_id)
        try:
            voices = await run_in_threadpool(host.backend.voices)
        except BackendError as exc:
            raise _error_for(exc) from exc
        return {"voices": [wire.encode_voice(v) for v in voices],
                "prepared": [v.to_json() for v in prepared.list(engine_id)]}

    @app.post("/v1/engines/{engine_id}/voices", summary="Prepare a voice from a reference clip and keep it",
              openapi_extra=VOICE_FORM, response_class=Response,
              responses={201: {"content": {"application/json": {}, wire.NDJSON_MEDIA_TYPE: {}},
                               "description": "The stored voice (id, name, transcript, profile); with "
                                              "'Accept: application/x-ndjson', progress lines then it"},
                         **error_responses(400, 404, 429, 500, 503)})
    async def create_voice(engine_id: str, request: Request) -> Response:
        host = host_for(engine_id)
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
            check_text(transcript)
        if transcript is None and backend.manifest.cloning.needs_transcript:
            raise ApiError(400, "invalid-request", f"Engine '{engine_id}' needs the clip's transcript "
                                                   "(a 'transcript' field).")
        name = fields.get("name", "").strip()[:200] or "Prepared voice"
        reference = await read_clip(upload)
        acquire(host)
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
                raise _error_for(exc) from exc
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

    @app.delete("/v1/engines/{engine_id}/voices/{voice_id}", summary="Forget a prepared voice",
                responses=error_responses(404))
    async def delete_voice(engine_id: str, voice_id: str) -> dict[str, Any]:
        host_for(engine_id)
        if not await run_in_threadpool(prepared.delete, engine_id, voice_id):
            raise ApiError(404, "unknown-voice", f"Engine '{engine_id}' has no prepared voice '{voice_id}' "
                                                 "on this server.")
        return {"id": voice_id, "deleted": True}

    @app.post("/v1/engines/{engine_id}/tokens", summary="Tokenise a clip into the engine's audio tokens",
              openapi_extra=TOKENS_FORM, response_model=TokensBody,
              responses=error_responses(400, 404, 422, 429, 500, 503))
    async def tokenize_clip(engine_id: str, request: Request) -> JSONResponse:
        host = host_for(engine_id)
        backend: Any = host.backend
        if not backend.manifest.tokenize or not callable(getattr(backend, "tokenize", None)):
            tokenizing = [eid for eid, h in hosts.items()
                          if h.backend.manifest.tokenize and callable(getattr(h.backend, "tokenize", None))]
            raise ApiError(422, "cannot-tokenize", f"Engine '{engine_id}' cannot turn audio into tokens (its "
                                                   "manifest declares no tokenizer; engines here that can: "
                                                   f"{', '.join(tokenizing) or 'none'}).")
        raw = await request.body()
        try:
            form = parse_form(request.headers.get("content-type", ""), raw)
        except FormError as exc:
            raise ApiError(400, "invalid-request", str(exc)) from exc
        upload = form.get("file")
        if upload is None:
            raise ApiError(400, "invalid-request", "The form needs a 'file' field with the clip.")
        clip = await read_clip(upload)
        acquire(host)

        def tokenize() -> dict[str, Any]:
            try:
                host.ensure_loaded()
                return tokens_json(backend.tokenize(clip), clip.duration)
            finally:
                host.release()

        try:
            return JSONResponse(await run_in_threadpool(tokenize))
        except ApiError:
            raise
        except Exception as exc:
            raise _error_for(exc) from exc  # a 5xx is logged, with this traceback, by the handler

    @app.websocket("/v1/engines/{engine_id}/stream")
    async def stream(websocket: WebSocket, engine_id: str) -> None:
        await _serve_socket(websocket, engine_id)

    @app.post("/v1/engines/{engine_id}/synthesize", summary="Stream a take's events as NDJSON",
              response_class=StreamingResponse,
              responses={200: {"content": {wire.NDJSON_MEDIA_TYPE: {}},
                               "description": "One wire event per line"},
                         **error_responses(400, 404, 422, 429, 500, 503)})
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

    @app.post("/v1/chat/completions", summary="OpenAI-compatible chat (streamed as SSE, or whole)",
              responses={200: {"content": {"application/json": {}, "text/event-stream": {}},
                               "description": "A chat.completion, or chat.completion.chunk events"},
                         **error_responses(400, 404, 422, 429, 500, 503)})
    async def chat_completions(body: ChatCompletionBody) -> Response:
        host = host_for(body.model)
        backend = host.backend
        if not (backend.manifest.chat and isinstance(backend, SupportsChat)):
            chatting = [eid for eid, h in hosts.items()
                        if h.backend.manifest.chat and isinstance(h.backend, SupportsChat)]
            raise ApiError(400, "not-a-chat-engine",
                           f"Engine '{host.engine_id}' does not chat (chat engines here: "
                           f"{', '.join(chatting) or 'none'}).")
        check_text("".join(_chat_content(m) + (m.transcript or "")
                           + "".join(c.function.arguments for c in m.tool_calls or ())
                           for m in body.messages))
        try:
            history = chat_history(body)
        except ValueError as exc:
            raise ApiError(422, "invalid-request", f"The request is not valid: {exc}.") from exc
        max_tokens = body.max_completion_tokens or body.max_tokens or 2048
        chat = backend.chat

        def start(token: Any) -> Any:
            return chat(history, token, temperature=body.temperature, top_p=body.top_p,
                        max_tokens=max_tokens, tools=body.tools)

        acquire(host)
        take = Take(host, None, start=start)
        first = await take.next(config.heartbeat_s)
        if isinstance(first, Failed):
            raise _error_for(first.error) from first.error
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
                            err = _error_for(pending.error)
                            yield _sse(wire.error_body(err.code, err.message))
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
                        yield _sse(wire.error_body("engine-failed", f"Engine '{host.engine_id}' ended the "
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
                    raise _error_for(pending.error) from pending.error
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

    @app.post("/v1/audio/transcriptions", summary="OpenAI-compatible speech to text (the studio's Whisper)",
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
        audio = await read_clip(upload, config.max_audio_seconds)
        with transcribing_lock:
            if transcribing[0] >= config.max_transcriptions:
                raise ApiError(429, "busy", f"The server is already transcribing {config.max_transcriptions} "
                                            "files; try again when one has finished.")
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

    @app.post("/v1/audio/speech", summary="OpenAI-compatible text to speech",
              response_class=Response,
              responses={200: {"content": {"audio/wav": {}, "audio/pcm": {}, "audio/flac": {},
                                           "audio/mpeg": {}, "audio/ogg": {}},
                               "description": "The audio"},
                         **error_responses(400, 404, 422, 429, 500, 503)})
    async def speech(body: SpeechBody) -> Response:
        host = host_for(body.model)
        check_text(body.input)
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
                raise _error_for(pending.error) from pending.error
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
