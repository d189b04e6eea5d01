"""EditX end to end on tiny random checkpoints in the official layouts: a real clip is tokenized,
put into the edit or clone prompt, continued by the Step1 LLM and decoded at 24 kHz.

The weights are random, so the speech is noise; what is tested is that every stage receives what the
reference gives it (the prompts' ids are pinned by test_editx_prompt_ids.py, each model by its goldens)
and that the take is reproducible, bounded and honest about why it ended.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from backends.audio import Audio, load_audio
from backends.base import Cancelled, CancelToken, InvalidRequest
from backends.edits import EditKind, EditRequest
from backends.step.editx.pipeline import EditxPipeline, check_edit_clip
from backends.step.editx.prompts import clone_speaker_id
from backends.step.textok import TextTokenizer
from backends.step.vocoder.editx.decoder import EditxDecoder

CLIP = Path(__file__).resolve().parents[3] / "data" / "zero_shot_en_prompt.wav"


@pytest.fixture(scope="module")
def pipeline(tiny_editx_folders: tuple[Path, Path]) -> EditxPipeline:
    from backends.step.llm import Step1LM
    from backends.step.tokenizer import StepAudioTokenizer

    tok_folder, llm = tiny_editx_folders
    pipe = EditxPipeline(Step1LM.load(llm, dtype=torch.float32), TextTokenizer(llm / "tokenizer.model"),
                         StepAudioTokenizer(tok_folder), EditxDecoder(llm / "CosyVoice-300M-25Hz"))
    # Random weights never end their turn; 42 tokens (8 groups and 2 left over) keep each take short.
    pipe.max_new_tokens = 42
    return pipe


@pytest.fixture(scope="module")
def clip() -> Audio:
    return load_audio(CLIP).slice_seconds(0.0, 1.5)


def test_an_edit_is_reproducible_24khz_speech_from_the_clip(pipeline: EditxPipeline, clip: Audio) -> None:
    voice = pipeline.clip(clip, "hello there")
    first = list(pipeline.rounds(clip, "hello there", "emotion", "happy", seed=7, cancel=CancelToken()))
    assert len(first) == 1
    take = first[0]
    assert take.audio.sample_rate == 24000
    groups = -(-len(take.codes) // 5)
    assert len(take.audio.samples) == groups * 6 * 480  # 6 mel frames of 480 samples per 5 codes
    assert all(0 <= c < 5120 for c in take.codes) and take.stop in ("stop", "max_length")
    assert len(take.codes) <= 42
    # The prompt holds the clip's own codes as audio pieces, after the instruction and a blank line.
    ids = pipeline.last_prompt_ids
    codes = [i - 65536 for i in ids if i >= 65536]
    assert codes == [int(c) for c in voice.prompt_codes]
    again = next(pipeline.rounds(clip, "hello there", "emotion", "happy", seed=7, cancel=CancelToken()))
    np.testing.assert_array_equal(again.audio.samples, take.audio.samples)
    other = next(pipeline.rounds(clip, "hello there", "emotion", "happy", seed=8, cancel=CancelToken()))
    assert other.codes != take.codes


def test_each_round_edits_the_previous_output(pipeline: EditxPipeline, clip: Audio) -> None:
    takes = list(pipeline.rounds(clip, "hello there", "paralinguistic", "", "hello [Sigh] there", rounds=2,
                                 seed=3, cancel=CancelToken()))
    assert len(takes) == 2
    # Round two's prompt carried round one's output as its audio (tokenized afresh, so compare lengths).
    second_codes = [i - 65536 for i in pipeline.last_prompt_ids if i >= 65536]
    first_voice = pipeline.clip(takes[0].audio, "hello [Sigh] there")
    assert second_codes == [int(c) for c in first_voice.prompt_codes]
    assert "[Sigh]" in pipeline.text.decode(pipeline.last_prompt_ids)


def test_clone_speaks_text_in_the_clip_voice(pipeline: EditxPipeline, clip: Audio) -> None:
    voice = pipeline.clip(clip, "hello there")
    speaker = clone_speaker_id("hello there", clip.samples)
    take = pipeline.clone("[Sichuanese] 你好", voice, speaker, seed=1, cancel=CancelToken())
    assert take.audio.sample_rate == 24000 and len(take.audio.samples) > 0
    assert speaker in pipeline.text.decode(pipeline.last_prompt_ids)
    with pytest.raises(InvalidRequest, match="no text"):
        pipeline.clone("  ", voice, speaker, seed=1, cancel=CancelToken())


def test_a_cancelled_edit_stops(pipeline: EditxPipeline, clip: Audio) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        next(pipeline.rounds(clip, "hi", "style", "whisper", seed=1, cancel=cancel))


def test_clips_it_cannot_take_get_one_sentence() -> None:
    with pytest.raises(InvalidRequest, match=r"at least 0\.5 s"):
        check_edit_clip(Audio(np.full(4000, 0.1, np.float32), 16000))
    with pytest.raises(InvalidRequest, match="at most 30 s"):
        check_edit_clip(Audio(np.full(16000 * 31, 0.1, np.float32), 16000))
    with pytest.raises(InvalidRequest, match="silent"):
        check_edit_clip(Audio(np.zeros(16000, np.float32), 16000))
    # 8 kHz is taken (the reference asserts above 16 kHz; the tokenizer here resamples any rate).
    check_edit_clip(Audio(np.full(8000, 0.1, np.float32), 8000))


def test_studio_requests_run_as_editx_edits(pipeline: EditxPipeline, clip: Audio) -> None:
    take = pipeline.apply(clip, EditRequest(EditKind.SPEED, amount=1.5, transcript="hello there"), seed=2,
                          cancel=CancelToken())
    assert take.audio.sample_rate == 24000
    assert "Make the following audio more more faster." in pipeline.text.decode(pipeline.last_prompt_ids)
    with pytest.raises(InvalidRequest, match="no pitch edit"):
        pipeline.apply(clip, EditRequest(EditKind.PITCH, amount=2.0), seed=2, cancel=CancelToken())
    with pytest.raises(InvalidRequest, match="transcript"):
        pipeline.apply(clip, EditRequest(EditKind.PARALINGUISTIC, "sigh", at=0.5), seed=2,
                       cancel=CancelToken())
