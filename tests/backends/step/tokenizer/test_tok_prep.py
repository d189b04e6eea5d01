from __future__ import annotations

import numpy as np

from backends.audio import Audio
from backends.step.tokenizer import peak_normalise, prepare, trim_silence
from backends.step.tokenizer.prep import voiced_span


def test_peak_normalise_matches_reference_rule():
    x = np.array([0.5, -0.25], np.float32)
    assert np.allclose(peak_normalise(x), x / 0.5 * 0.999)
    quiet = np.array([0.001, -0.002], np.float32)
    assert np.allclose(peak_normalise(quiet), quiet / 0.01 * 0.999)  # floor at 0.01


def test_prepare_resamples_to_16k_mono():
    tone = np.sin(2 * np.pi * 440 * np.arange(44100) / 44100).astype(np.float32) * 0.3
    out = prepare(Audio(tone, 44100))
    assert abs(len(out) - 16000) <= 1 and abs(np.abs(out).max() - 0.999) < 0.01


def _burst(total: int, start: int, stop: int) -> np.ndarray:
    y = np.zeros(total, np.float32)
    y[start:stop] = 0.5 * np.sin(np.arange(stop - start) * 0.3)
    return y


def test_voiced_span_uses_librosa_frame_grid():
    # centred 512-sample frames every 128: frame k covers [128k - 256, 128k + 256)
    y = _burst(16000, 4000, 8000)
    start, end = voiced_span(y)
    # the first frame reaching the burst with enough energy starts at most one frame early
    assert start % 128 == 0 and 4000 - 512 <= start <= 4000
    assert end % 128 == 0 and 8000 <= end <= 8000 + 512
    # all-zero input: every frame is 0 dB against a zero reference, so nothing is cut (as librosa)
    assert voiced_span(np.zeros(1000, np.float32)) == (0, 1000)
    assert voiced_span(np.zeros(0, np.float32)) == (0, 0)


def test_trim_keeps_50ms_before_and_a_220ms_tail_on_a_240_grid():
    y = _burst(32000, 8000, 16000)
    start, end = voiced_span(y)
    out = trim_silence(y)
    frames = -(-(end - start) // 240)
    assert len(out) == frames * 240 + 4320
    assert np.array_equal(out[: 800 + 10], y[start - 800: start + 10])


def test_trim_pads_when_speech_starts_at_once_and_handles_silence():
    y = _burst(8000, 0, 8000)
    out = trim_silence(y)
    assert np.all(out[:800] == 0) and np.array_equal(out[800:900], y[:100])
    silent = trim_silence(np.zeros(5000, np.float32))
    assert len(silent) == 21 * 240 + 4320 and not silent.any()
