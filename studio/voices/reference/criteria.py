"""The per-criterion verdicts on a measured reference (duration, loudness, clipping, noise, silence,
sample rate): each turns a number from the analysis into a status and a sentence saying what to do."""

from __future__ import annotations

import numpy as np

from studio.voices.reference.analysis import (
    ANALYSIS_RATE,
    CLIP_RUN,
    FRAME_SECONDS,
    _Analysis,
    _db,
    _runs,
    _snr_db,
)
from studio.voices.reference.report import CheckItem, Status

# Duration (seconds of speech) the engines want: Step-Audio clones from about 3-10 s.
MIN_SPEECH_SECONDS = 3.0
GOOD_SPEECH_SECONDS = 5.0
LONG_SECONDS = 60.0

# Speech level, dBFS RMS over speech frames.
QUIET_PROBLEM_DBFS = -42.0
QUIET_WARNING_DBFS = -32.0
LOUD_WARNING_DBFS = -8.0

# Clipping.
CLIP_WARNING_FRACTION = 1e-4
CLIP_PROBLEM_FRACTION = 1e-3

# Noise.
SNR_GOOD_DB = 25.0
SNR_PROBLEM_DB = 15.0

# Silence.
SILENCE_SHARE_WARNING = 0.5
EDGE_SILENCE_WARNING_SECONDS = 1.0

# Sample rate.
MIN_SAMPLE_RATE = 16000


def _duration_item(a: _Analysis) -> CheckItem:
    speech_s = float(a.speech.sum() * FRAME_SECONDS)
    total = a.audio.duration
    details = {"total_seconds": total, "speech_seconds": speech_s}
    if speech_s < MIN_SPEECH_SECONDS:
        return CheckItem(
            "duration",
            Status.PROBLEM,
            speech_s,
            "s",
            f"Only {speech_s:.1f} s of speech; record or import at least "
            f"{GOOD_SPEECH_SECONDS:.0f} s of continuous speech.",
            details=details,
        )
    if speech_s < GOOD_SPEECH_SECONDS:
        return CheckItem(
            "duration",
            Status.WARNING,
            speech_s,
            "s",
            f"{speech_s:.1f} s of speech is usable but short; 5-10 s gives a more faithful clone.",
            details=details,
        )
    if total > LONG_SECONDS:
        return CheckItem(
            "duration",
            Status.WARNING,
            speech_s,
            "s",
            f"The recording is {total:.0f} s long; only the best 5-10 s window will be used, "
            "so check that it is the voice you want.",
            details=details,
        )
    return CheckItem(
        "duration", Status.GOOD, speech_s, "s", f"{speech_s:.1f} s of speech is enough.", details=details
    )


def _loudness_item(a: _Analysis) -> CheckItem:
    if not a.speech.any():
        level = _db(float(np.mean(a.power)) if len(a.power) else 0.0)
        return CheckItem(
            "loudness",
            Status.PROBLEM,
            level,
            "dBFS",
            f"No speech was heard (overall level {level:.0f} dBFS); check the microphone "
            "or the file and record again.",
        )
    level = _db(a.speech_power)
    peak = a.audio.peak()
    details = {"peak_dbfs": 20 * np.log10(max(peak, 1e-6))}
    if level < QUIET_PROBLEM_DBFS:
        return CheckItem(
            "loudness",
            Status.PROBLEM,
            level,
            "dBFS",
            f"Speech is very quiet ({level:.0f} dBFS); move closer to the microphone or raise "
            "its input gain and record again.",
            details=details,
        )
    if level < QUIET_WARNING_DBFS:
        return CheckItem(
            "loudness",
            Status.WARNING,
            level,
            "dBFS",
            f"Speech is quiet ({level:.0f} dBFS); it will be normalised, but recording closer "
            "to the microphone keeps the noise lower.",
            details=details,
        )
    if level > LOUD_WARNING_DBFS:
        return CheckItem(
            "loudness",
            Status.WARNING,
            level,
            "dBFS",
            f"Speech is very loud ({level:.0f} dBFS); lower the input gain to leave headroom.",
            details=details,
        )
    return CheckItem(
        "loudness", Status.GOOD, level, "dBFS", f"Speech level {level:.0f} dBFS is fine.", details=details
    )


