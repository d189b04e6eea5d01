"""Scripted test-double engines for the job and manager tests (never used by product code).

Each double plays a script (a generator function) so a test can make an engine normal, slow,
failing, garbage-producing or stuck.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from backends.base import (
    AudioChunk,
    Availability,
    CancelToken,
    Finished,
    Manifest,
    Progress,
    SynthesisRequest,
    SynthesisWarning,
    VoiceInfo,
)
from studio.engines.jobs import (
    JobCancelled,
    JobEvent,
    JobFailed,
    SynthesisJob,
)

RATE = 16000
REQUEST = SynthesisRequest(text="Hello there. How are you?")
Script = Callable[[SynthesisRequest, CancelToken], Iterator[object]]


def tone(n: int, value: float = 0.25) -> np.ndarray:
    return np.full(n, value, dtype=np.float32)


class ScriptedBackend:
    """A Backend whose synthesize() runs `script`; load() can be slow or fail."""

    def __init__(
        self,
        script: Script,
        *,
        loaded: bool | None = True,
        load_delay: float = 0.0,
        load_error: Exception | None = None,
        load_gate: threading.Event | None = None,
    ) -> None:
        """`load_gate`: load() blocks until the test sets it, so a test can act while a load is
        certainly in progress instead of racing a sleep."""
        self.script = script
        self._loaded = loaded
        self.load_delay = load_delay
        self.load_gate = load_gate
        self.load_error = load_error
        self.load_calls = 0
        self.unload_calls = 0
        self.synth_calls = 0

    @property
    def manifest(self) -> Manifest:
        return Manifest("scripted", "Scripted", "0", "MIT", "test double", ("en",), {})

    @property
    def is_loaded(self) -> bool | None:
        return self._loaded

    def availability(self) -> Availability:
        return Availability(True)

    def load(self) -> None:
        self.load_calls += 1
        if self.load_gate is not None:
            self.load_gate.wait(30)
        if self.load_delay:
            time.sleep(self.load_delay)
        if self.load_error is not None:
            raise self.load_error
        self._loaded = True

    def unload(self) -> None:
        self.unload_calls += 1
        self._loaded = False

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("v", "Voice", ("en",), RATE)]

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[object]:
        self.synth_calls += 1
        return self.script(request, cancel)


class NoFlagBackend(ScriptedBackend):
    """An engine that does not say whether it is loaded (the protocol does not require it)."""

    is_loaded = None  # type: ignore[assignment]


class Recorder:
    """Collects events from the worker thread and checks the terminal-event invariant."""

    def __init__(self) -> None:
        self.events: list[JobEvent] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()
        self.terminal = threading.Event()

    def __call__(self, event: JobEvent) -> None:
        with self.lock:
            self.events.append(event)
            self.threads.add(threading.current_thread().name)
        if isinstance(event, (Finished, JobFailed, JobCancelled)):
            self.terminal.set()

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]

    def check_one_terminal_last(self) -> JobEvent:
        terminals = [e for e in self.events if isinstance(e, (Finished, JobFailed, JobCancelled))]
        assert len(terminals) == 1, self.events
        assert self.events[-1] is terminals[0]
        return terminals[0]


def run_job(backend: ScriptedBackend, timeout: float = 10.0) -> tuple[SynthesisJob, Recorder]:
    rec = Recorder()
    job = SynthesisJob(backend, REQUEST, rec)
    job.start()
    assert job.wait(timeout)
    return job, rec


def normal_script(request: SynthesisRequest, cancel: CancelToken) -> Iterator[object]:
    yield Progress(0, 3, "Speaking")
    yield SynthesisWarning("tag-approximated", "Whisper is approximated.", (0, 5))
    for i in range(3):
        cancel.raise_if_cancelled()
        yield AudioChunk(tone(1600, 0.1 * (i + 1)), RATE, i, f"part {i}")
        yield Progress(i + 1, 3)
    yield Finished({"engine": "scripted", "seed": 7, "timings": {"engine_s": 0.01}})
