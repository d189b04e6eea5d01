"""The user's pronunciation dictionary on disk: one JSON file in the data folder.

One small file rather than a table in the library index: it is read whole by every take, edited
as a whole in its dialog, and a user may keep it in version control or hand it to a colleague as
it is. It is written atomically (a crash leaves the old file or the new one) and read as hostile
(`Lexicon.from_json` bounds and checks every entry).
"""

from __future__ import annotations

import json
from pathlib import Path

from backends.lexicon import Lexicon, LexiconError
from studio.library.storage import atomic_write_json
from studio.paths import data_dir

FILE_NAME = "pronunciations.json"
MAX_FILE_BYTES = 2_000_000  # 2,000 entries of at most ~260 characters, with room for indentation


def default_path(create: bool = True) -> Path:
    """The studio's dictionary; `create=False` to only read it (a command that reads it must not make
    the data folder appear where there was none)."""
    return data_dir(create) / FILE_NAME


def read_lexicon(path: Path) -> Lexicon:
    """The dictionary in `path` (empty when there is none yet); LexiconError with one sentence when
    the file cannot be used."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return Lexicon()
    except OSError as exc:
        raise LexiconError(f"{path.name} could not be read ({exc.strerror or 'unknown error'}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise LexiconError(f"{path.name} is larger than a pronunciation dictionary can be.")
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):  # "[[[[…" nested past Python's limit
        raise LexiconError(f"{path.name} is not a pronunciation dictionary (it is not JSON text).") from None
    return Lexicon.from_json(value)


def write_lexicon(path: Path, lexicon: Lexicon) -> None:
    """Replace `path` with `lexicon`, all or nothing; `StorageError` (one sentence) on failure."""
    atomic_write_json(path, lexicon.to_json())
