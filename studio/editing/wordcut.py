"""Cutting words out so the result sounds spoken, not spliced: where the pauses really are, how
much of them to keep, and the measurements re-speaking shares (speech edges, loudness of speech).

Whisper's word times are rough (a word often "starts" where the previous one ended, pause
included), so an edit never cuts at them directly. Around each word boundary the audio itself is
measured: frame energy against the local noise floor and speech level finds the silence between
the two words (`measure_pause`). A deletion then removes everything from inside the pause before
the first deleted word to inside the pause after the last one, leaving one natural pause at the
join: as long as the shorter of the two pauses (a speaker's own pause at that place), at most
`MAX_KEPT_PAUSE`, half taken from each side, so a breath after the left word or before the right
one stays with its word. The project snaps and crossfades the join (`studio.editing.seams`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from backends.audio import Audio
from studio.editing.dsp import EditError
from studio.editing.loudness import LoudnessError, integrated_loudness
from studio.editing.transcript import Transcript, keep

if TYPE_CHECKING:
    from studio.editing.project import EditProject

MAX_KEPT_PAUSE = 0.5  # seconds: a join never keeps more pause than a speaker's ordinary one
FRAME_SECONDS = 0.020
HOP_SECONDS = 0.005
_CONTEXT_SECONDS = 2.0  # audio around a boundary that sets its noise floor and speech level
_SILENCE_SHARE = 0.3  # silence: below floor + 30 % of the floor-to-speech range (in dB)...
_MIN_MARGIN_DB = 6.0  # ...and at least 6 dB above the floor
_SEARCH_SECONDS = 0.3  # how far from Whisper's boundary the real one is looked for
_DISTANCE_DB_PER_S = 15.0  # a candidate 100 ms from Whisper's boundary must be 1.5 dB deeper...
_DURATION_DB_PER_S = 50.0  # ...and each word between two pauses should last as long as Whisper heard
# it (Whisper's boundaries are often shifted together by 100-250 ms; its word lengths less so)
_LENGTH_DB_PER_S = 40.0  # a real pause (a quiet run) counts 4 dB more per 100 ms, up to 300 ms
_CANDIDATES = 6  # best places kept per boundary for the joint choice
_MIN_WORD_SECONDS = 0.06  # a word between two chosen pauses lasts at least this long
_ALIGN_WORDS = 3  # boundaries either side aligned together with the ones an edit uses
_ALTERNATIVES = 3  # runners-up per edge that a verified cut may try
_MAX_TRIES = 6  # places to cut that Whisper listens to at most (about 0.8 s each on two cores)
_CHECK_WORDS = 3  # words either side of a join that must be heard intact
NEIGHBOUR_SECONDS = 3.0  # speech either side that sets the loudness a re-spoken span matches


NOT_FOUND = ("The words could not be found precisely enough in the audio to cut them; select "
             "their audio on the waveform instead.")


@dataclass(frozen=True)
class Pause:
    """Silence between two words, seconds in the current version (start == end: the words touch,
    and `start` is the quietest moment between them)."""

    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


def frame_db(samples: np.ndarray, rate: int) -> np.ndarray:
    """Level in dB of FRAME_SECONDS frames every HOP_SECONDS (frame k centred at k*hop + frame/2)."""
    frame, hop = max(1, int(FRAME_SECONDS * rate)), max(1, int(HOP_SECONDS * rate))
    if len(samples) < frame:
        return np.zeros(0)
    csum = np.concatenate([[0.0], np.cumsum(np.square(samples.astype(np.float64)))])
    starts = np.arange(0, len(samples) - frame + 1, hop)
    return 10 * np.log10((csum[starts + frame] - csum[starts]) / frame + 1e-12)


def silence_threshold(db: np.ndarray) -> float:
    """The level below which a frame is silence, from the frames' own floor and speech level."""
    floor, speech = float(np.percentile(db, 10)), float(np.percentile(db, 95))
    return max(floor + _MIN_MARGIN_DB, floor + _SILENCE_SHARE * (speech - floor))


Candidate = tuple[float, float, float]  # (score, start, end) of a possible pause


