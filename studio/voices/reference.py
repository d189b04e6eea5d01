"""The clone doctor: score a reference recording, find its best 5-10 s, and prepare it for cloning.

Why: every cloning engine copies what it is given — hiss, clipping, a second voice, music — and a
poor clone is almost always a poor reference. Users cannot hear most of these faults, so the
Clone wizard shows one verdict per criterion, each with the measured value and a sentence that
says what to do, and offers the best window so the user rarely has to trim by hand.

Qt-free and torch-free: numpy, soxr (through `Audio`), the Silero VAD that ships inside
faster-whisper, and optionally the speaker encoder in `backends.embedded.speaker`.

How things are measured (all on a 16 kHz analysis copy; clipping on the original samples):

- Speech vs non-speech: Silero VAD (`faster_whisper.vad`) with short gaps (150 ms) so pauses
  between phrases count as boundaries; frames within 60 ms of speech are not used as "noise".
- Level: RMS over speech frames in dBFS (not LUFS: the usual LUFS library needs scipy, and for
  a mono speech clip the K-weighted figure differs from speech-RMS by a roughly constant offset).
- Noise floor: median power of non-speech frames; with less than 0.3 s of non-speech, the 10th
  percentile of all frames (energy fallback: the quietest moments between syllables).
  SNR = speech power over noise power, noise subtracted from the speech power first.
- Music or steady tones (a heuristic, and the message says so): a steady tone (hum, whistle,
  held musical note) is a narrow spectral peak that stays at the same frequency for most of the
  clip, whereas speech harmonics move with intonation; background music shows up as strong narrow
  peaks in the pauses, where broadband room noise has none.
- More than one speaker: GE2E speaker embeddings of 1.6 s windows (hop 0.8 s) over speech,
  split into two groups (2-means, seeded by the least similar pair); two groups of at least two
  windows whose centroids' cosine similarity is low are two voices.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

import numpy as np

from backends.audio import Audio

log = logging.getLogger(__name__)

ANALYSIS_RATE = 16000
FRAME = 400  # 25 ms at 16 kHz
HOP = 160  # 10 ms
FRAME_SECONDS = HOP / ANALYSIS_RATE
EPS_POWER = 1e-12  # -120 dBFS: the level reported for digital silence

# Duration (seconds of speech) the engines want: Step-Audio clones from about 3-10 s.
MIN_SPEECH_SECONDS = 3.0
GOOD_SPEECH_SECONDS = 5.0
LONG_SECONDS = 60.0
WINDOW_MIN_SECONDS = 5.0
WINDOW_MAX_SECONDS = 10.0
WINDOW_PAD_SECONDS = 0.15  # kept before/after the speech at a window's edges (never across a gap's middle)

# Speech level, dBFS RMS over speech frames.
QUIET_PROBLEM_DBFS = -42.0
QUIET_WARNING_DBFS = -32.0
LOUD_WARNING_DBFS = -8.0

# Clipping: samples at full scale (or at a flat-topped peak after the clip was scaled).
FULL_SCALE = 0.999
CLIP_RUN = 3  # consecutive samples at the peak: a flat top, not a lone peak
CLIP_WARNING_FRACTION = 1e-4
CLIP_PROBLEM_FRACTION = 1e-3

# Noise.
SNR_GOOD_DB = 25.0
SNR_PROBLEM_DB = 15.0
MIN_NOISE_SECONDS = 0.3
SPEECH_GUARD_SECONDS = 0.06

# Silence.
SILENCE_SHARE_WARNING = 0.5
EDGE_SILENCE_WARNING_SECONDS = 1.0

# Music / tones heuristic (see the module docstring).
TONE_RISE_WARNING_DB = 22.0
TONAL_GAP_WARNING = 0.4
GAP_PEAK_DB = 15.0
MIN_TONAL_LEVEL_DBFS = -60.0

# Speakers: 2-means group centroids of one voice's 1.6 s windows scored 0.79-0.90 on the six test
# recordings; two different voices concatenated scored 0.43-0.68.
SPEAKER_PROBLEM_SIMILARITY = 0.72
SPEAKER_WARNING_SIMILARITY = 0.76
SPEAKER_WINDOW_SECONDS = 1.6
SPEAKER_HOP_SECONDS = 0.8
MIN_SPEAKER_WINDOWS = 3

# Sample rate.
MIN_SAMPLE_RATE = 16000

# prepare_reference.
TARGET_SPEECH_DBFS = -20.0  # speech RMS after normalising (about -20 LUFS for speech)
PEAK_CEILING_DBFS = -1.0
FADE_SECONDS = 0.01
REFERENCE_RATE = 24000  # >= what every engine's reference path uses (Step-Audio: 16k tokenizer, 24k TTS)


class Status(str, Enum):
    """Worst first when sorted by `severity`."""

    GOOD = "good"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def severity(self) -> int:
        return {"good": 0, "warning": 1, "problem": 2}[self.value]


@dataclass(frozen=True)
class CheckItem:
    """One criterion: its status, the number behind it, and what the user should do."""

    criterion: (
        str  # "duration", "loudness", "clipping", "noise", "silence", "music", "speakers", "sample_rate"
    )
    status: Status
    value: float | None  # None when not measured (see `checked`)
    unit: str
    message: str
    checked: bool = True  # False: the check could not run; the message starts "Not checked:"
    details: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """A span of the reference, in seconds of the original audio, with why it scored as it did."""

    start: float
    end: float
    score: float  # 0..1, higher is better
    speech_ratio: float
    snr_db: float
    clipped_fraction: float
    speaker_consistency: float | None  # lowest cosine of a window embedding to the span's mean
    within_range: bool  # 5-10 s; False when the recording has no such span

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class ReferenceReport:
    items: tuple[CheckItem, ...]
    verdict: Status
    summary: str
    best_window: Window | None
    speech_segments: tuple[tuple[float, float], ...]  # seconds
    duration: float
    sample_rate: int

    def item(self, criterion: str) -> CheckItem:
        for it in self.items:
            if it.criterion == criterion:
                return it
        raise KeyError(criterion)


class SpeakerEmbedder(Protocol):
    """What the check needs from a speaker encoder (backends.embedded.speaker.SpeakerEncoder)."""

    def available(self) -> Any: ...

    def embed_windows(
        self, audio: Audio, window_s: float = ..., hop_s: float = ...
    ) -> tuple[np.ndarray, np.ndarray]: ...


# --- analysis ---------------------------------------------------------------------------------------


@dataclass
class _Analysis:
    """Everything measured once and shared by the criteria and the window search."""

    audio: Audio  # the original
    x: np.ndarray  # 16 kHz analysis samples
    power: np.ndarray  # per-frame mean power
    speech: np.ndarray  # per-frame bool (VAD)
    noise_frames: np.ndarray  # per-frame bool: non-speech away from speech
    segments: list[tuple[float, float]]  # VAD speech segments, seconds
    noise_power: float
    noise_method: str
    speech_power: float
    clipped: np.ndarray  # bool per original sample
    speaker_times: np.ndarray | None = None
    speaker_embeddings: np.ndarray | None = None
    speaker_reason: str | None = None


_vad_lock = threading.Lock()


def _vad_segments(x: np.ndarray) -> list[tuple[float, float]]:
    """Silero VAD (inside faster-whisper) speech segments in seconds at 16 kHz.

    Short minimum silence so that pauses between phrases become boundaries the window search can
    cut at; a small pad so word onsets and tails stay inside. The ONNX session is shared; the lock
    keeps two checks in different threads from racing on its state.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if len(x) < HOP * 4 or not np.any(x):
        return []
    options = VadOptions(
        threshold=0.5, min_speech_duration_ms=120, min_silence_duration_ms=150, speech_pad_ms=30
    )
    with _vad_lock:
        stamps = get_speech_timestamps(x.astype(np.float32), options, sampling_rate=ANALYSIS_RATE)
    return [(s["start"] / ANALYSIS_RATE, s["end"] / ANALYSIS_RATE) for s in stamps]


