"""pedalboard (Rubber Band pitch shifting and time stretching), made safe to call from any thread.

pedalboard's first call sets up its numpy bridge once (pybind11's `gil_safe_call_once_and_store`),
releasing and re-taking the GIL around it. Re-taking it uses the thread state Python registered for
the calling OS thread; on a thread that Qt's pool runs Python on, after other native code (faster-
whisper) had used that thread, the registered state was a stale one, and the process died with a
segmentation fault inside `take_gil` (seen: transcribe, then re-speak, on the Edit page's worker).
Making that first call on a thread Python itself started avoids it; later calls never take that
path again.
"""

from __future__ import annotations

import threading
from types import ModuleType

import numpy as np

_ready = threading.Event()
_lock = threading.Lock()
_failure: list[BaseException] = []


def _first_call() -> None:
    try:
        from pedalboard import PitchShift

        PitchShift(semitones=1.0).process(np.zeros((1, 4096), np.float32), 24000.0, reset=True)
    except BaseException as exc:  # reported by the caller, on its own thread
        _failure.append(exc)


def pedalboard() -> ModuleType:
    """The pedalboard module, its one-time set-up done on a Python thread first."""
    if not _ready.is_set():
        with _lock:
            if not _ready.is_set():
                thread = threading.Thread(target=_first_call, name="pedalboard-setup", daemon=True)
                thread.start()
                thread.join()
                if _failure:
                    raise _failure.pop()
                _ready.set()
    import pedalboard as module

    return module
