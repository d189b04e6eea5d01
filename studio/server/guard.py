"""The server's front door: Host check, bearer key and body size, before any route runs.

A plain ASGI middleware rather than FastAPI dependencies, so nothing (not /openapi.json, not a
404) is reachable without passing it, and so it never buffers a streaming response (Starlette's
BaseHTTPMiddleware would). Every refusal is a JSON error in the wire format's shape.

- Host: a web page the user visits can point its own DNS name at 127.0.0.1 (DNS rebinding) and
  then talk to a loopback server as same-origin; checking the Host header against the names we
  actually serve defeats that, key or not.
- Key: required by `serve` whenever the server listens beyond loopback; compared in constant time.
- Body: Content-Length is checked up front; a chunked body is counted as it arrives.
- WebSocket: the same Host and key checks before the socket is accepted, plus the Origin header:
  a browser lets any web page open a WebSocket to 127.0.0.1 (no CORS preflight protects it), so a
  handshake that carries an Origin must come from a name this server answers to. Programs (the
  studio's client, curl) send no Origin. A refusal is the same JSON error as over HTTP, sent as the
  handshake's HTTP answer where the ASGI server can (uvicorn can), else a close with code 1008.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from studio.server.errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# On a refused body: the client may still be sending it, so the connection ends with the answer
CLOSE = ((b"connection", b"close"),)


def host_name(header: str) -> str:
    """The host part of a Host header, lower case, without port or IPv6 brackets."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


async def send_error(send: Send, status: int, code: str, message: str,
                     headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps(error_body(status, code, message), ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware enforcing the Host allow-list, the bearer key and the body size limit.

    `allowed_hosts`: exact names (lower case); `any_ip_host`: also accept any IP literal (the server
    listens on a wildcard address, so clients reach it by whatever address routes to it).
    """

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str], any_ip_host: bool, key: str | None,
                 max_body_bytes: int, max_upload_bytes: int | None = None) -> None:
        self.app = app
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.any_ip_host = any_ip_host
        self.key = key
        self.max_body_bytes = max_body_bytes
        # Clips come as multipart forms and are larger than any JSON request: a minute of 24 kHz
        # FLAC is already past 1 MB. Uploads get their own limit; everything else stays small.
        self.max_upload_bytes = max_body_bytes if max_upload_bytes is None else max_upload_bytes

    def _host_ok(self, raw: str | None) -> bool:
        if not raw:
            return False
        name = host_name(raw)
        return name in self.allowed_hosts or (self.any_ip_host and is_ip_literal(name))

    def _refusal(self, headers: dict[str, str]) -> tuple[int, str, str, list[tuple[bytes, bytes]]] | None:
        """(status, code, message, headers) when the Host or the key is refused; None when both pass."""
        host = headers.get("host")
        if not self._host_ok(host):
            return (421, "bad-host", f"This server does not answer to the host name '{host or ''}'; use the "
                                     "address it was started with (or add the name with --allow-host).", [])
        if self.key is not None:
            auth = headers.get("authorization", "")
            scheme, _, given = auth.partition(" ")
            if not auth:
                return (401, "key-required", "This server needs a key: send 'Authorization: Bearer <key>'.",
                        [(b"www-authenticate", b"Bearer")])
            matches = hmac.compare_digest(given.strip().encode(), self.key.encode())
            if scheme.lower() != "bearer" or not matches:
                return (401, "bad-key", "The key was not accepted by this server.",
                        [(b"www-authenticate", b"Bearer")])
        return None

    async def _websocket(self, scope: Scope, receive: Receive, send: Send,
                         headers: dict[str, str]) -> None:
        refusal = self._refusal(headers)
        origin = headers.get("origin")
        if refusal is None and origin is not None:
            name = host_name(urlsplit(origin).netloc or origin)
            if not self._host_ok(name):
                refusal = (403, "bad-origin", f"WebSocket connections from the web page at '{origin}' are "
                                              "not accepted by this server.", [])
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, code, message, extra = refusal
        if (await receive())["type"] != "websocket.connect":
            return
        if "websocket.http.response" in scope.get("extensions", {}):
            body = json.dumps(error_body(status, code, message), ensure_ascii=False).encode("utf-8")
            await send({"type": "websocket.http.response.start", "status": status,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()), *extra]})
            await send({"type": "websocket.http.response.body", "body": body})
        else:
            await send({"type": "websocket.close", "code": 1008, "reason": message[:120]})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send, headers)
            return
        refusal = self._refusal(headers)
        if refusal is not None:
            await send_error(send, refusal[0], refusal[1], refusal[2], refusal[3])
            return
        upload = headers.get("content-type", "").lower().startswith("multipart/form-data")
        limit = self.max_upload_bytes if upload else self.max_body_bytes
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await send_error(send, 400, "bad-request", "The Content-Length header is not a number.")
                return
            if int(length) > limit:
                await send_error(send, 413, "body-too-large",
                                 f"The request body is {int(length)} bytes; this server accepts at most "
                                 f"{limit}{' for an upload' if upload else ''}.", CLOSE)
                return
        await self._counted(scope, receive, send, limit)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Run the app with a receive that refuses a (chunked) body once it passes the limit.

        The 413 is sent from inside `receive`, the moment the limit passes, and whatever the app
        answers after that is dropped: an app that catches the error while parsing the body (FastAPI
        turns any failure there into "There was an error parsing the body", a 400) cannot replace it."""
        seen = 0
        started = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal seen, started, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    if not started:
                        started = refused = True
                        await send_error(send, 413, "body-too-large",
                                         f"The request body passed this server's limit of "
                                         f"{limit} bytes.", CLOSE)
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(_BodyTooLarge):
            await self.app(scope, counting_receive, tracking_send)
