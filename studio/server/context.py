"""What every route shares: the engines this app serves, its settings and prepared voices, and the
checks and steps the routes have in common (which engine, a free slot, text length, an uploaded clip,
starting a take)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from backends.audio import Audio, AudioLoadError
from backends.base import SynthesisRequest
from backends.registry import DEFAULT_ENGINE
from studio.server.config import ServerConfig
from studio.server.errors import ApiError, error_for
from studio.server.hosting import EngineHost, Failed, QueueFull, Take
from studio.server.openai_compat import OPENAI_MODELS
from studio.server.uploads import FormError, decode_upload
from studio.server.voices import VoiceStore


async def _client_left(request: Request) -> None:
    """Returns when the client of `request` (whose body has been read) closes its connection."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


class ServerContext:
    """One app's engines (id -> EngineHost), config and prepared voices, handed to each router."""

    def __init__(self, hosts: dict[str, EngineHost], config: ServerConfig, prepared: VoiceStore) -> None:
        self.hosts = hosts
        self.config = config
        self.prepared = prepared

    @property
    def default_engine(self) -> str | None:
        """The engine OpenAI's model names mean (see openai_compat)."""
        chosen = self.config.default_engine
        if chosen in self.hosts:
            return chosen
        if DEFAULT_ENGINE in self.hosts:
            return DEFAULT_ENGINE
        return next(iter(self.hosts), None)

    def host_for_model(self, model: str) -> EngineHost:
        """An OpenAI `model`: an engine id, or one of OpenAI's speech models (the default engine)."""
        if model not in self.hosts and model in OPENAI_MODELS and self.default_engine is not None:
            return self.hosts[self.default_engine]
        return self.host_for(model)

    def host_for(self, engine_id: str) -> EngineHost:
        host = self.hosts.get(engine_id)
        if host is None:
            known = ", ".join(self.hosts) or "none"
            aliases = f"; OpenAI's {', '.join(OPENAI_MODELS[:3])} mean '{self.default_engine}'" \
                if self.default_engine else ""
            raise ApiError(404, "unknown-engine",
                           f"This server has no engine '{engine_id}' (it serves: {known}{aliases}).",
                           param="model")
        return host

    async def acquire(self, host: EngineHost, what: str = "jobs", request: Request | None = None) -> None:
        """Take one of the engine's slots, waiting in its queue for one (in arrival order) when all
        are busy; whoever ends the job releases it. Only a full queue is refused: 429 with
        Retry-After. `request`: the HTTP request whose client may leave while it waits (it then
        leaves the queue); without it, cancelling the caller's task is how a waiter leaves."""
        try:
            ticket = host.enter()
        except QueueFull as full:
            waiting = f"{host.max_queue} more are waiting, as many as this server queues" if host.max_queue \
                else "this server queues none"
            raise ApiError(429, "busy", f"Engine '{host.engine_id}' is running {host.max_takes} {what} and "
                                        f"{waiting}; try again in {full.retry_after} s.",
                           headers={"Retry-After": str(full.retry_after)}) from None
        if ticket is None:
            return
        try:
            if request is None:
                await ticket
                return
            gone = asyncio.ensure_future(_client_left(request))
            try:
                await asyncio.wait({ticket, gone}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                gone.cancel()
            if not ticket.done():
                raise ApiError(499, "client-left", "The client left while its request waited for the engine.")
        except BaseException:
            host.leave(ticket)
            raise

    async def read_clip(self, upload: Any, max_seconds: float | None = None) -> Audio:
        """An uploaded clip, decoded off the event loop; bad forms and unreadable audio are 400s."""
        limit = self.config.max_prepare_seconds if max_seconds is None else max_seconds
        try:
            return await run_in_threadpool(decode_upload, upload, limit)
        except FormError as exc:
            raise ApiError(400, "invalid-request", str(exc)) from exc
        except AudioLoadError as exc:
            raise ApiError(400, "unreadable-audio", str(exc)) from exc

    def check_text(self, text: str, openai: bool = False) -> None:
        """Refuse text over the limit: 413, or on OpenAI's routes 400 naming `input`, as OpenAI does."""
        if len(text) > self.config.max_text_chars:
            raise ApiError(400 if openai else 413, "text-too-long",
                           f"The text is {len(text)} characters; this server accepts at most "
                           f"{self.config.max_text_chars} per request.", param="input" if openai else None)

    def with_prepared_voice(self, host: EngineHost, request: SynthesisRequest) -> SynthesisRequest:
        """A request naming a voice prepared here gets that voice's stored profile."""
        if request.voice_id and request.voice_profile is None:
            voice = self.prepared.get(host.engine_id, request.voice_id)
            if voice is not None:
                return dataclasses.replace(request, voice_profile=voice.profile)
        return request

    async def start_take(self, host: EngineHost, request: SynthesisRequest,
                         started: Callable[[Take], None] | None = None,
                         http: Request | None = None) -> tuple[Take, object]:
        """Acquire a slot (waiting in the engine's queue if need be; `http`: see acquire), start the
        take and await its first item (or a quiet heartbeat).

        A take's first event is awaited for up to one heartbeat before a response starts, so a request
        the engine refuses at once (unknown voice, empty text) is an HTTP error with a JSON body; after
        that, failures travel in the stream.

        `started(take)` is called as soon as the take exists, before that wait: a caller that can be
        told to cancel (a WebSocket's `cancel` message) must be able to reach the take during it.
        A caller that is itself cancelled during the wait (its client left) stops the take."""
        request = self.with_prepared_voice(host, request)
        await self.acquire(host, "takes", http)
        take = Take(host, request)
        try:
            if started is not None:
                started(take)
            first = await take.next(self.config.heartbeat_s)
        except BaseException:
            take.cancel()
            raise
        if isinstance(first, Failed):
            raise error_for(first.error) from first.error
        return take, first
