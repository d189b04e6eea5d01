"""The word lane: a recording's words with their times, and how selections map to words and back.

Why it exists: the Edit page lets the user select words instead of milliseconds, delete them and
type new ones (`studio.editing.wordcut`, `studio.editing.respeak`). That needs the words with
their times in the coordinates of the project's *current version*, and it needs them to stay
aligned after every edit without transcribing again (`Transcript.shifted`).

Transcription is the studio's Whisper (`backends.embedded.asr.WhisperTranscriber`: int8 on CPU,
word timestamps, Silero VAD in front and Whisper's own no-speech test behind, so silence does not
become invented words). A long recording is transcribed in chunks of about `CHUNK_SECONDS`, each
cut at the quietest moment near its end, so progress is reported and cancel is honoured between
chunks, and a 2-hour file never needs more than one chunk of audio in memory besides the project.
The language is detected on the first chunk that has words and kept for the rest, so one
recording does not switch languages mid-way.

A `Transcript` is plain data (JSON in `project.meta`, see `keep`/`kept`) and Qt-free; the page
draws it and calls the functions here from a worker thread.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from backends.audio import Audio
from backends.base import CancelToken
from studio.editing.dsp import EditError

if TYPE_CHECKING:
    from studio.editing.project import EditProject

CHUNK_SECONDS = 60.0  # audio handed to Whisper at a time (it windows 30 s inside)
_CUT_SEARCH_SECONDS = 5.0  # a chunk ends at the quietest moment within this much of CHUNK_SECONDS
_QUIET_WINDOW_SECONDS = 0.3
DEFAULT_MODEL = "base"  # multilingual; word times as good as tiny.en's and far fewer wrong words
NO_SPACE_LANGUAGES = ("zh", "ja", "yue", "th", "lo", "my", "bo")
KEEP_VERSIONS = 32  # transcripts kept in project.meta, for the most recent versions
FORMAT = 1

Progress = Callable[[float, str], None]

# Sentences the page shows (the lead lists them for translation).
TRANSCRIBING = "Transcribing {0} of {1}…"
TRANSCRIBED = "Transcribed {0} words."
NO_WHISPER = "Transcription is not available: {0}"


@dataclass(frozen=True)
class TimedWord:
    """One word as heard: seconds in the version it describes, and Whisper's confidence (0..1;
    1.0 for words the user typed, which are certain)."""

    start: float
    end: float
    text: str
    probability: float = 1.0


def word_joiner(language: str) -> str:
    """What goes between two words written in `language`: nothing where words are not spaced."""
    return "" if language in NO_SPACE_LANGUAGES else " "


@dataclass(frozen=True)
class Transcript:
    """Words of one version of a recording, in order, with the length of that version."""

    words: tuple[TimedWord, ...]
    language: str
    text: str
    duration: float = 0.0
    model: str = field(default="", compare=False)

    @classmethod
    def of(cls, words: Iterable[TimedWord], language: str, duration: float, model: str = "") -> Transcript:
        """A transcript whose text is its words joined as the language writes them."""
        ws = tuple(words)
        return cls(ws, language, word_joiner(language).join(w.text for w in ws).strip(), duration, model)

    def __len__(self) -> int:
        return len(self.words)

    # --- selections ---------------------------------------------------------------------------------

    def words_in(self, start: float, end: float) -> tuple[int, int]:
        """The words a time selection covers, as (i, j): words i..j-1, each with its middle inside
        [start, end]. i == j means no word: the selection lies between words i-1 and i."""
        if end < start:
            start, end = end, start
        mids = [(w.start + w.end) / 2 for w in self.words]
        return bisect.bisect_left(mids, start), bisect.bisect_right(mids, end)

    def _check(self, i: int, j: int) -> None:
        if not (isinstance(i, int) and isinstance(j, int) and 0 <= i < j <= len(self.words)):
            raise EditError("Select one or more words first.")

    def pause_before(self, k: int) -> tuple[float, float]:
        """The gap Whisper heard before word k (k == len: after the last word), as (start, end);
        empty (start == end) when the words touch. Whisper's times are rough (tens of ms); the
        edits measure the real pause in the audio around this (`studio.editing.wordcut`)."""
        n = len(self.words)
        if not 0 <= k <= n:
            raise EditError("Select one or more words first.")
        left = self.words[k - 1].end if k > 0 else 0.0
        right = self.words[k].start if k < n else max(self.duration, left)
        return (left, right) if right >= left else ((left + right) / 2, (left + right) / 2)

    def span(self, i: int, j: int) -> tuple[float, float]:
        """The time selection of words i..j-1, widened to the middle of the pause on each side, so
        a cut there lands in silence rather than on the first or last sound of a word."""
        self._check(i, j)
        a, b = self.pause_before(i), self.pause_before(j)
        return max(0.0, (a[0] + a[1]) / 2), (b[0] + b[1]) / 2

    def text_of(self, i: int, j: int) -> str:
        return word_joiner(self.language).join(w.text for w in self.words[i:j]).strip()

    # --- after an edit ------------------------------------------------------------------------------

    def shifted(self, start: float, end: float, new_length: float,
                new_words: Sequence[TimedWord] = ()) -> Transcript:
        """The transcript after [start, end) seconds were replaced by `new_length` seconds of sound
        whose words are `new_words` (times relative to `start`). Words before stay, words after
        move by the change in length, words mostly inside the span go; a word cut into by less
        than half is kept, clipped to the span's edge. Used after every edit, so the lane stays
        aligned without transcribing again."""
        if end < start or new_length < 0:
            raise ValueError("a replaced span needs start <= end and a length >= 0")
        delta = new_length - (end - start)
        out: list[TimedWord] = []
        inserted = [TimedWord(start + max(0.0, w.start), start + min(new_length, max(w.start, w.end)),
                              w.text, w.probability) for w in new_words]
        placed = False
        for w in self.words:
            inside = max(0.0, min(w.end, end) - max(w.start, start))
            length = max(w.end - w.start, 1e-9)
            if inside > 0 and inside >= length / 2:
                continue  # the span took it
            if w.end <= start or (w.start < start and inside > 0):
                out.append(TimedWord(w.start, min(w.end, start), w.text, w.probability))
                continue
            if not placed:
                out.extend(inserted)
                placed = True
            out.append(TimedWord(max(w.start, end) + delta, w.end + delta, w.text, w.probability))
        if not placed:
            out.extend(inserted)
        return Transcript.of(out, self.language, max(0.0, self.duration + delta), self.model)

    def replaced(self, i: int, j: int, start: float, end: float, new_length: float,
                 new_words: Sequence[TimedWord] = ()) -> Transcript:
        """The transcript after words i..j-1, whose sound was [start, end) seconds, were replaced
        by `new_length` seconds holding `new_words` (times relative to `start`; none: a deletion).
        By index rather than by time, because Whisper's times are too rough to decide by overlap
        which words an edit took."""
        self._check(i, j)
        delta = new_length - (end - start)
        before = [TimedWord(min(w.start, start), min(w.end, start), w.text, w.probability)
                  for w in self.words[:i]]
        inserted = [TimedWord(start + max(0.0, w.start), start + min(new_length, max(w.start, w.end)),
                              w.text, w.probability) for w in new_words]
        after_at = start + new_length
        after = [TimedWord(max(w.start + delta, after_at), max(w.end + delta, after_at), w.text,
                           w.probability) for w in self.words[j:]]
        return Transcript.of(before + inserted + after, self.language,
                             max(0.0, self.duration + delta), self.model)

    # --- saving -------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (times to the millisecond), compact enough for a long recording's meta."""
        return {"format": FORMAT, "language": self.language, "duration": round(self.duration, 4),
                "model": self.model,
                "words": [[round(w.start, 3), round(w.end, 3), w.text, round(w.probability, 3)]
                          for w in self.words]}

    @classmethod
    def from_json(cls, raw: Any) -> Transcript:
        try:
            if int(raw["format"]) != FORMAT:
                raise ValueError(f"format {raw['format']}")
            words = [TimedWord(float(a), float(b), str(t), float(p)) for a, b, t, p in raw["words"]]
            return cls.of(words, str(raw["language"]), float(raw["duration"]), str(raw.get("model", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise EditError(f"The saved transcript cannot be read ({exc}); transcribe again.") from exc


# --- keeping transcripts with the project --------------------------------------------------------------

def keep(project: EditProject, transcript: Transcript) -> None:
    """Remember `transcript` as the words of the project's current version, in `project.meta`
    (saved with the project where the store saves meta). Transcripts of versions no longer in
    the history are dropped, and only the `KEEP_VERSIONS` most recent are kept, so undo finds
    the words of recent versions without transcribing again."""
    kept_now = project.meta.get("transcripts")
    table = dict(kept_now) if isinstance(kept_now, dict) else {}
    order = {v.key: n for n, v in enumerate(project.versions)}
    table[project.versions[project.current].key] = transcript.to_json()
    live = sorted((k for k in table if k in order), key=order.__getitem__)[-KEEP_VERSIONS:]
    project.meta["transcripts"] = {k: table[k] for k in live}


def kept(project: EditProject, version: int | None = None) -> Transcript | None:
    """The transcript remembered for a version (default: the current one), or None."""
    index = project.current if version is None else version
    table = project.meta.get("transcripts")
    if not isinstance(table, dict) or not 0 <= index < len(project.versions):
        return None
    raw = table.get(project.versions[index].key)
    if raw is None:
        return None
    try:
        return Transcript.from_json(raw)
    except EditError:
        return None


# Operations that change how the audio sounds but not when anything is said.
_SAME_TIMING = ("gain", "fade_in", "fade_out", "normalize_peak", "normalize_loudness", "pitch", "denoise")
_KEEPS = ("crop", "split")  # the selection is what stays


def follow(project: EditProject, transcript: Transcript, version: int | None = None) -> Transcript | None:
    """The words of `version` (default: the current one) from the words of the version before it,
    by what its operation recorded: words after an edited span move, words inside a span whose
    sound was replaced go, words inside a speed change are stretched with it. None where the
    operation cannot be followed (a restore, an open): use `kept` or transcribe again."""
    index = project.current if version is None else version
    if not 1 <= index < len(project.versions):
        return None
    op = project.versions[index].op
    rate = project.sample_rate
    before, after = project.versions[index - 1].length / rate, project.versions[index].length / rate
    name, span = op.get("op"), op.get("range")
    if name in _SAME_TIMING:
        return transcript
    if name == "shorten_pauses":
        out = transcript
        for lo, hi in reversed(op.get("cuts") or []):
            out = out.shifted(lo / rate, hi / rate, 0.0)
        return out
    if not (isinstance(span, list) and len(span) == 2):
        return None
    lo, hi = span[0] / rate, span[1] / rate
    if name in _KEEPS:
        return Transcript.of([TimedWord(w.start - lo, w.end - lo, w.text, w.probability)
                              for w in transcript.words if lo <= (w.start + w.end) / 2 < hi],
                             transcript.language, after, transcript.model)
    if name == "speed":
        factor = (hi - lo + after - before) / (hi - lo) if hi > lo else 1.0

        def moved(t: float) -> float:
            return t if t <= lo else lo + (t - lo) * factor if t <= hi else t + (after - before)

        return Transcript.of([TimedWord(moved(w.start), moved(w.end), w.text, w.probability)
                              for w in transcript.words], transcript.language, after, transcript.model)
    if name in ("insert", "paste", "insert_silence"):
        return transcript.shifted(lo, lo, hi - lo)
    if name == "respeak" and isinstance(op.get("text"), str):
        length = (hi - lo) + (after - before)
        return transcript.shifted(lo, hi, length, spread(split_words(op["text"]), 0.0, length))
    return transcript.shifted(lo, hi, (hi - lo) + (after - before))  # the span's sound was replaced


# --- transcription -----------------------------------------------------------------------------------

_models: dict[str, Any] = {}
_models_lock = threading.Lock()


def _whisper(model: str) -> Any:
    from backends.embedded.asr import ModelUnavailable, WhisperTranscriber

    with _models_lock:
        found = _models.get(model)
        if found is None:
            try:
                found = _models[model] = WhisperTranscriber(model)
            except ValueError as exc:
                raise EditError(NO_WHISPER.format(exc)) from exc
    try:
        found.load()
    except (ModelUnavailable, OSError, RuntimeError) as exc:
        raise EditError(NO_WHISPER.format(str(exc).rstrip("."))) from exc
    return found


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class _Reader:
    """Reads seconds [a, b) of an Audio or of a project's current version (rendered piecewise)."""

    def __init__(self, source: Audio | EditProject) -> None:
        self.source = source
        if isinstance(source, Audio):
            self.rate, self.duration = source.sample_rate, source.duration
        else:
            self.rate, self.duration = source.sample_rate, source.duration

    def read(self, a: float, b: float) -> np.ndarray:
        if isinstance(self.source, Audio):
            return self.source.samples[round(a * self.rate):round(b * self.rate)]
        return self.source.render(None, a, min(b, self.duration)).samples


def quietest(samples: np.ndarray, rate: int, window: float = _QUIET_WINDOW_SECONDS) -> int:
    """Index of the middle of the quietest `window`-second stretch of `samples`."""
    w = max(1, min(len(samples), int(window * rate)))
    csum = np.concatenate([[0.0], np.cumsum(np.square(samples.astype(np.float64)))])
    energy = csum[w:] - csum[:-w]
    return int(np.argmin(energy)) + w // 2


def chunk_bounds(reader: _Reader) -> list[tuple[float, float]]:
    """Chunks of about CHUNK_SECONDS, each ending at the quietest moment near its nominal end."""
    bounds, at = [], 0.0
    while reader.duration - at > CHUNK_SECONDS + _CUT_SEARCH_SECONDS:
        lo, hi = at + CHUNK_SECONDS - _CUT_SEARCH_SECONDS, at + CHUNK_SECONDS + _CUT_SEARCH_SECONDS
        cut = lo + quietest(reader.read(lo, hi), reader.rate) / reader.rate
        bounds.append((at, cut))
        at = cut
    bounds.append((at, reader.duration))
    return bounds


def transcribe(source: Audio | EditProject, *, language: str | None = None, model: str = DEFAULT_MODEL,
               progress: Progress | None = None, cancel: CancelToken | None = None) -> Transcript:
    """The words of `source` (an Audio, or a project's current version) with their times.

    `language`: a Whisper code ("en", "zh", ...) or None to detect it. Blocking: run it on a
    worker thread. `progress(fraction, message)` after each chunk; `cancel` is checked between
    chunks (raises `backends.base.Cancelled`). Raises EditError with a sentence when Whisper is
    not installed or the audio cannot be transcribed.
    """
    reader = _Reader(source)
    whisper = _whisper(model)
    if whisper.english_only and language not in (None, "en"):
        raise EditError(f"Whisper {model} only transcribes English; choose the multilingual model.")
    words: list[TimedWord] = []
    detected = language
    bounds = chunk_bounds(reader)
    total = reader.duration
    for a, b in bounds:
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(a / total if total else 0.0, TRANSCRIBING.format(_clock(a), _clock(total)))
        samples = reader.read(a, b)
        if len(samples) < reader.rate * 0.05 or not np.any(samples):
            continue
        try:
            result = whisper.transcribe(Audio(samples, reader.rate), detected)
        except (ValueError, RuntimeError) as exc:
            raise EditError(f"Whisper could not transcribe this recording ({exc}).") from exc
        chunk_words = [TimedWord(a + w.start, a + w.end, w.text.strip(), w.probability)
                       for s in result.segments for w in s.words if w.text.strip()]
        if chunk_words and detected is None:
            detected = result.language
        words.extend(chunk_words)
    clean: list[TimedWord] = []
    for w in words:  # Whisper's times may overlap by a few ms or run past the end: keep them ordered
        start = min(max(w.start, clean[-1].end if clean else 0.0), total)
        clean.append(TimedWord(start, min(max(w.end, start), total), w.text, w.probability))
    if progress is not None:
        progress(1.0, TRANSCRIBED.format(len(clean)))
    return Transcript.of(clean, detected or (language or ""), total, model)


# --- words the user types --------------------------------------------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_PUNCT = re.compile(r"^[\s,.;:!?，。！？、；：…\"'“”‘’()（）]+$")


def split_words(text: str) -> list[str]:
    """Words as the lane shows them: spaces separate words; each CJK character is one word (as
    Whisper times them), with punctuation kept on the word before it."""
    out: list[str] = []
    for token in text.split():
        buf = ""
        for ch in token:
            if _CJK.match(ch):
                if buf:
                    out.append(buf)
                buf = ch
            elif _PUNCT.match(ch):
                buf += ch
            else:
                if _CJK.search(buf):
                    out.append(buf)
                    buf = ""
                buf += ch
        if buf:
            if _PUNCT.match(buf) and out:
                out[-1] += buf
            else:
                out.append(buf)
    return out


def spread(words: Sequence[str], start: float, end: float) -> list[TimedWord]:
    """Typed words laid over [start, end) seconds in proportion to their letters: how re-spoken
    words get times without transcribing the new sound (good to a syllable or so)."""
    weights = [max(1, len(re.sub(r"\W", "", w))) for w in words]
    total = sum(weights)
    out, at = [], start
    for w, n in zip(words, weights, strict=True):
        length = (end - start) * n / total if total else 0.0
        out.append(TimedWord(at, at + length, w, 1.0))
        at += length
    return out


def normalised_words(text: str) -> list[str]:
    """Lower-case words without punctuation: what a word error rate compares."""
    return [re.sub(r"[^\w']", "", w.lower()) for w in split_words(text) if re.sub(r"[^\w']", "", w)]


def word_errors(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Substitutions + deletions + insertions between two word lists (Levenshtein)."""
    prev = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        cur = [i] + [0] * len(hypothesis)
        for j, h in enumerate(hypothesis, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def align_words(reference: Sequence[str], hypothesis: Sequence[str]) -> list[int | None]:
    """For each reference word, the index of the identical hypothesis word a minimum-edit
    alignment pairs it with, or None (deleted or substituted): which words were heard where."""
    n, m = len(reference), len(hypothesis)
    d = np.zeros((n + 1, m + 1), dtype=np.int64)
    d[:, 0], d[0, :] = np.arange(n + 1), np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1,
                          d[i - 1, j - 1] + (reference[i - 1] != hypothesis[j - 1]))
    out: list[int | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        if reference[i - 1] == hypothesis[j - 1] and d[i, j] == d[i - 1, j - 1]:
            out[i - 1] = j - 1  # a match wherever one is optimal
            i, j = i - 1, j - 1
        elif d[i, j] == d[i - 1, j] + 1:
            i -= 1
        elif d[i, j] == d[i, j - 1] + 1:
            j -= 1
        else:
            i, j = i - 1, j - 1
    return out


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref = normalised_words(reference)
    return word_errors(ref, normalised_words(hypothesis)) / max(1, len(ref)) if ref else math.inf
