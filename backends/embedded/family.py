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
