"""espeak-ng voices: the fallback for every language the neural voices cannot speak.

espeak-ng is a formant synthesiser: robotic, but intelligible, tiny (RTF about 0.001) and it
speaks Cantonese and Korean, which nothing else bundled here does. Rate and pitch are native
synthesis parameters; pitch beyond espeak's own range (about -6..+9 semitones) is finished by
the post-process. We expose a curated list rather than all ~140 espeak voices: these are the
languages the studio routes to (see language.py) plus the common European ones, each with the
language code the tags use. espeak's Mandarin is left out on purpose: Whisper base recognised
almost none of it, and the Kokoro voices speak Mandarin far better.

Measured intelligibility (Whisper base, beam 5): English WER about 15 %; Cantonese about 50 % and
Korean about 85 % character errors. That is why the manifest calls Korean and Cantonese
approximated and hard to understand, rather than honoured.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np

from backends.base import Availability, CancelToken, VoiceInfo
from backends.embedded import espeak
from backends.embedded.family import package_version
from backends.embedded.pitch import shift_pitch
from backends.lexicon import ReadingKind, Spoken

SAMPLE_RATE = 22050  # libespeak-ng's fixed output rate; checked at load

# (id suffix, espeak voice name, display name, languages as the studio codes them)
ESPEAK_VOICES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("en", "en-us", "English (espeak)", ("en",)),
    ("yue", "yue", "Cantonese (espeak)", ("yue",)),
    ("ko", "ko", "Korean (espeak)", ("ko",)),
    ("de", "de", "German (espeak)", ("de",)),
    ("fr", "fr", "French (espeak)", ("fr",)),
    ("es", "es", "Spanish (espeak)", ("es",)),
    ("it", "it", "Italian (espeak)", ("it",)),
    ("pt", "pt-br", "Portuguese (espeak)", ("pt",)),
    ("ru", "ru", "Russian (espeak)", ("ru",)),
    ("hi", "hi", "Hindi (espeak)", ("hi",)),
)
_BY_ID = {f"espeak:{suffix}": name for suffix, name, _, _ in ESPEAK_VOICES}


class EspeakFamily:
    name = "espeak"
    pitch_how = "native"

    def __init__(self) -> None:
        self._engine: espeak.Espeak | None = None
        self._lock = threading.Lock()

    def availability(self) -> Availability:
        if importlib.util.find_spec("espeakng_loader") is None:
            return Availability(False, "The Python package 'espeakng-loader' is not installed.",
                                "pip install espeakng-loader")
        try:
            lib, _ = espeak.library_paths()
        except RuntimeError as exc:
            return Availability(False, f"espeak-ng's data is missing ({exc}).",
                                "pip install --force-reinstall espeakng-loader")
        if not Path(lib).is_file():
            return Availability(False, f"libespeak-ng is missing at {lib}.",
                                "pip install --force-reinstall espeakng-loader")
        return Availability(True)

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo(f"espeak:{suffix}", display, langs, SAMPLE_RATE, "",
                          "espeak-ng formant voice: robotic and often hard to understand; native pitch "
                          "and rate. The only Cantonese and Korean voices here.",
                          native_pitch=True)
                for suffix, _, display, langs in ESPEAK_VOICES]

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def load(self) -> None:
        with self._lock:
            if self._engine is None:
                engine = espeak.shared()
                if engine.sample_rate != SAMPLE_RATE:
                    raise RuntimeError(f"libespeak-ng runs at {engine.sample_rate} Hz, not {SAMPLE_RATE}")
                self._engine = engine

    def warm(self) -> None:
        self.load()

    def unload(self) -> None:
        # The library stays initialised for the process (espeak_Initialize is once per process).
        with self._lock:
            self._engine = None

    def versions(self) -> dict[str, str]:
        lib = espeak.shared().version if self._engine is not None else ""
        return {"espeakng-loader": package_version("espeakng-loader"), "libespeak-ng": lib}

    def reads(self, kind: ReadingKind, language: str) -> bool:
        """espeak-ng takes phonemes only in its own ASCII notation, not IPA or pinyin: these voices
        read respellings (written into the text) and nothing else."""
        return False

    def unknown_symbols(self, reading: str) -> str:
        return ""

    def synthesize(self, voice_id: str, text: str, language: str, speed: float, semitones: float,
                   cancel: CancelToken, spoken: Spoken | None = None) -> np.ndarray:
        if spoken is not None:
            text = spoken.text  # no reading of its own: respellings are written in
        self.load()
        assert self._engine is not None
        param, rest = espeak.pitch_parameter(semitones)
        rate = round(espeak.DEFAULT_RATE_WPM * speed)
        audio = self._engine.synthesize(text, _BY_ID[voice_id], rate_wpm=rate, pitch=param,
                                        should_abort=lambda: cancel.cancelled)
        cancel.raise_if_cancelled()
        return shift_pitch(audio, SAMPLE_RATE, rest)
