from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from tok_paths import DATA

from backends.audio import Audio
from backends.step.tokenizer import PARAFORMER_DIR, StepAudioTokenizer, TokenizerFilesError


def test_vq02_codes_match_reference(device_tokenizer, vq02_golden, golden_audio):
    # Exact codes on any device: the nearest centroid wins by at least 0.038 in squared distance
    # (~4e-3 of the distances, 9.2), far above float32 rounding.
    codes = device_tokenizer.vq02_codes(golden_audio)
    assert np.array_equal(codes, vq02_golden["codes"])
    assert np.array_equal(vq02_golden["codes"], vq02_golden["stream_codes"])


def test_tail_rules_match_reference(device_tokenizer, golden_audio):
    tails = json.loads((DATA / "vq02_tails.json").read_text())
    for n, ref in tails.items():
        assert device_tokenizer.vq02_codes(golden_audio[: int(n)]).tolist() == ref, n


def test_streaming_in_any_pieces_equals_whole(tokenizer, vq02_golden, golden_audio):
    stream = tokenizer.stream_vq02()
    got = []
    for a, b in [(0, 1000), (1000, 3840), (3840, 3841), (3841, 20000), (20000, 40000)]:
        new = stream.feed(golden_audio[a:b])
        assert len(new) % 4 == 0  # whole 240 ms chunks only
        got.append(new)
    assert sum(len(g) for g in got) == 40  # 10 full chunks before the tail
    got.append(stream.finish())
    assert np.array_equal(np.concatenate(got), vq02_golden["codes"])
    # finish() resets: a second stream through the same object gives the same codes
    again = np.concatenate([stream.feed(golden_audio), stream.finish()])
    assert np.array_equal(again, vq02_golden["codes"])


def test_tokenize_rates_and_ranges(tokenizer):
    rng = np.random.default_rng(3)
    audio = Audio(rng.standard_normal(22050 * 3).astype(np.float32) * 0.2, 22050)
    t = tokenizer.tokenize(audio)
    assert abs(len(t.vq02) - 3 * 50 / 3) <= 2 and abs(len(t.vq06) - 75) <= 2
    assert t.vq02.min() >= 0 and t.vq02.max() < 1024 and t.vq06.min() >= 0 and t.vq06.max() < 4096
    ids = t.llm_ids()
    assert len(ids) == 5 * min(len(t.vq02) // 2, len(t.vq06) // 3)
    assert all(65536 <= i < 70656 for i in ids)
    trimmed = tokenizer.tokenize(audio, trim_silence=True)
    assert len(trimmed.vq06) > 0


def test_long_clip_in_reported_pieces_equals_the_whole(tokenizer):
    # Past one 30 s vq06 window: tokenize() goes window by window to report progress, and must
    # give what the whole-clip paths give (the vq02 stream and the windowed vq06 at once).
    from backends.step.tokenizer.prep import prepare

    rng = np.random.default_rng(5)
    audio = Audio(rng.standard_normal(16000 * 61).astype(np.float32) * 0.2, 16000)
    reports: list[float] = []
    got = tokenizer.tokenize(audio, progress=reports.append)
    samples = prepare(audio)
    assert np.array_equal(got.vq02, tokenizer.vq02_codes(samples))
    assert np.array_equal(got.vq06, tokenizer.vq06(samples))
    assert reports == sorted(reports) and len(reports) == 6 and reports[-1] == 1.0


def test_missing_and_damaged_files_are_named(tiny_folder, tmp_path):
    copy = tmp_path / "tok"
    shutil.copytree(tiny_folder, copy)
    (copy / "linguistic_tokenizer.npy").unlink()
    with pytest.raises(TokenizerFilesError, match=r"linguistic_tokenizer\.npy"):
        StepAudioTokenizer(copy)
    shutil.copy(tiny_folder / "linguistic_tokenizer.npy", copy / "linguistic_tokenizer.npy")
    model = copy / PARAFORMER_DIR / "model.pt"
    model.write_bytes(b"not a checkpoint")
    tok = StepAudioTokenizer(copy)
    with pytest.raises(TokenizerFilesError, match=r"model\.pt"):
        tok.load()
    (copy / PARAFORMER_DIR / "am.mvn").write_bytes(b"")
    with pytest.raises(TokenizerFilesError, match=r"am\.mvn"):
        StepAudioTokenizer(copy)


def test_wrong_centroid_shape_is_named(tiny_folder, tmp_path):
    copy = tmp_path / "tok2"
    shutil.copytree(tiny_folder, copy)
    np.save(copy / "linguistic_tokenizer.npy", np.zeros((10, 16), np.float32))
    with pytest.raises(TokenizerFilesError, match=r"linguistic_tokenizer.npy has shape \(10, 16\)"):
        StepAudioTokenizer(copy).load()
