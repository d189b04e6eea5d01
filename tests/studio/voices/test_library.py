from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import VoiceProfile
from studio.library.takes import TakeLibrary
from studio.voices.library import Consent, VoiceLibrary, VoiceNotFound

REPO = Path(__file__).resolve().parents[3]


def tone(seconds: float = 0.5, rate: int = 24000, freq: float = 220.0) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    return Audio((0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32), rate)


PROFILE = VoiceProfile("embedded", "match", 1, {"blend": [["kokoro:jf_alpha", 0.7]], "pitch": 2.0},
                       0.71, 0.52, "Alpha 70 %, +2 st")
CONSENT = Consent("Ann Lee", True, "said yes on the recording", "recorded in the studio", "2026-01-02",
                  "CC-BY-4.0", "tester")


@pytest.fixture()
def lib(tmp_path: Path):
    with VoiceLibrary(tmp_path) as library:
        yield library


def test_add_get_list_and_reference_round_trip(lib: VoiceLibrary) -> None:
    audio = tone()
    voice = lib.add("Ann", audio, transcript="Hello there", language="en", consent=CONSENT,
                    origin="matched", profiles=[PROFILE], tags=["warm", " narration "])
    assert voice.profiles == {"embedded": PROFILE} and voice.consent == CONSENT
    assert voice.tags == ("warm", "narration") and voice.duration == pytest.approx(0.5)
    assert lib.get(voice.id) == voice and lib.list() == [voice]
    back = lib.load_reference(voice.id)
    assert back.sample_rate == 24000
    np.testing.assert_allclose(back.samples, audio.samples, atol=1e-6)  # 24-bit FLAC
    assert voice.audio_path.read_bytes()[:4] == b"fLaC"


def test_search_rename_duplicate_delete(lib: VoiceLibrary) -> None:
    a = lib.add("Ann", tone(), transcript="今天天气真好", language="zh", consent=CONSENT)
    b = lib.add("Bob", tone(freq=330), transcript="Good morning", language="en")
    assert [v.name for v in lib.list("天气")] == ["Ann"]
    assert [v.name for v in lib.list("LEE")] == ["Ann"]  # the speaker is searchable
    assert lib.rename(b.id, "  Robert   B ").name == "Robert B"
    copy = lib.duplicate(a.id)
    assert copy.id != a.id and copy.name == "Ann (copy)" and copy.consent == CONSENT
    assert copy.audio_path.read_bytes() == a.audio_path.read_bytes()
    lib.delete(a.id)
    with pytest.raises(VoiceNotFound):
        lib.get(a.id)
    assert not a.audio_path.exists() and not a.audio_path.with_suffix(".json").exists()
    assert copy.audio_path.exists()
    with pytest.raises(ValueError):
        lib.rename(b.id, "  ")


def test_set_profile_and_reopen(tmp_path: Path) -> None:
    with VoiceLibrary(tmp_path) as lib:
        voice = lib.add("Ann", tone(), transcript="hi", consent=CONSENT)
        assert voice.profiles == {}
        lib.set_profile(voice.id, PROFILE)
        other = VoiceProfile("step-audio", "clone", 3, {"tokens": [1, 2, 3]})
        lib.set_profile(voice.id, other)
    with VoiceLibrary(tmp_path) as lib:
        assert lib.get(voice.id).profiles == {"embedded": PROFILE, "step-audio": other}
        assert lib.problems == []


def test_profiles_must_be_json_safe(lib: VoiceLibrary) -> None:
    bad = VoiceProfile("embedded", "match", 1, {"vector": object()})
    with pytest.raises(ValueError, match="not plain JSON"):
        lib.add("Ann", tone(), consent=CONSENT, profiles=[bad])
    nan = VoiceProfile("embedded", "match", 1, {"x": float("nan")})
    voice = lib.add("Ann", tone(), consent=CONSENT)
    with pytest.raises(ValueError):
        lib.set_profile(voice.id, nan)
    assert lib.get(voice.id).profiles == {}
    assert len(list(lib.voices_dir.iterdir())) == 2


def test_shares_the_take_database_with_its_own_schema_version(tmp_path: Path) -> None:
    with TakeLibrary(tmp_path) as takes:
        takes.add(tone(), text="a take", engine_id="e", voice_id="v")
    with VoiceLibrary(tmp_path) as lib:
        lib.add("Ann", tone(), consent=CONSENT)
    con = sqlite3.connect(tmp_path / "library.sqlite3")
    versions = dict(con.execute("SELECT component, version FROM schema_version"))
    con.close()
    assert versions == {"takes": 1, "voices": 1, "presets": 1}
    with TakeLibrary(tmp_path) as takes:
        assert [t.text for t in takes.list()] == ["a take"]


def test_newer_schema_refused(tmp_path: Path) -> None:
    VoiceLibrary(tmp_path).close()
    con = sqlite3.connect(tmp_path / "library.sqlite3")
    con.execute("UPDATE schema_version SET version = 9 WHERE component = 'voices'")
    con.commit()
    con.close()
    with pytest.raises(Exception, match="newer version"):
        VoiceLibrary(tmp_path)


