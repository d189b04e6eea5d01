"""Shared fixtures of the Step-Audio tests: the tiny engine folders, and the device the golden tests use.

`step_device` lets the fidelity tests (models against the goldens in tests/data/step) run their torch
modules on another device: `STEP_TEST_DEVICE=cuda python -m pytest tests/backends/step/...`. Inputs
are made on the CPU, the models run on the device, and results are compared on the CPU. Default "cpu".
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


def requested_device() -> str:
    """STEP_TEST_DEVICE as given ("cpu" when unset or empty)."""
    return os.environ.get("STEP_TEST_DEVICE", "").strip() or "cpu"


@pytest.fixture(scope="session")
def step_device() -> Iterator:
    """The torch.device of STEP_TEST_DEVICE; skips its tests when that device is not present.

    On CUDA, TF32 is switched off for the session (cuBLAS matmuls default to off, cuDNN convolutions
    to on): TF32 keeps 10 mantissa bits, ~1e-3 relative, which would swamp the float32 tolerances
    (1e-4 and below) these tests were measured with. cuDNN is also held to deterministic algorithms,
    so that "the same seed gives the same take" can be asserted with torch.equal on the device.
    """
    import torch

    name = requested_device()
    try:
        device = torch.device(name)
    except RuntimeError as exc:
        raise pytest.UsageError(f"STEP_TEST_DEVICE={name!r} is not a torch device ({exc})") from exc
    if device.type == "cpu":
        yield device
        return
    if device.type != "cuda":
        pytest.skip(f"STEP_TEST_DEVICE={name}: only cpu and cuda are supported by these tests")
    if not torch.cuda.is_available():
        pytest.skip(f"STEP_TEST_DEVICE={name}, but torch {torch.__version__} sees no CUDA device")
    if device.index is not None and device.index >= torch.cuda.device_count():
        pytest.skip(f"STEP_TEST_DEVICE={name}, but only {torch.cuda.device_count()} CUDA device(s) exist")
    if device.index is None:  # "cuda" -> "cuda:N", so that it compares equal to tensors' devices
        device = torch.device("cuda", torch.cuda.current_device())
    saved = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32,
             torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    try:
        yield device
    finally:
        (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32,
         torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark) = saved


@pytest.fixture(scope="session")
def tiny_step_folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A whole tiny Step-Audio engine folder pair, built once per session from the helpers' builders."""
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
def tiny_editx_folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A tiny Step-Audio-EditX folder pair (tokenizer, EditX), built once per session."""
    from tests.backends.step.tiny_editx import build_tiny_editx

    return build_tiny_editx(tmp_path_factory.mktemp("editx_engine"))


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