def _candidates(project: EditProject, transcript: Transcript, k: int) -> list[Candidate]:
    """Where the silence before word k might be, near Whisper's boundary (often 100-250 ms off):
    every quiet run and every dip in level within `_SEARCH_SECONDS` of it, scored by how far
    below speech it goes, how long it lasts and how far it lies from Whisper's boundary. The best
    few, best first; never empty (Whisper's own boundary, scored lowest, is the last resort)."""
    n, dur = len(transcript.words), project.duration
    words = transcript.words
    gap = transcript.pause_before(k)
    centre = (gap[0] + gap[1]) / 2
    fallback = [(-1e3, centre, centre)]
    lo = max(centre - _SEARCH_SECONDS, (words[k - 1].start + words[k - 1].end) / 2) if k > 0 else 0.0
    hi = min(centre + _SEARCH_SECONDS, words[k].end - FRAME_SECONDS) if k < n else dur
    lo, hi = max(0.0, min(lo, dur)), max(0.0, min(hi, dur))
    if hi - lo < 2 * FRAME_SECONDS:
        mid = float(min(max(centre, lo), hi))
        return [(-1e3, mid, mid)]
    ca, cb = max(0.0, lo - _CONTEXT_SECONDS), min(dur, hi + _CONTEXT_SECONDS)
    db_all = frame_db(project.render(None, ca, cb).samples, project.sample_rate)
    if len(db_all) == 0:
        return fallback
    threshold, speech = silence_threshold(db_all), float(np.percentile(db_all, 95))
    hop, frame = HOP_SECONDS, FRAME_SECONDS
    first = max(0, int(np.ceil((lo - ca) / hop)))
    last = min(len(db_all), int(np.floor((hi - ca - frame) / hop)) + 1)
    db = db_all[first:last]
    if len(db) == 0:
        return fallback

    def at(index: int) -> float:  # time of frame `index` (of db)'s centre
        return float(ca + (first + index) * hop + frame / 2)

    found: list[Candidate] = []
    quiet_all = db_all < threshold
    quiet = quiet_all[first:last]
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet_all.astype(np.int8), [0]])))
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if b <= first or a >= last:
            continue  # a silence away from this boundary
        # The whole silence, also where it runs past the search window (a long pause).
        start = 0.0 if a == 0 and ca <= 0.0 else float(ca + a * hop + frame / 2)
        end = dur if b == len(db_all) and cb >= dur else float(ca + (b - 1) * hop + frame / 2)
        distance = max(0.0, start - centre, centre - end)
        found.append((speech - float(db_all[a:b].min()) + _LENGTH_DB_PER_S * min(end - start, 0.3)
                      - _DISTANCE_DB_PER_S * distance, start, end))
    w = max(1, int(0.03 / hop))
    for m in range(len(db)):
        if quiet[m] or db[m] > db[max(0, m - w):m + w + 1].min():
            continue  # not a dip (or already a quiet run)
        found.append((speech - float(db[m]) - _DISTANCE_DB_PER_S * abs(at(m) - centre), at(m), at(m)))
    found.sort(key=lambda c: -c[0])
    return found[:_CANDIDATES] + fallback


def _align(project: EditProject, transcript: Transcript, k0: int, k1: int) -> dict[int, Pause]:
    """Pauses before words k0..k1 chosen together (dynamic programming over each boundary's
    candidates): the best total of their scores, less a cost for each word whose length between
    its two pauses differs from Whisper's, with each word at least `_MIN_WORD_SECONDS` long (two
    boundaries never share one silence)."""
    ks = list(range(k0, k1 + 1))
    cands = [_candidates(project, transcript, k) for k in ks]
    best: list[list[tuple[float, int]]] = [[(c[0], -1) for c in cands[0]]]
    for step in range(1, len(ks)):
        row = []
        word = transcript.words[ks[step] - 1]  # the word between this pause and the one before
        heard = word.end - word.start
        for c in cands[step]:
            options = [(best[step - 1][m][0] - _DURATION_DB_PER_S * abs(c[1] - p[2] - heard)
                        + (0.0 if p[2] + _MIN_WORD_SECONDS <= c[1] else -1e4), m)
                       for m, p in enumerate(cands[step - 1])]
            total, m = max(options)
            row.append((total + c[0], m))
        best.append(row)
    pick = max(range(len(best[-1])), key=lambda m: best[-1][m][0])
    out: dict[int, Pause] = {}
    for step in range(len(ks) - 1, -1, -1):
        _, start, end = cands[step][pick]
        out[ks[step]] = Pause(float(start), float(max(start, end)))
        pick = best[step][pick][1]
    return out


