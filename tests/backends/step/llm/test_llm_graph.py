"""The fixed-shape decode step (backends.step.llm.decode) against the growing-cache path.

On a CPU the step runs eagerly, so these tests check its arithmetic (attention over the whole
zeroed capacity with the future masked, keys written at a device-side position, the bias row made
on the device); the CUDA-graph replay of the same step is checked on a GPU by
bench/step_gpu_check.py. Tolerances: float32 throughout, logits of magnitude about 1 for this
tiny model, so 1e-4 leaves room for the different reduction lengths (capacity vs. length) in SDPA.
"""

from __future__ import annotations

import pytest
import torch

from backends.base import CancelToken
from backends.step.llm import AUDIO_RANGE, SamplingSettings, Step1LM
from backends.step.llm.decode import StaticDecoder


@pytest.fixture()
def lm(tiny_fp32: Step1LM):
    tiny_fp32.decode_mode = "auto"
    tiny_fp32._static = None
    yield tiny_fp32
    tiny_fp32.decode_mode = "auto"
    tiny_fp32._static = None


def test_static_steps_equal_the_full_forward(lm: Step1LM) -> None:
    ids = torch.randint(0, 1000, (40,), generator=torch.Generator().manual_seed(5)).tolist()
    full = lm.logits(ids)
    static = StaticDecoder(lm, 300, graph=True)  # graph=True on a CPU: the eager fixed-shape step
    assert static.mode == "static-eager" and static.capacity == 512
    last = lm.prefill(ids[:30], static.cache)
    assert last is not None and (last - full[29]).abs().max().item() < 1e-4
    for pos in range(30, 40):
        step = static.step(ids[pos], pos)
        static.cache.length += 1
        assert (step - full[pos]).abs().max().item() < 1e-4, pos


def test_generation_is_the_same_take_in_every_decode_mode(lm: Step1LM) -> None:
    prompt = [1, 4, 65536, 65600, 66000, 3, 4, 65700]
    settings = SamplingSettings(seed=11, max_length=len(prompt) + 30)
    takes = {}
    for mode in ("eager", "static"):
        lm.decode_mode = mode
        takes[mode] = list(lm.generate(prompt, settings, CancelToken(), stop_ids=(), allowed=AUDIO_RANGE))
        assert lm.last_decode_mode == ("eager" if mode == "eager" else "static-eager")
    assert len(takes["eager"]) == 30
    assert takes["static"] == takes["eager"]


def test_a_kept_decoder_forgets_the_last_take(lm: Step1LM) -> None:
    """The second take reuses the cache; the first take's keys past the new prompt must not leak."""
    lm.decode_mode = "static"
    long_prompt = list(range(100, 160))
    short_prompt = [1, 4, 65536, 65537]
    greedy = SamplingSettings(temperature=0.0, max_length=70, repeat_window=0)
    list(lm.generate(long_prompt, greedy, CancelToken(), stop_ids=()))
    kept = lm._static
    reused = list(lm.generate(short_prompt, greedy, CancelToken(), stop_ids=()))
    assert lm._static is kept
    lm.decode_mode = "eager"
    assert reused == list(lm.generate(short_prompt, greedy, CancelToken(), stop_ids=()))


def test_the_decoder_is_rebuilt_when_a_take_needs_more_room_or_far_less(lm: Step1LM) -> None:
    lm.decode_mode = "static"
    settings = SamplingSettings(temperature=0.0, max_length=200, repeat_window=0)
    list(lm.generate([1, 4, 5], settings, CancelToken(), stop_ids=()))
    first = lm._static
    assert isinstance(first, StaticDecoder) and first.capacity == 256
    settings.max_length = 600
    list(lm.generate([1, 4, 5], settings, CancelToken(), stop_ids=()))
    grown = lm._static
    assert grown is not first and grown.capacity == 768
    settings.max_length = 100
    list(lm.generate([1, 4, 5], settings, CancelToken(), stop_ids=()))
    assert lm._static is not grown and lm._static.capacity == 256


def test_a_position_outside_the_capacity_is_refused(lm: Step1LM) -> None:
    static = StaticDecoder(lm, 10, graph=False)
    with pytest.raises(ValueError, match="capacity 256"):
        static.step(5, 256)


def test_unload_drops_the_decoder(tiny_folder) -> None:
    model = Step1LM.load(tiny_folder, dtype=torch.float32)
    model.decode_mode = "static"
    list(model.generate([1, 4, 5], SamplingSettings(seed=1, max_length=12), CancelToken(), stop_ids=()))
    assert model._static is not None
    model.unload()
    assert model._static is None


@pytest.mark.parametrize(("name", "dtype", "tolerance"), [("fp32", torch.float32, 1e-4),
                                                           ("bf16", torch.bfloat16, 6e-2)])
def test_decode_steps_equal_the_reference_on_the_test_device(golden_folder, golden, name: str,
                                                             dtype: torch.dtype, tolerance: float,
                                                             step_device: torch.device) -> None:
    """The fixed-shape step (a replayed CUDA graph when STEP_TEST_DEVICE=cuda) against the upstream
    code's cached decode logits. Tolerances as test_llm_model's, for the same reasons."""
    lm = Step1LM.load(golden_folder, dtype=dtype, device=step_device)
    prompt = torch.from_numpy(golden["prompt"])[0].tolist()
    steps = torch.from_numpy(golden["steps"])[0].tolist()
    static = StaticDecoder(lm, len(prompt) + len(steps), graph=True)
    assert static.mode == ("cuda-graph" if step_device.type == "cuda" else "static-eager")
    lm.prefill(prompt, static.cache)
    got = []
    for token in steps:
        got.append(static.step(token, static.cache.length).cpu().clone())
        static.cache.length += 1
    expected = torch.from_numpy(golden[f"decode_{name}"])
    assert (torch.stack(got) - expected.reshape(len(steps), -1)).abs().max().item() < tolerance
