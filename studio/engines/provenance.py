"""What a take records about how it was made: the same fields from every front end.

Why one place: the CLI once recorded the voice it was asked for while another voice spoke (the
embedded engine hands a Mandarin line to a voice that speaks it), and the window recorded no voice
at all for engines that report `voice` rather than `voice_id`. A take's metadata is the engine's
own Finished report, completed here with what the front end knows for certain (the request as it
ran, the engine id and versions), and `spoken_voice` reads the one voice id a take is filed under.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backends.base import SynthesisRequest


def request_record(request: SynthesisRequest) -> dict[str, Any]:
    """The request's settings as run: JSON-safe, no text (the take keeps that), no profile data."""
    profile = request.voice_profile
    return {"voice_id": request.voice_id, "speed": request.speed, "pitch": request.pitch,
            "seed": request.seed, "options": dict(request.options),
            "voice_profile": None if profile is None else {"engine_id": profile.engine_id,
                                                            "kind": profile.kind}}


def complete(metadata: Mapping[str, Any] | object, request: SynthesisRequest, engine_id: str,
             engine_version: str) -> dict[str, Any]:
    """The engine's report with engine, version, voice and settings filled in where it said nothing.
    The engine's words win where it reported (its `voice` is the voice that spoke, e.g. its default
    when none was asked for)."""
    meta = dict(metadata) if isinstance(metadata, Mapping) else {}
    meta.setdefault("engine", engine_id)
    meta.setdefault("engine_version", engine_version)
    if request.voice_id:
        meta.setdefault("voice", request.voice_id)
    meta.setdefault("speed", request.speed)
    meta.setdefault("pitch", request.pitch)
    meta.setdefault("seed", request.seed)
    return meta


def made_with(front_end: str, engine_id: str, engine_version: str,
              request: SynthesisRequest) -> dict[str, Any]:
    """Who made the take and how: the front end ("window", "cli", "server"), the engine id as the
    studio knows it, the versions, and the request as run."""
    from studio.library.export import studio_version

    return {"front_end": front_end, "engine_id": engine_id, "engine_version": engine_version,
            "studio_version": studio_version(), "request": request_record(request)}


def spoken_voice(metadata: Mapping[str, Any]) -> str:
    """The voice id a take is filed under: a library voice when one was asked for (its profile
    spoke), else the one voice that spoke, else what the engine reported, else what was asked."""
    library = metadata.get("library_voice_id")
    if isinstance(library, str) and library:
        return library
    record = metadata.get("made_with")
    request = record.get("request") if isinstance(record, Mapping) else None
    if not isinstance(request, Mapping):
        request = {}
    asked = request.get("voice_id")
    if request.get("voice_profile") and asked:
        return str(asked)
    used = metadata.get("voices_used")
    if isinstance(used, list) and len(used) == 1 and isinstance(used[0], str) and used[0]:
        return used[0]
    voice = metadata.get("voice")
    if isinstance(voice, str) and voice:
        return voice
    return str(asked or "")
