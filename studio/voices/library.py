"""The voice library: voices made from a reference recording (cloned, matched or imported).

Built-in engine voices are not stored here: the UI lists them from the engines. What is stored is
what the user made and cannot make again without the speaker: the reference audio, its transcript,
the per-engine profiles computed from it, and the consent and provenance record that says who
spoke and that they agreed.

Where it lives, and why there: the voices (and presets, `studio.voices.presets`) are components of the
same SQLite file as the takes (`library.sqlite3`), each with its own row in the `schema_version`
table. One file is what DESIGN.md asks for (one library to back up or move), and the per-component
schema table was made for exactly this. The database is only an index, though: every voice is
also a complete JSON sidecar (`voices/<id>.json`) beside its FLAC (`voices/<id>.flac`), so if the
take library ever moves a damaged database aside, every voice and preset is rebuilt from its
sidecar with nothing lost (takes only recover their audio; voices carry consent, which must not
be lost).

Crash safety follows `studio.library.takes`: inside a `BEGIN IMMEDIATE` transaction (also the
cross-process lock) an add writes the sidecar, then the audio, each atomically, then the row.
An update writes the new sidecar, then the row; a failure puts the old sidecar back. A delete
renames the files aside, commits, then removes them. On open the store repairs itself: temporary
files go, a half-done delete is finished or undone, a sidecar and audio without a row (killed
before the commit) are adopted as they are (the sidecar is the complete record), a sidecar newer
than its row wins, and a row whose sidecar has gone gets it written back.
"""

from __future__ import annotations

import builtins
import datetime as _dt
import getpass
import hashlib
import io
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import soundfile as sf

from backends.audio import Audio, AudioLoadError, load_audio
from backends.base import VoiceProfile
from studio.library.index import (
    LibraryError,
    LibraryProblem,
)
from studio.library.storage import (
    StorageError,
    encode_audio,
)
from studio.voices.presets import PresetLibrary
from studio.voices.store import (
    ID_PATTERN,
    MAX_NAME_CHARS,
    PRESETS_DIR,
    VOICE_FORMAT,
    VOICES_DIR,
    RecordTable,
    Store,
    VoiceNotFound,
    json_safe,
    missing_sentence,
)
from studio.voices.text import check_text, clean_text

ORIGINS = ("cloned", "matched", "imported")


@dataclass(frozen=True)
class Consent:
    """Who spoke, whether and how they agreed, and where the recording came from."""

    speaker: str = ""
    given: bool = False
    how: str = ""  # free text: "verbal, recorded at the start of the session", "signed form", ...
    source: str = ""  # "recorded in the studio", a file name, or the bundle it came from
    recorded: str = ""  # date the reference was recorded (ISO 8601 as the user gave it)
    licence: str = ""  # what others may do with the voice (e.g. "CC-BY-4.0", "personal use only")
    created_by: str = ""  # who made the voice
    extra: Mapping[str, Any] = field(default_factory=dict)  # fields a newer version added

    KNOWN = ("speaker", "given", "how", "source", "recorded", "licence", "created_by")

    def to_json(self) -> dict[str, Any]:
        return {**dict(self.extra), "speaker": self.speaker, "given": self.given, "how": self.how,
                "source": self.source, "recorded": self.recorded, "licence": self.licence,
                "created_by": self.created_by}

    MULTILINE = ("how",)  # how they agreed may be a few lines; the rest are one-line facts

    @classmethod
    def from_json(cls, raw: Mapping[str, Any], strict: bool = True) -> Consent:
        """Validate a consent record; `strict` (for anything new) also refuses control and bidi
        characters (studio.voices.text), lenient only to read back records saved before that rule."""
        if not isinstance(raw, Mapping):
            raise ValueError("the consent record must be an object")
        given = raw.get("given", False)
        if not isinstance(given, bool):
            raise ValueError("consent 'given' must be true or false")
        texts = {}
        for key in ("speaker", "how", "source", "recorded", "licence", "created_by"):
            value = raw.get(key, "")
            if not isinstance(value, str):
                raise ValueError(f"consent '{key}' must be text")
            if strict:
                value = check_text(value, f"the consent's '{key}'", multiline=key in cls.MULTILINE)
            texts[key] = value
        extra = {k: v for k, v in raw.items() if k not in cls.KNOWN}
        return cls(given=given, extra=json_safe(extra, "the consent record"), **texts)


