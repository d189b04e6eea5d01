"""Giving back what idle engines hold: the window's minute timer and the engine server both call this.

Engines that keep books of their voice families (the Embedded engine's `residency`, see
backends.embedded.residency) can do two things when a family has been idle:
- hand back the scratch memory of its largest run and stay loaded (after SCRATCH_IDLE_S, always:
  the next take is as fast, issue 21 measured 100 MB for Piper after a paragraph, 150 MB for Kokoro);
- unload it, after the user's setting (`unload_idle_minutes`, 0: never), except the families in
  KEEP, which the next take must not wait for.
Qt-free, so the server does the same as the window.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

KEEP = ("piper",)  # the default voice's family
SCRATCH_IDLE_S = 60.0
CHECK_EVERY_S = 60.0  # how often the window and the server look

log = logging.getLogger(__name__)


def residencies(backends: Iterable[Any]) -> list[Any]:
    """The residencies of the given engines that keep one."""
    return [res for res in (getattr(b, "residency", None) for b in backends) if res is not None]


def tend_idle(books: Iterable[Any], unload_after_minutes: float) -> list[tuple[str, int | None]]:
    """Release idle families' scratch memory, then unload those idle past the setting. Blocking (a
    release runs one short synthesis, about a second of a core): call it off the GUI thread and off
    the server's event loop. Returns (family, bytes it had grown by) for each one unloaded. A failure
    of one engine's books is logged and the others are still tended."""
    gone: list[tuple[str, int | None]] = []
    for res in books:
        try:
            if callable(getattr(res, "release_idle", None)):
                res.release_idle(SCRATCH_IDLE_S)
            if unload_after_minutes > 0:
                gone.extend(res.unload_idle(unload_after_minutes * 60.0, KEEP))
        except Exception:  # memory housekeeping must never take the caller down
            log.warning("giving back idle engine memory failed", exc_info=True)
    return gone
