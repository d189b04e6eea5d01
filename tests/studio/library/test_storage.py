from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from studio.library import storage
from studio.library.storage import StorageError


def _tone(seconds: float = 0.5, rate: int = 24000) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    return Audio((0.4 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), rate)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if storage.is_temp_file(p))


def test_bytes_text_json_round_trip(tmp_path: Path) -> None:
    storage.atomic_write_bytes(tmp_path / "a.bin", b"\x00\x01" * 1000)
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01" * 1000
    storage.atomic_write_text(tmp_path / "a.txt", "line\n第二行\n")
    assert (tmp_path / "a.txt").read_bytes() == "line\n第二行\n".encode()
    storage.atomic_write_json(tmp_path / "a.json", {"text": "你好", "n": np.float32(0.5), "t": (1, 2)})
    raw = (tmp_path / "a.json").read_text("utf-8")
    assert "你好" in raw  # readable, not \u-escaped
    assert json.loads(raw) == {"text": "你好", "n": 0.5, "t": [1, 2]}
    assert _leftovers(tmp_path) == []


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")
    storage.atomic_write_text(target, "new")
    assert target.read_text() == "new"


def test_disk_full_keeps_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old and complete")

    def full(fd: int, data: bytes) -> None:
        os.write(fd, bytes(data)[:10])  # a partial write, then the disk fills
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_write_fully", full)
    with pytest.raises(StorageError) as info:
        storage.atomic_write_text(target, "new content that does not fit")
    said = str(info.value)
    assert "disk is full (" in said and f"free on the disk that holds {tmp_path})" in said
    assert info.value.errno == errno.ENOSPC
    assert isinstance(info.value, OSError)
    assert target.read_text() == "old and complete"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("code, words", [(errno.EROFS, "read-only"), (errno.EACCES, "permission")])
def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str) -> None:
    # We run as root, where chmod does not stop writes; make the final rename fail instead, as it
    # does on a read-only mount.
    def refuse(src: object, dst: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage.os, "replace", refuse)
    with pytest.raises(StorageError) as info:
        storage.atomic_save_audio(_tone(), tmp_path / "take.flac")
    assert words in str(info.value)
    assert "take.flac" in str(info.value)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_path_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(StorageError, match="is a file, not a folder"):
        storage.atomic_write_bytes(tmp_path / "plain" / "out.wav", b"data")


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        storage.atomic_write_bytes(tmp_path / "nope" / "out.wav", b"data")


def test_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(StorageError):
        storage.atomic_write_bytes(tmp_path / "taken", b"data")
    assert _leftovers(tmp_path) == []


def test_interrupt_removes_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(storage, "_write_fully", interrupted)
    with pytest.raises(KeyboardInterrupt):
        storage.atomic_write_bytes(tmp_path / "x.bin", b"abc")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["wav", "flac", "ogg", "mp3"])
def test_atomic_save_audio_round_trips(tmp_path: Path, fmt: str) -> None:
    audio = _tone()
    path = storage.atomic_save_audio(audio, tmp_path / f"take.{fmt}")
    back = load_audio(path)
    assert back.sample_rate == audio.sample_rate
    n = min(len(back), len(audio))
    assert abs(len(back) - len(audio)) < 0.05 * audio.sample_rate
    assert np.corrcoef(back.samples[:n], audio.samples[:n])[0, 1] > 0.98


def test_encode_rejects_unknown_format_and_empty_audio() -> None:
    with pytest.raises(ValueError, match="cannot write 'aiff'"):
        storage.encode_audio(_tone(), "aiff")
    with pytest.raises(ValueError, match="empty"):
        storage.encode_audio(Audio(np.zeros(0, np.float32), 16000), "wav")


def test_encode_rate_mp3_cannot_hold_is_value_error() -> None:
    with pytest.raises(ValueError, match="MP3"):
        storage.encode_audio(_tone(rate=44000), "mp3")


def test_atomic_path_for_third_party_writers(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with storage.atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and storage.is_temp_file(tmp)
        tmp.write_text("done")
        assert not target.exists()
    assert target.read_text() == "done"
    with pytest.raises(RuntimeError), storage.atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("writer failed")
    assert target.read_text() == "done"
    assert _leftovers(tmp_path) == []


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    """Renaming over a link would have replaced the link with a plain file (issue 20)."""
    real = tmp_path / "real" / "take.wav"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.wav"
    link.symlink_to(real)
    storage.atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    dangling = tmp_path / "later.wav"
    dangling.symlink_to(tmp_path / "real" / "not-yet.wav")
    storage.atomic_write_bytes(dangling, b"made")
    assert dangling.is_symlink() and (tmp_path / "real" / "not-yet.wav").read_bytes() == b"made"


@pytest.mark.parametrize("kind", ["device", "pipe", "folder"])
def test_a_special_file_is_refused_and_left_alone(tmp_path: Path, kind: str) -> None:
    if kind == "device":
        target = Path("/dev/null")
    elif kind == "pipe":
        target = tmp_path / "fifo"
        os.mkfifo(target)
    else:
        target = tmp_path / "folder"
        target.mkdir()
    link = tmp_path / "via-link"
    link.symlink_to(target)
    for path in (target, link):
        with pytest.raises(StorageError, match=f"is a {kind}, not a file"):
            storage.atomic_write_bytes(path, b"x")
    assert link.is_symlink() and (kind == "device" or target.exists())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left
