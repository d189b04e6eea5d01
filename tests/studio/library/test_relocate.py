"""Moving the data folder (issue 20): a real library (takes, voices, presets) moves and opens from
its new place; refused targets change nothing; a failure mid-copy, a cancel or a full disk leaves
the old folder in use and intact with one sentence; the old copy goes only when asked, after
verification, and a deferred removal keeps a folder that changed after it was copied."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from studio import paths
from studio.library import relocate
from studio.library.relocate import RelocationError, move_data_folder
from studio.library.takes import TakeLibrary
from studio.voices.library import Consent, VoiceLibrary

CONSENT = Consent(speaker="Ann", given=True, how="in writing")


def _tone(seconds: float = 0.5, freq: float = 220.0) -> Audio:
    t = np.arange(int(24000 * seconds)) / 24000
    return Audio((0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32), 24000)


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def _fill(root: Path, takes: int = 3) -> tuple[list[str], str]:
    with TakeLibrary(root) as library:
        ids = [library.add(_tone(freq=200 + 40 * i), text=f"Take {i}", engine_id="embedded",
                           voice_id="v").id for i in range(takes)]
    with VoiceLibrary(root) as voices:
        voice = voices.add("Ann", _tone(2.0), transcript="Hello there", consent=CONSENT)
    (root / "draft.txt").write_text("a draft", encoding="utf-8")
    return ids, voice.id


def _tree(root: Path) -> dict[str, bytes]:
    """Every file but SQLite's sidecars, with its bytes: to show a folder was left untouched."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


