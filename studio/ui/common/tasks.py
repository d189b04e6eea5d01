"""Getting work off the GUI thread and results back onto it.

The rule is that the GUI thread never waits on synthesis, models, disk or the network. Two small
tools make that easy to follow everywhere:

- `Tasks`: run a blocking callable on a `QThreadPool` and get its result (or exception) delivered
  to a callback on the GUI thread. A pool with one thread is a serial queue: the page uses one for
  library writes so that "add, then rename, then delete" happen in the order the user did them.
- `EventBridge`: a QObject whose `deliver()` may be called from any thread (an engine job's
  worker, the audio callback) and re-emits the value as a Qt signal; connections to receivers that
  live on the GUI thread are queued, so the handler runs there.

A pool is not a Qt child of its owner. Qt's pool destructor waits for the work still running,
and when a window is deleted from inside an event loop that holds the interpreter lock (QTest's
window waits do), that work could never take the lock to finish: the studio froze. The pool of a
deleted owner is kept aside instead and let go once it is idle.

At exit the interpreter waits for every pool that is still alive (`EXIT_GRACE` seconds at most in
all): a pool thread still running Python when the interpreter is finalised is ended from under
Qt ("Qt Concurrent has caught an exception thrown from a worker thread"), and one inside a native
call aborts the process (see backends.threads).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from backends.threads import EXIT_GRACE

log = logging.getLogger(__name__)

_pools: weakref.WeakSet[Tasks] = weakref.WeakSet()
_retired: set[QThreadPool] = set()  # pools of deleted owners, kept until their work is done


def _retire(pool: QThreadPool, _destroyed: object = None) -> None:
    _retired.add(pool)
    _let_go_of_idle()


def _let_go_of_idle() -> None:
    """Drop retired pools with nothing running (deleting an idle pool waits for nothing), and
    those already deleted, as at interpreter exit."""
    for pool in list(_retired):
        if not isValid(pool) or pool.activeThreadCount() == 0:
            _retired.discard(pool)


class _Relay(QObject):
    """Carries one task's outcome back to the thread this object lives in (the GUI thread)."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # report everything; a worker must never die silently
            log.debug("task failed", exc_info=True)
            outcome, value = "failed", exc
        else:
            outcome, value = "succeeded", result
        with contextlib.suppress(RuntimeError):  # the owner was deleted meanwhile: nobody waits for it
            getattr(self._relay, outcome).emit(value)


class Tasks(QObject):
    """A thread pool whose results come back on the GUI thread."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2, name: str = "tasks") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.pool = QThreadPool()  # no Qt parent: see the module's note
        self.pool.setMaxThreadCount(max_threads)
        self._live: set[_Relay] = set()
        self.destroyed.connect(functools.partial(_retire, self.pool))
        _pools.add(self)
        _let_go_of_idle()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run `fn()` on the pool; then `on_done(result)` or `on_error(exc)` on the GUI thread."""
        relay = _Relay(self)
        self._live.add(relay)

        def finish() -> None:
            self._live.discard(relay)
            relay.deleteLater()

        def succeeded(result: Any) -> None:
            finish()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed: %s", exc, exc_info=exc)

        relay.succeeded.connect(succeeded)
        relay.failed.connect(failed)
        self.pool.start(_Runnable(fn, relay))

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (shutdown and tests only; never during normal use)."""
        return self.pool.waitForDone(msecs)


class EventBridge(QObject):
    """Re-emits values handed to `deliver` from any thread as `event(tag, value)` on this object's thread.

    `tag` lets a receiver ignore stragglers: a job's events carry that job's serial number, so a
    late chunk from a cancelled take can never land in the next take's waveform.
    """

    event = Signal(int, object)

    def __init__(self, tag: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tag = tag

    def deliver(self, value: Any) -> None:
        self.event.emit(self.tag, value)


def wait_for_pools(grace: float = EXIT_GRACE) -> bool:
    """Wait for the work on every live `Tasks` pool, `grace` seconds at most in all; True when
    all are idle. Registered to run at exit. A pool whose Qt object is already gone was waited
    for by Qt when it was deleted."""
    deadline = time.monotonic() + grace
    idle = True
    pools = list(_retired)
    for tasks in list(_pools):
        try:
            pools.append(tasks.pool)
        except RuntimeError:  # deleted on the C++ side
            continue
    for pool in pools:
        try:
            idle = pool.waitForDone(max(0, int((deadline - time.monotonic()) * 1000))) and idle
        except RuntimeError:
            continue
    _let_go_of_idle()
    return idle


atexit.register(wait_for_pools)
