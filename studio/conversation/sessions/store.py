"""The conversation library: folders of turn files plus rows in the shared SQLite index, written
turn by turn, repaired on open and deleted all-or-nothing (see the package docstring)."""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import re
import shutil
import sqlite3
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import soundfile as sf

from backends.audio import Audio, AudioLoadError, load_audio
from studio.conversation.sessions.records import (
    AUDIO_SUFFIX,
    CHATS_DIR,
    DELETED_SUFFIX,
    MAX_GAP_S,
    ROLES,
    SCHEMA_COMPONENT,
    SESSION_FILE,
    SESSION_FORMAT,
    TURN_FORMAT,
    ChatSession,
    ChatTurn,
    ReplayClip,
    SessionNotFound,
)
from studio.conversation.sessions.transcript import mix_clips, transcript_json, transcript_markdown
from studio.library.index import (
    DB_NAME,
    LibraryError,
    LibraryProblem,
    migrate_component,
    open_index,
    sqlite_sentence,
    write_transaction,
)
from studio.library.storage import (
    StorageError,
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_text,
    encode_audio,
    is_temp_file,
    json_default,
)
from studio.library.takes import (
    default_title,
)

_ID = re.compile(r"^[0-9a-f]{32}$")
_TURN_FILE = re.compile(r"^(\d{4,})-(user|assistant|tool|system)\.(json|flac)$")


