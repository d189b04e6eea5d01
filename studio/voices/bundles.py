"""Voice and preset bundles: one plain, versioned file people can share (format: studio/presets/FORMAT.md).

A bundle is a zip holding `manifest.json` and `audio/<voice id>.flac`, or, for presets alone, a
bare `.json` manifest. Bundles come from strangers, so reading one trusts nothing:

- nothing is extracted and nothing executed or unpickled; members are read into memory with a
  cap on each read (never trusting the sizes a header declares), and the whole file, the total
  uncompressed size, each member's compression ratio and the manifest's size are capped;
- member names are checked before anything is read (no `..`, absolute paths, backslashes, drive
  letters, symlinks, duplicates, encrypted or oddly compressed members), and every member must be
  one the manifest names;
- every record is validated field by field (ids, names, consent, JSON-safe profiles), and every
  audio member must be FLAC that `backends.audio.load_audio` accepts, no longer than
  MAX_VOICE_SECONDS, matching the manifest's checksum.

`preview_bundle` does all of that and changes nothing; `import_bundle` does it again and then adds
everything in one library transaction, so an import lands whole or not at all. Refusals are a
`BundleError` whose message is one sentence for the user.

Imports are bounded, checked before anything is written (the README's "Limits"): at most
MAX_BUNDLE_VOICES voices and MAX_BUNDLE_PRESETS presets, no record (its sidecar as written) over
MAX_RECORD_BYTES, and all it would add to the library (audio, sidecars, index rows, a file-system
block per file) at most MAX_IMPORT_BYTES and never more than the disk's free space less
FREE_SPACE_RESERVE. Every text field is checked for control characters and bidirectional overrides
(studio.voices.text), and embedded voice-match profiles are checked by the engine's own parser, so
absurd numbers are refused here rather than failing at synthesis.

Unknown fields survive a round trip: per voice and per preset they are kept in the record; top
level ones are stored once per import, content-addressed, in `bundle-extras/<sha256>.json` under
the library folder, each imported record holding only that hash (`bundle_extra_ref`), and are
written back at the top level when those records are exported again. (Until this version they
were copied into every record, so a 750 KB unknown field in a bundle of 300 presets made 576 MB.)
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import io
import json
import re
import shutil
import stat
import tempfile
import time
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import soundfile as sf

from backends.audio import AudioLoadError, load_audio
from backends.lexicon import Lexicon, LexiconError, Pronunciation
from studio.library.export import studio_version
from studio.library.storage import atomic_path, atomic_write_json
from studio.voices.library import Consent, Voice, VoiceLibrary, voice_fields_from_json
from studio.voices.manifest import (
    FORMAT,
    MAX_MANIFEST_BYTES,
    VERSION,
    BundleError,
    check_manifest,
    parse_json,
    read_bytes,
    read_manifest_file,
    refuse,
    short,
)
from studio.voices.presets import Preset, VoiceRef
from studio.voices.store import PRESET_FORMAT, VOICE_FORMAT

MANIFEST = "manifest.json"
AUDIO_DIR = "audio/"
SUFFIX = ".zip"  # any name works; this is what the studio offers

MAX_BUNDLE_BYTES = 256 * 1024 * 1024  # the file on disk
MAX_TOTAL_UNCOMPRESSED = 512 * 1024 * 1024
MAX_AUDIO_BYTES = 64 * 1024 * 1024  # one reference: minutes of 48 kHz 24-bit FLAC fit easily
MAX_MEMBERS = 2001
MAX_RATIO = 100  # FLAC barely compresses; JSON about 10:1; a bomb is 1000:1 and more
RATIO_FLOOR = 64 * 1024  # below this size a high ratio cannot hurt anyone
MAX_VOICE_SECONDS = 300.0  # references are 5-30 s; five minutes is already generous
TOP_LEVEL_KNOWN = ("format", "version", "created", "generator", "voices", "presets", "pronunciations")
BUNDLE_EXTRA = "bundle_extra"  # top-level unknown fields copied into a record (before this version)
BUNDLE_EXTRA_REF = "bundle_extra_ref"  # the sha256 of those fields, stored once in EXTRAS_DIR
EXTRAS_DIR = "bundle-extras"

# Import limits (README "Limits"): what one bundle may add to a library, checked before writing.
MAX_BUNDLE_VOICES = 100
MAX_BUNDLE_PRESETS = 1000
MAX_RECORD_BYTES = 1024 * 1024  # one voice's or preset's sidecar as written (profiles included)
MAX_IMPORT_BYTES = 640 * 1024 * 1024  # the unpacked audio cap plus room for the records
FREE_SPACE_RESERVE = 64 * 1024 * 1024  # left free after an import, so the library can still write
FILE_OVERHEAD = 4096  # a file-system block: what a tiny file really takes
ROW_OVERHEAD = 256  # an index row's bookkeeping beyond its text

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class VoicePreview:
    id: str
    name: str
    origin: str
    language: str
    duration: float
    sample_rate: int
    audio_bytes: int
    consent: Consent
    engines: tuple[str, ...]  # engines it has a profile for


@dataclass(frozen=True)
class BundlePreview:
    path: Path
    kind: str  # "zip" | "json"
    version: int
    file_bytes: int
    uncompressed_bytes: int
    voices: tuple[VoicePreview, ...]
    presets: tuple[Preset, ...]
    problems: tuple[str, ...]  # not refusals: things to show before the user imports
    pronunciations: tuple[Pronunciation, ...] = ()

    def summary(self) -> builtins.list[str]:
        """Lines for the CLI and a confirmation dialog."""
        lines = [f"{self.path.name}: bundle version {self.version}, {len(self.voices)} voice(s), "
                 f"{len(self.presets)} preset(s), {self.file_bytes} bytes "
                 f"({self.uncompressed_bytes} uncompressed)"]
        for v in self.voices:
            c = v.consent
            consent = (f"consent: {c.how or 'given'}" if c.given else "consent: NOT RECORDED")
            who = c.speaker or "unknown speaker"
            lines.append(f"  voice {v.id}  {v.name}  [{v.origin}, {v.language or '?'}, {v.duration:.1f} s, "
                         f"{v.audio_bytes} bytes]  speaker: {who}; {consent}"
                         + (f"; licence: {c.licence}" if c.licence else "")
                         + (f"; source: {c.source}" if c.source else "")
                         + (f"; profiles: {', '.join(v.engines)}" if v.engines else ""))
        for p in self.presets:
            voice = (f"{p.voice.engine_id}:{p.voice.voice_id}" if p.voice.kind == "built-in"
                     else f"library voice {p.voice.voice_id}")
            lines.append(f"  preset {p.id}  {p.name}  [{voice}" + (f", {p.tags}" if p.tags else "") + "]")
        lines += [f"  pronunciation {e.word}  [{e.kind.value}: {e.reading}]" for e in self.pronunciations]
        lines += [f"  note: {problem}" for problem in self.problems]
        return lines


@dataclass(frozen=True)
class ImportResult:
    voices: tuple[Voice, ...]
    presets: tuple[Preset, ...]
    renamed_ids: Mapping[str, str] = field(default_factory=dict)  # bundle id -> new id (id was taken)
    problems: tuple[str, ...] = ()
    pronunciations: tuple[Pronunciation, ...] = ()  # the caller adds them to the user's dictionary


@dataclass
class _Parsed:
    manifest: dict[str, Any]
    kind: str
    file_bytes: int
    uncompressed: int
    voices: builtins.list[tuple[dict[str, Any], bytes]]  # validated fields, FLAC bytes
    presets: builtins.list[Preset]
    problems: builtins.list[str]

    @property
    def pronunciations(self) -> tuple[Pronunciation, ...]:
        """The bundle's pronunciation entries, checked as any dictionary file's are."""
        try:
            return Lexicon.from_json(self.manifest.get("pronunciations", [])).entries
        except LexiconError as exc:
            raise refuse(f"The bundle was refused: its pronunciations: {exc}") from None


# --- reading ----------------------------------------------------------------------------------


def check_member_name(name: str) -> None:
    """Refuse any member name that could point outside a folder, on any operating system."""
    if not name or "\\" in name or "\x00" in name or any(ord(ch) < 32 for ch in name):
        raise refuse(f"The bundle was refused: the member name {name!r} contains a backslash or "
                      f"control character.")
    if name.startswith("/") or _DRIVE.match(name):
        raise refuse(f"The bundle was refused: the member {name!r} has an absolute path.")
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise refuse(f"The bundle was refused: the member {name!r} tries to leave its folder.")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Decompress one member, never producing more than `limit` (or its declared size) bytes."""
    if info.file_size > limit:
        raise refuse(f"The bundle was refused: {info.filename} is larger than "
                      f"{limit // (1024 * 1024)} MB.")
    try:
        with zf.open(info) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
            NotImplementedError, ValueError) as exc:
        raise refuse(f"The bundle was refused: {info.filename} is damaged ({short(exc)}).") from exc
    if len(data) > limit or len(data) != info.file_size:
        raise refuse(f"The bundle was refused: {info.filename} does not hold the size its header "
                      f"declares.")
    if len(data) > RATIO_FLOOR and len(data) > MAX_RATIO * max(info.compress_size, 1):
        raise refuse(f"The bundle was refused: {info.filename} is compressed more than {MAX_RATIO}:1, "
                      f"like a zip bomb.")
    return data


