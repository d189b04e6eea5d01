"""The one JSON wire format the engine server and the client engine share.

Both ends import this module and nothing else describes the format, so the two cannot drift.
It is plain JSON (no pickle, no Qt, no studio imports): other tools can speak it, and an engine
server can run on a host that has neither the GUI nor the studio's library.

Audio travels as base64 of little-endian float32 PCM (`"encoding": "f32le"`). float32 is what
every engine produces and what the studio keeps, so a take made through the server is bit-identical
to the same take made in process; int16 would halve the bytes but quantise (and clip overshoot).
Measured: one second of 24 kHz audio is 96 000 bytes of float32, 128 000 characters of base64
(about 1 Mbit/s of audio-time), which loopback and any LAN carry far faster than an engine makes
it. Decoding also accepts `"s16le"` so a bandwidth-starved deployment can choose the smaller form.

A stream of synthesis events is NDJSON: one event object per line, `{"type": ...}`, where the type
is audio, progress, warning, tokens (a token engine's audio tokens as it makes them: `codes` in
the `<audio_N>` numbering, the `start` of their sentence in seconds and their `index` in it),
finished, heartbeat (sent while the engine is quiet, so the client
can tell a slow take from a dead server) or error (a failure after streaming began). Refusals
before streaming are HTTP errors with the body `{"error": {"code", "message"}}`.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from backends.base import (
    AudioChunk,
    Availability,
    CloneSupport,
    Finished,
    Hardware,
    Manifest,
    PhonemeTimings,
    Progress,
    Range,
    SpeechTokens,
    Support,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
    TagSupport,
    VoiceInfo,
    VoiceProfile,
    phoneme_item,
)
from backends.edits import EditSupport
from backends.lexicon import Lexicon, LexiconError

WIRE_VERSION = 1
AUDIO_CODES = 5120  # the `<audio_N>` numbering: 0..1023 vq02, 1024..5119 vq06
MAX_TOKENS_PER_EVENT = 100_000  # about 40 minutes of speech; an engine reports far fewer at a time
NDJSON_MEDIA_TYPE = "application/x-ndjson"
AUDIO_ENCODINGS = ("f32le", "s16le")


class WireError(ValueError):
    """A message does not follow the wire format; the text says what is wrong, for a log or a user."""


class Heartbeat:
    """A keep-alive line: the engine is still working. Never reaches an engine's caller."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Heartbeat)

    def __hash__(self) -> int:
        return hash(Heartbeat)


class RemoteError:
    """An `error` line: the take failed after streaming began (`code` is stable, `message` for people)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RemoteError) and (self.code, self.message) == (other.code, other.message)

    def __hash__(self) -> int:
        return hash((self.code, self.message))

    def __repr__(self) -> str:
        return f"RemoteError({self.code!r}, {self.message!r})"


WireEvent = SynthesisEvent | Heartbeat | RemoteError


# --- small helpers ----------------------------------------------------------------------------


def _get(raw: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(raw, Mapping):
        raise WireError(f"{what} must be a JSON object")
    if key not in raw:
        raise WireError(f"{what} lacks '{key}'")
    value = raw[key]
    # bool is an int in Python; a flag must not pass as a number or the other way round.
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise WireError(f"{what}: '{key}' has the wrong type")
    if not isinstance(value, kind):
        raise WireError(f"{what}: '{key}' has the wrong type")
    return value


def _opt(raw: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str, default: Any) -> Any:
    if raw.get(key) is None:
        return default
    return _get(raw, key, kind, what)


def _number(raw: Mapping[str, Any], key: str, what: str, default: float | None = None) -> float:
    if default is not None and raw.get(key) is None:
        return default
    value = float(_get(raw, key, (int, float), what))
    if not math.isfinite(value):
        raise WireError(f"{what}: '{key}' must be a finite number")
    return value


def _span(value: Any, what: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise WireError(f"{what}: a span must be two integers")
    return (value[0], value[1])


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise WireError(f"{what} must be a list of strings")
    return tuple(value)


def json_safe(value: Any) -> Any:
    """Metadata as plain JSON: tuples become lists, numpy scalars and arrays become numbers and
    lists; anything else unknown becomes its string (metadata is a record, never code)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v) for v in value]
    if isinstance(value, np.generic):
        return json_safe(value.item())
    if isinstance(value, np.ndarray):
        return json_safe(value.tolist())
    return str(value)


# --- manifest ---------------------------------------------------------------------------------


def _range_to(r: Range | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"minimum": r.minimum, "maximum": r.maximum, "default": r.default, "how": r.how}


