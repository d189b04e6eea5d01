from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from backends.audio import Audio, load_audio
from studio.conversation.sessions import (
    ChatSessionStore,
    ReplayClip,
    SessionNotFound,
    latency_line,
    mix_clips,
)
from studio.library.takes import TakeLibrary

REPO = Path(__file__).resolve().parents[3]


def _tone(seconds: float, rate: int = 24000, freq: float = 220.0, amp: float = 0.3) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    return Audio((amp * np.sin(2 * np.pi * freq * t)).astype(np.float32), rate)


@pytest.fixture()
def store(tmp_path: Path):
    s = ChatSessionStore(tmp_path)
    yield s
    s.close()


def _conversation(store: ChatSessionStore) -> str:
    session = store.create(persona_id="guide", persona_name="Museum guide", voice_id="joe",
                           engine_id="embedded", model="http://127.0.0.1:8000/v1 · tiny")
    t0 = 1_700_000_000.0
    store.add_turn(session.id, "user", "What time is it?", audio=_tone(0.5, 16000), started=t0,
                   ended=t0 + 0.5)
    store.add_turn(session.id, "assistant", "It is ten past nine.", audio=_tone(0.8, 24000, 330),
                   started=t0 + 1.1, ended=t0 + 1.9,
                   latency={"asr_s": 0.1, "first_token_s": 0.3, "tts_first_audio_s": 0.5, "total_s": 0.6},
                   metadata={"tools": [{"name": "time", "arguments": {}, "result": "09:10"}]})
    # the user comes back after a long silence (typing), then barges in on the reply
    store.add_turn(session.id, "user", "Thanks", started=t0 + 30.0, ended=t0 + 31.0, metadata={"typed": True})
    store.add_turn(session.id, "assistant", "You are welcome, and", audio=_tone(1.0, 24000, 440),
                   started=t0 + 31.5, ended=t0 + 32.5, metadata={"interrupted": True})
    store.add_turn(session.id, "user", "bye", audio=_tone(0.4, 16000, 550), started=t0 + 32.2,
                   ended=t0 + 32.6)
    return session.id


def test_turns_saved_in_order_with_audio_and_title(store: ChatSessionStore) -> None:
    sid = _conversation(store)
    session = store.get(sid)
    assert session.title == "What time is it?" and session.turn_count == 5
    assert session.persona_name == "Museum guide" and session.voice_id == "joe"
    turns = store.turns(sid)
    assert [t.role for t in turns] == ["user", "assistant", "user", "assistant", "user"]
    assert [t.seq for t in turns] == [0, 1, 2, 3, 4]
    assert turns[1].latency["total_s"] == pytest.approx(0.6)
    assert turns[1].metadata["tools"][0]["result"] == "09:10"
    assert not turns[2].playable and turns[2].audio_path is None
    assert turns[0].playable and turns[0].sample_rate == 16000 and turns[0].duration == pytest.approx(0.5)
    audio = store.load_turn_audio(turns[1])
    assert audio.sample_rate == 24000 and abs(audio.duration - 0.8) < 1e-3
    assert np.allclose(audio.samples, _tone(0.8, 24000, 330).samples, atol=1e-4)


def test_list_rename_search_delete(store: ChatSessionStore, tmp_path: Path) -> None:
    first = _conversation(store)
    time.sleep(0.01)
    second = store.create().id
    store.add_turn(second, "user", "你好，今天天气怎么样？", audio=_tone(0.3, 16000))
    assert store.list()[0].id == second  # most recently active first
    assert store.get(second).title.startswith("你好")
    assert [s.id for s in store.list("welcome")] == [first]  # turn text is searched
    assert [s.id for s in store.list("天气")] == [second]
    renamed = store.rename(first, "  Time   check ")
    assert renamed.title == "Time check"
    with pytest.raises(ValueError):
        store.rename(first, "   ")
    store.delete(first)
    assert [s.id for s in store.list()] == [second]
    assert not (tmp_path / "chats" / first).exists()
    with pytest.raises(SessionNotFound):
        store.turns(first)
    with pytest.raises(SessionNotFound):
        store.add_turn(first, "user", "late")
    with pytest.raises(ValueError):
        store.add_turn(second, "narrator", "x")


def test_untitled_session_has_a_display_title(store: ChatSessionStore) -> None:
    session = store.create()
    assert session.title == "" and session.display_title.startswith("Conversation of ")
    store.add_turn(session.id, "assistant", "Hello there")  # an assistant turn does not name it
    assert store.get(session.id).title == ""


