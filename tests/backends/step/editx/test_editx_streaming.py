"""EditX's windowed streaming on the tiny random decoder: off, a sentence is decoded exactly as
`EditxDecoder.token2wav` decodes it; on, the windows give the same length and nearly the same mel, and
the engine plays a plain sentence before the LLM has finished it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from backends.audio import load_audio
from backends.base import AudioChunk, CancelToken, Finished, SynthesisRequest
from backends.joiner import StreamJoiner
from backends.step.editx.engine import StepEditxBackend
from backends.step.editx.streaming import EditxStreamDecoder
from backends.step.vocoder.editx.decoder import EditxDecoder

CLIP = Path(__file__).resolve().parents[3] / "data" / "zero_shot_en_prompt.wav"
FADE = 192  # the joiner's 8 ms fade at each end of a take, at 24 kHz


@pytest.fixture(scope="module")
def voice(tiny_editx_folders: tuple[Path, Path]) -> tuple[EditxDecoder, np.ndarray, np.ndarray, np.ndarray]:
    decoder = EditxDecoder(tiny_editx_folders[1] / "CosyVoice-300M-25Hz")
    clip = load_audio(CLIP).slice_seconds(0.0, 1.5)
    prompt = np.random.default_rng(0).integers(0, 5120, 60)
    return decoder, prompt, decoder.prompt_features(clip), decoder.speaker_embedding(clip)


def _run(voice: tuple, codes: np.ndarray, seed: int,
         streaming: bool) -> tuple[np.ndarray, EditxStreamDecoder]:
    decoder, prompt, feats, emb = voice
    joiner = StreamJoiner(24000, max_overlap=EditxStreamDecoder.max_overlap_samples())
    stream = EditxStreamDecoder(decoder, prompt, feats, emb, joiner, seed=seed, streaming=streaming)
    pieces = [p for c in codes for p in stream.push(int(c))]
    return np.concatenate([*pieces, *stream.finish(), joiner.flush()]), stream


def test_without_streaming_a_sentence_is_the_one_pass_decode(voice: tuple) -> None:
    decoder, prompt, feats, emb = voice
    codes = np.random.default_rng(1).integers(0, 5120, 253)  # a tail of three codes past the last group
    whole = decoder.token2wav(codes, prompt, feats, emb, seed=7)
    out, stream = _run(voice, codes, 7, streaming=False)
    assert stream.windows == 1 and len(out) == len(whole)
    np.testing.assert_array_equal(out[FADE:-FADE], whole[FADE:-FADE])  # only the take's end fades differ


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_streamed_windows_give_nearly_the_one_pass_mel(voice: tuple, seed: int) -> None:
    decoder, prompt, feats, emb = voice
    codes = np.random.default_rng(seed).integers(0, 5120, 250)
    out, stream = _run(voice, codes, seed, streaming=True)
    whole = decoder.token2mel(codes, prompt, feats, emb, seed=seed)
    assert stream.windows == 5 and stream._mel.shape == whole.shape
    assert len(out) == whole.shape[-1] * 480
    # Measured 0.025 of the mel's standard deviation (mean absolute difference) for seeds 7-9: the windows
    # start from the one-pass noise at their positions and re-read 20 codes before them.
    assert float((stream._mel - whole).abs().mean() / whole.std()) < 0.1
    assert torch.isfinite(stream._mel).all()


def test_a_plain_sentence_plays_before_the_llm_has_finished(tiny_editx_folders: tuple[Path, Path],
                                                            tmp_path: Path) -> None:
    tok, editx = tiny_editx_folders
    engine = StepEditxBackend(tokenizer_folder=tok, editx_folder=editx, device="cpu", quant="none",
                              state_dir=tmp_path, offline=True, max_new_tokens=100)
    try:
        clip = load_audio(CLIP).slice_seconds(0.0, 4.0)
        profile = engine.prepare_voice(clip, "hello there", CancelToken())
        pipe = engine.pipeline()
        written: list[int] = []
        real = pipe.clone_codes

        def spy(*args, **kwargs):
            for code in real(*args, **kwargs):
                written.append(code)
                yield code

        pipe.clone_codes = spy  # type: ignore[method-assign]
        seen_at: list[int] = []
        events = []
        for event in engine.synthesize(SynthesisRequest("你好世界。", voice_profile=profile, seed=2),
                                       CancelToken()):
            if isinstance(event, AudioChunk):
                seen_at.append(len(written))
            events.append(event)
        done = events[-1]
        assert isinstance(done, Finished) and done.metadata["streamed_sentences"] == 1
        assert len(written) == 100 and seen_at[0] < 100  # audio came while codes were still coming
        assert len(seen_at) >= 3
    finally:
        engine.unload()
