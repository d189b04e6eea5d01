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

In the desktop app these threads also step back for the interface (`yield_to_interface`): on a
two-core machine a take kept both cores busy with ONNX Runtime, and the GUI thread waited its turn
for the CPU, so a few milliseconds of painting became a stall of 50-100 ms (bench/gui_stall.py).
A lower priority costs synthesis nothing while the GUI is idle.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

EXIT_GRACE = 30.0  # seconds the interpreter waits at exit for native work still running

# Nice levels below the process's own that worker threads take when yielding to the interface:
# enough that the scheduler runs the GUI thread first when both want a core (CFS gives a thread
# at +5 about a third of the weight of one at 0), not so much that synthesis starves beside
# other programs.
BACKGROUND_NICE = 5

_live: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
_live_lock = threading.Lock()
_below_interface = False


def yield_to_interface(enabled: bool = True) -> None:
    """Make native threads started from now on run below the interface's priority (the desktop
    app's choice; the CLI and the server keep full priority for their work). Threads inherit
    their creator's priority on Linux, so ONNX Runtime's pool threads, made when a session is
    opened on such a thread, step back too. Linux only: elsewhere a thread's priority is not set
    this way (on macOS the call would lower the whole process), so nothing changes there."""
    global _below_interface
    _below_interface = enabled


def _step_back() -> None:
    """Lower the calling thread to the process's nice level plus BACKGROUND_NICE (never raising
    it: a thread made by a lowered thread is already there)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        wanted = min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + BACKGROUND_NICE)
        if os.getpriority(os.PRIO_PROCESS, tid) < wanted:
            os.setpriority(os.PRIO_PROCESS, tid, wanted)
    except OSError:
        pass  # a sandbox that forbids it: the thread runs at the priority it has


def native_thread(target: Callable[..., Any], *args: Any, name: str) -> threading.Thread:
    """A daemon thread for `target(*args)`, not yet started, that the interpreter waits for at exit."""
    below = _below_interface

    def run(*call_args: Any) -> Any:
        if below:
            _step_back()
        return target(*call_args)

    thread = threading.Thread(target=run, args=args, name=name, daemon=True)
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
