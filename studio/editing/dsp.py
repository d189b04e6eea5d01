"""The sound-changing half of the waveform operations, as plain functions on sample arrays.

Each takes the selected samples and returns the new ones; `studio.editing.project` decides where
they go in the piece table and how they are joined. Reused rather than rewritten: time stretching
and pitch shifting are Rubber Band through pedalboard, the Embedded engine's own functions
(`backends.embedded.edits.time_stretch`, `backends.embedded.pitch.shift_pitch`), pauses are found
by the studio's own voice activity detector (`studio.conversation.vad`, Silero v6 behind an
energy gate), loudness is `studio.editing.loudness` (BS.1770).
"""

from __future__ import annotations

import numpy as np

from backends.audio import Audio
from backends.embedded.edits import time_stretch
from backends.embedded.pitch import MAX_SEMITONES, shift_pitch
from studio.editing.loudness import integrated_loudness

MIN_SPEED, MAX_SPEED = 0.25, 4.0
MAX_GAIN_DB = 48.0


class EditError(ValueError):
    """An edit cannot be done as asked; `str(error)` is one sentence for the user."""


def fade(samples: np.ndarray, fade_in: bool) -> np.ndarray:
    """A raised-cosine fade over the whole selection (in: from silence; out: to silence)."""
    n = len(samples)
    ramp = 0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)
    if not fade_in:
        ramp = ramp[::-1]
    return (samples * ramp).astype(np.float32)


def gain(samples: np.ndarray, db: float) -> np.ndarray:
    if not -MAX_GAIN_DB <= db <= MAX_GAIN_DB:
        raise EditError(f"A gain of {db:+.1f} dB is outside the {-MAX_GAIN_DB:.0f}..+{MAX_GAIN_DB:.0f} dB "
                        "the editor applies.")
    return (samples * np.float32(10.0 ** (db / 20.0))).astype(np.float32)


def peak_gain_db(samples: np.ndarray, target_dbfs: float) -> float:
    """The gain that brings the selection's peak to `target_dbfs`."""
    if target_dbfs > 0.0:
        raise EditError(f"A peak of {target_dbfs:+.1f} dBFS would clip; choose 0 dBFS or lower.")
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if peak <= 1e-6:
        raise EditError("The selection is silent; there is no peak to normalise.")
    return target_dbfs - 20.0 * np.log10(peak)


def loudness_gain_db(samples: np.ndarray, rate: int, target_lufs: float) -> float:
    """The gain that brings the selection's integrated loudness to `target_lufs`."""
    if not -70.0 < target_lufs <= 0.0:
        raise EditError(f"A loudness of {target_lufs:.1f} LUFS is outside -70..0 LUFS.")
    return target_lufs - integrated_loudness(samples, rate)


def change_speed(samples: np.ndarray, rate: int, factor: float) -> np.ndarray:
    """Play `factor` times faster (shorter by 1/factor) at the same pitch."""
    if not MIN_SPEED <= factor <= MAX_SPEED:
        raise EditError(f"A speed of x{factor:g} is outside x{MIN_SPEED:g}..x{MAX_SPEED:g}.")
    return time_stretch(samples, rate, factor)


def change_pitch(samples: np.ndarray, rate: int, semitones: float) -> np.ndarray:
    """Pitch moved by `semitones`, same length (Rubber Band, formant-agnostic)."""
    if not -MAX_SEMITONES <= semitones <= MAX_SEMITONES:
        raise EditError(f"A pitch change of {semitones:+g} semitones is outside "
                        f"-{MAX_SEMITONES:g}..+{MAX_SEMITONES:g}.")
    return shift_pitch(samples, rate, semitones)


def pauses(samples: np.ndarray, rate: int) -> list[tuple[int, int]]:
    """(start, end) sample ranges with no speech, between and around speech regions, by the
    studio's voice activity detector (16 kHz, quiet-room settings)."""
    from studio.conversation.settings import VadSettings
    from studio.conversation.vad import VAD_RATE, speech_regions

    x16 = Audio(samples, rate).resampled(VAD_RATE).samples
    regions = speech_regions(x16, VadSettings())
    bounds = [(round(a * rate / 1000), round(b * rate / 1000)) for a, b in regions]
    out, last = [], 0
    for a, b in bounds:
        if a > last:
            out.append((last, min(a, len(samples))))
        last = max(last, b)
    if last < len(samples):
        out.append((last, len(samples)))
    return out


def pause_cuts(samples: np.ndarray, rate: int, longer_than: float, keep: float) -> list[tuple[int, int]]:
    """Ranges to cut so that every pause longer than `longer_than` seconds keeps `keep` seconds,
    half on each side (the breath before and the onset after stay intact)."""
    if keep < 0 or longer_than <= 0 or keep > longer_than:
        raise EditError("Pauses are shortened to a length between 0 and the length that counts as long.")
    cuts = []
    for a, b in pauses(samples, rate):
        if (b - a) / rate > longer_than:
            half = int(keep * rate / 2)
            cuts.append((a + half, b - (int(keep * rate) - half)))
    return [(a, b) for a, b in cuts if b > a]
