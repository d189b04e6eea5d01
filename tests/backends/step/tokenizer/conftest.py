from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from tok_paths import DATA

STEP_TESTS = Path(__file__).resolve().parents[1]
if str(STEP_TESTS) not in sys.path:
    sys.path.insert(0, str(STEP_TESTS))


@pytest.fixture(scope="session")
def tiny_folder(tmp_path_factory) -> Path:
    from tiny_tokenizer import build_tiny_tokenizer

    return build_tiny_tokenizer(tmp_path_factory.mktemp("step_tokenizer"), seed=0)


@pytest.fixture(scope="session")
def tokenizer(tiny_folder):
    from backends.step.tokenizer import StepAudioTokenizer

    tok = StepAudioTokenizer(tiny_folder)
    tok.load()
    return tok


@pytest.fixture(scope="session")
def device_tokenizer(tokenizer, tiny_folder, step_device):
    """The tokenizer with its Paraformer encoder on STEP_TEST_DEVICE (vq06 stays on onnxruntime)."""
    if step_device.type == "cpu":
        return tokenizer
    from backends.step.tokenizer import StepAudioTokenizer

    tok = StepAudioTokenizer(tiny_folder, device=str(step_device))
    tok.load()
    return tok


@pytest.fixture(scope="session")
def vq02_golden() -> dict:
    with np.load(DATA / "vq02_golden.npz") as g:
        return {k: g[k] for k in g.files}


@pytest.fixture(scope="session")
def golden_audio(vq02_golden) -> np.ndarray:
    return vq02_golden["audio_int16"].astype(np.float32) / 32768.0
