"""Engines and the services they share. Qt-free and studio-free: an engine can run anywhere."""

from backends.audio import Audio, AudioLoadError, load_audio, save_audio
from backends.base import (
    AudioChunk,
    Availability,
    Backend,
    BackendError,
    BackendUnavailable,
    Cancelled,
    CancelToken,
    CloneSupport,
    Finished,
    Hardware,
    InvalidRequest,
    Manifest,
    Progress,
    Range,
    Support,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
    TagSupport,
    VoiceInfo,
)

__all__ = [
    "Audio", "AudioChunk", "AudioLoadError", "Availability", "Backend", "BackendError",
    "BackendUnavailable", "CancelToken", "Cancelled", "CloneSupport", "Finished", "Hardware",
    "InvalidRequest", "Manifest", "Progress", "Range", "Support", "SynthesisEvent",
    "SynthesisRequest", "SynthesisWarning", "TagSupport", "VoiceInfo", "load_audio", "save_audio",
]
