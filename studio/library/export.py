"""Exporting audio for use outside the studio: WAV, FLAC, Ogg Vorbis and MP3, tagged, atomic.

An exported take should stay reproducible after it leaves the app, so the spoken text, the engine
and the voice go into the file's own tags wherever the container can hold them, and a JSON sidecar
(`sidecar=True`) can carry the full metadata (seed, parameters, warnings, timings) beside it.

What each container keeps was checked against the bundled libsndfile 1.2.2:

- FLAC and Ogg: Vorbis comments, any length, UTF-8.
- WAV: a RIFF INFO chunk; libsndfile silently drops *every* string once they total a few KB, so
  WAV tags are cut to a budget rather than lost.
- MP3: libsndfile encodes MP3 (LAME) but writes ID3 strings as Latin-1, garbling Chinese text, so
  we write our own ID3v2.3 tag with UTF-16 frames in front of the MPEG stream (libsndfile, mpg123
  and players read it). MPEG only defines nine sample rates; other rates are resampled to the next
  one up rather than refused.
"""

from __future__ import annotations

import json
import struct
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backends.audio import Audio
from studio.library.chapters import Chapter, with_chapters
from studio.library.storage import atomic_write_bytes, atomic_write_json, encode_audio, json_default

if TYPE_CHECKING:
    from studio.library.takes import Take, TakeLibrary

EXPORT_FORMATS: dict[str, str] = {
    "wav": "WAV (16-bit PCM)",
    "flac": "FLAC (lossless)",
    "ogg": "Ogg Vorbis",
    "mp3": "MP3",
}

MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
SIDECAR_FORMAT = "step-audio-studio/export"
_WAV_TAG_BYTES = {"comment": 1200}  # everything else: 160 bytes; together well under the limit
_WAV_OTHER_BYTES = 160
_MAX_TAG_BYTES = 64_000


class ExportError(ValueError):
    """The export cannot be done as asked (format, name, rate); the message is for the user."""


def studio_version() -> str:
    """The installed version, for file tags and sidecars (and `step-studio --version`)."""
    try:
        from importlib.metadata import version

        return version("step-audio-studio")
    except Exception:  # not installed as a distribution (running from a checkout)
        return "0.1.0"


def resolve_format(path: Path, fmt: str | None) -> tuple[Path, str]:
    """The path to write and its format. A name without a suffix gets the format's; a suffix that
    contradicts an explicit format is refused (a file called .wav holding MP3 confuses everyone)."""
    choices = ", ".join(f.upper() for f in EXPORT_FORMATS)
    suffix = path.suffix.lower().lstrip(".")
    if fmt is None:
        if not suffix:
            raise ExportError(f"{path.name}: add a file extension or choose a format ({choices}).")
        fmt = suffix
    fmt = fmt.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Cannot export “{fmt}” files; choose {choices}.")
    if not suffix:
        return path.with_name(f"{path.name}.{fmt}"), fmt
    if suffix != fmt:
        raise ExportError(f"{path.name}: the name ends in .{suffix} but the format chosen is {fmt.upper()}.")
    return path, fmt


def sidecar_path(path: Path) -> Path:
    """`take.mp3` → `take.json`: the metadata file that travels with an export."""
    return path.with_suffix(".json")


def file_tags(metadata: Mapping[str, Any]) -> dict[str, str]:
    """The tags an exported file carries, from a take's metadata (see `take_metadata`)."""
    from studio.library.takes import default_title  # late: keeps export importable without the library

    text = str(metadata.get("text") or "")
    engine = str(metadata.get("engine_id") or metadata.get("engine") or "")
    voice = str(metadata.get("voice_id") or metadata.get("voice") or "")
    title = str(metadata.get("title") or (default_title(text) if text else ""))
    software = f"Step Audio Studio {studio_version()}" + (f" ({engine} engine)" if engine else "")
    created = metadata.get("created")
    when = time.localtime(created if isinstance(created, (int, float)) else time.time())
    tags = {
        "title": title,
        "artist": voice,
        "comment": text,
        "software": software,
        "date": time.strftime("%Y-%m-%d", when),
    }
    return {key: value for key, value in tags.items() if value}


def _cut_utf8(value: str, limit: int) -> str:
    raw = value.encode("utf-8")
    if len(raw) <= limit:
        return value
    return raw[: limit - 3].decode("utf-8", errors="ignore") + "…"


def _container_tags(fmt: str, tags: Mapping[str, str]) -> dict[str, str]:
    if fmt == "wav":
        return {k: _cut_utf8(v, _WAV_TAG_BYTES.get(k, _WAV_OTHER_BYTES)) for k, v in tags.items()}
    return {k: _cut_utf8(v, _MAX_TAG_BYTES) for k, v in tags.items()}


