from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from backends.audio import WRITE_FORMATS, Audio, load_audio
from studio.library.export import (
    EXPORT_FORMATS,
    ExportError,
    export_audio,
    export_take,
    file_tags,
    id3v2_tag,
    sidecar_path,
)
from studio.library.storage import StorageError
from studio.library.takes import TakeLibrary

META = {
    "title": "Greeting 你好",
    "text": "(高兴1)你好，世界! Hello, world.",
    "engine_id": "embedded",
    "voice_id": "zf_xiaoxiao",
    "created": 1_700_000_000.0,
    "seed": 1234,
    "parameters": {"speed": 1.1, "pitch": -2.0},
}


def _speechlike(seconds: float = 1.0, rate: int = 24000) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    signal = 0.3 * np.sin(2 * np.pi * 220 * t) + 0.15 * np.sin(2 * np.pi * 660 * t + 0.3)
    return Audio((signal * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.float32), rate)


def _correlation(a: Audio, b: Audio) -> float:
    n = min(len(a), len(b))
    return float(np.corrcoef(a.samples[:n], b.samples[:n])[0, 1])


def test_formats_are_all_writable() -> None:
    assert set(EXPORT_FORMATS) == {"wav", "flac", "ogg", "mp3"}
    assert set(EXPORT_FORMATS) <= set(WRITE_FORMATS)


@pytest.mark.parametrize("fmt, min_corr", [("wav", 0.9999), ("flac", 0.9999), ("ogg", 0.99), ("mp3", 0.99)])
def test_round_trip_with_tags(tmp_path: Path, fmt: str, min_corr: float) -> None:
    audio = _speechlike()
    path = export_audio(audio, tmp_path / f"take.{fmt}", metadata=META)
    assert path == tmp_path / f"take.{fmt}"
    back = load_audio(path)
    assert back.sample_rate == 24000
    assert abs(back.duration - audio.duration) < 0.08
    assert _correlation(audio, back) > min_corr
    with sf.SoundFile(str(path)) as f:
        tags = f.copy_metadata()
    assert tags["title"] == "Greeting 你好"
    assert tags["comment"] == META["text"]
    assert tags["artist"] == "zf_xiaoxiao"
    assert "embedded" in tags["software"]
    assert [p.name for p in tmp_path.iterdir()] == [f"take.{fmt}"]  # nothing else, no temp files


def test_mp3_tag_is_utf16_id3v23() -> None:
    tag = id3v2_tag({"title": "你好", "comment": "x"})
    assert tag.startswith(b"ID3\x03\x00")
    assert "你好".encode("utf-16-le") in tag
    assert id3v2_tag({}) == b""


def test_wav_keeps_tags_even_for_long_text(tmp_path: Path) -> None:
    long_text = "这是一个很长的句子。" * 300  # libsndfile drops all WAV strings past a few KB
    path = export_audio(_speechlike(0.2), tmp_path / "long.wav", metadata={**META, "text": long_text})
    with sf.SoundFile(str(path)) as f:
        assert f.title == "Greeting 你好"
        assert f.comment and long_text.startswith(f.comment.rstrip("…"))
    path = export_audio(_speechlike(0.2), tmp_path / "long.flac", metadata={**META, "text": long_text})
    with sf.SoundFile(str(path)) as f:
        assert f.comment == long_text


def test_sidecar_has_full_metadata(tmp_path: Path) -> None:
    path = export_audio(_speechlike(0.5), tmp_path / "take.mp3", metadata=META, sidecar=True)
    side = json.loads(sidecar_path(path).read_text("utf-8"))
    assert sidecar_path(path) == tmp_path / "take.json"
    assert side["audio_file"] == "take.mp3" and side["audio_format"] == "mp3"
    assert side["take"]["seed"] == 1234 and side["take"]["parameters"]["pitch"] == -2.0
    assert side["take"]["text"] == META["text"]
    assert side["sample_rate"] == 24000


@pytest.mark.parametrize("rate", [44100, 48000])
def test_resampling(tmp_path: Path, rate: int) -> None:
    audio = _speechlike(0.5)
    path = export_audio(audio, tmp_path / "r.flac", sample_rate=rate)
    back = load_audio(path)
    assert back.sample_rate == rate
    assert _correlation(audio.resampled(rate), back) > 0.9999


def test_mp3_odd_rate_goes_up_to_an_mpeg_rate(tmp_path: Path) -> None:
    path = export_audio(_speechlike(0.5, rate=44000), tmp_path / "odd.mp3")
    assert load_audio(path).sample_rate == 44100


def test_suffix_added_from_format(tmp_path: Path) -> None:
    assert export_audio(_speechlike(0.2), tmp_path / "noext", "ogg") == tmp_path / "noext.ogg"
    assert (tmp_path / "noext.ogg").exists()


@pytest.mark.parametrize(
    "name, fmt, words",
    [("a.aiff", None, "Cannot export “aiff”"), ("a", None, "add a file extension"),
     ("a.wav", "mp3", "ends in .wav"), ("a.wav", "m4a", "Cannot export “m4a”")],
)
def test_bad_format_is_clear(tmp_path: Path, name: str, fmt: str | None, words: str) -> None:
    with pytest.raises(ExportError, match=words):
        export_audio(_speechlike(0.2), tmp_path / name, fmt)
    assert list(tmp_path.iterdir()) == []


def test_bad_path_is_clear(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        export_audio(_speechlike(0.2), tmp_path / "missing" / "a.wav")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StorageError, match="not a folder"):
        export_audio(_speechlike(0.2), tmp_path / "file" / "a.wav")


def test_empty_audio_and_bad_rate(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="empty"):
        export_audio(Audio(np.zeros(0, np.float32), 24000), tmp_path / "a.wav")
    with pytest.raises(ExportError, match="Hz"):
        export_audio(_speechlike(0.2), tmp_path / "a.wav", sample_rate=5)


def test_export_take_from_library(tmp_path: Path) -> None:
    with TakeLibrary(tmp_path / "lib") as lib:
        take = lib.add(_speechlike(0.4), text="Library take 图书馆", engine_id="embedded",
                       voice_id="joe", metadata={"seed": 9, "text": "engine's own copy"})
        path = export_take(lib, take.id, tmp_path / "out.flac", sidecar=True)
    with sf.SoundFile(str(path)) as f:
        assert f.comment == "Library take 图书馆" and f.title == take.title
    side = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert side["take"]["id"] == take.id and side["take"]["seed"] == 9


def test_file_tags_defaults() -> None:
    tags = file_tags({"text": "(高兴)Just text here"})
    assert tags["title"] == "Just text here" and "artist" not in tags
    assert tags["software"].startswith("Step Audio Studio")
