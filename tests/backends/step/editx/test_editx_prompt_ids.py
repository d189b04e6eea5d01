"""EditX prompts id for id against the reference code (tests/data/step/editx_prompts, its README).

The goldens ran upstream Step-Audio-EditX aacb90a (`tts.py`, unchanged) with transformers 4.53.3 on a
stand-in tokenizer with the real id layout (specials 0-4, `<audio_N>` at 65536 + N): 15 edits and 3
clones, through the Transformers path ("variant A") and the vLLM-era code's chat template ("variant
B"). The stand-in's text pieces are not the real file's, so these pin the layout (BOS per encode, turns,
newlines, audio pieces, stripping), not the real ids.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from backends.audio import load_audio
from backends.base import InvalidRequest
from backends.step.editx.prompts import clone_prompt_ids, clone_speaker_id, edit_instruction, edit_prompt_ids
from backends.step.textok import TextTokenizer

DATA = Path(__file__).resolve().parents[3] / "data" / "step" / "editx_prompts"
CLIPS = Path(__file__).resolve().parents[3] / "data"  # the shared recordings, copied for the tests
GOLD = json.loads((DATA / "prompt_goldens.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tok() -> TextTokenizer:
    return TextTokenizer(DATA / "tokenizer.model")


EDITS = [c for c in GOLD["edit_cases"] if not (c["edit_type"] == "paralinguistic" and c["text"] is None)]


@pytest.mark.parametrize("case", EDITS, ids=[c["name"] for c in EDITS])
def test_edit_prompt_ids_match_the_reference(tok: TextTokenizer, case: dict) -> None:
    instruction = edit_instruction(case["edit_type"], case["edit_info"] or "", case["audio_text"],
                                   case["text"] or "")
    assert instruction == case["instruction"]
    codes = GOLD["audio"][case["audio"]]["codes"]
    assert edit_prompt_ids(tok, instruction, codes) == case["ids_A"]


def test_a_paralinguistic_edit_needs_its_new_text() -> None:
    """The reference writes the word "None" into the prompt when the tagged text is missing; refused."""
    assert any(c["name"] == "paralinguistic_none_new_text" for c in GOLD["edit_cases"])
    with pytest.raises(InvalidRequest, match="new text"):
        edit_instruction("paralinguistic", "", "some words", "")


@pytest.mark.parametrize("case", GOLD["clone_cases"], ids=[c["name"] for c in GOLD["clone_cases"]])
def test_clone_prompt_ids_match_the_reference(tok: TextTokenizer, case: dict) -> None:
    speaker = case["speaker"]
    ends = np.asarray(speaker["first_1000_int16"] + speaker["last_1000_int16"], dtype=np.float32) / 32768
    assert clone_speaker_id(case["prompt_text"], ends) == speaker["speaker_id"]
    codes = GOLD["audio"][case["audio"]]["codes"]
    ids = clone_prompt_ids(tok, case["target_text"], case["prompt_text"], speaker["speaker_id"], codes)
    assert ids == case["ids_A"]


def test_speaker_id_from_the_clip_as_loaded() -> None:
    case = GOLD["clone_cases"][0]
    audio = load_audio(CLIPS / Path(case["speaker"]["clip"]).name)
    assert audio.samples.shape == (case["speaker"]["shape"][1],)  # mono: nothing to mix
    assert clone_speaker_id(case["prompt_text"], audio.samples) == case["speaker"]["speaker_id"]


@pytest.mark.parametrize("case", EDITS, ids=[c["name"] for c in EDITS])
def test_edit_prompt_ids_match_the_vllm_path(tok: TextTokenizer, case: dict) -> None:
    """Layout B: the reference's vLLM-era code, its chat template over the same strings."""
    instruction = edit_instruction(case["edit_type"], case["edit_info"] or "", case["audio_text"],
                                   case["text"] or "")
    codes = GOLD["audio"][case["audio"]]["codes"]
    assert edit_prompt_ids(tok, instruction, codes, layout="B") == case["ids_B"]
    assert case["ids_B"] != case["ids_A"]


@pytest.mark.parametrize("case", GOLD["clone_cases"], ids=[c["name"] for c in GOLD["clone_cases"]])
def test_clone_prompt_ids_match_the_vllm_path(tok: TextTokenizer, case: dict) -> None:
    from backends.step.editx.prompts import VLLM_CLONE_SPEAKER

    assert GOLD["variant_b"]["speaker"].startswith(VLLM_CLONE_SPEAKER)
    codes = GOLD["audio"][case["audio"]]["codes"]
    ids = clone_prompt_ids(tok, case["target_text"], case["prompt_text"], VLLM_CLONE_SPEAKER, codes,
                           layout="B")
    assert ids == case["ids_B"]
    with pytest.raises(ValueError, match="layout"):
        clone_prompt_ids(tok, "x", "y", "z", codes, layout="C")
