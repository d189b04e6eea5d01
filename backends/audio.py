"""The one audio type every layer passes around, plus loading, saving and resampling.

Engines, the library and the UI all exchange `Audio`: float32 mono samples with an explicit
sample rate. Keeping the rate on the value (rather than in a side channel) is what lets chunks
from different voices, references at odd rates and exported files meet without silent
mis-resampling.
"""

from __future__ import annotations

import re
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
        if not len(self.samples):
            return 0.0
        return float(np.sqrt(np.mean(np.square(self.samples, dtype=np.float64))))

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

# MPEG audio only exists at these rates; libsndfile refuses any other, so exports resample first.
MP3_SAMPLE_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)

# The longest file `load_audio` decodes. Everything the studio does with a file (a clone reference,
# a clip to edit, a take) is minutes long; a two-hour bound still admits any sane recording while
# refusing, before decoding, a file that would take gigabytes of memory (2 h at 48 kHz is 1.4 GB).
MAX_LOAD_SECONDS = 2 * 60 * 60

# Rates outside this range are a corrupt header, not audio anyone recorded.
_MIN_RATE, _MAX_RATE = 1000, 768_000

# Frames decoded per read: bounds the transient multichannel buffer while mixing down.
_BLOCK_FRAMES = 1 << 16


def _span(seconds: float) -> str:
    return f"{seconds:.0f} seconds" if seconds < 120 else f"{seconds / 60:.0f} minutes"


def _describe(exc: BaseException) -> str:
    """libsndfile's message without the repeated "Error opening '<full path>':" preamble."""
    text = str(exc).strip().replace("\n", " ")
    text = re.sub(r"^Error opening '.*?':\s*", "", text)
    text = re.sub(r"^Error\s*:\s*", "", text)
    text = re.sub(r"\.\s+", "; ", text)  # one sentence: the message is shown as a single line
    return text.rstrip(".") or type(exc).__name__


def load_audio(path: str | Path, *, max_seconds: float = MAX_LOAD_SECONDS) -> Audio:
    """Read any file libsndfile understands (WAV, FLAC, OGG, MP3, ...), mixed down to mono float32.

    Multichannel files are averaged, integer PCM of any depth is scaled to [-1, 1], and the
    original rate is kept: callers resample to what they need. Every way a file can be bad
    (missing, empty, not audio, truncated to nothing, absurdly long, NaN samples) ends in an
    `AudioLoadError` whose message names the file, because users import files from anywhere and
    the message is what they see. The header is checked before decoding so that a huge file is
    refused without first filling memory, and decoding goes block by block into a mono buffer so
    a many-channel file never needs its full interleaved size in memory.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        if not path.exists():
            raise AudioLoadError(f"{name}: no such file.")
        if path.is_dir():
            raise AudioLoadError(f"{name}: is a folder, not an audio file.")
        if not path.is_file():
            raise AudioLoadError(f"{name}: is not a regular file.")
        if path.stat().st_size == 0:
            raise AudioLoadError(f"{name}: the file is empty.")
        with path.open("rb"):
            pass  # a permission problem reads better from Python than from libsndfile
    except OSError as exc:
        raise AudioLoadError(f"{name}: cannot be opened ({exc.strerror or exc}).") from exc

    try:
        with sf.SoundFile(str(path)) as f:
            rate, channels, frames = int(f.samplerate), int(f.channels), int(f.frames)
            if not _MIN_RATE <= rate <= _MAX_RATE:
                raise AudioLoadError(f"{name}: the file claims an impossible sample rate ({rate} Hz).")
            if channels < 1:
                raise AudioLoadError(f"{name}: the file claims to have no audio channels.")
            limit = int(max_seconds * rate)
            if frames > limit:
                raise AudioLoadError(
                    f"{name}: {_span(frames / rate)} of audio is longer than the "
                    f"{_span(max_seconds)} the studio loads at once.")
            mono = _read_mono(f, frames, limit, name)
    except AudioLoadError:
        raise
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError, OSError, EOFError) as exc:
        raise AudioLoadError(f"{name}: not a readable audio file ({_describe(exc)}).") from exc
    if len(mono) == 0:
        raise AudioLoadError(f"{name}: the file holds no audio samples.")
    if not np.all(np.isfinite(mono)):
        raise AudioLoadError(f"{name}: the audio contains invalid (NaN or infinite) samples.")
    return Audio(mono, rate)


def _read_mono(f: sf.SoundFile, frames: int, limit: int, name: str) -> np.ndarray:
    """Decode `f` to mono, stopping at end of data even when the header promised more (truncated
    files) and refusing to decode past `limit` (headers that under-report, endless streams)."""
    out = np.empty(max(frames, 0), dtype=np.float32)
    extra: list[np.ndarray] = []  # decoders that under-report frames (some MP3s) spill here
    filled = 0
    while True:
        block = f.read(_BLOCK_FRAMES, dtype="float32", always_2d=True)
        if len(block) == 0:
            break
        mono = block.mean(axis=1, dtype=np.float32) if block.shape[1] > 1 else block[:, 0]
        room = len(out) - filled
        take = min(room, len(mono))
        out[filled:filled + take] = mono[:take]
        filled += take
        if take < len(mono):
            extra.append(mono[take:].copy())
        if filled + sum(len(e) for e in extra) > limit:
            raise AudioLoadError(
                f"{name}: the audio is longer than the {_span(limit / f.samplerate)} "
                "the studio loads at once.")
        if len(block) < _BLOCK_FRAMES:
            break
    data = out[:filled] if not extra else np.concatenate([out[:filled], *extra])
    return np.ascontiguousarray(data, dtype=np.float32)


def save_audio(audio: Audio, path: str | Path, fmt: str | None = None) -> Path:
    """Write `audio` to `path` in `fmt` (default: from the suffix). Not atomic: see studio's storage.

    NaN or infinite samples (a processing bug upstream) are written as silence rather than as
    full-scale clicks, and MP3 exports are resampled to the nearest rate MPEG allows, because the
    user asked for a file, not for a lesson in MPEG sample rates. Empty audio is refused: FLAC and
    MP3 cannot represent it and would leave a zero-byte file no player opens.
    """
    path = Path(path)
    fmt = (fmt or path.suffix).lstrip(".").lower()
    if fmt not in WRITE_FORMATS:
        raise ValueError(f"cannot write '{fmt}' files; choose one of {', '.join(WRITE_FORMATS)}")
    if len(audio) == 0:
        raise ValueError(f"{path.name}: there is no audio to save (the clip is empty)")
    container, subtype = WRITE_FORMATS[fmt]
    if fmt == "mp3" and audio.sample_rate not in MP3_SAMPLE_RATES:
        higher = [r for r in MP3_SAMPLE_RATES if r >= audio.sample_rate]
        audio = audio.resampled(higher[0] if higher else MP3_SAMPLE_RATES[-1])
    samples = np.clip(np.nan_to_num(audio.samples, nan=0.0, posinf=1.0, neginf=-1.0), -1.0, 1.0)
    sf.write(str(path), samples, audio.sample_rate, format=container, subtype=subtype)
    return path
