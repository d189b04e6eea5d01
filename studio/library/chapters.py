"""Chapter markers inside exported audio, in each container's own convention.

An audiobook chapter or a podcast segment should be a place a listener's player can jump to, not
only a line in a subtitle file. Each format has one convention players read:

- FLAC and Ogg Vorbis: the Vorbis-comment chapter extension (`CHAPTER001=00:00:00.000`,
  `CHAPTER001NAME=...`), read by VLC, foobar2000 and most audiobook players;
- MP3: ID3v2 `CHAP` frames under a top-level ordered `CTOC` (the ID3 chapter addendum);
- WAV: cue points (`cue ` chunk) named by `labl` entries in a `LIST adtl` chunk, which audio
  editors show as markers.

mutagen writes the first two kinds; WAV's two RIFF chunks are written here (mutagen has no cue
support). Everything works on the encoded bytes, before the file is written atomically.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from dataclasses import dataclass

MAX_TITLE_CHARS = 120


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds from the start of the file
    title: str


def _title(mark: Chapter) -> str:
    """A title as a container may hold it: one line, bounded."""
    return " ".join(mark.title.split())[:MAX_TITLE_CHARS]


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def with_chapters(data: bytes, fmt: str, chapters: Sequence[Chapter], duration: float,
                  sample_rate: int) -> bytes:
    """`data` (an encoded file of `fmt`) with `chapters` marked in it; unchanged without chapters."""
    marks = sorted((c for c in chapters if 0 <= c.start < duration), key=lambda c: c.start)
    if not marks:
        return data
    if fmt == "wav":
        return _wav(data, marks, sample_rate)
    if fmt == "mp3":
        return _mp3(data, marks, duration)
    return _vorbis(data, fmt, marks)


def _vorbis(data: bytes, fmt: str, marks: Sequence[Chapter]) -> bytes:
    from mutagen.flac import FLAC
    from mutagen.oggvorbis import OggVorbis

    buffer = io.BytesIO(data)
    audio = FLAC(buffer) if fmt == "flac" else OggVorbis(buffer)
    if audio.tags is None:
        audio.add_tags()
    for n, mark in enumerate(marks, 1):
        audio.tags[f"CHAPTER{n:03d}"] = _clock(mark.start)
        audio.tags[f"CHAPTER{n:03d}NAME"] = _title(mark)
    buffer.seek(0)
    audio.save(buffer)
    return buffer.getvalue()


def _mp3(data: bytes, marks: Sequence[Chapter], duration: float) -> bytes:
    from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags, ID3NoHeaderError

    buffer = io.BytesIO(data)
    try:
        tag = ID3(buffer)
    except ID3NoHeaderError:
        tag = ID3()
    ids = [f"chp{n}" for n in range(len(marks))]
    tag.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                 sub_frames=[TIT2(text=["Chapters"])]))
    ends = [m.start for m in marks[1:]] + [duration]
    for element, mark, end in zip(ids, marks, ends, strict=True):
        tag.add(CHAP(element_id=element, start_time=round(mark.start * 1000), end_time=round(end * 1000),
                     start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                     sub_frames=[TIT2(text=[_title(mark)])]))
    buffer.seek(0)
    tag.save(buffer, v2_version=3)
    return buffer.getvalue()


def _chunk(fourcc: bytes, body: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


def _wav(data: bytes, marks: Sequence[Chapter], rate: int) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a RIFF WAVE file")
    points = b"".join(struct.pack("<II4sIII", n, round(m.start * rate), b"data", 0, 0, round(m.start * rate))
                      for n, m in enumerate(marks, 1))
    cue = _chunk(b"cue ", struct.pack("<I", len(marks)) + points)
    labels = b"".join(_chunk(b"labl", struct.pack("<I", n) + _title(m).encode("utf-8") + b"\x00")
                      for n, m in enumerate(marks, 1))
    body = data[12:] + cue + _chunk(b"LIST", b"adtl" + labels)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body