def measure_pauses(project: EditProject, transcript: Transcript, i: int, j: int) -> tuple[Pause, Pause]:
    """The real silences before word i and before word j (j == len: after the last word), each
    aligned together with `_ALIGN_WORDS` boundaries on either side."""
    n = len(transcript.words)
    if not (0 <= i <= j <= n):
        raise EditError("Select one or more words first.")
    if j - i <= 2 * _ALIGN_WORDS:
        found = _align(project, transcript, max(0, i - _ALIGN_WORDS), min(n, j + _ALIGN_WORDS))
        return found[i], found[j]
    left = _align(project, transcript, max(0, i - _ALIGN_WORDS), i + _ALIGN_WORDS)
    right = _align(project, transcript, j - _ALIGN_WORDS, min(n, j + _ALIGN_WORDS))
    return left[i], right[j]


def measure_pause(project: EditProject, transcript: Transcript, k: int) -> Pause:
    """The real silence before word k (k == len: after the last word); see measure_pauses."""
    return measure_pauses(project, transcript, k, k)[0]


def _range_for(left: Pause, right: Pause, mode: str) -> tuple[float, float]:
    """What an edit takes out between the pause before its first word and the one after its last:
    a deletion keeps one natural pause (the shorter of the two, capped, half from each side); a
    replacement takes only the words' sound and leaves both pauses as they were."""
    if mode == "replace":
        return left.end, right.start
    kept_pause = min(left.length, right.length, MAX_KEPT_PAUSE)
    return float(left.start + kept_pause / 2), float(right.end - kept_pause / 2)


def _options(project: EditProject, transcript: Transcript, i: int, j: int) -> list[tuple[Pause, Pause]]:
    """Places to cut, best first: the joint alignment's, then its runners-up for either edge. An
    edge at the recording's start or end has no runners-up: no word lies beyond it to be heard
    cut, so trying other places there would only spend the tries the other edge needs."""
    left, right = measure_pauses(project, transcript, i, j)
    n = len(transcript.words)
    lefts = [left] + ([Pause(a, b) for _, a, b in _candidates(project, transcript, i)[:_ALTERNATIVES]]
                      if i > 0 else [])
    rights = [right] + ([Pause(a, b) for _, a, b in _candidates(project, transcript, j)[:_ALTERNATIVES]]
                        if j < n else [])
    out: list[tuple[Pause, Pause]] = []
    for n in range(len(lefts) + len(rights)):
        for li in range(n + 1):
            if li >= len(lefts) or n - li >= len(rights):
                continue
            pair = (lefts[li], rights[n - li])
            if pair not in out and pair[1].start >= pair[0].end + _MIN_WORD_SECONDS:
                out.append(pair)
    return out[:_MAX_TRIES]


def _quick_text(whisper: Any, audio: Audio, language: str | None) -> str:
    """What Whisper hears in a few seconds of audio: the studio's beam search at temperature 0 only,
    without timestamps. The check of a join needs the words, not their times, and the fallback to
    higher temperatures took up to 3 s per try on short Mandarin fragments."""
    from backends.embedded.asr import MANDARIN_PROMPT, WHISPER_RATE, to_simplified

    model = whisper._model  # the studio's loaded model (_whisper loads it), decoded another way
    segments, info = model.transcribe(
        audio.resampled(WHISPER_RATE).samples.astype(np.float32), language=language, beam_size=5,
        temperature=0.0, without_timestamps=True, condition_on_previous_text=False, vad_filter=False,
        initial_prompt=MANDARIN_PROMPT if language == "zh" else None)
    text = " ".join(seg.text for seg in segments)
    return to_simplified(text) if info.language == "zh" else text


