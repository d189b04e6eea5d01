"""One cancellable background computation for what a page shows, with progress, Stop and a
session cache.

Finding a take's audio tokens (the Step-Audio tokenizer) or its words (Whisper) takes seconds to
minutes, for the take on screen. The user may stop it, or show another take meanwhile; either way
what the old run reports must not land on the new take, and a finished result is kept (by the
audio's fingerprint) so that showing the take again shows it at once. `Search` is that pattern
once: `start(key, work)` runs `work(cancel, progress)` on its own one-thread pool, `progressed`
and `found` arrive on the GUI thread only for the run that is still wanted, and `stop()` cancels.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from backends.base import Cancelled, CancelToken
from studio.ui.common.tasks import EventBridge, Tasks

Work = Callable[[CancelToken, Callable[[float], None]], Any]


class Search(QObject):
    progressed = Signal(float)  # 0..1, for the run still wanted
    found = Signal(object)  # its result (also kept: `cached(key)`)
    failed = Signal(object)  # the exception (never Cancelled): the page words it

    def __init__(self, parent: QObject | None = None, *, kept: int = 16, name: str = "search") -> None:
        super().__init__(parent)
        self._tasks = Tasks(self, max_threads=1, name=name)
        self._kept: OrderedDict[str, Any] = OrderedDict()
        self._limit = kept
        self._cancel: CancelToken | None = None
        self._generation = 0
        self.started_at = 0.0

    @property
    def running(self) -> bool:
        return self._cancel is not None

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started_at

    def cached(self, key: str) -> Any | None:
        return self._kept.get(key) if key else None

    def start(self, key: str, work: Work) -> None:
        """Run `work` for `key` (stopping a run still going); its result is kept under `key`."""
        self.stop()
        cancel = self._cancel = CancelToken()
        generation = self._generation
        bridge = EventBridge(generation, self)
        bridge.event.connect(lambda g, f: self.progressed.emit(float(f)) if g == self._generation else None)
        self.started_at = time.monotonic()

        def done(result: Any) -> None:
            bridge.deleteLater()
            self._kept[key] = result
            self._kept.move_to_end(key)
            while len(self._kept) > self._limit:
                self._kept.popitem(last=False)
            if generation == self._generation:  # else: stopped or replaced; kept all the same
                self._cancel = None
                self.found.emit(result)

        def failed(exc: BaseException) -> None:
            bridge.deleteLater()
            if generation == self._generation and not isinstance(exc, Cancelled):
                self._cancel = None
                self.failed.emit(exc)

        self._tasks.run(lambda: work(cancel, bridge.deliver), done, failed)

    def stop(self) -> None:
        """Cancel the run (if any); nothing it reports afterwards is delivered."""
        self._generation += 1
        if self._cancel is not None:
            self._cancel.cancel()
            self._cancel = None

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (tests and shutdown only)."""
        return self._tasks.wait(msecs)
