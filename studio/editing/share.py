"""A whole edit project in one file, to share or move: `<title>.stepedit`, a zip of the project's
folder (project.json, the source, the new sound, the versions), and importing one back into a library.

The zip holds exactly the files `project.json` names and nothing else; an import reads only
those names (never a path from the archive), checks that each sound file has the length the
history expects, and unpacks into a temporary folder that is renamed into place before its index
row is written, so a kill mid-import leaves either nothing (the temporary folder is removed on
the next open) or a whole project (listed again on the next open).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import uuid
import zipfile
from pathlib import Path

import soundfile as sf

from studio.editing.dsp import EditError
from studio.editing.project import EditProject
from studio.editing.store import PROJECT_FILE, PROJECT_FORMAT, EditStore, project_files
from studio.library.storage import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    atomic_path,
    atomic_write_bytes,
    atomic_write_json,
)

SUFFIX = ".stepedit"


def _files(state: dict) -> list[str]:  # type: ignore[type-arg]
    names = project_files(state)
    for name in names:
        if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
            raise EditError("The project file names a sound file it may not (not a plain file name).")
    return names


def export_project(store: EditStore, project_id: str, path: str | Path) -> Path:
    """Write the saved project `project_id` with its source to `path` (a zip), atomically."""
    folder = store._folder(project_id)
    state = store._read_state(folder)
    path = Path(path)
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(PROJECT_FILE, json.dumps(state, ensure_ascii=False, indent=2))
        for name in _files(state):  # FLAC and WAV: compressing again gains little
            archive.write(folder / name, name)
    return path


def import_project(store: EditStore, path: str | Path) -> EditProject:
    """Add the project in `path` to the library under a new id and open it."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise EditError(f"{path.name}: not an edit project file ({exc}).") from exc
    project_id = uuid.uuid4().hex
    staging = store.dir / f"{TEMP_PREFIX}{project_id}{TEMP_SUFFIX}"
    try:
        with archive:
            try:
                state = json.loads(archive.read(PROJECT_FILE))
            except (KeyError, ValueError) as exc:
                raise EditError(
                    f"{path.name}: not an edit project file (no readable {PROJECT_FILE}).") from exc
            if not isinstance(state, dict) or state.get("format") != PROJECT_FORMAT:
                raise EditError(f"{path.name}: not a Step Audio Studio edit project.")
            staging.mkdir(parents=True)
            for name in _files(state):
                try:
                    data = archive.read(name)
                except KeyError as exc:
                    raise EditError(f"{path.name}: the sound file {name} is missing from it.") from exc
                atomic_write_bytes(staging / name, data)
            for info in state["buffers"].values():
                if sf.info(io.BytesIO(archive.read(info["file"]))).frames != int(info["length"]):
                    raise EditError(f"{path.name}: the sound file {info['file']} is incomplete.")
        state["id"] = project_id
        atomic_write_json(staging / PROJECT_FILE, state)
        final = store._folder(project_id)
        with store._write() as conn:
            staging.replace(final)
            store._upsert(conn, project_id, state)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    return store.open(project_id)