def _heard_errors(project: EditProject, transcript: Transcript, i: int, j: int, a: float, b: float,
                  insert: Audio | None = None, new_words: list[str] | None = None) -> tuple[int, str]:
    """How wrong the join would sound if [a, b) were taken out (or replaced by `insert`, which
    speaks `new_words`): Whisper listens to it with up to `_CHECK_WORDS` words of context either
    side; counted are the two words on each side of the join and every new word that it does not
    hear (in a word alignment), and anything it hears at a join that is not there (what is left
    of the removed words). Words at the window's edges, which Whisper hears cut, don't count.

    A replacement is checked with its new words in place, not as a deletion: the rest of an old
    word ("fr-" of "from") is heard differently once joined to the new one ("fr-" + "again" was
    heard "for game"), and that, not the deletion join, is what the user will hear."""
    from studio.editing.transcript import DEFAULT_MODEL, _whisper, align_words, normalised_words

    words = transcript.words
    k0, k1 = max(0, i - _CHECK_WORDS), min(len(words), j + _CHECK_WORDS)
    ws = max(0.0, min(a, words[k0].start - 0.1) if k0 < i else a)
    we = min(project.duration, max(b, words[k1 - 1].end + 0.1) if k1 > j else b)
    rate = project.sample_rate
    middle = insert.resampled(rate).samples if insert is not None else np.zeros(0, np.float32)
    x = np.concatenate([project.render(None, ws, a).samples if a > ws else np.zeros(0, np.float32),
                        middle.astype(np.float32),
                        project.render(None, b, we).samples if we > b else np.zeros(0, np.float32)])
    left = [normalised_words(w.text) for w in words[k0:i]]
    right = [normalised_words(w.text) for w in words[j:k1]]
    new = [t for w in (new_words or []) for t in normalised_words(w)]
    ref = [t for ts in left for t in ts] + new + [t for ts in right for t in ts]
    join = sum(len(ts) for ts in left)  # first index after the left context (the new words' start)
    rejoin = join + len(new)  # first index of the right context
    near = range(join - sum(len(ts) for ts in left[-2:]), rejoin + sum(len(ts) for ts in right[:2]))
    if len(x) < int(0.2 * rate):
        return len(near), ""
    heard = _quick_text(_whisper(transcript.model or DEFAULT_MODEL), Audio(x, rate),
                        transcript.language or None)
    hyp = normalised_words(heard)
    match = align_words(ref, hyp)
    dropped = _dropped_ends(match, len(hyp), join, rejoin)
    errors = sum(match[t] is None for t in near if t not in dropped)
    # anything heard between two words that lie side by side in the result is a removed word's rest
    for lo, hi in {(join - 1, join), (rejoin - 1, rejoin)}:
        before = match[lo] if lo >= 0 else -1
        after = match[hi] if hi < len(ref) else len(hyp)
        if before is not None and after is not None:
            errors += max(0, after - before - 1)
    return errors, " ".join(heard.split())


def _dropped_ends(match: list[int | None], heard: int, join: int, rejoin: int) -> set[int]:
    """Context words Whisper left out at the window's ends while hearing everything else: a
    decode without timestamps often drops a fragment of a sentence at either end (heard "...after
    that." for "...after that. No, the man"). Those say nothing about the joins; a word lost at a
    join has words heard on both sides of it."""
    found = [t for t, m in enumerate(match) if m is not None]
    if not found:
        return set()
    first, last = found[0], found[-1]
    out: set[int] = set()
    if match[first] == 0 and first <= join:
        out.update(range(first))
    if match[last] == heard - 1 and last + 1 >= rejoin:
        out.update(range(last + 1, len(match)))
    return out


@dataclass(frozen=True)
class Cut:
    """Where an edit cuts (seconds, current version) and, when Whisper checked it, how many words
    around the join (and new words) it missed or heard extra, and what it heard there."""

    start: float
    end: float
    errors: int | None = None  # None: not checked
    heard: str = ""


def choose_cut(project: EditProject, transcript: Transcript, i: int, j: int, *, mode: str = "delete",
               verify: bool = True, insert: Audio | None = None,
               new_words: list[str] | None = None) -> Cut:
    """Where to cut words i..j-1, for a deletion or a replacement.

    The audio alone (`measure_pauses`) gets most edges right; `verify` then has Whisper listen to
    the join as it would sound (with `insert`, the replacement speaking `new_words`, in place),
    and tries the next places (at most `_MAX_TRIES`) until the words around and the new ones are
    heard intact and none of the removed ones: Whisper's word times are too rough for the first
    guess always to be right. Without a perfect option the one heard best is used, and the Cut
    says how it was heard so the user can be told.
    The tries are counted, not timed, so a busy or slow machine makes the same cut as a fast one."""
    options = _options(project, transcript, i, j)
    if not options:
        raise EditError(NOT_FOUND)
    best = Cut(*_range_for(*options[0], mode))
    for left, right in options:
        a, b = _range_for(left, right, mode)
        if b <= a:
            continue
        if not verify:
            return Cut(a, b)
        errors, heard = _heard_errors(project, transcript, i, j, a, b, insert, new_words)
        if best.errors is None or errors < best.errors:
            best = Cut(a, b, errors, heard)
        if errors == 0:
            break
    if best.end <= best.start:
        raise EditError(NOT_FOUND)
    return best


