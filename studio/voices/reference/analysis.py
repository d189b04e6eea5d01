"""One pass of measurement over a reference (VAD speech, frame power, noise floor, clipped samples)
that every criterion, the window search and the cleaning share, plus the two level figures
(`measure_snr`, `speech_level_dbfs`) other code asks for on their own."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from backends.audio import Audio

ANALYSIS_RATE = 16000
FRAME = 400  # 25 ms at 16 kHz
HOP = 160  # 10 ms
FRAME_SECONDS = HOP / ANALYSIS_RATE
EPS_POWER = 1e-12  # -120 dBFS: the level reported for digital silence

# Clipping: samples at full scale (or at a flat-topped peak after the clip was scaled).
FULL_SCALE = 0.999
CLIP_RUN = 3  # consecutive samples at the peak: a flat top, not a lone peak

# Noise.
MIN_NOISE_SECONDS = 0.3
SPEECH_GUARD_SECONDS = 0.06


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


def measure_snr(audio: Audio) -> float:
    """Speech-to-noise ratio in dB as the check measures it (VAD speech power vs pause power)."""
    a = _analyse(audio)
    return _snr_db(a.speech_power, a.noise_power)


def speech_level_dbfs(audio: Audio) -> float:
    """RMS level of the speech frames in dBFS (-120 when there is no speech)."""
    a = _analyse(audio)
    return _db(a.speech_power)
