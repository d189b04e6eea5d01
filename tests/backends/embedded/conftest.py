"""Session fixtures for the embedded engine's tests: one loaded engine and two Whisper models
(loading them costs seconds, so every test module shares them)."""

from __future__ import annotations

import pytest

from backends.embedded import EmbeddedBackend
from backends.embedded.asr import WhisperTranscriber


@pytest.fixture(scope="session")
def engine() -> EmbeddedBackend:
    b = EmbeddedBackend(preload_kokoro=True)
    b.load()
    b.wait_loaded()
    return b


@pytest.fixture(scope="session")
def tiny_en() -> WhisperTranscriber:
    t = WhisperTranscriber("tiny.en", beam_size=5)
    t.load()
    return t


@pytest.fixture(scope="session")
def whisper_base() -> WhisperTranscriber:
    t = WhisperTranscriber("base", beam_size=5)
    t.load()
    return t
