"""A tiny Step-Audio-EditX folder pair in the official layout: the tokenizer folder, and the EditX folder
with a tiny Step1 LLM, the stand-in text tokenizer with EditX's id layout, and the tiny 24 kHz decoder
whose weights the vocoder goldens were made with (random, so the speech is noise)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from tests.backends.step.tiny_cosyvoice import build_tiny_campplus
from tests.backends.step.tiny_step1 import build_tiny_step1
from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

DATA = Path(__file__).resolve().parents[2] / "data" / "step"


def build_tiny_editx(base: Path) -> tuple[Path, Path]:
    """(tokenizer folder, EditX folder) under `base`."""
    import torch

    tokenizer = build_tiny_tokenizer(base / "Step-Audio-Tokenizer")
    editx = build_tiny_step1(base / "Step-Audio-EditX", tokenizer=False)
    for name in ("tokenizer.model", "tokenizer_config.json"):
        shutil.copy(DATA / "editx_prompts" / name, editx / name)
    decoder = editx / "CosyVoice-300M-25Hz"
    decoder.mkdir()
    shutil.copy(DATA / "editx" / "cosyvoice_tiny.yaml", decoder / "cosyvoice.yaml")
    for name in ("flow", "hift"):
        with np.load(DATA / "editx" / f"{name}_tiny_weights.npz") as z:
            torch.save({k: torch.from_numpy(z[k]) for k in z.files}, decoder / f"{name}.pt")
    build_tiny_campplus(decoder)
    return tokenizer, editx
