"""Presets: a voice plus tags plus engine settings (plus, for Chat, a persona), saved by name.

A preset points at its voice instead of copying it: either a built-in engine voice
(`engine_id` + `voice_id`) or a voice in the user's library (by id). Presets live in the same
library as voices (`VoiceLibrary.presets`), with the same crash safety (a JSON sidecar per preset
in `presets/` under the data folder, indexed in the shared SQLite file).

Shipped presets are plain preset-only bundle manifests in `studio/presets/`
(format: studio/presets/FORMAT.md); `shipped_presets()` reads them with the same validation an imported
bundle gets, so a broken shipped file is reported instead of crashing the app.
"""

from __future__ import annotations

import builtins
import math
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.voices.manifest import BundleError, read_manifest_file
from studio.voices.store import (
    ID_PATTERN,
    MAX_NAME_CHARS,
    PRESET_FORMAT,
    RecordTable,
    VoiceNotFound,
    json_safe,
)
from studio.voices.text import check_text

if TYPE_CHECKING:
    from studio.voices.store import Store

# The repository's presets folder (beside the packages in a checkout or an editable install).
SHIPPED_DIR = Path(__file__).resolve().parents[1] / "presets"


# What a preset may ask of any engine: engines narrow these further (the embedded one speaks at
# 0.5-2x and shifts at most 12 semitones) and say so when asked; a number outside them is no
# setting anyone meant, so it is refused when the preset is saved or imported, not at synthesis.
MIN_SPEED, MAX_SPEED = 0.25, 4.0
MAX_PITCH = 24.0  # semitones either way: two octaves


class PresetNotFound(VoiceNotFound):
    pass


@dataclass(frozen=True)
class VoiceRef:
    """Which voice a preset speaks with: built in (engine_id + voice_id) or from the library."""

    kind: str  # "built-in" | "library"
    voice_id: str
    engine_id: str = ""  # for built-in voices

    @classmethod
    def built_in(cls, engine_id: str, voice_id: str) -> VoiceRef:
        return cls("built-in", voice_id, engine_id)

    @classmethod
    def library(cls, voice_id: str) -> VoiceRef:
        return cls("library", voice_id)

    def to_json(self) -> dict[str, Any]:
        if self.kind == "library":
            return {"kind": "library", "voice_id": self.voice_id}
        return {"kind": "built-in", "engine_id": self.engine_id, "voice_id": self.voice_id}

    @classmethod
    def from_json(cls, raw: Any, where: str, strict: bool = True) -> VoiceRef:
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where}: 'voice' must be an object")
        kind, voice_id, engine_id = raw.get("kind"), raw.get("voice_id"), raw.get("engine_id", "")
        if kind not in ("built-in", "library"):
            raise ValueError(f"{where}: voice kind must be 'built-in' or 'library', not {kind!r}")
        if not isinstance(voice_id, str) or not voice_id or len(voice_id) > 200:
            raise ValueError(f"{where}: the voice has no valid voice_id")
        if kind == "built-in" and (not isinstance(engine_id, str) or not engine_id):
            raise ValueError(f"{where}: a built-in voice needs an engine_id")
        if kind == "library" and not ID_PATTERN.match(voice_id):
            raise ValueError(f"{where}: the library voice id is not valid")
        if strict:
            check_text(voice_id, f"{where}'s voice id")
            check_text(engine_id, f"{where}'s engine id")
        return cls(kind, voice_id, engine_id if kind == "built-in" else "")


