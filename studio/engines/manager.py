"""The engines the app holds: one instance per engine id, created on first use and loaded in the
background, so the first click on "Speak" does not freeze the window while a model is read from
disk; and `IsolatedEngine`, the stand-in for an engine that runs in its own child process.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from backends.base import Availability, Backend, BackendError
from backends.threads import start_native
from studio.engines.jobs import backend_is_loaded, user_message
from studio.engines.process import ProcessBackend

if TYPE_CHECKING:  # the registry is only needed for its type; importing it here would be a cycle risk
    from backends.registry import Registry

log = logging.getLogger(__name__)


class IsolatedEngine(ProcessBackend):
    """An engine that declares `isolate = True` (torch/CUDA engines), run in its own child process.

    The instance made here stays in the app's process only to declare: its manifest and options draw
    the UI at once and its availability (files present, a GPU listed) is answered before any child
    exists, which a bare ProcessBackend cannot do. Loading starts the child with the same settings
    (`child_env()`), every call goes to it, and unloading ends it.
    """

    def __init__(self, engine_id: str, local: Any) -> None:
        cls = type(local)
        env = local.child_env() if callable(getattr(local, "child_env", None)) else {}
        super().__init__(engine_id, manifest=local.manifest, factory=f"{cls.__module__}:{cls.__qualname__}",
                         env=env)
        self.local = local

    def options(self) -> Any:
        return self.local.options()

    def availability(self) -> Any:
        if self.process.running and self.process.remote is not None:
            return super().availability()
        here = self.local.availability()
        failure = self.process.failure()
        if not here.available or failure is None:
            return here
        return Availability(True, str(failure))


class _EngineSlot:
    """What the manager knows about one engine: its instance, whether it is loaded, who waits."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # creation, loading and unloading of this engine
        self.backend: Backend | None = None
        self.loaded = False
        self.loading = False
        self.waiters: list[Callable[[str | None], None]] = []


class EngineManager:
    """One instance per engine id, created on first use and loaded in the background.

    Loading takes seconds (a model read from disk); doing it once, off the GUI thread, with every
    caller that asked meanwhile told when it is done, is what keeps a double click or a page switch
    during start-up from loading a model twice.
    """

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._lock = threading.Lock()  # guards _slots only; never held while an engine works
        self._slots: dict[str, _EngineSlot] = {}

    def _slot(self, engine_id: str) -> _EngineSlot:
        with self._lock:
            slot = self._slots.get(engine_id)
            if slot is None:
                slot = self._slots[engine_id] = _EngineSlot()
            return slot

    def backend(self, engine_id: str) -> Backend:
        """The engine's one instance, created on first call. Raises what the registry raises
        (KeyError for an unknown id, BackendError when the engine cannot be built)."""
        slot = self._slot(engine_id)
        with slot.lock:
            if slot.backend is None:
                backend = self.registry.create(engine_id)
                slot.backend = IsolatedEngine(engine_id, backend) if getattr(backend, "isolate", False) \
                    else backend
            return slot.backend

    def load_in_background(self, engine_id: str, on_done: Callable[[str | None], None]) -> None:
        """Load the engine on a worker thread, then call `on_done(None)` or `on_done(message)` there.

        Calls for an engine that is already loading join that load; calls for a loaded engine are
        answered at once (still on a worker thread, so callers handle one path).
        """
        slot = self._slot(engine_id)
        with slot.lock:
            slot.waiters.append(on_done)
            if slot.loading:
                return
            slot.loading = True
        start_native(self._load, engine_id, slot, name=f"load-{engine_id}")

    def _load(self, engine_id: str, slot: _EngineSlot) -> None:
        error: str | None = None
        try:
            backend = self.backend(engine_id)
            if not slot.loaded or backend_is_loaded(backend) is False:
                backend.load()
            slot.loaded = True
        except KeyError as exc:  # the registry's message names the engines that do exist
            said = exc.args[0] if exc.args else None
            error = said if isinstance(said, str) and said != engine_id else (
                f"There is no engine called “{engine_id}”."
            )
        except Exception as exc:
            log.exception("loading engine %s failed", engine_id)
            error = user_message(exc) if isinstance(exc, BackendError) else (
                f"The engine “{engine_id}” could not be loaded ({type(exc).__name__}: {exc})."
            )
        with slot.lock:
            waiters, slot.waiters = slot.waiters, []
            slot.loading = False
        for waiter in waiters:
            try:
                waiter(error)
            except Exception:
                log.exception("load_in_background callback raised")

    def is_loaded(self, engine_id: str) -> bool:
        """True once the engine was loaded here (or says itself that it is loaded) and not unloaded."""
        with self._lock:
            slot = self._slots.get(engine_id)
        if slot is None or slot.backend is None:
            return False
        if slot.loaded:
            return True
        return backend_is_loaded(slot.backend) is True

    def unload(self, engine_id: str) -> None:
        """Free the engine's models; the instance stays cached for a later load. Waits for a load
        of the same engine that is in progress (its models would otherwise stay resident)."""
        slot = self._slot(engine_id)
        while True:
            with slot.lock:
                if not slot.loading:
                    backend = slot.backend
                    slot.loaded = False
                    break
            time.sleep(0.02)
        if backend is not None:
            backend.unload()

    def forget(self, engine_id: str) -> None:
        """Drop the cached instance (unloaded and closed), so an engine added again under the same id
        is a new one. A load in flight is left to finish; its caller ignores the answer."""
        with self._lock:
            slot = self._slots.get(engine_id)
            if slot is None or slot.loading:
                return
            del self._slots[engine_id]
        backend = slot.backend
        if backend is None:
            return
        with contextlib.suppress(Exception):
            backend.unload()
        close = getattr(backend, "close", None)
        if callable(close):
            with contextlib.suppress(Exception):
                close()

    def loaded_ids(self) -> list[str]:
        """Ids of the engines loaded now (e.g. to unload them all on exit)."""
        with self._lock:
            ids = list(self._slots)
        return [engine_id for engine_id in ids if self.is_loaded(engine_id)]