def _frame_power(x: np.ndarray) -> np.ndarray:
    if len(x) < FRAME:
        x = np.pad(x, (0, FRAME - len(x)))
    n = 1 + (len(x) - FRAME) // HOP
    idx = np.arange(FRAME)[None, :] + HOP * np.arange(n)[:, None]
    return np.mean(np.square(x[idx], dtype=np.float64), axis=1)


def _mask(segments: list[tuple[float, float]], n_frames: int, pad: float = 0.0) -> np.ndarray:
    mask = np.zeros(n_frames, dtype=bool)
    for a, b in segments:
        i = max(0, int(np.floor((a - pad) / FRAME_SECONDS)))
        j = min(n_frames, int(np.ceil((b + pad) / FRAME_SECONDS)))
        mask[i:j] = True
    return mask


def _clipped_samples(samples: np.ndarray) -> np.ndarray:
    """Samples at full scale, plus flat-topped runs at the clip's own peak (clipped, then scaled)."""
    mag = np.abs(samples)
    clipped = mag >= FULL_SCALE
    peak = float(mag.max()) if len(mag) else 0.0
    if peak > 0.05:
        at_peak = mag >= peak * 0.9995
        # runs of >= CLIP_RUN consecutive samples at the peak
        padded = np.concatenate([[False], at_peak, [False]]).astype(np.int8)
        edges = np.flatnonzero(np.diff(padded))
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            if b - a >= CLIP_RUN:
                clipped[a:b] = True
    return clipped