def _range_from(raw: Any, what: str) -> Range | None:
    if raw is None:
        return None
    return Range(_number(raw, "minimum", what), _number(raw, "maximum", what), _number(raw, "default", what),
                 _opt(raw, "how", str, what, ""))


def _edit_to(e: EditSupport) -> dict[str, Any]:
    return {"support": e.support.value, "how": e.how, "values": list(e.values), "max_seconds": e.max_seconds}


def _edits_from(raw: Any) -> dict[str, EditSupport]:
    """The manifest's edits: an object kind -> {support, how, values, max_seconds}; a list of kind
    names (what servers sent before edits were declared per kind) means each is native."""
    if isinstance(raw, list):
        return {k: EditSupport(Support.NATIVE, "") for k in _strings(raw, "manifest edits")}
    out: dict[str, EditSupport] = {}
    for key, entry in raw.items():
        what = f"edit '{key}'"
        try:
            support = Support(_get(entry, "support", str, what))
        except ValueError as exc:
            raise WireError(f"{what}: unknown support level") from exc
        out[key] = EditSupport(support, _opt(entry, "how", str, what, ""),
                               _strings(_opt(entry, "values", list, what, []), f"{what} values"),
                               _number(entry, "max_seconds", what, 0.0))
    return out


def encode_manifest(m: Manifest) -> dict[str, Any]:
    return {
        "id": m.id, "name": m.name, "version": m.version, "licence": m.licence,
        "description": m.description, "languages": list(m.languages),
        "tags": {k: {"support": t.support.value, "how": t.how} for k, t in m.tags.items()},
        "streaming": m.streaming, "speed": _range_to(m.speed), "pitch": _range_to(m.pitch),
        "cloning": {"kind": m.cloning.kind, "min_seconds": m.cloning.min_seconds,
                    "ideal_seconds": m.cloning.ideal_seconds, "max_seconds": m.cloning.max_seconds,
                    "needs_transcript": m.cloning.needs_transcript, "note": m.cloning.note},
        "edits": {k: _edit_to(e) for k, e in m.edits.items()},
        "transcribe": m.transcribe, "vad": m.vad, "chat": m.chat,
        "tokenize": m.tokenize,
        "hardware": {"device": m.hardware.device, "memory_mb": m.hardware.memory_mb, "note": m.hardware.note},
        "pronunciation": {k: {"support": t.support.value, "how": t.how} for k, t in m.pronunciation.items()},
    }


def _supports_from(raw: Any, what: str) -> dict[str, TagSupport]:
    out: dict[str, TagSupport] = {}
    for key, entry in raw.items():
        try:
            support = Support(_get(entry, "support", str, f"{what} '{key}'"))
        except ValueError as exc:
            raise WireError(f"{what} '{key}': unknown support level") from exc
        out[key] = TagSupport(support, _opt(entry, "how", str, f"{what} '{key}'", ""))
    return out


def decode_manifest(raw: Any) -> Manifest:
    what = "manifest"
    tags = _supports_from(_get(raw, "tags", dict, what), "tag")
    c = _opt(raw, "cloning", dict, what, {})
    h = _opt(raw, "hardware", dict, what, {})
    return Manifest(
        id=_get(raw, "id", str, what), name=_get(raw, "name", str, what),
        version=_opt(raw, "version", str, what, ""), licence=_opt(raw, "licence", str, what, ""),
        description=_opt(raw, "description", str, what, ""),
        languages=_strings(_opt(raw, "languages", list, what, []), "manifest languages"),
        tags=tags, streaming=_opt(raw, "streaming", bool, what, False),
        speed=_range_from(raw.get("speed"), "manifest speed"),
        pitch=_range_from(raw.get("pitch"), "manifest pitch"),
        cloning=CloneSupport(
            kind=_opt(c, "kind", str, "cloning", "none"),
            min_seconds=_number(c, "min_seconds", "cloning", 0.0),
            ideal_seconds=_number(c, "ideal_seconds", "cloning", 0.0),
            max_seconds=_number(c, "max_seconds", "cloning", 0.0),
            needs_transcript=_opt(c, "needs_transcript", bool, "cloning", False),
            note=_opt(c, "note", str, "cloning", "")),
        edits=_edits_from(_opt(raw, "edits", (list, dict), what, {})),
        transcribe=_opt(raw, "transcribe", bool, what, False), vad=_opt(raw, "vad", bool, what, False),
        chat=_opt(raw, "chat", bool, what, False), tokenize=_opt(raw, "tokenize", bool, what, False),
        hardware=Hardware(device=_opt(h, "device", str, "hardware", "cpu"),
                          memory_mb=int(_opt(h, "memory_mb", int, "hardware", 0)),
                          note=_opt(h, "note", str, "hardware", "")),
        pronunciation=_supports_from(_opt(raw, "pronunciation", dict, what, {}), "pronunciation"),
    )