def test_survives_reopen_and_rebuilds_a_damaged_index(tmp_path: Path) -> None:
    with ChatSessionStore(tmp_path) as store:
        sid = _conversation(store)
        store.rename(sid, "Kept title")
    (tmp_path / "library.sqlite3").write_bytes(b"this is not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp_path / "library.sqlite3") + suffix).unlink(missing_ok=True)
    with ChatSessionStore(tmp_path) as store:
        assert store.problems and "moved to" in store.problems[0].message
        session = store.get(sid)
        assert session.title == "Kept title" and session.turn_count == 5
        turns = store.turns(sid)
        assert [t.text for t in turns][:2] == ["What time is it?", "It is ten past nine."]
        assert turns[1].latency["first_token_s"] == pytest.approx(0.3)


def test_shares_the_library_file_with_takes(tmp_path: Path) -> None:
    with TakeLibrary(tmp_path) as takes, ChatSessionStore(tmp_path) as chats:
        takes.add(_tone(0.2), text="a take", engine_id="e", voice_id="v")
        sid = chats.create().id
        chats.add_turn(sid, "user", "hi")
    with TakeLibrary(tmp_path) as takes, ChatSessionStore(tmp_path) as chats:
        assert takes.count() == 1 and chats.get(sid).turn_count == 1
    con = sqlite3.connect(tmp_path / "library.sqlite3")
    versions = dict(con.execute("SELECT component, version FROM schema_version"))
    con.close()
    assert versions["takes"] == 1 and versions["chat_sessions"] == 1


def test_failed_turn_write_leaves_nothing(store: ChatSessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = store.create().id
    store.add_turn(sid, "user", "kept", audio=_tone(0.2, 16000))

    def broken(*_a: object, **_k: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ChatSessionStore, "_insert_turn", staticmethod(broken))
    with pytest.raises(Exception, match="disk is full"):
        store.add_turn(sid, "assistant", "lost", audio=_tone(0.2))
    names = sorted(p.name for p in (store.chats_dir / sid).iterdir())
    assert names == ["0000-user.flac", "0000-user.json", "session.json"]


def test_repair_adopts_files_without_rows_and_finishes_deletes(tmp_path: Path) -> None:
    with ChatSessionStore(tmp_path) as store:
        sid = _conversation(store)
        gone = store.create().id
    folder = tmp_path / "chats" / sid
    # a turn whose row never committed, one whose sidecar never landed, and temp debris
    (folder / "0005-assistant.json").write_text(json.dumps(
        {"role": "assistant", "text": "Goodbye!", "started": 1.0, "ended": 2.0, "latency": {"total_s": 0.5}}))
    sf.write(folder / "0006-user.flac", _tone(0.25, 16000).samples, 16000)
    (folder / ".0007-user.flac.abc123.tmp").write_bytes(b"partial")
    (tmp_path / "chats" / gone).replace(tmp_path / "chats" / f"{gone}.deleted")  # delete cut short
    with ChatSessionStore(tmp_path) as store:
        turns = store.turns(sid)
        assert [t.text for t in turns[5:]] == ["Goodbye!", ""]
        assert turns[6].playable and "recovered" in turns[6].metadata
        assert store.recovered_turns == 2
        assert not any(p.name.endswith(".tmp") for p in folder.iterdir())
        assert (tmp_path / "chats" / gone).is_dir()  # the row was still there: the delete is undone
        store.delete(gone)
    with ChatSessionStore(tmp_path) as store:
        assert [s.id for s in store.list()] == [sid]
        assert store.recovered_turns == 0  # adopted once, not again


def test_replay_clips_keep_overlap_and_shorten_silence(store: ChatSessionStore) -> None:
    sid = _conversation(store)
    clips = store.replay_clips(sid, max_gap=1.0)
    assert [c.turn.seq for c in clips] == [0, 1, 3, 4]
    offsets = [c.offset for c in clips]
    assert offsets[0] == 0.0 and offsets[1] == pytest.approx(1.1)
    # 28.1 s of typing silence became 1 s; the barge-in still overlaps the reply by 0.3 s
    assert offsets[2] == pytest.approx(1.9 + 1.0)
    assert offsets[3] - offsets[2] == pytest.approx(0.7)
    mix = store.mixdown(sid)
    assert mix is not None and mix.sample_rate == 24000
    assert mix.duration == pytest.approx(offsets[3] + 0.4, abs=1e-3)
    # the overlap holds both voices: louder than either alone, never above full scale
    rate = mix.sample_rate
    overlap = mix.samples[int((offsets[3] + 0.05) * rate): int((offsets[3] + 0.25) * rate)]
    assert np.max(np.abs(overlap)) > 0.45 and np.max(np.abs(mix.samples)) <= 1.0


def test_mix_scales_down_instead_of_clipping() -> None:
    loud = _tone(0.2, 16000, 200, amp=0.9)
    dummy_turn = None
    clips = [ReplayClip(dummy_turn, loud, 0.0), ReplayClip(dummy_turn, loud, 0.0)]  # type: ignore[arg-type]
    mix = mix_clips(clips)
    assert mix is not None and np.max(np.abs(mix.samples)) == pytest.approx(1.0, abs=1e-4)
    assert mix_clips([]) is None


def test_export_markdown_json_and_zip(store: ChatSessionStore, tmp_path: Path) -> None:
    sid = _conversation(store)
    out = tmp_path / "out"
    out.mkdir()
    md, audio = store.export(sid, out / "talk.md", audio_format="wav")
    text = md.read_text("utf-8")
    assert text.startswith("# What time is it?")
    assert "**You**" in text and "**Assistant**" in text and "Museum guide" in text
    assert "0.60 s to first audio (ASR 0.10 · model 0.20 · TTS 0.20)" in text
    assert "tool `time`" in text and "interrupted" in text and "typed" in text
    assert audio.name == "talk.wav" and load_audio(audio).duration == pytest.approx(
        store.mixdown(sid).duration, abs=1e-3)  # type: ignore[union-attr]
    (js,) = store.export(sid, out / "talk.json", audio_format=None)
    data = json.loads(js.read_text("utf-8"))
    assert data["format"] == "step-audio-studio/chat-transcript"
    assert [t["role"] for t in data["turns"]] == ["user", "assistant", "user", "assistant", "user"]
    (zipped,) = store.export(sid, out / "talk.zip")
    with zipfile.ZipFile(zipped) as archive:
        names = set(archive.namelist())
        assert {"transcript.md", "transcript.json", "conversation.flac"} <= names
        assert {"clips/0000-user.flac", "clips/0001-assistant.flac"} <= names
        inner = json.loads(archive.read("transcript.json"))
        assert inner["turns"][0]["audio"] == "clips/0000-user.flac" and inner["turns"][2]["audio"] is None
    with pytest.raises(ValueError):
        store.export(sid, out / "talk.txt")
    assert not any(p.name.endswith(".tmp") for p in out.iterdir())


def test_latency_line() -> None:
    assert latency_line({}) == ""
    assert latency_line({"total_s": 1.234, "asr_s": None, "first_token_s": 0.5}) == \
        "1.23 s to first audio (model 0.50)"
    # a spoken turn: what each stage added after the one before (milestones come from the controller)
    assert latency_line({"endpoint_s": 0.8, "asr_s": 0.8003, "first_token_s": 1.0981,
                         "tts_first_audio_s": 1.1336, "total_s": 1.1338}) == \
        "1.13 s to first audio (end of turn 0.80 · ASR 0.00 · model 0.30 · TTS 0.04)"
    # a speculative reply had its first word before the final transcript: the model adds nothing
    assert latency_line({"endpoint_s": 0.8, "asr_s": 0.9, "first_token_s": 0.7,
                         "tts_first_audio_s": 1.0, "total_s": 1.0}).endswith(
        "(end of turn 0.80 · ASR 0.10 · model 0.00 · TTS 0.10)")
    # a typed turn: no end-of-turn wait and nothing to recognise
    assert latency_line({"endpoint_s": 0, "asr_s": 0, "first_token_s": 0.4, "tts_first_audio_s": 0.6,
                         "total_s": 0.61}) == "0.61 s to first audio (model 0.40 · TTS 0.20)"


_CHILD = textwrap.dedent("""
    import sys, numpy as np
    from backends.audio import Audio
    from studio.conversation.sessions import ChatSessionStore
    store = ChatSessionStore(sys.argv[1])
    sid = store.create().id
    print(sid, flush=True)
    i = 0
    while True:
        store.add_turn(sid, "user" if i % 2 == 0 else "assistant", f"turn {i}",
                       audio=Audio(np.full(1600, 0.1, np.float32), 16000))
        print(i, flush=True)
        i += 1
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_mid_conversation_keeps_every_completed_turn(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(tmp_path)], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    sid = child.stdout.readline().strip()
    child.stdout.readline()
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    printed = child.stdout.read().split()
    child.stdout.close()
    completed = 1 + len(printed)  # every turn whose add returned
    with ChatSessionStore(tmp_path) as store:
        turns = store.turns(sid)
        assert store.problems == []
        assert len(turns) >= completed
        assert [t.seq for t in turns] == list(range(len(turns)))
        assert all(t.playable and store.load_turn_audio(t).duration == pytest.approx(0.1) for t in turns)
        names = {p.name for p in (tmp_path / "chats" / sid).iterdir()}
        assert all(n.endswith((".flac", ".json")) for n in names)
