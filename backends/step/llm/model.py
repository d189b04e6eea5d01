"""Step1, the language model of Step-Audio-TTS-3B, on plain PyTorch.

A Llama-shaped decoder (RMSNorm, SwiGLU, grouped key/value heads, untied output head) whose only
position signal is an ALiBi-style bias that grows with the square root of the distance:
score(i, j) -= slope_h * sqrt(i - j). The upstream code needs custom attention kernels built for
one Python and three torch versions; here the bias goes into torch's SDPA as an additive mask, so it
runs wherever torch runs. The bias depends only on (query position, key position), so with a KV
cache a decode step only needs the bias row of its own absolute position; it is built once per
forward call and shared by all layers.
"""

from __future__ import annotations

import gc
import logging
import secrets
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F
from torch import nn

from backends.base import CancelToken
from backends.step.llm.cache import CACHE_BLOCK, KVCache, PromptPrefix
from backends.step.llm.checkpoint import CheckpointError, checkpoint_plan, iter_tensors
from backends.step.llm.config import Step1Config, Step1ConfigError
from backends.step.llm.quant import QUANT_MODES, quantize_linear
from backends.step.llm.sampling import Sampler, SamplingSettings

if TYPE_CHECKING:
    from backends.step.llm.decode import StaticDecoder

log = logging.getLogger(__name__)

PREFILL_CHUNK = 256  # prompt tokens per forward: bounds the [heads, chunk, context] bias and scores

_DTYPES = {"bfloat16": torch.bfloat16, "bf16": torch.bfloat16, "float16": torch.float16,
           "fp16": torch.float16, "half": torch.float16, "float32": torch.float32, "fp32": torch.float32,
           "float": torch.float32}


def resolve_dtype(dtype: torch.dtype | str) -> torch.dtype:
    if isinstance(dtype, torch.dtype):
        if dtype not in (torch.bfloat16, torch.float16, torch.float32):
            raise ValueError(f"unsupported dtype {dtype}; use bfloat16, float16 or float32")
        return dtype
    try:
        return _DTYPES[str(dtype).lower().removeprefix("torch.")]
    except KeyError:
        raise ValueError(f"unsupported dtype {dtype!r}; use bfloat16, float16 or float32") from None


def alibi_slopes(num_heads: int) -> torch.Tensor:
    """Per-head slopes (float32): geometric in 2^(-8/n) for the largest power of two n <= heads,
    then the odd powers of 2^(-4/n) for the remaining heads (the standard ALiBi recipe)."""
    base = 1 << (num_heads.bit_length() - 1)
    slopes = torch.pow(2.0 ** (-8.0 / base), torch.arange(1, base + 1))
    if base < num_heads:
        extra = torch.pow(2.0 ** (-4.0 / base), torch.arange(1, 2 * (num_heads - base), 2))
        slopes = torch.cat([slopes, extra])
    return slopes.float()


def sqrt_alibi_bias(slopes: torch.Tensor, start: int, queries: int, keys: int,
                    dtype: torch.dtype) -> torch.Tensor:
    """Additive attention bias [1, heads, queries, keys] for queries at absolute positions
    start .. start+queries-1 over keys 0 .. keys-1: -slope * sqrt(distance), -inf for the future."""
    device = slopes.device
    q_pos = torch.arange(start, start + queries, device=device)
    k_pos = torch.arange(keys, device=device)
    distance = q_pos[:, None] - k_pos[None, :]
    root = torch.sqrt(distance.clamp(min=0).float())
    bias = -(slopes[:, None, None] * root[None])
    bias = bias.masked_fill((distance < 0)[None], float("-inf"))
    return bias.to(dtype).unsqueeze(0)


class RMSNorm(nn.Module):
    def __init__(self, size: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size), requires_grad=False)
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # The mean square is taken in float32 but applied in the activation dtype, as upstream does.
        inv = torch.rsqrt(x.float().square().mean(dim=-1, keepdim=True) + self.eps)
        return x * inv.to(x.dtype) * self.weight


