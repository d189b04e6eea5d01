"""Chapter markers: read back from each format by a reader other than the writer (mutagen's own
parsers for FLAC, Ogg and ID3; the RIFF chunks walked here for WAV), and the audio untouched."""

from __future__ import annotations

import io
import struct

import mutagen
import numpy as np
import pytest
import soundfile as sf

from backends.audio import Audio
from studio.library.chapters import Chapter, with_chapters
from studio.library.export import export_audio

RATE = 24000
CLIP = Audio((0.2 * np.sin(np.arange(3 * RATE) / 7)).astype(np.float32), RATE)
MARKS = [Chapter(0.0, "Opening"), Chapter(1.25, "第二章 The Storm"), Chapter(2.5, "Line\nbreak")]


def _riff_marks(data: bytes) -> list[tuple[float, str]]:
    """Cue points and their labels, from the chunks of a WAV file."""
    at, cues, labels = 12, {}, {}
    while at + 8 <= len(data):
        fourcc, size = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        body = data[at + 8:at + 8 + size]
        if fourcc == b"cue ":
            for k in range(struct.unpack("<I", body[:4])[0]):
                ident, _pos, _chunk, _c, _b, offset = struct.unpack("<II4sIII", body[4 + 24 * k:28 + 24 * k])
                cues[ident] = offset / RATE
        elif fourcc == b"LIST" and body[:4] == b"adtl":
            sub = 4
            while sub + 8 <= len(body):
                kind, n = body[sub:sub + 4], struct.unpack("<I", body[sub + 4:sub + 8])[0]
                if kind == b"labl":
                    ident = struct.unpack("<I", body[sub + 8:sub + 12])[0]
                    labels[ident] = body[sub + 12:sub + 8 + n].rstrip(b"\x00").decode("utf-8")
                sub += 8 + n + n % 2
        at += 8 + size + size % 2
    return [(cues[i], labels[i]) for i in sorted(cues)]


def _marks(path_or_bytes: bytes, fmt: str) -> list[tuple[float, str]]:
    if fmt == "wav":
        return _riff_marks(path_or_bytes)
    tags = mutagen.File(io.BytesIO(path_or_bytes)).tags
    if fmt == "mp3":
        toc = tags.getall("CTOC")[0]
        chaps = {c.element_id: c for c in tags.getall("CHAP")}
        return [(chaps[e].start_time / 1000, str(chaps[e].sub_frames["TIT2"])) for e in toc.child_element_ids]
    out = []
    for n in range(1, 100):
        if f"CHAPTER{n:03d}" not in tags:
            break
        h, m, s = tags[f"CHAPTER{n:03d}"][0].split(":")
        out.append((int(h) * 3600 + int(m) * 60 + float(s), tags[f"CHAPTER{n:03d}NAME"][0]))
    return out


@pytest.mark.parametrize("fmt", ["flac", "ogg", "mp3", "wav"])
def test_chapters_are_read_back_where_they_were_put(tmp_path, fmt: str) -> None:
    plain = export_audio(CLIP, tmp_path / f"plain.{fmt}", metadata={"text": "Hello"})
    marked = export_audio(CLIP, tmp_path / f"marked.{fmt}", metadata={"text": "Hello"}, chapters=MARKS)
    found = _marks(marked.read_bytes(), fmt)
    assert [t for _, t in found] == ["Opening", "第二章 The Storm", "Line break"]
    assert np.allclose([s for s, _ in found], [0.0, 1.25, 2.5], atol=1 / RATE + 1e-9)
    a, rate_a = sf.read(plain, dtype="float32")
    b, rate_b = sf.read(marked, dtype="float32")
    assert rate_a == rate_b and np.array_equal(a, b)  # the audio itself is untouched
    if fmt != "wav":
        assert "Hello" in str(mutagen.File(marked).tags)  # the take's own tags are kept


def test_no_chapters_or_none_inside_the_clip_change_nothing() -> None:
    data = b"RIFF....WAVE"
    assert with_chapters(data, "wav", [], 3.0, RATE) is data
    assert with_chapters(data, "wav", [Chapter(3.0, "after the end")], 3.0, RATE) is data
