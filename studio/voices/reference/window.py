"""The search for the best 5-10 s of a reference: candidate cuts at speech boundaries, each span
scored on speech share, noise, clipping and speaker consistency."""

from __future__ import annotations

import numpy as np

from studio.voices.reference.analysis import ANALYSIS_RATE, EPS_POWER, FRAME_SECONDS, _Analysis, _snr_db
from studio.voices.reference.criteria import CLIP_PROBLEM_FRACTION
from studio.voices.reference.report import Window
from studio.voices.reference.speakers import SPEAKER_PROBLEM_SIMILARITY, _speech_windows, _unit

WINDOW_MIN_SECONDS = 5.0
WINDOW_MAX_SECONDS = 10.0
WINDOW_PAD_SECONDS = 0.15  # kept before/after the speech at a window's edges (never across a gap's middle)


def _boundaries(a: _Analysis) -> tuple[list[float], list[float]]:
    """Where a window may start and end: at the VAD's speech segment edges, padded into the gap
    (never past its middle), plus deep energy valleys inside long segments (pauses too short for
    the VAD), so a window never cuts through a word."""
    total = len(a.x) / ANALYSIS_RATE
    segs = a.segments
    starts: list[float] = []
    ends: list[float] = []
    for k, (s, e) in enumerate(segs):
        prev_end = segs[k - 1][1] if k else 0.0
        next_start = segs[k + 1][0] if k + 1 < len(segs) else total
        starts.append(max(prev_end + (s - prev_end) / 2 if k else 0.0, s - WINDOW_PAD_SECONDS, 0.0))
        ends.append(
            min(e + (next_start - e) / 2 if k + 1 < len(segs) else total, e + WINDOW_PAD_SECONDS, total)
        )
        if e - s > WINDOW_MAX_SECONDS:  # a long segment: also cut at its quietest short pauses
            i0, i1 = int(s / FRAME_SECONDS), int(e / FRAME_SECONDS)
            seg_db = 10 * np.log10(a.power[i0:i1] + EPS_POWER)
            smooth = np.convolve(seg_db, np.ones(5) / 5, mode="same")
            limit = np.median(seg_db) - 12.0
            inner = smooth[1:-1]
            minima = (inner < limit) & (inner <= smooth[:-2]) & (inner <= smooth[2:])
            for v in np.flatnonzero(minima) + 1:
                t = (i0 + v) * FRAME_SECONDS
                starts.append(t)
                ends.append(t)
    return sorted(set(starts)), sorted(set(ends))


def _score_window(a: _Analysis, start: float, end: float) -> Window:
    n = len(a.power)
    i0, i1 = (
        max(0, int(start / FRAME_SECONDS)),
        min(n, max(int(start / FRAME_SECONDS) + 1, int(end / FRAME_SECONDS))),
    )
    speech = a.speech[i0:i1]
    power = a.power[i0:i1]
    speech_ratio = float(speech.mean()) if len(speech) else 0.0
    speech_power = float(power[speech].mean()) if speech.any() else 0.0
    # noise near the window (its own pauses and up to 1 s around), else the whole recording's
    j0, j1 = max(0, i0 - 100), min(n, i1 + 100)
    local = a.noise_frames[j0:j1]
    noise = float(np.median(a.power[j0:j1][local])) if local.sum() * FRAME_SECONDS >= 0.2 else a.noise_power
    snr = _snr_db(speech_power, noise)
    sr = a.audio.sample_rate
    clip = a.clipped[int(start * sr) : int(end * sr)]
    clipped_fraction = float(clip.mean()) if len(clip) else 0.0
    consistency: float | None = None
    idx = _speech_windows(a, start, end)
    if a.speaker_embeddings is not None and len(idx) >= 2:
        e = a.speaker_embeddings[idx]
        consistency = float(np.min(e @ _unit(e.mean(axis=0))))
    duration = end - start
    within = WINDOW_MIN_SECONDS - 1e-6 <= duration <= WINDOW_MAX_SECONDS + 1e-6
    snr_term = float(np.clip((snr - 10.0) / 30.0, 0.0, 1.0))
    clip_term = float(np.clip(1.0 - clipped_fraction / CLIP_PROBLEM_FRACTION, 0.0, 1.0))
    speaker_term = 1.0 if consistency is None else float(np.clip((consistency - 0.75) / 0.15, 0.0, 1.0))
    duration_term = float(np.clip((duration - 3.0) / 3.0, 0.0, 1.0)) if duration < 6.0 else 1.0
    score = (
        0.35 * speech_ratio + 0.25 * snr_term + 0.15 * clip_term + 0.15 * speaker_term + 0.10 * duration_term
    )
    if not within:
        score *= 0.7
    if consistency is not None and consistency < SPEAKER_PROBLEM_SIMILARITY:
        score *= 0.5  # a window holding two voices is worse than a shorter or noisier one
    return Window(
        round(start, 3),
        round(end, 3),
        round(float(score), 4),
        speech_ratio,
        snr,
        clipped_fraction,
        consistency,
        within,
    )


def _best_window(a: _Analysis) -> Window | None:
    """The highest-scoring span that starts and ends at speech boundaries and lasts 5-10 s; when
    the recording has none (too short, or one unbroken phrase), the nearest thing to it."""
    if not a.segments:
        return None
    starts, ends = _boundaries(a)
    best: Window | None = None
    fallback: tuple[float, float, float] | None = None  # (distance from range, start, end)
    for s in starts:
        for e in ends:
            d = e - s
            if d <= 0.5:
                continue
            if WINDOW_MIN_SECONDS <= d <= WINDOW_MAX_SECONDS:
                w = _score_window(a, s, e)
                if best is None or w.score > best.score:
                    best = w
            else:
                miss = WINDOW_MIN_SECONDS - d if d < WINDOW_MIN_SECONDS else d - WINDOW_MAX_SECONDS
                if fallback is None or miss < fallback[0]:
                    fallback = (miss, s, e)
    if best is not None:
        return best
    if fallback is None:
        return None
    _, s, e = fallback
    if e - s > WINDOW_MAX_SECONDS:  # one long unbroken phrase: its first 10 s is the best we can do
        e = s + WINDOW_MAX_SECONDS
    return _score_window(a, s, e)
