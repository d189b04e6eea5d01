"""Subtitles from word timings: cues a viewer can read, written as SRT or WebVTT.

Why cues are cut here rather than one per Whisper segment: a segment can run for 30 s, and the
word times the studio keeps (they follow every edit) are the only times that are still right
after words were deleted or re-spoken. The rules are the common broadcast ones: a cue ends at
the end of a sentence, at a pause of `PAUSE_SECONDS`, or before it would need more than
`MAX_LINES` lines of `MAX_LINE_WIDTH` columns or last more than `MAX_CUE_SECONDS`; a Chinese,
Japanese or Korean character takes two columns, as it does on screen. A cue shows at least
`MIN_CUE_SECONDS` when the next one leaves room.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import srt

from backends.text import display_width
from studio.editing.transcript import TimedWord, Transcript, split_words, spread, word_joiner
from studio.library.storage import atomic_write_text

MAX_LINE_WIDTH = 42  # columns per line (a CJK character is two)
MAX_LINES = 2
MAX_CUE_SECONDS = 7.0
MIN_CUE_SECONDS = 0.8
PAUSE_SECONDS = 0.8  # a silence this long between words starts a new cue
_SENTENCE_ENDS = tuple(".?!…。？！")
FORMATS = ("srt", "vtt")
MAX_SENTENCES = 20_000  # more in a take's record than any take has
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


class SubtitleError(ValueError):
    """Subtitles cannot be made or written; the message is a sentence for the user."""


@dataclass(frozen=True)
class Cue:
    """One subtitle: seconds, and its text with a line break where it wraps."""

    start: float
    end: float
    text: str


def _wrap(words: Sequence[str], joiner: str) -> str:
    """The words on one line, or on two split where the longer line is shortest."""
    whole = joiner.join(words).strip()
    if display_width(whole) <= MAX_LINE_WIDTH or len(words) < 2:
        return whole
    def line(part: Sequence[str]) -> str:
        return joiner.join(part).strip()

    def longer(k: int) -> int:
        return max(display_width(line(words[:k])), display_width(line(words[k:])))

    best = min(range(1, len(words)), key=longer)
    return line(words[:best]) + "\n" + line(words[best:])


def _fits(words: Sequence[str], joiner: str) -> bool:
    return display_width(joiner.join(words).strip()) <= MAX_LINE_WIDTH * MAX_LINES - (MAX_LINES - 1) * 2


def cues(transcript: Transcript) -> list[Cue]:
    """The transcript's words grouped into cues (see the module's rules), in order, not overlapping."""
    joiner = word_joiner(transcript.language)
    groups: list[list[TimedWord]] = []
    for word in transcript.words:
        if not word.text.strip():
            continue
        group = groups[-1] if groups else None
        if group is not None:
            last = group[-1]
            texts = [w.text for w in group] + [word.text]
            ends_sentence = last.text.rstrip("\"'”’)」』").endswith(_SENTENCE_ENDS)
            if (not ends_sentence and word.start - last.end < PAUSE_SECONDS
                    and word.end - group[0].start <= MAX_CUE_SECONDS and _fits(texts, joiner)):
                group.append(word)
                continue
        groups.append([word])
    out: list[Cue] = []
    for k, group in enumerate(groups):
        start, end = group[0].start, max(group[-1].end, group[0].start + 0.01)
        following = groups[k + 1][0].start if k + 1 < len(groups) else None
        if end - start < MIN_CUE_SECONDS:
            end = start + MIN_CUE_SECONDS if following is None else max(end, min(start + MIN_CUE_SECONDS,
                                                                                  following))
        if transcript.duration > 0:
            end = min(end, max(transcript.duration, start + 0.01))
        out.append(Cue(start, end, _wrap([w.text for w in group], joiner)))
    return out


def sentence_spans(sentences: object) -> list[tuple[float, float, str]]:
    """A take's record of where its text was spoken (`text_spans`: [start, end, text] per piece
    the engine spoke), checked: the record may come from a shared bundle, so anything else
    raises SubtitleError with a sentence."""
    if not isinstance(sentences, list) or not sentences or len(sentences) > MAX_SENTENCES:
        raise SubtitleError("This take has no timing of its text to make subtitles from.")
    out: list[tuple[float, float, str]] = []
    for item in sentences:
        ok = (isinstance(item, list) and len(item) == 3 and isinstance(item[2], str)
              and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                      for v in item[:2]) and 0 <= item[0] <= item[1] and len(item[2]) <= 100_000)
        if not ok:
            raise SubtitleError("This take's record of its text is damaged.")
        out.append((float(item[0]), float(item[1]), item[2]))
    return out


def from_sentences(sentences: object, duration: float) -> Transcript:
    """A take's sentences (`sentence_spans`) as words spread over each by their letters:
    subtitles for a take without transcribing it, right to the sentence and within one to a
    syllable or so."""
    words: list[TimedWord] = []
    for start, end, text in sentence_spans(sentences):
        words += spread(split_words(text), start, end)
    text = "".join(w.text for w in words)
    language = "zh" if len(_CJK.findall(text)) > len(text) / 3 else "en"
    return Transcript.of(words, language, max(duration, words[-1].end if words else 0.0))


def _subtitles(items: Sequence[Cue]) -> list[srt.Subtitle]:
    return [srt.Subtitle(index=k + 1, start=timedelta(seconds=round(c.start, 3)),
                         end=timedelta(seconds=round(c.end, 3)), content=c.text)
            for k, c in enumerate(items)]


def to_srt(items: Sequence[Cue]) -> str:
    return srt.compose(_subtitles(items), reindex=False)


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def to_vtt(items: Sequence[Cue]) -> str:
    """WebVTT: SRT's cues with a header and a dot before the milliseconds. '-->' cannot appear in
    a cue's text and '&' and '<' must be escaped, or a player drops the cue."""
    blocks = ["WEBVTT\n"]
    for c in items:
        text = c.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        blocks.append(f"{_vtt_time(c.start)} --> {_vtt_time(c.end)}\n{text}\n")
    return "\n".join(blocks)


def write_subtitles(transcript: Transcript, path: str | Path) -> Path:
    """Write the transcript's cues to `path` (`.srt` or `.vtt`, by its suffix) atomically.
    SubtitleError with a sentence when there are no words or the format is not known, and
    studio.library.storage.StorageError (a sentence) when the disk refuses."""
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise SubtitleError("Subtitles are written as .srt or .vtt; choose one of those endings.")
    items = cues(transcript)
    if not items:
        raise SubtitleError("There are no words to make subtitles from; transcribe the recording first.")
    return atomic_write_text(target, to_srt(items) if fmt == "srt" else to_vtt(items))
