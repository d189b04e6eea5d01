"""Worker threads that run native code (ONNX Runtime, CTranslate2, torch) and so must be finished
before the interpreter is.

A daemon thread that is still inside a C++ call when Python shuts down is ended as it tries to
take the interpreter lock back; that ending unwinds through the library's C++ frames, which call
std::terminate, and the process aborts ("terminate called without an active exception", exit
status 134) after the app or command had already finished its work. It happened when a window was
closed, or a test session ended, while Kokoro was still loading in the background.

Such threads are made with `native_thread` (or `start_native`): they stay daemons, so a model
that hangs cannot keep the process alive for ever, but at exit the interpreter waits for them,
`EXIT_GRACE` seconds at most in all (loading or one synthesis chunk takes a few seconds on two
cores).
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

EXIT_GRACE = 30.0  # seconds the interpreter waits at exit for native work still running

_live: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
_live_lock = threading.Lock()


def native_thread(target: Callable[..., Any], *args: Any, name: str) -> threading.Thread:
    """A daemon thread for `target(*args)`, not yet started, that the interpreter waits for at exit."""
    thread = threading.Thread(target=target, args=args, name=name, daemon=True)
    with _live_lock:
        _live.add(thread)
    return thread


def start_native(target: Callable[..., Any], *args: Any, name: str) -> threading.Thread:
    """`native_thread`, started."""
    thread = native_thread(target, *args, name=name)
    thread.start()
    return thread


def join_native(grace: float = EXIT_GRACE) -> bool:
    """Wait for every thread made by `native_thread`, `grace` seconds at most in all; True when
    none is left running. Registered to run at exit; callable before it (tests, shutdown)."""
    deadline = time.monotonic() + grace
    with _live_lock:
        threads = [t for t in _live if t is not threading.current_thread() and t.ident is not None]
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(t.is_alive() for t in threads)


atexit.register(join_native)
