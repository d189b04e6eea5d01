"""Spectrum columns for the Edit timeline: a tone lands in its bin, silence at the floor."""

from __future__ import annotations

import numpy as np
import pytest

from studio.editing.overview import SPECTRUM_FFT, spectrum_columns


def test_a_tone_peaks_in_its_bin_in_every_column() -> None:
    rate, f = 16000, 1000.0
    x = (0.5 * np.sin(2 * np.pi * f * np.arange(rate * 2) / rate)).astype(np.float32)
    cols = spectrum_columns(x, 300)
    assert cols.shape == (SPECTRUM_FFT // 2 + 1, 300)
    peak_bins = cols.argmax(axis=0)
    assert np.all(np.abs(peak_bins - f / rate * SPECTRUM_FFT) <= 1)
    # A 0.5-amplitude sine is about -6 dBFS: 84 dB over the -90 dB floor, 0.93 of the scale.
    assert cols.max() == pytest.approx(84 / 90, abs=0.03)


def test_silence_sits_at_the_floor_and_sizes_are_kept() -> None:
    assert spectrum_columns(np.zeros(4000, np.float32), 50).max() == 0.0
    assert spectrum_columns(np.zeros(0, np.float32), 10).shape == (SPECTRUM_FFT // 2 + 1, 10)
    assert spectrum_columns(np.zeros(100, np.float32), 0).shape[1] == 0
