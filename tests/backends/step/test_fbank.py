from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backends.step.fbank import FbankOptions, kaldi_fbank

DATA = Path(__file__).resolve().parents[2] / "data" / "step" / "vocoder"
# torchaudio works in float32, this module in float64: differences are float32 rounding of log energies
ATOL = 2e-3


@pytest.fixture(scope="module")
def golden() -> dict[str, np.ndarray]:
    with np.load(DATA / "fbank_golden.npz") as z:
        return dict(z)


def test_matches_torchaudio_cmvn(golden: dict[str, np.ndarray]) -> None:
    feats = kaldi_fbank(golden["samples"])
    feats = feats - feats.mean(axis=0, keepdims=True)
    assert feats.shape == golden["fbank_cmn"].shape == (98, 80)
    np.testing.assert_allclose(feats, golden["fbank_cmn"], atol=ATOL)


def test_matches_torchaudio_int16_scale(golden: dict[str, np.ndarray]) -> None:
    feats = kaldi_fbank(golden["samples"] * 32768)
    np.testing.assert_allclose(feats, golden["fbank_int16"], atol=ATOL)


def test_matches_torchaudio_no_snip_with_energy(golden: dict[str, np.ndarray]) -> None:
    feats = kaldi_fbank(golden["samples"], FbankOptions(snip_edges=False, use_energy=True))
    assert feats.shape == golden["fbank_noedges_energy"].shape == (100, 81)
    np.testing.assert_allclose(feats, golden["fbank_noedges_energy"], atol=ATOL)


def test_short_silent_and_dither() -> None:
    assert kaldi_fbank(np.zeros(100, np.float32)).shape == (0, 80)
    silent = kaldi_fbank(np.zeros(800, np.float32))
    assert silent.shape == (3, 80) and np.allclose(silent, np.log(np.finfo(np.float32).eps))
    x = np.random.default_rng(0).standard_normal(1600).astype(np.float32) * 0.1
    a = kaldi_fbank(x, FbankOptions(dither=1.0), rng=np.random.default_rng(1))
    b = kaldi_fbank(x, FbankOptions(dither=1.0), rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, kaldi_fbank(x))
