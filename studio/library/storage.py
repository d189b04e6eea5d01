"""Atomic file writes: a file the studio saves is either the old one or the complete new one.

Every write goes to a hidden temporary file in the *same* folder (so the final rename never crosses
a file system), is flushed to disk with fsync, is renamed over the final name with `os.replace`
(atomic on POSIX and Windows), and then the folder itself is fsynced so the rename survives a power
cut. If anything fails, the temporary file is removed and the final name is untouched: a take, a
settings file or an export is never left half-written.

Audio is encoded in memory first and then written with the same byte path. libsndfile reports a
full disk or a read-only folder as "System error." with no errno, which we could not turn into a
sentence a user can act on; Python's own writes keep the errno.

OS errors become `StorageError`, whose message says what happened in words (the disk is full, the
folder is read-only, ...) and what to do, so the UI and the CLI can show it as is.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import stat
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from backends.audio import WRITE_FORMATS, Audio

TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"

# soundfile's string fields, by what each container keeps (checked against libsndfile 1.2.2:
# WAV has no 'license'; MP3 tags are written by studio.library.export, as libsndfile writes them as
# Latin-1 and garbles anything else).
SOUNDFILE_TAGS = ("title", "copyright", "software", "artist", "comment", "date", "album", "license",
                  "tracknumber", "genre")
TAGS_BY_FORMAT: dict[str, frozenset[str]] = {
    "wav": frozenset(SOUNDFILE_TAGS) - {"license"},
    "flac": frozenset(SOUNDFILE_TAGS),
    "ogg": frozenset(SOUNDFILE_TAGS),
    "mp3": frozenset(),
}


class StorageError(OSError):
    """Saving failed; `str(error)` is one sentence fit to show the user.

    A subclass of OSError so callers that already handle OSError keep working, with `errno` and
    `filename` carried over from the underlying error.
    """

    def __init__(self, message: str, *, path: Path | None = None, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.errno = code
        self.filename = str(path) if path is not None else None

    def __str__(self) -> str:
        return self.message

    @classmethod
    def from_os_error(cls, exc: OSError, path: Path) -> StorageError:
        if isinstance(exc, StorageError):
            return exc
        return cls(describe_os_error(exc, path), path=path, code=exc.errno)


def describe_os_error(exc: OSError, path: Path) -> str:
    """A sentence for the user: what went wrong with saving `path`, and what they can do."""
    name = path.name or str(path)
    folder = str(path.parent)
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (f"Could not save {name}: the disk is full ({free_words(path.parent)} on the disk that holds "
                f"{folder}). Free some space and try again.")
    if code == errno.EROFS:
        return f"Could not save {name}: the folder {folder} is on a read-only disk. Choose another folder."
    if code in (errno.EACCES, errno.EPERM):
        return (f"Could not save {name}: you do not have permission to write in {folder} "
                f"(or the file is read-only or in use). Choose another folder.")
    if code == errno.ENOENT:
        return f"Could not save {name}: the folder {folder} does not exist."
    if code == errno.ENOTDIR:
        return f"Could not save {name}: part of the path {folder} is a file, not a folder."
    if code == errno.EISDIR:
        return f"Could not save {name}: a folder with that name is already there."
    if code == errno.ENAMETOOLONG:
        return f"Could not save {name}: the file name or path is too long."
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"Could not save {name}: {reason}."


def _megabytes(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} KB"


def free_bytes(folder: Path) -> int | None:
    """Bytes free on the disk that holds `folder` (or its nearest existing parent); None if unknown."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def free_words(folder: Path) -> str:
    """How much room is left on the disk that holds `folder`, in words."""
    free = free_bytes(folder)
    return "free space unknown" if free is None else f"{_megabytes(free)} free"


def ensure_free_space(folder: Path, needed: int, what: str) -> None:
    """Refuse long work whose result could not be saved: StorageError when the disk that holds
    `folder` has less than `needed` bytes free (checked before, not discovered after, the work)."""
    free = free_bytes(folder)
    if free is not None and free < needed:  # unknown: the save itself will say what went wrong
        raise StorageError(f"There is not enough room for {what} on the disk that holds {folder}: "
                           f"{_megabytes(free)} free, about {_megabytes(needed)} needed. Free some space "
                           "and try again.", path=folder, code=errno.ENOSPC)


