"""What a saved conversation is made of (a session, its turns, a clip of a replay) and the names of
its files and formats on disk, shared by the store and the transcript export."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backends.audio import Audio
from studio.library.takes import LibraryError

CHATS_DIR = "chats"
SESSION_FILE = "session.json"
SESSION_FORMAT = "step-audio-studio/chat-session"
TURN_FORMAT = "step-audio-studio/chat-turn"
EXPORT_FORMAT = "step-audio-studio/chat-transcript"
AUDIO_SUFFIX = ".flac"
DELETED_SUFFIX = ".deleted"
SCHEMA_COMPONENT = "chat_sessions"
ROLES = ("user", "assistant", "tool", "system")
MAX_GAP_S = 1.0  # silences longer than this are shortened to this in the exported mix


class SessionNotFound(LibraryError, LookupError):
    pass


@dataclass(frozen=True)
class ChatSession:
    id: str
    title: str  # "" until the user names it or the first user turn gives it one
    created: float
    updated: float  # the last turn's end (or `created`)
    persona_id: str | None = None
    persona_name: str | None = None
    voice_id: str | None = None
    engine_id: str | None = None
    model: str | None = None  # the chat model, as the user configured it ("url · name", a folder, ...)
    turn_count: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def display_title(self) -> str:
        return self.title or time.strftime("Conversation of %Y-%m-%d %H:%M", time.localtime(self.created))


@dataclass(frozen=True)
class ChatTurn:
    id: str
    session_id: str
    seq: int  # order within the session
    role: str  # one of ROLES
    text: str
    started: float  # seconds since the epoch
    ended: float
    latency: dict[str, float | None]  # asr_s, first_token_s, tts_first_audio_s, total_s (assistant turns)
    metadata: dict[str, Any]  # interrupted / kept_text, tool calls, speculative_committed, ...
    audio_path: Path | None
    duration: float = 0.0
    sample_rate: int = 0
    playable: bool = False  # has audio that is on disk


@dataclass(frozen=True)
class ReplayClip:
    """One piece of a replay, in conversation order; `offset` is where it starts in the mix (s)."""

    turn: ChatTurn
    audio: Audio
    offset: float

