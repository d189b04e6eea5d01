"""The client side of the engine server's WebSocket (`/v1/engines/{id}/stream`).

One socket per client engine, opened on the first take and kept: later takes skip the TCP and HTTP
set-up an NDJSON request pays, and several takes share the socket (the server multiplexes them by
the id each message carries; see studio.server.app). A reader thread hands each take's messages to
that take's queue, so the caller's thread only waits on its own queue, where it can also notice its
CancelToken. When the socket closes, every take on it gets the `CLOSED` marker and the socket is
opened afresh by the next take: a restarted server is picked up without restarting the app.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import queue
import threading
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

CLOSED = object()  # put on a take's queue when the socket ended before the take did


class SocketRefused(Exception):
    """The server answered the handshake with an HTTP error (`status`, raw `body`)."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.body = body


class TakeSocket:
    """An open WebSocket to one engine; `start()` a take, read its queue, `cancel()` it."""

    def __init__(self, url: str, key: str | None, open_timeout: float) -> None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        try:
            # max_size None: a long sentence's audio is one message of several MB of base64.
            # compression None: base64 audio barely compresses and deflate costs first-audio time.
            self._conn: ClientConnection = connect(url, additional_headers=headers, open_timeout=open_timeout,
                                                   max_size=None, compression=None, proxy=None)
            self._conn.__enter__()  # websockets 17 wants its context; the socket is closed in close()
        except InvalidStatus as exc:
            raise SocketRefused(exc.response.status_code, bytes(exc.response.body or b"")) from exc
        self._queues: dict[str, queue.Queue[Any]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.closed = False
        self._reader = threading.Thread(target=self._read, name="engine-socket", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for message in self._conn:
                try:
                    obj = json.loads(message)
                except ValueError:
                    obj = {"type": "malformed", "text": str(message)[:200]}
                take_id = obj.get("id") if isinstance(obj, dict) else None
                with self._lock:
                    targets = ([self._queues[take_id]] if take_id in self._queues
                               else list(self._queues.values()) if take_id is None else [])
                for q in targets:
                    q.put(obj)
        except (ConnectionClosed, OSError):
            pass
        finally:
            with self._lock:
                self.closed = True
                targets = list(self._queues.values())
            for q in targets:
                q.put(CLOSED)

    def start(self, request: Any, encoding: str = "f32le") -> tuple[str, queue.Queue[Any]]:
        """Send a take; returns its id and the queue its messages (then maybe CLOSED) arrive on."""
        take_id = f"t{next(self._ids)}"
        q: queue.Queue[Any] = queue.Queue()
        with self._lock:
            if self.closed:
                raise ConnectionError("the socket is closed")
            self._queues[take_id] = q
        try:
            self._conn.send(json.dumps({"type": "synthesize", "id": take_id, "request": request,
                                        "encoding": encoding}, ensure_ascii=False))
        except (ConnectionClosed, OSError) as exc:
            self.finish(take_id)
            raise ConnectionError(str(exc)) from exc
        return take_id, q

    def cancel(self, take_id: str) -> None:
        with contextlib.suppress(ConnectionClosed, OSError):
            self._conn.send(json.dumps({"type": "cancel", "id": take_id}))

    def finish(self, take_id: str) -> None:
        """The caller is done with this take's messages."""
        with self._lock:
            self._queues.pop(take_id, None)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.close()