def _check_infos(infos: builtins.list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > MAX_MEMBERS:
        raise refuse(f"The bundle was refused: it has {len(infos)} members, more than {MAX_MEMBERS}.")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        check_member_name(name)
        if name in members or name.rstrip("/") in members:
            raise refuse(f"The bundle was refused: the name {name!r} appears twice in it.")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise refuse(f"The bundle was refused: {name!r} is a symbolic link.")
        if info.flag_bits & 0x1:
            raise refuse(f"The bundle was refused: {name!r} is encrypted.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(f"The bundle was refused: {name!r} uses a compression this format does not allow.")
        if info.is_dir():
            if name != AUDIO_DIR:
                raise refuse(f"The bundle was refused: it holds a folder {name!r} the format does not have.")
            members[name] = info
            continue
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(f"The bundle was refused: {name} is compressed more than {MAX_RATIO}:1, like "
                          f"a zip bomb.")
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise refuse(f"The bundle was refused: it would unpack to more than "
                          f"{MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)} MB.")
        members[name] = info
    return members


def _check_audio(flac: bytes, name: str, expected_sha: str) -> tuple[float, int]:
    """FLAC that load_audio accepts and that is not too long; returns (duration, rate)."""
    if expected_sha and hashlib.sha256(flac).hexdigest() != expected_sha:
        raise refuse(f"The bundle was refused: {name} does not match its checksum (damaged or altered).")
    try:
        container = sf.info(io.BytesIO(flac)).format
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        reason = re.sub(r"^Error opening .*?:\s*", "", short(exc)).rstrip(".").lower()
        raise refuse(f"The bundle was refused: {name} is not audio ({reason}).") from exc
    if container != "FLAC":
        raise refuse(f"The bundle was refused: {name} is {container}, not FLAC.")
    with tempfile.TemporaryDirectory(prefix="step-studio-bundle-") as folder:
        probe = Path(folder) / "reference.flac"
        probe.write_bytes(flac)
        try:
            audio = load_audio(probe, max_seconds=MAX_VOICE_SECONDS)
        except AudioLoadError as exc:
            reason = str(exc).removeprefix("reference.flac: ").rstrip(".")
            raise refuse(f"The bundle was refused: {name} is not usable audio ({reason}).") from exc
    return audio.duration, audio.sample_rate


def _parse(path: str | Path) -> _Parsed:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc
    if not path.is_file():
        raise refuse(f"{path.name} is not a file.")
    if size > MAX_BUNDLE_BYTES:
        raise refuse(f"The bundle was refused: {path.name} is larger than "
                      f"{MAX_BUNDLE_BYTES // (1024 * 1024)} MB.")
    if not zipfile.is_zipfile(path):
        head = read_bytes(path, MAX_MANIFEST_BYTES, "the manifest")
        if not head.lstrip()[:1] == b"{":
            raise refuse(f"The bundle was refused: {path.name} is neither a bundle zip nor a JSON manifest.")
        manifest = read_manifest_file(path)
        _check_counts(manifest)
        return _Parsed(manifest, "json", size, size, [], _presets(manifest, set()), [])
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise refuse(f"The bundle was refused: {path.name} is not a readable zip ({short(exc)}).") from exc
    with zf:
        members = _check_infos(zf.infolist())
        if MANIFEST not in members:
            raise refuse(f"The bundle was refused: it has no {MANIFEST}.")
        if members[MANIFEST].file_size > MAX_MANIFEST_BYTES:
            raise refuse(f"The bundle was refused: its manifest is larger than "
                          f"{MAX_MANIFEST_BYTES // (1024 * 1024)} MB.")
        manifest_bytes = _read_member(zf, members[MANIFEST], MAX_MANIFEST_BYTES)
        manifest = parse_json(manifest_bytes, MANIFEST)
        check_manifest(manifest)
        _check_counts(manifest)
        named = {MANIFEST, AUDIO_DIR}
        voices: builtins.list[tuple[dict[str, Any], bytes]] = []
        problems: builtins.list[str] = []
        uncompressed = len(manifest_bytes)
        for index, raw in enumerate(manifest["voices"]):
            where = f"voice {index + 1} in the manifest"
            try:
                fields = voice_fields_from_json(raw, where)
                _check_profiles(fields, where)
            except ValueError as exc:
                raise refuse(f"The bundle was refused: {exc}.") from exc
            member = raw.get("audio")
            expected = f"{AUDIO_DIR}{fields['id']}.flac"
            if member != expected:
                raise refuse(f"The bundle was refused: {where} names its audio {member!r}, expected "
                              f"{expected!r}.")
            if member in named:
                raise refuse(f"The bundle was refused: the voice id {fields['id']} appears twice.")
            if member not in members:
                raise refuse(f"The bundle was refused: {member} named by the manifest is missing.")
            named.add(member)
            flac = _read_member(zf, members[member], MAX_AUDIO_BYTES)
            uncompressed += len(flac)
            duration, rate = _check_audio(flac, member, fields["sha256"])
            fields.update(duration=duration, sample_rate=rate, sha256=hashlib.sha256(flac).hexdigest())
            if not fields["consent"].given:
                problems.append(f"voice “{fields['name']}” has no record that the speaker agreed.")
            voices.append((fields, flac))
        unnamed = sorted(set(members) - named)
        if unnamed:
            raise refuse(f"The bundle was refused: it holds {unnamed[0]!r}, which its manifest does "
                          f"not name.")
        presets = _presets(manifest, {f["id"] for f, _ in voices})
    return _Parsed(manifest, "zip", size, uncompressed, voices, presets, problems)


def _presets(manifest: dict[str, Any], voice_ids: set[str]) -> builtins.list[Preset]:
    presets: builtins.list[Preset] = []
    seen: set[str] = set()
    for index, raw in enumerate(manifest["presets"]):
        try:
            preset = Preset.from_json(raw, f"preset {index + 1} in the manifest")
        except ValueError as exc:
            raise refuse(f"The bundle was refused: {exc}.") from exc
        if preset.id in seen:
            raise refuse(f"The bundle was refused: the preset id {preset.id} appears twice.")
        seen.add(preset.id)
        presets.append(preset)
    return presets


def _check_counts(manifest: Mapping[str, Any]) -> None:
    """Before any record is read: a bundle of 15,000 tiny presets is refused in milliseconds."""
    for key, limit in (("voices", MAX_BUNDLE_VOICES), ("presets", MAX_BUNDLE_PRESETS)):
        if len(manifest[key]) > limit:
            raise refuse(f"The bundle was refused: it holds {len(manifest[key])} {key}, more than the "
                         f"{limit} one bundle may add.")


def _check_profiles(fields: Mapping[str, Any], where: str) -> None:
    """Embedded voice matches are read by the engine's own parser now, not at the first synthesis.

    Whether the voices it names are installed here is left to synthesis (they may be installed
    later); everything else (weights, pitch, speed ranges) must already be right.
    """
    for engine_id, profile in fields["profiles"].items():
        if profile.kind != "match" or profile.format_version != 1 or engine_id != "embedded":
            continue
        from backends.embedded.voice_match import parse_profile_data

        data = profile.data
        listed = data.get("voices") if isinstance(data, Mapping) else None
        ids = [item[0] for item in listed if isinstance(item, list | tuple) and item
               and isinstance(item[0], str)] if isinstance(listed, list) else []
        try:
            parse_profile_data(dict(data), ids, ids)
        except ValueError as exc:
            raise ValueError(f"{where}'s profile for '{engine_id}' is not usable: {exc}") from exc


def _top_extra(manifest: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in manifest.items() if k not in TOP_LEVEL_KNOWN}


def _json_bytes(value: Any, indent: int | None) -> int:
    return len(json.dumps(value, ensure_ascii=False, indent=indent).encode("utf-8")) + 1


def _added_bytes(voices: builtins.list[tuple[dict[str, Any], bytes]],
                 presets: builtins.list[dict[str, Any]], extras: bytes | None) -> int:
    """What the import would add: each sidecar as written, its index row, its audio, one block
    per file; refuses one record over MAX_RECORD_BYTES (naming it) on the way."""
    total = len(extras) + FILE_OVERHEAD if extras else 0
    for fmt, record, flac in ([(VOICE_FORMAT, r, f) for r, f in voices]
                              + [(PRESET_FORMAT, r, None) for r in presets]):
        sidecar = _json_bytes({"format": fmt, "version": 1, **record}, 2)
        if sidecar > MAX_RECORD_BYTES:
            raise refuse(f"The bundle was refused: the record of “{record['name']}” would take "
                         f"{sidecar} bytes, more than the {MAX_RECORD_BYTES // 1024} KB one record may.")
        total += sidecar + FILE_OVERHEAD + _json_bytes(record, None) * 2 + ROW_OVERHEAD
        if flac is not None:
            total += len(flac) + FILE_OVERHEAD
    return total


def _check_room(library: VoiceLibrary, added: int) -> None:
    mb = 1024 * 1024
    if added > MAX_IMPORT_BYTES:
        raise refuse(f"The bundle was refused: it would add {added / mb:.0f} MB to the library, more "
                     f"than the {MAX_IMPORT_BYTES // mb} MB one import may.")
    try:
        free = shutil.disk_usage(library.root).free
    except OSError:
        return  # cannot tell: the atomic writes still fail cleanly if the disk fills
    if added + FREE_SPACE_RESERVE > free:
        raise refuse(f"The bundle was refused: it would add {added / mb:.1f} MB and the disk holding "
                     f"the library has {free / mb:.0f} MB free (an import leaves at least "
                     f"{FREE_SPACE_RESERVE // mb} MB).")


def _extras_path(library: VoiceLibrary, digest: str) -> Path:
    return library.root / EXTRAS_DIR / f"{digest}.json"


def _read_extras(library: VoiceLibrary, item: Voice | Preset) -> dict[str, Any]:
    """The top-level unknown fields an imported record came with (either way they were kept)."""
    inline = item.extra.get(BUNDLE_EXTRA)
    if isinstance(inline, Mapping):
        return dict(inline)
    digest = item.extra.get(BUNDLE_EXTRA_REF)
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        return {}
    try:
        data = read_bytes(_extras_path(library, digest), MAX_MANIFEST_BYTES, "the kept bundle fields")
        value = json.loads(data.decode("utf-8"))
    except (BundleError, UnicodeDecodeError, ValueError):
        return {}  # lost or damaged: only unknown fields of the original bundle are missing
    return value if isinstance(value, dict) else {}


# --- public API -------------------------------------------------------------------------------


def preview_bundle(path: str | Path, library: VoiceLibrary | None = None) -> BundlePreview:
    """Read and validate a bundle without extracting it or changing anything.

    Raises BundleError (one sentence) when it would be refused. With `library`, also notes which
    voices and presets would get new ids and which presets point at voices the user lacks.
    """
    parsed = _parse(path)
    pronunciations = parsed.pronunciations
    problems = list(parsed.problems)
    voice_ids = {f["id"] for f, _ in parsed.voices}
    if library is not None:
        names = {v.name.casefold() for v in library.list()}
        for fields, _ in parsed.voices:
            if fields["id"] in library:
                problems.append(f"voice “{fields['name']}” is already in the library; it will be "
                                f"imported as a copy with a new id.")
            elif fields["name"].casefold() in names:
                problems.append(f"a voice named “{fields['name']}” is already in the library.")
    for preset in parsed.presets:
        ref = preset.voice
        if ref.kind == "library" and ref.voice_id not in voice_ids and (
                library is None or ref.voice_id not in library):
            problems.append(f"preset “{preset.name}” uses a library voice that is not in this bundle.")
    version = int(parsed.manifest["version"])
    return BundlePreview(
        Path(path), parsed.kind, version, parsed.file_bytes, parsed.uncompressed,
        tuple(VoicePreview(f["id"], f["name"], f["origin"], f["language"], f["duration"],
                           f["sample_rate"], len(flac), f["consent"], tuple(f["profiles"]))
              for f, flac in parsed.voices),
        tuple(parsed.presets), tuple(problems), pronunciations)


def import_bundle(path: str | Path, library: VoiceLibrary) -> ImportResult:
    """Validate, then add every voice and preset in one transaction (all or nothing).

    Ids already in the library get fresh ones (presets follow their voices); consent records are
    kept as written, with the bundle's file name as the source when the record names none.
    """
    path = Path(path)
    parsed = _parse(path)
    pronunciations = parsed.pronunciations
    top = _top_extra(parsed.manifest)
    extras_bytes = (json.dumps(top, ensure_ascii=False, sort_keys=True).encode("utf-8")
                    if top else None)
    digest = hashlib.sha256(extras_bytes).hexdigest() if extras_bytes else ""
    renamed: dict[str, str] = {}
    voice_records: builtins.list[tuple[dict[str, Any], bytes]] = []
    for fields, flac in parsed.voices:
        if fields["id"] in library:
            renamed[fields["id"]] = uuid.uuid4().hex
        consent = fields["consent"]
        if not consent.source:
            consent = Consent(**{**{k: getattr(consent, k) for k in Consent.KNOWN},
                                 "source": f"bundle {path.name}"}, extra=consent.extra)
        extra = {**fields["extra"], **({BUNDLE_EXTRA_REF: digest} if top else {})}
        extra.pop(BUNDLE_EXTRA, None)
        voice = Voice(**{**fields, "id": renamed.get(fields["id"], fields["id"]), "consent": consent,
                         "extra": extra}, audio_path=Path())
        voice_records.append((voice.to_json(), flac))
    preset_records: builtins.list[dict[str, Any]] = []
    existing_presets = {p.id for p in library.presets.list()}
    for preset in parsed.presets:
        record = preset.to_json()
        if preset.id in existing_presets:
            renamed[preset.id] = uuid.uuid4().hex
            record["id"] = renamed[preset.id]
        if preset.voice.kind == "library" and preset.voice.voice_id in renamed:
            record["voice"] = VoiceRef.library(renamed[preset.voice.voice_id]).to_json()
        record.pop(BUNDLE_EXTRA, None)
        if top:
            record[BUNDLE_EXTRA_REF] = digest
        preset_records.append(Preset.from_json(record).to_json())
    _check_room(library, _added_bytes(voice_records, preset_records, extras_bytes))
    extras_file = _extras_path(library, digest) if extras_bytes else None
    created = extras_file is not None and not extras_file.exists()
    try:
        if extras_file is not None and created:
            extras_file.parent.mkdir(exist_ok=True)
            atomic_write_json(extras_file, top)
        library.add_many(voice_records, preset_records)
    except BaseException:
        if extras_file is not None and created:
            with contextlib.suppress(OSError):
                extras_file.unlink()
        raise
    return ImportResult(tuple(library.get(r["id"]) for r, _ in voice_records),
                        tuple(library.presets.get(r["id"]) for r in preset_records), renamed,
                        tuple(parsed.problems), pronunciations)


def _voice_entry(voice: Voice) -> dict[str, Any]:
    record = voice.to_json()
    record.pop(BUNDLE_EXTRA, None)
    record.pop(BUNDLE_EXTRA_REF, None)
    record["audio"] = f"{AUDIO_DIR}{voice.id}.flac"
    return record


def _preset_entry(preset: Preset) -> dict[str, Any]:
    record = preset.to_json()
    record.pop(BUNDLE_EXTRA, None)
    record.pop(BUNDLE_EXTRA_REF, None)
    return record


def export_bundle(path: str | Path, voices: Iterable[str | Voice], presets: Iterable[str | Preset],
                  library: VoiceLibrary, pronunciations: Iterable[Pronunciation] = ()) -> Path:
    """Write a bundle of `voices` and `presets` (ids from `library`, or objects), and the
    `pronunciations` the sender chose to share, to `path`.

    Library voices that the presets use are included even when not listed, since a preset without
    its voice is of no use to whoever receives it. A path ending in `.json` writes a bare manifest,
    which can only hold presets. Written atomically: a failed export leaves no partial file.
    """
    path = Path(path)
    chosen_presets = [p if isinstance(p, Preset) else library.presets.get(p) for p in presets]
    chosen: dict[str, Voice] = {}
    for v in voices:
        voice = v if isinstance(v, Voice) else library.get(v)
        chosen.setdefault(voice.id, voice)
    for preset in chosen_presets:
        if preset.voice.kind == "library" and preset.voice.voice_id not in chosen:
            chosen[preset.voice.voice_id] = library.get(preset.voice.voice_id)
    if not chosen and not chosen_presets:
        raise BundleError("There is nothing to export: choose at least one voice or preset.")
    top: dict[str, Any] = {}
    for item in [*chosen.values(), *chosen_presets]:
        for key, value in _read_extras(library, item).items():
            top.setdefault(key, value)
    manifest = {**top, "format": FORMAT, "version": VERSION,
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "generator": f"Step Audio Studio {studio_version()}",
                "voices": [_voice_entry(v) for v in chosen.values()],
                "presets": [_preset_entry(p) for p in chosen_presets]}
    said = [e.to_json() for e in pronunciations]
    if said:
        manifest["pronunciations"] = said
    if path.suffix.lower() == ".json":
        if chosen:
            raise BundleError("A .json bundle can hold only presets; save voices as a .zip bundle.")
        return atomic_write_json(path, manifest)
    text = json.dumps(manifest, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as zf:
        zf.writestr(_info(MANIFEST), text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
        for voice in chosen.values():
            # The stored FLAC as is: the receiver gets the reference bit for bit.
            zf.writestr(_info(f"{AUDIO_DIR}{voice.id}.flac"), library.reference_bytes(voice.id),
                        compress_type=zipfile.ZIP_STORED)
    return path


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.gmtime()[:6])
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info
