"""Voice match: the nearest blend of the bundled voices, with a pitch shift, to a reference voice.

The embedded engine cannot clone (no zero-shot cloning model ships in a package), so the honest
thing it can offer is a search: score each bundled voice speaking a short probe against the
reference with the speaker encoder (speaker.py), at every pitch shift of a grid (the pitch shift
is the existing pedalboard post-process), then try blends of the best Kokoro style vectors. The
result is described in words and its similarity is reported next to the default voice's, so the
user can see how close (or not) it came.

Where the time went, measured on a 10 s reference (2-core AMD EPYC, quiet): 81 s, of which 62 s
were 12 syntheses of a 5-7 s probe (the transcript) at about 5 s each on the one core synthesis
gets, 7 s 68 embeddings and 6 s 65 pitch shifts. Hence:
- the probe is a fixed sentence of about 3 s per language, so stage 1 (every voice alone, 5-6
  syntheses) does not depend on the reference and comes from a table computed once
  (voice_match_table.py): no synthesis at all;
- stage 2 synthesises 4 blends, two at a time (a synthesis uses one core, and the 2 threads run
  in onnxruntime with the GIL released), and scores each blend's pitch shifts in one batch.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from backends.audio import Audio
from backends.base import CancelToken
from backends.embedded.pitch import MAX_SEMITONES, median_f0, semitones_between, shift_pitch
from backends.embedded.speaker import SpeakerEncoder
from backends.embedded.voice_match_table import GRID, SinglesTable

FORMAT_VERSION = 1
MAX_PROBE_PITCH = 8.0  # semitones; beyond that a shift sounds processed rather than like a voice
# One probe per Kokoro language, about 3 s of speech: long enough for two of the encoder's 1.6 s
# windows, short enough that a blend costs about 2.5 s to speak on one core.
PROBES = {
    "en": "The quick brown fox jumps over the lazy dog, then runs away.",
    "zh": "今天天气很好，我们一起去公园散步吧。",
    "ja": "今日はいい天気ですね。公園を散歩しましょう。",
}
ENGLISH_PROBE = PROBES["en"]
KOKORO_LANGUAGES = tuple(PROBES)
RENDER_THREADS = 2
PIPER_MARGIN = 0.02  # see VoiceMatcher._choose

Blend = tuple[tuple[str, float], ...]  # ((voice id, weight), ...), weights summing to 1
# Speaks `text` in `language` with the blend, no pitch shift: the engine provides it.
Render = Callable[[Blend, str, str, CancelToken], Audio]
ProgressFn = Callable[[float, str], None]

_TABLE = SinglesTable()


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
    """(probe text, language): the fixed probe of the transcript's language if the Kokoro voices
    speak it, else the English one. Fixed, so stage 1 can come from the table."""
    text = " ".join((transcript or "").split())
    language = detect(text) if text else "en"
    if language not in KOKORO_LANGUAGES:
        language = "en"
    return PROBES[language], language


def describe(blend: Blend, pitch: float, names: dict[str, str]) -> str:
    """In words, for the user: "Alpha (Kokoro) 65 % + Kumo (Kokoro) 35 %, pitch +1.5 semitones"."""
    parts = [f"{names.get(v, v)} {round(w * 100)} %" if len(blend) > 1 else names.get(v, v) for v, w in blend]
    shift = "no pitch shift" if abs(pitch) < 0.05 else f"pitch {pitch:+.1f} semitones"
    return f"{' + '.join(parts)}, {shift}"


def _normalise(pairs: Sequence[tuple[str, float]]) -> Blend:
    total = sum(w for _, w in pairs)
    return tuple((v, round(w / total, 3)) for v, w in pairs if w > 0)


def _snap(st: float) -> float:
    return float(np.clip(round(st * 2) / 2, -MAX_PROBE_PITCH, MAX_PROBE_PITCH))


def _shifted(audio: Audio, shifts: Sequence[float]) -> list[Audio]:
    return [Audio(shift_pitch(audio.samples, audio.sample_rate, st), audio.sample_rate) for st in shifts]


def grid_embeddings(encoder: SpeakerEncoder, audio: Audio, cancel: CancelToken) -> np.ndarray:
    """(len(GRID), 256): `audio` embedded at every pitch shift of the grid, in batches."""
    out = []
    for i in range(0, len(GRID), 11):
        cancel.raise_if_cancelled()
        out.append(encoder.embed_many(_shifted(audio, GRID[i:i + 11]), cancel))
    return np.concatenate(out)


class VoiceMatcher:
    """Runs the search. `render` speaks text with a blend (the engine's synthesis, unshifted)."""

    def __init__(self, encoder: SpeakerEncoder, render: Render, kokoro_voices: Sequence[str],
                 extra_voices: Sequence[str] = (), first: dict[str, str] | None = None,
                 table: SinglesTable | None = None) -> None:
        """`first`: per language, the voice to try first (the default one), so that a search cut
        short by its budget has always scored the voice it is compared against. `table`: where
        the single voices' embeddings are kept (the shipped and user tables by default)."""
        self._first = dict(first or {})
        self._encoder = encoder
        self._render = render
        self._kokoro = list(kokoro_voices)
        self._extra = list(extra_voices)  # single voices that cannot blend (Piper Joe, English only)
        self._table = table if table is not None else _TABLE

    def _best_pitch(self, audio: Audio, target: np.ndarray, ref_f0: float, around: float,
                    cancel: CancelToken) -> tuple[float, float]:
        """The pitch shift (and its similarity) that brings `audio` closest to the reference.

        One batch: no shift, the shift that aligns the median F0s and +-2 around it, and `around`
        (the parents' best shifts, weighted) +-1; then +-0.5 around the best. Each embedding
        honours `cancel` (unchecked, a Stop waited 10-21 s on 2 busy cores, issue 10).
        """
        f0 = median_f0(audio.samples, audio.sample_rate)
        start = semitones_between(f0, ref_f0) if f0 > 0 and ref_f0 > 0 else 0.0
        scores: dict[float, float] = {}

        def score(shifts: Sequence[float]) -> None:
            todo = sorted({_snap(st) for st in shifts} - set(scores))
            if todo:
                cancel.raise_if_cancelled()
                emb = self._encoder.embed_many(_shifted(audio, todo), cancel)
                for st, e in zip(todo, emb, strict=True):
                    scores[st] = self._encoder.similarity(e, target)

        score((0.0, start - 2, start, start + 2, around - 1, around, around + 1))
        best = max(scores, key=scores.__getitem__)
        score((best - 0.5, best + 0.5))
        best = max(scores, key=scores.__getitem__)
        return best, scores[best]

    def _single(self, vid: str, probe: str, language: str, target: np.ndarray,
                cancel: CancelToken) -> Scored:
        """A voice alone at its best shift of the grid, from the table (computed once if missing)."""
        grid = self._table.get(vid, language, probe)
        if grid is None:
            def compute() -> np.ndarray:
                audio = self._render(((vid, 1.0),), probe, language, cancel)
                return grid_embeddings(self._encoder, audio, cancel)

            grid = self._table.compute(vid, language, probe, compute)
        sims = grid @ np.asarray(target, dtype=np.float32).reshape(-1)
        sims = sims / np.maximum(np.linalg.norm(grid, axis=1), 1e-12)
        best = int(np.argmax(sims))
        return Scored(((vid, 1.0),), float(GRID[best]), float(sims[best]))

    def run(self, reference: Audio, transcript: str | None, detect: Callable[[str], str],
            cancel: CancelToken, progress: ProgressFn | None = None, budget_s: float = 30.0) -> MatchResult:
        """Every voice alone (from the table), then blends of the best Kokoro voices, two at a
        time, until the plan is done or the budget is spent (keeping the best found so far)."""
        started = time.perf_counter()
        deadline = started + budget_s

        def report(fraction: float, message: str) -> None:
            if progress is not None:
                progress(min(max(fraction, 0.0), 1.0), message)

        self._encoder.ensure_weights(lambda f, m: report(0.05 * f, m), cancel)
        report(0.05, "Listening to the reference voice")
        target = self._encoder.embed(reference, cancel)
        ref_f0 = median_f0(reference.samples, reference.sample_rate)
        probe, language = probe_for(transcript, detect)
        singles = list(self._kokoro) + (list(self._extra) if language == "en" else [])
        lead = self._first.get(language)
        if lead in singles:
            singles.remove(lead)
            singles.insert(0, lead)
        tried: list[Scored] = []
        # Stage 1: every voice alone. From the table this is a few dot products; a voice missing
        # from it costs one synthesis, once per machine. Past the budget only the first two.
        for i, vid in enumerate(singles):
            if i >= 2 and time.perf_counter() > deadline:
                break
            report(0.08 + 0.12 * i / len(singles), f"Trying voice {i + 1} of {len(singles)}")
            tried.append(self._single(vid, probe, language, target, cancel))
        pitch_of = {s.blend[0][0]: s.pitch for s in tried}
        ranked = sorted((s for s in tried if s.blend[0][0] in self._kokoro), key=lambda s: -s.similarity)
        top = [s.blend[0][0] for s in ranked[:3]]
        # Stage 2: blends, two rounds of two, each pair spoken at once on the two cores.
        rounds: list[list[Blend]] = []
        if len(top) >= 2:
            second = top[2] if len(top) >= 3 else top[1]
            w2 = 0.6 if len(top) >= 3 else 0.4
            rounds.append([_normalise([(top[0], 0.6), (top[1], 0.4)]),
                           _normalise([(top[0], w2), (second, 1 - w2)])])
        done = 0
        planned = 4 if rounds else 0
        with ThreadPoolExecutor(RENDER_THREADS, thread_name_prefix="voice-match") as pool:
            round_index = 0
            while round_index < len(rounds):
                plans = [b for b in rounds[round_index] if all(s.blend != b for s in tried)]
                round_index += 1
                per_round = (time.perf_counter() - started) / max(1, round_index)
                if not plans or (round_index > 1 and time.perf_counter() + per_round > deadline):
                    break
                report(0.2 + 0.7 * done / planned,
                       f"Trying blends {done + 1}-{done + len(plans)} of {planned}")
                futures: list[tuple[Blend, Future[Audio]]] = [
                    (b, pool.submit(self._render, b, probe, language, cancel)) for b in plans]
                try:
                    for blend, future in futures:
                        audio = future.result()
                        cancel.raise_if_cancelled()
                        around = sum(w * pitch_of.get(v, 0.0) for v, w in blend)
                        pitch, sim = self._best_pitch(audio, target, ref_f0, around, cancel)
                        tried.append(Scored(blend, pitch, sim))
                        done += 1
                        report(0.2 + 0.7 * done / planned, f"Scored blend {done} of {planned}")
                finally:
                    for _, pending in futures:
                        pending.cancel()  # not started yet (a running one stops on `cancel`)
                if round_index == 1:
                    rounds.append(self._refinements(tried))
        best = self._choose(tried)
        report(0.92, "Best match found")
        return MatchResult(best.blend, best.pitch, language, probe, best.similarity, tried,
                           time.perf_counter() - started, target)

    def _choose(self, tried: list[Scored]) -> Scored:
        """The best candidate; a voice that is not Kokoro (Piper's Joe) must lead the best Kokoro
        one by PIPER_MARGIN. Why: Piper speaks each take differently, so its one take in the table
        is a noisy score, and a near tie went to Joe shifted half a semitone, which is close to the
        default voice (on held-out text it scored 0.63 where Kumo, within 0.004 in the search, 0.69)."""
        best = max(tried, key=lambda s: s.similarity)
        kokoro = [s for s in tried if s.blend[0][0] in self._kokoro]
        if kokoro and best.blend[0][0] not in self._kokoro:
            runner = max(kokoro, key=lambda s: s.similarity)
            if best.similarity - runner.similarity < PIPER_MARGIN:
                return runner
        return best

    def _refinements(self, tried: list[Scored]) -> list[Blend]:
        """Round 2: move the best Kokoro blend's weight 0.2 either way, or, if a Kokoro voice alone
        still leads, lean its best blend further towards it."""
        kokoro = [s for s in tried if s.blend[0][0] in self._kokoro]
        if not kokoro:
            return []
        best = max(kokoro, key=lambda s: s.similarity)  # a non-Kokoro voice cannot be blended
        blends = [s for s in tried if len(s.blend) == 2]
        if not blends:
            return []
        if len(best.blend) == 2:
            (a, wa), (b, _) = best.blend
        else:
            lead = best.blend[0][0]
            near = max((s for s in blends if lead in dict(s.blend)), key=lambda s: s.similarity, default=None)
            if near is None:
                return []
            (a, wa), (b, _) = sorted(near.blend, key=lambda p: p[0] != lead)
            return [_normalise([(a, w), (b, 1 - w)]) for w in (min(wa + 0.2, 0.9), min(wa + 0.3, 0.95))]
        return [_normalise([(a, w), (b, 1 - w)]) for w in (wa + 0.2, wa - 0.2) if 0.05 < w < 0.95]


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