def _syncsafe(n: int) -> bytes:
    return bytes(((n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F))


def _utf16(text: str) -> bytes:
    return text.encode("utf-16") + b"\x00\x00"  # with BOM, then a terminator


def id3v2_tag(tags: Mapping[str, str]) -> bytes:
    """An ID3v2.3 tag with UTF-16 text frames (the version every player reads)."""
    frame_ids = {"title": "TIT2", "artist": "TPE1", "software": "TSSE", "date": "TYER"}
    frames = b""
    for key, frame_id in frame_ids.items():
        value = tags.get(key)
        if not value:
            continue
        if key == "date":
            value = value[:4]
        payload = b"\x01" + _utf16(value)
        frames += frame_id.encode("ascii") + struct.pack(">I", len(payload)) + b"\x00\x00" + payload
    comment = tags.get("comment")
    if comment:
        payload = b"\x01" + b"eng" + _utf16("") + _utf16(comment)
        frames += b"COMM" + struct.pack(">I", len(payload)) + b"\x00\x00" + payload
    if not frames:
        return b""
    return b"ID3\x03\x00\x00" + _syncsafe(len(frames)) + frames


def encode_for_export(audio: Audio, fmt: str, tags: Mapping[str, str] | None = None) -> bytes:
    """The bytes of an exported file: audio plus whatever tags `fmt` can hold."""
    tags = _container_tags(fmt, tags or {})
    if fmt == "mp3":
        return id3v2_tag(tags) + encode_audio(audio, "mp3")
    return encode_audio(audio, fmt, tags=tags)


def export_audio(audio: Audio, path: str | Path, fmt: str | None = None,
                 metadata: Mapping[str, Any] | None = None, *, sidecar: bool = False,
                 sample_rate: int | None = None, chapters: Sequence[Chapter] = ()) -> Path:
    """Write `audio` to `path` (atomically) and return the path written.

    `fmt`: wav/flac/ogg/mp3, default from the suffix. `metadata`: the take's (text, engine_id,
    voice_id, title, created, and the engine's own keys) for tags and the sidecar. `sample_rate`:
    resample first (e.g. 44100 or 48000 for video work). `chapters`: markers a player can jump to
    (see chapters.py), in the file's own convention. Raises ExportError for a bad name,
    format or rate and StorageError when the file cannot be written.
    """
    path, fmt = resolve_format(Path(path), fmt)
    if len(audio.samples) == 0:
        raise ExportError("There is no audio to export (the clip is empty).")
    if sample_rate is not None:
        if not 1000 <= int(sample_rate) <= 384_000:
            raise ExportError(f"{sample_rate} Hz is not a sample rate audio files use.")
        audio = audio.resampled(int(sample_rate))
    if fmt == "mp3" and audio.sample_rate not in MP3_RATES:
        audio = audio.resampled(next((r for r in MP3_RATES if r >= audio.sample_rate), MP3_RATES[-1]))
    metadata = dict(metadata or {})
    try:
        data = encode_for_export(audio, fmt, file_tags(metadata))
        data = with_chapters(data, fmt, chapters, audio.duration, audio.sample_rate)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    atomic_write_bytes(path, data)
    if sidecar:
        atomic_write_json(sidecar_path(path), {
            "format": SIDECAR_FORMAT,
            "version": 1,
            "audio_file": path.name,
            "audio_format": fmt,
            "sample_rate": audio.sample_rate,
            "duration": audio.duration,
            "exported": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "software": f"Step Audio Studio {studio_version()}",
            "take": json.loads(json.dumps(metadata, default=json_default, ensure_ascii=False)),
        })
    return path


def take_metadata(take: Take) -> dict[str, Any]:
    """Everything about a library take that an export should carry."""
    return {
        **take.metadata,
        "id": take.id,
        "title": take.title,
        "text": take.text,
        "engine_id": take.engine_id,
        "voice_id": take.voice_id,
        "created": take.created,
        "duration": take.duration,
    }


def export_take(library: TakeLibrary, take_id: str, path: str | Path, fmt: str | None = None, *,
                sidecar: bool = False, sample_rate: int | None = None) -> Path:
    """Export a library take with its tags (and sidecar); raises what `export_audio` and the
    library raise (LibraryError when its audio is missing)."""
    take = library.get(take_id)
    audio = library.load_audio(take_id)
    return export_audio(audio, path, fmt, take_metadata(take), sidecar=sidecar, sample_rate=sample_rate)
