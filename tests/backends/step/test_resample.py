from __future__ import annotations

from pathlib import Path

import numpy as np

from backends.audio import Audio
from backends.step.resample import resample_like_reference, sinc_resample

DATA = Path(__file__).resolve().parents[2] / "data" / "step" / "vocoder"


def test_matches_torchaudio_resample() -> None:
    with np.load(DATA / "frontend_golden.npz") as z:
        clip, rate, w16, w22 = z["samples"], int(z["rate"]), z["wav16k"], z["wav22k"]
    ours16, ours22 = sinc_resample(clip, rate, 16000), sinc_resample(clip, rate, 22050)
    assert ours16.shape == w16.shape and ours22.shape == w22.shape
    np.testing.assert_allclose(ours16, w16, atol=1e-5)  # float64 here vs float32 conv there
    np.testing.assert_allclose(ours22, w22, atol=1e-5)


def test_lengths_identity_and_fallback() -> None:
    x = np.random.default_rng(0).standard_normal(1001).astype(np.float32)
    assert sinc_resample(x, 24000, 16000).shape == (668,)  # ceil(1001 * 2 / 3)
    assert sinc_resample(x, 16000, 16000) is not x and np.array_equal(sinc_resample(x, 16000, 16000), x)
    odd = resample_like_reference(Audio(x, 44101), 16000)  # co-prime rates go through soxr
    assert abs(len(odd) - 1001 * 16000 / 44101) <= 1
    tone = np.sin(2 * np.pi * 1000 * np.arange(48000) / 48000).astype(np.float32)
    down = sinc_resample(tone, 48000, 16000)
    expected = np.sin(2 * np.pi * 1000 * np.arange(16000) / 16000)
    assert np.abs(down[100:-100] - expected[100:-100]).max() < 1e-3


def test_blocks_do_not_change_the_samples(monkeypatch) -> None:
    """The filter runs block by block to bound memory; the seams between blocks must not show."""
    import backends.step.resample as resample

    x = np.random.default_rng(1).standard_normal(44100 * 3 + 17).astype(np.float32)
    whole = sinc_resample(x, 44100, 16000)
    monkeypatch.setattr(resample, "_BLOCK_SAMPLES", 5000)  # ~10 rows of 475 taps per block
    blocked = sinc_resample(x, 44100, 16000)
    assert blocked.shape == whole.shape == (48000 + 7,)
    np.testing.assert_array_equal(blocked, whole)
