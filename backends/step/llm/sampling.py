"""Choosing the next token the way the reference TTS does, plus the knobs the studio exposes.

The reference samples with temperature 0.7 and transformers' default top-k 50, and adds one rule
against the loops users hear on long text: once the history (prompt included) is at least 10
tokens long, if the last token occurs more than once in the last 10, it may not come next.
On top of that an optional id range keeps the model on audio tokens (stop ids stay allowed).

Sampling runs on the CPU in float32 with its own `torch.Generator`, so a seed reproduces a take
whatever device computed the logits. On a GPU the masks, temperature and top-k run where the logits
are (float32 elementwise arithmetic is exact-rounded on both, so the scores are the same numbers)
and only the candidates cross to the CPU: a few hundred bytes instead of the 300 kB of a full
vocabulary, and no CPU-side top-k over 74,752 scores on every token. Candidates are put in one
canonical order (score, then id) on both paths, so the draw does not depend on how a device's
top-k orders equal scores; when ties reach past the k-th candidate the full path decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

AUDIO_FIRST = 65536
AUDIO_LAST = 70655
AUDIO_RANGE = (AUDIO_FIRST, AUDIO_LAST + 1)  # half-open, for `allowed`


@dataclass
class SamplingSettings:
    temperature: float = 0.7  # 0 means greedy
    top_k: int = 50  # 0 means off
    top_p: float = 1.0
    seed: int | None = None  # None: a fresh random seed, reported back as Step1LM.last_seed
    max_length: int = 8192  # prompt included, as in the reference
    repeat_window: int = 10  # 0 turns the repetition ban off
    repeat_ratio: float = 0.1  # banned when count(last in window) / window > ratio

    def validate(self) -> None:
        if self.temperature < 0:
            raise ValueError(f"temperature must be >= 0, not {self.temperature}")
        if self.top_k < 0:
            raise ValueError(f"top_k must be >= 0, not {self.top_k}")
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError(f"top_p must be in (0, 1], not {self.top_p}")
        if self.max_length < 1:
            raise ValueError(f"max_length must be positive, not {self.max_length}")
        if self.repeat_window < 0:
            raise ValueError(f"repeat_window must be >= 0, not {self.repeat_window}")


def repeated_token(history: Sequence[int], window: int, ratio: float) -> int | None:
    """The id the repetition rule bans next, or None."""
    if window <= 0 or len(history) < window:
        return None
    recent = history[-window:]
    last = recent[-1]
    return last if recent.count(last) / window > ratio else None


class Sampler:
    def __init__(self, settings: SamplingSettings, vocab_size: int, *, stop_ids: Sequence[int] = (),
                 allowed: tuple[int, int] | None = None, seed: int | None = None) -> None:
        settings.validate()
        self.settings = settings
        self.vocab_size = vocab_size
        self.seed = seed if seed is not None else settings.seed
        self.generator = torch.Generator(device="cpu")
        if self.seed is not None:
            self.generator.manual_seed(int(self.seed))
        else:
            self.seed = int(self.generator.seed())
        self.allowed_mask: torch.Tensor | None = None
        if allowed is not None:
            low, high = int(allowed[0]), int(allowed[1])
            if not 0 <= low < high <= vocab_size:
                raise ValueError(f"allowed range {allowed} does not fit the vocabulary of {vocab_size}")
            mask = torch.ones(vocab_size, dtype=torch.bool)
            mask[low:high] = False
            for stop in stop_ids:
                if 0 <= int(stop) < vocab_size:
                    mask[int(stop)] = False
            self.allowed_mask = mask  # True where a token is forbidden
        self._device_masks: dict[torch.device, torch.Tensor] = {}
        self.device_topk = True  # may the top-k run on the logits' device (see the module docstring)
        self.last_path = ""  # "device" or "cpu": which path chose the candidates of the last pick

    def _masked(self, logits: torch.Tensor, history: Sequence[int]) -> torch.Tensor:
        """Float32 CPU scores with the allowed range and the repetition ban applied, temperature-scaled."""
        s = self.settings
        scores = logits.detach().to(device="cpu", dtype=torch.float32).reshape(-1).clone()
        if self.allowed_mask is not None:
            scores.masked_fill_(self.allowed_mask, float("-inf"))
        banned = repeated_token(history, s.repeat_window, s.repeat_ratio)
        if banned is not None and 0 <= banned < scores.numel():
            kept = scores[banned].item()
            scores[banned] = float("-inf")
            if not torch.isfinite(scores).any():  # never ban the only candidate left
                scores[banned] = kept
        if s.temperature > 0:
            scores /= s.temperature
        return scores

    def _candidates(self, scores: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(scores, ids) of the tokens that survive top-k and top-p, best first."""
        s = self.settings
        k = s.top_k if 0 < s.top_k < scores.numel() else scores.numel()
        values, ids = torch.topk(scores, k)
        if k < scores.numel():
            # Like transformers: every token tied with the k-th best survives too.
            ties = (scores == values[-1]).nonzero().reshape(-1)
            extra = ties[~torch.isin(ties, ids)]
            if extra.numel():
                ids = torch.cat([ids, extra])
                values = torch.cat([values, scores[extra]])
        return self._nucleus(values, ids)

    def _nucleus(self, values: torch.Tensor, ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Canonical order (score descending, id ascending), then the finite ones within top-p."""
        by_id = torch.argsort(ids)
        values, ids = values[by_id], ids[by_id]
        order = torch.sort(values, descending=True, stable=True).indices
        values, ids = values[order], ids[order]
        keep = torch.isfinite(values)
        keep[0] = True
        values, ids = values[keep], ids[keep]
        if self.settings.top_p < 1.0:
            probs = torch.softmax(values, dim=-1)
            before = torch.cumsum(probs, dim=-1) - probs  # mass of the strictly better tokens
            keep = before < self.settings.top_p
            keep[0] = True
            values, ids = values[keep], ids[keep]
        return values, ids

    _SPARE = 8  # candidates past k fetched from the device, to see whether ties spill over

    def _device_candidates(self, logits: torch.Tensor,
                           history: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor] | None:
        """The same candidates as `_candidates(_masked(...))`, worked out on the logits' device;
        None when the k-th score is tied past what was fetched (the full path then decides)."""
        s = self.settings
        scores = logits.detach().reshape(-1).to(dtype=torch.float32, copy=True)
        if self.allowed_mask is not None:
            mask = self._device_masks.get(scores.device)
            if mask is None:
                mask = self._device_masks[scores.device] = self.allowed_mask.to(scores.device)
            scores.masked_fill_(mask, float("-inf"))
        banned = repeated_token(history, s.repeat_window, s.repeat_ratio)
        if banned is not None and 0 <= banned < scores.numel():
            kept = scores[banned].clone()
            scores[banned] = float("-inf")
            # Never ban the only candidate left, decided on the device (no sync).
            scores[banned] = torch.where(torch.isfinite(scores).any(), scores[banned], kept)
        scores /= s.temperature
        fetch = min(s.top_k + self._SPARE, scores.numel())
        values, ids = torch.topk(scores, fetch)
        # One copy to the host: ids travel as float32, exact below 2**24 (the vocabulary is 74,752).
        both = torch.cat([values, ids.to(torch.float32)]).cpu()
        values, ids = both[:fetch], both[fetch:].to(torch.long)
        k = s.top_k
        if fetch > k and values[k] == values[k - 1]:
            return None
        return self._nucleus(values[:k], ids[:k])

    def scores(self, logits: torch.Tensor, history: Sequence[int]) -> torch.Tensor:
        """The full-vocabulary scores the draw uses: -inf wherever a token cannot be drawn."""
        scores = self._masked(logits, history)
        values, ids = self._candidates(scores)
        out = torch.full_like(scores, float("-inf"))
        out[ids] = values
        return out

    @staticmethod
    def _on_device(logits: torch.Tensor) -> bool:
        return logits.device.type != "cpu"

    def pick(self, logits: torch.Tensor, history: Sequence[int]) -> int:
        s = self.settings
        found = None
        if (self.device_topk and self._on_device(logits) and s.temperature > 0
                and 0 < s.top_k < min(logits.numel(), 4096)):
            found = self._device_candidates(logits, history)
        if found is not None:
            self.last_path = "device"
            values, ids = found
        else:
            self.last_path = "cpu"
            scores = self._masked(logits, history)
            if s.temperature == 0:
                return int(torch.argmax(scores))
            values, ids = self._candidates(scores)
        choice = torch.multinomial(torch.softmax(values, dim=-1), 1, generator=self.generator)
        return int(ids[choice])
