"""Audio tokens as timed cells: the 2:3 grouping, runs reported piecemeal, exports, comparison."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from backends.base import SpeechTokens
from backends.step.tokenizer.tokens import AudioTokens
from studio.editing.transcript import TimedWord, Transcript
from studio.timeline.tokens import GROUP_SECONDS, TOKEN_RATE, TokenTimeline, compare, pack, unpack


def _streams(groups: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 1024, 2 * groups), rng.integers(0, 4096, 3 * groups)


def test_a_clips_tokens_sit_at_their_codebooks_rates() -> None:
    vq02, vq06 = _streams(50)
    timeline = TokenTimeline.from_streams(vq02, vq06, start=2.0)
    a, b = timeline.lane("vq02"), timeline.lane("vq06")
    assert a.codes.tolist() == vq02.tolist() and b.codes.tolist() == vq06.tolist()
    assert a.starts == pytest.approx(2.0 + 0.06 * np.arange(100), abs=1e-9)
    assert b.starts == pytest.approx(2.0 + 0.04 * np.arange(150), abs=1e-9)
    assert (a.ends - a.starts) == pytest.approx(np.full(100, 0.06))
    assert (b.ends - b.starts) == pytest.approx(np.full(150, 0.04))
    assert timeline.duration == pytest.approx(2.0 + 50 * GROUP_SECONDS)
    assert len(timeline) == 250 and pytest.approx(41.6667, abs=1e-4) == TOKEN_RATE


def test_runs_reported_piece_by_piece_equal_the_whole_run() -> None:
    vq02, vq06 = _streams(20, seed=1)
    codes = TokenTimeline.from_streams(vq02, vq06).codes().tolist()
    whole = TokenTimeline.of([SpeechTokens(tuple(codes), 0.5, 0)])
    cuts = [0, 7, 8, 31, 64, len(codes)]
    pieces = TokenTimeline.of(SpeechTokens(tuple(codes[a:b]), 0.5, a) for a, b in itertools.pairwise(cuts))
    for name in ("vq02", "vq06"):
        assert pieces.lane(name).codes.tolist() == whole.lane(name).codes.tolist()
        assert pieces.lane(name).starts == pytest.approx(whole.lane(name).starts)


def test_a_second_sentence_starts_where_its_run_says() -> None:
    first = SpeechTokens(tuple([1, 2, 1100, 1200, 1300]), 0.0, 0)
    second = SpeechTokens(tuple([3, 4, 1400, 1500, 1600]), 0.952, 0)
    lane = TokenTimeline.of([first, second]).lane("vq06")
    assert lane.starts == pytest.approx([0.0, 0.04, 0.08, 0.952, 0.992, 1.032])
    assert lane.codes.tolist() == [76, 176, 276, 376, 476, 576]


def test_visible_cells_are_those_overlapping_the_view() -> None:
    vq02, vq06 = _streams(5000, seed=2)  # 10 minutes: 25,000 tokens
    lane = TokenTimeline.from_streams(vq02, vq06).lane("vq06")
    for start, end in [(0.0, 1.0), (123.456, 124.0), (599.9, 700.0), (50.0, 50.0)]:
        chosen = lane.visible(start, end)
        brute = np.flatnonzero((lane.ends > start) & (lane.starts < end))
        assert list(range(len(lane))[chosen]) == brute.tolist()


def test_exports_read_back() -> None:
    vq02, vq06 = _streams(8, seed=3)
    timeline = TokenTimeline.from_streams(vq02, vq06)
    back = AudioTokens.from_text(timeline.as_text())
    assert back.vq02.tolist() == vq02.tolist() and back.vq06.tolist() == vq06.tolist()
    words = Transcript.of([TimedWord(0.0, 0.4, "hello"), TimedWord(0.5, 0.9, "there")], "en", 0.96)
    data = json.loads(json.dumps(timeline.to_json(words)))
    assert data["vq06"]["codes"] == vq06.tolist() and data["vq02"]["start"][1] == pytest.approx(0.06)
    assert [w["text"] for w in data["words"]] == ["hello", "there"]
    assert data["audio_tokens"] == timeline.as_text()


def test_compare_marks_and_counts_what_an_edit_changed() -> None:
    vq02, vq06 = _streams(60, seed=4)
    edited02, edited06 = vq02.copy(), vq06.copy()
    edited02[40] = (edited02[40] + 1) % 1024
    edited06[[90, 91, 92]] = (edited06[[90, 91, 92]] + 7) % 4096
    edited02 = np.concatenate([edited02[:100], [9, 9], edited02[100:]])  # a group of five inserted
    edited06 = np.concatenate([edited06[:150], [5, 6, 7], edited06[150:]])
    result = compare(TokenTimeline.from_streams(vq02, vq06), TokenTimeline.from_streams(edited02, edited06))
    assert result.changed == (1 + 2) + (3 + 3)
    assert np.flatnonzero(result.a["vq02"]).tolist() == [40]
    assert np.flatnonzero(result.b["vq02"]).tolist() == [40, 100, 101]
    assert np.flatnonzero(result.a["vq06"]).tolist() == [90, 91, 92]
    assert np.flatnonzero(result.b["vq06"]).tolist() == [90, 91, 92, 150, 151, 152]
    same = compare(TokenTimeline.from_streams(vq02, vq06), TokenTimeline.from_streams(vq02, vq06))
    assert same.changed == 0


def test_codes_outside_the_audio_vocabulary_are_refused() -> None:
    with pytest.raises(ValueError, match=r"0\.\.5119"):
        TokenTimeline().add(SpeechTokens((1, 5120), 0.0, 0))


def test_a_takes_tokens_are_kept_compactly_and_read_back() -> None:
    runs = [SpeechTokens((1, 2, 1030, 1031, 5119), 0.0, 0), SpeechTokens((7,), 0.0, 5),
            SpeechTokens((3, 4, 2000), 0.952, 0)]
    packed = json.loads(json.dumps(pack(runs)))
    assert unpack(packed) == runs
    assert len(packed["codes"]) == 24  # 9 codes, 2 bytes each: 18 bytes, 24 characters of base64


@pytest.mark.parametrize("data", [
    None, [], {"runs": [], "codes": 5}, {"runs": "x", "codes": ""},
    {"runs": [[0.0, 0, 2]], "codes": "AAE="},  # 2 bytes, one code, two claimed
    {"runs": [[0.0, 0, 1]], "codes": "AAEAAQ=="},  # a code left over
    {"runs": [[0.0, 0, 1]], "codes": "!!!!"},
    {"runs": [[0.0, 0, 1]], "codes": "AP8="},  # 65280: outside the audio vocabulary
    {"runs": [[-1.0, 0, 1]], "codes": "AAE="},
    {"runs": [[float("nan"), 0, 1]], "codes": "AAE="},
    {"runs": [[0.0, True, 1]], "codes": "AAE="},
    {"runs": [[0.0, 0, 1, 9]], "codes": "AAE="},
    {"runs": [], "codes": "A" * (4 * 200_001)},
])
def test_a_damaged_record_is_one_sentence(data: object) -> None:
    with pytest.raises(ValueError, match=r"^The take's"):
        unpack(data)