def test_a_real_library_moves_and_opens_from_its_new_place(home: Path, tmp_path: Path) -> None:
    old = paths.data_dir()
    take_ids, voice_id = _fill(old)
    seen: list[tuple[int, int, str]] = []
    target = tmp_path / "elsewhere" / "studio-data"
    result = move_data_folder(target, progress=lambda d, t, n: seen.append((d, t, n)))
    assert paths.data_dir() == target and paths.data_location().problem is None
    assert result.files == len(result.entries) >= 6 and not result.removed_old
    assert seen and seen[-1][0] >= seen[-1][1] * 0.9 and any(n.startswith("takes/") for _, _, n in seen)
    with TakeLibrary(paths.data_dir()) as library:
        assert sorted(t.id for t in library.list()) == sorted(take_ids)
        assert library.load_audio(take_ids[0]).duration == pytest.approx(0.5)
    with VoiceLibrary(paths.data_dir()) as voices:
        assert voices.get(voice_id).consent.speaker == "Ann"
        assert voices.load_reference(voice_id).duration == pytest.approx(2.0, abs=0.01)
    assert (target / "draft.txt").read_text(encoding="utf-8") == "a draft"
    conn = sqlite3.connect(target / "library.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert (old / "library.sqlite3").exists()  # kept: not asked to remove it


def test_records_in_the_write_ahead_log_are_copied(home: Path, tmp_path: Path) -> None:
    """A library still open (its newest records only in the -wal file) moves whole: the backup API."""
    old = paths.data_dir()
    library = TakeLibrary(old)
    try:
        take = library.add(_tone(), text="Only in the log", engine_id="embedded", voice_id="v")
        assert (old / "library.sqlite3-wal").stat().st_size > 0
        move_data_folder(tmp_path / "new")
    finally:
        library.close()
    with TakeLibrary(tmp_path / "new") as moved:
        assert moved.get(take.id).text == "Only in the log"


def test_removal_removes_everything_that_was_copied(home: Path, tmp_path: Path) -> None:
    old = paths.data_dir()
    _fill(old)
    result = move_data_folder(tmp_path / "new", remove_old=True)
    assert result.removed_old and result.note is None and not old.exists()
    with TakeLibrary(paths.data_dir()) as library:
        assert len(library.list()) == 3


def test_a_file_that_appears_in_the_old_folder_keeps_it(home: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    old = paths.data_dir()
    _fill(old)
    real = relocate._switch

    def meanwhile(*args: object, **kw: object) -> None:
        real(*args, **kw)  # type: ignore[arg-type]
        (old / "takes" / "made-after.txt").write_bytes(b"new")

    monkeypatch.setattr(relocate, "_switch", meanwhile)
    result = move_data_folder(tmp_path / "new", remove_old=True)
    assert not result.removed_old and (old / "takes" / "made-after.txt").exists()
    assert "was kept" in (result.note or "") and not (old / "library.sqlite3").exists()


@pytest.mark.parametrize("where", ["inside", "holder", "same", "file", "full"])
def test_refused_targets_change_nothing(home: Path, tmp_path: Path, where: str) -> None:
    old = paths.data_dir()
    _fill(old, takes=1)
    before = _tree(old)
    target = {"inside": old / "sub", "holder": old.parent, "same": old, "file": tmp_path / "a-file",
              "full": tmp_path / "full"}[where]
    if where == "file":
        target.write_bytes(b"x")
    if where == "full":
        target.mkdir()
        (target / "something").write_bytes(b"x")
    words = {"inside": "into itself", "holder": "that folder holds it", "same": "already in",
             "file": "is a file", "full": "only move to an empty folder"}[where]
    with pytest.raises(RelocationError, match=words):
        move_data_folder(target)
    assert paths.data_dir() == old and not paths.pointer_path().exists() and _tree(old) == before
    assert not (old / "sub").exists()


def test_too_little_room_is_refused_before_copying(home: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    old = paths.data_dir()
    _fill(old, takes=1)
    monkeypatch.setattr("studio.library.storage.free_bytes", lambda folder: 1000)
    with pytest.raises(RelocationError, match="not enough room for your data folder"):
        move_data_folder(tmp_path / "new")
    assert not (tmp_path / "new").exists() and paths.data_dir() == old


def test_a_failure_mid_copy_leaves_the_old_folder_in_use(home: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    old = paths.data_dir()
    take_ids, _ = _fill(old)
    before = _tree(old)
    calls = [0]
    real = relocate._copy_file

    def failing(src: Path, dst: Path, step: object) -> None:
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst, step)  # type: ignore[arg-type]

    monkeypatch.setattr(relocate, "_copy_file", failing)
    target = tmp_path / "deep" / "new"
    with pytest.raises(RelocationError) as caught:
        move_data_folder(target, remove_old=True)
    message = str(caught.value)
    assert "not moved" in message and "is full" in message and str(old) in message and "\n" not in message
    assert not target.exists() and not (tmp_path / "deep").exists()  # the partial copy is gone
    assert paths.data_dir() == old and not paths.pointer_path().exists() and _tree(old) == before
    with TakeLibrary(paths.data_dir()) as library:
        assert sorted(t.id for t in library.list()) == sorted(take_ids)


def test_permission_denied_is_said(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(paths.data_dir(), takes=1)

    def denied(*args: object, **kw: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(relocate, "_copy_file", denied)
    with pytest.raises(RelocationError, match="do not have permission to write in"):
        move_data_folder(tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_cancel_leaves_nothing(home: Path, tmp_path: Path) -> None:
    old = paths.data_dir()
    _fill(old)
    stop = threading.Event()

    def progress(done: int, total: int, name: str) -> None:
        if done > 0:
            stop.set()

    with pytest.raises(RelocationError, match="cancelled"):
        move_data_folder(tmp_path / "new", progress=progress, cancel=stop)
    assert not (tmp_path / "new").exists() and paths.data_dir() == old


def test_a_database_written_during_the_copy_is_caught(home: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    old = paths.data_dir()
    _fill(old, takes=1)
    real = relocate._copy_database

    def and_a_write(src: Path, dst: Path, step: object) -> object:
        kept = real(src, dst, step)  # type: ignore[arg-type]
        with TakeLibrary(old) as library:
            library.add(_tone(), text="during", engine_id="embedded", voice_id="v")
        return kept

    monkeypatch.setattr(relocate, "_copy_database", and_a_write)
    with pytest.raises(RelocationError, match="changed while it was copied"):
        move_data_folder(tmp_path / "new")
    assert not (tmp_path / "new").exists() and paths.data_dir() == old


def test_deferred_removal_waits_for_the_next_start(home: Path, tmp_path: Path) -> None:
    old = paths.data_dir()
    _fill(old)
    library = TakeLibrary(old)  # the window still has it open
    result = move_data_folder(tmp_path / "new", remove_old=True, defer_removal=True)
    library.close()  # ... until it restarts (closing checkpoints the old log: content unchanged)
    assert result.removal_pending and old.exists()
    assert relocate.finish_pending_removal() is None and not old.exists()
    assert relocate.finish_pending_removal() is None  # asked once
    assert "remove_moved_from" not in (paths.read_pointer() or {})


def test_deferred_removal_keeps_a_folder_written_after_the_copy(home: Path, tmp_path: Path) -> None:
    old = paths.data_dir()
    _fill(old)
    library = TakeLibrary(old)
    move_data_folder(tmp_path / "new", remove_old=True, defer_removal=True)
    late = library.add(_tone(), text="made after the move", engine_id="embedded", voice_id="v")
    library.close()
    note = relocate.finish_pending_removal()
    assert note is not None and "was kept" in note and str(old) in note
    with TakeLibrary(old) as kept:
        assert kept.get(late.id).text == "made after the move"
    assert relocate.finish_pending_removal() is None and old.exists()  # never removed later


def test_nothing_to_move_still_moves(home: Path, tmp_path: Path) -> None:
    old = paths.data_dir()
    os.rmdir(old)
    move_data_folder(tmp_path / "fresh")
    assert paths.data_dir() == tmp_path / "fresh"


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (mounting needs root; elsewhere the test says why it is skipped)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (run the suite as root, as CI does)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"could not mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_target_disk_for_real(home: Path, small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = paths.data_dir()
    noise = np.random.default_rng(0).standard_normal(24000 * 8).astype(np.float32) * 0.3
    with TakeLibrary(old) as library:  # incompressible: about 3.8 MB of takes for a 3 MB disk
        for i in range(10):
            library.add(Audio(noise, 24000), text=f"noise {i}", engine_id="e", voice_id="v")
    before = _tree(old)
    with pytest.raises(RelocationError, match="not enough room for your data folder"):
        move_data_folder(small_disk / "data")  # refused before copying
    assert sorted(p.name for p in small_disk.iterdir()) == []
    # Past the check (as when something else fills the disk meanwhile): the copy itself fails.
    monkeypatch.setattr(relocate, "ensure_free_space", lambda *a, **k: None)
    with pytest.raises(RelocationError, match=r"is full\. Nothing was changed") as caught:
        move_data_folder(small_disk / "data")
    assert "the studio keeps using" in str(caught.value)
    assert sorted(p.name for p in small_disk.iterdir()) == []  # the partial copy is gone
    assert paths.data_dir() == old and _tree(old) == before


def test_an_old_folder_still_open_is_not_removed_until_it_is_closed(home: Path, tmp_path: Path) -> None:
    """A second window (or the one that moved it, still closing) has the old library open: the
    removal waits for a start when nothing has it open, so nothing it writes can vanish."""
    old = paths.data_dir()
    _fill(old)
    library = TakeLibrary(old)
    try:
        move_data_folder(tmp_path / "new", remove_old=True, defer_removal=True)
        assert relocate.finish_pending_removal() is None and old.exists()
        assert (paths.read_pointer() or {}).get("remove_moved_from") is True  # asked again next time
        library.list()  # still works where it is
    finally:
        library.close()
    assert relocate.finish_pending_removal() is None and not old.exists()


def test_an_immediate_removal_keeps_a_folder_that_is_open(home: Path, tmp_path: Path) -> None:
    old = paths.data_dir()
    _fill(old)
    with TakeLibrary(old):
        result = move_data_folder(tmp_path / "new", remove_old=True)
    assert not result.removed_old and "still open" in (result.note or "")
    assert (old / "library.sqlite3").exists() and paths.data_dir() == tmp_path / "new"


@pytest.mark.parametrize("name", ["bad\u0000name", "x" * 5000])
def test_a_name_this_system_cannot_use_is_refused(home: Path, tmp_path: Path, name: str) -> None:
    _fill(paths.data_dir(), takes=1)
    with pytest.raises(RelocationError) as caught:
        move_data_folder(tmp_path / name)
    assert "not moved" in str(caught.value) or "cannot move" in str(caught.value)
    assert not paths.pointer_path().exists()


def test_a_lost_disk_can_be_forgotten_and_found_again(home: Path, tmp_path: Path) -> None:
    old = paths.data_dir()
    take_ids, _ = _fill(old)
    move_data_folder(tmp_path / "usb" / "data", remove_old=True)
    (tmp_path / "usb").rename(tmp_path / "usb-elsewhere")  # the disk mounts somewhere else now
    assert paths.data_location().problem is not None
    assert relocate.use_default_folder() == old and paths.data_location().problem is None
    assert not paths.pointer_path().exists() and paths.data_dir() == old
    with pytest.raises(RelocationError, match="is not a data folder the studio moved"):
        relocate.use_existing_folder(tmp_path / "usb-elsewhere")
    found = tmp_path / "usb-elsewhere" / "data"
    assert relocate.use_existing_folder(found) == found and paths.data_dir() == found
    with TakeLibrary(paths.data_dir()) as library:
        assert sorted(t.id for t in library.list()) == sorted(take_ids)
    assert relocate.use_existing_folder(old) == old and not paths.pointer_path().exists()
