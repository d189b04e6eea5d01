"""Cancel a take exactly while an onnxruntime run is in flight, with no clock in the test.

A timer-based cancel lands wherever the scheduler puts it, so on a loaded machine it may land before
the first run or after the last. These helpers cancel from another thread as soon as the session's
`run` has been entered, which is after the token's interrupt is registered (CancellableSession
arms it before calling the session), so the cancel always hits a run that is in progress.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backends.base import CancelToken
from backends.embedded.onnx import CancellableSession


class RunEntered:
    """Stands in for a real InferenceSession, passes every call through, and says when `run` starts."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.entered = threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)

    def run(self, *args: Any) -> Any:
        self.entered.set()
        return self.session.run(*args)


@contextmanager
def cancel_once_running(session: CancellableSession, cancel: CancelToken) -> Iterator[list[float]]:
    """Inside the block, the first `run` on `session` is cancelled from another thread.

    Yields a list that receives the perf_counter time of the cancel, so a test can report (not
    assert tightly) how long the take took to stop after it.
    """
    hook = RunEntered(session._session)
    session._session = hook
    cancelled_at: list[float] = []

    def cancel_when_running() -> None:
        if hook.entered.wait(120):
            cancelled_at.append(time.perf_counter())
            cancel.cancel()

    canceller = threading.Thread(target=cancel_when_running, name="test-canceller", daemon=True)
    canceller.start()
    try:
        yield cancelled_at
    finally:
        hook.entered.set()  # release the canceller if no run happened
        canceller.join(120)
        session._session = hook.session
