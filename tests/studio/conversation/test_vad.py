from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from backends.audio import load_audio
from studio.conversation.settings import VAD_PRESETS, VadSettings
from studio.conversation.vad import FRAME, SileroStream, StreamingVad, dbfs, speech_regions

DATA = Path(__file__).resolve().parents[2] / "data"


def clip(name: str) -> np.ndarray:
    return load_audio(DATA / name).resampled(16000).samples


def test_long_pauses_in_a_real_recording_are_found() -> None:
    regions = speech_regions(clip("vad_prompt.wav"), VAD_PRESETS["quiet-room"])
    assert len(regions) >= 4
    assert regions[0][0] < 700 and regions[-1][1] > 7800  # speech from ~0.5 s to ~8.2 s
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(regions)]
    assert max(gaps) >= 150  # the recording's pauses
    # the slow-speaker preset bridges more of them (longer hangover)
    assert len(speech_regions(clip("vad_prompt.wav"), VAD_PRESETS["slow-speaker"])) <= len(regions)


def test_english_sentence_with_its_comma_pause() -> None:
    regions = speech_regions(clip("zero_shot_en_prompt.wav"), VAD_PRESETS["quiet-room"])
    assert len(regions) == 2
    (a0, a1), (b0, b1) = regions
    assert a0 < 200 and 1600 < a1 < 2100 and 2300 < b0 < 2700 and b1 > 4500


def test_silence_and_noise_are_not_speech_and_skip_the_model() -> None:
    rng = np.random.default_rng(0)
    vad = StreamingVad(VadSettings())
    frames = vad.push(np.zeros(16000, np.float32)) + vad.push(rng.normal(0, 0.001, 16000).astype(np.float32))
    assert not any(f.voiced for f in frames)
    assert vad.model_frames == 0 and vad.frames == len(frames)  # the gate kept Silero idle
    loud_noise = rng.normal(0, 0.1, 16000).astype(np.float32)
    assert not any(f.voiced for f in vad.push(loud_noise))


@pytest.mark.parametrize("block", [160, 512, 1000, 4096])
def test_any_block_size_gives_the_same_frames(block: int) -> None:
    audio = clip("zero_shot_en_prompt.wav")[:32000]
    whole = [round(f.probability, 5) for f in StreamingVad(VadSettings()).push(audio)]
    vad = StreamingVad(VadSettings())
    parts = [round(f.probability, 5) for i in range(0, len(audio), block)
             for f in vad.push(audio[i:i + block])]
    assert parts == whole


def test_state_is_carried_between_frames() -> None:
    audio = clip("zero_shot_en_prompt.wav")[:FRAME * 20]
    carried = SileroStream()
    fresh_each = [SileroStream().probability(audio[i * FRAME:(i + 1) * FRAME]) for i in range(20)]
    streamed = [carried.probability(audio[i * FRAME:(i + 1) * FRAME]) for i in range(20)]
    assert max(streamed) > 0.8
    assert not np.allclose(streamed, fresh_each, atol=1e-3)


def test_dbfs() -> None:
    assert dbfs(np.zeros(10, np.float32)) == -120.0
    assert abs(dbfs(np.full(100, 0.5, np.float32)) - (-6.02)) < 0.01


def test_settings_validate() -> None:
    with pytest.raises(ValueError):
        VadSettings(threshold=1.5)
    with pytest.raises(ValueError):
        VadSettings(pause_ms=900, end_of_turn_ms=800)
    assert set(VAD_PRESETS) >= {"quiet-room", "noisy-room", "slow-speaker"}
    assert all(p.name == k for k, p in VAD_PRESETS.items())