class ConsentMissing(ValueError):
    """A new voice was to be saved without saying who speaks and how they agreed."""


def consent_for_new_voice(*, speaker: str, how: str, source: str, licence: str = "",
                          recorded: str | None = None, created_by: str | None = None) -> Consent:
    """The consent record every front end writes for a voice made here (wizard, CLI, server).

    Why one function: the wizard refuses to save without who is speaking and their agreement, and a
    voice made from the command line must carry the same facts, in the same fields. `how` is how
    they agreed; empty means they did not, and the voice is refused. `recorded` defaults to today,
    `created_by` to the account that runs the studio.
    """
    # Typed on a command line or taken from a file's name: control characters are removed, not
    # refused, since nobody can retype a file name and the wizard's fields cannot hold them anyway.
    speaker, how, source, licence = (clean_text(v) for v in (speaker, how, source, licence))
    recorded = clean_text(recorded) if recorded else recorded
    created_by = clean_text(created_by) if created_by is not None else None
    missing = [what for what, value in (("who is speaking", speaker), ("how they agreed", how))
               if not value.strip()]
    if missing:
        raise ConsentMissing("A voice is saved only with its consent record: give "
                             + " and ".join(missing) + ".")
    return Consent(speaker=speaker.strip(), given=True, how=how.strip(), source=source.strip(),
                   recorded=(recorded or _dt.date.today().isoformat()).strip(), licence=licence.strip(),
                   created_by=(created_by if created_by is not None else _account()).strip())


def _account() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a container or a service: leave it unsaid
        return ""


