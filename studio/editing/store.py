"""Edit projects in the library, saved as the user works, like takes: files written atomically plus
one row each in the shared SQLite index.

A project is a folder `edits/<id>/`:

- `source.flac` or `source.wav`: the source as the project holds it (mono float32). FLAC 24-bit
  when that gives back every sample exactly (any 16- or 24-bit recording), else 32-bit float WAV;
  either way a reopened project renders bit for bit what was edited.
- `buf-<n>.wav`: each piece of new sound an operation made (float32 WAV, exact).
- `v-<key>.json`: one version (its operation and piece table), written once, never changed.
- `project.json`: the history as the list of version keys, which one is current, and the sound
  files in use. It is the project's record; the index row only lists it (title, length, dates).

Each change is saved before it counts (the project's `persist` hook): new sound files and the new
version's file first, then `project.json` replaced atomically inside a write transaction that
also updates the row. An undo or redo rewrites only `project.json`, whose size grows with the
number of versions and sound files (tens of bytes each), not with their piece tables; so saving a
step stays in milliseconds after hundreds of steps. If any
of it fails (disk full, read-only), the hook raises `StorageError` or `LibraryError` and the project
rolls back to the version that is on disk. Killing the app at any moment leaves the previous or the
new `project.json`, each referring only to files that are complete. On open the store finishes
what a kill interrupted: temporary files and sound no version uses are removed, a half-done delete
is completed, a folder with a valid `project.json` but no row is listed again.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import shutil
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from backends.audio import Audio, AudioLoadError, load_audio
from studio.editing.dsp import EditError
from studio.editing.pieces import Piece
from studio.editing.project import EditProject, Version
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
    atomic_save_audio,
    atomic_write_bytes,
    atomic_write_json,
    encode_audio,
    is_temp_file,
)

EDITS_DIR = "edits"
PROJECT_FILE = "project.json"
PROJECT_FORMAT = "step-audio-studio/edit-project"
TRASH_SUFFIX = ".deleted"
SCHEMA_COMPONENT = "edits"
_GONE = "There is no edit project {} in the library (it may have been deleted)."
_COLUMNS = "id, title, created, modified, duration, sample_rate, versions, current"


class ProjectNotFound(LibraryError, LookupError):
    pass


def project_files(state: dict[str, Any]) -> list[str]:
    """The files besides project.json that a saved project consists of."""
    return [state["source"], *(b["file"] for b in state["buffers"].values()),
            *(f"v-{key}.json" for key in state["history"]),
            *(f"t-{key}.json" for key in state.get("transcripts", []))]


@dataclass(frozen=True)
class ProjectInfo:
    """A row of the project list."""

    id: str
    title: str
    created: float
    modified: float
    duration: float  # seconds, of the current version
    sample_rate: int
    versions: int
    current: int


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE edit_projects (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            created REAL NOT NULL,
            modified REAL NOT NULL,
            duration REAL NOT NULL,
            sample_rate INTEGER NOT NULL,
            versions INTEGER NOT NULL,
            current INTEGER NOT NULL
        )""")


MIGRATIONS = [_migrate_to_1]


def _exact_in_24_bits(samples: np.ndarray) -> bool:
    """Whether every sample is a 24-bit PCM value (checked in blocks: no copy of a long file)."""
    scale = np.float32(2.0**23)
    for start in range(0, len(samples), 1 << 20):
        block = samples[start:start + (1 << 20)] * scale
        if not (np.all(block == np.round(block)) and block.min() >= -scale and block.max() < scale):
            return False
    return True


def _source_bytes(samples: np.ndarray, rate: int) -> tuple[str, bytes]:
    """FLAC 24-bit when that keeps every sample exactly, else float WAV (see the module notes)."""
    audio = Audio(samples, rate)
    if _exact_in_24_bits(samples):
        return "source.flac", encode_audio(audio, "flac", subtype="PCM_24")
    return "source.wav", encode_audio(audio, "wav", subtype="FLOAT")


def _float_wav(samples: np.ndarray, rate: int) -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, samples, rate, format="WAV", subtype="FLOAT")  # unclipped: processing may overshoot
    return buffer.getvalue()


