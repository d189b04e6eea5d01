from __future__ import annotations

import numpy as np

from backends.step.fbank import FbankOptions, frame_count, kaldi_fbank

HAMMING = FbankOptions(window_type="hamming")


def paraformer_fbank(x: np.ndarray) -> np.ndarray:
    return kaldi_fbank(np.asarray(x, np.float32) * np.float32(32768.0), HAMMING)


def test_matches_torchaudio_kaldi_fbank_golden(vq02_golden, golden_audio):
    ours = paraformer_fbank(golden_audio)
    ref = vq02_golden["fbank"]
    assert ours.shape == ref.shape == (248, 80)
    # float64 here vs float32 in torchaudio; log-energies agree far below feature noise
    assert np.abs(ours - ref).max() < 2e-3


def test_frames_are_position_independent():
    x = np.random.default_rng(0).standard_normal(5000).astype(np.float32) * 0.1
    full = paraformer_fbank(x)
    part = paraformer_fbank(x[160 * 7:])
    assert np.allclose(full[7:7 + len(part)], part, atol=1e-5)
    assert frame_count(399) == 0 and frame_count(400) == 1 and frame_count(560) == 2
    assert paraformer_fbank(np.zeros(100, np.float32)).shape == (0, 80)
