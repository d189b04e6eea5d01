"""Running an engine's blocking take for the server's event loop.

An engine's `synthesize` is a blocking iterator (see backends.base), so each take runs on its own
worker thread and hands events to the loop through an asyncio queue; the loop never blocks. The
take's slot (the per-engine concurrency limit) is held until the engine's thread really ends, so a
cancelled take that the engine is still finishing still counts: the limit measures engine work,
not open connections.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

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

log = logging.getLogger(__name__)


class EngineHost:
    """One engine served: loaded once (lazily, or in the background at start), with a take limit."""

    def __init__(self, engine_id: str, backend: Backend, max_takes: int) -> None:
        self.engine_id = engine_id
        self.backend = backend
        self.max_takes = max_takes
        self._load_lock = threading.Lock()
        self._loaded = False
        self._slots_lock = threading.Lock()
        self.active = 0

    def ensure_loaded(self) -> None:
        """Blocking and idempotent; concurrent callers wait for the one load."""
        with self._load_lock:
            if not self._loaded:
                self.backend.load()
                self._loaded = True

    def try_acquire(self) -> bool:
        with self._slots_lock:
            if self.active >= self.max_takes:
                return False
            self.active += 1
            return True

    def release(self) -> None:
        with self._slots_lock:
            self.active = max(0, self.active - 1)


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
        self._thread = threading.Thread(target=self._run, name=f"take-{host.engine_id}", daemon=True)
        self._thread.start()

    def _put(self, item: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed (server shutting down)
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)

    def _run(self) -> None:
        # The terminal event is held back until the slot is free: a client that starts its next take
        # the moment it sees Finished must not find its own finished take still counted (a false 429).
        terminal: object | None = None
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
            self.host.release()
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
