"""Whisper from PyPI packages (asr.py): the joined base model, English and Mandarin, word timings."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.embedded import asr
from backends.embedded.asr import WhisperTranscriber
from backends.embedded.espeak import shared

pytestmark = pytest.mark.slow


def test_base_model_is_joined_once_and_checked_by_size(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEP_STUDIO_CACHE", str(tmp_path))
    folder = asr.base_model_dir()
    parts = sum(asr._part_path(m, n).stat().st_size for _, m, n in asr._BASE_PARTS)
    assert (folder / "model.bin").stat().st_size == parts
    assert all((folder / f).is_file() for f in ("config.json", "tokenizer.json", "vocabulary.txt"))
    # No second copy: a join writes a new file and renames it over model.bin (a new inode), so the
    # same inode and mtime prove the second call reused the first one's file, whatever the load.
    joined = (folder / "model.bin").stat()
    assert asr.base_model_dir() == folder
    again = (folder / "model.bin").stat()
    assert (again.st_ino, again.st_mtime_ns) == (joined.st_ino, joined.st_mtime_ns)
    assert not list(folder.glob("model.bin.*.tmp"))
    # A truncated file (e.g. a crash mid-copy) is noticed by its size and rebuilt.
    with open(folder / "model.bin", "r+b") as f:
        f.truncate(1000)
    asr.base_model_dir()
    assert (folder / "model.bin").stat().st_size == parts


def test_unknown_model_and_wrong_language_are_refused(tiny_en: WhisperTranscriber) -> None:
    with pytest.raises(ValueError):
        WhisperTranscriber("large")
    with pytest.raises(ValueError):
        tiny_en.transcribe(Audio(np.zeros(16000, dtype=np.float32), 16000), "zh")


def test_english_with_word_timings(tiny_en: WhisperTranscriber) -> None:
    es = shared()
    audio = Audio(es.synthesize("Please bring your umbrella today.", "en-us"), es.sample_rate)
    tr = tiny_en.transcribe(audio)
    assert tr.language == "en"
    assert "umbrella" in tr.text.lower()
    words = [w for s in tr.segments for w in s.words]
    assert words and all(w.start <= w.end for w in words)
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))
    assert tr.duration == pytest.approx(audio.duration, abs=0.01)


def test_silence_gives_no_text(whisper_base: WhisperTranscriber) -> None:
    tr = whisper_base.transcribe(Audio(np.zeros(32000, dtype=np.float32), 16000), "en")
    assert tr.text == ""  # it used to say "You"


def test_no_words_are_invented_for_what_is_not_speech(whisper_base: WhisperTranscriber) -> None:
    """Clone and Edit trust the transcript (issue 20): noise, a hum and a 0.3 s fragment of a word
    gave "That's good." before; they give nothing, while the whole clip is transcribed as ever."""
    from backends.audio import load_audio

    rng = np.random.default_rng(0)
    speech = load_audio(Path(__file__).resolve().parents[2] / "data" / "zero_shot_en_prompt.wav")
    t = np.arange(48000) / 16000
    for name, clip in (("noise", Audio((0.1 * rng.standard_normal(48000)).astype(np.float32), 16000)),
                       ("hum", Audio((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16000)),
                       ("fragment", speech.slice_seconds(1.0, 1.3))):
        assert whisper_base.transcribe(clip).text == "", name
    assert "political stance was conservative" in whisper_base.transcribe(speech, "en").text.lower()


def test_mandarin_transcripts_come_out_in_simplified_characters() -> None:
    from backends.embedded.asr import to_simplified

    assert to_simplified("圖書館裡有很多學生，價格也很便宜。") == "图书馆里有很多学生，价格也很便宜。"
    assert to_simplified("already simplified 简体") == "already simplified 简体"
