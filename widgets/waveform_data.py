"""What the waveform view draws, without Qt: the samples with a min/max pyramid for envelopes, and
the spectrogram's STFT columns, computed while a take streams on a worker thread.

The spectrogram of one sentence (about 5 s of audio, 430 FFTs of 512 points) takes 9-15 ms on this
project's 2-core machine, and a take delivers one sentence at a time: on the GUI thread that was a
third of the stall when a take's first chunk arrived (bench/gui_stall.py, issue 21). numpy's FFT
and log release the interpreter, so a worker computes the columns while the GUI thread goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.fft  # numpy imports it on first use: 7 ms inside a take's first chunk otherwise

BLOCK = 64  # samples per pyramid block
TARGET_POINTS = 2400  # envelope buckets per redraw (about two per pixel on a wide window)
N_FFT = 512
MIN_DB = -90.0
MAX_DB = -10.0


class SampleBuffer:
    """A growable float32 buffer with a block min/max pyramid for fast envelopes."""

    def __init__(self) -> None:
        self.data = np.zeros(0, dtype=np.float32)
        self.length = 0
        self.block_min = np.zeros(0, dtype=np.float32)
        self.block_max = np.zeros(0, dtype=np.float32)

    def clear(self) -> None:
        self.__init__()

    def view(self) -> np.ndarray:
        return self.data[: self.length]

    def reserve(self, samples: int) -> None:
        """Make room for `samples` in all without copying later (see STREAM_RESERVE_S)."""
        if samples > len(self.data):
            # np.empty: zero-filling a buffer about to be overwritten costs page faults on the GUI thread.
            grown = np.empty(samples, dtype=np.float32)
            grown[: self.length] = self.data[: self.length]
            self.data = grown

    def append(self, samples: np.ndarray) -> None:
        samples = np.asarray(samples, dtype=np.float32).ravel()
        need = self.length + len(samples)
        if need > len(self.data):
            self.reserve(max(need, 2 * len(self.data), 1 << 16))
        self.data[self.length: need] = samples
        self.length = need
        done = len(self.block_min)
        full = self.length // BLOCK
        if full > done:
            chunk = self.data[done * BLOCK: full * BLOCK].reshape(-1, BLOCK)
            self.block_min = np.concatenate([self.block_min, chunk.min(axis=1)])
            self.block_max = np.concatenate([self.block_max, chunk.max(axis=1)])

    def envelope(self, a: int, b: int, buckets: int) -> tuple[np.ndarray, np.ndarray]:
        """(x sample indices, y values) for samples [a, b): raw when few, else a min/max zigzag."""
        a = max(0, a)
        b = min(self.length, b)
        if b <= a:
            return np.zeros(0), np.zeros(0)
        n = b - a
        if n <= buckets * 2:
            return np.arange(a, b, dtype=np.float64), self.data[a:b].astype(np.float64)
        per = n / buckets
        if per >= BLOCK * 4 and len(self.block_min):
            # Work on whole blocks: fast for any length.
            ba, bb = a // BLOCK, min(b // BLOCK, len(self.block_min))
            mins, maxs = self.block_min[ba:bb], self.block_max[ba:bb]
            scale = BLOCK
            base = ba * BLOCK
        else:
            mins = maxs = self.data[a:b]
            scale = 1
            base = a
        m = len(mins)
        step = max(1, int(np.ceil(m / buckets)))
        usable = (m // step) * step
        if usable == 0:
            return np.zeros(0), np.zeros(0)
        lo = mins[:usable].reshape(-1, step).min(axis=1)
        hi = maxs[:usable].reshape(-1, step).max(axis=1)
        centres = base + (np.arange(len(lo)) * step + step / 2) * scale
        x = np.repeat(centres, 2)
        y = np.empty(len(lo) * 2, dtype=np.float64)
        y[0::2] = lo
        y[1::2] = hi
        return x, y


class Spectrogram:
    """Incremental STFT magnitudes in dB, one column per hop."""

    def __init__(self) -> None:
        self.hop = N_FFT // 2
        self.window = np.hanning(N_FFT).astype(np.float32)
        self._store = np.zeros((0, N_FFT // 2 + 1), dtype=np.float32)
        self._count = 0
        self._norm = float(self.window.sum()) / 2

    @property
    def columns(self) -> np.ndarray:
        return self._store[: self._count]

    def reset(self, total_hint: int = 0) -> None:
        # Bound the work for long takes: at most ~8000 columns.
        self.hop = max(N_FFT // 2, int(total_hint // 8000))
        self._store = np.zeros((0, N_FFT // 2 + 1), dtype=np.float32)
        self._count = 0

    def reserve(self, samples: int) -> None:
        """Make room for the columns of `samples` without copying later (see STREAM_RESERVE_S)."""
        self._grow(samples // self.hop + 1)

    def _grow(self, columns: int) -> None:
        if columns > len(self._store):
            grown = np.empty((columns, self._store.shape[1]), dtype=np.float32)
            grown[: self._count] = self._store[: self._count]
            self._store = grown

    def _extend(self, db: np.ndarray) -> None:
        """Append columns, growing the store geometrically so a long stream costs linear time."""
        need = self._count + len(db)
        if need > len(self._store):
            self._grow(max(need, 2 * len(self._store), 1024))
        self._store[self._count: need] = db
        self._count = need

    def update(self, samples: np.ndarray, final: bool = False) -> bool:
        """Compute the columns that became complete; True when any were added.

        Works on the not-yet-analysed tail only, so each call costs what the new audio costs."""
        done = self._count
        tail = samples[done * self.hop:]
        if final and 0 < len(tail) < N_FFT:
            tail = np.concatenate([tail, np.zeros(N_FFT - len(tail), dtype=np.float32)])
        available = 0 if len(tail) < N_FFT else (len(tail) - N_FFT) // self.hop + 1
        if available <= 0:
            return False
        idx = (np.arange(available) * self.hop)[:, None] + np.arange(N_FFT)[None, :]
        frames = tail[idx] * self.window
        mag = np.abs(np.fft.rfft(frames, axis=1)) / self._norm
        db = (20.0 * np.log10(mag + 1e-9)).astype(np.float32)
        self._extend(db)
        return True


class SpectrogramWorker:
    """One thread that brings spectrograms up to date in order: `submit(spec, samples, final, done)`
    runs `spec.update(samples, final)` there and then `done(spec, added)` (on that thread: the
    caller passes it back to its own). A view starting a new take makes a new Spectrogram, so a job
    still running for the old take writes only into the old one."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, spec: Spectrogram, samples: np.ndarray, final: bool,
               done: Callable[[Spectrogram, bool], None]) -> None:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spectrogram")
            pool = self._pool
        pool.submit(lambda: done(spec, spec.update(samples, final)))

    def wait(self) -> None:
        """Until every submitted job has run (tests)."""
        with self._lock:
            pool = self._pool
        if pool is not None:
            pool.submit(lambda: None).result()
