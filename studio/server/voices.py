"""Voices the server prepared from uploaded clips (`POST /v1/engines/{id}/voices`), kept by id.

A prepared voice is the engine's `VoiceProfile` (JSON by contract, see backends.base), so the store
is plain JSON: in memory, and also in `folder/<engine id>/<voice id>.json` when the server was
given a folder, so prepared voices survive a restart. Ids are random (not derived from the
name): deleting one voice can never hit another client's voice of the same name.

Each voice keeps the consent record its client sent (who is speaking, how they agreed; see
studio.server.routes.voices), as a voice in the studio's own library does. Voices stored before
the server asked for it have none (`consent` is null).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from backends.base import VoiceProfile

ID_PREFIX = "prepared-"
_ID_RE = re.compile(r"^prepared-[0-9a-f]{16}$")


class PreparedVoice:
    def __init__(self, voice_id: str, engine_id: str, name: str, transcript: str | None,
                 profile: VoiceProfile, created: float, consent: dict[str, Any] | None = None) -> None:
        self.id = voice_id
        self.engine_id = engine_id
        self.name = name
        self.transcript = transcript
        self.profile = profile
        self.created = created
        self.consent = consent

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "engine_id": self.engine_id, "name": self.name, "transcript": self.transcript,
                "created": self.created, "profile": self.profile.to_json(), "consent": self.consent}

    @classmethod
    def from_json(cls, raw: Any) -> PreparedVoice:
        consent = raw.get("consent")
        return cls(str(raw["id"]), str(raw["engine_id"]), str(raw["name"]), raw.get("transcript"),
                   VoiceProfile.from_json(raw["profile"]), float(raw.get("created", 0.0)),
                   dict(consent) if isinstance(consent, dict) else None)


class VoiceStore:
    """Thread-safe; `folder=None` keeps voices in memory only (they end with the server)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder else None
        self._lock = threading.Lock()
        self._voices: dict[str, PreparedVoice] = {}
        if self.folder is not None:
            for path in sorted(self.folder.glob("*/prepared-*.json")):
                with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                    voice = PreparedVoice.from_json(json.loads(path.read_text(encoding="utf-8")))
                    if _ID_RE.match(voice.id):
                        self._voices[voice.id] = voice

    def add(self, engine_id: str, name: str, transcript: str | None, profile: VoiceProfile,
            consent: dict[str, Any] | None = None) -> PreparedVoice:
        voice_id = ID_PREFIX + secrets.token_hex(8)
        voice = PreparedVoice(voice_id, engine_id, name, transcript, profile, time.time(), consent)
        if self.folder is not None:
            target = self.folder / engine_id / f"{voice.id}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_text(json.dumps(voice.to_json(), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, target)
        with self._lock:
            self._voices[voice.id] = voice
        return voice

    def get(self, engine_id: str, voice_id: str) -> PreparedVoice | None:
        with self._lock:
            voice = self._voices.get(voice_id)
        return voice if voice is not None and voice.engine_id == engine_id else None

    def list(self, engine_id: str) -> list[PreparedVoice]:
        with self._lock:
            mine = [v for v in self._voices.values() if v.engine_id == engine_id]
        return sorted(mine, key=lambda v: v.created)

    def delete(self, engine_id: str, voice_id: str) -> bool:
        with self._lock:
            voice = self._voices.get(voice_id)
            if voice is None or voice.engine_id != engine_id:
                return False
            del self._voices[voice_id]
        if self.folder is not None:
            with contextlib.suppress(FileNotFoundError):
                (self.folder / engine_id / f"{voice_id}.json").unlink()
        return True
