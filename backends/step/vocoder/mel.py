"""The flow model's mel front end (CosyVoice `feat_extractor`): 80 log-mel bins at 22.05 kHz.

The flow was trained on the Matcha/HiFi-GAN style spectrogram: reflect padding of (n_fft - hop) / 2 on
both sides, an uncentred STFT with a periodic Hann window, magnitude with a 1e-9 floor inside the
square root, a Slaney-normalised mel filterbank on the Slaney mel scale (librosa's default, computed
here in numpy so librosa is not needed) and the natural log clamped at 1e-5. Any deviation shifts the
prompt features the flow conditions on, so these details are pinned by golden tests.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import torch

from backends.audio import Audio
from backends.step.resample import resample_like_reference
from backends.step.vocoder.config import MelConfig

_F_SP = 200.0 / 3  # Slaney scale: linear below 1 kHz (15 mels), logarithmic above
_MIN_LOG_HZ = 1000.0
_MIN_LOG_MEL = _MIN_LOG_HZ / _F_SP
_LOG_STEP = math.log(6.4) / 27.0


def hz_to_mel(hz: np.ndarray) -> np.ndarray:
    hz = np.asarray(hz, dtype=np.float64)
    mel = hz / _F_SP
    log_part = hz >= _MIN_LOG_HZ
    mel[log_part] = _MIN_LOG_MEL + np.log(hz[log_part] / _MIN_LOG_HZ) / _LOG_STEP
    return mel


def mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    hz = mel * _F_SP
    log_part = mel >= _MIN_LOG_MEL
    hz[log_part] = _MIN_LOG_HZ * np.exp(_LOG_STEP * (mel[log_part] - _MIN_LOG_MEL))
    return hz


@lru_cache(maxsize=8)
def slaney_mel_filterbank(sample_rate: int, n_fft: int, n_mels: int, fmin: float = 0.0,
                          fmax: float | None = None) -> np.ndarray:
    """[n_mels, n_fft // 2 + 1] triangular filters with unit area per filter (Slaney norm), float32."""
    fmax = sample_rate / 2.0 if fmax is None else float(fmax)
    fft_hz = np.fft.rfftfreq(n_fft, d=1.0 / sample_rate)
    edges = mel_to_hz(np.linspace(hz_to_mel(np.array([fmin]))[0], hz_to_mel(np.array([fmax]))[0], n_mels + 2))
    widths = np.diff(edges)
    offsets = edges[:, None] - fft_hz[None, :]
    rising = -offsets[:-2] / widths[:-1, None]
    falling = offsets[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(rising, falling))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    weights.setflags(write=False)
    return weights.astype(np.float32)


def mel_spectrogram(samples: torch.Tensor | np.ndarray, config: MelConfig | None = None) -> torch.Tensor:
    """Samples [N] or [B, N] at `config.sampling_rate` -> log mel [B, n_mels, frames] (float32)."""
    cfg = config or MelConfig()
    y = torch.as_tensor(samples, dtype=torch.float32)
    if y.dim() == 1:
        y = y.unsqueeze(0)
    pad = (cfg.n_fft - cfg.hop_size) // 2
    if y.shape[-1] <= max(pad, cfg.n_fft - 2 * pad):
        raise ValueError(f"audio too short for the mel front end: {y.shape[-1]} samples, "
                         f"need more than {max(pad, cfg.n_fft - 2 * pad)}")
    y = _reflect_pad(y, pad)
    window = torch.hann_window(cfg.win_size, device=y.device)
    spec = torch.stft(y, cfg.n_fft, hop_length=cfg.hop_size, win_length=cfg.win_size, window=window,
                      center=cfg.center, pad_mode="reflect", normalized=False, onesided=True,
                      return_complex=True)
    spec = torch.view_as_real(spec)
    magnitude = torch.sqrt(spec.pow(2).sum(-1) + 1e-9)
    fmax = None if cfg.fmax is None else float(cfg.fmax)
    basis = slaney_mel_filterbank(cfg.sampling_rate, cfg.n_fft, cfg.num_mels, float(cfg.fmin), fmax)
    basis = torch.from_numpy(basis).to(y.device)
    return torch.log(torch.clamp(torch.matmul(basis, magnitude), min=1e-5))


def _reflect_pad(y: torch.Tensor, pad: int) -> torch.Tensor:
    return torch.nn.functional.pad(y.unsqueeze(1), (pad, pad), mode="reflect").squeeze(1)


def prompt_mel(audio: Audio, config: MelConfig | None = None) -> np.ndarray:
    """The flow's `prompt_feat` for a clip: [frames, n_mels] float32, resampled as the reference does."""
    cfg = config or MelConfig()
    samples = resample_like_reference(audio, cfg.sampling_rate)
    return mel_spectrogram(samples, cfg)[0].transpose(0, 1).contiguous().cpu().numpy()