def temp_path_for(path: Path) -> Path:
    """A fresh hidden temporary name beside `path`; `is_temp_file` recognises it."""
    return path.with_name(f"{TEMP_PREFIX}{path.name}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")


def is_temp_file(path: Path) -> bool:
    """Whether `path` is one of our temporary files: a leftover from a killed process, safe to delete."""
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


def _write_fully(fd: int, data: bytes | memoryview) -> None:
    """os.write may write less than asked (signals, pipes, some network file systems)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable. Windows cannot open folders and commits renames itself."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        # Some file systems (certain network and FUSE mounts) refuse fsync on a folder; the data
        # itself is already synced and renamed, so this is a durability hint, not a failure.
        pass
    finally:
        os.close(fd)


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def atomic_write_bytes(path: str | Path, data: bytes | bytearray | memoryview) -> Path:
    """Replace `path` with `data`, all or nothing. Raises StorageError with a user sentence."""
    path = Path(path)
    with atomic_path(path) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            _write_fully(fd, data)
        finally:
            os.close(fd)
    return path


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Written byte for byte, without newline translation: the files move between platforms."""
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_write_json(path: str | Path, value: Any) -> Path:
    """Pretty, UTF-8 (not \\u-escaped, so Chinese text stays readable) JSON, written atomically."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False, default=json_default) + "\n"
    return atomic_write_text(path, text)


def json_default(value: Any) -> Any:
    """Engine metadata carries numpy scalars, tuples, paths; store them as plain JSON values."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return dict(value)
    return str(value)


def encode_audio(audio: Audio, fmt: str, *, subtype: str | None = None,
                 tags: Mapping[str, str] | None = None) -> bytes:
    """`audio` as the bytes of a `fmt` file (a key of backends.audio.WRITE_FORMATS).

    `tags` are soundfile string fields (title, comment, ...); those the container cannot hold are
    skipped (see TAGS_BY_FORMAT). Raises ValueError for an unknown format or one that cannot hold
    this audio (e.g. MP3 at a rate MPEG does not define).
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in WRITE_FORMATS:
        raise ValueError(f"cannot write '{fmt}' files; choose one of {', '.join(WRITE_FORMATS)}")
    if len(audio.samples) == 0:
        raise ValueError("there is no audio to save (the clip is empty)")
    container, default_subtype = WRITE_FORMATS[fmt]
    samples = np.clip(audio.samples, -1.0, 1.0)
    buffer = io.BytesIO()
    try:
        with sf.SoundFile(buffer, "w", audio.sample_rate, 1, format=container,
                          subtype=subtype or default_subtype) as out:
            for key, value in (tags or {}).items():
                if key in TAGS_BY_FORMAT[fmt] and value:
                    setattr(out, key, str(value))
            out.write(samples)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise ValueError(f"cannot encode this audio as {fmt.upper()}: {exc}") from exc
    return buffer.getvalue()


def atomic_save_audio(audio: Audio, path: str | Path, fmt: str | None = None, *,
                      subtype: str | None = None) -> Path:
    """Save `audio` to `path` atomically in `fmt` (default: from the suffix)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    return atomic_write_bytes(path, encode_audio(audio, fmt, subtype=subtype))


def writable_target(path: Path) -> Path:
    """The file an atomic write must replace for `path`: a symbolic link is written through (its
    target is replaced, the link stays; renaming over the link would turn it into a plain file),
    and anything that is not a regular file (a device, a pipe, a socket, a folder) is refused,
    because replacing it by rename would destroy it. StorageError with a sentence otherwise."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target  # a new file (also through a link to a file not made yet)
    except OSError as exc:
        raise StorageError.from_os_error(exc, path) from exc
    if stat.S_ISREG(mode):
        return target
    kind = ("a folder" if stat.S_ISDIR(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a special file")
    raise StorageError(f"Could not save {path.name or path}: {path} is {kind}, not a file. "
                       "Choose a file name.", path=path)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """For writers that insist on a file name (third-party libraries): they write the yielded
    temporary path; on a clean exit it is synced and renamed over `path`, on an error removed."""
    path = writable_target(Path(path))
    tmp = temp_path_for(path)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise StorageError.from_os_error(exc, path) from exc
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(path.parent)
