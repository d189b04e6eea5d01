"""int8 / int4 weight-only layers: codes, packing, kernels, and logits close to fp32."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from backends.step.llm import Step1LM
from backends.step.llm.quant import Int4Linear, Int8Linear, quantize_int4, quantize_int8, unpack_int4


def test_int8_per_channel_error_is_within_half_a_step() -> None:
    w = torch.randn(300, 256, generator=torch.Generator().manual_seed(0))
    codes, scale = quantize_int8(w)
    assert codes.dtype == torch.int8 and scale.shape == (300,)
    assert ((codes.float() * scale[:, None] - w).abs() <= scale[:, None] / 2 + 1e-6).all()


def test_int4_packs_two_codes_per_byte_and_bounds_error() -> None:
    w = torch.randn(64, 256, generator=torch.Generator().manual_seed(1))
    packed, scale, zero = quantize_int4(w, 128)
    assert packed.shape == (64, 128) and packed.dtype == torch.uint8 and scale.shape == (64, 2)
    codes = unpack_int4(packed)
    assert codes.max() <= 15
    deq = ((codes.float().view(64, 2, 128) - zero[..., None]) * scale[..., None]).view(64, 256)
    assert ((deq - w).abs() <= scale.repeat_interleave(128, dim=1) * 0.5 + 1e-5).all()


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
@pytest.mark.parametrize("cls", [Int8Linear, Int4Linear])
def test_layers_agree_with_dequantised_matmul(cls: type, dtype: torch.dtype) -> None:
    w = torch.randn(384, 256, generator=torch.Generator().manual_seed(2)) / 16
    layer = cls.from_weight(w, dtype)
    x = torch.randn(3, 5, 256, generator=torch.Generator().manual_seed(3)).to(dtype)
    got = layer(x).float()
    assert got.shape == (3, 5, 384)
    reference = torch.nn.functional.linear(x.float(), w)
    bound = 0.02 if cls is Int8Linear else 0.15  # relative to the largest output
    assert (got - reference).abs().max() < bound * reference.abs().max()


@pytest.mark.parametrize(("quant", "bound"), [("int8", 0.05), ("int4", 0.35)])
def test_quantised_model_logits_stay_close_to_fp32(tiny_folder: Path, tiny_fp32: Step1LM, quant: str,
                                                   bound: float) -> None:
    # Measured on the tiny model (K = 64, so int4 uses one group per row, its worst case):
    # int8 max |diff| 0.072 and int4 0.87 on logits of max |x| ~5; bounds are relative to that max.
    lm = Step1LM.load(tiny_folder, dtype=torch.float32, quant=quant)
    ids = [1, 4, 10, 20, 30, 40, 50, 3]
    ref = tiny_fp32.logits(ids)
    got = lm.logits(ids)
    assert (got - ref).abs().max() < bound * ref.abs().max()
    assert lm.weight_bytes() < 0.7 * tiny_fp32.weight_bytes()
    net = lm._require()
    assert isinstance(net.lm_head, Int8Linear)  # the head stays 8-bit even in int4 mode
    layer_type = Int8Linear if quant == "int8" else Int4Linear
    assert isinstance(net.model.layers[0].mlp.up_proj, layer_type)


def test_quantised_bf16_generation_runs(tiny_folder: Path) -> None:
    from backends.base import CancelToken
    from backends.step.llm import AUDIO_RANGE, SamplingSettings

    lm = Step1LM.load(tiny_folder, dtype=torch.bfloat16, quant="int4")
    tokens = list(lm.generate([1, 4, 5], SamplingSettings(seed=0, max_length=12), CancelToken(),
                              allowed=AUDIO_RANGE))
    assert len(tokens) == 9 and all(AUDIO_RANGE[0] <= t < AUDIO_RANGE[1] for t in tokens)


def test_on_the_cpu_a_prefill_dequantises_and_a_step_uses_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """torch's CPU int8 kernel costs time per row (18 minutes for one EditX prefill), dequantising a
    block does not: many rows take the block path, a decoding step the kernel, with the same result
    up to the bfloat16 rounding the float32 layer's kernel works in."""
    from backends.step.llm import quant

    torch.manual_seed(0)
    layer = quant.Int8Linear.from_weight(torch.randn(64, 96), torch.float32)
    if layer.kernel not in ("int8pack", "int8pack_bf16"):
        pytest.skip("this torch build has no CPU int8 kernel")
    used: list[tuple[int, torch.dtype]] = []
    real = torch.ops.aten._weight_int8pack_mm

    class Ops:
        @staticmethod
        def _weight_int8pack_mm(x, codes, scale):
            used.append((x.shape[0], x.dtype))
            return real(x, codes, scale)

    monkeypatch.setattr(quant.torch.ops, "aten", Ops)
    many, one = torch.randn(2, 40, 96), torch.randn(1, 1, 96)
    weight = layer.codes.float() * layer.scale[:, None]
    torch.testing.assert_close(layer(many), torch.nn.functional.linear(many, weight), rtol=1e-5, atol=1e-4)
    assert used == []  # 80 rows: dequantised blocks
    got = layer(one)
    assert got.dtype == torch.float32 and len(used) == 1 and used[0][0] == 1
    # bfloat16 keeps 8 significant bits: each activation is rounded once (relative 2^-9, so the sum
    # moves by at most 2^-9 of sum |x w|) and the output once more (2^-9 of it); 2^-8 leaves room
    # for the kernel's float32 accumulation order.
    ref = torch.nn.functional.linear(one, weight)
    bound = 2.0 ** -8 * (torch.nn.functional.linear(one.abs(), weight.abs()) + ref.abs())
    assert ((got - ref).abs() <= bound).all()


def test_a_float32_layer_on_the_cpu_runs_the_int8_kernel_in_bfloat16() -> None:
    """The float32 kernel is ten times slower than the bfloat16 one on a CPU without bf16 units;
    the layer picks the bfloat16 one when it agrees with dequantising, and its error stays below
    what the int8 codes themselves cost."""
    w = torch.randn(512, 256, generator=torch.Generator().manual_seed(5)) / 16
    layer = Int8Linear.from_weight(w, torch.float32)
    if not hasattr(torch.ops.aten, "_weight_int8pack_mm"):
        pytest.skip("this torch build has no int8 kernel")
    assert layer.kernel == "int8pack_bf16"
    x = torch.randn(4, 256, generator=torch.Generator().manual_seed(6))
    exact = x.double() @ w.double().T
    deq = x.double() @ (layer.codes.double() * layer.scale.double()[:, None]).T
    got = layer(x)
    assert got.dtype == torch.float32
    rel = ((got.double() - deq).norm() / deq.norm()).item()
    rel_codes = ((deq - exact).norm() / exact.norm()).item()
    assert rel < 0.01 and rel < rel_codes