def _runs(mask: np.ndarray, min_length: int = 1) -> int:
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return int(sum(1 for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= min_length))


def _db(power: float) -> float:
    return float(10.0 * np.log10(max(power, EPS_POWER)))


def _analyse(audio: Audio) -> _Analysis:
    x = audio.resampled(ANALYSIS_RATE).samples.astype(np.float32)
    x = np.nan_to_num(x)
    power = _frame_power(x)
    segments = _vad_segments(x)
    n = len(power)
    speech = _mask(segments, n)
    near_speech = _mask(segments, n, pad=SPEECH_GUARD_SECONDS)
    noise_frames = ~near_speech
    if noise_frames.sum() * FRAME_SECONDS >= MIN_NOISE_SECONDS:
        noise_power = float(np.median(power[noise_frames]))
        method = "non-speech frames (VAD)"
    else:
        noise_power = float(np.percentile(power, 10)) if n else 0.0
        method = "quietest 10% of frames (too few pauses for VAD-based noise)"
    speech_power = float(np.mean(power[speech])) if speech.any() else 0.0
    return _Analysis(
        audio=audio,
        x=x,
        power=power,
        speech=speech,
        noise_frames=noise_frames,
        segments=segments,
        noise_power=noise_power,
        noise_method=method,
        speech_power=speech_power,
        clipped=_clipped_samples(audio.samples),
    )


def _snr_db(speech_power: float, noise_power: float) -> float:
    if speech_power <= 0:
        return 0.0
    clean = max(speech_power - noise_power, speech_power * 1e-3)
    return float(np.clip(10 * np.log10(clean / max(noise_power, EPS_POWER)), -30.0, 120.0))


# --- criteria ---------------------------------------------------------------------------------------


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


# --- the best window --------------------------------------------------------------------------------


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


# --- public API -------------------------------------------------------------------------------------


def check_reference(audio: Audio, *, encoder: SpeakerEmbedder | None = None) -> ReferenceReport:
    """Score `audio` as a cloning reference on every criterion and suggest its best 5-10 s window.

    `encoder`: a speaker encoder (default: backends.embedded.speaker.SpeakerEncoder); when none is
    usable, the speaker criterion says "Not checked: <reason>" rather than passing silently.
    Takes about 0.3 s for 16 s of audio on two cores; runs off the GUI thread.
    """
    if len(audio) == 0:
        audio = Audio(np.zeros(HOP, dtype=np.float32), audio.sample_rate)
    a = _analyse(audio)
    _embed(a, encoder)
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
    )


def measure_snr(audio: Audio) -> float:
    """Speech-to-noise ratio in dB as the check measures it (VAD speech power vs pause power)."""
    a = _analyse(audio)
    return _snr_db(a.speech_power, a.noise_power)


def speech_level_dbfs(audio: Audio) -> float:
    """RMS level of the speech frames in dBFS (-120 when there is no speech)."""
    a = _analyse(audio)
    return _db(a.speech_power)


