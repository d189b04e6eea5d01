"""The reference's resampler (torchaudio's default band-limited sinc interpolation) in numpy.

The reference brings every clip to 16 kHz (both tokenizers, CAM++) and a prompt clip to 22.05 kHz
(prompt mel) with `torchaudio.transforms.Resample`: a Hann-windowed sinc, 6 zero crossings, cut-off
at 0.99 of the lower Nyquist. The app's own resampler (soxr) has a different transition band; mel
and fbank bins near Nyquist are log energies of almost nothing, so the two disagree there by whole
nepers (measured up to ~3 on fbank after mean removal) although they sound the same, and a
soxr-resampled clip gave 5-9 % of its audio tokens different from the reference's (24, 44.1 and
48 kHz clips). Using the same filter keeps the tokens, the speaker embedding and the prompt features
equal to the reference's for the same clip.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from backends.audio import Audio

ZERO_CROSSINGS = 6
ROLLOFF = 0.99


@lru_cache(maxsize=16)
def _kernel(orig: int, new: int) -> tuple[np.ndarray, int]:
    """[new, taps] polyphase filter bank for rates already divided by their gcd, and its half width."""
    cutoff = min(orig, new) * ROLLOFF
    width = math.ceil(ZERO_CROSSINGS * orig / cutoff)
    offsets = np.arange(-width, width + orig, dtype=np.float64)[None, :] / orig
    phases = -np.arange(new, dtype=np.float64)[:, None] / new
    t = np.clip((phases + offsets) * cutoff, -ZERO_CROSSINGS, ZERO_CROSSINGS)
    window = np.cos(t * math.pi / ZERO_CROSSINGS / 2) ** 2
    t = t * math.pi
    with np.errstate(invalid="ignore", divide="ignore"):
        sinc = np.where(t == 0, 1.0, np.sin(t) / t)
    kernel = (sinc * window * (cutoff / orig)).astype(np.float32).astype(np.float64)
    kernel.setflags(write=False)
    return kernel, width


def sinc_resample(samples: np.ndarray, orig_rate: int, new_rate: int) -> np.ndarray:
    """Mono float samples from `orig_rate` to `new_rate` (integers), float32, ceil(n * new / orig) long.

    The filter runs over blocks of input frames, so a ten-minute clip at 44.1 kHz needs a few
    megabytes of working memory rather than a float64 copy of the whole clip per step."""
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    if orig_rate <= 0 or new_rate <= 0:
        raise ValueError("sample rates must be positive")
    if orig_rate == new_rate:
        return x.copy()
    g = math.gcd(int(orig_rate), int(new_rate))
    orig, new = int(orig_rate) // g, int(new_rate) // g
    kernel, width = _kernel(orig, new)
    taps = kernel.shape[1]
    padded = np.concatenate([np.zeros(width, np.float32), x, np.zeros(width + orig, np.float32)])
    count = (len(padded) - taps) // orig + 1
    n_out = math.ceil(new * len(x) / orig)
    out = np.empty(count * new, dtype=np.float32)
    block = max(1, _BLOCK_SAMPLES // taps)
    for first in range(0, count, block):
        rows = min(block, count - first)
        span = padded[first * orig: (first + rows - 1) * orig + taps].astype(np.float64)
        frames = np.lib.stride_tricks.as_strided(
            span, shape=(rows, taps), strides=(span.strides[0] * orig, span.strides[0]), writeable=False)
        out[first * new:(first + rows) * new] = (frames @ kernel.T).reshape(-1)
    return out[:n_out]


_BLOCK_SAMPLES = 1 << 20  # input samples gathered per block (8 MB as float64)
_MAX_KERNEL = 4_000_000  # coefficients; co-prime odd rates (e.g. 44101 Hz) would need gigabytes


def resample_like_reference(audio: Audio, rate: int) -> np.ndarray:
    """`audio` at `rate` through the reference's filter, or soxr when the rate pair has no small ratio."""
    if audio.sample_rate == rate:
        return audio.samples
    g = math.gcd(audio.sample_rate, int(rate))
    orig, new = audio.sample_rate // g, int(rate) // g
    taps = 2 * math.ceil(ZERO_CROSSINGS * orig / (min(orig, new) * ROLLOFF)) + orig
    if new * taps > _MAX_KERNEL:
        return audio.resampled(int(rate)).samples
    return sinc_resample(audio.samples, audio.sample_rate, int(rate))
