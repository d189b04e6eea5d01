"""Voice match: the nearest blend of the bundled voices, with a pitch shift, to a reference voice.

The embedded engine cannot clone (no zero-shot cloning model ships in a package), so the honest
thing it can offer is a search: speak a short probe with each bundled voice, score each against
the reference with the speaker encoder (speaker.py), then try blends of the best Kokoro style
vectors, and for every candidate the pitch shift (the existing pedalboard post-process) that
scores best. The result is described in words and its similarity is reported next to the default
voice's, so the user can see how close (or not) it came.

Cost: one synthesis per candidate (about 1-2 s for a 5 s probe on 2 cores) and a few embeddings
per candidate for the pitch search (a pitch shift is a post-process, so trying several costs no
synthesis). The planned search runs whole; a generous time bound only stops a machine that is far
too slow, keeping the best found so far.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from backends.audio import Audio
from backends.base import CancelToken
from backends.embedded.pitch import MAX_SEMITONES, median_f0, semitones_between, shift_pitch
from backends.embedded.speaker import SpeakerEncoder

FORMAT_VERSION = 1
MAX_PROBE_PITCH = 8.0  # semitones; beyond that a shift sounds processed rather than like a voice
ENGLISH_PROBE = "The quick brown fox jumps over the lazy dog, and then it runs far away."
# Longest probe text: about five seconds of speech, so a candidate costs about 1-2 s to speak.
PROBE_CHARS = {"en": 100, "zh": 32, "ja": 40}
KOKORO_LANGUAGES = ("en", "zh", "ja")

Blend = tuple[tuple[str, float], ...]  # ((voice id, weight), ...), weights summing to 1
# Speaks `text` in `language` with the blend, no pitch shift: the engine provides it.
Render = Callable[[Blend, str, str, CancelToken], Audio]
ProgressFn = Callable[[float, str], None]


@dataclass
class Scored:
    blend: Blend
    pitch: float
    similarity: float


@dataclass
class MatchResult:
    blend: Blend
    pitch: float
    language: str
    probe: str
    search_similarity: float  # the best score seen during the search (same probe)
    tried: list[Scored] = field(default_factory=list)
    seconds: float = 0.0
    # The reference's speaker embedding, kept so measuring the result does not compute it again
    # (a second embed cost 0.13 s quiet, up to 4 s on shared cores).
    reference_embedding: np.ndarray | None = field(default=None, compare=False, repr=False)


def probe_for(transcript: str | None, detect: Callable[[str], str]) -> tuple[str, str]:
    """(probe text, language): the reference transcript, cut to about five seconds of speech at a
    clause boundary when longer, if it is in a language the Kokoro voices speak; else English."""
    text = " ".join((transcript or "").split())
    if not text:
        return ENGLISH_PROBE, "en"
    language = detect(text)
    if language not in KOKORO_LANGUAGES:
        return ENGLISH_PROBE, "en"
    limit = PROBE_CHARS[language]
    if len(text) > limit:
        cut = text[:limit]
        ends = [m.end() for m in re.finditer(r"[.!?,;:。！？，、；：]", cut)]
        if ends and ends[-1] >= limit // 2:
            text = cut[: ends[-1]]
        else:
            text = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return text, language


def describe(blend: Blend, pitch: float, names: dict[str, str]) -> str:
    """In words, for the user: "Alpha (Kokoro) 65 % + Kumo (Kokoro) 35 %, pitch +1.5 semitones"."""
    parts = [f"{names.get(v, v)} {round(w * 100)} %" if len(blend) > 1 else names.get(v, v) for v, w in blend]
    shift = "no pitch shift" if abs(pitch) < 0.05 else f"pitch {pitch:+.1f} semitones"
    return f"{' + '.join(parts)}, {shift}"


def _normalise(pairs: Sequence[tuple[str, float]]) -> Blend:
    total = sum(w for _, w in pairs)
    return tuple((v, round(w / total, 3)) for v, w in pairs if w > 0)


class VoiceMatcher:
    """Runs the search. `render` speaks text with a blend (the engine's synthesis, unshifted)."""

    def __init__(self, encoder: SpeakerEncoder, render: Render, kokoro_voices: Sequence[str],
                 extra_voices: Sequence[str] = (), first: dict[str, str] | None = None) -> None:
        """`first`: per language, the voice to try first (the default one), so that a search cut
        short by its budget has always scored the voice it is compared against."""
        self._first = dict(first or {})
        self._encoder = encoder
        self._render = render
        self._kokoro = list(kokoro_voices)
        self._extra = list(extra_voices)  # single voices that cannot blend (Piper Joe, English only)

    def _best_pitch(self, audio: Audio, target: np.ndarray, ref_f0: float,
                    cancel: CancelToken) -> tuple[float, float]:
        """The pitch shift (and its similarity) that brings `audio` closest to the reference.

        Starts from the shift that would align the median F0s, then tries +-2 and no shift, then
        refines +-1 around the best: six embeddings, no synthesis. Each embedding honours `cancel`:
        unchecked, the six took 10-21 s to notice a Stop on 2 busy cores (measured, issue 10).
        """
        cache: dict[float, float] = {}

        def score(st: float) -> float:
            st = float(np.clip(round(st * 2) / 2, -MAX_PROBE_PITCH, MAX_PROBE_PITCH))
            if st not in cache:
                cancel.raise_if_cancelled()
                shifted = Audio(shift_pitch(audio.samples, audio.sample_rate, st), audio.sample_rate)
                cache[st] = self._encoder.similarity(self._encoder.embed(shifted, cancel), target)
            return cache[st]

        f0 = median_f0(audio.samples, audio.sample_rate)
        start = semitones_between(f0, ref_f0) if f0 > 0 and ref_f0 > 0 else 0.0
        for st in (0.0, start - 2, start, start + 2):
            score(st)
        best = max(cache, key=cache.__getitem__)
        for st in (best - 1, best + 1):
            score(st)
        best = max(cache, key=cache.__getitem__)
        return best, cache[best]

    def run(self, reference: Audio, transcript: str | None, detect: Callable[[str], str],
            cancel: CancelToken, progress: ProgressFn | None = None, budget_s: float = 30.0) -> MatchResult:
        """Search single voices, then blends of the best Kokoro pairs, until the budget is spent."""
        started = time.perf_counter()
        deadline = started + budget_s

        def report(fraction: float, message: str) -> None:
            if progress is not None:
                progress(min(max(fraction, 0.0), 1.0), message)

        report(0.0, "Listening to the reference voice")
        target = self._encoder.embed(reference, cancel)
        ref_f0 = median_f0(reference.samples, reference.sample_rate)
        probe, language = probe_for(transcript, detect)
        singles = list(self._kokoro) + (list(self._extra) if language == "en" else [])
        lead = self._first.get(language)
        if lead in singles:
            singles.remove(lead)
            singles.insert(0, lead)
        tried: list[Scored] = []

        def evaluate(blend: Blend) -> Scored:
            cancel.raise_if_cancelled()
            audio = self._render(blend, probe, language, cancel)
            cancel.raise_if_cancelled()
            pitch, sim = self._best_pitch(audio, target, ref_f0, cancel)
            scored = Scored(blend, pitch, sim)
            tried.append(scored)
            return scored

        # Stage 1: every voice alone; past the budget only the first two (slow or busy machines).
        for i, vid in enumerate(singles):
            if i >= 2 and time.perf_counter() > deadline:
                break
            report(0.05 + 0.45 * i / len(singles), f"Trying voice {i + 1} of {len(singles)}")
            evaluate(((vid, 1.0),))
        # Stage 2: blends of the three best Kokoro voices, most promising first, within the budget.
        ranked = sorted((s for s in tried if s.blend[0][0] in self._kokoro), key=lambda s: -s.similarity)
        top = [s.blend[0][0] for s in ranked[:3]]
        plans: list[Blend] = []
        if len(top) >= 2:
            plans = [_normalise([(top[0], 0.6), (top[1], 0.4)]),
                     _normalise([(top[0], 0.4), (top[1], 0.6)])]
            if len(top) >= 3:
                plans += [_normalise([(top[0], 0.6), (top[2], 0.4)]),
                          _normalise([(top[1], 0.5), (top[2], 0.5)])]
        per_candidate = (time.perf_counter() - started) / max(1, len(singles))
        for i, blend in enumerate(plans):
            if time.perf_counter() + per_candidate > deadline:
                break
            report(0.5 + 0.4 * i / len(plans), f"Trying blend {i + 1} of {len(plans)}")
            evaluate(blend)
        # Stage 3: refine the weight of the best blend, if a blend leads and time is left.
        best = max(tried, key=lambda s: s.similarity)
        if len(best.blend) == 2 and time.perf_counter() + 2 * per_candidate <= deadline:
            (a, wa), (b, _) = best.blend
            for w in (wa + 0.15, wa - 0.15):
                if 0.05 < w < 0.95 and time.perf_counter() + per_candidate <= deadline:
                    report(0.9, "Refining the blend")
                    evaluate(_normalise([(a, w), (b, 1 - w)]))
        best = max(tried, key=lambda s: s.similarity)
        report(0.92, "Best match found")
        return MatchResult(best.blend, best.pitch, language, probe, best.similarity, tried,
                           time.perf_counter() - started, target)


def profile_data(result: MatchResult) -> dict[str, Any]:
    """The JSON-safe `VoiceProfile.data` for a match (format 1)."""
    return {"voices": [[v, float(w)] for v, w in result.blend], "pitch": float(result.pitch), "speed": 1.0,
            "language": result.language, "probe": result.probe}


def parse_profile_data(data: Any, known_voices: Sequence[str],
                       kokoro_voices: Sequence[str]) -> tuple[Blend, float, float]:
    """(blend, pitch, speed) from a format-1 profile's data; ValueError with a reason if malformed.

    Profiles arrive in bundles other people made, so every field is checked, never trusted.
    """
    if not isinstance(data, dict):
        raise ValueError("its data is not a mapping")
    voices = data.get("voices")
    if not isinstance(voices, list) or not voices or len(voices) > len(kokoro_voices):
        raise ValueError("it names no voices (or too many)")
    pairs: list[tuple[str, float]] = []
    for item in voices:
        if not (isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str)
                and isinstance(item[1], int | float) and not isinstance(item[1], bool)):
            raise ValueError("a voice entry is not [voice id, weight]")
        vid, w = item[0], float(item[1])
        if vid not in known_voices:
            raise ValueError(f"it uses the voice '{vid}', which is not installed here")
        if not math.isfinite(w) or w < 0:
            raise ValueError(f"the weight of '{vid}' is not a non-negative number")
        pairs.append((vid, w))
    if sum(w for _, w in pairs) <= 0:
        raise ValueError("its voice weights are all zero")
    if len(pairs) > 1 and any(v not in kokoro_voices for v, _ in pairs):
        raise ValueError("only Kokoro voices can be blended")
    if len({v for v, _ in pairs}) != len(pairs):
        raise ValueError("it names a voice twice")
    pitch, speed = data.get("pitch", 0.0), data.get("speed", 1.0)
    for name, value, lo, hi in (("pitch", pitch, -MAX_SEMITONES, MAX_SEMITONES), ("speed", speed, 0.5, 2.0)):
        if not (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
                and lo <= value <= hi):
            raise ValueError(f"its {name} is not a number in {lo:g}..{hi:g}")
    return _normalise(pairs), float(pitch), float(speed)
