"""The music / steady-tone criterion: a spectral heuristic (see the package docstring) with its own
spectrogram helpers, kept apart because nothing else needs them."""

from __future__ import annotations

import numpy as np

from studio.voices.reference.analysis import ANALYSIS_RATE, EPS_POWER, HOP, _Analysis
from studio.voices.reference.report import CheckItem, Status

# Music / tones heuristic (see the package docstring).
TONE_RISE_WARNING_DB = 22.0
TONAL_GAP_WARNING = 0.4
GAP_PEAK_DB = 15.0
MIN_TONAL_LEVEL_DBFS = -60.0


def _spectrogram(x: np.ndarray, n_fft: int = 1024, hop: int = 256) -> np.ndarray:
    if len(x) < n_fft:
        x = np.pad(x, (0, n_fft - len(x)))
    n = 1 + (len(x) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(n)[:, None]
    window = np.hanning(n_fft).astype(np.float32)
    return np.abs(np.fft.rfft(x[idx] * window, axis=1)) ** 2


def _peaks_db(spec_db: np.ndarray, half_width: int = 8) -> np.ndarray:
    """How far each bin rises above the median of its spectral neighbourhood, in dB."""
    n_bins = spec_db.shape[1]
    padded = np.pad(spec_db, ((0, 0), (half_width, half_width)), mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half_width + 1, axis=1)[:, :n_bins]
    return spec_db - np.median(windows, axis=2)


def _music_item(a: _Analysis) -> CheckItem:
    """Heuristic: steady narrow peaks (tones, hum, held notes) and tonal pauses (music).

    Steady tone: the 10th-percentile power of each frequency bin over time (a spectral "floor")
    with a 2048-point FFT (7.8 Hz bins). A tone that never stops keeps its bin's floor high, so
    the floor rises above its +-100 Hz neighbourhood; speech harmonics move with intonation and
    come and go, so they barely raise it. Calibrated on the six test recordings (speech: at most
    15 dB; a -46 dBFS tone under speech: 26 dB and up).
    """
    n_fft, hop = 2048, 512
    spec = _spectrogram(a.x, n_fft, hop)
    bin_hz = ANALYSIS_RATE / n_fft
    lo, hi = int(80 / bin_hz), int(4000 / bin_hz)
    floor_db = 10 * np.log10(np.percentile(spec, 10, axis=0) + EPS_POWER)
    floor_rise = _peaks_db(floor_db[None, :], half_width=int(100 / bin_hz))[0, lo:hi]
    best = int(np.argmax(floor_rise)) if len(floor_rise) else 0
    tone_db = float(floor_rise[best]) if len(floor_rise) else 0.0
    tone_hz = (best + lo) * bin_hz
    if not a.speech.any() and float(np.max(a.power, initial=0.0)) <= EPS_POWER:
        tone_db = 0.0  # digital silence
    # pauses: strong narrow peaks in non-speech frames with some level (music, not room noise)
    frame_level = 10 * np.log10(spec.sum(axis=1) * 2 / np.sum(np.hanning(n_fft) ** 2) / n_fft + EPS_POWER)
    centres = np.clip((np.arange(spec.shape[0]) * hop + n_fft // 2) // HOP, 0, len(a.noise_frames) - 1)
    gap = a.noise_frames[centres] & (frame_level > MIN_TONAL_LEVEL_DBFS)
    gap_seconds = float(gap.sum() * hop / ANALYSIS_RATE)
    tonal_gaps = 0.0
    if gap_seconds >= 0.5:
        rise = _peaks_db(10 * np.log10(spec[gap] + EPS_POWER))[:, lo:hi]  # pause frames only: cheaper
        strong = (rise >= GAP_PEAK_DB).sum(axis=1)
        tonal_gaps = float(np.mean(strong >= 3))
    details = {
        "tone_rise_db": tone_db,
        "tone_hz": tone_hz,
        "tonal_pause_share": tonal_gaps,
        "pause_seconds_analysed": gap_seconds,
    }
    if tone_db >= TONE_RISE_WARNING_DB:
        return CheckItem(
            "music",
            Status.WARNING,
            tone_db,
            "dB",
            f"A steady tone near {tone_hz:.0f} Hz runs through the recording (heuristic: hum, "
            "whistle or music); remove its source and record again.",
            details=details,
        )
    if tonal_gaps >= TONAL_GAP_WARNING:
        return CheckItem(
            "music",
            Status.WARNING,
            tone_db,
            "dB",
            f"The pauses sound tonal, like music in the background ({tonal_gaps:.0%} of them; "
            "heuristic); record without music playing.",
            details=details,
        )
    return CheckItem(
        "music", Status.GOOD, tone_db, "dB", "No music or steady tones found (heuristic).", details=details
    )
