from __future__ import annotations

import numpy as np
import pytest
from tok_paths import DATA

from backends.step.tokenizer.whisper_mel import log_mel_spectrogram, slaney_mel_filters


@pytest.fixture(scope="module")
def golden():
    with np.load(DATA / "vq06_golden.npz") as g:
        return {k: g[k] for k in g.files}


def test_filters_equal_whispers_asset(golden):
    assert np.abs(slaney_mel_filters(128) - golden["whisper_filters_128"]).max() < 1e-6


def test_log_mel_matches_whisper(golden, golden_audio):
    ours = log_mel_spectrogram(golden_audio, 128)
    assert ours.shape == golden["mel"].shape == (128, 250)
    assert np.abs(ours - golden["mel"]).max() < 1e-4


def test_clamped_to_8_below_max():
    x = np.random.default_rng(0).standard_normal(4000).astype(np.float32)
    x[:2000] = 0
    mel = log_mel_spectrogram(x)
    assert mel.max() - mel.min() <= 2.0 + 1e-6  # 8 log10 units / 4
    with pytest.raises(ValueError):
        log_mel_spectrogram(np.zeros(100, np.float32))
