"""How the window hands the Clone wizard its engines: the ones whose manifest can clone or match,
each with a blocking way to get it loaded through the window's EngineManager.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class EngineChoice:
    """An engine whose manifest can clone or match, and how to get it loaded (blocking)."""

    engine_id: str
    name: str
    manifest: Any
    get_backend: Callable[[], Any]  # blocking: creates and loads the engine; call off the GUI thread


def ensure_loaded(manager: Any, engine_id: str) -> Any:
    """Block (on a worker thread) until `engine_id` is loaded by the window's EngineManager."""
    if manager.is_loaded(engine_id):
        return manager.backend(engine_id)
    finished = threading.Event()
    errors: list[str | None] = []

    def on_done(error: str | None) -> None:
        errors.append(error)
        finished.set()

    manager.load_in_background(engine_id, on_done)
    finished.wait()
    if errors and errors[0]:
        raise RuntimeError(errors[0])
    return manager.backend(engine_id)
