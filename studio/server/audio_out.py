"""Audio as the OpenAI speech API sends it: raw pcm (24 kHz s16le), a streaming WAV, or a whole
mp3, opus, aac or flac file; and the speed change the studio does after an engine when the speed
asked for lies outside what the engine does natively."""

from __future__ import annotations

import io
import struct

import numpy as np

from backends.audio import MP3_SAMPLE_RATES, Audio

OPENAI_PCM_RATE = 24000  # OpenAI's `pcm` is 24 kHz 16-bit mono; clients assume that rate
OPUS_RATE = 48000
AAC_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
MEDIA_TYPES = {"mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac",
               "wav": "audio/wav", "pcm": "audio/pcm"}


def streaming_wav_header(sample_rate: int) -> bytes:
    """A 16-bit mono WAV header whose sizes say "unknown" (0xFFFFFFFF), as streaming servers send:
    players and soundfile read such a stream to its end."""
    unknown = 0xFFFFFFFF
    return (b"RIFF" + struct.pack("<I", unknown) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16)
            + b"data" + struct.pack("<I", unknown))


def pcm16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


def _at_one_of(audio: Audio, rates: tuple[int, ...]) -> Audio:
    """`audio` at its own rate when a codec takes it, else at the next higher rate that it does."""
    if audio.sample_rate in rates:
        return audio
    return audio.resampled(next((r for r in rates if r >= audio.sample_rate), rates[-1]))


def encode_aac(audio: Audio) -> bytes:
    """AAC-LC in an ADTS stream (what OpenAI's `aac` is), with FFmpeg's encoder from PyAV's wheel
    (PyAV is already installed for faster-whisper)."""
    import av

    audio = _at_one_of(audio, AAC_RATES)
    samples = np.ascontiguousarray(np.clip(audio.samples, -1.0, 1.0), dtype=np.float32)
    out_buffer = io.BytesIO()
    with av.open(out_buffer, "w", format="adts") as container:
        stream = container.add_stream("aac", rate=audio.sample_rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples[None, :], format="flt", layout="mono")
        frame.sample_rate = audio.sample_rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out_buffer.getvalue()


def encode_whole(audio: Audio, fmt: str) -> bytes:
    """The whole take as one file in an OpenAI `response_format` (blocking: run it off the loop)."""
    from studio.library.storage import encode_audio

    if fmt == "pcm":
        return pcm16(audio.resampled(OPENAI_PCM_RATE).samples if audio.sample_rate != OPENAI_PCM_RATE
                     else audio.samples)
    if fmt == "wav":
        return encode_audio(audio, "wav")
    if fmt == "mp3":
        return encode_audio(_at_one_of(audio, MP3_SAMPLE_RATES), "mp3")
    if fmt == "opus":
        return encode_audio(audio.resampled(OPUS_RATE), "ogg", subtype="OPUS")
    if fmt == "aac":
        return encode_aac(audio)
    if fmt == "flac":
        return encode_audio(audio, "flac")
    raise ValueError(f"unknown response format '{fmt}'")


def split_speed(requested: float, native: tuple[float, float] | None) -> tuple[float, float]:
    """(speed the engine is asked for, factor done afterwards): the engine does what it can natively
    (`native` = its (min, max), None when it has no speed control), the studio the rest."""
    engine = 1.0 if native is None else min(max(requested, native[0]), native[1])
    rest = requested / engine
    return engine, (1.0 if abs(rest - 1.0) < 1e-3 else rest)


def change_speed(audio: Audio, factor: float) -> Audio:
    """`audio` played `factor` times as fast, at the same pitch (Rubber Band, through pedalboard,
    already the studio's pitch post-process)."""
    if factor == 1.0 or len(audio) == 0:
        return audio
    from backends.embedded.native import pedalboard

    stretched = pedalboard().time_stretch(np.ascontiguousarray(audio.samples, dtype=np.float32)[None, :],
                             float(audio.sample_rate), stretch_factor=float(factor))
    return Audio(np.ascontiguousarray(stretched[0], dtype=np.float32), audio.sample_rate)
