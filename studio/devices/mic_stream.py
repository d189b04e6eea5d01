"""A live microphone for conversation: frames go to a consumer as they arrive, without end.

`studio.devices.recording.Recorder` records one take and returns it at the end (with a length cap); a
conversation instead needs every block handed on at once, for as long as the user talks, plus the
last stretch of audio kept so a finished user turn can be saved with its voice. So this module
opens the same way (recording's device resolution, format choice and PortAudio guard) but
delivers instead of storing.

Threading: PortAudio's real-time callback only converts the block to mono float32 and puts it on a
queue; a delivery thread takes blocks off and calls `on_frames(samples, rate)`, so a consumer that
does real work (VAD, the turn machine) never runs on, or stalls, the audio thread. The delivery
thread also notices a device that stopped delivering and reports it through `on_stopped`.
Qt-free.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from backends.audio import Audio
from studio.devices import playback
from studio.devices.recording import DEVICE_LOST, RecordingUnavailable, _choose, _resolve, _sounddevice

log = logging.getLogger(__name__)

BLOCK_SECONDS = 0.02  # 20 ms blocks: small enough for quick barge-in, large enough to be cheap
STALL_SECONDS = 2.0
HISTORY_SECONDS = 60.0


class AudioHistory:
    """The most recent `seconds` of a stream, each block stamped with its arrival time
    (time.monotonic()), so a span of the conversation can be cut out after the fact.

    Thread-safe: one thread appends, any thread cuts.
    """

    def __init__(self, seconds: float = HISTORY_SECONDS) -> None:
        self.seconds = float(seconds)
        self._blocks: collections.deque[tuple[float, np.ndarray]] = collections.deque()
        self._rate = 0
        self._frames = 0
        self._lock = threading.Lock()

    @property
    def sample_rate(self) -> int:
        return self._rate

    def append(self, samples: np.ndarray, sample_rate: int, arrived: float | None = None) -> None:
        """Add one block; `arrived`: when its last sample was captured (default: now)."""
        block = np.asarray(samples, dtype=np.float32).reshape(-1)
        if not len(block):
            return
        with self._lock:
            if sample_rate != self._rate:  # a new device: the old audio cannot be joined to it
                self._blocks.clear()
                self._frames = 0
                self._rate = sample_rate
            self._blocks.append((time.monotonic() if arrived is None else arrived, block))
            self._frames += len(block)
            limit = int(self.seconds * sample_rate)
            while self._frames - len(self._blocks[0][1]) >= limit:
                self._frames -= len(self._blocks.popleft()[1])

    def cut(self, start: float, end: float) -> Audio | None:
        """The audio captured between two monotonic times (None when none is kept)."""
        with self._lock:
            blocks = list(self._blocks)
            rate = self._rate
        if not blocks or rate <= 0 or end <= start:
            return None
        pieces: list[np.ndarray] = []
        for arrived, block in blocks:
            block_start = arrived - len(block) / rate
            if arrived <= start or block_start >= end:
                continue
            first = max(0, round((start - block_start) * rate))
            last = min(len(block), round((end - block_start) * rate))
            if last > first:
                pieces.append(block[first:last])
        if not pieces:
            return None
        return Audio(np.concatenate(pieces), rate)

    def clear(self) -> None:
        with self._lock:
            self._blocks.clear()
            self._frames = 0


class MicStream:
    """An open microphone delivering `on_frames(samples float32 mono, rate)` from its own thread.

    `start()` raises RecordingUnavailable with a sentence for the user. `on_stopped(message)` is
    called (from the delivery thread) if the device stops by itself. `stop()` may be called from
    any thread, more than once.
    """

    def __init__(self, device: int | None, on_frames: Callable[[np.ndarray, int], None],
                 on_stopped: Callable[[str], None] | None = None, sample_rate: int | None = 16000) -> None:
        self.device = device
        self.on_frames = on_frames
        self.on_stopped = on_stopped
        self.requested_rate = sample_rate
        self.sample_rate: int | None = None
        self.device_name = ""
        self.overflows = 0
        self._queue: queue.SimpleQueue[np.ndarray | None] = queue.SimpleQueue()
        self._stream: Any = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._last_callback = 0.0
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        with self._lock:
            if self._stream is not None:
                return
            sd = _sounddevice()
            device = _resolve(self.device)
            rate, channels = _choose(sd, device, self.requested_rate)
            self.sample_rate, self.device_name = rate, device.name
            try:
                stream = sd.InputStream(samplerate=rate, device=device.index, channels=channels,
                                        dtype="int16", blocksize=max(1, int(rate * BLOCK_SECONDS)),
                                        callback=self._callback)
            except Exception as exc:
                raise RecordingUnavailable(
                    f"The microphone “{device.name}” could not be opened ({exc}).") from exc
            with playback._sd_lock:
                playback._open_streams += 1
            self._last_callback = time.monotonic()
            try:
                stream.start()
            except Exception as exc:
                playback._close_stream(stream, abort=True)
                raise RecordingUnavailable(
                    f"The microphone “{device.name}” could not be started ({exc}).") from exc
            self._stream = stream
            self._running = True
            self._thread = threading.Thread(target=self._deliver, args=(stream, rate), name="mic-delivery",
                                            daemon=True)
            self._thread.start()

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        self._last_callback = time.monotonic()
        if status:
            self.overflows += 1
        mono = (indata[:, 0] if indata.shape[1] == 1 else indata.mean(axis=1)).astype(np.float32) / 32768.0
        self._queue.put(mono)

    def _deliver(self, stream: Any, rate: int) -> None:
        while True:
            try:
                block = self._queue.get(timeout=0.25)
            except queue.Empty:
                block = np.zeros(0, dtype=np.float32)
            if block is None or self._stream is not stream:
                return
            if len(block):
                try:
                    self.on_frames(block, rate)
                except Exception:
                    log.exception("the microphone consumer failed")
                continue
            try:
                active = bool(stream.active)
            except Exception:
                active = False
            if active and time.monotonic() - self._last_callback < STALL_SECONDS:
                continue
            with self._lock:
                if self._stream is not stream:
                    return
                self._stream = None
                self._running = False
                playback._close_stream(stream, abort=True)
            if self.on_stopped is not None:
                try:
                    self.on_stopped(DEVICE_LOST.replace("; the recording so far was kept", ""))
                except Exception:
                    log.exception("on_stopped raised")
            return

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
            self._running = False
            if stream is not None:
                playback._close_stream(stream, abort=True)
            self._queue.put(None)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)
