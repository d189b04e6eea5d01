"""Pitch shifting for the voices that have no pitch control, and a small F0 estimator to check it.

Piper and Kokoro take no pitch input, so a pitch request (or an emotion approximated with pitch)
is applied after synthesis. We use pedalboard's `PitchShift` (Spotify; Rubber Band library inside,
formant-agnostic time-preserving shift): it installs as a plain wheel without torch, shifts a
sentence in a few milliseconds, and at the +-12 semitones we offer it keeps speech intelligible.
A home-grown WSOLA/phase vocoder would have been more code to keep for a worse sound.

`estimate_f0` is a plain autocorrelation pitch tracker: enough to verify that a shift really moves
the fundamental (tests) and to describe a reference voice (voice matching), not a research tool.
"""

from __future__ import annotations

import numpy as np

MAX_SEMITONES = 12.0


def shift_pitch(samples: np.ndarray, sample_rate: int, semitones: float) -> np.ndarray:
    """`samples` with the pitch moved by `semitones` (clamped to +-12), same length and rate."""
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    semitones = float(np.clip(semitones, -MAX_SEMITONES, MAX_SEMITONES))
    if abs(semitones) < 0.01 or len(x) == 0:
        return x
    from backends.embedded.native import pedalboard

    y = pedalboard().PitchShift(semitones=semitones).process(x[np.newaxis, :], float(sample_rate), reset=True)
    out = np.ascontiguousarray(y[0], dtype=np.float32)
    if len(out) != len(x):  # pedalboard compensates its latency; guard the length anyway
        out = out[: len(x)] if len(out) > len(x) else np.pad(out, (0, len(x) - len(out)))
    return out


def estimate_f0(samples: np.ndarray, sample_rate: int, fmin: float = 60.0, fmax: float = 500.0,
                frame_s: float = 0.04, hop_s: float = 0.01) -> np.ndarray:
    """F0 in Hz of each clearly voiced frame (normalised autocorrelation peak above 0.5)."""
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    n = int(frame_s * sample_rate)
    hop = int(hop_s * sample_rate)
    lo, hi = int(sample_rate / fmax), int(sample_rate / fmin)
    if len(x) < n or hi >= n:
        return np.zeros(0)
    energy_floor = 0.1 * np.sqrt(np.mean(x**2)) if len(x) else 0.0
    f0: list[float] = []
    for start in range(0, len(x) - n, hop):
        frame = x[start:start + n] - np.mean(x[start:start + n])
        if np.sqrt(np.mean(frame**2)) < energy_floor:
            continue
        spec = np.fft.rfft(frame, 2 * n)
        ac = np.fft.irfft(spec * np.conj(spec))[:n]
        if ac[0] <= 0:
            continue
        ac /= ac[0]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] < 0.5:
            continue
        # Parabolic interpolation around the peak for sub-sample precision.
        if 0 < lag < n - 1:
            a, b, c = ac[lag - 1], ac[lag], ac[lag + 1]
            denom = a - 2 * b + c
            shift = 0.5 * (a - c) / denom if denom else 0.0
        else:
            shift = 0.0
        f0.append(sample_rate / (lag + shift))
    return np.asarray(f0)


def median_f0(samples: np.ndarray, sample_rate: int) -> float:
    """Median F0 of the voiced frames, 0.0 when nothing is voiced."""
    f0 = estimate_f0(samples, sample_rate)
    return float(np.median(f0)) if len(f0) else 0.0


def semitones_between(f_from: float, f_to: float) -> float:
    return float(12.0 * np.log2(f_to / f_from))
