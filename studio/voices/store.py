"""The record store that voices and presets share: one connection to the library's SQLite file,
its schema migrations, and sidecar-backed record tables with the crash safety described in
`studio.voices.library`. Below both, so neither imports the other to reach it."""

from __future__ import annotations

import builtins
import contextlib
import json
import re
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studio.library.index import (
    DB_NAME,
    LibraryError,
    LibraryProblem,
    backup_before_migration,
    open_index,
    sqlite_sentence,
    write_transaction,
)
from studio.library.storage import (
    StorageError,
    atomic_write_bytes,
    atomic_write_json,
    is_temp_file,
)

VOICES_DIR = "voices"
PRESETS_DIR = "presets"
AUDIO_SUFFIX = ".flac"
SIDECAR_SUFFIX = ".json"
TRASH_SUFFIX = ".deleted"
STAGED_SUFFIX = ".importing"  # files of an import, renamed into place only after its commit
VOICE_FORMAT = "step-audio-studio/voice"
PRESET_FORMAT = "step-audio-studio/preset"
# Ids are uuid4 hex when made here; imported ones keep theirs when they are this safe (a file name).
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_NAME_CHARS = 200


class VoiceNotFound(LibraryError, LookupError):
    pass


# --- records ----------------------------------------------------------------------------------


def json_safe(value: Any, where: str) -> Any:
    """A deep copy that holds only JSON types, or ValueError naming where it is not.

    Profiles travel in bundles to other people's machines; anything that is not plain JSON (an
    object, a NaN, bytes) could not be read back without code, so it is refused, never coerced.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where} is not plain JSON data ({exc})") from exc
    return json.loads(text)


# --- the shared store -------------------------------------------------------------------------


def _migrate_voices_1(conn: sqlite3.Connection) -> None:
    conn.execute("""CREATE TABLE voices (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, created REAL NOT NULL, search TEXT NOT NULL,
        record TEXT NOT NULL)""")


def _migrate_presets_1(conn: sqlite3.Connection) -> None:
    conn.execute("""CREATE TABLE presets (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, created REAL NOT NULL, search TEXT NOT NULL,
        record TEXT NOT NULL)""")


# component -> migrations (MIGRATIONS[i] goes from version i to i + 1; append, never edit).
MIGRATIONS: dict[str, list[Callable[[sqlite3.Connection], None]]] = {
    "voices": [_migrate_voices_1],
    "presets": [_migrate_presets_1],
}


class Store:
    """One SQLite connection to the shared library file, with the write transaction and the
    sidecar-backed record tables that voices and presets both use."""

    def __init__(self, root: Path, busy_timeout: float) -> None:
        self.root = root
        self.db_path = root / DB_NAME
        self.lock = threading.RLock()
        self.problems: list[LibraryProblem] = []
        self._busy_timeout = busy_timeout
        self.conn: sqlite3.Connection | None = self._open()

    def _open(self) -> sqlite3.Connection:
        def damaged(exc: sqlite3.Error, aside: Path) -> str:
            return (f"The library index was damaged ({exc}); it was moved to {aside.name} and the voices "
                    "and presets were rebuilt from their saved files.")

        return open_index(self.db_path, self.root, self._busy_timeout, self._migrate, "voices",
                          self.problems, "library", damaged)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version "
                     "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)")

        def version(component: str) -> int:
            row = conn.execute("SELECT version FROM schema_version WHERE component = ?",
                               (component,)).fetchone()
            return int(row[0]) if row else 0

        if all(version(c) == len(steps) for c, steps in MIGRATIONS.items()):
            return
        for component, steps in MIGRATIONS.items():
            if version(component) > len(steps):
                raise LibraryError(
                    f"The {component} in {self.root} were saved by a newer version of Step Audio "
                    f"Studio (schema {version(component)}, this version knows {len(steps)}). "
                    f"Update the app to open them.")
        if any(0 < version(c) < len(steps) for c, steps in MIGRATIONS.items()):  # an older version's
            backup_before_migration(conn, "-".join(f"{c}-v{len(s)}" for c, s in MIGRATIONS.items()))
        conn.execute("BEGIN IMMEDIATE")
        try:
            for component, steps in MIGRATIONS.items():
                for step in steps[version(component):]:  # re-read: another process may have migrated
                    step(conn)
                conn.execute("INSERT OR REPLACE INTO schema_version (component, version) VALUES (?, ?)",
                             (component, len(steps)))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A write transaction on the shared connection (see `studio.library.takes.write_transaction`)."""
        return write_transaction(self.lock, self.connection, lambda exc: sqlite_sentence(exc, self.root))

    def connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise LibraryError("The voice library is closed.")
        return self.conn

    def close(self) -> None:
        with self.lock:
            if self.conn is not None:
                self.conn.close()
                self.conn = None


