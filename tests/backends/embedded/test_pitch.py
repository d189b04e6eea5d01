"""Pitch post-process and the F0 estimator that checks it (pitch.py)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from backends.embedded.pitch import estimate_f0, median_f0, semitones_between, shift_pitch


def _voiced(f0: float, seconds: float = 1.0, rate: int = 22050) -> np.ndarray:
    """A buzzy harmonic tone (speech-like spectrum) at `f0`."""
    t = np.arange(int(seconds * rate)) / rate
    return sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 12)).astype(np.float32) * 0.2


def test_estimator_finds_the_fundamental() -> None:
    for f0 in (90.0, 140.0, 220.0):
        assert median_f0(_voiced(f0), 22050) == pytest.approx(f0, rel=0.01)
    assert len(estimate_f0(np.zeros(22050, dtype=np.float32), 22050)) == 0


@pytest.mark.parametrize("semitones", [-5.0, -2.0, 3.0, 7.0])
def test_shift_moves_f0_by_the_requested_semitones(semitones: float) -> None:
    x = _voiced(140.0, 2.0)
    y = shift_pitch(x, 22050, semitones)
    assert len(y) == len(x) and y.dtype == np.float32
    moved = semitones_between(median_f0(x, 22050), median_f0(y, 22050))
    assert moved == pytest.approx(semitones, abs=0.3)


def test_zero_shift_is_identity_and_range_is_clamped() -> None:
    x = _voiced(140.0, 0.5)
    assert shift_pitch(x, 22050, 0.0) is x or np.array_equal(shift_pitch(x, 22050, 0.0), x)
    far = shift_pitch(_voiced(120.0, 1.5), 22050, 40.0)  # clamped to +12
    assert semitones_between(120.0, median_f0(far, 22050)) == pytest.approx(12.0, abs=0.5)


def test_shift_is_fast() -> None:
    x = _voiced(140.0, 10.0)
    t = time.perf_counter()
    shift_pitch(x, 22050, 4.0)
    # 10 s of audio: about 0.1 s on 2 quiet cores, 0.23-0.52 s measured with them shared (AMD EPYC,
    # load 3-5). Ten times the quiet figure would sit too near the shared one, so the bound is what
    # the engine needs: a shift per chunk well inside real time (3x faster than the audio plays).
    assert time.perf_counter() - t < 3.0