class Attention(nn.Module):
    def __init__(self, config: Step1Config) -> None:
        super().__init__()
        self.heads = config.num_attention_heads
        self.groups = config.num_attention_groups
        self.head_dim = config.head_dim
        self.q_proj = nn.Linear(config.hidden_size, config.hidden_size, bias=False)
        self.k_proj = nn.Linear(config.hidden_size, config.kv_dim, bias=False)
        self.v_proj = nn.Linear(config.hidden_size, config.kv_dim, bias=False)
        self.o_proj = nn.Linear(config.hidden_size, config.hidden_size, bias=False)

    def forward(self, x: torch.Tensor, bias: torch.Tensor, cache: KVCache | None, index: int) -> torch.Tensor:
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.groups, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.groups, self.head_dim).transpose(1, 2)
        if cache is not None:
            k, v = cache.write(index, k, v)
        # Query head h reads key/value group h // (heads / groups), as repeat_interleave would give.
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, enable_gqa=self.groups != self.heads)
        return self.o_proj(out.transpose(1, 2).reshape(b, t, -1))


class MLP(nn.Module):
    def __init__(self, config: Step1Config) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, config: Step1Config) -> None:
        super().__init__()
        self.input_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.self_attn = Attention(config)
        self.post_attention_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.mlp = MLP(config)

    def forward(self, x: torch.Tensor, bias: torch.Tensor, cache: KVCache | None, index: int) -> torch.Tensor:
        x = x + self.self_attn(self.input_layernorm(x), bias, cache, index)
        return x + self.mlp(self.post_attention_layernorm(x))


class Decoder(nn.Module):
    """Holds `embed_tokens`, `layers`, `norm`: the checkpoint's `model.` prefix."""

    def __init__(self, config: Step1Config) -> None:
        super().__init__()
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList(Layer(config) for _ in range(config.num_hidden_layers))
        self.norm = RMSNorm(config.hidden_size, config.rms_norm_eps)


class Step1Network(nn.Module):
    def __init__(self, config: Step1Config) -> None:
        super().__init__()
        self.model = Decoder(config)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)

    def expected_shapes(self) -> dict[str, tuple[int, ...]]:
        return {name: tuple(p.shape) for name, p in self.named_parameters()}