# --- voices and availability --------------------------------------------------------------------


def encode_voice(v: VoiceInfo) -> dict[str, Any]:
    return {"id": v.id, "name": v.name, "languages": list(v.languages), "sample_rate": v.sample_rate,
            "gender": v.gender, "description": v.description, "native_pitch": v.native_pitch,
            "origin": v.origin}


def decode_voice(raw: Any) -> VoiceInfo:
    what = "voice"
    return VoiceInfo(
        id=_get(raw, "id", str, what), name=_get(raw, "name", str, what),
        languages=_strings(_opt(raw, "languages", list, what, []), "voice languages"),
        sample_rate=_get(raw, "sample_rate", int, what), gender=_opt(raw, "gender", str, what, ""),
        description=_opt(raw, "description", str, what, ""),
        native_pitch=_opt(raw, "native_pitch", bool, what, False),
        origin=_opt(raw, "origin", str, what, "built-in"))


def encode_availability(a: Availability) -> dict[str, Any]:
    return {"available": a.available, "reason": a.reason, "fix": a.fix}


def decode_availability(raw: Any) -> Availability:
    what = "availability"
    return Availability(_get(raw, "available", bool, what), _opt(raw, "reason", str, what, ""),
                        _opt(raw, "fix", str, what, ""))


# --- requests ---------------------------------------------------------------------------------


def encode_request(r: SynthesisRequest) -> dict[str, Any]:
    return {"text": r.text, "voice_id": r.voice_id, "speed": r.speed, "pitch": r.pitch, "seed": r.seed,
            "options": json_safe(dict(r.options)),
            "voice_profile": None if r.voice_profile is None else json_safe(r.voice_profile.to_json()),
            "lexicon": [e.to_json() for e in r.lexicon]}


def decode_request(raw: Any) -> SynthesisRequest:
    what = "request"
    profile_raw = _opt(raw, "voice_profile", dict, what, None)
    profile: VoiceProfile | None = None
    if profile_raw is not None:
        try:
            profile = VoiceProfile.from_json(profile_raw)
        except (KeyError, TypeError, ValueError) as exc:
            raise WireError(f"voice_profile is not a voice profile ({exc})") from exc
    seed = _opt(raw, "seed", int, what, None)
    try:  # hostile until checked: bounded, every entry checked as a dialog's would be
        lexicon = Lexicon.from_json(_opt(raw, "lexicon", list, what, [])).entries
    except LexiconError as exc:
        raise WireError(f"lexicon: {exc}") from exc
    return SynthesisRequest(
        text=_get(raw, "text", str, what), voice_id=_opt(raw, "voice_id", str, what, None),
        speed=_number(raw, "speed", what, 1.0), pitch=_number(raw, "pitch", what, 0.0),
        seed=seed, options=dict(_opt(raw, "options", dict, what, {})), voice_profile=profile,
        lexicon=lexicon)


# --- audio and events -------------------------------------------------------------------------


def encode_samples(samples: np.ndarray, encoding: str = "f32le") -> str:
    """base64 of the samples: exact float32, or int16 (clipped to [-1, 1]) for half the bytes."""
    if encoding == "f32le":
        data = np.ascontiguousarray(samples, dtype="<f4").tobytes()
    elif encoding == "s16le":
        clipped = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)
        data = (clipped * 32767.0).round().astype("<i2").tobytes()
    else:
        raise WireError(f"unknown audio encoding '{encoding}' (known: {', '.join(AUDIO_ENCODINGS)})")
    return base64.b64encode(data).decode("ascii")


def decode_samples(data: str, encoding: str) -> np.ndarray:
    try:
        raw = base64.b64decode(data, validate=True)
    except (ValueError, TypeError) as exc:
        raise WireError("audio data is not valid base64") from exc
    if encoding == "f32le":
        if len(raw) % 4:
            raise WireError("float32 audio data is not a whole number of samples")
        return np.frombuffer(raw, dtype="<f4").astype(np.float32)
    if encoding == "s16le":
        if len(raw) % 2:
            raise WireError("int16 audio data is not a whole number of samples")
        return np.frombuffer(raw, dtype="<i2").astype(np.float32) / np.float32(32767.0)
    raise WireError(f"unknown audio encoding '{encoding}' (known: {', '.join(AUDIO_ENCODINGS)})")


