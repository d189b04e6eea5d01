"""Engines that run elsewhere: the wire format shared with `step-studio serve` and the client
engine that makes a server's engine look like any other Backend. Qt-free and studio-free."""

from backends.remote.client import RemoteBackend, StreamBroken

__all__ = ["RemoteBackend", "StreamBroken"]
