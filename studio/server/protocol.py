"""The server's HTTP connections: deadlines for a request's headers and body, and a connection limit.

Uvicorn only times out a connection that sits idle between requests; a client that sends one header
byte every few seconds (slowloris) or trickles its body is never cut off, and enough of them hold
every socket the process can open. This protocol (uvicorn's h11 one, which `make_server` always
uses, so every client of every route gets it) adds what a front-end proxy would:

- headers: a request's headers must be complete within `header_timeout_s` of the connection opening
  (or of the previous response on a kept-alive connection), however steadily the bytes trickle in;
- body: the body must be complete within `body_timeout_s` of the headers;
- limit: at most `max_connections` at once (WebSockets included). A connection beyond the limit
  pushes out the one that has waited longest for its headers, since that is a slow client or an
  idle keep-alive, never a request being served; only when every connection is busy with a request
  is the newcomer refused (503 with Retry-After).

Each refusal is the server's JSON error (errors.error_body) followed by closing the connection, so a
client that was merely slow reads why. uvicorn's own answer to a malformed request is plain text;
here it is the same JSON shape.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from studio.server.errors import error_body

REASONS = {400: b"Bad Request", 408: b"Request Timeout", 503: b"Service Unavailable"}


def raw_error(status: int, code: str, message: str, extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    """A complete HTTP/1.1 error response that closes the connection, written straight to the socket
    (for the moments h11 cannot write one: the request's headers have not all arrived)."""
    body = json.dumps(error_body(status, code, message), ensure_ascii=False).encode("utf-8")
    lines = [b"HTTP/1.1 %d %s" % (status, REASONS.get(status, b"Error")),
             b"content-type: application/json", b"content-length: %d" % len(body), b"connection: close"]
    lines += [f"{name}: {value}".encode("latin-1") for name, value in extra]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with header and body deadlines and a connection limit (module doc).

    The limits come from the ServerConfig through class attributes: `make_server` makes a subclass
    per server with them set (uvicorn creates one protocol object per connection, with no way to
    pass it arguments)."""

    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    max_connections: int = 1000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self.awaiting_headers_since: float | None = None  # monotonic; None while a request is served

    # --- the deadlines --------------------------------------------------------------------------

    def _arm(self, seconds: float, callback: Any) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, callback)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _await_headers(self) -> None:
        self.awaiting_headers_since = time.monotonic()
        self._arm(self.header_timeout_s, self._headers_late)

    def _headers_late(self) -> None:
        self._deadline = None
        self.refuse(408, "headers-too-slow", f"The request's headers did not arrive within "
                                             f"{self.header_timeout_s:g} s; the connection is closed.")

    def _body_late(self) -> None:
        self._deadline = None
        cycle = self.cycle
        if cycle is None or cycle.response_started or self.transport.is_closing():
            self._close()
            return
        message = (f"The request's body did not arrive within {self.body_timeout_s:g} s of its headers; "
                   "the connection is closed.")
        self.refuse(408, "body-too-slow", message)

    def refuse(self, status: int, code: str, message: str, extra: tuple[tuple[str, str], ...] = ()) -> None:
        """Answer with the JSON error and close, whatever state h11 is in."""
        if not self.transport.is_closing():
            self.transport.write(raw_error(status, code, message, extra))
        self._close()

    def _close(self) -> None:
        """Close; a request being read sees a disconnect, and its app's answer goes nowhere."""
        self._disarm()
        self.awaiting_headers_since = None
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        if not self.transport.is_closing():
            self.transport.close()

    # --- uvicorn's hooks ------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_headers()
        if len(self.connections) > self.max_connections and not self._make_room():
            self.refuse(503, "too-many-connections",
                        f"The server has {self.max_connections} connections open, each busy with a "
                        "request; try again shortly.", (("retry-after", "1"),))

    def _make_room(self) -> bool:
        """Close the connection that has waited longest for its headers (not this one); False when
        every other connection is serving a request."""
        waiting = [c for c in self.connections if isinstance(c, GuardedH11Protocol) and c is not self
                   and c.awaiting_headers_since is not None and not c.transport.is_closing()]
        if not waiting:
            return False
        oldest = min(waiting, key=lambda c: c.awaiting_headers_since or 0.0)
        oldest.refuse(503, "too-many-connections",
                      "The server is at its connection limit and this connection had not sent a "
                      "complete request; it is closed to serve others.", (("retry-after", "1"),))
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.awaiting_headers_since = None
        super().connection_lost(exc)

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.transport.is_closing() or self.cycle is None:
            return
        if self.cycle is not before and self.awaiting_headers_since is not None:
            # A request's headers arrived: now its body has a deadline (none when it has no body)
            self.awaiting_headers_since = None
            if self.cycle.more_body and self.conn.their_state is h11.SEND_BODY:
                self._arm(self.body_timeout_s, self._body_late)
            else:
                self._disarm()
        if not self.cycle.more_body and self._deadline is not None and self.awaiting_headers_since is None:
            self._disarm()  # the body is complete

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        self._disarm()  # the WebSocket has its own keep-alive (pings)
        self.awaiting_headers_since = None
        super().handle_websocket_upgrade(event)

    def on_response_complete(self) -> None:
        # Armed before uvicorn looks for a pipelined request, so that one (found at once) disarms it
        if not self.transport.is_closing():
            self._await_headers()  # the next request on this kept-alive connection
        super().on_response_complete()

    def send_400_response(self, msg: str) -> None:
        self.refuse(400, "bad-request", "The request is not valid HTTP/1.1; the connection is closed.")


def protocol_class(header_timeout_s: float, body_timeout_s: float, max_connections: int) -> type[H11Protocol]:
    """GuardedH11Protocol with these limits, for one server's uvicorn.Config(http=...)."""
    return type("ServerH11Protocol", (GuardedH11Protocol,),
                {"header_timeout_s": header_timeout_s, "body_timeout_s": body_timeout_s,
                 "max_connections": max_connections})
