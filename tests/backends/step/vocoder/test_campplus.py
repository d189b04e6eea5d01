from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.step.fbank import kaldi_fbank
from backends.step.vocoder.campplus import CampPlus, speaker_fbank
from backends.step.vocoder.config import VocoderFileError
from tests.backends.step.tiny_cosyvoice import build_tiny_campplus

DATA = Path(__file__).resolve().parents[3] / "data" / "step" / "vocoder"


def test_speaker_fbank_is_the_reference_front_end() -> None:
    with np.load(DATA / "fbank_golden.npz") as z:
        samples, golden = z["samples"], z["fbank_cmn"]
    feats = speaker_fbank(Audio(samples, 16000))
    np.testing.assert_allclose(feats, golden, atol=2e-3)
    resampled = speaker_fbank(Audio(np.repeat(samples, 3), 48000))  # any rate goes through 16 kHz
    assert resampled.shape[1] == 80 and abs(resampled.shape[0] - golden.shape[0]) <= 1


def test_speaker_fbank_from_44k_clip_matches_reference_pipeline() -> None:
    """Reference: torchaudio Resample 44.1 -> 16 kHz, kaldi.fbank(80, dither 0), minus the mean."""
    with np.load(DATA / "frontend_golden.npz") as z:
        clip, rate, golden = z["samples"], int(z["rate"]), z["speaker_fbank"]
    feats = speaker_fbank(Audio(clip, rate))
    assert feats.shape == golden.shape == (48, 80)
    # bins next to 8 kHz hold almost no energy after the low-pass: 1e-6 sample differences (float32
    # filtering there, float64 here) move their logs by up to ~0.015; soxr instead would move them by ~3
    np.testing.assert_allclose(feats, golden, atol=0.03)
    assert np.abs(feats - golden).mean() < 1e-3


def test_embedding_uses_onnx_input_and_shape(tmp_path: Path) -> None:
    model = CampPlus(build_tiny_campplus(tmp_path, seed=0))
    assert model.input_name == "input"
    x = np.random.default_rng(0).standard_normal(24000).astype(np.float32) * 0.1
    emb = model.embed(Audio(x, 16000))
    assert emb.shape == (192,) and emb.dtype == np.float32
    feats = kaldi_fbank(x)
    np.testing.assert_allclose(emb, model.embed_features(feats - feats.mean(0)), atol=1e-6)
    assert not np.allclose(emb, model.embed_features(feats))  # the mean subtraction matters
    with pytest.raises(ValueError, match="too short"):
        model.embed(Audio(np.zeros(100, np.float32), 16000))


def test_missing_and_damaged(tmp_path: Path) -> None:
    with pytest.raises(VocoderFileError, match=r"campplus\.onnx.*missing"):
        CampPlus(tmp_path / "campplus.onnx")
    (tmp_path / "campplus.onnx").write_bytes(b"\x00junk")
    with pytest.raises(VocoderFileError, match=r"campplus\.onnx.*damaged"):
        CampPlus(tmp_path / "campplus.onnx")
