"""What the conversation controller reports, from its worker threads.

Plain frozen values so a Qt page can marshal them to the GUI thread and a test can list them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backends.audio import Audio
from studio.conversation.settings import EchoMode, TurnState


@dataclass(frozen=True)
class StateChanged:
    state: TurnState


@dataclass(frozen=True)
class LevelUpdate:
    dbfs: float  # microphone level of the latest frame


@dataclass(frozen=True)
class UserTranscript:
    turn_id: int
    text: str
    final: bool
    # On a spoken turn's final transcript: exactly the audio the transcript was made from (16 kHz,
    # from the pre-roll before the first voiced frame to the tail after the last), for saving.
    # None on partials and typed turns.
    audio: Audio | None = None


@dataclass(frozen=True)
class ReplyText:
    turn_id: int
    text_delta: str


@dataclass(frozen=True)
class ReplyAudio:
    turn_id: int
    chunk: np.ndarray  # float32 mono
    sample_rate: int = 24000
    text: str = ""  # the sentence this chunk speaks


@dataclass(frozen=True)
class ToolActivity:
    turn_id: int
    name: str
    arguments: dict
    result: str | None  # None: the tool is running


@dataclass(frozen=True)
class TurnLatency:
    """Seconds from the end of the user's speech (the last voiced frame) to each milestone."""

    turn_id: int
    asr_s: float | None
    first_token_s: float | None
    tts_first_audio_s: float | None
    total_s: float | None
    speculative_committed: bool
    model_wait_s: float | None = None  # of `total_s`, time spent only waiting for the model's first token
    endpoint_s: float | None = None  # of `total_s`, the silence waited to be sure the turn had ended


@dataclass(frozen=True)
class SpeculationStats:
    started: int
    committed: int
    discarded: int


@dataclass(frozen=True)
class Interrupted:
    turn_id: int
    kept_text: str  # what the listener heard before the interruption


@dataclass(frozen=True)
class Resumed:
    turn_id: int


@dataclass(frozen=True)
class EchoModeActive:
    mode: EchoMode
    description: str


@dataclass(frozen=True)
class ErrorNotice:
    message: str


ConversationEvent = (StateChanged | LevelUpdate | UserTranscript | ReplyText | ReplyAudio | ToolActivity
                     | TurnLatency | SpeculationStats | Interrupted | Resumed | EchoModeActive | ErrorNotice)
