"""The word lane: selection mapping, shifting after edits, saving; Whisper on real recordings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from backends.base import Cancelled, CancelToken
from studio.editing import EditError, EditProject
from studio.editing import transcript as lane
from studio.editing.transcript import (
    TimedWord,
    Transcript,
    keep,
    kept,
    split_words,
    transcribe,
    word_error_rate,
)

DATA = Path(__file__).resolve().parents[2] / "data"
EN = "His political stance was conservative, and he was particularly close to margaret thatcher."


def _lane() -> Transcript:
    words = [TimedWord(0.5, 0.9, "one"), TimedWord(1.0, 1.4, "two"), TimedWord(2.0, 2.3, "three"),
             TimedWord(2.3, 2.8, "four")]
    return Transcript.of(words, "en", 3.5)


def test_selection_maps_to_words_and_back() -> None:
    t = _lane()
    assert t.text == "one two three four"
    assert t.words_in(0.95, 2.2) == (1, 3)  # "two" and "three" have their middles inside
    assert t.words_in(1.5, 1.9) == (2, 2)  # between words: nothing, insertion point 2
    assert t.words_in(2.2, 0.95) == (1, 3)  # reversed drag
    # Widened to the pauses' middles: before "two" the pause is 0.9-1.0, after "three" none.
    assert t.span(1, 3) == pytest.approx((0.95, 2.3))
    assert t.span(0, 1) == pytest.approx((0.25, 0.95))  # from the middle of the lead-in silence
    assert t.span(3, 4) == pytest.approx((2.3, 3.15))  # to the middle of the trailing silence
    for i, j in [(0, 1), (1, 3), (0, 4)]:
        assert t.words_in(*t.span(i, j)) == (i, j)
    with pytest.raises(EditError):
        t.span(2, 2)


def test_shifted_moves_following_words_and_drops_replaced_ones() -> None:
    t = _lane()
    cut = t.shifted(0.95, 1.7, 0.0)  # "two" deleted
    assert [w.text for w in cut.words] == ["one", "three", "four"]
    assert cut.words[1].start == pytest.approx(2.0 - 0.75)
    assert cut.duration == pytest.approx(3.5 - 0.75)
    longer = t.shifted(0.95, 1.7, 1.0, [TimedWord(0.1, 0.9, "twenty")])
    assert [w.text for w in longer.words] == ["one", "twenty", "three", "four"]
    assert longer.words[1].start == pytest.approx(1.05) and longer.words[2].start == pytest.approx(2.25)
    # A word the span cuts into by less than half stays, clipped to the span.
    clipped = t.shifted(1.3, 1.8, 0.0)
    assert [w.text for w in clipped.words] == ["one", "two", "three", "four"]
    assert clipped.words[1].end == pytest.approx(1.3)


def test_replaced_goes_by_index() -> None:
    t = _lane()
    r = t.replaced(1, 3, 0.95, 2.3, 0.6, [TimedWord(0.0, 0.6, "new")])
    assert [w.text for w in r.words] == ["one", "new", "four"]
    assert r.words[2].start == pytest.approx(2.3 - 1.35 + 0.6)
    assert r.duration == pytest.approx(3.5 - 1.35 + 0.6)


def test_json_round_trip_and_meta() -> None:
    t = _lane()
    assert Transcript.from_json(t.to_json()) == t
    with pytest.raises(EditError):
        Transcript.from_json({"format": 99})
    project = EditProject(Audio(np.zeros(16000 * 4, dtype=np.float32) + 0.01, 16000))
    keep(project, t)
    assert kept(project) == t
    project.gain(0.0, 1.0, 3.0)
    assert kept(project) is None and kept(project, 0) == t
    project.undo()
    assert kept(project) == t


def test_follow_keeps_the_lane_aligned_through_other_operations() -> None:
    rate = 16000
    project = EditProject(Audio(np.full(rate * 4, 0.01, dtype=np.float32), rate))
    t = Transcript.of(_lane().words, "en", 4.0)
    project.gain(0.5, 1.0, 3.0)
    assert lane.follow(project, t) == t  # same timing
    project.delete(1.5, 1.9, snap=False)  # a pause: everything after moves 0.4 s earlier
    moved = lane.follow(project, t)
    assert moved is not None and [w.text for w in moved.words] == ["one", "two", "three", "four"]
    assert moved.words[2].start == pytest.approx(1.6) and moved.duration == pytest.approx(3.6)
    project.insert_silence(0.95, 0.5)
    spaced = lane.follow(project, moved)
    assert spaced is not None and spaced.words[1].start == pytest.approx(1.5, abs=0.011)
    project.change_speed(0.0, 1.0, 2.0)  # "one" (0.5-0.9) plays twice as fast
    fast = lane.follow(project, spaced)
    assert fast is not None
    assert (fast.words[0].start, fast.words[0].end) == pytest.approx((0.25, 0.45), abs=0.01)
    project.crop(1.0, 2.5, snap=False)
    cropped = lane.follow(project, fast)
    assert cropped is not None and cropped.duration == pytest.approx(1.5)
    assert all(0 <= w.start <= 1.5 for w in cropped.words)
    project.restore(0)
    assert lane.follow(project, cropped) is None


def test_split_words_and_word_error_rate() -> None:
    assert split_words("Hello , brave new world.") == ["Hello,", "brave", "new", "world."]
    assert split_words("给妈妈买个iPhone好吗？") == ["给", "妈", "妈", "买", "个", "iPhone", "好", "吗？"]
    assert word_error_rate("close to Margaret Thatcher.", "close to margaret thatcher") == 0.0
    assert word_error_rate("a b c d", "a x c") == pytest.approx(0.5)


def test_long_audio_is_cut_at_quiet_moments(monkeypatch: pytest.MonkeyPatch) -> None:
    rate = 16000
    rng = np.random.default_rng(1)
    x = (rng.standard_normal(rate * 30) * 0.1).astype(np.float32)
    for q in (9.2, 19.6):  # quiet stretches near the nominal 10 s and 20 s ends
        x[int(q * rate):int((q + 0.4) * rate)] *= 0.001
    monkeypatch.setattr(lane, "CHUNK_SECONDS", 10.0)
    monkeypatch.setattr(lane, "_CUT_SEARCH_SECONDS", 1.5)
    bounds = lane.chunk_bounds(lane._Reader(Audio(x, rate)))
    assert len(bounds) == 3 and bounds[-1][1] == pytest.approx(30.0)
    assert bounds[0][1] == pytest.approx(9.4, abs=0.1) and bounds[1][1] == pytest.approx(19.8, abs=0.1)


def test_transcribe_a_real_recording_with_word_times() -> None:
    project = EditProject.open(DATA / "zero_shot_en_prompt.wav")
    steps: list[float] = []
    t = transcribe(project, language="en", progress=lambda f, _m: steps.append(f))
    assert word_error_rate(EN, t.text) <= 0.05
    assert t.duration == pytest.approx(project.duration)
    assert all(a.end <= b.start + 1e-9 for a, b in zip(t.words, t.words[1:], strict=False))
    assert steps[-1] == 1.0
    i = [w.text.strip(",.").lower() for w in t.words].index("particularly")
    assert 2.5 < t.words[i].start < 3.3  # where it is said (checked by ear and by energy)


def test_chunked_transcription_hears_every_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 29 s recording (one sentence five times) in 10 s chunks: every word heard. (In one piece
    Whisper base skipped one of the five sentences here; the chunks keep them all.)"""
    rate = 16000
    clip = load_audio(DATA / "zero_shot_en_prompt.wav").resampled(rate).samples
    gap = np.zeros(rate, dtype=np.float32)
    audio = Audio(np.concatenate([clip, gap, clip, gap, clip, gap, clip, gap, clip]), rate)
    monkeypatch.setattr(lane, "CHUNK_SECONDS", 10.0)
    monkeypatch.setattr(lane, "_CUT_SEARCH_SECONDS", 2.0)
    seen: list[str] = []
    chunked = transcribe(audio, language="en", progress=lambda _f, m: seen.append(m))
    assert len(seen) >= 4 and seen[0].startswith("Transcribing 0:00 of 0:")
    assert word_error_rate(" ".join([EN] * 5), chunked.text) <= 0.05


def test_transcription_can_be_cancelled() -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        transcribe(load_audio(DATA / "zero_shot_en_prompt.wav"), language="en", cancel=token)


def test_english_only_model_refuses_other_languages() -> None:
    with pytest.raises(EditError, match="only transcribes English"):
        transcribe(load_audio(DATA / "tingting_prompt.wav"), language="zh", model="tiny.en")
