"""Edit projects in the library: saved as the user works, reopened the same, crash-safe."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from studio.editing import EditError, EditProject, EditStore, ProjectNotFound
from studio.editing.store import EDITS_DIR, PROJECT_FILE
from studio.library import storage
from studio.library.storage import StorageError

DATA = Path(__file__).resolve().parents[2] / "data"
REPO = Path(__file__).resolve().parents[3]


def _same(a: EditProject, b: EditProject) -> None:
    assert a.current == b.current and len(a.versions) == len(b.versions)
    for va, vb in zip(a.versions, b.versions, strict=True):
        assert va.op == vb.op and va.table == vb.table
    for i in range(len(a.versions)):
        assert np.array_equal(a.render(i).samples, b.render(i).samples)


def test_save_as_you_go_and_reopen_the_same(tmp_path: Path) -> None:
    with EditStore(tmp_path) as store:
        project = store.create(DATA / "zero_shot_en_prompt.wav")
        project.delete(1.0, 1.5)
        project.insert(0.5, project.copy(2.0, 2.5))
        project.change_speed(0.0, 1.0, 1.25)
        project.undo()
        project_id = project.id
        assert project_id is not None
    with EditStore(tmp_path) as store:
        (info,) = store.list()
        assert info.id == project_id and info.title == "zero_shot_en_prompt"
        assert info.versions == 4 and info.current == 2
        again = store.open(project_id)
        _same(project, again)
        assert np.array_equal(again.source.samples, project.source.samples)
        again.redo()  # the redo branch survived the reopen
        assert again.current == 3


def test_list_rename_delete_split_export(tmp_path: Path) -> None:
    store = EditStore(tmp_path)
    a = store.create(DATA / "vad_prompt.wav", title="  first   take ")
    b = store.create(DATA / "tingting_prompt.wav")
    assert {p.title for p in store.list()} == {"first take", "tingting_prompt"}
    store.rename(a, "Interview")
    assert store.get(a.id or "").title == "Interview" and a.title == "Interview"
    assert store.open(a.id or "").title == "Interview"
    tail = store.split(b, 2.0)
    assert store.open(b.id or "").duration == pytest.approx(2.0, abs=0.011)
    assert store.open(tail.id or "").duration == pytest.approx(b.source.duration - 2.0, abs=0.011)
    out = store.export(tail, tmp_path / "tail.flac")
    assert out.exists()
    store.delete(b.id or "")
    assert len(store.list()) == 2 and not (tmp_path / EDITS_DIR / (b.id or "")).exists()
    with pytest.raises(ProjectNotFound):
        store.open(b.id or "")
    with pytest.raises(EditError, match="title"):
        store.rename(a, "   ")


def test_full_disk_keeps_the_last_good_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EditStore(tmp_path)
    project = store.create(DATA / "paralingustic_prompt.wav")
    project.gain(0.0, 1.0, 3.0)
    good = project.render().samples

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_write_fully", full)
    with pytest.raises(StorageError) as info:
        project.fade_out(1.0, 2.0)
    assert str(info.value).startswith("Could not save") and "disk is full" in str(info.value)
    with pytest.raises(StorageError):
        project.undo()
    assert project.current == 1 and len(project.versions) == 2
    assert np.array_equal(project.render().samples, good)
    assert len(project.buffers) == len(project.pyramids)
    monkeypatch.undo()
    project.fade_out(1.0, 2.0)  # the disk has room again: editing goes on
    store.close()
    again = EditStore(tmp_path).open(project.id or "")
    _same(project, again)


def test_unreadable_file_is_one_sentence_and_leaves_nothing(tmp_path: Path) -> None:
    store = EditStore(tmp_path)
    (tmp_path / "bad.mp3").write_bytes(b"\x00" * 100)
    with pytest.raises(EditError, match=r"^bad\.mp3: "):
        store.create(tmp_path / "bad.mp3")
    assert store.list() == [] and list((tmp_path / EDITS_DIR).iterdir()) == []


def test_open_repairs_what_a_kill_left(tmp_path: Path) -> None:
    store = EditStore(tmp_path)
    project = store.create(DATA / "vad_prompt.wav")
    project.gain(0.0, 1.0, 2.0)
    folder = tmp_path / EDITS_DIR / (project.id or "")
    (folder / "buf-99.wav").write_bytes(b"half")  # sound written before a kill, never committed
    (folder / ".project.json.0123456789ab.tmp").write_text("{")
    store.close()
    import sqlite3

    with sqlite3.connect(tmp_path / "library.sqlite3") as conn:  # a row lost with the index
        conn.execute("DELETE FROM edit_projects")
    broken = tmp_path / EDITS_DIR / ("0" * 32)
    broken.mkdir()
    (broken / PROJECT_FILE).write_text("not json")
    store = EditStore(tmp_path)
    assert [p.id for p in store.list()] == [project.id]
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("v-"))
    assert names == ["buf-1.wav", "project.json", "source.flac"]
    assert len(list(folder.glob("v-*.json"))) == len(project.versions)
    assert any("cannot be read" in p.message for p in store.problems)
    _same(project, store.open(project.id or ""))


def test_a_step_saves_what_changed_not_the_whole_history(tmp_path: Path) -> None:
    store = EditStore(tmp_path)
    project = store.create(DATA / "denoise_prompt.wav")
    folder = tmp_path / EDITS_DIR / (project.id or "")
    for i in range(300):  # a long session: many small cuts make a long piece table
        if i % 2:
            project.delete(1.0 + (i % 10) * 0.3, 1.0 + (i % 10) * 0.3 + 0.001, snap=False)
        else:
            project.insert_silence(2.0, 0.001)
    index = (folder / PROJECT_FILE).stat().st_size
    last = (folder / f"v-{project.versions[-1].key}.json").stat().st_size
    # project.json: ~20 bytes per version key and ~60 per sound file, no piece tables (those are
    # in the version files, ~40 bytes per piece, written once): one step writes O(pieces) bytes for
    # its own version plus this index, instead of every version's table (6.5 MB here before).
    assert index < 100 * (len(project.versions) + len(project.buffers)) + 1024, index
    assert last < 64 * (len(project.table) + 2) + 1024, last
    project.undo()
    assert store.open(project.id or "").current == project.current


CHILD = """
import sys
from studio.editing import EditStore
store = EditStore(sys.argv[1])
project = store.create(sys.argv[2])
print(project.id, flush=True)
i = 0
while True:
    project.gain(0.1, 1.0, 0.5 if i % 2 else -0.5)
    project.delete(0.5, 0.52, snap=False)
    project.undo()
    i += 1
    print(len(project.versions), flush=True)
