"""Where the studio keeps the user's things: one place to ask, so nothing hard-codes a folder.

The platform's own directories (platformdirs) are the default, so takes land where the OS expects
user data and settings where it expects configuration. `STEP_STUDIO_HOME` moves everything under
one folder instead: tests point it at a temporary directory, and a portable install (a USB stick,
a shared lab machine) keeps its data beside the program.

The environment is read on every call rather than once at import, so a test or a launcher can set
it after this module has been imported.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "step-audio-studio"
HOME_ENV = "STEP_STUDIO_HOME"


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


def data_dir(create: bool = True) -> Path:
    """The user's data (take library, voices, presets): precious, never deleted by the app."""
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
