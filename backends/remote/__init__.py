"""Engines that run elsewhere: the wire format shared with `step-studio serve` and the client
engine that makes a server's engine look like any other Backend. Qt-free and studio-free.

The client is imported when first asked for: it brings httpx (and with it click, rich and pygments,
about 15 MB), which a window using only the Embedded engine never needs (issue 21)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backends.remote.client import RemoteBackend, StreamBroken

__all__ = ["RemoteBackend", "StreamBroken"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from backends.remote import client

        return getattr(client, name)
    raise AttributeError(f"module 'backends.remote' has no attribute {name!r}")
