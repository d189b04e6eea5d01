"""How much memory the Step1 model will need, worked out from config.json before loading anything.

Loading 7 GB only to fail with an out-of-memory error is the experience to avoid, so the engine
asks first. The estimate counts what this package's own code allocates: weights in their stored
form (dtype or quantised codes + scales), the KV cache for the context (grown in 256-position
blocks), the largest transient of a forward (the chunked prefill's [heads, chunk, context] bias
and scores, the MLP's intermediate, the float32 logits), the one checkpoint tensor held while
loading, and a fixed allowance for the runtime (CUDA workspace, allocator slack).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from backends.step.llm.cache import CACHE_BLOCK
from backends.step.llm.config import Step1Config
from backends.step.llm.model import PREFILL_CHUNK, resolve_dtype
from backends.step.llm.quant import QUANT_MODES, int4_group_size

GB = 1_000_000_000
_QUANT_WORDS = {"none": "full precision", "int8": "8-bit", "int4": "4-bit"}
_RUNTIME_OVERHEAD = {"cuda": 350 * 1024 * 1024, "cpu": 48 * 1024 * 1024}


@dataclass(frozen=True)
class MemoryEstimate:
    weights: int
    kv_cache: int
    activations: int
    loading: int  # transient while loading: the largest checkpoint tensor and its conversion
    overhead: int

    @property
    def total(self) -> int:
        return self.weights + max(self.kv_cache + self.activations, self.loading) + self.overhead


def _dtype_bytes(name: str) -> int:
    try:
        return torch.empty((), dtype=resolve_dtype(name)).element_size()
    except ValueError:
        return 2


def _linear_bytes(out_f: int, in_f: int, quant: str, elem: int, *, head: bool = False) -> int:
    if quant == "none":
        return out_f * in_f * elem
    if quant == "int8" or head:
        return out_f * in_f + out_f * elem
    groups = in_f // int4_group_size(in_f)
    # codes (half a byte each) + scale and zero, plus the kernel's own scale/offset table
    return out_f * in_f // 2 + 4 * out_f * groups * elem


def estimate(config: Step1Config, *, dtype: torch.dtype | str = torch.bfloat16, quant: str = "none",
             context: int = 4096, device: str = "cuda", batch: int = 1) -> MemoryEstimate:
    if quant not in QUANT_MODES:
        raise ValueError(f"unknown quantisation {quant!r}; choose one of {', '.join(QUANT_MODES)}")
    elem = torch.empty((), dtype=resolve_dtype(dtype)).element_size()
    c = config
    h, i, kv, v = c.hidden_size, c.intermediate_size, c.kv_dim, c.vocab_size
    per_layer = (_linear_bytes(h, h, quant, elem) * 2 + _linear_bytes(kv, h, quant, elem) * 2
                 + _linear_bytes(i, h, quant, elem) * 2 + _linear_bytes(h, i, quant, elem) + 2 * h * elem)
    weights = (v * h * elem + c.num_hidden_layers * per_layer + h * elem
               + _linear_bytes(v, h, quant, elem, head=True))
    positions = -(-max(context, 1) // CACHE_BLOCK) * CACHE_BLOCK
    # The cache, and the copy of the last prompt's keys and values kept for the next prompt
    # (PromptPrefix): shorter than the context, so counted at most once more.
    kv_cache = 2 * c.num_hidden_layers * 2 * batch * kv * positions * elem
    chunk = min(PREFILL_CHUNK, max(context, 1))
    heads = c.num_attention_heads
    activations = batch * (
        8 * chunk * h * elem  # residual stream, norms, q, attention output
        + 3 * chunk * i * elem  # gate, up, their product
        + heads * chunk * positions * (elem + 2 * 4)  # bias in dtype, scores and softmax in float32
        + 6 * v * 4  # float32 logits and the sampler's working copies
    )
    if quant != "none":
        activations += (1 << 24) * elem  # one dequantised row block where no packed kernel runs
    stored = _dtype_bytes(c.torch_dtype)
    largest = max(v * h, i * h)
    loading = largest * stored + (largest * elem if elem != stored and quant == "none" else 0)
    if quant != "none":
        loading += (1 << 24) * 4 * 3  # float32 row block being quantised
    overhead = _RUNTIME_OVERHEAD.get(torch.device(device).type, _RUNTIME_OVERHEAD["cpu"])
    return MemoryEstimate(weights, kv_cache, activations, loading, overhead)


def estimate_memory(config: Step1Config, *, dtype: torch.dtype | str = torch.bfloat16, quant: str = "none",
                    context: int = 4096, device: str = "cuda") -> int:
    """Bytes the model needs at its peak: weights + KV cache + activations (or the load transient)."""
    return estimate(config, dtype=dtype, quant=quant, context=context, device=device).total


@dataclass(frozen=True)
class FitVerdict:
    fits: bool
    needed: int
    free: int
    suggestion: str | None  # the quantisation that would fit, when this one does not
    message: str


def will_it_fit(config: Step1Config, *, quant: str, dtype: torch.dtype | str, free_bytes: int,
                context: int = 4096, device: str = "cuda", extra_bytes: int = 0) -> FitVerdict:
    """Whether the model (plus `extra_bytes` for whatever else the engine loads next to it) fits in
    `free_bytes`, with a sentence for the user and the lightest quantisation that would fit."""
    where = "the GPU" if torch.device(device).type == "cuda" else "this computer"
    needed = estimate_memory(config, dtype=dtype, quant=quant, context=context, device=device) + extra_bytes
    if needed <= free_bytes:
        return FitVerdict(True, needed, free_bytes, None,
                          f"needs {needed / GB:.1f} GB, {where} has {free_bytes / GB:.1f} GB free")
    order = list(QUANT_MODES)
    suggestion = None
    for option in order[order.index(quant) + 1:]:
        if estimate_memory(config, dtype=dtype, quant=option, context=context, device=device) + extra_bytes \
                <= free_bytes:
            suggestion = option
            break
    message = f"needs {needed / GB:.1f} GB, {where} has {free_bytes / GB:.1f} GB free"
    if suggestion is not None:
        message += f": choose {_QUANT_WORDS[suggestion]}"
    else:
        lightest = order[-1]
        need_min = estimate_memory(config, dtype=dtype, quant=lightest, context=context, device=device)
        message += (f": even {_QUANT_WORDS[lightest]} needs {(need_min + extra_bytes) / GB:.1f} GB; "
                    "free memory by closing other programs, or use a shorter text")
    return FitVerdict(False, needed, free_bytes, suggestion, message)
