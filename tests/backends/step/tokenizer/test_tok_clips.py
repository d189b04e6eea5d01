"""Tokens from the clip as the user gives it, at its own rate (24, 44.1, 48 and 22.05 kHz), equal the
reference's: goldens made by running upstream Step-Audio's `wav2token` (its torchaudio resampler,
librosa trim, FunASR encoder and Whisper mel) on the tiny tokenizer (tests/data/step/tokenizer/README.md).

These catch what the 16 kHz goldens could not: a resampler other than the reference's moved 5-13 codes
of each clip's 100-200 here (soxr, measured when the goldens were made)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tok_paths import DATA

from backends.audio import load_audio
from backends.step.tokenizer.prep import prepare

AUDIO = Path(__file__).resolve().parents[3] / "data"
FILES = {"fear24k": AUDIO / "fear_zh_female_prompt.wav", "en44k": AUDIO / "zero_shot_en_prompt.wav",
         "clip48k": DATA / "clip48k.flac", "clip22k": DATA / "clip22k.flac"}


@pytest.fixture(scope="module")
def golden() -> dict:
    with np.load(DATA / "clip_golden.npz") as g:
        return {k: g[k] for k in g.files}


@pytest.mark.parametrize("trim", ["trim", "notrim"])
@pytest.mark.parametrize("clip", sorted(FILES))
def test_tokens_of_the_original_clip_equal_the_reference(device_tokenizer, golden, clip: str, trim: str):
    audio = load_audio(FILES[clip])
    assert audio.sample_rate == json.loads(str(golden["meta"]))["clips"][clip]["sample_rate"]
    tokens = device_tokenizer.tokenize(audio, trim_silence=trim == "trim")
    key = f"{clip}_{trim}"
    np.testing.assert_array_equal(tokens.vq02, golden[f"{key}_vq02"])
    np.testing.assert_array_equal(tokens.vq06, golden[f"{key}_vq06"])
    np.testing.assert_array_equal(np.asarray(tokens.llm_ids()), golden[f"{key}_tokens"])


@pytest.mark.parametrize("trim", ["trim", "notrim"])
def test_the_prepared_16k_samples_equal_the_reference(golden, trim: str) -> None:
    """44.1 -> 16 kHz (the hardest ratio here), peak normalisation and trim against upstream's samples:
    float32 filters summed in another order, so a few float32 roundoffs of a unit peak (3e-6 measured)."""
    ours = prepare(load_audio(FILES["en44k"]), trim=trim == "trim")
    ref = golden[f"en44k_{trim}_samples16k"]
    assert ours.shape == ref.shape
    np.testing.assert_allclose(ours, ref, atol=2e-5)
