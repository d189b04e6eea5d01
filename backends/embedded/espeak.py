"""libespeak-ng driven directly through ctypes (the copy shipped by `espeakng_loader`).

Why ctypes and not a subprocess or piper's own bridge: the `espeakng-loader` wheel carries the
library and its data, so this works on any machine with no apt package, and calling the library in
process lets us set rate and pitch natively, receive samples through a callback (no temp files) and
abort a long utterance from that callback when the take is cancelled.

espeak-ng keeps process-global state (current voice, parameters, callback), so every call goes
through one lock. Other libraries (phonemizer, used by kokoro-onnx for English G2P) load their own
private copy of the library, so they do not share that state with us.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# From speak_lib.h.
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_PARAM_RANGE = 4

DEFAULT_RATE_WPM = 175  # espeak-ng's own default words per minute
MIN_RATE_WPM = 80
MAX_RATE_WPM = 450
DEFAULT_PITCH = 50  # espeak's 0..100 pitch parameter
# Measured with pitch.median_f0 on en-us, yue, ko and cmn (mean of the four, within 0.7 st of each):
# semitones from the default for espeak's pitch parameter 0, 10, ..., 100. The scale is not linear
# and spans only about -6..+9 semitones; beyond that, pitch_parameter reports what is left over.
_PITCH_TABLE_PARAMS = np.arange(0, 101, 10, dtype=np.float64)
_PITCH_TABLE_SEMITONES = np.array([-6.25, -5.06, -3.99, -2.76, -1.57, 0.0, 1.74, 3.59, 5.49, 7.47, 9.28])

_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _Voice(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),  # raw: a packed list, not one string
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


class EspeakError(RuntimeError):
    """libespeak-ng could not be loaded or refused a call."""


@dataclass(frozen=True)
class EspeakVoiceEntry:
    name: str
    identifier: str  # e.g. "sit/yue"
    languages: tuple[str, ...]  # e.g. ("yue", "zh-yue", "zh")


def library_paths() -> tuple[str, str]:
    """(library, data folder) from espeakng_loader; raises ImportError/RuntimeError when absent."""
    import espeakng_loader

    return espeakng_loader.get_library_path(), espeakng_loader.get_data_path()


class Espeak:
    """One initialised libespeak-ng. Create it once per process (see `shared()`)."""

    def __init__(self) -> None:
        lib_path, data_path = library_paths()
        try:
            self._lib = ctypes.CDLL(lib_path)
        except OSError as exc:
            raise EspeakError(f"cannot load libespeak-ng from {lib_path}: {exc}") from exc
        lib = self._lib
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.restype = ctypes.c_int
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        lib.espeak_Info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
        lib.espeak_Info.restype = ctypes.c_char_p
        self._lock = threading.Lock()
        # The data path is the folder that *contains* espeak-ng-data.
        parent = data_path.rsplit("espeak-ng-data", 1)[0].rstrip("/\\") or "."
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, parent.encode(), 0)
        if rate <= 0:
            raise EspeakError(f"espeak_Initialize failed ({rate}) with data at {data_path}")
        self.sample_rate = int(rate)
        self._buffer: list[np.ndarray] = []
        self._abort: Callable[[], bool] | None = None
        self._callback = _SynthCallback(self._on_samples)  # kept referenced: C holds the pointer
        lib.espeak_SetSynthCallback(self._callback)

    @property
    def version(self) -> str:
        return (self._lib.espeak_Info(None) or b"").decode(errors="replace")

    def _on_samples(self, wav: ctypes.POINTER(ctypes.c_short), count: int, events: int) -> int:
        if wav and count > 0:
            self._buffer.append(np.ctypeslib.as_array(wav, shape=(count,)).astype(np.float32) / 32768.0)
        return 1 if self._abort is not None and self._abort() else 0

    def list_voices(self) -> list[EspeakVoiceEntry]:
        out: list[EspeakVoiceEntry] = []
        with self._lock:
            arr = self._lib.espeak_ListVoices(None)
            i = 0
            while arr[i]:
                v = arr[i].contents
                langs: list[str] = []
                raw = v.languages
                if raw:
                    # A sequence of (priority byte, NUL-terminated language), ending with a 0 byte.
                    pos = raw
                    while True:
                        prio = ctypes.c_ubyte.from_address(pos).value
                        if prio == 0:
                            break
                        lang = ctypes.string_at(pos + 1)
                        langs.append(lang.decode("ascii", errors="replace"))
                        pos += 2 + len(lang)
                out.append(EspeakVoiceEntry((v.name or b"").decode(), (v.identifier or b"").decode(),
                                            tuple(langs)))
                i += 1
        return out

    def synthesize(self, text: str, voice: str, rate_wpm: int = DEFAULT_RATE_WPM, pitch: int = DEFAULT_PITCH,
                   should_abort: Callable[[], bool] | None = None) -> np.ndarray:
        """Speak `text` with espeak voice `voice` (e.g. "yue"); float32 samples at `sample_rate`.

        `should_abort` is polled from the audio callback (every few tens of ms of audio), so a cancel
        stops even a long utterance promptly; what was made so far is returned.
        """
        data = text.encode("utf-8") + b"\0"
        with self._lock:
            if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EspeakError(f"espeak-ng has no voice '{voice}'")
            self._lib.espeak_SetParameter(_PARAM_RATE, int(np.clip(rate_wpm, MIN_RATE_WPM, MAX_RATE_WPM)), 0)
            self._lib.espeak_SetParameter(_PARAM_PITCH, int(np.clip(pitch, 0, 100)), 0)
            self._lib.espeak_SetParameter(_PARAM_VOLUME, 100, 0)
            self._buffer = []
            self._abort = should_abort
            try:
                status = self._lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8,
                                                None, None)
                self._lib.espeak_Synchronize()
            finally:
                self._abort = None
            parts, self._buffer = self._buffer, []
        if status not in (0, 1):  # 1: EE_BUFFER_FULL cannot happen in synchronous mode; 0: OK
            raise EspeakError(f"espeak_Synth failed ({status})")
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


_SHARED: Espeak | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> Espeak:
    """The process's one Espeak (espeak_Initialize must not be called twice on one library)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Espeak()
        return _SHARED


def pitch_parameter(semitones: float) -> tuple[int, float]:
    """espeak's 0..100 pitch parameter for a shift of `semitones`, and the part it cannot reach.

    The remainder (non-zero only outside about -6..+9 semitones) is left to the post-process.
    """
    lo, hi = float(_PITCH_TABLE_SEMITONES[0]), float(_PITCH_TABLE_SEMITONES[-1])
    native = float(np.clip(semitones, lo, hi))
    param = round(float(np.interp(native, _PITCH_TABLE_SEMITONES, _PITCH_TABLE_PARAMS)))
    reached = float(np.interp(param, _PITCH_TABLE_PARAMS, _PITCH_TABLE_SEMITONES))
    return param, float(semitones - reached) if abs(semitones - native) > 1e-9 else 0.0
