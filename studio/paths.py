"""Where the studio keeps the user's things: one place to ask, so nothing hard-codes a folder.

The platform's own directories (platformdirs) are the default, so takes land where the OS expects
user data and settings where it expects configuration. `STEP_STUDIO_HOME` moves everything under
one folder instead: tests point it at a temporary directory, and a portable install (a USB stick,
a shared lab machine) keeps its data beside the program.

The environment is read on every call rather than once at import, so a test or a launcher can set
it after this module has been imported.

The data folder (takes, voices, presets, sessions, edit projects) can be moved by the user
(studio.library.relocate). Where it went is a small pointer file beside the settings,
`data-location.json` in the config folder, not a settings key: this module must not import the
settings, and the settings are rewritten often while the pointer changes only with a move. The
moved folder holds a marker file, so a folder that exists but is not the data (an unmounted disk's
empty mount point) is told apart from the data itself.

When the pointer cannot be followed (damaged, names a folder that is gone or a disk that is not
mounted) the studio falls back to the default data folder and `data_location().problem` says why,
in one sentence the window shows at start. Why fall back rather than refuse to start: refusing
would also stop the user from reaching the dialog that fixes it, and the default folder is the
only other place the studio knows to be the user's. Why this loses nothing: the pointer is never
rewritten or deleted by the fallback (when the disk is back, the moved folder is used again), the
pointed folder is never created (creating it on an unmounted mount point would hide the disk's
data once it mounts), and the sentence says that what is made meanwhile stays in the default
folder.

The pointer is read on every call too (a few microseconds): a move made by another process, or by
the window before it restarts, is seen by the next command.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "step-audio-studio"
HOME_ENV = "STEP_STUDIO_HOME"
POINTER_FILE = "data-location.json"
POINTER_FORMAT = 1
# In a moved data folder; written by studio.library.relocate before the pointer names the folder.
MARKER_FILE = ".step-audio-studio-data"


def studio_home() -> Path | None:
    """The override folder from `STEP_STUDIO_HOME`, or None when the platform folders apply."""
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def _resolve(kind: str, create: bool) -> Path:
    home = studio_home()
    if home is not None:
        path = home / kind
    elif kind == "data":
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    elif kind == "config":
        path = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    elif kind == "logs":
        path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    else:
        path = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class DataLocation:
    """Where the user's data is, and why, as data_location() found it."""

    path: Path  # the folder in use
    default: Path  # where it is when it was never moved
    chosen: Path | None  # what the pointer names (None: no pointer, or one that could not be read)
    problem: str | None  # why the pointer was not followed, one sentence for the user; None: it was


def pointer_path() -> Path:
    """The file that says where a moved data folder is (see the module's docstring)."""
    return config_dir(create=False) / POINTER_FILE


def read_pointer() -> dict[str, object] | None:
    """The pointer's JSON object; None when there is none. OSError / ValueError when it cannot be
    read or is not a pointer (callers that move the folder want to know, not to fall back)."""
    try:
        text = pointer_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    raw = json.loads(text)
    if not isinstance(raw, dict) or not isinstance(raw.get("data_dir"), str) \
            or not Path(raw["data_dir"]).is_absolute() or raw.get("format") != POINTER_FORMAT:
        raise ValueError("not a data-location pointer")
    return raw


def data_location() -> DataLocation:
    """The data folder in use: the pointer's when it can be followed, else the default (see the
    module's docstring for why, and `problem` for the sentence)."""
    default = _resolve("data", create=False)
    pointer = pointer_path()
    try:
        raw = read_pointer()
    except (OSError, UnicodeDecodeError) as exc:
        reason = (exc.strerror or type(exc).__name__) if isinstance(exc, OSError) else "not UTF-8 text"
        return DataLocation(default, default, None, (
            f"The file {pointer}, which says where your data folder is, could not be read ({reason}); "
            f"the studio uses the default data folder {default} until it can."))
    except ValueError:
        return DataLocation(default, default, None, (
            f"The file {pointer}, which says where your data folder is, is damaged; the studio uses the "
            f"default data folder {default}. Choose your data folder again (File > Data Folder…)."))
    if raw is None:
        return DataLocation(default, default, None, None)
    chosen = Path(str(raw["data_dir"]))
    if chosen == default:
        return DataLocation(default, default, chosen, None)
    try:
        found, marked = chosen.is_dir(), (chosen / MARKER_FILE).is_file()
    except (OSError, ValueError):  # a name too long for this system, a NUL in it: not there
        found = marked = False
    if not found:
        return DataLocation(default, default, chosen, (
            f"Your data folder {chosen} cannot be found (is its disk connected?). Until it is back the "
            f"studio uses the default data folder {default}, and what you make meanwhile is kept there."))
    if not marked:
        return DataLocation(default, default, chosen, (
            f"The folder {chosen} does not hold the studio's data (is its disk mounted?). Until it does "
            f"the studio uses the default data folder {default}, and what you make meanwhile is kept "
            "there."))
    return DataLocation(chosen, default, chosen, None)


def data_dir(create: bool = True) -> Path:
    """The user's data (take library, voices, presets): precious, never deleted by the app.

    A moved folder is used only when it is there (data_location); it is never created here."""
    location = data_location()
    if create and location.path == location.default:
        location.path.mkdir(parents=True, exist_ok=True)
    return location.path


def default_data_dir(create: bool = False) -> Path:
    """Where the data folder is when it was never moved (the platform's, or under the home)."""
    return _resolve("data", create)


def config_dir(create: bool = True) -> Path:
    """Settings: small, rewritten often, safe to reset."""
    return _resolve("config", create)


def cache_dir(create: bool = True) -> Path:
    """Things that can be recomputed (prepared voice profiles, waveform peaks): safe to delete."""
    return _resolve("cache", create)


def log_dir(create: bool = True) -> Path:
    """Diagnostic logs (tracebacks, library chatter): kept out of the user's terminal, safe to delete."""
    return _resolve("logs", create)


def settings_path(create_dir: bool = True) -> Path:
    return config_dir(create_dir) / "settings.json"
