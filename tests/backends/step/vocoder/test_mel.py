from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from backends.audio import Audio
from backends.step.vocoder.config import MelConfig
from backends.step.vocoder.mel import mel_spectrogram, prompt_mel, slaney_mel_filterbank

DATA = Path(__file__).resolve().parents[3] / "data" / "step" / "vocoder"


def test_matches_reference_on_speech(step_device: torch.device) -> None:
    with np.load(DATA / "mel_golden.npz") as z:
        samples, golden = z["samples"], z["mel"]
    ours = mel_spectrogram(torch.from_numpy(samples).to(step_device), MelConfig())
    assert ours.device.type == step_device.type
    ours = ours[0].cpu().numpy()
    assert ours.shape == golden.shape == (80, 86)
    # The same float32 STFT as the reference, but not the same rounding everywhere: MKL picks its FFT
    # kernels by the CPU's instruction set, as cuFFT does by GPU. On the machine that made the golden
    # the difference was 9.5e-7 (filterbank rounding only); on a 2-core Intel Xeon it is 1.7e-4 in the
    # quietest bands, where a float32 FFT's absolute error (eps x the loudest bin) is largest relative
    # to the power. A float64 STFT moves those bands by up to 1.4e-4 from the float32 one, so two
    # float32 FFTs may differ by twice that: 4e-4 on every device. A wrong filterbank, window or
    # log floor moves values by 1e-2 or more.
    np.testing.assert_allclose(ours, golden, atol=4e-4)


def test_filterbank_is_slaney() -> None:
    fb = slaney_mel_filterbank(22050, 1024, 80, 0.0, 8000.0)
    assert fb.shape == (80, 513) and fb.dtype == np.float32
    assert (fb >= 0).all() and fb[:, 372:].max() == 0  # nothing above 8 kHz (bin 371.5)
    # Slaney normalisation: every triangle has area 2 / (right - left) x base / 2 = 1 in Hz units
    hz_step = 22050 / 1024
    areas = fb.sum(axis=1) * hz_step
    assert np.allclose(areas[10:], 1.0, atol=0.06)  # coarse FFT sampling of narrow low bands


def test_prompt_mel_resamples_and_transposes() -> None:
    tone = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000).astype(np.float32) * 0.5
    feats = prompt_mel(Audio(tone, 16000))
    assert feats.shape == (86, 80) and feats.dtype == np.float32
    band = int(np.argmax(feats.mean(axis=0)))
    assert 10 <= band <= 13  # 440 Hz = 6.6 Slaney mels, 0.56 mel per band up to 8 kHz
    with pytest.raises(ValueError, match="too short"):
        mel_spectrogram(np.zeros(100, np.float32))


def test_prompt_features_from_44k_clip_match_reference_pipeline() -> None:
    """Reference: torchaudio Resample 44.1 -> 22.05 kHz, then mel_spectrogram, transposed."""
    with np.load(DATA / "frontend_golden.npz") as z:
        clip, rate, golden = z["samples"], int(z["rate"]), z["prompt_mel"]
    ours = prompt_mel(Audio(clip, rate))
    assert ours.shape == golden.shape == (43, 80)
    np.testing.assert_allclose(ours, golden, atol=1e-3)