def _clipping_item(a: _Analysis) -> CheckItem:
    n = max(1, len(a.clipped))
    fraction = float(a.clipped.sum() / n)
    runs = _runs(a.clipped, CLIP_RUN)
    details = {"runs": float(runs), "clipped_samples": float(a.clipped.sum())}
    if fraction >= CLIP_PROBLEM_FRACTION:
        return CheckItem(
            "clipping",
            Status.PROBLEM,
            fraction,
            "fraction",
            f"{fraction:.2%} of the samples are clipped ({runs} flat-topped runs); lower the input "
            "gain and record again — clipping cannot be undone.",
            details=details,
        )
    if fraction >= CLIP_WARNING_FRACTION or runs > 0:
        return CheckItem(
            "clipping",
            Status.WARNING,
            fraction,
            "fraction",
            f"A few samples are clipped ({runs} runs); prefer a window without them or record "
            "a little quieter.",
            details=details,
        )
    return CheckItem("clipping", Status.GOOD, fraction, "fraction", "No clipping.", details=details)


def _noise_item(a: _Analysis) -> CheckItem:
    if not a.speech.any():
        return CheckItem(
            "noise",
            Status.PROBLEM,
            None,
            "dB",
            "Not checked: no speech to compare the noise with.",
            checked=False,
        )
    snr = _snr_db(a.speech_power, a.noise_power)
    details = {"noise_floor_dbfs": _db(a.noise_power), "speech_dbfs": _db(a.speech_power)}
    where = f"noise floor {_db(a.noise_power):.0f} dBFS from {a.noise_method}"
    if snr < SNR_PROBLEM_DB:
        return CheckItem(
            "noise",
            Status.PROBLEM,
            snr,
            "dB",
            f"Background noise is loud (SNR {snr:.0f} dB, {where}); record in a quieter room "
            "or turn on denoise.",
            details=details,
        )
    if snr < SNR_GOOD_DB:
        return CheckItem(
            "noise",
            Status.WARNING,
            snr,
            "dB",
            f"Some background noise (SNR {snr:.0f} dB, {where}); the clone may copy it — denoise can help.",
            details=details,
        )
    return CheckItem("noise", Status.GOOD, snr, "dB", f"Clean recording (SNR {snr:.0f} dB).", details=details)


def _silence_item(a: _Analysis) -> CheckItem:
    total = a.audio.duration
    if not a.segments:
        return CheckItem(
            "silence",
            Status.PROBLEM,
            1.0,
            "fraction",
            "The recording is silent or holds no speech; record again.",
            details={"leading_seconds": total, "trailing_seconds": total},
        )
    share = float(1.0 - a.speech.mean())
    leading = a.segments[0][0]
    trailing = max(0.0, min(total, len(a.x) / ANALYSIS_RATE) - a.segments[-1][1])
    details = {"leading_seconds": leading, "trailing_seconds": trailing}
    if share > SILENCE_SHARE_WARNING:
        return CheckItem(
            "silence",
            Status.WARNING,
            share,
            "fraction",
            f"{share:.0%} of the recording is not speech; use the suggested window or speak "
            "with fewer pauses.",
            details=details,
        )
    if max(leading, trailing) > EDGE_SILENCE_WARNING_SECONDS:
        return CheckItem(
            "silence",
            Status.WARNING,
            share,
            "fraction",
            f"{leading:.1f} s of silence before and {trailing:.1f} s after the speech; trim it "
            "(the suggested window does).",
            details=details,
        )
    return CheckItem(
        "silence", Status.GOOD, share, "fraction", f"{share:.0%} pauses, a natural amount.", details=details
    )


def _sample_rate_item(a: _Analysis) -> CheckItem:
    rate = a.audio.sample_rate
    if rate < MIN_SAMPLE_RATE:
        return CheckItem(
            "sample_rate",
            Status.WARNING,
            float(rate),
            "Hz",
            f"{rate / 1000:g} kHz is telephone quality; the clone will sound muffled — use a "
            f"recording made at {MIN_SAMPLE_RATE // 1000} kHz or more if you have one.",
        )
    return CheckItem("sample_rate", Status.GOOD, float(rate), "Hz", f"{rate / 1000:g} kHz is enough.")
