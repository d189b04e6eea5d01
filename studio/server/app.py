"""The engine server's app: OpenAI-compatible speech and models, plus the studio's extensions.

OpenAI-compatible (so other tools can use the studio's engines):
  GET  /v1/models                    each engine id as a model, then tts-1, tts-1-hd, gpt-4o-mini-tts
  POST /v1/audio/speech              a drop-in for OpenAI's (routes/speech.py): OpenAI's models and voices
                                     mapped (openai_compat.py); pcm and wav stream as made, the rest whole
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
  POST /v1/engines/{id}/edit         multipart clip + instruction (manifest `edits`) -> NDJSON progress,
                                     the edited clip (routes/edit.py)
  POST /v1/engines/{id}/synthesize   the take's events as NDJSON (backends.remote.wire)
  WS   /v1/engines/{id}/stream       the same events over a WebSocket, several takes at once

A prepared voice's id works as `voice_id` anywhere a voice is named (synthesize, stream, speech):
the server speaks it with the stored profile.

Each engine runs at most `max_takes_per_engine` jobs at once; more wait in its first-come-first-served
queue (`max_queue_per_engine`), and only a full queue is refused (429 with Retry-After). Errors are in
OpenAI's shape (errors.py).

A take's first event is awaited for up to one heartbeat before the response starts, so a request
the engine refuses at once (unknown voice, empty text) is an HTTP error with a JSON body; after
that, failures travel as an `error` line. The client closing the connection cancels the take.

This module assembles the app; each area's routes are in studio.server.routes (the WebSocket
protocol is described in routes/stream.py), what they share in context.py, models.py and errors.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

from fastapi import FastAPI

from backends.base import Backend
from backends.threads import start_native
from studio.engines.idle import residencies, tend_idle
from studio.library.export import studio_version
from studio.server.config import ServerConfig
from studio.server.context import ServerContext
from studio.server.errors import install_error_handlers
from studio.server.guard import Guard
from studio.server.hosting import EngineHost
from studio.server.routes.catalogue import catalogue_router
from studio.server.routes.chat import chat_router
from studio.server.routes.edit import edit_router
from studio.server.routes.speech import speech_router
from studio.server.routes.stream import stream_router
from studio.server.routes.synthesize import synthesize_router
from studio.server.routes.tokens import tokens_router
from studio.server.routes.transcriptions import transcriptions_router
from studio.server.routes.voices import voices_router
from studio.server.voices import VoiceStore

__all__ = ["ServerConfig", "create_app"]

log = logging.getLogger(__name__)


def _load_quietly(host: EngineHost) -> None:
    try:
        host.ensure_loaded()
    except Exception as exc:  # reported again, to the client, by the first take that needs it
        log.warning("engine '%s' did not load: %s", host.engine_id, exc)


async def _tend_idle_engines(hosts: Mapping[str, EngineHost], config: ServerConfig) -> None:
    """Every `config.idle_check_s`, give back what idle engines hold (studio.engines.idle), in a
    thread: a release runs a short synthesis, which the event loop must not wait for."""
    while True:
        await asyncio.sleep(config.idle_check_s)
        books = residencies(host.backend for host in hosts.values())
        if not books:
            continue
        gone = await asyncio.to_thread(tend_idle, books, config.unload_idle_minutes)
        for name, grew in gone:
            log.info("unloaded the idle voice family %s (about %s MB)", name,
                     "?" if grew is None else round(grew / 1e6))


def create_app(engines: Mapping[str, Backend], config: ServerConfig | None = None) -> Any:
    """The ASGI app serving `engines` (id -> Backend), wrapped in the Guard (see guard.py)."""
    config = config or ServerConfig()
    hosts = {eid: EngineHost(eid, backend, config.max_takes_per_engine, config.max_queue_per_engine)
             for eid, backend in engines.items()}
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        """Load every engine in the background at start, so the first take does not pay for it;
        then look after idle engines' memory until the server stops."""
        if config.load_on_start:
            for host in hosts.values():
                start_native(_load_quietly, host, name=f"load-{host.engine_id}")
        tending = asyncio.create_task(_tend_idle_engines(hosts, config))
        try:
            yield
        finally:
            tending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await tending

    app = FastAPI(lifespan=lifespan, title="Step Audio Studio engine server", version=studio_version(),
                  description="Step Audio Studio's engines over HTTP: OpenAI-compatible speech and models, "
                              "plus capability manifests, voices and an NDJSON event stream.")
    app.state.hosts = hosts
    app.state.config = config
    prepared = VoiceStore(config.voices_dir)
    app.state.voices = prepared
    install_error_handlers(app)

    ctx = ServerContext(hosts, config, prepared)
    # In this order (it is the OpenAPI document's order of paths)
    for router in (catalogue_router(ctx), voices_router(ctx), tokens_router(ctx), edit_router(ctx),
                   stream_router(ctx), synthesize_router(ctx), chat_router(ctx), transcriptions_router(ctx),
                   speech_router(ctx)):
        app.include_router(router)

    return Guard(app, allowed_hosts=config.host_names()[0], any_ip_host=config.host_names()[1],
                 key=config.key, max_body_bytes=config.max_body_bytes,
                 max_upload_bytes=config.max_upload_bytes)
