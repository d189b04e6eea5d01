"""Voices for TTS-3B: what a prompt clip becomes once, so every later take starts at once.

A voice is the prompt pair the LLM sees (transcript + audio ids) plus what the flow decoder is
conditioned on (the prompt's codes, its 80-bin mel and its CAM++ speaker embedding). All of it is
computed once per clip and kept as JSON-safe lists: in the voice library and bundles (a
VoiceProfile's `data`) and in an on-disk cache keyed by a hash of the clip and transcript, so a
saved voice, the built-in one included, loads without running the tokenizer or the decoder again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from backends.audio import Audio
from backends.base import InvalidRequest, VoiceProfile

ENGINE_ID = "step-local"
FORMAT_VERSION = 1
MIN_SECONDS = 3.0
IDEAL_SECONDS = 8.0
MAX_SECONDS = 30.0
MIN_RATE = 8000


class _Tokens(Protocol):
    def llm_ids(self) -> list[int]: ...
    def interleaved(self) -> np.ndarray: ...


class AudioTokenizer(Protocol):
    def tokenize(self, audio: Audio, *, trim_silence: bool = False) -> _Tokens: ...


class VoiceFrontEnd(Protocol):
    def speaker_embedding(self, audio: Audio) -> np.ndarray: ...
    def prompt_features(self, audio: Audio) -> np.ndarray: ...


@dataclass(frozen=True)
class StepVoice:
    name: str  # the speaker name the system prompt uses ("" for a clone: the model knows no name)
    transcript: str
    prompt_ids: tuple[int, ...]  # LLM ids, 65536 + code
    prompt_features: np.ndarray  # [T, 80] float32 mel at the decoder's rate (TTS-3B 22.05, EditX 24 kHz)
    embedding: np.ndarray  # [192] float32

    @property
    def prompt_codes(self) -> np.ndarray:
        """The interleaved codes (0..5119) the flow is conditioned on."""
        return np.asarray(self.prompt_ids, dtype=np.int64) - 65536

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "transcript": self.transcript,
            "prompt_ids": list(self.prompt_ids),
            "prompt_features": np.asarray(self.prompt_features, np.float32).round(5).tolist(),
            "embedding": np.asarray(self.embedding, np.float32).tolist(),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> StepVoice:
        try:
            feats = np.asarray(data["prompt_features"], dtype=np.float32)
            emb = np.asarray(data["embedding"], dtype=np.float32).reshape(-1)
            ids = tuple(int(i) for i in data["prompt_ids"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidRequest(
                f"This Step-Audio voice is incomplete or damaged ({exc}); prepare it again "
                "from its recording."
            ) from exc
        if feats.ndim != 2 or feats.shape[1] != 80 or not ids or any(not 65536 <= i < 70656 for i in ids):
            raise InvalidRequest(
                "This Step-Audio voice does not hold valid prompt data; prepare it again from its recording."
            )
        return cls(str(data.get("name", "")), str(data.get("transcript", "")), ids, feats, emb)

    def profile(self, note: str = "", engine_id: str = ENGINE_ID) -> VoiceProfile:
        return VoiceProfile(engine_id, "clone", FORMAT_VERSION, self.to_data(), note=note)

    @classmethod
    def from_profile(cls, profile: VoiceProfile, engine_id: str = ENGINE_ID,
                     model: str = "Step-Audio TTS-3B") -> StepVoice:
        """The voice in `profile`, refused with one sentence when another engine made it (TTS-3B's
        prompt mel is at 22.05 kHz, EditX's at 24 kHz: one cannot stand in for the other)."""
        if profile.engine_id != engine_id or profile.kind != "clone":
            raise InvalidRequest(
                f"This voice was made for the '{profile.engine_id}' engine, not {model}; prepare it "
                "again from its recording for this engine."
            )
        if profile.format_version > FORMAT_VERSION:
            raise InvalidRequest("This voice was made by a newer version of the studio; update the studio.")
        return cls.from_data(profile.data)


def clip_key(audio: Audio, transcript: str, extra: str = "") -> str:
    """Identifies a clip + transcript (+ which models) for the cache."""
    h = hashlib.sha256()
    h.update(str(int(audio.sample_rate)).encode())
    h.update(np.ascontiguousarray(audio.samples, dtype=np.float32).tobytes())
    h.update(transcript.encode("utf-8"))
    h.update(extra.encode("utf-8"))
    return h.hexdigest()[:32]


def check_clip(audio: Audio) -> None:
    seconds = len(audio.samples) / float(audio.sample_rate) if audio.sample_rate else 0.0
    if audio.sample_rate < MIN_RATE:
        raise InvalidRequest(
            f"The recording is sampled at {audio.sample_rate} Hz; Step-Audio needs at least {MIN_RATE} Hz."
        )
    if seconds < MIN_SECONDS:
        raise InvalidRequest(
            f"The recording is {seconds:.1f} s long; Step-Audio needs at least "
            f"{MIN_SECONDS:g} s of speech (about {IDEAL_SECONDS:g} s is best)."
        )
    if seconds > MAX_SECONDS:
        raise InvalidRequest(
            f"The recording is {seconds:.0f} s long; use at most {MAX_SECONDS:g} s "
            "(pick the clearest stretch): a long prompt crowds out the text to speak."
        )
    if not np.isfinite(audio.samples).all() or float(np.max(np.abs(audio.samples))) < 1e-4:
        raise InvalidRequest("The recording is silent or damaged.")


def compute_voice(
    audio: Audio, transcript: str, tokenizer: AudioTokenizer, front: VoiceFrontEnd, name: str = ""
) -> StepVoice:
    """Run the tokenizer and decoder front ends on a checked clip (seconds on a GPU)."""
    tokens = tokenizer.tokenize(audio, trim_silence=True)  # the reference trims prompt silence
    ids = [int(i) for i in tokens.llm_ids()]
    if not ids:
        raise InvalidRequest("The recording gave no audio tokens; is it speech?")
    feats = np.asarray(front.prompt_features(audio), dtype=np.float32)
    emb = np.asarray(front.speaker_embedding(audio), dtype=np.float32).reshape(-1)
    return StepVoice(name, transcript.strip(), tuple(ids), feats, emb)


class VoiceCache:
    """JSON files under `folder`, one per clip key; written atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> StepVoice | None:
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            return StepVoice.from_data(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, InvalidRequest):
            return None  # a damaged entry is recomputed

    def put(self, key: str, voice: StepVoice) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(key)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(voice.to_data(), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
