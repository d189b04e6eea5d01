"""A virtual room for the conversation tests: real recordings as the microphone, a recorder for
what the app plays, and a loudspeaker that leaks back into the microphone (a plain module, since
conftest modules of different test folders clash by name)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "data"


def speech(name: str) -> np.ndarray:
    from backends.audio import load_audio

    return load_audio(DATA / name).resampled(16000).samples


class Mic:
    """A virtual microphone: feeds 20 ms blocks, at real-time pace or as fast as asked."""

    def __init__(self, controller: Any, speed: float = 1.0) -> None:
        self.controller = controller
        self.speed = speed

    def play(self, samples: np.ndarray, speed: float | None = None) -> None:
        pace = self.speed if speed is None else speed
        block = 320
        start = time.monotonic()
        for i in range(0, len(samples), block):
            self.controller.feed_microphone(samples[i:i + block], 16000)
            if pace:
                ahead = (i + block) / 16000 / pace - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)

    def silence(self, seconds: float, speed: float | None = None) -> None:
        self.play(np.zeros(int(seconds * 16000), np.float32), speed)


class Recorder:
    """Collects events and what reached the sink."""

    def __init__(self) -> None:
        self.events: list[object] = []
        self.played: list[np.ndarray] = []
        self.flushes = 0
        self.lock = threading.Lock()

    def __call__(self, event: object) -> None:
        with self.lock:
            self.events.append(event)

    def sink(self, samples: np.ndarray, rate: int) -> None:
        with self.lock:
            self.played.append(samples)

    def flush(self) -> None:
        with self.lock:
            self.flushes += 1

    def of(self, kind: type) -> list[Any]:
        with self.lock:
            return [e for e in self.events if isinstance(e, kind)]

    def played_seconds(self, rate: int = 22050) -> float:
        with self.lock:
            return sum(len(p) for p in self.played) / rate

    def wait_for(self, predicate: Any, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        raise AssertionError("timed out waiting for the conversation")


class Room:
    """A simulated room at real-time pace: a player that plays what the controller sends (and
    reports it with notify_played), a microphone that hears the user and, with `echo_gain`, the
    loudspeaker. One 20 ms tick at a time, so echo and speech line up like in a real room."""

    TICK = 0.02

    def __init__(self, controller: Any, echo_gain: float = 0.0, report_played: bool = True) -> None:
        import soxr

        self.controller = controller
        self.echo_gain = echo_gain
        self.report_played = report_played
        self.queue: list[np.ndarray] = []
        self.rate = 0
        self.played: list[np.ndarray] = []
        self.played_at: list[float] = []
        self.flushes: list[float] = []
        # per flush: (samples played before it, the samples it dropped from the queue)
        self.dropped: list[tuple[int, np.ndarray]] = []
        self.user: list[np.ndarray] = []
        self.lock = threading.Lock()
        self._soxr = soxr
        self._resampler: Any = None
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        controller.set_output(self.sink, self.flush)

    def sink(self, samples: np.ndarray, rate: int) -> None:
        with self.lock:
            self.rate = rate
            self.queue.append(np.asarray(samples, np.float32))

    def flush(self) -> None:
        with self.lock:
            queued = np.concatenate(self.queue) if self.queue else np.zeros(0, np.float32)
            self.dropped.append((sum(len(p) for p in self.played), queued))
            self.queue.clear()
            self.flushes.append(time.monotonic())

    def say(self, samples: np.ndarray) -> None:
        with self.lock:
            self.user.append(np.asarray(samples, np.float32))

    def user_done(self) -> bool:
        with self.lock:
            return not self.user

    def played_samples(self) -> int:
        with self.lock:
            return sum(len(p) for p in self.played)

    def __enter__(self) -> Room:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.thread.join(5)

    def _take(self, queue: list[np.ndarray], n: int) -> np.ndarray:
        out: list[np.ndarray] = []
        need = n
        while queue and need > 0:
            head = queue[0]
            out.append(head[:need])
            if len(head) > need:
                queue[0] = head[need:]
            else:
                queue.pop(0)
            need -= len(out[-1])
        got = np.concatenate(out) if out else np.zeros(0, np.float32)
        return got

    def _run(self) -> None:
        start = time.monotonic()
        tick = 0
        while not self._stop.is_set():
            with self.lock:
                rate = self.rate or 22050
                out = self._take(self.queue, int(rate * self.TICK))
                user = self._take(self.user, 320)
                if len(out):
                    self.played.append(out)
                    self.played_at.append(time.monotonic())
            if len(out) and self.report_played:
                self.controller.notify_played(out, rate)
            mic = np.zeros(320, np.float32)
            mic[:len(user)] += user
            if self.echo_gain and len(out):
                if self._resampler is None:
                    self._resampler = self._soxr.ResampleStream(rate, 16000, 1, dtype="float32")
                echo = self._resampler.resample_chunk(out) * self.echo_gain
                mic[:min(320, len(echo))] += echo[:320]
            self.controller.feed_microphone(mic, 16000)
            tick += 1
            delay = start + tick * self.TICK - time.monotonic()
            if delay > 0:
                time.sleep(delay)
