"""Running an engine's blocking take for the server's event loop.

An engine's `synthesize` is a blocking iterator (see backends.base), so each take runs on its own
worker thread and hands events to the loop through an asyncio queue; the loop never blocks. The
take's slot (the per-engine concurrency limit) is held until the engine's thread really ends, so a
cancelled take that the engine is still finishing still counts: the limit measures engine work,
not open connections.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import math
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from backends.base import (
    Backend,
    BackendError,
    Cancelled,
    CancelToken,
    ChatFinished,
    Finished,
    SynthesisEvent,
    SynthesisRequest,
)
from backends.remote.wire import Heartbeat, WireEvent
from backends.threads import start_native
from studio.engines.provenance import complete, made_with

log = logging.getLogger(__name__)


class QueueFull(Exception):
    """Every slot is busy and the queue is at its limit; `retry_after` is when to try again (s)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class EngineHost:
    """One engine served: loaded once (lazily, or in the background at start), with a take limit
    and a bounded first-come-first-served queue for the requests beyond it.

    A request gets a slot at once (`enter()` returns None) or a place in the queue (a future that
    resolves when a finishing job hands its slot over: the slot passes straight to the head of the
    queue, so nobody arriving later can take it first). A waiter that gives up (its client left)
    calls `leave()`, which removes it, or passes on a slot it was handed in the meantime.

    `release()` may be called on any thread (an engine's worker ends a take); the hand-over is
    scheduled on the waiter's own event loop.
    """

    def __init__(self, engine_id: str, backend: Backend, max_takes: int, max_queue: int = 0) -> None:
        self.engine_id = engine_id
        self.backend = backend
        self.max_takes = max_takes
        self.max_queue = max_queue
        self._load_lock = threading.Lock()
        self._loaded = False
        self._slots_lock = threading.Lock()
        self.active = 0
        self._waiting: collections.deque[asyncio.Future[None]] = collections.deque()
        self._seconds_per_job: float | None = None  # moving average of how long a job held its slot

    @property
    def waiting(self) -> int:
        """How many requests are queued for a slot now."""
        with self._slots_lock:
            return len(self._waiting)

    def ensure_loaded(self) -> None:
        """Blocking and idempotent; concurrent callers wait for the one load."""
        with self._load_lock:
            if not self._loaded:
                self.backend.load()
                self._loaded = True

    def try_acquire(self) -> bool:
        """A slot now, or False (never queues; nobody waiting is passed)."""
        with self._slots_lock:
            if self.active >= self.max_takes or self._waiting:
                return False
            self.active += 1
            return True

    def enter(self) -> asyncio.Future[None] | None:
        """None: a slot is held now. A future: the place in the queue (await it, and `leave()` it if
        the wait is abandoned). Raises QueueFull when the queue is at its limit. Call on the loop."""
        with self._slots_lock:
            if self.active < self.max_takes and not self._waiting:
                self.active += 1
                return None
            if len(self._waiting) >= self.max_queue:
                raise QueueFull(self._retry_after(len(self._waiting)))
            ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.append(ticket)
            return ticket

    def leave(self, ticket: asyncio.Future[None]) -> None:
        """The waiter behind `ticket` stops waiting: out of the queue, or its slot passed on."""
        with self._slots_lock:
            if ticket in self._waiting:
                self._waiting.remove(ticket)
                ticket.cancel()
                return
        if ticket.done():
            if not ticket.cancelled():
                self.release()  # the slot was handed over before the waiter left: pass it on
            # cancelled after it was popped: _hand_over finds it done and passes the slot on
        else:
            ticket.cancel()  # popped, hand-over still scheduled: _hand_over passes the slot on

    def release(self, seconds: float | None = None) -> None:
        """A job ended (`seconds`: how long it held the slot, for Retry-After): the slot goes to
        the head of the queue, or back to the pool."""
        with self._slots_lock:
            if seconds is not None:
                avg = self._seconds_per_job
                self._seconds_per_job = seconds if avg is None else 0.8 * avg + 0.2 * seconds
            while self._waiting:
                ticket = self._waiting.popleft()
                try:
                    ticket.get_loop().call_soon_threadsafe(self._hand_over, ticket)
                    return  # `active` unchanged: the slot passes straight on
                except RuntimeError:  # that waiter's loop is closed (server shutting down)
                    continue
            self.active = max(0, self.active - 1)

    def _hand_over(self, ticket: asyncio.Future[None]) -> None:
        if ticket.done():  # its waiter left between the pop and now
            self.release()
        else:
            ticket.set_result(None)

    def _retry_after(self, queued: int) -> int:
        """Seconds until a slot is likely free for a newcomer: the queue ahead, shared among the
        slots, times how long a job has lately taken (1 s before any job has ended); 1..60."""
        per_job = self._seconds_per_job if self._seconds_per_job is not None else 1.0
        return int(min(60, max(1, math.ceil(per_job * (queued + 1) / max(1, self.max_takes)))))


