"""The engine server (`step-studio serve`): any Backend over HTTP, OpenAI-compatible where such an
API exists, plus the studio's own NDJSON event stream (see backends.remote.wire)."""

from studio.server.app import ServerConfig, create_app
from studio.server.run import ServeError, make_server, serve

__all__ = ["ServeError", "ServerConfig", "create_app", "make_server", "serve"]
