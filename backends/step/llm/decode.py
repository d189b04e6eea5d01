"""The one-token decode step with fixed shapes, replayed as a CUDA graph on a GPU.

At batch 1 a decode step of Step1 is about 800 small kernels (32 layers of norms, projections,
attention, MLP) on 7 GB of weights. On a GPU the weights stream in under 2 ms, but launching the
kernels one by one from Python takes several times that, so eager decoding is bound by the CPU,
not the card. A CUDA graph records the step once and replays it with one launch. That needs every
shape and address fixed, so this step:

- attends over the cache's whole capacity, with the future masked by the bias (a zeroed cache, so
  the masked slots hold no NaN);
- takes its token and absolute position from small device tensors that are filled before each
  replay, and writes its keys/values at that position (`KVCache.position`);
- builds the sqrt-ALiBi row on the device from that position, with the same float32 arithmetic as
  `sqrt_alibi_bias`, so the bias is bit-identical to the eager path's.

On a CPU, or if capture fails, the same fixed-shape step runs eagerly (identical arithmetic). The
prompt still goes through the ordinary chunked prefill into the same cache.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import torch

from backends.step.llm.cache import CACHE_BLOCK, KVCache

if TYPE_CHECKING:
    from backends.step.llm.model import Step1LM

log = logging.getLogger(__name__)


class StaticDecoder:
    """A KV cache of fixed capacity plus the decode step over it (graphed on CUDA when `graph`)."""

    def __init__(self, lm: Step1LM, capacity: int, *, graph: bool) -> None:
        self.lm = lm
        device = lm.device
        self.cache: KVCache = lm.new_cache()
        with torch.inference_mode():
            self.cache.reserve(-(-capacity // CACHE_BLOCK) * CACHE_BLOCK, zeroed=True)
            self._token = torch.zeros((1, 1), dtype=torch.long, device=device)
            self._position = torch.zeros((1,), dtype=torch.long, device=device)
            self._key_positions = torch.arange(self.cache.capacity, device=device)
        self.capacity = self.cache.capacity
        self._graph: torch.cuda.CUDAGraph | None = None
        self._logits: torch.Tensor | None = None
        self.mode = "static-eager"
        self.wants_graph = graph
        if graph and device.type == "cuda":
            self._capture()

    def _step(self) -> torch.Tensor:
        """Logits [vocab] (float32) for `_token` at `_position`; the cache gets its keys/values."""
        lm = self.lm
        net = lm._require()
        distance = self._position - self._key_positions
        root = torch.sqrt(distance.clamp(min=0).float())
        bias = -(lm._slopes[:, None] * root[None])
        bias = bias.masked_fill((distance < 0)[None], float("-inf")).to(lm.dtype)
        bias = bias[None, :, None, :]  # [1, heads, 1, capacity]
        self.cache.position = self._position
        try:
            x = net.model.embed_tokens(self._token)
            for index, layer in enumerate(net.model.layers):
                x = layer(x, bias, self.cache, index)
        finally:
            self.cache.position = None
        return net.lm_head(net.model.norm(x)).float()[0, -1]

    def _capture(self) -> None:
        # Warm up on a side stream first (cuBLAS handles and workspaces are made outside the
        # capture), as torch's CUDA-graph notes require. The warm-up writes garbage keys at the
        # current position only; the first real step overwrites that slot before reading it.
        try:
            with torch.inference_mode():
                side = torch.cuda.Stream()
                side.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(side):
                    for _ in range(2):
                        self._step()
                torch.cuda.current_stream().wait_stream(side)
                graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(graph):
                    self._logits = self._step()
            self._graph = graph
            self.mode = "cuda-graph"
        except RuntimeError as exc:  # a kernel that cannot be captured: stay correct, just slower
            log.warning("Step1 decode: CUDA graph capture failed (%s); decoding without it", exc)
            self._graph = None
            self._logits = None
            torch.cuda.synchronize()

    def reset(self) -> None:
        """Start a new sequence. Old keys past the new prompt stay, masked by position."""
        self.cache.length = 0

    def step(self, token: int, position: int) -> torch.Tensor:
        """Logits [vocab] for `token` at absolute `position` (< capacity). On the graph path the
        result lives in a buffer the next step overwrites: read it before calling again."""
        if not 0 <= position < self.capacity:
            raise ValueError(f"position {position} is outside the decode cache (capacity {self.capacity})")
        with torch.inference_mode():
            self._token.fill_(int(token))
            self._position.fill_(int(position))
            if self._graph is not None:
                self._graph.replay()
                assert self._logits is not None
                return self._logits
            return self._step()

    def nbytes(self) -> int:
        return self.cache.nbytes()