def _plain_json(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return json.loads(json.dumps(dict(value or {}), default=json_default, ensure_ascii=False))


def _migrate_1(conn: sqlite3.Connection) -> None:
    conn.execute("""CREATE TABLE chat_sessions (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, created REAL NOT NULL, record TEXT NOT NULL)""")
    conn.execute("""CREATE TABLE chat_turns (
        id TEXT PRIMARY KEY, session_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
        text TEXT NOT NULL, started REAL NOT NULL, ended REAL NOT NULL, audio_file TEXT,
        duration REAL NOT NULL DEFAULT 0, sample_rate INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL,
        UNIQUE (session_id, seq))""")
    conn.execute("CREATE INDEX chat_turns_by_session ON chat_turns (session_id, seq)")


# MIGRATIONS[i] takes the schema from version i to i + 1. Append, never edit a released step.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1]
SCHEMA_VERSION = len(MIGRATIONS)

_SESSION_COLUMNS = "id, title, created, record"
_TURN_COLUMNS = ("id, session_id, seq, role, text, started, ended, audio_file, duration, sample_rate, "
                 "record")


class ChatSessionStore:
    """The user's saved conversations under `root` (normally `studio.paths.data_dir()`). Thread-safe."""

    def __init__(self, root: str | Path, *, busy_timeout: float = 30.0) -> None:
        self.root = Path(root)
        self.chats_dir = self.root / CHATS_DIR
        self.db_path = self.root / DB_NAME
        self.problems: list[LibraryProblem] = []
        self.recovered_turns = 0
        self._lock = threading.RLock()
        self._busy_timeout = busy_timeout
        try:
            self.chats_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError.from_os_error(exc, self.chats_dir) from exc

        def damaged(exc: sqlite3.Error, aside: Path) -> str:
            return (f"The library index was damaged ({exc}); it was moved to {aside.name} and the saved "
                    "conversations were rebuilt from their files.")

        self._conn: sqlite3.Connection | None = open_index(
            self.db_path, self.root, busy_timeout, self._migrate, "chat_sessions", self.problems,
            "conversation library", damaged)
        try:
            self._repair()
        except BaseException:
            self.close()
            raise

    # --- schema and transactions --------------------------------------------------------------

    def _migrate(self, conn: sqlite3.Connection) -> None:
        migrate_component(conn, SCHEMA_COMPONENT, MIGRATIONS,
                          f"The saved conversations in {self.root} were made by a newer version of Step "
                          "Audio Studio (schema {version}, this version knows {known}). Update the app to "
                          "open them.")

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LibraryError("The conversation library is closed.")
        return self._conn

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self._lock, self._connection,
                                 lambda exc: sqlite_sentence(exc, self.root, "conversation library"))

    # --- repair -------------------------------------------------------------------------------

    def _repair(self) -> None:
        with self._write() as conn:
            sessions = {r[0] for r in conn.execute("SELECT id FROM chat_sessions")}
            for entry in sorted(self.chats_dir.iterdir()):
                name = entry.name
                if is_temp_file(entry):
                    _unlink(entry)
                elif name.endswith(DELETED_SUFFIX) and _ID.match(name[: -len(DELETED_SUFFIX)]):
                    session_id = name[: -len(DELETED_SUFFIX)]
                    if session_id in sessions:  # the delete never committed
                        entry.replace(self.chats_dir / session_id)
                        self._repair_session(conn, self.chats_dir / session_id)
                    else:
                        shutil.rmtree(entry, ignore_errors=True)
                elif entry.is_dir() and _ID.match(name):
                    if name not in sessions and not self._adopt_session(conn, entry):
                        continue
                    self._repair_session(conn, entry)
            for session_id in sessions:
                if not (self.chats_dir / session_id).is_dir():
                    title = conn.execute("SELECT title FROM chat_sessions WHERE id = ?",
                                         (session_id,)).fetchone()[0]
                    self.problems.append(LibraryProblem(
                        f"The files of the conversation “{title or session_id}” are missing; it cannot "
                        "be replayed.", path=self.chats_dir / session_id))

    def _adopt_session(self, conn: sqlite3.Connection, folder: Path) -> bool:
        sidecar = _read_json(folder / SESSION_FILE)
        if sidecar is None:
            if not any(_TURN_FILE.match(p.name) for p in folder.iterdir()):
                shutil.rmtree(folder, ignore_errors=True)  # create() died before anything was kept
                return False
            sidecar = {"created": folder.stat().st_mtime}
        created = sidecar.get("created")
        record = {k: sidecar.get(k) for k in ("persona_id", "persona_name", "voice_id", "engine_id", "model")}
        record["metadata"] = sidecar.get("metadata") if isinstance(sidecar.get("metadata"), dict) else {}
        conn.execute(f"INSERT INTO chat_sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?)",
                     (folder.name, str(sidecar.get("title") or ""),
                      float(created) if isinstance(created, (int, float)) else folder.stat().st_mtime,
                      json.dumps(_plain_json(record), ensure_ascii=False)))
        return True

    def _repair_session(self, conn: sqlite3.Connection, folder: Path) -> None:
        session_id = folder.name
        known = {int(r[0]) for r in conn.execute("SELECT seq FROM chat_turns WHERE session_id = ?",
                                                  (session_id,))}
        files: dict[int, dict[str, Path]] = {}
        for path in folder.iterdir():
            if is_temp_file(path):
                _unlink(path)
                continue
            match = _TURN_FILE.match(path.name)
            if match:
                files.setdefault(int(match.group(1)), {})[match.group(3)] = path
        for seq in sorted(set(files) - known):
            found = files[seq]
            audio = found.get("flac")
            sidecar = _read_json(found["json"]) if "json" in found else None
            if sidecar is None and audio is None:
                continue
            role = _TURN_FILE.match((audio or found["json"]).name).group(2)  # type: ignore[union-attr]
            turn = self._turn_from_sidecar(session_id, seq, role, sidecar or {}, audio, folder)
            if turn is None:
                continue
            if sidecar is None:
                turn.metadata["recovered"] = "the turn's text was not saved before the app stopped"
            self._insert_turn(conn, turn)
            self.recovered_turns += 1

    def _turn_from_sidecar(self, session_id: str, seq: int, role: str, sidecar: dict[str, Any],
                           audio: Path | None, folder: Path) -> ChatTurn | None:
        duration, rate = 0.0, 0
        if audio is not None:
            try:
                info = sf.info(str(audio))
                duration, rate = float(info.frames) / info.samplerate, int(info.samplerate)
            except (sf.LibsndfileError, RuntimeError, OSError) as exc:
                self.problems.append(LibraryProblem(
                    f"{audio.name} in a saved conversation is not readable audio ({exc}); it was left "
                    "where it is.", path=audio))
                audio = None
        stamp = audio.stat().st_mtime if audio is not None else folder.stat().st_mtime
        started = sidecar.get("started")
        ended = sidecar.get("ended")
        return ChatTurn(
            id=str(sidecar.get("id") or uuid.uuid4().hex), session_id=session_id, seq=seq, role=role,
            text=str(sidecar.get("text", "")),
            started=float(started) if isinstance(started, (int, float)) else stamp - duration,
            ended=float(ended) if isinstance(ended, (int, float)) else stamp,
            latency=dict(sidecar.get("latency") or {}), metadata=dict(sidecar.get("metadata") or {}),
            audio_path=audio, duration=duration, sample_rate=rate, playable=audio is not None)

    # --- rows ---------------------------------------------------------------------------------

    @staticmethod
    def _insert_turn(conn: sqlite3.Connection, turn: ChatTurn) -> None:
        record = {"latency": turn.latency, "metadata": turn.metadata}
        conn.execute(
            f"INSERT INTO chat_turns ({_TURN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (turn.id, turn.session_id, turn.seq, turn.role, turn.text, turn.started, turn.ended,
             turn.audio_path.name if turn.audio_path is not None else None, turn.duration,
             turn.sample_rate, json.dumps(_plain_json(record), ensure_ascii=False)))

    def _session(self, row: tuple[Any, ...], count: int, updated: float | None) -> ChatSession:
        record = _loads(row[3])
        return ChatSession(
            id=row[0], title=row[1], created=float(row[2]), updated=float(updated or row[2]),
            persona_id=record.get("persona_id"), persona_name=record.get("persona_name"),
            voice_id=record.get("voice_id"), engine_id=record.get("engine_id"), model=record.get("model"),
            turn_count=count, metadata=record.get("metadata") or {})

    def _turn(self, row: tuple[Any, ...]) -> ChatTurn:
        record = _loads(row[10])
        audio = self.chats_dir / row[1] / row[7] if row[7] else None
        return ChatTurn(id=row[0], session_id=row[1], seq=int(row[2]), role=row[3], text=row[4],
                        started=float(row[5]), ended=float(row[6]), latency=record.get("latency") or {},
                        metadata=record.get("metadata") or {}, audio_path=audio, duration=float(row[8]),
                        sample_rate=int(row[9]), playable=audio is not None and audio.exists())

    def _write_session_file(self, session: ChatSession) -> None:
        atomic_write_json(self.chats_dir / session.id / SESSION_FILE, {
            "format": SESSION_FORMAT, "version": 1, "id": session.id, "title": session.title,
            "created": session.created, "persona_id": session.persona_id,
            "persona_name": session.persona_name, "voice_id": session.voice_id,
            "engine_id": session.engine_id, "model": session.model, "metadata": session.metadata,
        })

    # --- public API ---------------------------------------------------------------------------

    def create(self, *, title: str = "", persona_id: str | None = None, persona_name: str | None = None,
               voice_id: str | None = None, engine_id: str | None = None, model: str | None = None,
               metadata: Mapping[str, Any] | None = None) -> ChatSession:
        """Start a saved conversation; its folder and row exist when this returns."""
        now = time.time()
        session = ChatSession(id=uuid.uuid4().hex, title=" ".join(title.split()), created=now, updated=now,
                              persona_id=persona_id, persona_name=persona_name, voice_id=voice_id,
                              engine_id=engine_id, model=model, metadata=_plain_json(metadata))
        folder = self.chats_dir / session.id
        record = {"persona_id": persona_id, "persona_name": persona_name, "voice_id": voice_id,
                  "engine_id": engine_id, "model": model, "metadata": session.metadata}
        try:
            with self._write() as conn:
                folder.mkdir()
                self._write_session_file(session)
                conn.execute(f"INSERT INTO chat_sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?)",
                             (session.id, session.title, session.created,
                              json.dumps(_plain_json(record), ensure_ascii=False)))
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise StorageError.from_os_error(exc, folder) from exc
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return session

    def add_turn(self, session_id: str, role: str, text: str, *, audio: Audio | None = None,
                 started: float | None = None, ended: float | None = None,
                 latency: Mapping[str, float | None] | None = None,
                 metadata: Mapping[str, Any] | None = None) -> ChatTurn:
        """Keep one completed turn (call it as each turn ends). Durable when this returns.

        The first user turn with text names an untitled session. Raises ValueError for an unknown
        role, SessionNotFound, StorageError or LibraryError; after a failure no file of the turn is
        left behind.
        """
        if role not in ROLES:
            raise ValueError(f"unknown chat role '{role}' (known: {', '.join(ROLES)})")
        if audio is not None and len(audio.samples) == 0:
            audio = None
        flac = encode_audio(audio, "flac", subtype="PCM_16") if audio is not None else None
        now = time.time()
        ended = float(ended if ended is not None else now)
        duration = audio.duration if audio is not None else 0.0
        started = float(started if started is not None else ended - duration)
        folder = self.chats_dir / session_id
        written: list[Path] = []
        try:
            with self._write() as conn:
                row = conn.execute("SELECT title FROM chat_sessions WHERE id = ?", (session_id,)).fetchone()
                if row is None:
                    raise SessionNotFound(f"There is no saved conversation {session_id} (it may have been "
                                          "deleted).")
                seq = int(conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM chat_turns WHERE "
                                       "session_id = ?", (session_id,)).fetchone()[0])
                stem = f"{seq:04d}-{role}"
                audio_path = folder / f"{stem}{AUDIO_SUFFIX}" if flac is not None else None
                turn = ChatTurn(id=uuid.uuid4().hex, session_id=session_id, seq=seq, role=role, text=text,
                                started=started, ended=ended, latency=_plain_json(latency),
                                metadata=_plain_json(metadata), audio_path=audio_path, duration=duration,
                                sample_rate=audio.sample_rate if audio is not None else 0,
                                playable=audio_path is not None)
                if audio_path is not None and flac is not None:
                    written.append(audio_path)
                    atomic_write_bytes(audio_path, flac)
                written.append(folder / f"{stem}.json")
                atomic_write_json(folder / f"{stem}.json", {
                    "format": TURN_FORMAT, "version": 1, "id": turn.id, "role": role, "text": text,
                    "started": started, "ended": ended, "latency": turn.latency, "metadata": turn.metadata,
                    "audio": audio_path.name if audio_path is not None else None,
                })
                self._insert_turn(conn, turn)
                if not row[0] and role == "user" and text.strip():
                    title = default_title(text)
                    conn.execute("UPDATE chat_sessions SET title = ? WHERE id = ?", (title, session_id))
                    self._write_session_file(self._get(conn, session_id))
        except BaseException:
            for path in written:
                _unlink(path)
            raise
        return turn

    def _get(self, conn: sqlite3.Connection, session_id: str) -> ChatSession:
        row = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM chat_sessions WHERE id = ?",
                           (session_id,)).fetchone()
        if row is None:
            raise SessionNotFound(f"There is no saved conversation {session_id} (it may have been deleted).")
        count, updated = conn.execute("SELECT count(*), max(ended) FROM chat_turns WHERE session_id = ?",
                                      (session_id,)).fetchone()
        return self._session(row, int(count), updated)

    def get(self, session_id: str) -> ChatSession:
        with self._lock:
            return self._get(self._connection(), session_id)

    def list(self, search: str | None = None) -> builtins.list[ChatSession]:
        """Conversations, most recently active first. `search`: every word must appear in the title
        or in some turn's text (case-insensitively)."""
        clauses: builtins.list[str] = []
        params: builtins.list[Any] = []
        for word in (search or "").split():
            clauses.append("(instr(casefold(s.title), ?) > 0 OR EXISTS (SELECT 1 FROM chat_turns w WHERE "
                           "w.session_id = s.id AND instr(casefold(w.text), ?) > 0))")
            params += [word.casefold(), word.casefold()]
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._lock:
            rows = self._connection().execute(
                f"SELECT s.id, s.title, s.created, s.record, count(t.id), max(t.ended) FROM chat_sessions s "
                f"LEFT JOIN chat_turns t ON t.session_id = s.id {where} GROUP BY s.id "
                f"ORDER BY coalesce(max(t.ended), s.created) DESC, s.rowid DESC", params).fetchall()
        return [self._session(r[:4], int(r[4]), r[5]) for r in rows]

    def turns(self, session_id: str) -> builtins.list[ChatTurn]:
        with self._lock:
            self._get(self._connection(), session_id)
            rows = self._connection().execute(
                f"SELECT {_TURN_COLUMNS} FROM chat_turns WHERE session_id = ? ORDER BY seq",
                (session_id,)).fetchall()
        return [self._turn(r) for r in rows]

    def rename(self, session_id: str, title: str) -> ChatSession:
        title = " ".join(title.split())
        if not title:
            raise ValueError("a conversation needs a title")
        with self._write() as conn:
            if conn.execute("UPDATE chat_sessions SET title = ? WHERE id = ?",
                            (title, session_id)).rowcount == 0:
                raise SessionNotFound(f"There is no saved conversation {session_id} (it may have been "
                                      "deleted).")
            self._write_session_file(self._get(conn, session_id))
        return self.get(session_id)

    def delete(self, session_id: str) -> None:
        """Remove the conversation and its files; a kill at any point leaves all of it or none."""
        self.get(session_id)
        folder = self.chats_dir / session_id
        trash = self.chats_dir / f"{session_id}{DELETED_SUFFIX}"
        try:
            with self._write() as conn:
                if folder.exists():
                    folder.replace(trash)
                conn.execute("DELETE FROM chat_turns WHERE session_id = ?", (session_id,))
                conn.execute("DELETE FROM chat_sessions WHERE id = ?", (session_id,))
        except BaseException as exc:
            if trash.exists() and not folder.exists():
                trash.replace(folder)
            if isinstance(exc, OSError) and not isinstance(exc, StorageError):
                raise StorageError.from_os_error(exc, folder) from exc
            raise
        shutil.rmtree(trash, ignore_errors=True)

    def load_turn_audio(self, turn: ChatTurn) -> Audio:
        if turn.audio_path is None:
            raise LibraryError("This turn has no audio (it was typed).")
        try:
            return load_audio(turn.audio_path)
        except AudioLoadError as exc:
            raise LibraryError(f"The audio of a turn cannot be read: {exc}") from exc

    def replay_clips(self, session_id: str, *, max_gap: float = MAX_GAP_S) -> builtins.list[ReplayClip]:
        """The conversation's audio in order, each clip placed where it happened (overlaps kept,
        silences longer than `max_gap` shortened). Unreadable clips are skipped (see `problems`)."""
        clips: builtins.list[ReplayClip] = []
        shift = 0.0
        origin: float | None = None
        reached = None  # the latest end so far, in real time
        for turn in self.turns(session_id):
            if not turn.playable:
                continue
            try:
                audio = self.load_turn_audio(turn)
            except LibraryError as exc:
                self.problems.append(LibraryProblem(str(exc), path=turn.audio_path))
                continue
            start = turn.started
            if origin is None:
                origin = reached = start
            assert reached is not None
            if start - reached > max_gap:
                shift += start - reached - max_gap
            clips.append(ReplayClip(turn, audio, max(0.0, start - origin - shift)))
            reached = max(reached, start + audio.duration)
        return clips

    def mixdown(self, session_id: str, *, max_gap: float = MAX_GAP_S) -> Audio | None:
        """One clip of the whole conversation (None when it has no audio), at the highest rate used."""
        clips = self.replay_clips(session_id, max_gap=max_gap)
        return mix_clips(clips)

    def export(self, session_id: str, path: str | Path, *, audio_format: str | None = "flac",
               max_gap: float = MAX_GAP_S) -> builtins.list[Path]:
        """Export to `path`, chosen by its suffix:

        - `.md` or `.json`: that transcript, plus the mixed conversation beside it (same name,
          `audio_format` suffix) unless `audio_format` is None or there is no audio;
        - `.zip`: transcript.md, transcript.json, the mix and every turn's own clip.

        Returns the files written (each atomically).
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".md", ".json", ".zip"):
            raise ValueError("export to a .md, .json or .zip file")
        session = self.get(session_id)
        turns = self.turns(session_id)
        mix = self.mixdown(session_id, max_gap=max_gap)
        fmt = (audio_format or "flac").lower()
        if suffix == ".zip":
            buffer = io.BytesIO()
            clip_names = {t.id: f"clips/{t.audio_path.name}" for t in turns
                          if t.playable and t.audio_path is not None}
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("transcript.md", transcript_markdown(session, turns))
                archive.writestr("transcript.json", json.dumps(
                    transcript_json(session, turns, clip_names), ensure_ascii=False, indent=2) + "\n")
                if mix is not None:
                    archive.writestr(f"conversation.{fmt}", encode_audio(mix, fmt))
                for turn in turns:
                    if turn.id in clip_names and turn.audio_path is not None:
                        with contextlib.suppress(OSError):
                            archive.write(turn.audio_path, clip_names[turn.id], zipfile.ZIP_STORED)
            return [atomic_write_bytes(path, buffer.getvalue())]
        written: builtins.list[Path] = []
        if suffix == ".md":
            written.append(atomic_write_text(path, transcript_markdown(session, turns)))
        else:
            written.append(atomic_write_json(path, transcript_json(session, turns, {})))
        if audio_format is not None and mix is not None:
            written.append(atomic_write_bytes(path.with_suffix(f".{fmt}"), encode_audio(mix, fmt)))
        return written

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> ChatSessionStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        path.unlink()