@dataclass(frozen=True)
class EngineSettings:
    engine_id: str = ""  # "" : whichever engine the user has chosen (and the built-in voice's own)
    speed: float = 1.0
    pitch: float = 0.0  # semitones
    options: Mapping[str, Any] = field(default_factory=dict)  # engine-specific, JSON-safe

    def to_json(self) -> dict[str, Any]:
        return {"engine_id": self.engine_id, "speed": self.speed, "pitch": self.pitch,
                "options": dict(self.options)}

    @classmethod
    def from_json(cls, raw: Any, where: str, strict: bool = True) -> EngineSettings:
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where}: 'engine' must be an object")
        engine_id = raw.get("engine_id", "")
        speed, pitch = raw.get("speed", 1.0), raw.get("pitch", 0.0)
        if not isinstance(engine_id, str):
            raise ValueError(f"{where}: engine_id must be text")
        for name, value in (("speed", speed), ("pitch", pitch)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{where}: {name} must be a number")
        if speed <= 0:
            raise ValueError(f"{where}: speed must be positive")
        if strict:
            check_text(engine_id, f"{where}'s engine id")
            if not MIN_SPEED <= speed <= MAX_SPEED:
                raise ValueError(f"{where}: speed {speed:g} is outside {MIN_SPEED:g}..{MAX_SPEED:g}")
            if not -MAX_PITCH <= pitch <= MAX_PITCH:
                raise ValueError(f"{where}: pitch {pitch:g} is outside ±{MAX_PITCH:g} semitones")
        options = raw.get("options", {})
        if not isinstance(options, Mapping):
            raise ValueError(f"{where}: options must be an object")
        return cls(engine_id, float(speed), float(pitch), json_safe(dict(options), f"{where}'s options"))


@dataclass(frozen=True)
class Persona:
    """Who the voice is in Chat: a name and the system prompt given to the chat model."""

    name: str
    system_prompt: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "system_prompt": self.system_prompt}

    @classmethod
    def from_json(cls, raw: Any, where: str, strict: bool = True) -> Persona | None:
        if raw is None:
            return None
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name", ""), str) \
                or not isinstance(raw.get("system_prompt", ""), str):
            raise ValueError(f"{where}: 'persona' must be an object with a name and a system_prompt")
        if strict:
            check_text(raw.get("name", ""), f"{where}'s persona name")
            check_text(raw.get("system_prompt", ""), f"{where}'s persona prompt", multiline=True)
        return cls(raw.get("name", ""), raw.get("system_prompt", ""))


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    voice: VoiceRef
    tags: str  # tags put in front of the text, e.g. "(高兴1)(快速1)"
    engine: EngineSettings
    persona: Persona | None = None
    description: str = ""
    created: float = 0.0
    extra: Mapping[str, Any] = field(default_factory=dict)  # unknown fields, kept for round trips

    KNOWN = ("id", "name", "voice", "tags", "engine", "persona", "description", "created")

    def to_json(self) -> dict[str, Any]:
        return {**dict(self.extra), "id": self.id, "name": self.name, "voice": self.voice.to_json(),
                "tags": self.tags, "engine": self.engine.to_json(),
                "persona": self.persona.to_json() if self.persona else None,
                "description": self.description, "created": self.created}

    @classmethod
    def from_json(cls, raw: Any, where: str = "the preset", strict: bool = True) -> Preset:
        """Validate an untrusted preset (a sidecar, a bundle entry); ValueError says why.

        `strict` (new, changed and imported presets) also refuses control characters and bidi
        overrides in its text and absurd speeds and pitches; presets read back from the library
        are checked leniently, so one saved before those rules still opens.
        """
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where} must be an object")
        preset_id, name = raw.get("id"), raw.get("name")
        if not isinstance(preset_id, str) or not ID_PATTERN.match(preset_id):
            raise ValueError(f"{where} has no valid id (letters, digits, '-' and '_', at most 64)")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS:
            raise ValueError(f"{where} has no valid name")
        tags, description = raw.get("tags", ""), raw.get("description", "")
        if not isinstance(tags, str) or not isinstance(description, str):
            raise ValueError(f"{where}: 'tags' and 'description' must be text")
        if strict:
            check_text(name, f"{where}'s name")
            check_text(tags, f"{where}'s tags")
            description = check_text(description, f"{where}'s description", multiline=True)
        created = raw.get("created", 0.0)
        if isinstance(created, bool) or not isinstance(created, (int, float)):
            raise ValueError(f"{where}: 'created' must be a number")
        extra = json_safe({k: v for k, v in raw.items() if k not in cls.KNOWN}, where)
        return cls(preset_id, " ".join(name.split()), VoiceRef.from_json(raw.get("voice"), where, strict),
                   tags, EngineSettings.from_json(raw.get("engine", {}), where, strict),
                   Persona.from_json(raw.get("persona"), where, strict), description, float(created), extra)

    def text_for(self, text: str) -> str:
        """The text to synthesise: the preset's tags in front of the user's text."""
        return f"{self.tags}{text}" if self.tags else text


