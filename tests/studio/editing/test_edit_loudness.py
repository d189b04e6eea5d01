"""BS.1770-4 loudness written by hand (no pyloudnorm, no scipy here): checked against the
recommendation's own coefficients and its reference signal, and the gates checked by design."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.editing import EditProject, LoudnessError, integrated_loudness
from studio.editing.loudness import SPEC_48K, k_filter, k_weighting

DATA = Path(__file__).resolve().parents[2] / "data"


def test_designed_filters_match_the_recommendation_at_48k() -> None:
    for (b, a), (sb, sa) in zip(k_weighting(48000), SPEC_48K, strict=True):
        assert np.allclose(b, sb, atol=1e-12) and np.allclose(a, sa, atol=1e-12)


@pytest.mark.parametrize("rate", [48000, 44100, 24000, 16000])
def test_997_hz_sine_at_minus_20_dbfs_reads_minus_23_lufs(rate: int) -> None:
    # BS.1770: a 0 dBFS sine at 1 kHz on one channel reads -3.01 LKFS; at -20 dBFS, -23.01.
    # The shelf is +0.69 dB near 1 kHz and the -0.691 constant cancels it at 48 kHz; lower rates warp
    # the shelf's analogue prototype a little (0.04 LU at 16 kHz).
    t = np.arange(rate * 10) / rate
    x = 10 ** (-20 / 20) * np.sin(2 * np.pi * 997 * t)
    assert integrated_loudness(x, rate) == pytest.approx(-23.01, abs=0.06)


def test_fft_filter_equals_the_recursion() -> None:
    from studio.editing.loudness import _biquad

    rng = np.random.default_rng(3)
    x = rng.standard_normal(30_000)
    y = x
    for b, a in k_weighting(24000):
        y = _biquad(y, b, a)
    assert np.max(np.abs(k_filter(x, 24000) - y)) < 1e-6


def test_gates_ignore_silence_and_quiet_passages() -> None:
    rate = 24000
    # 20 s: the three blocks straddling the tone's end hold 1.5 blocks' worth of its power, so
    # the gated mean moves by 10*log10(198.5/200) = -0.03 LU, inside the 0.05 allowed.
    t = np.arange(rate * 20) / rate
    tone = 0.1 * np.sin(2 * np.pi * 997 * t)
    level = integrated_loudness(tone, rate)
    with_silence = np.concatenate([tone, np.zeros(rate * 8)])  # absolute gate (-70 LUFS)
    assert integrated_loudness(with_silence, rate) == pytest.approx(level, abs=0.05)
    with_whisper = np.concatenate([tone, 0.001 * tone])  # 40 dB quieter: relative gate (-10 LU)
    assert integrated_loudness(with_whisper, rate) == pytest.approx(level, abs=0.05)


def test_too_short_or_silent_is_a_sentence() -> None:
    with pytest.raises(LoudnessError, match=r"at least 0\.4 s"):
        integrated_loudness(np.ones(100), 16000)
    with pytest.raises(LoudnessError, match="silent"):
        integrated_loudness(np.zeros(16000), 16000)


def test_normalise_a_span_of_a_recording() -> None:
    project = EditProject.open(DATA / "tingting_prompt.wav")
    project.normalize_loudness(1.0, 4.0, -20.0)
    span = project.render(None, 1.0, 4.0).samples
    assert abs(integrated_loudness(span, project.sample_rate) - -20.0) <= 0.5
