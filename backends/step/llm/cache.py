"""The key/value cache of the Step1 decoder: every layer's keys and values for the positions seen
so far, grown in blocks, or written at a device-side position by the fixed-capacity decode step
(`backends.step.llm.decode`). Apart from the model so the decode step needs no import of it."""

from __future__ import annotations

import torch

CACHE_BLOCK = 256  # the KV cache grows in steps of this many positions


class KVCache:
    """Keys and values of every layer for positions 0 .. length-1, grown in blocks."""

    def __init__(self, layers: int, batch: int, groups: int, head_dim: int, dtype: torch.dtype,
                 device: torch.device) -> None:
        self.layers, self.batch, self.groups, self.head_dim = layers, batch, groups, head_dim
        self.dtype, self.device = dtype, device
        self.length = 0
        self.capacity = 0
        self.keys: list[torch.Tensor] = []
        self.values: list[torch.Tensor] = []
        # Set by a fixed-capacity decode step (llm.decode): new keys go to this device-side position
        # and attention reads the whole capacity, so the step's shapes and addresses never change.
        self.position: torch.Tensor | None = None

    def reserve(self, total: int, *, zeroed: bool = False) -> None:
        """Room for `total` positions. `zeroed` for a cache whose unwritten slots attention will
        read (masked): stale garbage could hold NaN, and NaN times a zero weight is still NaN."""
        if total <= self.capacity:
            return
        capacity = -(-total // CACHE_BLOCK) * CACHE_BLOCK
        shape = (self.batch, self.groups, capacity, self.head_dim)
        make = torch.zeros if zeroed else torch.empty
        for store in (self.keys, self.values):
            for i in range(self.layers):
                grown = make(shape, dtype=self.dtype, device=self.device)
                if i < len(store):
                    grown[:, :, : self.length] = store[i][:, :, : self.length]
                    store[i] = grown
                else:
                    store.append(grown)
        self.capacity = capacity

    def write(self, layer: int, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Store the new positions (after `length`) and return all keys/values up to them."""
        if self.position is not None:
            self.keys[layer].index_copy_(2, self.position, k)
            self.values[layer].index_copy_(2, self.position, v)
            return self.keys[layer], self.values[layer]
        end = self.length + k.shape[2]
        self.keys[layer][:, :, self.length:end] = k
        self.values[layer][:, :, self.length:end] = v
        return self.keys[layer][:, :, :end], self.values[layer][:, :, :end]

    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in self.keys + self.values)


class PromptPrefix:
    """Keys and values of the last prompt's whole prefill chunks, for the next prompt that begins
    with the same ids: every sentence of a take repeats the system prompt and the voice prompt
    (about 1,000 tokens for TTS-3B, 111 s of prefill on two CPU cores), and an edit repeats its
    system prompt.

    Only whole chunks are kept and reused, so what is left is prefilled in exactly the chunks a
    full prefill would use: the logits are the same numbers, not merely close, and a seed still
    reproduces a take. One prompt is kept (a take's sentences share one prefix); a KV position
    costs 2 x layers x groups x head_dim values (64 KB in float32 for TTS-3B)."""

    def __init__(self) -> None:
        self.ids: tuple[int, ...] = ()
        self.keys: list[torch.Tensor] = []
        self.values: list[torch.Tensor] = []

    def reusable(self, prompt: list[int], chunk: int) -> int:
        """How many leading positions of `prompt` can be restored: whole chunks, and never the
        last id (its logits are what the prefill is for)."""
        limit = min(len(self.ids), len(prompt) - 1)
        same = 0
        while same < limit and self.ids[same] == prompt[same]:
            same += 1
        return same // chunk * chunk

    def restore(self, cache: KVCache, length: int) -> None:
        """Put the first `length` saved positions into an empty `cache` (in inference mode: a fixed-
        capacity decode cache is made of inference tensors, which only it may write)."""
        with torch.inference_mode():
            cache.reserve(length)
            for store, saved in ((cache.keys, self.keys), (cache.values, self.values)):
                for layer, tensor in enumerate(saved):
                    store[layer][:, :, :length] = tensor[:, :, :length]
        cache.length = length

    def save(self, cache: KVCache, prompt: list[int], chunk: int) -> None:
        """Keep the whole chunks of `prompt`, just prefilled into `cache`."""
        length = len(prompt) // chunk * chunk
        if prompt[:length] == list(self.ids):
            return  # already held
        self.clear()
        if length == 0:
            return
        self.keys = [k[:, :, :length].clone() for k in cache.keys]
        self.values = [v[:, :, :length].clone() for v in cache.values]
        self.ids = tuple(prompt[:length])

    def clear(self) -> None:
        self.ids, self.keys, self.values = (), [], []

    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in self.keys + self.values)