def _preset_search(record: dict[str, Any]) -> str:
    persona = record.get("persona") or {}
    voice = record.get("voice") or {}
    return "\n".join([record.get("name", ""), record.get("tags", ""), record.get("description", ""),
                      str(voice.get("voice_id", "")), str(persona.get("name", ""))])


class PresetLibrary:
    """The user's presets; reached as `VoiceLibrary(root).presets` (it shares that connection)."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.table = RecordTable(store, "presets", folder, PRESET_FORMAT, False, _preset_search)

    @staticmethod
    def validate(record: dict[str, Any]) -> dict[str, Any]:
        return Preset.from_json(record).to_json()

    @staticmethod
    def read_back(record: dict[str, Any]) -> dict[str, Any]:
        """A saved preset, checked leniently (see Preset.from_json's `strict`)."""
        return Preset.from_json(record, strict=False).to_json()

    def add(self, name: str, voice: VoiceRef, *, tags: str = "", engine: EngineSettings | None = None,
            persona: Persona | None = None, description: str = "") -> Preset:
        preset = Preset(uuid.uuid4().hex, name, voice, tags, engine or EngineSettings(), persona,
                        description, time.time())
        record = self.validate(preset.to_json())
        self.table.add(record)
        return self.get(record["id"])

    def list(self, search: str | None = None) -> builtins.list[Preset]:
        return [Preset.from_json(r, strict=False) for r in self.table.list(search)]

    def get(self, preset_id: str) -> Preset:
        record = self.table.get(preset_id)
        if record is None:
            raise PresetNotFound(f"There is no preset {preset_id} in the library (it may have been deleted).")
        return Preset.from_json(record, strict=False)

    def rename(self, preset_id: str, name: str) -> Preset:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a preset needs a name")
        return self._update(preset_id, {"name": name})

    def update(self, preset_id: str, *, voice: VoiceRef | None = None, tags: str | None = None,
               engine: EngineSettings | None = None, persona: Persona | None = None,
               description: str | None = None) -> Preset:
        changes: dict[str, Any] = {}
        if voice is not None:
            changes["voice"] = voice.to_json()
        if tags is not None:
            changes["tags"] = tags
        if engine is not None:
            changes["engine"] = engine.to_json()
        if persona is not None:
            changes["persona"] = persona.to_json()
        if description is not None:
            changes["description"] = description
        return self._update(preset_id, changes)

    def _update(self, preset_id: str, changes: dict[str, Any]) -> Preset:
        try:
            return Preset.from_json(self.table.update(preset_id, lambda r: self.validate({**r, **changes})))
        except VoiceNotFound:
            raise PresetNotFound(f"There is no preset {preset_id} in the library (it may have been "
                                 f"deleted).") from None

    def delete(self, preset_id: str) -> None:
        self.get(preset_id)
        self.table.delete(preset_id)


@dataclass(frozen=True)
class ShippedPresets:
    presets: tuple[Preset, ...]
    problems: tuple[str, ...]  # one sentence per file that could not be read


def shipped_presets(folder: Path | None = None) -> ShippedPresets:
    """The presets that come with the studio (`studio/presets/*.json`), validated like any bundle."""

    folder = SHIPPED_DIR if folder is None else folder
    found: builtins.list[Preset] = []
    problems: builtins.list[str] = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            manifest = read_manifest_file(path)
            found.extend(Preset.from_json(p, f"preset {i + 1} in {path.name}")
                         for i, p in enumerate(manifest.get("presets", [])))
        except (BundleError, ValueError) as exc:
            problems.append(f"{path.name}: {exc}")
    return ShippedPresets(tuple(found), tuple(problems))


def describe(preset: Preset) -> str:
    """One line for lists: name, voice, tags, speed."""
    voice = (f"{preset.voice.engine_id}:{preset.voice.voice_id}" if preset.voice.kind == "built-in"
             else f"library voice {preset.voice.voice_id}")
    bits = [voice] + ([preset.tags] if preset.tags else []) + (
        [f"speed {preset.engine.speed:g}"] if preset.engine.speed != 1.0 else [])
    return f"{preset.name} ({', '.join(bits)})"

