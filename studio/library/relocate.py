"""Moving the user's data folder (takes, voices, presets, sessions, edit projects) to another
place, without ever losing it (issue 20: "the studio's data folder is movable in settings").

A move is copy, verify, switch, and only then (if asked) remove:

1. The target is checked before anything is written: an empty or absent folder, not inside the
   data folder nor holding it, writable, on a disk with room for everything.
2. Every file is copied with progress and a cancel flag. SQLite databases are copied with SQLite's
   backup API, not as bytes: the library runs in WAL mode, so its newest records may be in the
   `-wal` file, and a byte copy of a database that is being written is not a database.
3. The copy is verified: the same files with the same sizes, `PRAGMA integrity_check` on every
   copied database, and no database or file changed in the source while it was copied (a
   database's `PRAGMA data_version`, seen by the connection that backed it up, changes when any
   other connection commits).
4. The pointer (studio.paths) is switched with one atomic rename, so the data folder in use is
   the old one or the verified new one, never a half-made one.
5. The old folder is removed only when asked, only after 4, and only file by file from what was
   copied: a file the move did not copy keeps its folder.

A failure at any point before 4 removes the partial copy and leaves the old folder in use and
untouched; `RelocationError` says what happened in one sentence (the disk is full, permission
denied, cancelled).

The running window has the old databases open, and its libraries keep their folder until the
studio restarts. So the window does not remove the old folder itself: it records the removal in
the pointer (`defer_removal`), and the next start (finish_pending_removal) removes it only if
nothing in it changed since it was copied (files by size and time, databases by their content),
because anything saved there between the move and the restart exists only there.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import sqlite3
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio import paths
from studio.library.storage import (
    StorageError,
    atomic_write_json,
    ensure_free_space,
    fsync_dir,
    is_temp_file,
)

SQLITE_HEADER = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm", "-journal")
CHUNK = 1 << 20
BLOCK = 4096  # a file's last block: what a copy can take beyond its bytes on most file systems
MARGIN = 16_000_000  # room left on the target disk after the copy
Progress = Callable[[int, int, str], None]  # bytes done, bytes in all, the file being copied


class RelocationError(Exception):
    """The move did not happen; `str(error)` is one sentence for the user, saying so."""


class _Cancelled(Exception):
    pass


@dataclass
class _Entry:
    rel: str
    kind: str  # "file", "db", "link"
    size: int
    mtime_ns: int


@dataclass
class MoveResult:
    """What a move did."""

    source: Path
    target: Path
    files: int
    bytes: int
    seconds: float
    removed_old: bool = False
    removal_pending: bool = False
    note: str | None = None  # a sentence about the old folder when it could not be removed
    fingerprint: str = ""
    entries: list[str] = field(default_factory=list)


def is_database(path: Path) -> bool:
    """Whether `path` is an SQLite database (by its header, whatever its name)."""
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _is_sidecar(path: Path) -> bool:
    return any(path.name.endswith(s) and is_database(path.with_name(path.name[: -len(s)]))
               for s in SIDECARS)


def scan(root: Path) -> list[_Entry]:
    """What a move copies from `root`, sorted: files, databases and symbolic links. Skipped: a
    database's sidecar files (the backup takes their content), leftover temporary files of killed
    saves (storage.is_temp_file), and sockets, pipes and devices."""
    entries: list[_Entry] = []
    if not root.is_dir():
        return entries
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in [*files, *(d for d in dirs if (here / d).is_symlink())]:
            path = here / name
            try:
                info = path.lstat()
            except FileNotFoundError:
                continue
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                entries.append(_Entry(rel, "link", 0, info.st_mtime_ns))
            elif stat.S_ISREG(info.st_mode) and not is_temp_file(path) and not _is_sidecar(path) \
                    and rel != paths.MARKER_FILE:
                kind = "db" if is_database(path) else "file"
                entries.append(_Entry(rel, kind, info.st_size, info.st_mtime_ns))
    return sorted(entries, key=lambda e: e.rel)


def folder_size(root: Path) -> tuple[int, int]:
    """(bytes, files) a move of `root` copies: for the dialog and the free-space check."""
    entries = scan(root)
    return sum(e.size for e in entries), len(entries)


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _real(path: Path) -> Path:
    """`path` made absolute with links resolved; RelocationError for a name this system cannot use."""
    try:
        return Path(os.path.realpath(Path(path).expanduser()))
    except (OSError, ValueError) as exc:
        raise RelocationError(f"The data folder cannot move to {path}: that is not a folder name this "
                              "system can use.") from exc


def check_target(source: Path, target: Path) -> tuple[int, int]:
    """Refuse a target the data cannot move to, with a sentence (RelocationError); else (bytes,
    files) to copy. Nothing is written."""
    source, target = _real(source), _real(target)
    if target == source:
        raise RelocationError(f"Your data is already in {target}.")
    if _within(target, source):
        raise RelocationError(f"The data folder cannot move into itself: {target} is inside {source}.")
    if _within(source, target):
        raise RelocationError(f"The data folder cannot move to {target}: that folder holds it. "
                              "Choose an empty folder.")
    try:
        if target.exists() or target.is_symlink():
            if not target.is_dir():
                raise RelocationError(f"The data folder cannot move to {target}: it is a file, not a "
                                      "folder.")
            if any(target.iterdir()):
                raise RelocationError(f"The data folder can only move to an empty folder; {target} "
                                      "has files in it. Choose an empty or new folder.")
    except OSError as exc:
        raise RelocationError(_failed(exc, target, source)) from exc
    size, count = folder_size(source)
    try:
        ensure_free_space(target, size + count * BLOCK + MARGIN, "your data folder")
    except StorageError as exc:
        raise RelocationError(str(exc)) from exc
    return size, count


def _failed(exc: BaseException, target: Path, source: Path) -> str:
    """One sentence for a move that failed at `target` with `exc`."""
    keep = f" Nothing was changed: the studio keeps using {source}."
    code = getattr(exc, "errno", None)
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        if "full" in text:
            code = errno.ENOSPC
        elif "readonly" in text or "permission" in text:
            code = errno.EACCES
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"The data folder was not moved: the disk that holds {target} is full." + keep
    if code in (errno.EACCES, errno.EPERM):
        return f"The data folder was not moved: you do not have permission to write in {target}." + keep
    if code == errno.EROFS:
        return f"The data folder was not moved: {target} is on a read-only disk." + keep
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"The data folder was not moved: {reason}." + keep


def _copy_file(src: Path, dst: Path, step: Callable[[int], None]) -> None:
    with src.open("rb") as fin, dst.open("xb") as fout:
        while chunk := fin.read(CHUNK):
            fout.write(chunk)
            step(len(chunk))
        fout.flush()
        os.fsync(fout.fileno())
    shutil.copystat(src, dst)


def _copy_database(src: Path, dst: Path, step: Callable[[int], None]) -> tuple[sqlite3.Connection, int]:
    """Back `src` up into `dst`; returns the source connection and its data_version, kept open so
    verification can ask it whether anyone committed since (PRAGMA data_version)."""
    source = sqlite3.connect(src, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        version = source.execute("PRAGMA data_version").fetchone()[0]
        done = [0]

        def pages(_status: int, remaining: int, total: int) -> None:
            page = source.execute("PRAGMA page_size").fetchone()[0]
            now = (total - remaining) * page
            step(now - done[0])
            done[0] = now

        copy = sqlite3.connect(dst, isolation_level=None)
        try:
            source.backup(copy, pages=256, progress=pages)
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RelocationError(f"The copy of {src.name} failed SQLite's integrity check.")
        finally:
            copy.close()
        return source, version
    except BaseException:
        source.close()
        raise


def database_digest(path: Path, conn: sqlite3.Connection | None = None) -> str:
    """The content of the database at `path` (its SQL dump; through `conn` when given), hashed:
    equal for a backup and its source, and unchanged by a checkpoint, which rewrites the file
    without changing the data."""
    digest = hashlib.sha256()
    own = conn is None
    conn = conn or sqlite3.connect(path, timeout=30)
    try:
        for line in conn.iterdump():
            digest.update(line.encode("utf-8", "surrogatepass") + b"\n")
    finally:
        if own:
            conn.close()
    return digest.hexdigest()


def _claim(root: Path, entries: list[_Entry]) -> list[tuple[str, sqlite3.Connection]] | None:
    """An exclusive lock on every database among `entries`, or None when another connection (any
    process: a studio still running there, a command) has one open. In WAL mode every open
    connection holds a shared lock on its database, so this tells whether the folder is in use;
    held while removing, it also keeps anyone from starting to write."""
    claimed: list[tuple[str, sqlite3.Connection]] = []
    try:
        for entry in entries:
            if entry.kind == "db":
                conn = sqlite3.connect(root / entry.rel, timeout=0, isolation_level=None)
                claimed.append((entry.rel, conn))
                conn.execute("PRAGMA locking_mode=EXCLUSIVE")
                conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.Error:
        _release(claimed)
        return None
    return claimed


def _release(claimed: list[tuple[str, sqlite3.Connection]]) -> None:
    for _rel, conn in claimed:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def fingerprint(root: Path, entries: list[_Entry], databases: dict[str, str] | None = None,
                connections: dict[str, sqlite3.Connection] | None = None) -> str:
    """What `root` held when copied: every copied file's name, size and time, databases by content
    (`databases`: digests already made; `connections`: open ones to read them through)."""
    digest = hashlib.sha256()
    for entry in entries:
        if entry.kind == "db":
            value = (databases or {}).get(entry.rel) or database_digest(root / entry.rel,
                                                                         (connections or {}).get(entry.rel))
        else:
            value = f"{entry.size}:{entry.mtime_ns}"
        digest.update(f"{entry.kind}\0{entry.rel}\0{value}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _remove_copied(root: Path, entries: list[_Entry]) -> list[str]:
    """Remove from `root` the files a move copied (and their databases' sidecars), then the folders
    left empty; what else is there stays, with its folders. Returns what could not be removed."""
    left: list[str] = []
    for entry in entries:
        path = root / entry.rel
        targets = [path, *(path.with_name(path.name + s) for s in SIDECARS)] if entry.kind == "db" else [path]
        for item in targets:
            try:
                item.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                left.append(entry.rel)
    with contextlib.suppress(FileNotFoundError):
        (root / paths.MARKER_FILE).unlink()
    for folder, _dirs, _files in sorted(os.walk(root), key=lambda w: -len(w[0])):
        with contextlib.suppress(OSError):
            for temp in Path(folder).iterdir():
                if is_temp_file(temp):
                    temp.unlink()
        with contextlib.suppress(OSError):
            Path(folder).rmdir()
    return left


def _made_folders(target: Path) -> list[Path]:
    """The folders that creating `target` adds (to remove them again after a failure)."""
    made: list[Path] = []
    probe = target
    while not probe.exists():
        made.append(probe)
        probe = probe.parent
    return made


def _undo_copy(target: Path, made: list[Path]) -> None:
    """Remove a partial copy: the target was empty or absent before, so all in it is ours."""
    with contextlib.suppress(OSError):
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink()
    for folder in made:  # deepest first
        with contextlib.suppress(OSError):
            folder.rmdir()


@contextlib.contextmanager
def _open_sources() -> Iterator[list[tuple[sqlite3.Connection, int]]]:
    connections: list[tuple[sqlite3.Connection, int]] = []
    try:
        yield connections
    finally:
        for conn, _version in connections:
            with contextlib.suppress(sqlite3.Error):
                conn.close()


def move_data_folder(target: Path, *, source: Path | None = None, remove_old: bool = False,
                     defer_removal: bool = False, progress: Progress | None = None,
                     cancel: threading.Event | None = None) -> MoveResult:
    """Move the data folder (default: the one in use) to `target`; see the module docstring.

    `remove_old`: remove the old copy once the new one is verified and in use; at once, or with
    `defer_removal` at the next start (finish_pending_removal), for a process that has the old
    libraries open. Raises RelocationError (nothing changed, the old folder in use) or returns.
    """
    started = time.monotonic()
    source = _real(source or paths.data_dir(create=False))
    target = _real(target)
    total, _count = check_target(source, target)
    made = _made_folders(target)
    done = [0]
    current = [""]

    def step(n: int) -> None:
        if cancel is not None and cancel.is_set():
            raise _Cancelled()
        done[0] += n
        if progress is not None:
            progress(done[0], total, current[0])

    try:
        with _open_sources() as sources:
            target.mkdir(parents=True, exist_ok=True)
            entries = scan(source)
            databases: dict[str, str] = {}
            for entry in entries:
                current[0] = entry.rel
                step(0)
                src, dst = source / entry.rel, target / entry.rel
                dst.parent.mkdir(parents=True, exist_ok=True)
                if entry.kind == "link":
                    os.symlink(os.readlink(src), dst)
                elif entry.kind == "db":
                    sources.append(_copy_database(src, dst, step))
                    databases[entry.rel] = database_digest(dst)
                else:
                    _copy_file(src, dst, step)
            current[0] = ""
            _verify(source, target, entries, sources)
            marker = uuid.uuid4().hex
            atomic_write_json(target / paths.MARKER_FILE, {"studio": paths.APP_NAME, "id": marker})
            for folder in {target / Path(e.rel).parent for e in entries} | {target}:
                fsync_dir(folder)
            print_ = fingerprint(source, entries, databases)
            _switch(source, target, marker, remove_old and defer_removal, print_)
    except _Cancelled:
        _undo_copy(target, made)
        raise RelocationError(f"The move was cancelled. Nothing was changed: the studio keeps using "
                              f"{source}.") from None
    except RelocationError as exc:
        _undo_copy(target, made)
        raise RelocationError(f"{exc} Nothing was changed: the studio keeps using {source}.") from None
    except (OSError, sqlite3.Error) as exc:
        _undo_copy(target, made)
        raise RelocationError(_failed(exc, target, source)) from exc
    result = MoveResult(source, target, len(entries), done[0], time.monotonic() - started,
                        fingerprint=print_, entries=[e.rel for e in entries])
    if remove_old and defer_removal:
        result.removal_pending = True
    elif remove_old:
        claimed = _claim(source, entries)
        if claimed is None:
            result.note = (f"The old data folder {source} was kept: it is still open in the studio or a "
                           "command. Remove it yourself once they are closed.")
            return result
        try:
            left = _remove_copied(source, entries)
        finally:
            _release(claimed)
        result.removed_old = not source.exists()
        if source.exists():
            result.note = _kept_note(source, left)
    return result


def _verify(source: Path, target: Path, entries: list[_Entry],
            sources: list[tuple[sqlite3.Connection, int]]) -> None:
    """The copy holds what was copied, and the source did not change meanwhile (RelocationError)."""
    changed = RelocationError("The data folder changed while it was copied (something was saved); "
                              "try again when the studio is not saving.")
    for conn, version in sources:
        if conn.execute("PRAGMA data_version").fetchone()[0] != version:
            raise changed

    def seen(e: _Entry) -> tuple[str, str, int, int]:  # a database's file changes with checkpoints
        return (e.rel, e.kind, 0, 0) if e.kind == "db" else (e.rel, e.kind, e.size, e.mtime_ns)

    if [seen(e) for e in scan(source)] != [seen(e) for e in entries]:
        raise changed
    copied = {e.rel: e for e in scan(target)}
    for entry in entries:
        twin = copied.get(entry.rel)
        if twin is None or twin.kind != entry.kind or (entry.kind == "file" and twin.size != entry.size):
            raise RelocationError(f"The copy of {entry.rel} in {target} is missing or incomplete.")
    if set(copied) != {e.rel for e in entries}:
        raise RelocationError(f"The copy in {target} holds files that were not copied.")


def _switch(source: Path, target: Path, marker: str, remove_later: bool, print_: str) -> None:
    pointer: dict[str, Any] = {"format": paths.POINTER_FORMAT, "data_dir": str(target), "marker": marker,
                               "moved_from": str(source), "moved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if remove_later:
        pointer.update({"remove_moved_from": True, "moved_from_fingerprint": print_})
    paths.config_dir(create=True)
    atomic_write_json(paths.pointer_path(), pointer)  # StorageError: the move fails, nothing changed


def _kept_note(folder: Path, left: list[str]) -> str:
    what = f" ({left[0]} could not be removed)" if left else " (it holds files the move did not copy)"
    return f"The old data folder {folder} was kept{what}; remove it yourself when you no longer need it."


def finish_pending_removal() -> str | None:
    """At start: remove the old data folder a move left for removal (defer_removal), if nothing in
    it changed since it was copied. Returns a sentence for the user when it was kept, else None.
    While a database there is still open (the studio that moved it has not quite closed, or a
    second window still uses it) nothing happens and the next start asks again; otherwise the
    request is cleared either way, so a kept folder is never removed later by surprise."""
    try:
        pointer = paths.read_pointer()
    except (OSError, ValueError):
        return None
    if not pointer or not pointer.get("remove_moved_from"):
        return None
    old = Path(str(pointer.get("moved_from", "")))
    location = paths.data_location()
    if location.problem is not None:  # the new folder is not in use now: ask again next time
        return None
    note: str | None = None
    if old.is_absolute() and old.is_dir() and not _within(location.path, old) \
            and not _within(old, location.path):
        entries = scan(old)
        claimed = _claim(old, entries)
        if claimed is None:  # the studio that moved it (or another) still has it open: next start
            return None
        try:
            unchanged = fingerprint(old, entries, connections=dict(claimed)) \
                == pointer.get("moved_from_fingerprint")
            left = _remove_copied(old, entries) if unchanged else []
        finally:
            _release(claimed)
        if unchanged:
            note = _kept_note(old, left) if old.exists() else None
        else:
            note = (f"The old data folder {old} was kept: something was saved in it after it was copied, "
                    f"and exists only there. Copy what you need to {location.path}, then remove it.")
    elif old.is_dir():
        note = _kept_note(old, [])
    pointer = {k: v for k, v in pointer.items() if k not in ("remove_moved_from", "moved_from_fingerprint")}
    with contextlib.suppress(StorageError):
        atomic_write_json(paths.pointer_path(), pointer)
    return note


def use_existing_folder(folder: Path) -> Path:
    """Use a data folder a move made before (a disk that now mounts elsewhere, a new computer):
    the pointer names it from the next start. It must hold the marker a move writes, so a wrong
    folder is refused instead of shown as an empty library. Nothing is copied or deleted."""
    folder = _real(folder)
    try:
        marked = (folder / paths.MARKER_FILE).is_file()
    except OSError:
        marked = False
    if folder == paths.default_data_dir():
        return use_default_folder()
    if not marked:
        raise RelocationError(f"{folder} is not a data folder the studio moved (it has no "
                              f"{paths.MARKER_FILE} file). Choose the data folder itself.")
    _write_pointer({"format": paths.POINTER_FORMAT, "data_dir": str(folder)})
    return folder


def use_default_folder() -> Path:
    """Stop following a moved folder (its disk is gone for good): the default folder is used from
    the next start. Nothing is deleted, and use_existing_folder goes back to the moved one."""
    pointer = paths.pointer_path()
    try:
        pointer.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise RelocationError(f"The studio could not change {pointer}: {exc.strerror or exc}.") from exc
    fsync_dir(pointer.parent)
    return paths.default_data_dir()


def _write_pointer(pointer: dict[str, Any]) -> None:
    paths.config_dir(create=True)
    try:
        atomic_write_json(paths.pointer_path(), pointer)
    except StorageError as exc:
        raise RelocationError(str(exc)) from exc
