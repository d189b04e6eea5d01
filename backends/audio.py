"""The one audio type every layer passes around, plus loading, saving and resampling.

Engines, the library and the UI all exchange `Audio`: float32 mono samples with an explicit
sample rate. Keeping the rate on the value (rather than in a side channel) is what lets chunks
from different voices, references at odd rates and exported files meet without silent
mis-resampling.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr


class AudioLoadError(ValueError):
    """A file could not be read as audio. The message is fit to show a user as is."""


@dataclass(frozen=True)
class Audio:
    """Mono float32 samples in [-1, 1] (not enforced: processing may overshoot) at `sample_rate` Hz."""

    samples: np.ndarray
    sample_rate: int

    def __post_init__(self) -> None:
        samples = np.asarray(self.samples, dtype=np.float32)
        if samples.ndim != 1:
            raise ValueError(f"Audio must be mono (1-D); got shape {samples.shape}")
        if self.sample_rate <= 0:
            raise ValueError(f"sample rate must be positive, got {self.sample_rate}")
        object.__setattr__(self, "samples", samples)
        object.__setattr__(self, "sample_rate", int(self.sample_rate))

    @classmethod
    def silence(cls, seconds: float, sample_rate: int) -> Audio:
        return cls(np.zeros(max(0, round(seconds * sample_rate)), dtype=np.float32), sample_rate)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    def __len__(self) -> int:
        return len(self.samples)

    def resampled(self, sample_rate: int) -> Audio:
        """This audio at another rate (soxr, high quality); the same object if the rate matches."""
        if sample_rate == self.sample_rate:
            return self
        if len(self.samples) == 0:
            return Audio(self.samples, sample_rate)
        out = soxr.resample(self.samples, self.sample_rate, sample_rate, quality="HQ")
        return Audio(np.ascontiguousarray(out, dtype=np.float32), sample_rate)

    def peak(self) -> float:
        return float(np.max(np.abs(self.samples))) if len(self.samples) else 0.0

    def rms(self) -> float:
        return float(np.sqrt(np.mean(np.square(self.samples, dtype=np.float64)))) if len(self.samples) else 0.0

    def slice_seconds(self, start: float, end: float | None = None) -> Audio:
        a = max(0, round(start * self.sample_rate))
        b = len(self.samples) if end is None else max(a, round(end * self.sample_rate))
        return Audio(self.samples[a:b], self.sample_rate)

    def concat(self, other: Audio) -> Audio:
        other = other.resampled(self.sample_rate)
        return Audio(np.concatenate([self.samples, other.samples]), self.sample_rate)


# Formats the studio writes. Keys are what users type (and file suffixes); values are
# (soundfile format, subtype).
WRITE_FORMATS: dict[str, tuple[str, str]] = {
    "wav": ("WAV", "PCM_16"),
    "flac": ("FLAC", "PCM_16"),
    "ogg": ("OGG", "VORBIS"),
    "mp3": ("MP3", "MPEG_LAYER_III"),
}


def load_audio(path: str | Path) -> Audio:
    """Read any file libsndfile understands (WAV, FLAC, OGG, MP3, ...), mixed down to mono float32.

    Multichannel files are averaged, integer PCM of any depth is scaled to [-1, 1], and the
    original rate is kept: callers resample to what they need.
    """
    path = Path(path)
    if not path.exists():
        raise AudioLoadError(f"{path.name}: no such file")
    if path.is_dir():
        raise AudioLoadError(f"{path.name}: is a folder, not an audio file")
    if path.stat().st_size == 0:
        raise AudioLoadError(f"{path.name}: the file is empty")
    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        raise AudioLoadError(f"{path.name}: not a readable audio file ({exc})") from exc
    if data.shape[0] == 0:
        raise AudioLoadError(f"{path.name}: the file holds no audio samples")
    mono = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    if not np.all(np.isfinite(mono)):
        raise AudioLoadError(f"{path.name}: the audio contains invalid (NaN or infinite) samples")
    return Audio(np.ascontiguousarray(mono, dtype=np.float32), int(rate))


def save_audio(audio: Audio, path: str | Path, fmt: str | None = None) -> Path:
    """Write `audio` to `path` in `fmt` (default: from the suffix). Not atomic: see studio's storage."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in WRITE_FORMATS:
        raise ValueError(f"cannot write '{fmt}' files; choose one of {', '.join(WRITE_FORMATS)}")
    container, subtype = WRITE_FORMATS[fmt]
    samples = np.clip(audio.samples, -1.0, 1.0)
    sf.write(str(path), samples, audio.sample_rate, format=container, subtype=subtype)
    return path
