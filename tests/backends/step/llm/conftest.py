"""Tiny Step1 checkpoints shared by the LLM tests (built once per session, all on CPU)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tiny_step1 import build_tiny_step1


@pytest.fixture(scope="session")
def tiny_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default tiny folder: real vocabulary, 2 layers, two shards, no tokenizer (speed)."""
    return build_tiny_step1(tmp_path_factory.mktemp("tiny_step1"), seed=0, tokenizer=False)


@pytest.fixture(scope="session")
def tiny_fp32(tiny_folder: Path):
    import torch

    from backends.step.llm import Step1LM

    return Step1LM.load(tiny_folder, dtype=torch.float32)