def profile_from_json(raw: Any, where: str, strict: bool = True) -> VoiceProfile:
    """A VoiceProfile from untrusted JSON, with a sentence naming what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be an object")
    if not isinstance(raw.get("data", {}), Mapping):
        raise ValueError(f"{where}: data must be an object, not {type(raw.get('data')).__name__}")
    try:
        profile = VoiceProfile.from_json(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where} is incomplete or malformed ({type(exc).__name__}: {exc})") from exc
    check_profile(profile, where)
    if strict:
        check_text(profile.note, f"{where}'s note", multiline=True)
    return profile


def check_profile(profile: VoiceProfile, where: str = "the profile") -> VoiceProfile:
    json_safe(profile.to_json(), where)
    if not isinstance(raw_data := profile.data, Mapping):
        raise ValueError(f"{where}: data must be an object, not {type(raw_data).__name__}")
    for name in ("similarity", "baseline_similarity"):
        value = getattr(profile, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValueError(f"{where}: {name} must be a number")
    if not profile.engine_id:
        raise ValueError(f"{where}: engine_id is empty")
    return profile


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    origin: str  # cloned | matched | imported
    language: str  # code as in backends.tags (en, zh, ...), "" when unknown
    tags: tuple[str, ...]  # the user's labels ("warm", "narration"), for search
    transcript: str  # what the reference says (engines that clone need it)
    profiles: Mapping[str, VoiceProfile]  # engine_id -> profile
    consent: Consent
    created: float
    notes: str
    duration: float  # of the reference, seconds
    sample_rate: int
    sha256: str  # of the reference FLAC file: a fingerprint for reproducible takes and bundles
    audio_path: Path
    playable: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)  # unknown fields, kept for round trips

    KNOWN = ("format", "id", "name", "origin", "language", "tags", "transcript", "profiles", "consent",
             "created", "notes", "duration", "sample_rate", "sha256", "audio")

    def to_json(self) -> dict[str, Any]:
        """The record as stored in the sidecar and in bundles (without the audio member name)."""
        return {**dict(self.extra), "id": self.id, "name": self.name, "origin": self.origin,
                "language": self.language, "tags": list(self.tags), "transcript": self.transcript,
                "profiles": {k: p.to_json() for k, p in self.profiles.items()},
                "consent": self.consent.to_json(), "created": self.created, "notes": self.notes,
                "duration": self.duration, "sample_rate": self.sample_rate, "sha256": self.sha256}


def voice_fields_from_json(raw: Any, where: str = "the voice", strict: bool = True) -> dict[str, Any]:
    """Validate an untrusted voice record (a sidecar or a bundle entry); ValueError says why.

    `strict` (every new or changed record, every import) also refuses control characters and
    bidirectional overrides in its text (studio.voices.text). Records read back from the library
    are checked leniently, so one saved before that rule still opens (and prints escaped).
    """
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be an object")
    voice_id = raw.get("id")
    if not isinstance(voice_id, str) or not ID_PATTERN.match(voice_id):
        raise ValueError(f"{where} has no valid id (letters, digits, '-' and '_', at most 64)")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS:
        raise ValueError(f"{where} has no valid name")
    if strict:
        check_text(name, f"{where}'s name")
    origin = raw.get("origin", "imported")
    if origin not in ORIGINS:
        raise ValueError(f"{where} has an unknown origin {origin!r} (expected {', '.join(ORIGINS)})")
    texts = {}
    for key in ("language", "transcript", "notes", "sha256"):
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise ValueError(f"{where}: '{key}' must be text")
        if strict:
            value = check_text(value, f"{where}'s {key}", multiline=key in ("transcript", "notes"))
        texts[key] = value
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError(f"{where}: 'tags' must be a list of text")
    if strict:
        for tag in tags:
            check_text(tag, f"{where}'s tag")
    profiles_raw = raw.get("profiles", {})
    if not isinstance(profiles_raw, Mapping):
        raise ValueError(f"{where}: 'profiles' must be an object keyed by engine id")
    profiles: dict[str, VoiceProfile] = {}
    for engine_id, p in profiles_raw.items():
        if strict:
            check_text(str(engine_id), f"{where}'s profile engine id")
        profile = profile_from_json(p, f"{where}'s profile for '{engine_id}'", strict)
        if profile.engine_id != engine_id:
            raise ValueError(f"{where}'s profile under '{engine_id}' is for engine '{profile.engine_id}'")
        profiles[engine_id] = profile
    consent = Consent.from_json(raw.get("consent", {}), strict)
    numbers = {}
    for key in ("created", "duration"):
        value = raw.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{where}: '{key}' must be a number")
        numbers[key] = float(value)
    rate = raw.get("sample_rate", 0)
    if isinstance(rate, bool) or not isinstance(rate, int):
        raise ValueError(f"{where}: 'sample_rate' must be a whole number")
    extra = json_safe({k: v for k, v in raw.items() if k not in Voice.KNOWN}, where)
    return dict(id=voice_id, name=" ".join(name.split()), origin=origin, tags=tuple(tags),
                profiles=profiles, consent=consent, sample_rate=rate, extra=extra, **texts, **numbers)


# --- the voice library ------------------------------------------------------------------------


def _voice_search(record: dict[str, Any]) -> str:
    consent = record.get("consent") or {}
    return "\n".join([record.get("name", ""), record.get("transcript", ""), record.get("language", ""),
                      record.get("origin", ""), " ".join(record.get("tags", [])), record.get("notes", ""),
                      str(consent.get("speaker", ""))])


def flac_bytes(audio: Audio) -> bytes:
    """24-bit FLAC, like takes: a reference may be trimmed or prepared again later."""
    return encode_audio(audio, "flac", subtype="PCM_24")


class VoiceLibrary:
    """The user's voices (and, as `.presets`, presets) under `root`, normally
    `studio.paths.data_dir()`. Thread-safe; several processes may open the same root."""

    def __init__(self, root: str | Path, *, busy_timeout: float = 30.0) -> None:

        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError.from_os_error(exc, self.root) from exc
        self._store = Store(self.root, busy_timeout)
        try:
            self._voices = RecordTable(self._store, "voices", self.root / VOICES_DIR, VOICE_FORMAT, True,
                                       _voice_search)
            self._presets: PresetLibrary | None = None
            with self._store.write() as conn:
                self._voices.repair(conn, self._read_back)
        except BaseException:
            self.close()
            raise

    @property
    def presets(self) -> PresetLibrary:
        """The presets, opened (and repaired) on first use.

        Why lazily: repairing reads every preset's sidecar, so a library holding thousands of
        presets made every command slow to start (`voices` 0.72 s -> 2.12 s with 15,000) though
        most never look at a preset. Now listing voices costs the same with 10 or 10,000 presets.
        """
        with self._store.lock:
            if self._presets is None:
                presets = PresetLibrary(self._store, self.root / PRESETS_DIR)
                with self._store.write() as conn:
                    presets.table.repair(conn, presets.read_back)
                self._presets = presets
            return self._presets

    @property
    def problems(self) -> builtins.list[LibraryProblem]:
        return self._store.problems

    @property
    def recovered(self) -> builtins.list[str]:
        """Ids of voices and presets adopted back on open (an add killed before its commit)."""
        return self._voices.recovered + self.presets.table.recovered

    @property
    def voices_dir(self) -> Path:
        return self._voices.folder

    def _validate(self, record: dict[str, Any]) -> dict[str, Any]:
        return self._voice(voice_fields_from_json(record)).to_json()

    def _read_back(self, record: dict[str, Any]) -> dict[str, Any]:
        """A saved record, checked leniently (see voice_fields_from_json's `strict`)."""
        return self._voice(voice_fields_from_json(record, strict=False)).to_json()

    def _voice(self, fields: dict[str, Any], present: set[str] | None = None) -> Voice:
        audio_path = self._voices.audio(fields["id"])
        playable = audio_path.name in present if present is not None else audio_path.exists()
        return Voice(audio_path=audio_path, playable=playable, **fields)

    def _from_record(self, record: dict[str, Any], present: set[str] | None = None) -> Voice:
        return self._voice(voice_fields_from_json(record, strict=False), present)

    # --- public API -------------------------------------------------------------------------

    def add(self, name: str, reference: Audio, *, transcript: str = "", language: str = "",
            consent: Consent | None = None, origin: str = "cloned",
            profiles: Iterable[VoiceProfile] | Mapping[str, VoiceProfile] | None = None,
            tags: Iterable[str] = (), notes: str = "") -> Voice:
        """Save a voice. Returns it once it is durable; raises ValueError for a bad argument,
        StorageError or LibraryError for the disk; after any failure nothing of it is left."""
        if len(reference.samples) == 0:
            raise ValueError("a voice needs some reference audio")
        return self._add_flac(name, flac_bytes(reference), transcript=transcript, language=language,
                              consent=consent or Consent(), origin=origin, profiles=profiles, tags=tags,
                              notes=notes)

    def _add_flac(self, name: str, flac: bytes, *, transcript: str, language: str, consent: Consent,
                  origin: str, profiles: Iterable[VoiceProfile] | Mapping[str, VoiceProfile] | None,
                  tags: Iterable[str], notes: str, voice_id: str | None = None, created: float | None = None,
                  extra: Mapping[str, Any] | None = None) -> Voice:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a voice needs a name")
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
        if isinstance(profiles, Mapping):
            profiles = list(profiles.values())
        by_engine = {p.engine_id: check_profile(p, f"the profile for '{p.engine_id}'")
                     for p in profiles or ()}
        info = sf.info(io.BytesIO(flac))
        record = Voice(
            id=voice_id or uuid.uuid4().hex, name=name, origin=origin, language=language,
            tags=tuple(t for t in (" ".join(t.split()) for t in tags) if t), transcript=transcript,
            profiles=by_engine, consent=consent, created=time.time() if created is None else created,
            notes=notes, duration=info.frames / info.samplerate, sample_rate=int(info.samplerate),
            sha256=hashlib.sha256(flac).hexdigest(), audio_path=Path(), extra=dict(extra or {}),
        ).to_json()
        record = self._validate(record)  # the same checks a reopen or an import applies
        self._voices.add(record, flac, self._insert_row)
        return self.get(record["id"])

    def _insert_row(self, conn: sqlite3.Connection, record: dict[str, Any]) -> None:
        """The commit point of an add (separate so tests can kill the process right here)."""
        self._voices.insert(conn, record)

    def list(self, search: str | None = None) -> builtins.list[Voice]:
        """Voices by name; `search`: every word must appear in the name, transcript, language,
        origin, tags, notes or speaker (case-insensitive, beyond ASCII too)."""
        try:
            present = {entry.name for entry in self._voices.folder.iterdir()}
        except OSError:
            present = set()
        return [self._from_record(r, present) for r in self._voices.list(search)]

    def get(self, voice_id: str) -> Voice:
        record = self._voices.get(voice_id)
        if record is None:
            raise VoiceNotFound(f"There is no voice {voice_id} in the library (it may have been deleted).")
        return self._from_record(record)

    def __contains__(self, voice_id: object) -> bool:
        return isinstance(voice_id, str) and self._voices.get(voice_id) is not None

    def load_reference(self, voice_id: str) -> Audio:
        voice = self.get(voice_id)
        try:
            return load_audio(voice.audio_path)
        except AudioLoadError as exc:
            raise LibraryError(f"The reference audio of “{voice.name}” cannot be read: {exc}") from exc

    def reference_bytes(self, voice_id: str) -> bytes:
        """The stored FLAC file as is (bundles copy it byte for byte)."""
        voice = self.get(voice_id)
        try:
            return voice.audio_path.read_bytes()
        except OSError as exc:
            raise LibraryError(f"The reference audio of “{voice.name}” cannot be read ({exc}).") from exc

    def _change(self, voice_id: str, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Voice:
        def checked(record: dict[str, Any]) -> dict[str, Any]:
            return self._validate(change(record))

        try:
            return self._from_record(self._voices.update(voice_id, checked))
        except VoiceNotFound:
            raise VoiceNotFound(missing_sentence(voice_id, "voice")) from None

    def rename(self, voice_id: str, name: str) -> Voice:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a voice needs a name")
        return self._change(voice_id, lambda r: {**r, "name": name})

    def update(self, voice_id: str, *, transcript: str | None = None, language: str | None = None,
               tags: Iterable[str] | None = None, notes: str | None = None,
               consent: Consent | None = None) -> Voice:
        """Edit the descriptive fields (the reference audio never changes: make a new voice)."""
        def change(r: dict[str, Any]) -> dict[str, Any]:
            if transcript is not None:
                r["transcript"] = transcript
            if language is not None:
                r["language"] = language
            if tags is not None:
                r["tags"] = [t for t in (" ".join(t.split()) for t in tags) if t]
            if notes is not None:
                r["notes"] = notes
            if consent is not None:
                r["consent"] = consent.to_json()
            return r

        return self._change(voice_id, change)

    def set_profile(self, voice_id: str, profile: VoiceProfile) -> Voice:
        """Store (or replace) the voice's profile for `profile.engine_id`."""
        check_profile(profile)
        return self._change(voice_id, lambda r: {**r, "profiles": {**r["profiles"],
                                                                      profile.engine_id: profile.to_json()}})

    def remove_profile(self, voice_id: str, engine_id: str) -> Voice:
        return self._change(voice_id, lambda r: {**r, "profiles": {k: v for k, v in r["profiles"].items()
                                                                      if k != engine_id}})

    def duplicate(self, voice_id: str, name: str | None = None) -> Voice:
        """A copy with its own id and files (to try other settings without touching the original)."""
        voice = self.get(voice_id)
        flac = self.reference_bytes(voice_id)
        return self._add_flac(name or f"{voice.name} (copy)", flac, transcript=voice.transcript,
                              language=voice.language, consent=voice.consent, origin=voice.origin,
                              profiles=voice.profiles, tags=voice.tags, notes=voice.notes,
                              extra=voice.extra)

    def delete(self, voice_id: str) -> None:
        self.get(voice_id)
        self._voices.delete(voice_id)
        self._store.problems = [p for p in self._store.problems
                                if p.path is None or p.path.stem.split(".")[0] != voice_id]

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> VoiceLibrary:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- for bundles ------------------------------------------------------------------------

    def add_many(self, voices: Iterable[tuple[dict[str, Any], bytes]],
                 presets: Iterable[dict[str, Any]]) -> None:
        """Add already-validated voice records (with their FLAC bytes) and preset records in one
        transaction: an import lands whole or not at all, even if the process is killed."""
        voices, presets = builtins.list(voices), builtins.list(presets)
        written: builtins.list[tuple[RecordTable, str]] = []
        try:
            with self._store.write() as conn:
                for table, record, flac in ([(self._voices, r, f) for r, f in voices]
                                            + [(self.presets.table, r, None) for r in presets]):
                    if conn.execute(f"SELECT 1 FROM {table.table} WHERE id = ?", (record["id"],)).fetchone():
                        raise LibraryError(f"There is already an entry {record['id']} in the library.")
                    written.append((table, record["id"]))
                    table.write_files(record, flac, staged=True)
                    table.insert(conn, record)
                self._before_import_commit()
        except BaseException:
            for table, record_id in written:
                table.remove_files(record_id)
            raise
        for table, record_id in written:
            table.unstage(record_id)

    def _before_import_commit(self) -> None:
        """A seam for the crash tests: a kill here must leave the library as it was."""