class EditStore:
    """The user's edit projects under `root` (normally `studio.paths.data_dir()`). Thread-safe."""

    def __init__(self, root: str | Path, *, busy_timeout: float = 30.0) -> None:
        self.root = Path(root)
        self.dir = self.root / EDITS_DIR
        self.db_path = self.root / DB_NAME
        self.problems: list[LibraryProblem] = []
        self._lock = threading.RLock()
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError.from_os_error(exc, self.dir) from exc
        self._conn: sqlite3.Connection | None = open_index(
            self.db_path, self.root, busy_timeout, self._migrate, "edit_projects", self.problems,
            "edit library", lambda exc, aside: f"The library index was damaged ({exc}); it was moved "
            f"to {aside.name} and the edit projects were listed again from their folders.")
        try:
            self._repair()
        except BaseException:
            self.close()
            raise

    def _migrate(self, conn: sqlite3.Connection) -> None:
        migrate_component(conn, SCHEMA_COMPONENT, MIGRATIONS,
                          f"The edit projects in {self.root} were saved by a newer version of Step Audio "
                          "Studio (schema {version}, this version knows {known}). "
                          "Update the app to open them.")

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LibraryError("The edit library is closed.")
        return self._conn

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self._lock, self._connection,
                                 lambda exc: sqlite_sentence(exc, self.root, "edit library"))

    # --- repair -------------------------------------------------------------------------------------

    def _repair(self) -> None:
        with self._write() as conn:
            rows = {r[0] for r in conn.execute("SELECT id FROM edit_projects")}
            for folder in sorted(self.dir.iterdir()):
                if is_temp_file(folder) or folder.name.endswith(TRASH_SUFFIX):
                    shutil.rmtree(folder, ignore_errors=True) if folder.is_dir() else folder.unlink()
                    continue
                try:
                    state = self._read_state(folder)
                except LibraryError as exc:
                    self.problems.append(LibraryProblem(str(exc), path=folder))
                    continue
                self._tidy(folder, state)
                if folder.name not in rows:
                    self._upsert(conn, folder.name, state)
            for missing in rows - {f.name for f in self.dir.iterdir()}:
                conn.execute("DELETE FROM edit_projects WHERE id = ?", (missing,))

    def _tidy(self, folder: Path, state: dict[str, Any]) -> None:
        """Remove temporary files and sound files no saved version refers to."""
        keep = set(project_files(state)) | {PROJECT_FILE}
        for path in folder.iterdir():
            if path.name not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()

    # --- reading and writing one project ----------------------------------------------------------------

    def _folder(self, project_id: str) -> Path:
        if not isinstance(project_id, str) or not project_id.isalnum():
            raise ProjectNotFound(f"There is no edit project {project_id!r} in the library.")
        return self.dir / project_id

    def _read_state(self, folder: Path) -> dict[str, Any]:
        try:
            state = json.loads((folder / PROJECT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LibraryError(f"The edit project in {folder.name} cannot be read ({exc}).") from exc
        if not isinstance(state, dict) or state.get("format") != PROJECT_FORMAT:
            raise LibraryError(f"The edit project in {folder.name} is not a Step Audio Studio project.")
        return state

    def _state(self, project: EditProject, created: float,
               transcripts: list[str] | None = None) -> dict[str, Any]:
        origin = project.meta.get("origin")
        return {
            "origin": origin if isinstance(origin, dict) else None,  # the take or voice it came from
            "transcripts": transcripts or [],
            "format": PROJECT_FORMAT, "version": 1, "id": project.id, "title": project.title,
            "created": created, "modified": time.time(), "sample_rate": project.sample_rate,
            "duration": project.duration,
            "source": project.meta.get("source_file", "source.wav"),
            "buffers": {str(i): {"file": f"buf-{i}.wav", "length": len(project.buffers[i])}  # type: ignore[arg-type]
                        for i in sorted(project.live_buffers() - {0})},
            "history": [v.key for v in project.versions],
            "current": project.current,
        }

    def _upsert(self, conn: sqlite3.Connection, project_id: str, state: dict[str, Any]) -> None:
        conn.execute(
            f"INSERT OR REPLACE INTO edit_projects ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (project_id, state["title"], state["created"], state["modified"], float(state["duration"]),
             state["sample_rate"], len(state["history"]), state["current"]))

    def _persist(self, project: EditProject, committed: bool) -> None:
        """The project's save hook: see the module notes for the order and what a failure leaves."""
        assert project.id is not None
        folder = self._folder(project.id)
        if committed:
            version = project.versions[project.current]
            for i in version.new_buffers:
                atomic_write_bytes(folder / f"buf-{i}.wav",
                                   _float_wav(project.buffers[i], project.sample_rate))  # type: ignore[arg-type]
            atomic_write_json(folder / f"v-{version.key}.json", {
                "op": version.op, "table": [list(p) for p in version.table],
                "new_buffers": list(version.new_buffers), "created": version.created})
        transcripts = self._write_transcripts(project, folder)
        state = self._state(project, project.meta.get("created", time.time()), transcripts)
        with self._write() as conn:
            self._upsert(conn, project.id, state)
            atomic_write_json(folder / PROJECT_FILE, state)
        # Files of a dropped redo branch are left for the next open's tidy-up: listing the folder
        # on every step would cost more than the step.

    @staticmethod
    def _write_transcripts(project: EditProject, folder: Path) -> list[str]:
        """Each version's words (studio.editing.transcript.keep puts them in `meta`) as its own
        `t-<key>.json`, written once: a long recording's words are not rewritten on every step."""
        table = project.meta.get("transcripts")
        if not isinstance(table, dict):
            return []
        history = {v.key for v in project.versions}
        keys = []
        for key, raw in table.items():
            if key in history and isinstance(key, str) and key.isalnum():
                path = folder / f"t-{key}.json"
                if not path.exists():
                    atomic_write_json(path, raw)
                keys.append(key)
        return keys

    def save_words(self, project: EditProject) -> None:
        """Save the words kept in `project.meta` since the last step (a transcription, say)."""
        self._persist(project, False)

    def _attach(self, project: EditProject, project_id: str, created: float, source_file: str) -> EditProject:
        project.id = project_id
        project.meta.update(created=created, source_file=source_file)
        project.persist = self._persist
        return project

    # --- public API ---------------------------------------------------------------------------------

    def create(self, audio: Audio | str | Path, *, title: str | None = None) -> EditProject:
        """A new project on `audio` (or on a file any format the studio loads), saved at once.

        Raises EditError for an unreadable or empty file, StorageError if it cannot be saved (then
        nothing of it is left behind).
        """
        if not isinstance(audio, Audio):
            try:
                path = Path(audio)
                audio, title = load_audio(path), title if title is not None else path.stem
            except AudioLoadError as exc:
                raise EditError(str(exc)) from exc
        project = EditProject(audio, title=" ".join((title or "").split()) or "Untitled edit")
        project_id, created = uuid.uuid4().hex, time.time()
        folder = self._folder(project_id)
        source_file, data = _source_bytes(audio.samples, audio.sample_rate)
        try:
            folder.mkdir(parents=True)
            atomic_write_bytes(folder / source_file, data)
            self._attach(project, project_id, created, source_file)
            self._persist(project, True)
        except BaseException as exc:
            shutil.rmtree(folder, ignore_errors=True)
            project.persist = None
            if isinstance(exc, OSError) and not isinstance(exc, StorageError):
                raise StorageError.from_os_error(exc, folder) from exc
            raise
        return project

    def open(self, project_id: str) -> EditProject:
        """The saved project as it was last saved: same versions, same current version."""
        folder = self._folder(project_id)
        if not folder.is_dir():
            raise ProjectNotFound(_GONE.format(project_id))
        state = self._read_state(folder)
        rate = int(state["sample_rate"])
        try:
            source = load_audio(folder / state["source"]).samples
            buffers: list[np.ndarray | None] = [source]
            for key, info in state["buffers"].items():
                i = int(key)
                buffers.extend([None] * (i + 1 - len(buffers)))
                data, _ = sf.read(str(folder / info["file"]), dtype="float32")
                if len(data) != int(info["length"]):
                    raise LibraryError(f"The edit project “{state['title']}” is damaged: "
                                       f"{info['file']} is incomplete.")
                buffers[i] = np.ascontiguousarray(data)
            versions = []
            for key in state["history"]:
                v = json.loads((folder / f"v-{key}.json").read_text(encoding="utf-8"))
                versions.append(Version(dict(v["op"]), tuple(Piece(*map(int, p)) for p in v["table"]),
                                        tuple(int(i) for i in v["new_buffers"]), float(v["created"]), key))
        except (AudioLoadError, OSError, ValueError, KeyError, TypeError, sf.LibsndfileError) as exc:
            raise LibraryError(f"The edit project “{state['title']}” cannot be opened: {exc}") from exc
        project = EditProject.from_saved(buffers, rate, versions, int(state["current"]), title=state["title"])
        words = {}
        for key in state.get("transcripts", []):  # the words are a convenience: a bad file is skipped
            try:
                words[key] = json.loads((folder / f"t-{key}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError, TypeError):
                continue
        if words:
            project.meta["transcripts"] = words
        if isinstance(state.get("origin"), dict):
            project.meta["origin"] = dict(state["origin"])
        return self._attach(project, project_id, float(state["created"]), state["source"])

    def list(self) -> builtins.list[ProjectInfo]:
        """Projects, most recently changed first."""
        with self._lock:
            rows = self._connection().execute(
                f"SELECT {_COLUMNS} FROM edit_projects ORDER BY modified DESC, rowid DESC").fetchall()
        return [ProjectInfo(r[0], r[1], float(r[2]), float(r[3]), float(r[4]), int(r[5]), int(r[6]),
                            int(r[7])) for r in rows]

    def get(self, project_id: str) -> ProjectInfo:
        for info in self.list():
            if info.id == project_id:
                return info
        raise ProjectNotFound(_GONE.format(project_id))

    def rename(self, project: EditProject | str, title: str) -> ProjectInfo:
        """Rename a project (an open one, or by id): the row and its `project.json` together."""
        title = " ".join(str(title).split())
        if not title:
            raise EditError("A project needs a title.")
        project_id = project if isinstance(project, str) else project.id
        folder = self._folder(project_id or "")
        if not folder.is_dir():
            raise ProjectNotFound(f"There is no edit project {project_id} in the library.")
        state = self._read_state(folder)
        state["title"], state["modified"] = title, time.time()
        with self._write() as conn:
            self._upsert(conn, folder.name, state)
            atomic_write_json(folder / PROJECT_FILE, state)
        if isinstance(project, EditProject):
            project.title = title
        return self.get(folder.name)

    def delete(self, project_id: str) -> None:
        """Remove a project: its folder is renamed aside, the row removed, then the folder deleted,
        so a kill at any point leaves the whole project or nothing."""
        folder = self._folder(project_id)
        trash = folder.with_name(folder.name + TRASH_SUFFIX)
        try:
            with self._write() as conn:
                if folder.exists():
                    folder.replace(trash)
                conn.execute("DELETE FROM edit_projects WHERE id = ?", (project_id,))
        except BaseException as exc:
            if trash.exists() and not folder.exists():
                trash.replace(folder)
            if isinstance(exc, OSError) and not isinstance(exc, StorageError):
                raise StorageError.from_os_error(exc, folder) from exc
            raise
        shutil.rmtree(trash, ignore_errors=True)

    def split(self, project: EditProject, at: float) -> EditProject:
        """Split `project` at `at` seconds: it keeps the part before, a new project holds the rest."""
        tail = project.split(at)
        return self.create(tail, title=f"{project.title} (2)")

    def export(self, project: EditProject, path: str | Path, *, version: int | None = None) -> Path:
        """The rendered audio of a version (default: current) to `path`, format from the suffix."""
        try:
            return atomic_save_audio(project.render(version), path)
        except ValueError as exc:
            raise EditError(str(exc)) from exc

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> EditStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