def provenance(host: EngineHost, request: SynthesisRequest, metadata: Mapping[str, Any]) -> dict[str, Any]:
    """A take's Finished metadata as it leaves the server: the engine's own report, completed with
    what the server knows for certain (engines.provenance), and a `server` record of the request as
    the server ran it and the versions it ran, so a take recorded by any client says which engine
    spoke, in which voice, with which settings and versions."""
    version = host.backend.manifest.version
    meta = complete(metadata, request, host.engine_id, version)
    meta["server"] = made_with("server", host.engine_id, version, request)
    return meta


@dataclass(frozen=True)
class Failed:
    """The take raised: before its first event this becomes an HTTP error, after it an error line."""

    error: BaseException


_END = object()


class Take:
    """One take running on a worker thread; `next()` awaits its events on the loop.

    The caller owns a slot on `host` (already acquired); the take releases it when its thread ends.
    `cancel()` fires the engine's CancelToken; the thread then stops pulling events.
    `start(token)`, when given, makes the event iterator instead of `synthesize(request, token)`
    (a chat reply runs the same way: blocking iterator, thread, slot, cancel).
    """

    def __init__(self, host: EngineHost, request: SynthesisRequest | None,
                 start: Callable[[CancelToken], Iterator[object]] | None = None) -> None:
        self.host = host
        self.request = request
        self._start = start
        self.token = CancelToken()
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[object] = asyncio.Queue()
        self._thread = start_native(self._run, name=f"take-{host.engine_id}")

    def _put(self, item: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed (server shutting down)
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)

    def _run(self) -> None:
        # The terminal event is held back until the slot is free: a client that starts its next take
        # the moment it sees Finished must not find its own finished take still counted (a false 429).
        terminal: object | None = None
        began = time.monotonic()
        try:
            self.host.ensure_loaded()
            if self._start is not None:
                events: Iterator[object] = self._start(self.token)
            else:
                assert self.request is not None
                events = self.host.backend.synthesize(self.request, self.token)
            try:
                for event in events:
                    if self.token.cancelled:
                        break
                    if isinstance(event, Finished) and self.request is not None:
                        terminal = Finished(provenance(self.host, self.request, event.metadata))
                        continue
                    if isinstance(event, (Finished, ChatFinished)):
                        terminal = event
                        continue
                    self._put(event)
            finally:
                close = getattr(events, "close", None)
                if callable(close):
                    close()  # a generator engine's cleanup runs now, on this thread
        except Cancelled:
            pass
        except BaseException as exc:  # every failure must reach the client as a clear error
            if not self.token.cancelled:
                if not isinstance(exc, BackendError):
                    log.exception("engine '%s' failed", self.host.engine_id)
                self._put(Failed(exc))
                terminal = None  # a failure is the take's last word
        finally:
            self.host.release(time.monotonic() - began)
            if terminal is not None:
                self._put(terminal)
            self._put(_END)

    def cancel(self) -> None:
        self.token.cancel()

    async def next(self, timeout: float | None = None) -> SynthesisEvent | Failed | Heartbeat | None:
        """The next event, a Failed, Heartbeat() when `timeout` passed quietly, or None at the end."""
        try:
            item = await asyncio.wait_for(self._queue.get(), timeout) if timeout else await self._queue.get()
        except asyncio.TimeoutError:
            return Heartbeat()
        if item is _END:
            return None
        return item  # type: ignore[return-value]

    async def events(self, heartbeat_s: float) -> AsyncIterator[WireEvent | Failed]:
        """Every event until the end, with a Heartbeat after each quiet `heartbeat_s`. Cancels the
        engine when the consumer stops early (the client went away)."""
        try:
            while True:
                item = await self.next(heartbeat_s)
                if item is None:
                    return
                yield item
        finally:
            self.cancel()
