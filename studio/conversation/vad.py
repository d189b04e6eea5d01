"""Streaming voice activity detection: an energy gate in front of Silero v6.

Silero (the ONNX model faster-whisper ships) runs on 512-sample frames at 16 kHz with its LSTM state
and 64-sample context carried from frame to frame, so a live stream costs one small inference per
32 ms. Most of a conversation is silence, so frames quieter than the gate never reach Silero at
all; the gate is also what keeps a hum or fan from costing CPU.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import numpy as np

from studio.conversation.settings import VadSettings

VAD_RATE = 16000
FRAME = 512  # samples per Silero step at 16 kHz (32 ms)
FRAME_MS = FRAME * 1000 // VAD_RATE
_CONTEXT = 64
_SILENT_DBFS = -120.0


def dbfs(samples: np.ndarray) -> float:
    if not len(samples):
        return _SILENT_DBFS
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return max(_SILENT_DBFS, 20.0 * np.log10(rms)) if rms > 0 else _SILENT_DBFS


def silero_path() -> str:
    from faster_whisper.vad import get_assets_path

    return os.path.join(get_assets_path(), "silero_vad_v6.onnx")


_SESSION = None
_SESSION_LOCK = threading.Lock()


def _session():  # one ONNX session shared by every stream: it is stateless, the streams hold state
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is None:
            import onnxruntime

            opts = onnxruntime.SessionOptions()
            opts.inter_op_num_threads = 1
            opts.intra_op_num_threads = 1
            opts.log_severity_level = 4
            _SESSION = onnxruntime.InferenceSession(silero_path(), providers=["CPUExecutionProvider"],
                                                    sess_options=opts)
        return _SESSION


class SileroStream:
    """Silero v6 over a live stream: `probability(frame)` for consecutive 512-sample frames."""

    def __init__(self) -> None:
        self._session = _session()
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(_CONTEXT, dtype=np.float32)

    def skip(self, frame: np.ndarray) -> None:
        """A frame the gate kept from the model: keep the context continuous for the next frame."""
        self._context = np.asarray(frame[-_CONTEXT:], dtype=np.float32)

    def probability(self, frame: np.ndarray) -> float:
        if len(frame) != FRAME:
            raise ValueError(f"Silero needs frames of {FRAME} samples, got {len(frame)}")
        x = np.concatenate([self._context, frame.astype(np.float32)])[None, :]
        out, self._h, self._c = self._session.run(None, {"input": x, "h": self._h, "c": self._c})
        self._context = x[0, -_CONTEXT:].copy()
        return float(np.asarray(out).reshape(-1)[0])


@dataclass(frozen=True)
class VadFrame:
    end_ms: int  # stream time at the frame's end
    dbfs: float
    probability: float  # 0.0 when the gate skipped the model
    voiced: bool
    samples: np.ndarray  # the 16 kHz frame (for the utterance buffer)
    gated: bool = False


class StreamingVad:
    """Frames a 16 kHz stream of any block size and classifies each frame.

    `extra_gate_dbfs` / `extra_threshold` let echo handling raise the bar frame by frame (speaker
    mode while the reply plays) without touching the user's settings.
    """

    def __init__(self, settings: VadSettings) -> None:
        self.settings = settings
        self._silero = SileroStream()
        self._pending = np.zeros(0, dtype=np.float32)
        self.position = 0  # samples consumed
        self.model_frames = 0  # frames that reached Silero (the gate's saving is the rest)
        self.frames = 0

    def reset(self) -> None:
        self._silero.reset()
        self._pending = np.zeros(0, dtype=np.float32)

    def push(self, samples: np.ndarray, gate_dbfs: float | None = None,
             threshold: float | None = None) -> list[VadFrame]:
        data = np.concatenate([self._pending, np.asarray(samples, dtype=np.float32)])
        count = len(data) // FRAME
        self._pending = data[count * FRAME:]
        gate = self.settings.gate_dbfs if gate_dbfs is None else gate_dbfs
        bar = self.settings.threshold if threshold is None else threshold
        out: list[VadFrame] = []
        for i in range(count):
            frame = data[i * FRAME:(i + 1) * FRAME]
            level = dbfs(frame)
            self.position += FRAME
            self.frames += 1
            end_ms = self.position * 1000 // VAD_RATE
            if level < gate:
                self._silero.skip(frame)
                out.append(VadFrame(end_ms, level, 0.0, False, frame, gated=True))
                continue
            self.model_frames += 1
            p = self._silero.probability(frame)
            out.append(VadFrame(end_ms, level, p, p >= bar, frame))
        return out


def speech_regions(samples: np.ndarray, settings: VadSettings) -> list[tuple[int, int]]:
    """(start_ms, end_ms) of speech in a whole 16 kHz clip, with the same gate, threshold, hangover
    and minimum length as the live path; for tests and for trimming a recording."""
    vad = StreamingVad(settings)
    regions: list[tuple[int, int]] = []
    start: int | None = None
    last_voiced = 0
    for f in vad.push(samples):
        if f.voiced:
            if start is None:
                start = f.end_ms - FRAME_MS
            last_voiced = f.end_ms
        elif start is not None and f.end_ms - last_voiced >= max(settings.hangover_ms, FRAME_MS):
            if last_voiced - start >= settings.min_speech_ms:
                regions.append((start, last_voiced))
            start = None
    if start is not None and last_voiced - start >= settings.min_speech_ms:
        regions.append((start, last_voiced))
    return regions