def missing_sentence(record_id: str, what: str = "entry") -> str:
    return f"There is no {what} {record_id} in the library (it may have been deleted)."


def unlink_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


class RecordTable:
    """Records kept as `<dir>/<id>.json` sidecars (the real record) indexed in one SQLite table,
    optionally each with a `<id>.flac` beside it. Shared by voices and presets so both get the
    same crash safety from one implementation."""

    def __init__(self, store: Store, table: str, folder: Path, fmt: str, has_audio: bool,
                 search_text: Callable[[dict[str, Any]], str]) -> None:
        self.store = store
        self.table = table
        self.folder = folder
        self.fmt = fmt
        self.has_audio = has_audio
        self.search_text = search_text
        self.recovered: list[str] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError.from_os_error(exc, folder) from exc

    def sidecar(self, record_id: str) -> Path:
        return self.folder / f"{record_id}{SIDECAR_SUFFIX}"

    def audio(self, record_id: str) -> Path:
        return self.folder / f"{record_id}{AUDIO_SUFFIX}"

    def _sidecar_value(self, record: dict[str, Any]) -> dict[str, Any]:
        return {"format": self.fmt, "version": 1, **record}

    def read_sidecar(self, record_id: str) -> dict[str, Any] | None:
        try:
            value = json.loads(self.sidecar(record_id).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(value, dict) or value.get("format") != self.fmt:
            return None
        value.pop("format", None)
        value.pop("version", None)
        return value

    def row_values(self, record: dict[str, Any]) -> tuple[Any, ...]:
        return (record["id"], record["name"], float(record.get("created", 0.0)),
                self.search_text(record).casefold(), json.dumps(record, ensure_ascii=False))

    def insert(self, conn: sqlite3.Connection, record: dict[str, Any]) -> None:
        conn.execute(f"INSERT INTO {self.table} (id, name, created, search, record) VALUES (?, ?, ?, ?, ?)",
                     self.row_values(record))

    def add(self, record: dict[str, Any], audio_bytes: bytes | None = None,
            commit_hook: Callable[[sqlite3.Connection, dict[str, Any]], None] | None = None) -> None:
        """Sidecar, audio, row, in one transaction; on any failure nothing of it is left."""
        record_id = record["id"]
        try:
            with self.store.write() as conn:
                if conn.execute(f"SELECT 1 FROM {self.table} WHERE id = ?", (record_id,)).fetchone():
                    raise LibraryError(f"There is already an entry {record_id} in the library.")
                self.write_files(record, audio_bytes)
                (commit_hook or self.insert)(conn, record)
        except BaseException:
            self.remove_files(record_id)
            raise

    def write_files(self, record: dict[str, Any], audio_bytes: bytes | None, staged: bool = False) -> None:
        suffix = STAGED_SUFFIX if staged else ""
        sidecar = self.sidecar(record["id"])
        atomic_write_json(sidecar.with_name(sidecar.name + suffix), self._sidecar_value(record))
        if self.has_audio and audio_bytes is not None:
            audio = self.audio(record["id"])
            atomic_write_bytes(audio.with_name(audio.name + suffix), audio_bytes)

    def unstage(self, record_id: str) -> None:
        for path in (self.sidecar(record_id), self.audio(record_id)):
            staged = path.with_name(path.name + STAGED_SUFFIX)
            if staged.exists():
                staged.replace(path)

    def remove_files(self, record_id: str) -> None:
        for path in (self.sidecar(record_id), self.audio(record_id)):
            if path == self.audio(record_id) and not self.has_audio:
                continue
            unlink_quietly(path)
            unlink_quietly(path.with_name(path.name + STAGED_SUFFIX))

    def get(self, record_id: str) -> dict[str, Any] | None:
        with self.store.lock:
            row = self.store.connection().execute(
                f"SELECT record FROM {self.table} WHERE id = ?", (record_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def list(self, search: str | None) -> builtins.list[dict[str, Any]]:
        clauses, params = [], []
        for word in (search or "").split():
            clauses.append("instr(search, ?) > 0")
            params.append(word.casefold())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self.store.lock:
            rows = self.store.connection().execute(
                f"SELECT record FROM {self.table} {where} ORDER BY casefold(name), created, id",
                params).fetchall()
        return [json.loads(r[0]) for r in rows]

    def update(self, record_id: str, change: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
        """Sidecar first, then the row; a failure puts the old sidecar back."""
        with self.store.write() as conn:
            row = conn.execute(f"SELECT record FROM {self.table} WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                raise VoiceNotFound(missing_sentence(record_id))
            old = json.loads(row[0])
            new = change(dict(old))
            try:
                atomic_write_json(self.sidecar(record_id), self._sidecar_value(new))
                conn.execute(f"UPDATE {self.table} SET name = ?, created = ?, search = ?, record = ? "
                             "WHERE id = ?", (*self.row_values(new)[1:], record_id))
            except BaseException:
                with contextlib.suppress(OSError):
                    atomic_write_json(self.sidecar(record_id), self._sidecar_value(old))
                raise
        return new

    def delete(self, record_id: str) -> None:
        """Files renamed aside, row removal committed, files removed: all or nothing at any kill."""
        main = self.audio(record_id) if self.has_audio else self.sidecar(record_id)
        trash = main.with_name(main.name + TRASH_SUFFIX)
        try:
            with self.store.write() as conn:
                if conn.execute(f"SELECT 1 FROM {self.table} WHERE id = ?", (record_id,)).fetchone() is None:
                    raise VoiceNotFound(missing_sentence(record_id))
                if main.exists():
                    main.replace(trash)
                conn.execute(f"DELETE FROM {self.table} WHERE id = ?", (record_id,))
        except BaseException as exc:
            if trash.exists() and not main.exists():
                trash.replace(main)
            if isinstance(exc, OSError) and not isinstance(exc, StorageError):
                raise StorageError.from_os_error(exc, main) from exc
            raise
        unlink_quietly(trash)
        self.remove_files(record_id)

    def repair(self, conn: sqlite3.Connection, validate: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """See the module notes. Runs inside the caller's write transaction."""
        rows = {r[0]: json.loads(r[1]) for r in conn.execute(f"SELECT id, record FROM {self.table}")}
        names = {entry.name for entry in self.folder.iterdir()}
        main_suffix = AUDIO_SUFFIX if self.has_audio else SIDECAR_SUFFIX
        for name in sorted(names):
            path = self.folder / name
            if is_temp_file(path):
                unlink_quietly(path)
                continue
            if name.endswith(STAGED_SUFFIX):  # an import: finish it if it committed, else drop it
                final = name[: -len(STAGED_SUFFIX)]
                if final.partition(".")[0] in rows:
                    path.replace(self.folder / final)
                else:
                    unlink_quietly(path)
                continue
            if name.endswith(main_suffix + TRASH_SUFFIX):
                record_id = name[: -len(main_suffix + TRASH_SUFFIX)]
                if record_id in rows:  # the delete never committed: undo it
                    path.replace(self.folder / f"{record_id}{main_suffix}")
                else:
                    unlink_quietly(path)
                    self.remove_files(record_id)
        names = {entry.name for entry in self.folder.iterdir()}
        for record_id, record in rows.items():
            sidecar = self.read_sidecar(record_id)
            if sidecar is None:  # lost or unreadable: the row still knows everything
                with contextlib.suppress(OSError):
                    atomic_write_json(self.sidecar(record_id), self._sidecar_value(record))
            elif sidecar != record:  # an update died between its sidecar and its commit
                try:
                    fixed = validate(sidecar)
                except ValueError:
                    continue
                conn.execute(f"UPDATE {self.table} SET name = ?, created = ?, search = ?, record = ? "
                             "WHERE id = ?", (*self.row_values(fixed)[1:], record_id))
            if self.has_audio and f"{record_id}{AUDIO_SUFFIX}" not in names:
                self.store.problems.append(LibraryProblem(
                    f"The reference audio of “{record['name']}” is missing ({record_id}{AUDIO_SUFFIX}).",
                    path=self.audio(record_id)))
        for name in sorted(names):
            stem, _, suffix = name.partition(".")
            if stem in rows or not ID_PATTERN.match(stem) or "." + suffix != SIDECAR_SUFFIX:
                continue
            if self.has_audio and f"{stem}{AUDIO_SUFFIX}" not in names:
                unlink_quietly(self.folder / name)  # the add died before its audio: nothing to keep
                continue
            sidecar = self.read_sidecar(stem)
            try:
                if sidecar is None or sidecar.get("id") != stem:
                    raise ValueError("unreadable")
                record = validate(sidecar)
            except ValueError as exc:
                self.store.problems.append(LibraryProblem(
                    f"{name} in the library could not be read back ({exc}); it was left where it is.",
                    path=self.folder / name))
                continue
            self.insert(conn, record)
            self.recovered.append(stem)
        if self.has_audio:
            for name in sorted(names):
                stem, _, suffix = name.partition(".")
                if ("." + suffix == AUDIO_SUFFIX and ID_PATTERN.match(stem) and stem not in rows
                        and f"{stem}{SIDECAR_SUFFIX}" not in names):
                    self.store.problems.append(LibraryProblem(
                        f"{name} in the voice library has no record (name, consent) beside it; it was "
                        f"left where it is.", path=self.folder / name))
