"""Starting the engine server: the security checks that must pass before it listens, then uvicorn.

The server binds 127.0.0.1 unless told otherwise, and refuses to listen on any other address
without a key: engines run arbitrary text through large models and may hold the user's voices, so
an open port on a network must never be the accident of a typo.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping

import uvicorn

from backends.base import Backend
from studio.server.app import ServerConfig, create_app
from studio.server.protocol import protocol_class

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class ServeError(ValueError):
    """The server cannot start as asked; the message is for the user."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_security(host: str, key: str | None) -> None:
    if key is not None and not key.strip():
        raise ServeError("the key must not be empty")
    if not is_loopback(host) and key is None:
        raise ServeError(f"refusing to listen on {host} without a key: anyone who can reach it could use "
                         "the engines; give a key with --key-file FILE or STEP_STUDIO_API_KEY (clients "
                         "send 'Authorization: Bearer KEY'), or bind 127.0.0.1")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: a free one); bound here so the caller knows the port at once."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc
    sock.listen(1024)  # a burst of connections waits here, not in a refused SYN
    sock.set_inheritable(True)
    return sock


def make_server(engines: Mapping[str, Backend], config: ServerConfig) -> uvicorn.Server:
    """A uvicorn server for `engines`, after the security check; run it with `.run(sockets=[...])`."""
    check_security(config.bound_host, config.key)
    app = create_app(engines, config)
    http = protocol_class(config.header_timeout_s, config.body_timeout_s, config.max_connections)
    uv_config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                               timeout_graceful_shutdown=2, http=http, ws="websockets-sansio",
                               ws_max_size=config.max_ws_message_bytes,
                               ws_per_message_deflate=False)  # base64 audio: compression costs latency
    return uvicorn.Server(uv_config)


def serve(engines: Mapping[str, Backend], config: ServerConfig, port: int = DEFAULT_PORT,
          on_ready: object = None) -> None:
    """Serve until interrupted (blocking). `on_ready(host, port)` is called once listening."""
    server = make_server(engines, config)
    sock = bind(config.bound_host, port)
    if callable(on_ready):
        on_ready(config.bound_host, sock.getsockname()[1])
    server.run(sockets=[sock])
