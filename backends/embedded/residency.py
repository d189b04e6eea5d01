"""Which voice families are in memory, what loading each cost, and giving back the ones not used lately.

A family (Piper, Kokoro, espeak-ng) loads on first use and then stays: Kokoro with its Mandarin and
Japanese dictionaries holds about 250 MB, which a user who only ever speaks English with Piper pays for
nothing once it was tried. So the engine notes when each family was last used and how much the process
grew when it loaded (read from the operating system around the load: a measurement of this machine,
not a figure from elsewhere; other threads allocating at the same moment blur it, so it is shown as
"about"), and `unload_idle` gives back a family idle longer than the user's setting. A family in the
middle of a take is never unloaded; the next take that needs it loads it again.

Long before that, `release_idle` hands back what a family's model kept from its largest take (ONNX
Runtime's arena: about 100 MB for Piper after a paragraph) while leaving the model loaded, so the
next take starts as fast as before.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


def resident_bytes() -> int | None:
    """This process's resident memory now, or None where it cannot be read cheaply."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/statm", encoding="ascii") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:
        return None
    return int(psutil.Process().memory_info().rss)


@dataclass(frozen=True)
class FamilyState:
    """One family as the engine panel shows it. `grew`: bytes the process grew when it last loaded
    (None: not measured, e.g. loaded by the family itself); `idle`: seconds since it last spoke (None:
    not used since it loaded)."""

    name: str
    loaded: bool
    grew: int | None
    idle: float | None
    busy: bool


class Residency:
    """Load, use and idle bookkeeping for the engine's families (a dict name -> family)."""

    def __init__(self, families: dict[str, Any], clock: Callable[[], float] = time.monotonic,
                 memory: Callable[[], int | None] = resident_bytes,
                 give_back: Callable[[], None] | None = None) -> None:
        """`give_back`: called after scratch memory was released (the C heap's free pages)."""
        self._families = families
        self._clock, self._memory, self._give_back = clock, memory, give_back
        self._lock = threading.Lock()  # one measured load at a time, and the tables below
        self._grew: dict[str, int | None] = {}
        self._last_used: dict[str, float] = {}
        self._busy: dict[str, int] = {}
        self._released: set[str] = set()  # families whose scratch memory was handed back since last used

    def _measured(self, family: Any, action: Callable[[], None], *, unless_loaded: bool) -> None:
        with self._lock:
            if unless_loaded and family.loaded:
                return  # loaded meanwhile (by the background warm-up, or another take)
            before = self._memory()
            action()
            after = self._memory()
            if before is not None and after is not None:
                self._grew[family.name] = max(0, after - before)
            self._last_used.setdefault(family.name, self._clock())
            self._released.add(family.name)  # a warm-up's one short sentence leaves little to give back

    def warm(self, family: Any) -> None:
        """`family.warm()` (load plus first-use costs), measured."""
        self._measured(family, family.warm, unless_loaded=False)

    @contextlib.contextmanager
    def using(self, family: Any) -> Iterator[None]:
        """Around a family's synthesis: loads it (measured) if needed, and keeps it from being unloaded."""
        with self._lock:
            self._busy[family.name] = self._busy.get(family.name, 0) + 1
        try:
            if not family.loaded:
                self._measured(family, family.load, unless_loaded=True)
            yield
        finally:
            with self._lock:
                self._busy[family.name] -= 1
                self._last_used[family.name] = self._clock()
                self._released.discard(family.name)

    def states(self) -> list[FamilyState]:
        now = self._clock()
        with self._lock:
            return [FamilyState(name, bool(fam.loaded), self._grew.get(name) if fam.loaded else None,
                                now - self._last_used[name] if name in self._last_used else None,
                                self._busy.get(name, 0) > 0)
                    for name, fam in self._families.items()]

    def unload_idle(self, max_idle: float, keep: tuple[str, ...] = ()) -> list[tuple[str, int | None]]:
        """Unload every loaded family idle for more than `max_idle` seconds and not in `keep`; returns
        (name, bytes it had grown by) for each one unloaded."""
        now = self._clock()
        gone: list[tuple[str, int | None]] = []
        with self._lock:
            for name, fam in self._families.items():
                idle = now - self._last_used.get(name, now)
                if name in keep or not fam.loaded or self._busy.get(name, 0) or idle <= max_idle:
                    continue
                fam.unload()
                gone.append((name, self._grew.pop(name, None)))
                self._last_used.pop(name, None)
        return gone

    def release_idle(self, after: float) -> list[str]:
        """Hand back the scratch memory of every loaded family idle for more than `after` seconds
        (`family.release_scratch()`, where it has one), once per idle spell; then `give_back`. The
        family is marked busy meanwhile, so nothing unloads it mid-way; a take that starts meanwhile
        runs beside it. Returns the names released."""
        now = self._clock()
        with self._lock:
            due = [(name, fam) for name, fam in self._families.items()
                   if fam.loaded and not self._busy.get(name, 0) and name not in self._released
                   and callable(getattr(fam, "release_scratch", None))
                   and now - self._last_used.get(name, now) > after]
            for name, _fam in due:
                self._busy[name] = self._busy.get(name, 0) + 1
            stamps = {name: self._last_used.get(name) for name, _fam in due}
        released: list[str] = []
        try:
            for name, fam in due:
                fam.release_scratch()
                released.append(name)
        finally:
            with self._lock:
                for name, _fam in due:
                    self._busy[name] -= 1
                # A take that ran meanwhile may have grown the arena again: not released then.
                self._released.update(n for n in released if self._last_used.get(n) == stamps[n])
            if released and self._give_back is not None:
                self._give_back()
        return released

    def unload(self, name: str) -> bool:
        """Unload one family now (the user asked); False when it is in a take or not loaded."""
        with self._lock:
            fam = self._families.get(name)
            if fam is None or not fam.loaded or self._busy.get(name, 0):
                return False
            fam.unload()
            self._grew.pop(name, None)
            self._last_used.pop(name, None)
            return True

    def forget(self) -> None:
        """After the engine unloaded everything."""
        with self._lock:
            self._grew.clear()
            self._last_used.clear()
