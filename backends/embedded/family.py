"""What the engine needs from each family of bundled voices (Piper, Kokoro, espeak-ng).

Each family owns its model session(s), its G2P per language and how it honours speed and pitch,
so the engine can route a chunk to any voice without knowing which library speaks it.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from backends.base import Availability, CancelToken, VoiceInfo


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

    def synthesize(self, voice_id: str, text: str, language: str, speed: float, semitones: float,
                   cancel: CancelToken) -> np.ndarray:
        """Speak one chunk of plain text (no tags) in `language` at the voice's own sample rate.

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


def trim_silence(samples: np.ndarray, sample_rate: int, floor_db: float = -45.0,
                 pad_s: float = 0.02) -> np.ndarray:
    """Drop leading and trailing near-silence (below `floor_db` of the peak), keeping a short pad.

    Models end sentences with varying amounts of silence; trimming makes the gaps between
    sentences ours to choose and the same for every voice.
    """
    x = np.asarray(samples, dtype=np.float32)
    if len(x) == 0:
        return x
    peak = float(np.max(np.abs(x)))
    if peak <= 0:
        return x[:0]
    idx = np.flatnonzero(np.abs(x) > peak * 10 ** (floor_db / 20))
    pad = int(pad_s * sample_rate)
    return x[max(0, idx[0] - pad): min(len(x), idx[-1] + 1 + pad)]
