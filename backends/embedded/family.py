"""What the engine needs from each family of bundled voices (Piper, Kokoro, espeak-ng).

Each family owns its model session(s), its G2P per language and how it honours speed and pitch,
so the engine can route a chunk to any voice without knowing which library speaks it.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from backends.base import Availability, CancelToken, VoiceInfo
from backends.lexicon import ReadingKind, Spoken


class VoiceFamily(Protocol):
    name: str  # "piper" | "kokoro" | "espeak": the prefix of its voice ids
    pitch_how: str  # "native" or "post-process": shown next to the pitch control

    def availability(self) -> Availability:
        """Whether the packages and model files are present, without loading anything."""
        ...

    def voices(self) -> list[VoiceInfo]: ...

    @property
    def loaded(self) -> bool: ...

    def load(self) -> None:
        """Open the model session(s); idempotent and thread-safe."""
        ...

    def warm(self) -> None:
        """`load()`, plus whatever else the first synthesis would otherwise pay for (G2P dictionaries)."""
        ...

    def unload(self) -> None: ...

    def versions(self) -> dict[str, str]:
        """Package / library versions that determine this family's output (for take metadata)."""
        ...

    def reads(self, kind: ReadingKind, language: str) -> bool:
        """Whether this family's voices read a pronunciation of `kind` in `language` natively."""
        ...

    def unknown_symbols(self, reading: str) -> str:
        """The symbols of an IPA reading these voices have no phoneme for (left out when spoken)."""
        ...

    def synthesize(self, voice_id: str, text: str, language: str, speed: float, semitones: float,
                   cancel: CancelToken, spoken: Spoken | None = None) -> np.ndarray:
        """Speak one chunk of plain text (no tags) in `language` at the voice's own sample rate;
        `spoken` (`text` split at the pronunciations this family `reads`) replaces it when given.

        `speed` is a rate multiplier applied natively; `semitones` a pitch offset, native or
        post-processed as `pitch_how` says. Raises `Cancelled` if `cancel` fires mid-way.
        """
        ...


def package_version(dist: str) -> str:
    """Installed version of distribution `dist`, or "" when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return ""


def trim_bounds(samples: np.ndarray, sample_rate: int, floor_db: float = -45.0,
                pad_s: float = 0.02) -> tuple[int, int]:
    """[first, last) of `samples` without leading and trailing near-silence (below `floor_db` of
    the peak), keeping a short pad; (0, 0) for silence. Callers that place things in the audio
    (phoneme timings) need where the kept part starts, not only the part."""
    x = np.asarray(samples, dtype=np.float32)
    if len(x) == 0:
        return 0, 0
    peak = float(np.max(np.abs(x)))
    if peak <= 0:
        return 0, 0
    idx = np.flatnonzero(np.abs(x) > peak * 10 ** (floor_db / 20))
    pad = int(pad_s * sample_rate)
    return max(0, int(idx[0]) - pad), min(len(x), int(idx[-1]) + 1 + pad)


def trim_silence(samples: np.ndarray, sample_rate: int, floor_db: float = -45.0,
                 pad_s: float = 0.02) -> np.ndarray:
    """Drop leading and trailing near-silence, keeping a short pad (`trim_bounds`).

    Models end sentences with varying amounts of silence; trimming makes the gaps between
    sentences ours to choose and the same for every voice.
    """
    x = np.asarray(samples, dtype=np.float32)
    first, last = trim_bounds(x, sample_rate, floor_db, pad_s)
    return x[first:last]


TARGET_PEAK = 0.5  # every chunk is levelled to -6 dBFS before its loudness offset: headroom for +5 dB
LIMIT_PEAK = 0.98


def level(samples: np.ndarray, gain_db: float) -> np.ndarray:
    """Same level for every voice (peak -6 dBFS), then the loudness offset, then a safety limit."""
    if len(samples) == 0:
        return samples
    peak = float(np.max(np.abs(samples)))
    if peak < 1e-6:
        return samples
    out = samples * (TARGET_PEAK * 10 ** (gain_db / 20) / peak)
    new_peak = float(np.max(np.abs(out)))
    if new_peak > LIMIT_PEAK:
        out *= LIMIT_PEAK / new_peak
    return out.astype(np.float32)


_KNEE = 0.9  # the soft limiter of a sentence levelled before its end was made (Leveller)


class Leveller:
    """`trim_bounds` and `level` for a sentence that arrives in pieces that follow each other (a
    Kokoro sentence made in windows): the first piece decides where the speech starts and the gain,
    from its own peak; the last decides where it ends. A later piece may peak higher than the
    first (measured on twelve sentences: the first second held 0.6 to 1.1 of the whole sentence's
    peak), so anything above `_KNEE` is bent under full scale rather than clipped or turned down,
    which would change the level mid-sentence. One piece, first and last, is `level` exactly."""

    def __init__(self, sample_rate: int, gain_db: float, floor_db: float = -45.0) -> None:
        self.sample_rate = sample_rate
        self.gain_db = gain_db
        self.floor_db = floor_db
        self._gain: float | None = None
        self._floor = 0.0
        self.start = 0  # samples trimmed from the head of the first piece

    def piece(self, samples: np.ndarray, last: bool) -> np.ndarray:
        x = np.asarray(samples, dtype=np.float32)
        if self._gain is None:
            first, end = trim_bounds(x, self.sample_rate, self.floor_db)
            if last:
                self._gain = 1.0
                return level(x[first:end], self.gain_db)
            peak = float(np.max(np.abs(x[first:]))) if end > first else 0.0
            if peak < 1e-6:  # all of it leading silence: trimmed, and the next piece decides
                self.start += len(x)
                return x[:0]
            self.start += first
            x = x[first:]
            self._floor = peak * 10 ** (self.floor_db / 20)
            self._gain = TARGET_PEAK * 10 ** (self.gain_db / 20) / peak
        elif last:
            loud = np.flatnonzero(np.abs(x) > self._floor)
            pad = int(0.02 * self.sample_rate)
            x = x[:min(len(x), int(loud[-1]) + 1 + pad)] if len(loud) else x[:0]
        y = x * self._gain
        over = np.abs(y) > _KNEE
        if over.any():
            room = LIMIT_PEAK - _KNEE  # slope 1 at the knee, never above LIMIT_PEAK
            y[over] = np.sign(y[over]) * (_KNEE + room * np.tanh((np.abs(y[over]) - _KNEE) / room))
        return y.astype(np.float32)