def find_cut(project: EditProject, transcript: Transcript, i: int, j: int, *, mode: str = "delete",
             verify: bool = True) -> tuple[float, float]:
    """`choose_cut`'s place only (seconds, current version)."""
    cut = choose_cut(project, transcript, i, j, mode=mode, verify=verify)
    return cut.start, cut.end


def delete_words(project: EditProject, transcript: Transcript, i: int, j: int, *,
                 verify: bool = True) -> Transcript:
    """Cut words i..j-1 out of the project's current version as one undoable step, leaving one
    natural pause at the join, and return the transcript of the new version (also kept in
    `project.meta`). `verify`: check the join with Whisper (see find_cut; about 0.8 s per place
    tried on two cores, at most `_MAX_TRIES`) rather than trust the audio alone (instant).
    Raises EditError (nothing changed) for an empty selection or one that would leave nothing."""
    transcript._check(i, j)
    if i == 0 and j == len(transcript.words):
        raise EditError("That would delete every word; select fewer words, or delete the project.")
    if abs(transcript.duration - project.duration) > 0.05:
        raise EditError("The words no longer match the recording; transcribe it again.")
    start, end = find_cut(project, transcript, i, j, mode="delete", verify=verify)
    project.delete(start, end, name="delete_words")
    op = project.versions[project.current].op
    op["words"] = transcript.text_of(i, j)
    lo, hi = op["range"]
    rate = project.sample_rate
    result = transcript.replaced(i, j, lo / rate, hi / rate, 0.0)
    keep(project, result)
    return result


def speech_edges(samples: np.ndarray, rate: int, margin: float = 0.010) -> tuple[int, int]:
    """First and last sample of speech in `samples` (silence at either end trimmed, `margin`
    seconds left on), by the same silence test as the pauses. (0, 0) when it is all silence."""
    db = frame_db(samples, rate)
    if len(db) == 0 or float(db.max()) < -80:
        return 0, 0
    floor = min(float(np.percentile(db, 10)), float(db.max()) - 40.0)
    threshold = max(floor + _MIN_MARGIN_DB, floor + _SILENCE_SHARE * (float(np.percentile(db, 95)) - floor))
    loud = np.flatnonzero(db >= threshold)
    if len(loud) == 0:
        return 0, 0
    hop, frame = int(HOP_SECONDS * rate), int(FRAME_SECONDS * rate)
    pad = int(margin * rate)
    return max(0, int(loud[0]) * hop - pad), min(len(samples), int(loud[-1]) * hop + frame + pad)


def speech_loudness(samples: np.ndarray, rate: int) -> float:
    """Loudness of speech in LUFS: BS.1770 integrated loudness where there is at least one
    400 ms block; for a shorter clip, the same K-weighted power over the clip's speech frames."""
    try:
        return integrated_loudness(samples, rate)
    except LoudnessError:
        from studio.editing.loudness import k_filter

        a, b = speech_edges(samples, rate, 0.0)
        if b - a < int(0.05 * rate):
            raise EditError("The new words are too short or silent to match their loudness.") from None
        z = k_filter(samples, rate)[a:b]
        return float(-0.691 + 10 * np.log10(np.mean(z * z) + 1e-30))


def neighbour_loudness(project: EditProject, start: float, end: float) -> float:
    """Loudness (LUFS) of the speech within NEIGHBOUR_SECONDS before `start` and after `end`,
    measured together: what a re-spoken span is matched to."""
    dur = project.duration
    parts = []
    if start > 0.05:
        parts.append(project.render(None, max(0.0, start - NEIGHBOUR_SECONDS), start).samples)
    if end < dur - 0.05:
        parts.append(project.render(None, end, min(dur, end + NEIGHBOUR_SECONDS)).samples)
    if not parts:
        raise EditError("There is no speech around the words to match their loudness to.")
    try:
        return integrated_loudness(np.concatenate(parts), project.sample_rate)
    except LoudnessError as exc:
        raise EditError("There is no speech around the words to match their loudness to.") from exc
