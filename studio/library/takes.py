"""The take library: every take the user keeps, as FLAC files plus one SQLite index.

What this module guarantees is that nothing the user made is lost when the app is killed, the
disk fills up or two parts of the app (or the GUI and the CLI) add takes at the same time:

- An add writes, in this order, a JSON sidecar with everything about the take, the audio file,
  and only then the database row; each file atomically (studio.library.storage). The whole add runs
  inside a SQLite write transaction (`BEGIN IMMEDIATE`), which doubles as a cross-process lock:
  a second process opening the library cannot mistake a take that is being written for a
  leftover, and if the writer dies the OS releases the lock with it.
- On open, the library repairs itself: audio without a row (the process died before the commit)
  is adopted back as a "Recovered take" from its sidecar; temporary files are removed; a delete
  that was cut short is finished or undone; rows whose audio has gone are reported in `problems`
  and listed as not playable instead of failing later in the player.
- A delete first renames the audio aside, then commits the row's removal, then removes the files,
  so a kill at any point leaves either the whole take or nothing.
- A database file that SQLite cannot read at all is moved aside (never deleted) and the index is
  rebuilt from the sidecars, because the audio and sidecars are the real record.

The schema is versioned per component in a `schema_version` table (rather than the single
`PRAGMA user_version`) because voices, presets and chat sessions are meant to share this database
file, each migrating its own tables.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import soundfile as sf

from backends.audio import Audio, AudioLoadError, load_audio
from backends.tags import parse
from backends.text import display_width
from studio.library.index import (
    DB_NAME,
    LibraryError,
    LibraryProblem,
    connect_index,
    migrate_component,
    open_index,
    sqlite_sentence,
    write_transaction,
)
from studio.library.storage import (
    StorageError,
    atomic_write_bytes,
    atomic_write_json,
    encode_audio,
    is_temp_file,
    json_default,
)

TAKES_DIR = "takes"
AUDIO_SUFFIX = ".flac"
SIDECAR_SUFFIX = ".json"
TRASH_SUFFIX = ".flac.deleted"
SIDECAR_FORMAT = "step-audio-studio/take"
RECOVERED_TITLE = "Recovered take"
UNTITLED = "Untitled take"

SCHEMA_COMPONENT = "takes"
_ID = re.compile(r"^[0-9a-f]{32}$")


class TakeNotFound(LibraryError, LookupError):
    pass


@dataclass(frozen=True)
class Take:
    id: str  # uuid4 hex
    title: str
    text: str  # tagged source text, as the user wrote it
    engine_id: str
    voice_id: str
    created: float  # seconds since the epoch
    duration: float  # seconds
    sample_rate: int
    favourite: bool
    metadata: dict[str, Any]  # the engine's Finished metadata plus studio notes; enough to reproduce
    audio_path: Path
    playable: bool = True  # False when the audio file has gone missing (see TakeLibrary.problems)


def default_title(text: str, max_width: int = 40, max_words: int = 6) -> str:
    """The first words the take actually speaks (tags removed), short enough for a list row.

    CJK text has no spaces, so a first "word" wider than the row is cut by characters.
    """
    spoken = re.sub(r"\s+([,.;:!?，。！？、；：])", r"\1", parse(text).spoken_text)  # where a tag was
    words = spoken.split()
    if not words:
        return UNTITLED
    title = ""
    for count, word in enumerate(words):
        candidate = f"{title} {word}".strip()
        if count >= max_words or display_width(candidate) > max_width:
            if title:
                # "night." + "…" would read "night.…": the ellipsis replaces the sentence's end.
                return title.rstrip(",.;:!?，。！？、；：") + "…"
            cut = ""
            for ch in word:
                if display_width(cut + ch) > max_width:
                    break
                cut += ch
            return cut + "…"
        title = candidate
    return title


def _plain_json(value: Mapping[str, Any] | None) -> dict[str, Any]:
    """A JSON-safe deep copy, so what we return is what a reopen will read back."""
    return json.loads(json.dumps(dict(value or {}), default=json_default, ensure_ascii=False))


# --- schema ---------------------------------------------------------------------------------------

def _migrate_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE takes (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            engine_id TEXT NOT NULL,
            voice_id TEXT NOT NULL,
            created REAL NOT NULL,
            duration REAL NOT NULL,
            sample_rate INTEGER NOT NULL,
            favourite INTEGER NOT NULL DEFAULT 0,
            metadata TEXT NOT NULL DEFAULT '{}',
            audio_file TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX takes_by_created ON takes (created DESC)")


# MIGRATIONS[i] takes the schema from version i to i + 1. Append, never edit a released step.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_1]
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = ("id, title, text, engine_id, voice_id, created, duration, sample_rate, favourite, "
            "metadata, audio_file")


class TakeLibrary:
    """The user's takes under `root` (normally `studio.paths.data_dir()`). Thread-safe.

    One SQLite connection shared behind a lock: writes are tiny next to synthesis, and a single
    connection keeps SQLite's own locking simple. Encoding the FLAC happens outside the lock.
    """

    def __init__(self, root: str | Path, *, busy_timeout: float = 30.0) -> None:
        self.root = Path(root)
        self.takes_dir = self.root / TAKES_DIR
        self.db_path = self.root / DB_NAME
        self.problems: list[LibraryProblem] = []
        self.recovered: list[Take] = []
        self._lock = threading.RLock()
        self._busy_timeout = busy_timeout
        try:
            self.takes_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError.from_os_error(exc, self.takes_dir) from exc
        self._conn: sqlite3.Connection | None = self._open()
        try:
            self._repair()
        except BaseException:
            self.close()
            raise

    # --- opening ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        return connect_index(self.db_path, self._busy_timeout, self._migrate, "takes")

    def _open(self) -> sqlite3.Connection:
        def damaged(exc: sqlite3.Error, aside: Path) -> str:
            return (f"The take index was damaged ({exc}); it was moved to {aside.name} and rebuilt from "
                    "the saved takes. Titles and favourites may need setting again.")

        return open_index(self.db_path, self.root, self._busy_timeout, self._migrate, "takes",
                          self.problems, "take library", damaged)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        migrate_component(conn, SCHEMA_COMPONENT, MIGRATIONS,
                          f"The take library in {self.root} was made by a newer version of Step Audio "
                          "Studio (schema {version}, this version knows {known}). Update the app to open it.")

    def _sqlite_sentence(self, exc: sqlite3.Error) -> str:
        return sqlite_sentence(exc, self.root, "take library")

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self._lock, self._connection, self._sqlite_sentence)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LibraryError("The take library is closed.")
        return self._conn

    # --- repair -------------------------------------------------------------------------------

    def _repair(self) -> None:
        with self._write() as conn:
            rows = {r[0]: r for r in conn.execute(f"SELECT {_COLUMNS} FROM takes")}
            names = {entry.name for entry in self.takes_dir.iterdir()}
            for name in sorted(names):
                path = self.takes_dir / name
                if is_temp_file(path):
                    self._unlink(path)
                elif name.endswith(TRASH_SUFFIX) and _ID.match(name[: -len(TRASH_SUFFIX)]):
                    take_id = name[: -len(TRASH_SUFFIX)]
                    if take_id in rows:  # the delete never committed: the take is still wanted
                        path.replace(self.takes_dir / f"{take_id}{AUDIO_SUFFIX}")
                        names.add(f"{take_id}{AUDIO_SUFFIX}")
                    else:
                        self._unlink(path)
                        self._unlink(self.takes_dir / f"{take_id}{SIDECAR_SUFFIX}")
            for take_id, row in rows.items():
                if row[10] not in names:
                    self.problems.append(LibraryProblem(
                        f"The audio of “{row[1]}” is missing ({row[10]}); the take cannot be played.",
                        take_id=take_id, path=self.takes_dir / row[10]))
            for name in sorted(names):
                stem, _, suffix = name.partition(".")
                if not _ID.match(stem) or stem in rows:
                    continue
                if "." + suffix == AUDIO_SUFFIX:
                    recovered = self._adopt(conn, stem)
                    if recovered is not None:
                        self.recovered.append(recovered)
                elif "." + suffix == SIDECAR_SUFFIX and f"{stem}{AUDIO_SUFFIX}" not in names:
                    # The add died before its audio landed: there is nothing to recover.
                    self._unlink(self.takes_dir / name)

    def _adopt(self, conn: sqlite3.Connection, take_id: str) -> Take | None:
        audio_path = self.takes_dir / f"{take_id}{AUDIO_SUFFIX}"
        try:
            info = sf.info(str(audio_path))
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            self.problems.append(LibraryProblem(
                f"{audio_path.name} in the take library is not readable audio ({exc}); it was left "
                f"where it is.", path=audio_path))
            return None
        sidecar = self._read_sidecar(take_id)
        metadata = sidecar.get("metadata")
        metadata = dict(metadata) if isinstance(metadata, dict) else {}
        metadata["recovered_at"] = time.time()
        if isinstance(sidecar.get("title"), str):
            metadata["original_title"] = sidecar["title"]
        created = sidecar.get("created")
        take = Take(
            id=take_id,
            title=RECOVERED_TITLE,
            text=str(sidecar.get("text", "")),
            engine_id=str(sidecar.get("engine_id", "")),
            voice_id=str(sidecar.get("voice_id", "")),
            created=float(created) if isinstance(created, (int, float)) else audio_path.stat().st_mtime,
            duration=float(info.frames) / info.samplerate if info.samplerate else 0.0,
            sample_rate=int(info.samplerate),
            favourite=False,
            metadata=_plain_json(metadata),
            audio_path=audio_path,
        )
        self._insert(conn, take)
        return take

    def _read_sidecar(self, take_id: str) -> dict[str, Any]:
        try:
            value = json.loads((self.takes_dir / f"{take_id}{SIDECAR_SUFFIX}").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    @staticmethod
    def _unlink(path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    # --- rows ---------------------------------------------------------------------------------

    @staticmethod
    def _insert(conn: sqlite3.Connection, take: Take) -> None:
        conn.execute(
            f"INSERT INTO takes ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (take.id, take.title, take.text, take.engine_id, take.voice_id, take.created, take.duration,
             take.sample_rate, int(take.favourite), json.dumps(take.metadata, ensure_ascii=False),
             take.audio_path.name),
        )

    def _take(self, row: tuple[Any, ...], present: set[str] | None = None) -> Take:
        audio_path = self.takes_dir / row[10]
        playable = row[10] in present if present is not None else audio_path.exists()
        try:
            metadata = json.loads(row[9])
        except ValueError:
            metadata = {}
        return Take(id=row[0], title=row[1], text=row[2], engine_id=row[3], voice_id=row[4],
                    created=float(row[5]), duration=float(row[6]), sample_rate=int(row[7]),
                    favourite=bool(row[8]), metadata=metadata if isinstance(metadata, dict) else {},
                    audio_path=audio_path, playable=playable)

    # --- public API ---------------------------------------------------------------------------

    def add(self, audio: Audio, *, text: str, engine_id: str, voice_id: str,
            metadata: Mapping[str, Any] | None = None, title: str | None = None) -> Take:
        """Keep a take. Returns it once it is durable on disk and in the index.

        Raises ValueError for empty audio, StorageError (disk full, read-only) or LibraryError;
        after any failure no file of this take is left behind.
        """
        if len(audio.samples) == 0:
            raise ValueError("an empty take cannot be saved")
        # 24-bit: takes are edited again later, so do not throw away resolution at each save.
        flac = encode_audio(audio, "flac", subtype="PCM_24")
        take_id = uuid.uuid4().hex
        take = Take(
            id=take_id,
            title=(title or "").strip() or default_title(text),
            text=text,
            engine_id=engine_id,
            voice_id=voice_id or "",
            created=time.time(),
            duration=audio.duration,
            sample_rate=audio.sample_rate,
            favourite=False,
            metadata=_plain_json(metadata),
            audio_path=self.takes_dir / f"{take_id}{AUDIO_SUFFIX}",
        )
        sidecar = self.takes_dir / f"{take.id}{SIDECAR_SUFFIX}"
        try:
            with self._write() as conn:
                atomic_write_json(sidecar, {
                    "format": SIDECAR_FORMAT, "version": 1, "id": take.id, "title": take.title,
                    "text": take.text, "engine_id": take.engine_id, "voice_id": take.voice_id,
                    "created": take.created, "duration": take.duration,
                    "sample_rate": take.sample_rate, "metadata": take.metadata,
                })
                atomic_write_bytes(take.audio_path, flac)
                self._insert_row(conn, take)
        except BaseException:
            self._unlink(take.audio_path)
            self._unlink(sidecar)
            raise
        return take

    def _insert_row(self, conn: sqlite3.Connection, take: Take) -> None:
        """The commit point of an add (a separate method so tests can kill a process right here)."""
        self._insert(conn, take)

    def list(self, search: str | None = None, favourites_only: bool = False) -> builtins.list[Take]:
        """Takes newest first. `search`: every word must appear in the title or the text,
        case-insensitively (casefold, so it works beyond ASCII)."""
        clauses: builtins.list[str] = []
        params: builtins.list[Any] = []
        for word in (search or "").split():
            clauses.append("instr(casefold(title || char(10) || text), ?) > 0")
            params.append(word.casefold())
        if favourites_only:
            clauses.append("favourite = 1")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._lock:
            rows = self._connection().execute(
                f"SELECT {_COLUMNS} FROM takes {where} ORDER BY created DESC, rowid DESC", params
            ).fetchall()
        try:
            present = {entry.name for entry in self.takes_dir.iterdir()}
        except OSError:
            present = set()
        return [self._take(row, present) for row in rows]

    def count(self) -> int:
        with self._lock:
            return int(self._connection().execute("SELECT count(*) FROM takes").fetchone()[0])

    def get(self, take_id: str) -> Take:
        with self._lock:
            row = self._connection().execute(f"SELECT {_COLUMNS} FROM takes WHERE id = ?",
                                             (take_id,)).fetchone()
        if row is None:
            raise TakeNotFound(f"There is no take {take_id} in the library (it may have been deleted).")
        return self._take(row)

    def load_audio(self, take_id: str) -> Audio:
        take = self.get(take_id)
        if not take.audio_path.exists():
            raise LibraryError(f"The audio of “{take.title}” is missing ({take.audio_path}).")
        try:
            return load_audio(take.audio_path)
        except AudioLoadError as exc:
            raise LibraryError(f"The audio of “{take.title}” cannot be read: {exc}") from exc

    def _update(self, take_id: str, column: str, value: Any) -> Take:
        with self._write() as conn:
            cursor = conn.execute(f"UPDATE takes SET {column} = ? WHERE id = ?", (value, take_id))
            if cursor.rowcount == 0:
                raise TakeNotFound(f"There is no take {take_id} in the library (it may have been deleted).")
        return self.get(take_id)

    def rename(self, take_id: str, title: str) -> Take:
        title = " ".join(title.split())
        if not title:
            raise ValueError("a take needs a title")
        return self._update(take_id, "title", title)

    def set_favourite(self, take_id: str, favourite: bool) -> Take:
        return self._update(take_id, "favourite", int(bool(favourite)))

    def delete(self, take_id: str) -> None:
        """Remove the take and its files; see the module notes for why in this order."""
        take = self.get(take_id)
        trash = self.takes_dir / f"{take_id}{TRASH_SUFFIX}"
        try:
            with self._write() as conn:
                if take.audio_path.exists():
                    take.audio_path.replace(trash)
                conn.execute("DELETE FROM takes WHERE id = ?", (take_id,))
        except BaseException as exc:
            if trash.exists() and not take.audio_path.exists():
                trash.replace(take.audio_path)
            if isinstance(exc, OSError) and not isinstance(exc, StorageError):
                raise StorageError.from_os_error(exc, take.audio_path) from exc
            raise
        self._unlink(trash)
        self._unlink(self.takes_dir / f"{take_id}{SIDECAR_SUFFIX}")
        self.problems = [p for p in self.problems if p.take_id != take_id]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> TakeLibrary:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