class Step1LM:
    """The loaded model: full forward for checks, cached streaming generation for synthesis."""

    def __init__(self, config: Step1Config, network: Step1Network, device: torch.device, dtype: torch.dtype,
                 quant: str) -> None:
        self.config = config
        self.device = device
        self.dtype = dtype
        self.quant = quant
        self._net: Step1Network | None = network
        self._slopes = alibi_slopes(config.num_attention_heads).to(device)
        self.unexpected_keys: list[str] = []
        self.last_seed: int | None = None
        self.last_stop: str = ""  # why the last generate() ended: stop | max_length | cancelled
        # How decode steps run: "auto" is a CUDA graph on a GPU and the growing cache on a CPU
        # (where launches are cheap and a fixed capacity would only add attention work);
        # "graph", "static" (fixed shapes, no graph) and "eager" force one, for measurements.
        self.decode_mode = "auto"
        self.last_decode_mode = ""
        self.device_sampling = True  # top-k on the logits' device (Sampler.device_topk)
        self._static: StaticDecoder | None = None  # kept across takes
        self.prefix = PromptPrefix()  # the last prompt's keys and values, for the next that shares them
        self.last_reused = 0  # prompt positions the last generate() restored instead of computing

    # --- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, folder: Path | str, *, device: str | torch.device = "cpu",
             dtype: torch.dtype | str = torch.bfloat16, quant: str = "none",
             progress: Callable[[float, str], None] | None = None) -> Step1LM:
        """Build the model from an official folder (config.json + safetensors), tensor by tensor."""
        folder = Path(folder)
        config = Step1Config.from_json(folder / "config.json")
        if config.quantization_config:
            method = config.quantization_config.get("quant_method", "unknown")
            raise Step1ConfigError(
                f"{folder / 'config.json'}: pre-quantised checkpoints ({method}, e.g. the AWQ-4bit folder) "
                "are not supported yet; use the bf16 folder with quant='int4' or 'int8'")
        dtype = resolve_dtype(dtype)
        if quant not in QUANT_MODES:
            raise ValueError(f"unknown quantisation {quant!r}; choose one of {', '.join(QUANT_MODES)}")
        device = torch.device(device)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError("CUDA was asked for but this torch build or machine has no CUDA device")
        with torch.device("meta"):
            network = Step1Network(config)
        shapes = network.expected_shapes()
        lm = cls(config, network, device, dtype, quant)
        plan = checkpoint_plan(folder)
        seen: set[str] = set()
        total = len(shapes)
        for path, names in plan:
            for name, tensor in iter_tensors(path, names):
                if name not in shapes:
                    lm.unexpected_keys.append(name)
                    continue
                if tuple(tensor.shape) != shapes[name]:
                    raise CheckpointError(f"{path}: tensor {name} has shape {tuple(tensor.shape)}, "
                                          f"config.json implies {shapes[name]}")
                lm._place(name, tensor)
                seen.add(name)
                del tensor
                if progress is not None:
                    progress(len(seen) / total, name)
        missing = sorted(set(shapes) - seen)
        if missing == ["lm_head.weight"] and config.tie_word_embeddings:
            lm._place("lm_head.weight", network.model.embed_tokens.weight.detach())
            missing = []
        if missing:
            raise CheckpointError(f"{folder}: the checkpoint lacks {len(missing)} tensor(s), "
                                  f"e.g. {missing[0]}")
        if lm.unexpected_keys:
            log.info("Step1 checkpoint: %d unused tensors ignored, e.g. %s", len(lm.unexpected_keys),
                     lm.unexpected_keys[0])
        network.eval()
        return lm

    def _place(self, name: str, tensor: torch.Tensor) -> None:
        net = self._require()
        owner_path, _, leaf = name.rpartition(".")
        owner = net.get_submodule(owner_path)
        is_linear = isinstance(owner, nn.Linear)
        if is_linear and self.quant != "none":
            parent_path, _, child = owner_path.rpartition(".")
            parent = net.get_submodule(parent_path) if parent_path else net
            weight = tensor.to(self.device)
            head = name == "lm_head.weight"
            setattr(parent, child, quantize_linear(weight, self.quant, self.dtype, head=head))
            return
        owner._parameters[leaf] = nn.Parameter(tensor.to(device=self.device, dtype=self.dtype),
                                               requires_grad=False)

    def _require(self) -> Step1Network:
        if self._net is None:
            raise RuntimeError("the Step1 model has been unloaded")
        return self._net

    def unload(self) -> None:
        """Drop every weight; on CUDA the memory goes back to the driver's pool."""
        self._net = None
        self._static = None
        self.prefix.clear()
        gc.collect()
        if self.device.type == "cuda":
            torch.cuda.empty_cache()

    def weight_bytes(self) -> int:
        net = self._require()
        tensors = list(net.parameters()) + list(net.buffers())
        extra = [getattr(m, a) for m in net.modules() for a in ("_kernel_weight", "_kernel_scales")
                 if getattr(m, a, None) is not None]
        return sum(t.numel() * t.element_size() for t in tensors + extra)

    # --- forward -------------------------------------------------------------------------------

    def new_cache(self, batch: int = 1) -> KVCache:
        c = self.config
        return KVCache(c.num_hidden_layers, batch, c.num_attention_groups, c.head_dim, self.dtype,
                       self.device)

    def forward(self, ids: torch.Tensor, cache: KVCache | None = None, *,
                last_only: bool = False) -> torch.Tensor:
        """Logits (float32) for `ids` [batch, time] placed after the cache's positions."""
        net = self._require()
        ids = ids.to(self.device)
        start = cache.length if cache is not None else 0
        steps = ids.shape[1]
        if cache is not None:
            cache.reserve(start + steps)
        bias = sqrt_alibi_bias(self._slopes, start, steps, start + steps, self.dtype)
        x = net.model.embed_tokens(ids)
        for index, layer in enumerate(net.model.layers):
            x = layer(x, bias, cache, index)
        if cache is not None:
            cache.length += steps
        if last_only:
            x = x[:, -1:]
        return net.lm_head(net.model.norm(x)).float()

    def logits(self, ids: torch.Tensor | Sequence[int]) -> torch.Tensor:
        """Full uncached forward: [batch, time, vocab] float32 (or [time, vocab] for a 1-d input)."""
        ids_t = torch.as_tensor(ids, dtype=torch.long)
        single = ids_t.dim() == 1
        if single:
            ids_t = ids_t[None]
        with torch.inference_mode():
            out = self.forward(ids_t)
        return out[0] if single else out

    def prefill(self, ids: Sequence[int], cache: KVCache, cancel: CancelToken | None = None,
                chunk: int = PREFILL_CHUNK) -> torch.Tensor | None:
        """Run the prompt through the cache in chunks; the last position's logits [vocab], or None
        when cancelled part-way."""
        cache.reserve(cache.length + len(ids))
        logits = None
        for begin in range(0, len(ids), chunk):
            if cancel is not None and cancel.cancelled:
                return None
            part = torch.tensor([list(ids[begin:begin + chunk])], dtype=torch.long)
            with torch.inference_mode():
                logits = self.forward(part, cache, last_only=True)[0, -1]
        return logits

    def generate(self, prompt_ids: Sequence[int], sampling: SamplingSettings, cancel: CancelToken,
                 stop_ids: Sequence[int] = (3,), allowed: tuple[int, int] | None = None) -> Iterator[int]:
        """Stream new token ids one at a time with the KV cache.

        Ends at a stop id (not yielded), when prompt + output reaches `sampling.max_length`, or when
        `cancel` fires (checked before every token; generation then simply stops). `last_stop`
        tells which, and `last_seed` the seed that reproduces this take.
        """
        prompt = [int(i) for i in prompt_ids]
        if not prompt:
            raise ValueError("generate() needs at least one prompt id")
        bad = [i for i in prompt if not 0 <= i < self.config.vocab_size]
        if bad:
            raise ValueError(f"prompt id {bad[0]} is outside the vocabulary "
                             f"(0..{self.config.vocab_size - 1})")
        seed = sampling.seed if sampling.seed is not None else secrets.randbits(63)
        self.last_seed = seed
        sampler = Sampler(sampling, self.config.vocab_size, stop_ids=stop_ids, allowed=allowed, seed=seed)
        sampler.device_topk = self.device_sampling
        stops = {int(s) for s in stop_ids}
        history = list(prompt)
        self.last_stop = "max_length"
        if len(history) >= sampling.max_length:
            return
        static = self._static_decoder(sampling.max_length)
        if static is not None:
            static.reset()
            cache = static.cache
            self.last_decode_mode = static.mode
        else:
            cache = self.new_cache()
            cache.reserve(min(sampling.max_length, len(prompt) + CACHE_BLOCK))
            self.last_decode_mode = "eager"
        chunk = PREFILL_CHUNK
        reused = self.prefix.reusable(prompt, chunk)
        if reused:
            self.prefix.restore(cache, reused)
        self.last_reused = reused
        logits = self.prefill(prompt[reused:], cache, cancel, chunk=chunk)
        if logits is not None:
            self.prefix.save(cache, prompt, chunk)
        while True:
            if logits is None or cancel.cancelled:
                self.last_stop = "cancelled"
                return
            token = sampler.pick(logits, history)
            if token in stops:
                self.last_stop = "stop"
                return
            history.append(token)
            yield token
            if len(history) >= sampling.max_length:
                self.last_stop = "max_length"
                return
            if cancel.cancelled:
                self.last_stop = "cancelled"
                return
            if static is not None:
                logits = static.step(token, cache.length)
                cache.length += 1
                continue
            with torch.inference_mode():
                logits = self.forward(torch.tensor([[token]], dtype=torch.long), cache)[0, -1]

    def _static_decoder(self, max_length: int) -> StaticDecoder | None:
        """The fixed-capacity decoder for a take of up to `max_length` positions, or None for the
        growing cache. Kept between takes (capturing costs a few warm-up steps); rebuilt when too
        small, or more than twice too large (attention reads the whole capacity every step)."""
        from backends.step.llm.decode import StaticDecoder

        mode = self.decode_mode
        if mode == "auto":
            mode = "graph" if self.device.type == "cuda" else "eager"
        if mode == "eager":
            return None
        need = -(-max_length // CACHE_BLOCK) * CACHE_BLOCK
        current = self._static
        graph = mode == "graph"
        if isinstance(current, StaticDecoder) and need <= current.capacity <= 2 * need \
                and current.wants_graph == graph:
            return current
        self._static = None  # free the old cache and graph pool before making the new one
        if self.device.type == "cuda":
            torch.cuda.empty_cache()
        self._static = StaticDecoder(self, need, graph=graph)
        return self._static
