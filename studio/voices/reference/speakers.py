"""The one-speaker criterion: embed 1.6 s windows of speech with a speaker encoder, split them into
two groups, and call two distinct groups a second voice (also used to score windows)."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from backends.audio import Audio
from studio.voices.reference.analysis import ANALYSIS_RATE, FRAME_SECONDS, _Analysis
from studio.voices.reference.report import CheckItem, Status

log = logging.getLogger(__name__)

# Speakers: 2-means group centroids of one voice's 1.6 s windows scored 0.79-0.90 on the six test
# recordings; two different voices concatenated scored 0.43-0.68.
SPEAKER_PROBLEM_SIMILARITY = 0.72
SPEAKER_WARNING_SIMILARITY = 0.76
SPEAKER_WINDOW_SECONDS = 1.6
SPEAKER_HOP_SECONDS = 0.8
MIN_SPEAKER_WINDOWS = 3


def _default_encoder() -> tuple[Any | None, str | None]:
    try:
        from backends.embedded.speaker import SpeakerEncoder
    except Exception as exc:  # missing module or a dependency of it
        return None, f"the speaker-embedding model could not be loaded ({exc})"
    return SpeakerEncoder(), None


def _embed(a: _Analysis, encoder: Any | None) -> None:
    """Fill the speaker windows (or the reason there are none) on the analysis."""
    reason: str | None = None
    if encoder is None:
        encoder, reason = _default_encoder()
    if encoder is not None:
        try:
            ok = encoder.available()
            available = bool(getattr(ok, "available", ok))
            if not available:
                reason = str(getattr(ok, "reason", "") or "the speaker-embedding model is not installed")
        except Exception as exc:
            available, reason = False, f"the speaker-embedding model failed ({exc})"
        if available and a.speech.any():
            try:
                times, emb = encoder.embed_windows(
                    Audio(a.x, ANALYSIS_RATE), SPEAKER_WINDOW_SECONDS, SPEAKER_HOP_SECONDS
                )
                a.speaker_times = np.asarray(times, dtype=np.float64)
                a.speaker_embeddings = np.asarray(emb, dtype=np.float64)
            except Exception as exc:
                log.warning("speaker embedding failed", exc_info=True)
                reason = f"the speaker-embedding model failed ({exc})"
    a.speaker_reason = reason


def _speech_windows(a: _Analysis, start: float = 0.0, end: float = float("inf")) -> np.ndarray:
    """Indices of speaker windows inside [start, end] that are at least 60 % speech."""
    if a.speaker_times is None:
        return np.zeros(0, dtype=int)
    keep = []
    half = SPEAKER_WINDOW_SECONDS / 2
    for i, t in enumerate(a.speaker_times):
        if t - half < start - 0.2 or t + half > end + 0.2:
            continue
        i0 = max(0, int((t - half) / FRAME_SECONDS))
        i1 = min(len(a.speech), int((t + half) / FRAME_SECONDS))
        if i1 > i0 and a.speech[i0:i1].mean() >= 0.6:
            keep.append(i)
    return np.asarray(keep, dtype=int)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def two_groups(embeddings: np.ndarray, iterations: int = 10) -> tuple[np.ndarray, float]:
    """Split L2-normalised embeddings into two groups (2-means on cosine, seeded by the least
    similar pair). Returns (labels 0/1, cosine similarity of the two group centroids)."""
    e = np.asarray(embeddings, dtype=np.float64)
    sim = e @ e.T
    i, j = np.unravel_index(int(np.argmin(sim)), sim.shape)
    centres = np.stack([e[i], e[j]])
    labels = np.zeros(len(e), dtype=int)
    for _ in range(iterations):
        new = np.argmax(e @ centres.T, axis=1)
        if (new == 0).all() or (new == 1).all():
            break
        labels = new
        centres = np.stack([_unit(e[labels == k].mean(axis=0)) for k in (0, 1)])
    if (labels == 0).all() or (labels == 1).all():
        return labels, 1.0
    return labels, float(centres[0] @ centres[1])


def _speakers_item(a: _Analysis) -> CheckItem:
    if a.speaker_reason is not None:
        return CheckItem(
            "speakers",
            Status.WARNING,
            None,
            "similarity",
            f"Not checked: {a.speaker_reason}; listen to make sure only one person speaks.",
            checked=False,
        )
    idx = _speech_windows(a)
    if a.speaker_embeddings is None or len(idx) < MIN_SPEAKER_WINDOWS:
        return CheckItem(
            "speakers",
            Status.WARNING,
            None,
            "similarity",
            "Not checked: too little speech to compare voices; listen to make sure only one person speaks.",
            checked=False,
        )
    labels, similarity = two_groups(a.speaker_embeddings[idx])
    sizes = np.bincount(labels, minlength=2)
    times = a.speaker_times[idx] if a.speaker_times is not None else np.zeros(len(idx))
    details = {"windows": float(len(idx)), "smaller_group_windows": float(sizes.min())}
    if sizes.min() >= 2 and similarity < SPEAKER_WARNING_SIMILARITY:
        minority = int(np.argmin(sizes))
        where = times[labels == minority]
        span = (
            f"{where.min() - SPEAKER_WINDOW_SECONDS / 2:.1f}-{where.max() + SPEAKER_WINDOW_SECONDS / 2:.1f} s"
        )
        details["other_voice_from"] = float(where.min())
        status = Status.PROBLEM if similarity < SPEAKER_PROBLEM_SIMILARITY else Status.WARNING
        certainty = "" if status is Status.PROBLEM else "possibly "
        return CheckItem(
            "speakers",
            status,
            similarity,
            "similarity",
            f"There is {certainty}a second voice (around {span}, similarity {similarity:.2f}); "
            "keep only one speaker — use the suggested window or trim.",
            details=details,
        )
    return CheckItem(
        "speakers", Status.GOOD, similarity, "similarity", "One speaker throughout.", details=details
    )
