"""Turn a chosen span into the clip an engine gets: optional spectral-gating denoise on the whole
recording, then trim with fades, normalise the speech level and resample."""

from __future__ import annotations

import numpy as np

from backends.audio import Audio
from studio.voices.reference.analysis import (
    FRAME_SECONDS,
    MIN_NOISE_SECONDS,
    _analyse,
    _db,
    speech_level_dbfs,
)

# prepare_reference.
TARGET_SPEECH_DBFS = -20.0  # speech RMS after normalising (about -20 LUFS for speech)
PEAK_CEILING_DBFS = -1.0
FADE_SECONDS = 0.01
REFERENCE_RATE = 24000  # >= what every engine's reference path uses (Step-Audio: 16k tokenizer, 24k TTS)


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
