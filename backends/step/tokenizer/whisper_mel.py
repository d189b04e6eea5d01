"""The 128-bin Whisper log-mel spectrogram that the vq06 ONNX tokenizer reads.

Same recipe as `whisper.log_mel_spectrogram(audio, n_mels=128)`: a centred STFT (reflect padding,
400-point periodic Hann window, hop 160) whose last frame is dropped, power spectrum, Slaney-style
mel filters (librosa's default `filters.mel(sr=16000, n_fft=400, n_mels=128)`, computed here
rather than loaded from Whisper's asset file), log10 floored at 1e-10, clamped to 8 below the
maximum, then (x + 4) / 4. One frame per 10 ms.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

N_FFT = 400
HOP = 160
SAMPLE_RATE = 16000


def _hz_to_mel(f: np.ndarray) -> np.ndarray:
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mel = f / f_sp
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-12) / min_log_hz) / logstep, mel)


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


@lru_cache(maxsize=4)
def slaney_mel_filters(n_mels: int = 128, n_fft: int = N_FFT, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """[n_mels, n_fft // 2 + 1] float32 area-normalised triangular filters, 0 Hz to Nyquist."""
    fft_freqs = np.linspace(0.0, sample_rate / 2, 1 + n_fft // 2)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(sample_rate / 2), n_mels + 2))
    widths = np.diff(edges)
    ramps = edges[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    return weights.astype(np.float32)


@lru_cache(maxsize=1)
def _hann() -> np.ndarray:
    n = np.arange(N_FFT, dtype=np.float64)
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * n / N_FFT)


def log_mel_spectrogram(samples: np.ndarray, n_mels: int = 128) -> np.ndarray:
    """[n_mels, len(samples) // 160] float32 features of 16 kHz samples (needs > 200 samples)."""
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    if len(x) <= N_FFT // 2:
        raise ValueError("audio too short for a Whisper mel frame")
    padded = np.pad(x.astype(np.float64), (N_FFT // 2, N_FFT // 2), mode="reflect")
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    frames = np.lib.stride_tricks.as_strided(
        padded, shape=(n_frames, N_FFT), strides=(padded.strides[0] * HOP, padded.strides[0])
    )[:-1]
    power = np.abs(np.fft.rfft(frames * _hann(), axis=1)) ** 2
    mel = slaney_mel_filters(n_mels).astype(np.float64) @ power.T
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)