def test_an_upgrade_migrates_in_place_after_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library made by this release, opened by one whose voices table has one more migration."""
    import studio.voices.store as store

    with VoiceLibrary(tmp_path) as lib:
        ann = lib.add("Ann", tone(), consent=CONSENT)

    def add_rating(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE voices ADD COLUMN rating INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setitem(store.MIGRATIONS, "voices", [*store.MIGRATIONS["voices"], add_rating])
    with VoiceLibrary(tmp_path) as lib:
        assert lib.get(ann.id).name == "Ann"
    backup = sqlite3.connect(tmp_path / "library.sqlite3.before-voices-v2-presets-v1")
    assert dict(backup.execute("SELECT component, version FROM schema_version"))["voices"] == 1
    assert "rating" not in [row[1] for row in backup.execute("PRAGMA table_info(voices)")]
    backup.close()


def test_damaged_database_rebuilt_from_sidecars_without_loss(tmp_path: Path) -> None:
    with VoiceLibrary(tmp_path) as lib:
        voice = lib.add("Ann", tone(), transcript="hi", consent=CONSENT, profiles=[PROFILE])
        from studio.voices.presets import VoiceRef
        preset = lib.presets.add("P", VoiceRef.library(voice.id), tags="(高兴1)")
    for suffix in ("-wal", "-shm"):
        Path(str(tmp_path / "library.sqlite3") + suffix).unlink(missing_ok=True)
    (tmp_path / "library.sqlite3").write_bytes(b"not a database at all" * 100)
    with VoiceLibrary(tmp_path) as lib:
        assert any("damaged" in p.message for p in lib.problems)
        assert lib.get(voice.id).consent == CONSENT and lib.get(voice.id).profiles == {"embedded": PROFILE}
        assert lib.presets.get(preset.id).tags == "(高兴1)"


def test_update_killed_after_sidecar_is_completed_on_open(tmp_path: Path) -> None:
    with VoiceLibrary(tmp_path) as lib:
        voice = lib.add("Ann", tone(), consent=CONSENT)
    sidecar = tmp_path / "voices" / f"{voice.id}.json"
    record = json.loads(sidecar.read_text())
    record["name"] = "Renamed"
    sidecar.write_text(json.dumps(record))  # as if the rename died before its commit
    with VoiceLibrary(tmp_path) as lib:
        assert lib.get(voice.id).name == "Renamed"
    sidecar.unlink()  # a lost sidecar is written back from the index
    with VoiceLibrary(tmp_path) as lib:
        assert lib.get(voice.id).name == "Renamed" and sidecar.exists()


def test_interrupted_delete_is_undone_or_finished(tmp_path: Path) -> None:
    with VoiceLibrary(tmp_path) as lib:
        keep = lib.add("Keep", tone(), consent=CONSENT)
        gone = lib.add("Gone", tone(), consent=CONSENT)
    folder = tmp_path / "voices"
    (folder / f"{keep.id}.flac").replace(folder / f"{keep.id}.flac.deleted")  # row still there
    with VoiceLibrary(tmp_path) as lib:
        lib._voices.store.connection().execute("DELETE FROM voices WHERE id = ?", (gone.id,))
    (folder / f"{gone.id}.flac").replace(folder / f"{gone.id}.flac.deleted")  # committed, not cleaned
    with VoiceLibrary(tmp_path) as lib:
        assert [v.name for v in lib.list()] == ["Keep"] and lib.get(keep.id).playable
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{keep.id}.flac", f"{keep.id}.json"])


_CHILD = textwrap.dedent("""
    import os, sys, numpy as np
    from backends.audio import Audio
    from studio.voices.library import Consent, VoiceLibrary
    lib = VoiceLibrary(sys.argv[1])
    audio = Audio(np.full(2400, 0.1, np.float32), 24000)
    lib.add("first", audio, consent=Consent("A", True, "yes"))
    if sys.argv[2] == "before-commit":
        VoiceLibrary._insert_row = lambda self, conn, record: os._exit(9)
        lib.add("killed while saving", audio, transcript="t", consent=Consent("B", True, "signed"))
    else:
        i = 0
        while True:
            lib.add(f"loop {i}", audio, consent=Consent("C", True, "yes"))
            print(i, flush=True)
            i += 1
""")


def _child(tmp_path: Path, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", _CHILD, str(tmp_path), mode], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, text=True)


def test_killed_before_commit_keeps_the_whole_voice(tmp_path: Path) -> None:
    child = _child(tmp_path, "before-commit")
    assert child.wait(timeout=60) == 9
    with VoiceLibrary(tmp_path) as lib:
        names = {v.name: v for v in lib.list()}
        assert set(names) == {"first", "killed while saving"}
        recovered = names["killed while saving"]
        assert recovered.id in lib.recovered
        assert recovered.consent.how == "signed" and recovered.transcript == "t"
        assert lib.load_reference(recovered.id).duration == pytest.approx(0.1)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_adds_loses_nothing_and_leaves_no_debris(tmp_path: Path) -> None:
    child = _child(tmp_path, "loop")
    assert child.stdout is not None
    child.stdout.readline()
    time.sleep(0.4)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    with VoiceLibrary(tmp_path) as lib:
        voices = lib.list()
        assert lib.problems == []
        names = {p.name for p in lib.voices_dir.iterdir()}
        assert {n for n in names if n.endswith(".flac")} == {f"{v.id}.flac" for v in voices}
        assert {n for n in names if n.endswith(".json")} == {f"{v.id}.json" for v in voices}
        for voice in voices:
            assert lib.load_reference(voice.id).sample_rate == 24000
        con = sqlite3.connect(tmp_path / "library.sqlite3")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
