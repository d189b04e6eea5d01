"""The user's settings: one small JSON file in the config folder, written atomically.

Three promises shape this module:

- A newer version of the app may have added keys; an older one opening the same file must keep
  them (`Settings.extra`), so switching versions back and forth never loses a setting.
- A corrupt or hand-broken file never stops the app from starting: it is moved aside as
  `settings.json.bad-<timestamp>` (kept, so nothing is destroyed) and defaults are used, with a
  message the UI shows once. A single bad value only resets that value, with a message too.
- Saving is atomic (studio.library.storage): a crash mid-save leaves the previous settings.

Window geometry is an opaque base64 string (what Qt's saveGeometry gives, encoded), so this model
stays Qt-free.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from studio import paths
from studio.library.storage import StorageError, atomic_write_json

SETTINGS_VERSION = 1
UI_LANGUAGES = ("en", "zh_CN")
EXPORT_FORMAT_CHOICES = ("wav", "flac", "ogg", "mp3")


@dataclass(frozen=True)
class Settings:
    engine_id: str | None = None  # None: the registry's default engine
    voices: dict[str, str] = field(default_factory=dict)  # engine id -> voice id last used with it
    speed: float = 1.0  # multiplier
    pitch: float = 0.0  # semitones
    output_device: str | None = None  # None: the system's default output
    ui_language: str = "en"  # one of UI_LANGUAGES
    last_export_dir: str | None = None
    last_export_format: str = "wav"
    window_geometry: str | None = None  # base64 of the GUI's saved geometry
    window_state: str | None = None  # base64 of the GUI's saved dock/toolbar state
    # The engine server's OpenAI voice names -> studio voice ids, over its built-in table
    # (studio.server.openai_compat.OPENAI_VOICES): `step-studio serve` reads it at start.
    openai_voices: dict[str, str] = field(default_factory=dict)
    # Voice families (Kokoro, espeak-ng) unused this many minutes are unloaded; 0: never. Piper, the
    # default voice, stays loaded so the next take starts at once.
    unload_idle_minutes: int = 10
    extra: dict[str, Any] = field(default_factory=dict)  # keys this version does not know

    def voice_for(self, engine_id: str) -> str | None:
        return self.voices.get(engine_id)

    def with_voice(self, engine_id: str, voice_id: str | None) -> Settings:
        voices = dict(self.voices)
        if voice_id:
            voices[engine_id] = voice_id
        else:
            voices.pop(engine_id, None)
        return replace(self, voices=voices)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "extra"}
        # Unknown keys first, known ones over them: what this version knows it owns.
        return {**self.extra, **data, "version": SETTINGS_VERSION}


_KNOWN = tuple(f.name for f in fields(Settings) if f.name != "extra")


def _check(name: str, value: Any) -> Any:
    """`value` if it is valid for field `name`; raises ValueError with the reason otherwise."""
    if name in ("engine_id", "output_device", "last_export_dir", "window_geometry", "window_state"):
        if value is None or isinstance(value, str):
            return value or None
        raise ValueError("expected text")
    if name in ("speed", "pitch"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError("expected a number")
        if name == "speed" and not 0.25 <= value <= 4.0:
            raise ValueError("speed must be between 0.25 and 4")
        if name == "pitch" and not -24 <= value <= 24:
            raise ValueError("pitch must be between -24 and 24 semitones")
        return float(value)
    if name == "voices":
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise ValueError("expected a map of engine id to voice id")
        return dict(value)
    if name == "openai_voices":
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v for k, v in value.items()):
            raise ValueError("expected a map of OpenAI voice name to studio voice id")
        return {k.strip().lower(): v for k, v in value.items()}
    if name == "unload_idle_minutes":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1440:
            raise ValueError("expected whole minutes from 0 (never) to 1440")
        return value
    if name == "ui_language":
        if value not in UI_LANGUAGES:
            raise ValueError(f"expected one of {', '.join(UI_LANGUAGES)}")
        return value
    if name == "last_export_format":
        if value not in EXPORT_FORMAT_CHOICES:
            raise ValueError(f"expected one of {', '.join(EXPORT_FORMAT_CHOICES)}")
        return value
    raise AssertionError(f"unhandled settings field {name}")  # pragma: no cover


def settings_from_json(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Settings from a parsed file, and one message per value that was invalid and reset."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name in _KNOWN:
        if name not in data:
            continue
        try:
            values[name] = _check(name, data[name])
        except ValueError as exc:
            problems.append(f"The setting “{name}” had an invalid value ({exc}); the default is used.")
    extra = {k: v for k, v in data.items() if k not in _KNOWN and k != "version"}
    return Settings(**values, extra=extra), problems


class SettingsStore:
    """Loads and saves `Settings` at `path` (default: studio.paths.settings_path()).

    After `load()`, `message` holds what the user should be told (a moved-aside file, reset
    values), or None.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.settings_path()
        self.message: str | None = None

    def load(self) -> Settings:
        self.message = None
        try:
            raw = self.path.read_text("utf-8")
        except FileNotFoundError:
            return Settings()
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(f"could not be read ({exc})")
        try:
            data = json.loads(raw)
        except ValueError as exc:
            return self._set_aside(f"was damaged ({exc.__class__.__name__}: {exc})")
        if not isinstance(data, dict):
            return self._set_aside("did not hold settings")
        settings, problems = settings_from_json(data)
        if problems:
            self.message = " ".join(problems)
        return settings

    def _set_aside(self, why: str) -> Settings:
        aside = self.path.with_name(f"{self.path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            self.path.replace(aside)
            where = f"It was kept as {aside.name}."
        except OSError:
            where = "It could not be moved aside and will be replaced on the next save."
        self.message = f"Your settings file {why}, so the default settings are used. {where}"
        return Settings()

    def save(self, settings: Settings) -> None:
        """Raises StorageError (with a user sentence) when the config folder cannot be written."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError.from_os_error(exc, self.path) from exc
        atomic_write_json(self.path, settings.to_json())
