"""The stream joiner: what comes out is the whole take, with no clicks where pieces meet."""

from __future__ import annotations

import numpy as np
import pytest

from backends.joiner import StreamJoiner

RATE = 16000


def run(joiner: StreamJoiner, pieces: list[np.ndarray], overlaps: list[int] | None = None) -> np.ndarray:
    out = []
    for k, piece in enumerate(pieces):
        out.append(joiner.push(piece, overlap=overlaps[k] if overlaps else 0))
    out.append(joiner.flush())
    return np.concatenate(out)


def max_step(x: np.ndarray) -> float:
    """Largest sample-to-sample jump: a click is a jump far above what the signal itself makes."""
    return float(np.max(np.abs(np.diff(x)))) if len(x) > 1 else 0.0


def sine(freq: float, n: int, phase: float = 0.0, amp: float = 0.5) -> np.ndarray:
    return (amp * np.sin(2 * np.pi * freq * np.arange(n) / RATE + phase)).astype(np.float32)


@pytest.mark.parametrize("lengths", [[1600, 1600, 1600], [5000], [50, 3000, 7, 0, 1200], [1, 1, 1]])
def test_total_length_is_conserved(lengths: list[int]) -> None:
    joiner = StreamJoiner(RATE)
    out = run(joiner, [np.full(n, 0.3, np.float32) for n in lengths])
    assert len(out) == sum(lengths)
    assert out.dtype == np.float32


def test_output_is_released_as_it_comes_and_only_the_crossfade_is_held() -> None:
    joiner = StreamJoiner(RATE, crossfade_ms=8.0)
    first = joiner.push(np.ones(4000, np.float32))
    assert len(first) == 4000 - joiner.crossfade
    assert joiner.crossfade == 128


@pytest.mark.parametrize(("a", "b"), [(0.5, -0.5), (0.8, 0.8), (-0.9, 0.2)])
def test_dc_offset_chunks_meet_without_a_click(a: float, b: float) -> None:
    joiner = StreamJoiner(RATE)
    pieces = [np.full(2000, a, np.float32), np.full(2000, b, np.float32), np.full(2000, a, np.float32)]
    out = run(joiner, pieces)
    raw = np.concatenate(pieces)
    assert max_step(raw) in (0.0, pytest.approx(abs(a - b)))
    # An equal-power fade over 128 samples moves at most amp * pi / 2 / 128 per sample.
    limit = max(abs(a), abs(b)) * np.pi / 2 / joiner.crossfade * 1.05
    assert max_step(out) <= limit
    # Away from the joins the audio is untouched.
    np.testing.assert_array_equal(out[500:1500], raw[500:1500])
    np.testing.assert_array_equal(out[2500:3500], raw[2500:3500])


def test_start_and_end_of_the_take_fade() -> None:
    joiner = StreamJoiner(RATE)
    out = run(joiner, [np.full(1000, 0.7, np.float32)])
    assert abs(out[0]) < 0.01
    assert abs(out[-1]) < 0.01
    assert max_step(np.concatenate([[0.0], out, [0.0]])) < 0.7 * np.pi / 2 / joiner.crossfade * 1.05


def test_sine_cut_mid_cycle_does_not_click() -> None:
    joiner = StreamJoiner(RATE)
    a = sine(220, 1001)  # ends mid-cycle
    b = sine(220, 1000, phase=2.0)  # starts somewhere else entirely
    out = run(joiner, [a, b])
    assert max_step(out) < max_step(a) * 1.5
    assert max_step(np.concatenate([a, b])) > max_step(a) * 3  # the naive join would click


def test_overlap_is_crossfaded_over_its_whole_length() -> None:
    overlap = 400
    joiner = StreamJoiner(RATE, max_overlap=overlap)
    whole = sine(200, 6000)
    first = whole[:3000]
    second = whole[3000 - overlap:]  # re-covers the last 400 samples of `first`, in phase
    out = run(joiner, [first, second], overlaps=[0, overlap])
    assert len(out) == len(whole)
    # Equal-power weights sum to more than one mid-fade; in-phase material swells by at most sqrt(2).
    mid = slice(1000, 5000)
    assert np.max(np.abs(out[mid])) <= 0.5 * np.sqrt(2) + 1e-6
    np.testing.assert_allclose(out[1000:3000 - overlap], whole[1000:3000 - overlap], atol=1e-6)
    np.testing.assert_allclose(out[3000:5000], whole[3000:5000], atol=1e-6)
    assert max_step(out[mid]) < max_step(whole) * 1.5


def test_overlap_mixes_the_two_versions_by_the_fade_curves() -> None:
    overlap = 256
    joiner = StreamJoiner(RATE, crossfade_ms=1.0, max_overlap=overlap)
    a = np.full(2000, 1.0, np.float32)
    b = np.zeros(2000, np.float32)
    out = run(joiner, [a, b], overlaps=[0, overlap])
    assert len(out) == 4000 - overlap
    fade = out[2000 - overlap:2000]
    assert fade[0] > 0.99 and fade[-1] < 0.01
    assert np.all(np.diff(fade) <= 0)  # falls monotonically from the old to the new version


