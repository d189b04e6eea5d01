"""Kaldi-compatible log-mel filterbank in numpy (the vq02 front end's first stage).

FunASR computes these features with `torchaudio.compliance.kaldi.fbank`; torchaudio does not
load beside current torch builds, and the kaldi-native-fbank wheel would be one more binary for
sixty lines of arithmetic, so the same recipe is written out here and pinned against goldens made
with torchaudio's own implementation: samples scaled to 16-bit range, 25 ms frames every 10 ms
(edges snipped), DC removal, 0.97 pre-emphasis, a symmetric Hamming window, a 512-point power
spectrum and triangular filters on the Kaldi mel scale from 20 Hz to Nyquist, natural log floored
at float32 epsilon. Dither is not applied (see the package docstring).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

_EPS = float(np.finfo(np.float32).eps)


def _mel(freq: np.ndarray | float) -> np.ndarray:
    return 1127.0 * np.log(1.0 + np.asarray(freq, dtype=np.float64) / 700.0)


@lru_cache(maxsize=8)
def kaldi_mel_banks(num_bins: int, n_fft: int, sample_rate: int, low_freq: float = 20.0,
                    high_freq: float = 0.0) -> np.ndarray:
    """[num_bins, n_fft // 2 + 1] triangular weights (the Nyquist column stays zero, as in Kaldi)."""
    nyquist = 0.5 * sample_rate
    high = high_freq if high_freq > 0 else nyquist + high_freq
    half = n_fft // 2
    mel_low, mel_high = float(_mel(low_freq)), float(_mel(high))
    delta = (mel_high - mel_low) / (num_bins + 1)
    idx = np.arange(num_bins, dtype=np.float64)[:, None]
    left = mel_low + idx * delta
    centre = left + delta
    right = centre + delta
    mel = _mel(sample_rate / n_fft * np.arange(half, dtype=np.float64))[None, :]
    up = (mel - left) / (centre - left)
    down = (right - mel) / (right - centre)
    banks = np.maximum(0.0, np.minimum(up, down))
    out = np.zeros((num_bins, half + 1), dtype=np.float32)
    out[:, :half] = banks
    return out


@lru_cache(maxsize=8)
def _hamming(length: int) -> np.ndarray:
    n = np.arange(length, dtype=np.float64)
    return (0.54 - 0.46 * np.cos(2.0 * np.pi * n / (length - 1))).astype(np.float32)


def frame_count(n_samples: int, frame_length: int = 400, frame_shift: int = 160) -> int:
    return 0 if n_samples < frame_length else 1 + (n_samples - frame_length) // frame_shift


def kaldi_fbank(samples: np.ndarray, *, sample_rate: int = 16000, num_mel_bins: int = 80,
                frame_length_ms: float = 25.0, frame_shift_ms: float = 10.0,
                scale: float = 32768.0) -> np.ndarray:
    """[frames, num_mel_bins] float32 log filterbank energies of float samples in [-1, 1]."""
    length = int(sample_rate * frame_length_ms / 1000)
    shift = int(sample_rate * frame_shift_ms / 1000)
    x = np.asarray(samples, dtype=np.float32).reshape(-1) * np.float32(scale)
    n = frame_count(len(x), length, shift)
    if n == 0:
        return np.zeros((0, num_mel_bins), dtype=np.float32)
    frames = np.lib.stride_tricks.as_strided(
        x, shape=(n, length), strides=(x.strides[0] * shift, x.strides[0])
    ).astype(np.float64)
    frames = frames - frames.mean(axis=1, keepdims=True)
    shifted = np.concatenate([frames[:, :1], frames[:, :-1]], axis=1)
    frames = (frames - 0.97 * shifted) * _hamming(length)
    n_fft = 1 << (length - 1).bit_length()
    power = np.abs(np.fft.rfft(frames, n=n_fft, axis=1)) ** 2
    mel = power @ kaldi_mel_banks(num_mel_bins, n_fft, sample_rate).T.astype(np.float64)
    return np.log(np.maximum(mel, _EPS)).astype(np.float32)
