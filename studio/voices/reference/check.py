"""`check_reference`: measure once, run every criterion, sum them up in one verdict and suggest the
best window."""

from __future__ import annotations

import math

import numpy as np

from backends.audio import Audio
from studio.voices.reference.analysis import HOP, _analyse
from studio.voices.reference.criteria import (
    _clipping_item,
    _duration_item,
    _loudness_item,
    _noise_item,
    _sample_rate_item,
    _silence_item,
)
from studio.voices.reference.music import _music_item
from studio.voices.reference.report import MAX_PEAK, CheckItem, ReferenceReport, SpeakerEmbedder, Status
from studio.voices.reference.speakers import _embed, _speakers_item
from studio.voices.reference.window import _best_window


def check_reference(audio: Audio, *, encoder: SpeakerEmbedder | None = None,
                    speakers: bool = True) -> ReferenceReport:
    """Score `audio` as a cloning reference on every criterion and suggest its best 5-10 s window.

    `encoder`: a speaker encoder (default: backends.embedded.speaker.SpeakerEncoder); when none is
    usable, the speaker criterion says "Not checked: <reason>" rather than passing silently.
    `speakers=False` skips the speaker embeddings (and a first-use download of their model) for a
    caller that only needs `refusal()`, which does not depend on them.
    Takes about 0.3 s for 16 s of audio on two cores; runs off the GUI thread.
    """
    if len(audio) == 0:
        audio = Audio(np.zeros(HOP, dtype=np.float32), audio.sample_rate)
    with np.errstate(all="ignore"):
        peak = float(np.max(np.abs(audio.samples)))
    if not math.isfinite(peak) or peak > MAX_PEAK:
        # Not audio as recorded: measuring it would only produce overflow warnings and nonsense.
        return _unmeasurable(audio, peak)
    a = _analyse(audio)
    if speakers:
        _embed(a, encoder)
    else:
        a.speaker_reason = "not asked for"
    items = (
        _duration_item(a),
        _loudness_item(a),
        _clipping_item(a),
        _noise_item(a),
        _silence_item(a),
        _music_item(a),
        _speakers_item(a),
        _sample_rate_item(a),
    )
    verdict = max((it.status for it in items), key=lambda s: s.severity)
    problems = [it.criterion.replace("_", " ") for it in items if it.status is Status.PROBLEM]
    warnings = [it.criterion.replace("_", " ") for it in items if it.status is Status.WARNING]
    if problems:
        summary = f"Not a good reference yet: fix {', '.join(problems)}."
    elif warnings:
        summary = f"Usable, with warnings about {', '.join(warnings)}."
    else:
        summary = "A good reference."
    return ReferenceReport(
        items=items,
        verdict=verdict,
        summary=summary,
        best_window=_best_window(a),
        speech_segments=tuple((round(s, 3), round(e, 3)) for s, e in a.segments),
        duration=audio.duration,
        sample_rate=audio.sample_rate,
        peak=peak,
    )


def _unmeasurable(audio: Audio, peak: float) -> ReferenceReport:
    """Every criterion a problem, the level item saying why; `refusal()` gives the sentence."""
    what = "not numbers" if not math.isfinite(peak) else f"far beyond full scale (peak {peak:.3g})"
    criteria = ("duration", "loudness", "clipping", "noise", "silence", "music", "speakers", "sample_rate")
    items = tuple(CheckItem(c, Status.PROBLEM, None, "", f"Not checked: the samples are {what}.",
                            checked=False) for c in criteria)
    return ReferenceReport(items=items, verdict=Status.PROBLEM,
                           summary="Not a recording that can be checked.", best_window=None,
                           speech_segments=(), duration=audio.duration, sample_rate=audio.sample_rate,
                           peak=peak)