def test_overlap_longer_than_the_stream_so_far_keeps_alignment() -> None:
    # A decoder re-sends 300 samples of context, but only 100 were ever played: the first 200 of
    # the new chunk precede the stream and must be dropped, and the rest must line up.
    joiner = StreamJoiner(RATE, max_overlap=300)
    ramp = np.linspace(0.0, 0.5, 2000, dtype=np.float32)
    joined = run(joiner, [ramp[200:300], ramp], overlaps=[0, 300])
    assert len(joined) == 1800
    np.testing.assert_allclose(joined[200:1600], ramp[400:1800], atol=1e-6)
    assert max_step(joined) < 0.01


def test_overlap_validation() -> None:
    joiner = StreamJoiner(RATE, max_overlap=100)
    with pytest.raises(ValueError):
        joiner.push(np.zeros(50, np.float32), overlap=101)
    with pytest.raises(ValueError):
        joiner.push(np.zeros(50, np.float32), overlap=60)
    with pytest.raises(ValueError):
        joiner.push(np.zeros(50, np.float32), overlap=-1)
    with pytest.raises(ValueError):
        StreamJoiner(RATE).push(np.zeros(50, np.float32), overlap=1)


def test_first_chunk_with_declared_overlap_plays_whole() -> None:
    joiner = StreamJoiner(RATE, max_overlap=200)
    out = run(joiner, [np.full(1000, 0.5, np.float32)], overlaps=[200])
    assert len(out) == 1000
    assert abs(out[0]) < 0.01


def test_pause_inserts_exact_silence_and_fades_both_sides() -> None:
    joiner = StreamJoiner(RATE)
    a = np.full(1000, 0.6, np.float32)
    out = [joiner.push(a), joiner.pause(0.5), joiner.push(a), joiner.flush()]
    joined = np.concatenate(out)
    assert len(joined) == 2000 + 8000
    gap = joined[1000:9000]
    np.testing.assert_array_equal(gap, 0.0)
    assert abs(joined[999]) < 0.01 and abs(joined[9000]) < 0.01
    assert max_step(joined) <= 0.6 * np.pi / 2 / joiner.crossfade * 1.05


def test_pause_before_anything_and_zero_pause() -> None:
    joiner = StreamJoiner(RATE)
    assert len(joiner.pause(0.25)) == 4000
    assert len(joiner.pause(0.0)) == 0
    out = run(joiner, [np.full(500, 0.5, np.float32)])
    assert abs(out[0]) < 0.01


def test_flush_releases_the_tail_and_leaves_the_joiner_empty() -> None:
    joiner = StreamJoiner(RATE)
    played = joiner.push(np.full(1000, 0.5, np.float32))
    tail = joiner.flush()
    assert len(played) + len(tail) == 1000
    assert abs(tail[-1]) < 0.01
    assert len(joiner.flush()) == 0


def test_a_new_take_after_flush_fades_in_again() -> None:
    joiner = StreamJoiner(RATE)
    run(joiner, [np.full(1000, 0.5, np.float32)])
    again = joiner.push(np.full(1000, 0.5, np.float32))
    assert abs(again[0]) < 0.01


def test_empty_first_push_does_not_skip_the_fade_in() -> None:
    joiner = StreamJoiner(RATE)
    assert len(joiner.push(np.zeros(0, np.float32))) == 0
    out = joiner.push(np.full(1000, 0.5, np.float32))
    assert abs(out[0]) < 0.01


def test_chunk_shorter_than_the_crossfade() -> None:
    joiner = StreamJoiner(RATE)
    pieces = [np.full(1000, 0.5, np.float32), np.full(20, 0.5, np.float32), np.full(1000, 0.5, np.float32)]
    out = run(joiner, pieces)
    assert len(out) == 2020
    assert max_step(out) <= 0.5 * np.pi / 2 / joiner.crossfade * 1.05
    assert np.all(np.abs(out) <= 0.5 + 1e-6)


def test_empty_push_mid_stream_changes_nothing() -> None:
    pieces = [np.full(1000, 0.5, np.float32), np.full(1000, 0.5, np.float32)]
    plain = run(StreamJoiner(RATE), pieces)
    with_empty = run(StreamJoiner(RATE), [pieces[0], np.zeros(0, np.float32), pieces[1]])
    np.testing.assert_array_equal(plain, with_empty)


def test_a_continuing_piece_is_appended_with_no_fade() -> None:
    a, b = sine(220, 4000), sine(220, 3000, phase=2 * np.pi * 220 * 4000 / RATE)
    j = StreamJoiner(RATE)
    out = np.concatenate([j.push(a), j.push(b, continues=True), j.flush()])
    whole = StreamJoiner(RATE)
    expected = np.concatenate([whole.push(np.concatenate([a, b])), whole.flush()])
    np.testing.assert_array_equal(out, expected)