def _phonemes(raw: Mapping[str, Any]) -> PhonemeTimings:
    what = "phonemes event"
    items = _get(raw, "items", list, what)
    if len(items) > MAX_TOKENS_PER_EVENT:
        raise WireError(f"{what}: more than {MAX_TOKENS_PER_EVENT} phonemes")
    out: list[tuple[str, float, float]] = []
    for item in items:
        checked = phoneme_item(item)
        if checked is None:
            raise WireError(f"{what}: each item must be [phoneme, start, end] with 0 <= start <= end")
        out.append(checked)
    return PhonemeTimings(tuple(out))


def _tokens(raw: Mapping[str, Any]) -> SpeechTokens:
    what = "tokens event"
    codes = _get(raw, "codes", list, what)
    if len(codes) > MAX_TOKENS_PER_EVENT:
        raise WireError(f"{what}: more than {MAX_TOKENS_PER_EVENT} codes")
    if not all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c < AUDIO_CODES for c in codes):
        raise WireError(f"{what}: codes must be integers in 0..{AUDIO_CODES - 1}")
    start, index = _number(raw, "start", what), _get(raw, "index", int, what)
    if start < 0 or index < 0:
        raise WireError(f"{what}: 'start' and 'index' must not be negative")
    return SpeechTokens(tuple(codes), start, index)


def encode_event(event: WireEvent, encoding: str = "f32le") -> dict[str, Any]:
    if isinstance(event, AudioChunk):
        return {"type": "audio", "index": event.index, "sample_rate": event.sample_rate,
                "encoding": encoding, "data": encode_samples(event.samples, encoding), "text": event.text,
                "source_span": list(event.source_span) if event.source_span is not None else None}
    if isinstance(event, Progress):
        return {"type": "progress", "done": event.done, "total": event.total, "message": event.message}
    if isinstance(event, SynthesisWarning):
        return {"type": "warning", "code": event.code, "message": event.message,
                "span": list(event.span) if event.span is not None else None}
    if isinstance(event, SpeechTokens):
        return {"type": "tokens", "codes": [int(c) for c in event.codes], "start": float(event.start),
                "index": int(event.index)}
    if isinstance(event, PhonemeTimings):
        return {"type": "phonemes", "items": [[p, float(a), float(b)] for p, a, b in event.items]}
    if isinstance(event, Finished):
        return {"type": "finished", "metadata": json_safe(dict(event.metadata))}
    if isinstance(event, Heartbeat):
        return {"type": "heartbeat"}
    if isinstance(event, RemoteError):
        return {"type": "error", "error": {"code": event.code, "message": event.message}}
    raise WireError(f"{type(event).__name__} is not a synthesis event")


def decode_event(raw: Any) -> WireEvent:
    kind = _get(raw, "type", str, "event")
    if kind == "audio":
        what = "audio event"
        return AudioChunk(
            samples=decode_samples(_get(raw, "data", str, what), _opt(raw, "encoding", str, what, "f32le")),
            sample_rate=_get(raw, "sample_rate", int, what), index=_get(raw, "index", int, what),
            text=_opt(raw, "text", str, what, ""), source_span=_span(raw.get("source_span"), what))
    if kind == "progress":
        return Progress(_get(raw, "done", int, "progress event"), _get(raw, "total", int, "progress event"),
                        _opt(raw, "message", str, "progress event", ""))
    if kind == "warning":
        return SynthesisWarning(_get(raw, "code", str, "warning event"),
                                _get(raw, "message", str, "warning event"),
                                _span(raw.get("span"), "warning event"))
    if kind == "tokens":
        return _tokens(raw)
    if kind == "phonemes":
        return _phonemes(raw)
    if kind == "finished":
        return Finished(dict(_get(raw, "metadata", dict, "finished event")))
    if kind == "heartbeat":
        return Heartbeat()
    if kind == "error":
        code, message = decode_error(raw)
        return RemoteError(code, message)
    raise WireError(f"unknown event type '{kind}'")


def dumps_line(obj: Mapping[str, Any]) -> bytes:
    """One NDJSON line. ensure_ascii=False: Chinese text stays readable and a third shorter."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")


def loads_line(line: bytes | str) -> WireEvent:
    """Parse one NDJSON line into an event; WireError when it is not one."""
    try:
        raw = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WireError(f"a line is not JSON ({exc})") from exc
    return decode_event(raw)


# --- errors -----------------------------------------------------------------------------------


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def decode_error(raw: Any) -> tuple[str, str]:
    """(code, message) from `{"error": {...}}`; WireError when the body is not one."""
    inner = _get(raw, "error", dict, "error body")
    return _get(inner, "code", str, "error"), _get(inner, "message", str, "error")
