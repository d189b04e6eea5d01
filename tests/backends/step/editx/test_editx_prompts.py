"""EditX's prompt sentences and output reading (the id layouts are pinned by the goldens' tests)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from backends.base import InvalidRequest
from backends.step.editx.prompts import (
    audio_text,
    check_audio_pieces,
    clone_speaker_id,
    edit_instruction,
    output_codes,
    system_prompts,
)
from backends.step.textok import TextTokenizer

TTS_TOKENIZER = Path(__file__).resolve().parents[3] / "data" / "step" / "engine" / "tokenizer.model"


def test_system_prompts_are_the_reference_bytes() -> None:
    prompts = system_prompts()
    assert len(prompts["edit"]) == 509 and prompts["edit"].endswith("\n")
    assert prompts["clone_template"].count("\n") == 9
    assert "speaker prompt text: \n{prompt_text}\nspeaker audio tokens: \n" in prompts["clone_template"]
    digest = hashlib.sha256(prompts["edit"].encode()).hexdigest()
    assert digest.startswith("a0d0158175cf")


def test_instructions_keep_the_reference_wording() -> None:
    said = "  It is raining again.  "
    assert edit_instruction("emotion", "happy", said) == (
        "Make the following audio more happy. The text corresponding to the audio is: It is raining again.\n")
    assert edit_instruction("style", "whisper", said).startswith(
        "Make the following audio more whisper style.")
    assert edit_instruction("speed", "more faster", said).startswith(
        "Make the following audio more more faster.")
    # The reference asks to remove emotion for a speed "remove"; kept.
    assert edit_instruction("speed", "remove", said) == edit_instruction("emotion", "remove", said)
    assert edit_instruction("style", "remove", None).endswith("the reference text is: \n")
    vad = edit_instruction("vad")
    assert "silent portions" in vad and vad.endswith("silence from the audio.\n")
    denoise = edit_instruction("denoise", transcript="ignored")
    assert "noise" in denoise and "ignored" not in denoise
    para = edit_instruction("paralinguistic", "", said, "It is [Sigh] raining again.")
    assert para == ("Add some non-verbal sounds to make the audio more natural, the new text is : "
                    "It is [Sigh] raining again.\n"
                    "  The text corresponding to the audio is: It is raining again.\n")
    with pytest.raises(InvalidRequest, match="no 'pitch' edit"):
        edit_instruction("pitch", "up")


def test_audio_text_and_output_reading() -> None:
    assert audio_text([0, 1024, 5119]) == "<audio_0><audio_1024><audio_5119>"
    # Text ids and ids past the audio range are skipped; reading stops at the end of turn (3).
    assert output_codes([65536, 65537, 12, 70655, 70656, 3, 65540]) == [0, 1, 5119]


def test_speaker_id_hashes_text_and_the_clip_ends() -> None:
    rng = np.random.default_rng(0)
    clip = rng.standard_normal(5000).astype(np.float32)
    name = clone_speaker_id("hello", clip)
    assert name.startswith("clone_") and len(name) == 6 + 16
    middle_changed = clip.copy()
    middle_changed[2500] += 1
    assert clone_speaker_id("hello", middle_changed) == name  # only the first and last 1000 samples count
    assert clone_speaker_id("hello!", clip) != name
    short = clip[:1500]
    expected = hashlib.sha256(b"hello" + short.tobytes()).hexdigest()[:16]
    assert clone_speaker_id("hello", short) == "clone_" + expected


def test_a_tokenizer_without_audio_pieces_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="not the EditX tokenizer"):
        check_audio_pieces(TextTokenizer(TTS_TOKENIZER))
