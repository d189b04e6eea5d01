"""Input preparation shared by both codebooks: 16 kHz mono, peak-normalised, optionally trimmed.

The trim reproduces the reference prompt trimming (librosa `effects.trim` with top_db 20, a
512-sample frame and 128-sample hop, then 50 ms of lead-in and 220 ms of tail on a 240-sample
grid) in numpy, so that librosa (and its numba stack) is not a dependency. Resampling uses the
reference's own filter (torchaudio's windowed sinc, `backends.step.resample`): soxr's differs only in
fine detail, yet that moved 5-9 % of a clip's audio tokens. Clips below 16 kHz, which the reference
refuses with an assertion, are brought up by the same filter.
"""

from __future__ import annotations

import math

import numpy as np

from backends.audio import Audio
from backends.step.resample import resample_like_reference

SAMPLE_RATE = 16000
TRIM_TOP_DB = 20.0
TRIM_FRAME = 512
TRIM_HOP = 128
KEEP_LEFT_S = 0.05
KEEP_RIGHT_S = 0.22
TRIM_GRID = 240


def peak_normalise(samples: np.ndarray) -> np.ndarray:
    """Scale to a 0.999 peak; near-silent input (peak < 0.01) is scaled as if its peak were 0.01."""
    x = np.asarray(samples, dtype=np.float32)
    peak = float(np.max(np.abs(x))) if x.size else 0.0
    return (x / max(peak, 0.01) * 0.999).astype(np.float32)


def voiced_span(samples: np.ndarray, *, top_db: float = TRIM_TOP_DB, frame_length: int = TRIM_FRAME,
                hop_length: int = TRIM_HOP) -> tuple[int, int]:
    """[start, end) of the part louder than `top_db` below the loudest frame (librosa's trim rule).

    Frames are centred (zero padding of half a frame each side); a frame counts as voiced when
    its mean power is within `top_db` of the loudest frame's, so all-zero input counts as voiced
    throughout (librosa does the same); (0, 0) only for empty input.
    """
    y = np.asarray(samples, dtype=np.float32)
    if y.size == 0:
        return 0, 0
    half = frame_length // 2
    padded = np.pad(y, (half, half))
    n_frames = 1 + (len(padded) - frame_length) // hop_length
    frames = np.lib.stride_tricks.as_strided(
        padded, shape=(n_frames, frame_length), strides=(padded.strides[0] * hop_length, padded.strides[0])
    )
    power = np.mean(frames.astype(np.float32) ** 2, axis=1)
    rms = np.sqrt(power)
    amin = 1e-10
    ref = float(np.max(rms)) ** 2
    db = 10.0 * np.log10(np.maximum(amin, rms.astype(np.float64) ** 2)) - 10.0 * np.log10(max(amin, ref))
    voiced = np.flatnonzero(db > -top_db)
    if voiced.size == 0:
        return 0, 0
    start = int(voiced[0]) * hop_length
    end = min(len(y), (int(voiced[-1]) + 1) * hop_length)
    return start, end


def trim_silence(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Cut leading/trailing silence, keeping 50 ms before and a 220 ms tail on a 15 ms grid."""
    y = np.asarray(samples, dtype=np.float32)
    start, end = voiced_span(y)
    n_grid = math.ceil((end - start) / TRIM_GRID)
    left = int(KEEP_LEFT_S * sample_rate)
    begin = start - left
    out = y[begin:] if begin > 0 else np.concatenate([np.zeros(-begin, np.float32), y])
    out_len = int(n_grid * TRIM_GRID + (KEEP_LEFT_S + KEEP_RIGHT_S) * sample_rate)
    if out_len < len(out):
        return out[:out_len]
    return np.concatenate([out, np.zeros(out_len - len(out), np.float32)])


def prepare(audio: Audio, *, trim: bool = False, normalise: bool = True) -> np.ndarray:
    """16 kHz mono float32 samples as both tokenizers expect them."""
    samples = resample_like_reference(audio, SAMPLE_RATE)
    if normalise:
        samples = peak_normalise(samples)
    if trim:
        samples = trim_silence(samples, SAMPLE_RATE)
    return np.ascontiguousarray(samples, dtype=np.float32)
