"""Role-play personas: a system prompt, a voice and a line for the picker.

Shipped personas are plain TOML files in `studio/presets/personas/` (format in its README) so users can
copy one, edit the prompt and drop it in their own folder; JSON works too for generated ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tomllib

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "presets" / "personas"


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    system_prompt: str
    voice_id: str | None = None
    description: str = ""


class PersonaError(ValueError):
    """A persona file cannot be used; the message names the file and the problem."""


def parse_persona(raw: dict, source: str, fallback_id: str) -> Persona:
    prompt = raw.get("system_prompt")
    name = raw.get("name")
    if not isinstance(prompt, str) or not prompt.strip():
        raise PersonaError(f"{source}: 'system_prompt' must be a non-empty string")
    if not isinstance(name, str) or not name.strip():
        raise PersonaError(f"{source}: 'name' must be a non-empty string")
    voice = raw.get("voice_id") or None
    return Persona(id=str(raw.get("id") or fallback_id), name=name.strip(), system_prompt=prompt.strip(),
                   voice_id=str(voice) if voice else None,
                   description=str(raw.get("description", "")).strip())


def load_persona_file(path: Path) -> Persona:
    try:
        if path.suffix == ".toml":
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        else:
            raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PersonaError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise PersonaError(f"{path}: expected a table of fields")
    return parse_persona(raw, str(path), path.stem)


def load_personas(extra_dirs: Iterable[Path | str] = ()) -> list[Persona]:
    """Shipped personas, then those in `extra_dirs`; a later file with the same id replaces an
    earlier one (so a user's copy overrides the shipped persona). Broken files are skipped: one bad
    user file must not empty the picker."""
    found: dict[str, Persona] = {}
    for folder in (SHIPPED_DIR, *map(Path, extra_dirs)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".toml", ".json"):
                continue
            try:
                persona = load_persona_file(path)
            except PersonaError:
                continue
            found[persona.id] = persona
    return list(found.values())
