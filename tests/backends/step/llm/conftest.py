"""Tiny Step1 checkpoints shared by the LLM tests (built once per session, all on CPU)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tiny_step1 import build_tiny_step1

GOLDEN = Path(__file__).resolve().parents[3] / "data" / "step" / "llm" / "step1_golden.npz"


@pytest.fixture(scope="module")
def golden() -> dict:
    """The upstream Step1's inputs, weights and logits (tests/data/step/llm/README says how made)."""
    import numpy as np

    with np.load(GOLDEN) as data:
        return {k: data[k] for k in data.files}


@pytest.fixture(scope="module")
def golden_folder(golden: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch

    from backends.step.llm.checkpoint import write_safetensors

    folder = tmp_path_factory.mktemp("golden")
    (folder / "config.json").write_text(str(golden["config"]), encoding="utf-8")
    weights = {k[2:]: torch.from_numpy(v).view(torch.bfloat16)
               for k, v in golden.items() if k.startswith("w:")}
    write_safetensors(folder / "model.safetensors", weights)
    return folder


@pytest.fixture(scope="session")
def tiny_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default tiny folder: real vocabulary, 2 layers, two shards, no tokenizer (speed)."""
    return build_tiny_step1(tmp_path_factory.mktemp("tiny_step1"), seed=0, tokenizer=False)


@pytest.fixture(scope="session")
def tiny_fp32(tiny_folder: Path):
    import torch

    from backends.step.llm import Step1LM

    return Step1LM.load(tiny_folder, dtype=torch.float32)
