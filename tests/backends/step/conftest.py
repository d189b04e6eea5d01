"""A whole tiny Step-Audio engine folder pair, built once per session from the helpers' builders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_step_folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from tests.backends.step.tiny_cosyvoice import build_tiny_cosyvoice
    from tests.backends.step.tiny_step1 import build_tiny_step1
    from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

    base = tmp_path_factory.mktemp("step_engine")
    tok = build_tiny_tokenizer(base / "Step-Audio-Tokenizer")
    tts = build_tiny_step1(base / "Step-Audio-TTS-3B")
    build_tiny_cosyvoice(tts / "CosyVoice-300M-25Hz")
    build_tiny_cosyvoice(tts / "CosyVoice-300M-25Hz-Music", music=True)
    return tok, tts


@pytest.fixture(scope="session")
def tiny_engine(tiny_step_folders: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory):
    from backends.step import StepLocalBackend

    tok, tts = tiny_step_folders
    engine = StepLocalBackend(
        tokenizer_folder=tok,
        tts_folder=tts,
        device="cpu",
        quant="none",
        state_dir=tmp_path_factory.mktemp("step_state"),
        offline=True,
        streaming_window=(10, 25, 5),
        max_tokens_per_sentence=40,
    )
    yield engine
    engine.unload()