"""


def test_kill_9_while_editing_reopens_a_whole_project(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), str(DATA / "vad_prompt.wav")],
                             stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
    assert child.stdout is not None
    project_id = child.stdout.readline().strip()
    seen = 0
    deadline = time.monotonic() + 60
    while seen < 6 and time.monotonic() < deadline:
        seen = int(child.stdout.readline() or 0) or seen
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert seen >= 6, "the child made no progress"
    store = EditStore(tmp_path)
    project = store.open(project_id)
    assert len(project.versions) >= seen - 1  # at most the operation in progress is lost
    state = json.loads((tmp_path / EDITS_DIR / project_id / PROJECT_FILE).read_text())
    for i in range(len(project.versions)):
        assert len(project.render(i)) > 0
    assert state["current"] == project.current


def test_share_a_project_with_its_source(tmp_path: Path) -> None:
    from studio.editing.share import export_project, import_project

    mine = EditStore(tmp_path / "mine")
    project = mine.create(DATA / "tingting_prompt.wav", title="Gift")
    project.delete(1.0, 1.4)
    project.change_pitch(0.0, 1.0, 2.0)
    project.undo()
    shared = export_project(mine, project.id or "", tmp_path / "gift.stepedit")
    theirs = EditStore(tmp_path / "theirs")
    imported = import_project(theirs, shared)
    assert imported.id != project.id and imported.title == "Gift"
    _same(project, imported)
    assert [p.id for p in theirs.list()] == [imported.id]
    (tmp_path / "junk.stepedit").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(EditError, match=r"^junk\.stepedit: not an edit project file"):
        import_project(theirs, tmp_path / "junk.stepedit")
    assert len(theirs.list()) == 1
    assert not any(p.name.startswith(".") for p in (tmp_path / "theirs" / EDITS_DIR).iterdir())


def test_words_kept_with_a_version_are_saved_once_and_reopened(tmp_path: Path) -> None:
    from studio.editing.transcript import TimedWord, Transcript, keep, kept

    with EditStore(tmp_path) as store:
        project = store.create(Audio(np.full(24000, 0.1, np.float32), 24000), title="words")
        words = Transcript.of([TimedWord(0.1, 0.4, "hello", 0.9), TimedWord(0.5, 0.9, "there", 0.8)], "en",
                              project.duration)
        keep(project, words)
        store.save_words(project)
        folder = store.dir / str(project.id)
        saved = folder / f"t-{project.versions[0].key}.json"
        stamp = saved.stat().st_mtime_ns
        project.gain(0.0, 0.5, -3.0)  # a new version: the first version's words are not rewritten
        assert saved.stat().st_mtime_ns == stamp
        again = store.open(str(project.id))
        assert kept(again, 0) == words and kept(again) is None
        saved.write_text("{broken", encoding="utf-8")
        assert kept(store.open(str(project.id)), 0) is None  # a damaged words file costs only the words
