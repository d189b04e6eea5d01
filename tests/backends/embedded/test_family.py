"""Levelling a sentence (family.py): whole, or in pieces that arrive before its end is made."""

from __future__ import annotations

import numpy as np
import pytest

from backends.embedded.family import LIMIT_PEAK, TARGET_PEAK, Leveller, level, trim_bounds

RATE = 24000


def speech(seconds: float, amp: float, freq: float = 180.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def sentence() -> np.ndarray:
    silence = np.zeros(int(0.2 * RATE), dtype=np.float32)
    return np.concatenate([silence, speech(0.8, 0.3), speech(1.0, 0.5), speech(0.6, 0.2), silence])


@pytest.mark.parametrize("gain_db", [0.0, -4.0, 3.0])
def test_one_piece_is_levelled_exactly_as_a_whole_sentence(gain_db: float) -> None:
    x = sentence()
    first, last = trim_bounds(x, RATE)
    np.testing.assert_array_equal(Leveller(RATE, gain_db).piece(x, last=True), level(x[first:last], gain_db))


def test_pieces_share_the_first_pieces_gain_and_trim_the_ends() -> None:
    x = sentence()
    cuts = [int(0.7 * RATE), int(1.6 * RATE)]
    parts = np.split(x, cuts)
    lev = Leveller(RATE, 0.0)
    out = [lev.piece(p, last=k == len(parts) - 1) for k, p in enumerate(parts)]
    gain = TARGET_PEAK / 0.3  # the first piece peaks at 0.3
    first, last = trim_bounds(x, RATE)  # the same floor as the whole: here the same bounds
    assert lev.start == first
    np.testing.assert_allclose(out[0], x[first:cuts[0]] * gain, atol=1e-6)
    assert len(np.concatenate(out)) == last - first
    # The louder middle (0.5 * gain = 0.83) stays under the knee: untouched, no level change.
    np.testing.assert_allclose(out[1], parts[1] * gain, atol=1e-6)


def test_a_later_piece_louder_than_the_first_is_bent_under_full_scale_not_clipped() -> None:
    quiet, loud = speech(0.5, 0.1), speech(0.5, 0.4)
    lev = Leveller(RATE, 0.0)
    lev.piece(quiet, last=False)
    out = lev.piece(loud, last=True)  # 0.4 * 5 = 2.0 before the limiter
    assert np.max(np.abs(out)) <= LIMIT_PEAK
    assert np.max(np.abs(out)) > 0.95  # bent, not turned down
    small = np.abs(loud * 5.0) <= 0.9
    np.testing.assert_allclose(out[small], (loud * 5.0)[small], atol=1e-6)  # below the knee: as is
    ordered = np.argsort(np.abs(loud * 5.0))
    assert np.all(np.diff(np.abs(out)[ordered]) >= -1e-6)  # louder in, louder out


def test_silence_first_and_an_empty_last_piece() -> None:
    lev = Leveller(RATE, 0.0)
    assert len(lev.piece(np.zeros(100, dtype=np.float32), last=False)) == 0  # leading silence
    out = lev.piece(speech(0.5, 0.25), last=False)  # the first sound decides the gain
    assert np.max(np.abs(out)) == pytest.approx(TARGET_PEAK, rel=1e-4) and lev.start >= 100
    out = lev.piece(np.zeros(0, dtype=np.float32), last=True)
    assert out.dtype == np.float32 and len(out) == 0
