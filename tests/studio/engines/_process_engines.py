"""Engines for tests/studio/test_engine_process.py, made inside the child process by
`--factory _process_engines:<name>` (the test puts this folder on the child's PYTHONPATH)."""

from __future__ import annotations

import ctypes
import os
import time
from collections.abc import Iterator

from remote_doubles import ToneEngine

from backends.base import AudioChunk, CancelToken, SynthesisEvent, SynthesisRequest


class CrashingTone(ToneEngine):
    """A ToneEngine whose take segfaults (a real SIGSEGV through ctypes) when asked to with
    `options={"crash": True}`, after its first chunk; `options={"pid": True}` reports its pid."""

    def _take(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        for event in super()._take(request, cancel):
            yield event
            if request.options.get("crash") and isinstance(event, AudioChunk):
                time.sleep(0.3)  # let the chunk reach the client first, as a crash mid-take would
                ctypes.string_at(0)  # reads address 0: SIGSEGV, the way a native library crashes


def crashing_tone() -> CrashingTone:
    return CrashingTone()


def broken() -> CrashingTone:
    raise RuntimeError("this engine cannot be made (test)")


def pid_file_tone() -> CrashingTone:
    """Writes its process id where the test can find it (to check the child really exits)."""
    path = os.environ["ENGINE_PID_FILE"]
    with open(path, "w", encoding="ascii") as f:
        f.write(str(os.getpid()))
    return CrashingTone()
