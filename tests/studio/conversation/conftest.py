"""Shared pieces for the conversation tests: a tiny real language model on a real loopback server,
the embedded engine's TTS, Whisper tiny.en, and a virtual microphone."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "backends" / "remote"))

DATA = HERE.parents[1] / "data"


@pytest.fixture(scope="session")
def tiny_lm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tiny_lm import build_tiny_lm

    return build_tiny_lm(tmp_path_factory.mktemp("tiny-lm"))


@pytest.fixture(scope="session")
def lm_server(tiny_lm_dir: Path) -> Iterator[Any]:
    """Our own engine server hosting the tiny transformers model as a chat engine."""
    from remote_doubles import ThreadServer

    from studio.conversation.models import ChatModelEngine, TransformersChat

    engine = ChatModelEngine(TransformersChat(tiny_lm_dir), engine_id="tiny-chat")
    engine.load()
    with ThreadServer({"tiny-chat": engine}, heartbeat_s=0.5) as server:
        yield server


@pytest.fixture(scope="session")
def tool_lm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tiny_lm import build_tool_lm

    return build_tool_lm(tmp_path_factory.mktemp("tool-lm"))


@pytest.fixture(scope="session")
def tool_lm_server(tool_lm_dir: Path) -> Iterator[Any]:
    """Our engine server hosting the tool-calling tiny model (see tiny_lm.build_tool_lm)."""
    from remote_doubles import ThreadServer

    from studio.conversation.models import ChatModelEngine, TransformersChat

    engine = ChatModelEngine(TransformersChat(tool_lm_dir), engine_id="tool-chat")
    engine.load()
    with ThreadServer({"tool-chat": engine}, heartbeat_s=0.5) as server:
        yield server


@pytest.fixture(scope="session")
def tts() -> Any:
    from backends.embedded.engine import EmbeddedBackend

    backend = EmbeddedBackend(preload_kokoro=False)
    backend.load()
    return backend


@pytest.fixture(scope="session")
def asr() -> Any:
    from backends.embedded.asr import WhisperTranscriber

    model = WhisperTranscriber("tiny.en", beam_size=1)
    model.load()
    return model
