"""Kaldi-compatible log mel filterbank features in numpy (no torch, no torchaudio).

Shared by the tokenizer's Paraformer front end (Hamming window, samples in 16-bit range) and CAM++,
the CosyVoice speaker encoder (Povey window, samples in [-1, 1]). Both were trained on features from
`torchaudio.compliance.kaldi.fbank`, i.e. Kaldi's `compute-fbank-feats`: 25 ms Povey-windowed frames
every 10 ms, per-frame DC removal, 0.97 pre-emphasis, an FFT padded to a power of two, power spectrum,
triangular filters on the Kaldi mel scale (1127 ln(1 + f/700)) from 20 Hz to Nyquist, and the natural
log floored at float32 epsilon. torchaudio does not import on every platform the studio supports, so
the same computation lives here; golden tests pin it against torchaudio's output.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_EPS = float(np.finfo(np.float32).eps)


@dataclass(frozen=True)
class FbankOptions:
    """Kaldi `FbankOptions` with torchaudio's defaults, except `num_mel_bins` (80 for every user here)."""

    sample_rate: float = 16000.0
    num_mel_bins: int = 80
    frame_length_ms: float = 25.0
    frame_shift_ms: float = 10.0
    dither: float = 0.0
    preemphasis: float = 0.97
    remove_dc_offset: bool = True
    window_type: str = "povey"  # povey | hanning | hamming | rectangular
    round_to_power_of_two: bool = True
    snip_edges: bool = True
    low_freq: float = 20.0
    high_freq: float = 0.0  # <= 0: offset from Nyquist
    use_energy: bool = False
    raw_energy: bool = True
    energy_floor: float = 1.0
    use_power: bool = True
    use_log_fbank: bool = True

    @property
    def window_size(self) -> int:
        return int(self.sample_rate * self.frame_length_ms * 0.001)

    @property
    def window_shift(self) -> int:
        return int(self.sample_rate * self.frame_shift_ms * 0.001)

    @property
    def padded_window_size(self) -> int:
        n = self.window_size
        return 1 << (n - 1).bit_length() if self.round_to_power_of_two else n


def frame_count(n_samples: int, frame_length: int = 400, frame_shift: int = 160) -> int:
    """Frames Kaldi makes of `n_samples` with edges snipped (what a streaming caller can compute now)."""
    return 0 if n_samples < frame_length else 1 + (n_samples - frame_length) // frame_shift


def _kaldi_mel(hz: np.ndarray | float) -> np.ndarray:
    return 1127.0 * np.log(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


@lru_cache(maxsize=8)
def kaldi_mel_banks(num_bins: int, padded_window_size: int, sample_rate: float, low_freq: float,
                    high_freq: float) -> np.ndarray:
    """[num_bins, padded_window_size // 2 + 1] filters; the Nyquist column is zero as in Kaldi."""
    nyquist = 0.5 * sample_rate
    if high_freq <= 0.0:
        high_freq += nyquist
    if not (0.0 <= low_freq < nyquist and 0.0 < high_freq <= nyquist and low_freq < high_freq):
        raise ValueError(f"bad mel range {low_freq}..{high_freq} Hz for Nyquist {nyquist} Hz")
    n_fft_bins = padded_window_size // 2
    mel_low, mel_high = _kaldi_mel(low_freq), _kaldi_mel(high_freq)
    delta = (mel_high - mel_low) / (num_bins + 1)
    index = np.arange(num_bins, dtype=np.float64)[:, None]
    left = mel_low + index * delta
    center = mel_low + (index + 1) * delta
    right = mel_low + (index + 2) * delta
    mel = _kaldi_mel(sample_rate / padded_window_size * np.arange(n_fft_bins, dtype=np.float64))[None, :]
    banks = np.maximum(0.0, np.minimum((mel - left) / (center - left), (right - mel) / (right - center)))
    out = np.zeros((num_bins, n_fft_bins + 1), dtype=np.float64)
    out[:, :n_fft_bins] = banks
    out.setflags(write=False)
    return out


def _window(kind: str, n: int) -> np.ndarray:
    i = np.arange(n, dtype=np.float64)
    if kind in ("povey", "hanning"):
        hann = 0.5 - 0.5 * np.cos(2 * np.pi * i / (n - 1))
        return hann**0.85 if kind == "povey" else hann
    if kind == "hamming":
        return 0.54 - 0.46 * np.cos(2 * np.pi * i / (n - 1))
    if kind == "rectangular":
        return np.ones(n)
    raise ValueError(f"unsupported window type {kind!r}")


def _frames(x: np.ndarray, size: int, shift: int, snip_edges: bool) -> np.ndarray:
    if snip_edges:
        count = frame_count(len(x), size, shift)
        if count == 0:
            return np.zeros((0, size), dtype=x.dtype)
    else:
        count = (len(x) + shift // 2) // shift
        pad = size // 2 - shift // 2
        rev = x[::-1]
        x = np.concatenate([rev[-pad:], x, rev]) if pad > 0 else np.concatenate([x[-pad:], rev])
    idx = np.arange(size)[None, :] + shift * np.arange(count)[:, None]
    return x[idx]


def kaldi_fbank(samples: np.ndarray, options: FbankOptions | None = None, *,
                rng: np.random.Generator | None = None) -> np.ndarray:
    """Mono samples (the scale the model expects: [-1, 1] for CAM++, int16 range for Paraformer)
    -> [frames, num_mel_bins] (+1 leading energy column with `use_energy`) float32 features.
    Dither, when enabled, draws from `rng` (a fresh unseeded generator if None)."""
    opts = options or FbankOptions()
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    size, shift, padded = opts.window_size, opts.window_shift, opts.padded_window_size
    if size < 2 or shift < 1:
        raise ValueError("frame length and shift must cover at least two and one samples")
    frames = _frames(x, size, shift, opts.snip_edges).copy()
    if frames.shape[0] == 0:
        return np.zeros((0, opts.num_mel_bins + int(opts.use_energy)), dtype=np.float32)
    if opts.dither != 0.0:
        frames += (rng or np.random.default_rng()).standard_normal(frames.shape) * opts.dither
    if opts.remove_dc_offset:
        frames -= frames.mean(axis=1, keepdims=True)
    if opts.raw_energy:
        log_energy = np.log(np.maximum((frames**2).sum(axis=1), _EPS))
    if opts.preemphasis != 0.0:
        previous = np.concatenate([frames[:, :1], frames[:, :-1]], axis=1)
        frames = frames - opts.preemphasis * previous
    frames *= _window(opts.window_type, size)[None, :]
    if padded != size:
        frames = np.pad(frames, ((0, 0), (0, padded - size)))
    if not opts.raw_energy:
        log_energy = np.log(np.maximum((frames**2).sum(axis=1), _EPS))
    spectrum = np.abs(np.fft.rfft(frames, axis=1))
    if opts.use_power:
        spectrum = spectrum**2
    banks = kaldi_mel_banks(opts.num_mel_bins, padded, float(opts.sample_rate), float(opts.low_freq),
                            float(opts.high_freq))
    feats = spectrum @ banks.T
    if opts.use_log_fbank:
        feats = np.log(np.maximum(feats, _EPS))
    if opts.use_energy:
        if opts.energy_floor > 0.0:
            log_energy = np.maximum(log_energy, np.log(opts.energy_floor))
        feats = np.concatenate([log_energy[:, None], feats], axis=1)
    return feats.astype(np.float32)
