"""The SQLite index every part of the library shares (`library.sqlite3`: takes, voices, presets, chat
sessions, edit projects): opening it in WAL mode, per-component schema versions and their migrations
(with a copy of the index kept before an upgrade changes it), write transactions, a damaged index
moved aside, and SQLite's errors as sentences a user can act on.

Each component keeps its own row in `schema_version` and its own list of migrations (append, never
edit); a version newer than this app knows is refused with one sentence, never opened.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from studio.library.storage import TEMP_SUFFIX, free_bytes, free_words

DB_NAME = "library.sqlite3"


class LibraryError(Exception):
    """The library could not do what was asked; the message is a sentence for the user."""



@dataclass(frozen=True)
class LibraryProblem:
    """Something the repair on open found and could not fix by itself; shown to the user."""

    message: str
    take_id: str | None = None
    path: Path | None = None



# The take and voice libraries share one SQLite file and open it at the same moment on first start,
# from two threads. Each switches the file to WAL and migrates inside a transaction; two connections
# doing that at once can wait on each other for the whole busy timeout. Within a process they take turns.
_OPEN_LOCK = threading.Lock()


def connect_index(db_path: Path, busy_timeout: float, migrate: Callable[[sqlite3.Connection], None],
                  table: str) -> sqlite3.Connection:
    """Open the library's SQLite index as every component (takes, voices, presets) needs it."""
    with _OPEN_LOCK:
        return _connect_index(db_path, busy_timeout, migrate, table)


def _connect_index(db_path: Path, busy_timeout: float, migrate: Callable[[sqlite3.Connection], None],
                   table: str) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed record survives a power cut too, not just a killed process.
        conn.execute("PRAGMA synchronous=FULL")
        conn.create_function("casefold", 1, lambda s: s.casefold() if isinstance(s, str) else s,
                             deterministic=True)
        migrate(conn)
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def move_database_aside(db_path: Path) -> Path:
    """Move a damaged index (and its WAL files) to `<name>.bad-<time>`; the files beside it rebuild it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.bad-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(db_path) + suffix)
        if source.exists():
            source.replace(Path(str(aside) + suffix))
    return aside


def _nearly_full(root: Path) -> bool:
    free = free_bytes(root)
    return free is not None and free < 4_000_000


def sqlite_sentence(exc: sqlite3.Error, root: Path, what: str = "library") -> str:
    """An SQLite error as one sentence a user can act on; `what` names the store ("take library")."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return (f"The {what} is busy: another Step Audio Studio window or command is writing to it. "
                "Try again in a moment.")
    if "full" in text or ("disk I/O error" in text and _nearly_full(root)):
        # SQLite reports a full disk as "disk I/O error" when the journal cannot grow.
        return (f"Could not save to the {what} in {root}: the disk is full ({free_words(root)}). "
                "Free some space and try again.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return f"The {what} in {root} cannot be written (read-only folder or no permission)."
    return f"The {what} failed: {text}."



def schema_version(conn: sqlite3.Connection, component: str) -> int:
    row = conn.execute("SELECT version FROM schema_version WHERE component = ?", (component,)).fetchone()
    return int(row[0]) if row else 0


def backup_before_migration(conn: sqlite3.Connection, label: str) -> Path | None:
    """Copy the index aside before a newer version changes its schema, so going back to the older
    version stays possible: `<index>.before-<label>` beside it, made by SQLite's backup API (the
    index runs in WAL mode, so its newest rows may not be in the main file yet). One per upgrade
    step: a second attempt of the same step keeps the first copy, which holds the older schema."""
    row = conn.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        return None  # an in-memory index has nothing to keep
    source = Path(row[2])
    target = source.with_name(f"{source.name}.before-{label}")
    if target.exists():
        return target
    partial = target.with_name(target.name + TEMP_SUFFIX)
    copy = sqlite3.connect(partial)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    os.replace(partial, target)
    return target


def migrate_component(conn: sqlite3.Connection, component: str,
                      migrations: list[Callable[[sqlite3.Connection], None]], newer: str) -> None:
    """Bring one component of the shared index to `len(migrations)`, inside `BEGIN IMMEDIATE` so two
    processes opening the same library never both migrate. `newer` is the sentence for an index a
    newer version of the app wrote; it may use {version} and {known}."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version "
                 "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    version, known = schema_version(conn, component), len(migrations)
    if version == known:
        return
    if version > known:
        raise LibraryError(newer.format(version=version, known=known))
    if version > 0:  # records saved by an older version: keep a copy of the index as it was
        backup_before_migration(conn, f"{component}-v{known}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in migrations[schema_version(conn, component):]:  # another process may have migrated
            step(conn)
        conn.execute("INSERT OR REPLACE INTO schema_version (component, version) VALUES (?, ?)",
                     (component, known))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def write_transaction(lock: threading.RLock, connection: Callable[[], sqlite3.Connection],
                      sentence: Callable[[sqlite3.Error], str]) -> Iterator[sqlite3.Connection]:
    """A write transaction under `lock`; `BEGIN IMMEDIATE` also locks out other processes' repairs.
    SQLite errors come out as a LibraryError with a sentence a user can act on."""
    with lock:
        conn = connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise LibraryError(sentence(exc)) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise LibraryError(sentence(exc)) from exc
            raise


def open_index(db_path: Path, root: Path, busy_timeout: float, migrate: Callable[[sqlite3.Connection], None],
               table: str, problems: list[LibraryProblem], what: str,
               damaged: Callable[[sqlite3.Error, Path], str]) -> sqlite3.Connection:
    """Connect; a damaged index is moved aside (reported through `problems`) and made anew."""
    try:
        return connect_index(db_path, busy_timeout, migrate, table)
    except sqlite3.OperationalError as exc:
        raise LibraryError(sqlite_sentence(exc, root, what)) from exc
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed", ...
        aside = move_database_aside(db_path)
        problems.append(LibraryProblem(damaged(exc, aside), path=aside))
        try:
            return connect_index(db_path, busy_timeout, migrate, table)
        except sqlite3.Error as again:
            raise LibraryError(sqlite_sentence(again, root, what)) from again