def _stft(x: np.ndarray, n_fft: int, hop: int) -> tuple[np.ndarray, np.ndarray, int]:
    window = np.hanning(n_fft + 1)[:-1]  # periodic Hann: overlap-adds to a constant at hop n/4
    pad = n_fft
    padded = np.pad(x.astype(np.float64), (pad, pad + n_fft))
    n = 1 + (len(padded) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(n)[:, None]
    return np.fft.rfft(padded[idx] * window, axis=1), window, pad


def _istft(spec: np.ndarray, window: np.ndarray, hop: int, pad: int, length: int) -> np.ndarray:
    frames = np.fft.irfft(spec, axis=1) * window
    n_fft = frames.shape[1]
    out = np.zeros(hop * (len(frames) - 1) + n_fft)
    norm = np.zeros_like(out)
    for k, frame in enumerate(frames):
        out[k * hop : k * hop + n_fft] += frame
        norm[k * hop : k * hop + n_fft] += window**2
    out /= np.maximum(norm, 1e-8)
    return out[pad : pad + length]


def denoise(audio: Audio, *, strength: float = 1.0) -> Audio:
    """Spectral gating with a noise profile from the recording's own pauses (VAD non-speech).

    Per frequency bin, the noise's mean and spread (in dB) over the pauses set a gate at mean +
    1.5 spreads; time-frequency cells below it are attenuated (to -20 dB at full strength, not to
    zero, which would leave "musical noise"), with the mask smoothed over neighbouring bins and
    frames so speech onsets are not chopped. Without enough pauses, the quietest 10 % of frames
    serve as the profile. Returns audio at the same rate and length.
    """
    if len(audio) == 0:
        return audio
    a = _analyse(audio)
    sr = audio.sample_rate
    n_fft = int(2 ** np.ceil(np.log2(0.032 * sr)))
    hop = n_fft // 4
    spec, window, pad = _stft(audio.samples, n_fft, hop)
    mag_db = 20 * np.log10(np.abs(spec) + 1e-10)
    # map STFT frames to the analysis frames' noise mask
    centres = ((np.arange(len(spec)) * hop - pad + n_fft / 2) / sr / FRAME_SECONDS).astype(int)
    valid = (centres >= 0) & (centres < len(a.noise_frames))
    noise_idx = np.zeros(len(spec), dtype=bool)
    noise_idx[valid] = a.noise_frames[centres[valid]]
    if noise_idx.sum() * hop / sr < MIN_NOISE_SECONDS:
        energy = mag_db[valid].mean(axis=1) if valid.any() else mag_db.mean(axis=1)
        quiet = energy <= np.percentile(energy, 10)
        noise_idx = np.zeros(len(spec), dtype=bool)
        noise_idx[np.flatnonzero(valid)[quiet] if valid.any() else quiet] = True
    profile = mag_db[noise_idx]
    threshold = profile.mean(axis=0) + 1.5 * profile.std(axis=0)
    gate = (mag_db > threshold[None, :]).astype(np.float64)
    # smooth the mask: 5 bins x 5 frames box
    kernel_t, kernel_f = 5, 5
    padded = np.pad(gate, ((kernel_t // 2, kernel_t // 2), (kernel_f // 2, kernel_f // 2)), mode="edge")
    smooth = np.lib.stride_tricks.sliding_window_view(padded, (kernel_t, kernel_f)).mean(axis=(2, 3))
    floor = 10 ** (-20.0 * float(np.clip(strength, 0.0, 1.0)) / 20.0)
    gain = floor + (1.0 - floor) * smooth
    out = _istft(spec * gain, window, hop, pad, len(audio.samples))
    return Audio(out.astype(np.float32), sr)


def _fade(samples: np.ndarray, rate: int) -> np.ndarray:
    n = min(len(samples) // 2, round(FADE_SECONDS * rate))
    if n <= 0:
        return samples
    out = samples.copy()
    ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))).astype(np.float32)
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return out


def prepare_reference(
    audio: Audio, start: float, end: float, *, normalise: bool = True, denoise: bool = False
) -> Audio:
    """The span [start, end] (seconds) ready to hand to an engine.

    Order matters: denoise first, on the whole recording (its pauses give the best noise profile);
    then trim with 10 ms raised-cosine fades (no clicks at the cut); then normalise speech to
    TARGET_SPEECH_DBFS RMS, never letting the peak exceed PEAK_CEILING_DBFS; finally resample to
    REFERENCE_RATE (24 kHz) — or keep the original rate when it is lower, since upsampling adds
    nothing and every engine resamples its input anyway.
    """
    if not 0 <= start < end:
        raise ValueError(f"the span must satisfy 0 <= start < end, got {start}..{end}")
    work = _denoise_fn(audio) if denoise else audio
    clip = work.slice_seconds(start, min(end, audio.duration))
    if len(clip) == 0:
        raise ValueError(
            f"the span {start:.2f}-{end:.2f} s lies outside the {audio.duration:.2f} s recording"
        )
    samples = _fade(clip.samples, clip.sample_rate)
    if normalise:
        level = speech_level_dbfs(Audio(samples, clip.sample_rate))
        if level <= -119.0:  # no speech found: fall back to the whole span's RMS
            level = _db(float(np.mean(np.square(samples, dtype=np.float64))))
        if level > -119.0:
            gain = 10 ** ((TARGET_SPEECH_DBFS - level) / 20)
            peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
            ceiling = 10 ** (PEAK_CEILING_DBFS / 20)
            if peak * gain > ceiling:
                gain = ceiling / peak
            samples = (samples * gain).astype(np.float32)
    out = Audio(samples, clip.sample_rate)
    if out.sample_rate > REFERENCE_RATE:
        out = out.resampled(REFERENCE_RATE)
    return out


_denoise_fn = denoise
